(function () {
  'use strict';

  // Every piece of report data reaches the page through textContent or
  // setAttribute on elements built here; nothing is ever parsed as HTML.

  var PAGE_SIZE = 50;
  var SNIPPET_CHARS = 240;

  function byId(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, String(attrs[k]));
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // serde_json writes NaN and infinities as null.
  function num(x) {
    return typeof x === 'number' && isFinite(x) ? x : 0;
  }

  function unit(x) {
    return Math.max(0, Math.min(1, num(x)));
  }

  var intFormat = new Intl.NumberFormat('en-US');
  function fmtInt(n) {
    return intFormat.format(n);
  }

  function fmtScore(x) {
    return typeof x === 'number' && isFinite(x) ? x.toFixed(2) : '–';
  }

  function fmtShare(part, whole) {
    if (!whole) return '0%';
    var pct = (100 * part) / whole;
    return (pct < 10 && pct > 0 ? pct.toFixed(1) : Math.round(pct)) + '%';
  }

  function fmtContribution(x) {
    var v = num(x);
    return (v >= 0 ? '+' : '−') + Math.abs(v).toFixed(2);
  }

  // 'fam-x' only sets the family colour; 'fam' draws it as a chip.
  function familyColour(family) {
    return FAMILIES.indexOf(family) >= 0 ? 'fam-' + family : 'fam-other';
  }

  function familyClass(family) {
    return 'fam ' + familyColour(family);
  }

  function scoreBadge(score, flagged) {
    var badge = el('span', flagged ? 'badge hot' : 'badge', fmtScore(score));
    badge.style.setProperty('--s', unit(score));
    return badge;
  }

  // Same rule as the Rust summary: largest contribution, first one on a tie,
  // and a missing (NaN) contribution never wins.
  function topReason(reasons) {
    var best = null;
    for (var i = 0; i < reasons.length; i++) {
      var c = reasons[i].contribution;
      if (typeof c !== 'number') continue;
      if (!best || c > best.contribution) best = reasons[i];
    }
    return best;
  }

  var data = JSON.parse(byId('seam-data').textContent);
  var summary = JSON.parse(byId('seam-summary').textContent);
  // The reason families, from the Rust code's one list (features::FeatureFamily::ALL).
  var FAMILIES = summary.family_names;
  var docs = data.documents;
  var threshold = num(data.threshold);

  // Risk order is fixed for the life of the page; filters only thin it out.
  var order = docs.map(function (_, i) {
    return i;
  });
  order.sort(function (a, b) {
    var da = docs[a];
    var db = docs[b];
    return (
      num(db.max_score) - num(da.max_score) ||
      db.flagged - da.flagged ||
      (da.id < db.id ? -1 : da.id > db.id ? 1 : 0)
    );
  });

  var state = {
    query: '',
    flaggedOnly: false,
    minScore: 0,
    page: 0,
    sel: 0, // index into view
    expanded: new Set(),
    view: order,
  };

  // ---------------------------------------------------------------- summary

  function stat(label, value, note, extraClass) {
    var card = el('div', 'stat' + (extraClass ? ' ' + extraClass : ''));
    card.appendChild(el('div', 'stat-value', value));
    card.appendChild(el('div', 'stat-label', label));
    if (note) card.appendChild(el('div', 'stat-note', note));
    return card;
  }

  function renderStats() {
    var stats = byId('stats');
    stats.appendChild(stat('documents', fmtInt(summary.documents)));
    stats.appendChild(stat('paragraphs', fmtInt(summary.paragraphs)));
    stats.appendChild(
      stat(
        'flagged paragraphs',
        fmtInt(summary.flagged_paragraphs),
        fmtShare(summary.flagged_paragraphs, summary.paragraphs) + ' of paragraphs',
        summary.flagged_paragraphs ? 'warn' : ''
      )
    );
    stats.appendChild(
      stat(
        'documents with a flag',
        fmtInt(summary.documents_flagged),
        fmtShare(summary.documents_flagged, summary.documents) + ' of documents',
        summary.documents_flagged ? 'warn' : ''
      )
    );
    var failed = stat('failed documents', fmtInt(summary.failed), summary.failed ? 'see list below' : 'none', summary.failed ? 'bad' : '');
    stats.appendChild(failed);
  }

  function renderHistogram() {
    var bins = summary.histogram;
    var max = Math.max.apply(null, bins.concat([1]));
    var W = 320;
    var H = 150;
    var left = 8;
    var top = 16;
    var plotW = W - 2 * left;
    var plotH = 104;
    var slot = plotW / bins.length;
    var chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'hist', role: 'img' });
    chart.appendChild(svg('title')).textContent =
      'Histogram of paragraph scores in ' + bins.length + ' bins';
    chart.appendChild(svg('line', { x1: left, x2: W - left, y1: top + plotH, y2: top + plotH, class: 'axis' }));
    bins.forEach(function (count, i) {
      var lo = i / bins.length;
      var h = count ? Math.max(2, (count / max) * plotH) : 0;
      var x = left + i * slot + 2;
      var bar = svg('rect', {
        x: x,
        y: top + plotH - h,
        width: slot - 4,
        height: h,
        rx: 1.5,
        class: lo + 1e-9 >= threshold ? 'bar hot' : 'bar',
      });
      bar.appendChild(svg('title')).textContent =
        lo.toFixed(1) + '–' + (lo + 1 / bins.length).toFixed(1) + ': ' + fmtInt(count) + ' paragraphs';
      chart.appendChild(bar);
      var label = svg('text', { x: x + (slot - 4) / 2, y: top + plotH - h - 3, class: 'bar-count' });
      label.textContent = count ? compact(count) : '';
      chart.appendChild(label);
    });
    [0, 0.5, 1].forEach(function (v) {
      var t = svg('text', { x: left + v * plotW, y: H - 14, class: 'tick' });
      t.textContent = String(v);
      chart.appendChild(t);
    });
    var tx = left + unit(threshold) * plotW;
    chart.appendChild(svg('line', { x1: tx, x2: tx, y1: top - 6, y2: top + plotH + 4, class: 'threshold' }));
    var tl = svg('text', { x: tx, y: H - 2, class: 'tick threshold-label' });
    tl.textContent = 'threshold ' + fmtScore(threshold);
    chart.appendChild(tl);
    byId('histogram').appendChild(chart);
  }

  function compact(n) {
    if (n < 1000) return String(n);
    if (n < 1e6) return (n / 1000).toFixed(n < 1e4 ? 1 : 0) + 'k';
    return (n / 1e6).toFixed(1) + 'M';
  }

  function renderFamilies() {
    var list = byId('families');
    var max = Math.max.apply(
      null,
      summary.families.map(function (f) {
        return f.count;
      }).concat([1])
    );
    summary.families.forEach(function (f) {
      var row = el('li', f.count ? 'bar-row' : 'bar-row zero');
      row.appendChild(el('span', familyClass(f.name), f.name));
      var track = el('span', 'track');
      var fill = el('span', 'fill ' + familyColour(f.name));
      fill.style.width = (100 * f.count) / max + '%';
      track.appendChild(fill);
      row.appendChild(track);
      row.appendChild(el('span', 'num', fmtInt(f.count)));
      row.appendChild(el('span', 'num muted', fmtShare(f.count, summary.flagged_paragraphs)));
      list.appendChild(row);
    });
  }

  function renderPhrases() {
    var list = byId('phrases');
    if (!summary.phrases.length) {
      list.appendChild(el('li', 'empty', 'no flagged text'));
      return;
    }
    summary.phrases.forEach(function (p) {
      var item = el('li');
      var link = el('button', 'phrase', p.name);
      link.type = 'button';
      link.title = 'Search the queue for this phrase';
      link.addEventListener('click', function () {
        var input = byId('search');
        input.value = p.name;
        setQuery(p.name);
        input.focus();
      });
      item.appendChild(link);
      item.appendChild(el('span', 'num', fmtInt(p.count)));
      list.appendChild(item);
    });
  }

  function renderErrors() {
    var errors = data.errors;
    if (!errors.length) return;
    var box = byId('errors');
    box.hidden = false;
    box.open = errors.length <= 10;
    byId('error-count').textContent = fmtInt(errors.length);
    var body = byId('error-rows');
    errors.forEach(function (e) {
      var tr = el('tr');
      tr.appendChild(el('td', 'mono', e.source));
      tr.appendChild(el('td', '', e.message));
      body.appendChild(tr);
    });
  }

  // ------------------------------------------------------------------ queue

  var searchCache = { query: null, hits: null };

  function queryRegex(q) {
    return new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }

  // Text search is the one scan over every paragraph, so its result is kept
  // per query and the cheap filters (slider, toggle) reuse it.
  function searchHits(q) {
    if (searchCache.query === q) return searchCache.hits;
    var re = queryRegex(q);
    var hits = new Uint8Array(docs.length);
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i];
      if (re.test(d.id)) {
        hits[i] = 1;
        continue;
      }
      for (var j = 0; j < d.paragraphs.length; j++) {
        if (re.test(d.paragraphs[j].text)) {
          hits[i] = 1;
          break;
        }
      }
    }
    searchCache = { query: q, hits: hits };
    return hits;
  }

  function applyFilters() {
    var hits = state.query ? searchHits(state.query) : null;
    state.view = order.filter(function (i) {
      var d = docs[i];
      if (state.flaggedOnly && !(d.flagged > 0)) return false;
      if (num(d.max_score) < state.minScore) return false;
      return !hits || hits[i] === 1;
    });
    state.page = 0;
    state.sel = 0;
    renderQueue();
  }

  function pageCount() {
    return Math.max(1, Math.ceil(state.view.length / PAGE_SIZE));
  }

  // Per-document facts for the row, computed only when a row is drawn.
  var docInfoCache = new Map();
  function docInfo(i) {
    var cached = docInfoCache.get(i);
    if (cached) return cached;
    var d = docs[i];
    var top = null;
    var families = [];
    var flaggedCount = 0;
    d.paragraphs.forEach(function (p) {
      if (!top || num(p.score) > num(top.score)) top = p;
      if (!p.flagged) return;
      flaggedCount++;
      var r = topReason(p.reasons);
      var fam = r ? r.family : null;
      if (fam && families.indexOf(fam) < 0) families.push(fam);
    });
    var info = { top: top, families: families, flaggedParas: flaggedCount };
    docInfoCache.set(i, info);
    return info;
  }

  function appendMarked(parent, text, re) {
    if (!re) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    var global = new RegExp(re.source, 'gi');
    var last = 0;
    var m;
    while ((m = global.exec(text)) !== null) {
      if (!m[0].length) break;
      parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      parent.appendChild(el('mark', '', m[0]));
      last = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function snippet(i, re) {
    var d = docs[i];
    var para = docInfo(i).top;
    var start = 0;
    if (re) {
      for (var j = 0; j < d.paragraphs.length; j++) {
        var m = re.exec(d.paragraphs[j].text);
        if (m) {
          para = d.paragraphs[j];
          start = Math.max(0, m.index - 60);
          break;
        }
      }
    }
    if (!para) return { text: '(empty document)', para: null };
    var text = para.text.slice(start, start + SNIPPET_CHARS);
    if (start > 0) text = '…' + text;
    return { text: text.replace(/\s+/g, ' '), para: para };
  }

  function renderRow(i, rank, re) {
    var d = docs[i];
    var info = docInfo(i);
    var open = state.expanded.has(d.id);
    var li = el('li', 'doc' + (open ? ' open' : '') + (d.flagged > 0 ? ' has-flag' : ''));
    li.dataset.doc = d.id;
    li.dataset.index = String(i);

    var head = el('div', 'row');
    head.setAttribute('role', 'button');
    head.tabIndex = -1;
    head.setAttribute('aria-expanded', open ? 'true' : 'false');
    head.appendChild(el('span', 'rank', rank));
    head.appendChild(scoreBadge(d.max_score, d.flagged > 0));
    var id = el('span', 'doc-id', d.id);
    id.title = d.id;
    head.appendChild(id);
    head.appendChild(
      el('span', 'counts' + (d.flagged > 0 ? ' hot' : ''), d.flagged + ' / ' + d.paragraphs.length)
    );
    var chips = el('span', 'chips');
    info.families.forEach(function (f) {
      chips.appendChild(el('span', familyClass(f), f));
    });
    head.appendChild(chips);
    var snip = snippet(i, re);
    var snipEl = el('span', 'snippet');
    appendMarked(snipEl, snip.text, re);
    head.appendChild(snipEl);
    head.addEventListener('click', function () {
      state.sel = state.view.indexOf(i);
      toggle(li, i);
      markSelection(false);
    });
    li.appendChild(head);
    if (open) li.appendChild(renderDocBody(i, re));
    return li;
  }

  function renderReason(r, maxAbs) {
    var li = el('li', 'reason');
    li.appendChild(el('span', familyClass(r.family), r.family));
    li.appendChild(el('span', 'feat', r.feature));
    li.appendChild(el('span', 'detail', r.detail));
    var bar = el('span', 'cbar');
    var fill = el('span', num(r.contribution) >= 0 ? 'cfill' : 'cfill neg');
    fill.style.width = (100 * Math.abs(num(r.contribution))) / maxAbs + '%';
    bar.appendChild(fill);
    li.appendChild(bar);
    li.appendChild(el('span', 'contrib', fmtContribution(r.contribution)));
    return li;
  }

  function renderParagraph(p, re) {
    var box = el('div', p.flagged ? 'para hl' : 'para ctx');
    box.style.setProperty('--s', unit(p.score));
    var gutter = el('div', 'gutter');
    gutter.appendChild(el('span', 'pidx', '¶ ' + p.index));
    gutter.appendChild(scoreBadge(p.score, p.flagged));
    box.appendChild(gutter);
    var body = el('div', 'pbody');
    var text = el('p', 'ptext');
    appendMarked(text, p.text, re);
    body.appendChild(text);
    if (p.flagged && p.reasons.length) {
      var reasons = p.reasons.slice().sort(function (a, b) {
        return num(b.contribution) - num(a.contribution);
      });
      var maxAbs = Math.max.apply(
        null,
        reasons.map(function (r) {
          return Math.abs(num(r.contribution));
        }).concat([1e-9])
      );
      var list = el('ul', 'reasons');
      reasons.forEach(function (r) {
        list.appendChild(renderReason(r, maxAbs));
      });
      body.appendChild(list);
    }
    box.appendChild(body);
    return box;
  }

  function renderDocBody(i, re) {
    var d = docs[i];
    var body = el('div', 'doc-body');
    var meta = el('div', 'doc-meta');
    meta.appendChild(el('span', 'mono', d.id));
    meta.appendChild(
      el(
        'span',
        'muted',
        fmtInt(d.paragraphs.length) + ' paragraphs · ' + d.flagged + ' flagged · max ' + fmtScore(d.max_score)
      )
    );
    body.appendChild(meta);
    if (!d.paragraphs.length) body.appendChild(el('p', 'empty', 'This document has no paragraphs.'));
    d.paragraphs.forEach(function (p) {
      body.appendChild(renderParagraph(p, re));
    });
    return body;
  }

  function currentRegex() {
    return state.query ? queryRegex(state.query) : null;
  }

  function toggle(li, i) {
    var d = docs[i];
    var head = li.firstChild;
    if (state.expanded.has(d.id)) {
      state.expanded.delete(d.id);
      li.classList.remove('open');
      head.setAttribute('aria-expanded', 'false');
      if (li.lastChild !== head) li.removeChild(li.lastChild);
    } else {
      state.expanded.add(d.id);
      li.classList.add('open');
      head.setAttribute('aria-expanded', 'true');
      li.appendChild(renderDocBody(i, currentRegex()));
    }
  }

  function renderQueue() {
    var queue = byId('queue');
    clear(queue);
    var total = state.view.length;
    var pages = pageCount();
    state.page = Math.max(0, Math.min(state.page, pages - 1));
    var from = state.page * PAGE_SIZE;
    var to = Math.min(total, from + PAGE_SIZE);
    var re = currentRegex();
    for (var k = from; k < to; k++) {
      queue.appendChild(renderRow(state.view[k], k + 1, re));
    }
    if (!total) queue.appendChild(el('li', 'empty', 'No documents match these filters.'));

    var countText = total
      ? fmtInt(from + 1) + '–' + fmtInt(to) + ' of ' + fmtInt(total)
      : '0 documents';
    if (total !== docs.length) countText += ' (of ' + fmtInt(docs.length) + ')';
    byId('result-count').textContent = countText;
    var label = 'page ' + fmtInt(state.page + 1) + ' / ' + fmtInt(pages);
    byId('page-label').textContent = label;
    byId('page-label-2').textContent = label;
    ['prev-page', 'prev-page-2'].forEach(function (id) {
      byId(id).disabled = state.page === 0;
    });
    ['next-page', 'next-page-2'].forEach(function (id) {
      byId(id).disabled = state.page >= pages - 1;
    });
    markSelection(false);
  }

  function rowAt(sel) {
    var queue = byId('queue');
    var local = sel - state.page * PAGE_SIZE;
    var row = queue.children[local];
    return row && row.classList.contains('doc') ? row : null;
  }

  function markSelection(scroll) {
    var prev = byId('queue').querySelector('.doc.sel');
    if (prev) prev.classList.remove('sel');
    var row = rowAt(state.sel);
    if (!row) return;
    row.classList.add('sel');
    if (scroll) row.scrollIntoView({ block: 'nearest' });
  }

  function goPage(page, selectFirst) {
    var pages = pageCount();
    if (page < 0 || page >= pages) return;
    state.page = page;
    if (selectFirst) state.sel = page * PAGE_SIZE;
    renderQueue();
    byId('queue').scrollIntoView({ block: 'start' });
  }

  function moveSelection(delta) {
    if (!state.view.length) return;
    var next = Math.max(0, Math.min(state.view.length - 1, state.sel + delta));
    state.sel = next;
    var page = Math.floor(next / PAGE_SIZE);
    if (page !== state.page) {
      state.page = page;
      renderQueue();
    }
    markSelection(true);
  }

  function toggleSelected() {
    var row = rowAt(state.sel);
    if (!row) return;
    toggle(row, Number(row.dataset.index));
    row.scrollIntoView({ block: 'nearest' });
  }

  // --------------------------------------------------------------- controls

  var searchTimer = 0;
  function setQuery(q) {
    clearTimeout(searchTimer);
    state.query = q.trim();
    applyFilters();
  }

  function setFlaggedOnly(on) {
    state.flaggedOnly = on;
    byId('show-all').setAttribute('aria-pressed', on ? 'false' : 'true');
    byId('show-flagged').setAttribute('aria-pressed', on ? 'true' : 'false');
    applyFilters();
  }

  function wireControls() {
    var search = byId('search');
    search.addEventListener('input', function () {
      clearTimeout(searchTimer);
      // Debounced: one scan of every paragraph per pause in typing, not per key.
      searchTimer = setTimeout(function () {
        setQuery(search.value);
      }, 180);
    });
    search.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') setQuery(search.value);
    });

    byId('show-all').addEventListener('click', function () {
      setFlaggedOnly(false);
    });
    byId('show-flagged').addEventListener('click', function () {
      setFlaggedOnly(true);
    });

    var slider = byId('min-score');
    var maxScore = docs.reduce(function (m, d) {
      return Math.max(m, num(d.max_score));
    }, 1);
    slider.max = String(Math.ceil(maxScore * 100) / 100);
    slider.addEventListener('input', function () {
      state.minScore = Number(slider.value);
      byId('min-score-value').textContent = state.minScore.toFixed(2);
      applyFilters();
    });

    [
      ['prev-page', -1],
      ['prev-page-2', -1],
      ['next-page', 1],
      ['next-page-2', 1],
    ].forEach(function (pair) {
      byId(pair[0]).addEventListener('click', function () {
        goPage(state.page + pair[1], true);
      });
    });

    document.addEventListener('keydown', function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var t = e.target;
      var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
      if (typing) {
        if (e.key === 'Escape') t.blur();
        return;
      }
      if (t && t.tagName === 'BUTTON' && (e.key === 'Enter' || e.key === ' ')) return;
      switch (e.key) {
        case 'j':
          moveSelection(1);
          break;
        case 'k':
          moveSelection(-1);
          break;
        case 'o':
        case 'Enter':
          toggleSelected();
          break;
        case 'l':
          goPage(state.page + 1, true);
          break;
        case 'h':
          goPage(state.page - 1, true);
          break;
        case '/':
          search.focus();
          search.select();
          break;
        default:
          return;
      }
      e.preventDefault();
    });

    window.addEventListener('hashchange', function () {
      focusFromHash(true);
    });
  }

  // "#expand=ID" opens that document (for links from other tools and for
  // tests); without it the riskiest document starts open.
  function hashTarget() {
    var m = /^#expand=(.*)$/.exec(window.location.hash);
    if (!m) return null;
    try {
      return decodeURIComponent(m[1]);
    } catch (_) {
      return m[1];
    }
  }

  function resetFilters() {
    byId('search').value = '';
    byId('min-score').value = '0';
    byId('min-score-value').textContent = '0.00';
    state.query = '';
    state.minScore = 0;
    state.flaggedOnly = false;
    byId('show-all').setAttribute('aria-pressed', 'true');
    byId('show-flagged').setAttribute('aria-pressed', 'false');
    state.view = order;
  }

  function focusFromHash(fromEvent) {
    var id = hashTarget();
    var pos = -1;
    var found = false;
    // A link to a document must show it even if the filters hide it.
    if (id !== null && state.view.length !== docs.length) {
      var exists = docs.some(function (d) {
        return d.id === id;
      });
      if (exists) resetFilters();
    }
    if (id !== null) {
      for (var k = 0; k < state.view.length; k++) {
        if (docs[state.view[k]].id === id) {
          pos = k;
          break;
        }
      }
    }
    if (pos < 0) {
      if (fromEvent || !state.view.length) return;
      state.expanded.add(docs[state.view[0]].id);
      pos = 0;
    } else {
      state.expanded.add(id);
      found = true;
    }
    state.sel = pos;
    state.page = Math.floor(pos / PAGE_SIZE);
    renderQueue();
    if (found) {
      var row = rowAt(pos);
      if (row) row.scrollIntoView({ block: 'start' });
    }
  }

  renderStats();
  renderHistogram();
  renderFamilies();
  renderPhrases();
  renderErrors();
  wireControls();
  focusFromHash(false);
})();
