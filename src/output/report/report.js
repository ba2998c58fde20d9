(function () {
  'use strict';

  // Every piece of report data reaches the page through textContent or
  // setAttribute on elements built here; nothing is ever parsed as HTML.

  var PAGE_SIZE = 50;
  var SNIPPET_CHARS = 240;
  var HISTORY_KEPT = 500;

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

  function plural(n, one, many) {
    return fmtInt(n) + ' ' + (n === 1 ? one : many);
  }

  // 'fam-x' only sets the family colour; 'fam' draws it as a chip.
  function familyColour(family) {
    return FAMILIES.indexOf(family) >= 0 ? 'fam-' + family : 'fam-other';
  }

  function familyClass(family) {
    return 'fam ' + familyColour(family);
  }

  // Categories are coloured by their place in the Rust list (output::report::Category::ALL).
  function categoryClass(name) {
    var i = CATEGORY_NAMES.indexOf(name);
    return 'fam cat-' + (i >= 0 ? i : 'x');
  }

  function categoryChip(name) {
    var chip = el('span', categoryClass(name), name);
    var i = CATEGORY_NAMES.indexOf(name);
    if (i >= 0) chip.title = summary.categories[i].description;
    return chip;
  }

  function scoreBadge(score, flagged) {
    var badge = el('span', flagged ? 'badge hot' : 'badge', fmtScore(score));
    badge.style.setProperty('--s', unit(score));
    return badge;
  }

  var data = JSON.parse(byId('seam-data').textContent);
  var summary = JSON.parse(byId('seam-summary').textContent);
  // The reason families and the problem categories, from the Rust code's one list of each.
  var FAMILIES = summary.family_names;
  var CATEGORY_NAMES = summary.categories.map(function (c) {
    return c.name;
  });
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
    show: 'all', // all | flagged | unreviewed | reviewed
    minScore: 0,
    page: 0,
    sel: 0, // index into view
    expanded: new Set(),
    view: order,
    focus: null, // {doc, para}: document index and paragraph position in it
  };

  // --------------------------------------------------------------- decisions

  // A decision is keyed "document index:paragraph index" and is 1 (does not
  // belong) or 0 (belongs). They live in localStorage under the report's
  // identity (a hash of its data, computed when it was written), so a reload
  // keeps them and another report's do not mix in.
  var STORE_KEY = 'seam-review:' + summary.identity;
  var decisions = new Map();
  var history = []; // [key, label before, label after]; undefined = no decision
  var totalFlags = 0;
  docs.forEach(function (d) {
    d.paragraphs.forEach(function (p) {
      if (p.flagged) totalFlags++;
    });
  });

  function key(di, p) {
    return di + ':' + p.index;
  }

  function validKey(k) {
    var m = /^(\d+):(\d+)$/.exec(k);
    if (!m) return false;
    var d = docs[Number(m[1])];
    if (!d) return false;
    var index = Number(m[2]);
    return d.paragraphs.some(function (p) {
      return p.index === index;
    });
  }

  function validLabel(v) {
    return v === 0 || v === 1 || v === undefined;
  }

  function loadDecisions() {
    var saved = null;
    try {
      saved = JSON.parse(window.localStorage.getItem(STORE_KEY) || 'null');
    } catch (_) {
      saved = null;
    }
    if (!saved || typeof saved !== 'object') return;
    var stored = saved.decisions && typeof saved.decisions === 'object' ? saved.decisions : {};
    Object.keys(stored).forEach(function (k) {
      if (validKey(k) && (stored[k] === 0 || stored[k] === 1)) decisions.set(k, stored[k]);
    });
    if (Array.isArray(saved.history)) {
      saved.history.forEach(function (h) {
        if (Array.isArray(h) && validKey(h[0])) {
          var before = h[1] === null ? undefined : h[1];
          var after = h[2] === null ? undefined : h[2];
          if (validLabel(before) && validLabel(after)) history.push([h[0], before, after]);
        }
      });
    }
  }

  function saveDecisions() {
    var out = {};
    decisions.forEach(function (v, k) {
      out[k] = v;
    });
    var kept = history.slice(-HISTORY_KEPT).map(function (h) {
      return [h[0], h[1] === undefined ? null : h[1], h[2] === undefined ? null : h[2]];
    });
    try {
      if (decisions.size || kept.length) {
        window.localStorage.setItem(STORE_KEY, JSON.stringify({ v: 1, decisions: out, history: kept }));
      } else {
        window.localStorage.removeItem(STORE_KEY);
      }
    } catch (_) {
      setStatus('Decisions could not be saved in this browser (storage full or disabled); export them before closing.');
    }
  }

  function decisionOf(di, p) {
    return decisions.get(key(di, p));
  }

  function setDecision(di, p, label) {
    var k = key(di, p);
    var before = decisions.get(k);
    if (before === label) return;
    if (label === undefined) decisions.delete(k);
    else decisions.set(k, label);
    history.push([k, before, label]);
    saveDecisions();
    refreshDecision(di, p);
  }

  function undo() {
    var last = history.pop();
    if (!last) {
      setStatus('Nothing to undo.');
      return;
    }
    var parts = last[0].split(':');
    var di = Number(parts[0]);
    var index = Number(parts[1]);
    if (last[1] === undefined) decisions.delete(last[0]);
    else decisions.set(last[0], last[1]);
    saveDecisions();
    var pi = -1;
    docs[di].paragraphs.forEach(function (p, i) {
      if (p.index === index) pi = i;
    });
    if (pi >= 0) {
      refreshDecision(di, docs[di].paragraphs[pi]);
      focusParagraph(di, pi);
    }
    setStatus('Undone.');
  }

  function docReviewState(di) {
    var d = docs[di];
    var flags = 0;
    var decided = 0;
    var any = false;
    d.paragraphs.forEach(function (p) {
      var v = decisionOf(di, p);
      if (v !== undefined) any = true;
      if (!p.flagged) return;
      flags++;
      if (v !== undefined) decided++;
    });
    return { flags: flags, decided: decided, any: any };
  }

  function renderCounter() {
    var reviewed = 0;
    var others = 0;
    decisions.forEach(function (_, k) {
      var parts = k.split(':');
      var d = docs[Number(parts[0])];
      var index = Number(parts[1]);
      var flagged = d.paragraphs.some(function (p) {
        return p.index === index && p.flagged;
      });
      if (flagged) reviewed++;
      else others++;
    });
    var text = 'reviewed ' + fmtInt(reviewed) + ' of ' + plural(totalFlags, 'flag', 'flags');
    if (others) text += ' · ' + plural(others, 'other paragraph', 'other paragraphs') + ' marked';
    byId('review-count').textContent = text;
  }

  var statusTimer = 0;
  function setStatus(text) {
    var status = byId('review-status');
    status.textContent = text;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () {
      status.textContent = '';
    }, 6000);
  }

  // The paragraph's element, if its document is on screen.
  function paraElement(di, pi) {
    var row = byId('queue').querySelector('li.doc[data-index="' + di + '"]');
    return row ? row.querySelector('.para[data-para="' + pi + '"]') : null;
  }

  function refreshDecision(di, p) {
    var pi = docs[di].paragraphs.indexOf(p);
    var box = paraElement(di, pi);
    if (box) paintDecision(box, decisionOf(di, p));
    var row = byId('queue').querySelector('li.doc[data-index="' + di + '"]');
    if (row) paintRowReview(row, di);
    renderCounter();
  }

  function paintDecision(box, label) {
    box.classList.toggle('dec-1', label === 1);
    box.classList.toggle('dec-0', label === 0);
    var verdict = box.querySelector('.verdict');
    if (verdict) verdict.textContent = label === 1 ? 'does not belong' : label === 0 ? 'belongs' : '';
    box.querySelectorAll('button[data-label]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(Number(b.dataset.label) === label));
    });
  }

  function paintRowReview(row, di) {
    var r = docReviewState(di);
    var mark = row.querySelector('.rv');
    var done = r.flags > 0 && r.decided === r.flags;
    row.classList.toggle('reviewed', done);
    if (!mark) return;
    mark.textContent = done ? '✓' : r.decided || r.any ? '◐' : '';
    mark.title = r.flags ? r.decided + ' of ' + r.flags + ' flags reviewed' : r.any ? 'marked' : '';
  }

  function exportDecisions() {
    var lines = [];
    docs.forEach(function (d, di) {
      var decided = d.paragraphs.some(function (p) {
        return decisionOf(di, p) !== undefined;
      });
      if (!decided) return;
      // The format `seam train` and `seam eval` read: the document's own fields passed
      // through, and every paragraph the report holds with label 1, 0 or null (context).
      var rec = { id: d.id };
      var fields = d.fields || {};
      Object.keys(fields).forEach(function (k) {
        if (k !== 'id' && k !== 'paragraphs' && k !== 'seam_report') rec[k] = fields[k];
      });
      // Where the decisions come from; for a document shown in part, which paragraphs it
      // had, so that `seam train/eval --documents-from` can read it whole again.
      rec.seam_report = { identity: summary.identity, paragraph_count: d.paragraph_count };
      if (d.paragraphs.length < d.paragraph_count) {
        rec.seam_report.shown = d.paragraphs.map(function (p) {
          return p.index;
        });
      }
      rec.paragraphs = d.paragraphs.map(function (p) {
        var v = decisionOf(di, p);
        var out = { text: p.text, label: v === undefined ? null : v, index: p.index };
        ['link_chars', 'link_count', 'tag', 'path', 'depth', 'attr_tokens'].forEach(function (f) {
          if (p[f] !== undefined) out[f] = p[f];
        });
        return out;
      });
      lines.push(JSON.stringify(rec));
    });
    if (!lines.length) {
      setStatus('No decisions to export yet.');
      return;
    }
    // A Blob URL followed by <a download>: a download is a navigation, which
    // the report's Content-Security-Policy (fetch directives only) leaves alone.
    var blob = new Blob([lines.join('\n') + '\n'], { type: 'application/x-ndjson' });
    var url = URL.createObjectURL(blob);
    var a = el('a');
    a.href = url;
    a.download = 'seam-decisions-' + summary.identity.slice(0, 12) + '.jsonl';
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
    setStatus('Exported ' + plural(lines.length, 'document', 'documents') + ' with decisions.');
  }

  var clearArmed = 0;
  function clearDecisions(button) {
    if (!decisions.size) {
      setStatus('No decisions to clear.');
      return;
    }
    if (!clearArmed) {
      button.textContent = 'Click again to clear ' + plural(decisions.size, 'decision', 'decisions');
      clearArmed = setTimeout(function () {
        clearArmed = 0;
        button.textContent = 'Clear decisions';
      }, 4000);
      return;
    }
    clearTimeout(clearArmed);
    clearArmed = 0;
    button.textContent = 'Clear decisions';
    decisions.clear();
    history = [];
    saveDecisions();
    renderQueue();
    renderCounter();
    setStatus('Decisions cleared.');
  }

  // ------------------------------------------------------------- flag queue

  // The flagged paragraphs of the documents in view, in queue order: what j and
  // k step through. Rebuilt when the view changes.
  var flagCache = null;
  function flagQueue() {
    if (flagCache && flagCache.view === state.view) return flagCache;
    var list = [];
    var first = new Map();
    state.view.forEach(function (di) {
      first.set(di, list.length);
      docs[di].paragraphs.forEach(function (p, pi) {
        if (p.flagged) list.push([di, pi]);
      });
    });
    flagCache = { view: state.view, list: list, first: first };
    return flagCache;
  }

  // Position in the flag queue of the first flag after (delta 1) or before
  // (delta -1) the focused paragraph.
  function stepFlag(delta) {
    var q = flagQueue();
    if (!q.list.length) return -1;
    var f = state.focus;
    if (!f || !q.first.has(f.doc)) return delta > 0 ? 0 : q.list.length - 1;
    var k = q.first.get(f.doc);
    // Flags of the focused document at or before the focus.
    while (k < q.list.length && q.list[k][0] === f.doc && q.list[k][1] <= f.para) k++;
    if (delta > 0) return k < q.list.length ? k : -1;
    // k is now the first flag after the focus; step over the focus itself if it is a flag.
    k--;
    if (k >= 0 && q.list[k][0] === f.doc && q.list[k][1] === f.para) k--;
    return k;
  }

  function nextFlag(delta) {
    var k = stepFlag(delta);
    if (k < 0) {
      setStatus(delta > 0 ? 'No more flags in this view.' : 'This is the first flag.');
      return;
    }
    var target = flagQueue().list[k];
    focusParagraph(target[0], target[1]);
  }

  // Open the paragraph's document on its page and move the focus there.
  function focusParagraph(di, pi) {
    var pos = state.view.indexOf(di);
    if (pos < 0) return;
    var d = docs[di];
    state.sel = pos;
    state.focus = { doc: di, para: pi };
    var page = Math.floor(pos / PAGE_SIZE);
    var row = byId('queue').querySelector('li.doc[data-index="' + di + '"]');
    if (page !== state.page || !row) {
      state.page = page;
      state.expanded.add(d.id);
      renderQueue();
    } else {
      if (!state.expanded.has(d.id)) toggle(row, di);
      markSelection(false);
      markFocus();
    }
    var box = paraElement(di, pi);
    if (box) {
      box.scrollIntoView({ block: 'center' });
      box.focus({ preventScroll: true });
    }
  }

  function markFocus() {
    var prev = byId('queue').querySelector('.para.focus');
    if (prev) prev.classList.remove('focus');
    if (!state.focus) return;
    var box = paraElement(state.focus.doc, state.focus.para);
    if (box) box.classList.add('focus');
  }

  function decideFocused(label) {
    var f = state.focus;
    if (!f) {
      setStatus('Press j to go to the first flag.');
      return;
    }
    var p = docs[f.doc].paragraphs[f.para];
    setDecision(f.doc, p, label);
    var k = stepFlag(1);
    if (k >= 0) {
      var t = flagQueue().list[k];
      focusParagraph(t[0], t[1]);
    } else {
      setStatus('That was the last flag in this view.');
    }
  }

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

  function renderCategories() {
    var list = byId('categories');
    var max = Math.max.apply(
      null,
      summary.categories.map(function (c) {
        return c.count;
      }).concat([1])
    );
    summary.categories.forEach(function (c, i) {
      var row = el('li', c.count ? 'bar-row' : 'bar-row zero');
      row.title = c.description;
      row.appendChild(categoryChip(c.name));
      var track = el('span', 'track');
      var fill = el('span', 'fill cat-' + i);
      fill.style.width = (100 * c.count) / max + '%';
      track.appendChild(fill);
      row.appendChild(track);
      row.appendChild(el('span', 'num', fmtInt(c.count)));
      row.appendChild(el('span', 'num muted', fmtShare(c.count, summary.flagged_paragraphs)));
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
      item.appendChild(el('span', 'num', (summary.phrases_approximate ? '≥' : '') + fmtInt(p.count)));
      list.appendChild(item);
    });
  }

  // What the page carries of the batch and how to get the rest.
  function renderEmbedNote() {
    var e = summary.embed;
    var box = byId('embed-note');
    if (e.mode === 'all') return;
    var near = typeof e.min_score === 'number' ? ' and every paragraph scoring ' + fmtScore(e.min_score) + ' or more' : '';
    var text = [];
    if (e.mode === 'flags') {
      var docsShown = e.whole + e.windows;
      text.push(
        'This report carries each flagged paragraph' + near + ' with ' + plural(e.context, 'paragraph', 'paragraphs') +
          ' of context on either side: ' + fmtInt(e.paragraphs_embedded) + ' of ' + plural(summary.paragraphs, 'paragraph', 'paragraphs') +
          ', from ' + plural(docsShown, 'document', 'documents') + (e.whole ? ' (' + fmtInt(e.whole) + ' of them in full).' : '.')
      );
    } else {
      text.push('This report carries every paragraph of the ' + plural(e.whole, 'document', 'documents') + ' with a flag' + near + '.');
    }
    if (e.left_out) {
      text.push(
        'The text of the other ' + plural(e.left_out, 'document', 'documents') +
          ' is left out: the queue lists them with their ids and counts, and the summary above counts every paragraph.'
      );
    }
    box.appendChild(document.createTextNode(text.join(' ') + ' To include everything, write the report with '));
    box.appendChild(el('code', '', 'seam report --embed all'));
    box.appendChild(document.createTextNode(' (or '));
    box.appendChild(el('code', '', '--embed documents'));
    box.appendChild(
      document.createTextNode(
        ' for whole flagged documents). A decision on a document shown in part is exported with the paragraphs shown.'
      )
    );
    box.hidden = false;
  }

  function renderErrors() {
    var errors = summary.errors;
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

  function shown(i) {
    var d = docs[i];
    switch (state.show) {
      case 'flagged':
        return d.flagged > 0;
      case 'unreviewed': {
        var r = docReviewState(i);
        return r.flags > r.decided;
      }
      case 'reviewed':
        return docReviewState(i).any;
      default:
        return true;
    }
  }

  function applyFilters() {
    var hits = state.query ? searchHits(state.query) : null;
    state.view = order.filter(function (i) {
      if (num(docs[i].max_score) < state.minScore) return false;
      if (hits && hits[i] !== 1) return false;
      return shown(i);
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
    var categories = [];
    d.paragraphs.forEach(function (p) {
      if (!top || num(p.score) > num(top.score)) top = p;
      if (p.flagged && p.category && categories.indexOf(p.category) < 0) categories.push(p.category);
    });
    categories.sort(function (a, b) {
      return CATEGORY_NAMES.indexOf(a) - CATEGORY_NAMES.indexOf(b);
    });
    var info = { top: top, categories: categories };
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
    if (!para) {
      return { text: d.embedded === 'none' ? '(text not in this report)' : '(empty document)', para: null };
    }
    var text = para.text.slice(start, start + SNIPPET_CHARS);
    if (start > 0) text = '…' + text;
    return { text: text.replace(/\s+/g, ' '), para: para };
  }

  function renderRow(i, rank, re) {
    var d = docs[i];
    var info = docInfo(i);
    var open = state.expanded.has(d.id);
    var li = el('li', 'doc' + (open ? ' open' : '') + (d.flagged > 0 ? ' has-flag' : '') + (d.embedded === 'none' ? ' left-out' : ''));
    li.dataset.doc = d.id;
    li.dataset.index = String(i);

    var head = el('div', 'row');
    head.setAttribute('role', 'button');
    head.tabIndex = -1;
    head.setAttribute('aria-expanded', open ? 'true' : 'false');
    head.appendChild(el('span', 'rank', rank));
    head.appendChild(scoreBadge(d.max_score, d.flagged > 0));
    var idCell = el('span', 'doc-id');
    idCell.appendChild(el('span', 'rv'));
    idCell.appendChild(document.createTextNode(d.id));
    idCell.title = d.id;
    head.appendChild(idCell);
    head.appendChild(
      el('span', 'counts' + (d.flagged > 0 ? ' hot' : ''), d.flagged + ' / ' + d.paragraph_count)
    );
    var chips = el('span', 'chips');
    info.categories.forEach(function (c) {
      chips.appendChild(categoryChip(c));
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
    paintRowReview(li, i);
    return li;
  }

  // A reason arrives as [feature, family, contribution, detail].
  function reasonOf(r) {
    return { feature: r[0], family: r[1], contribution: r[2], detail: r[3] };
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

  function decideButton(label, text, keyName) {
    var b = el('button', 'decide-' + label);
    b.type = 'button';
    b.dataset.label = String(label);
    b.appendChild(document.createTextNode(text + ' '));
    b.appendChild(el('kbd', '', keyName));
    return b;
  }

  function renderParagraph(di, pi, re) {
    var p = docs[di].paragraphs[pi];
    var box = el('div', p.flagged ? 'para hl' : 'para ctx');
    box.dataset.para = String(pi);
    box.tabIndex = -1;
    box.style.setProperty('--s', unit(p.score));
    var gutter = el('div', 'gutter');
    gutter.appendChild(el('span', 'pidx', '¶ ' + p.index));
    gutter.appendChild(scoreBadge(p.score, p.flagged));
    box.appendChild(gutter);
    var body = el('div', 'pbody');
    if (p.flagged && p.category) {
      var tags = el('div', 'ptags');
      tags.appendChild(categoryChip(p.category));
      body.appendChild(tags);
    }
    var text = el('p', 'ptext');
    appendMarked(text, p.text, re);
    body.appendChild(text);
    if (p.flagged && p.reasons && p.reasons.length) {
      var reasons = p.reasons.map(reasonOf).sort(function (a, b) {
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
    var decide = el('div', 'decide');
    decide.appendChild(decideButton(1, 'does not belong', 'y'));
    decide.appendChild(decideButton(0, 'belongs', 'n'));
    decide.appendChild(el('span', 'verdict'));
    body.appendChild(decide);
    box.appendChild(body);
    paintDecision(box, decisionOf(di, p));
    return box;
  }

  function gap(n) {
    return el('div', 'gap', '⋯ ' + plural(n, 'paragraph', 'paragraphs') + ' not in this report ⋯');
  }

  function renderDocBody(i, re) {
    var d = docs[i];
    var body = el('div', 'doc-body');
    var meta = el('div', 'doc-meta');
    meta.appendChild(el('span', 'mono', d.id));
    var shownText = fmtInt(d.paragraph_count) + ' paragraphs · ' + d.flagged + ' flagged · max ' + fmtScore(d.max_score);
    if (d.embedded === 'windows') shownText += ' · ' + fmtInt(d.paragraphs.length) + ' shown, around the flags';
    meta.appendChild(el('span', 'muted', shownText));
    body.appendChild(meta);
    if (d.embedded === 'none') {
      body.appendChild(
        el('p', 'empty', 'The text of this document is not in this report (no paragraph was flagged). Write the report with --embed all to include it.')
      );
      return body;
    }
    if (!d.paragraphs.length) body.appendChild(el('p', 'empty', 'This document has no paragraphs.'));
    var expected = 0;
    d.paragraphs.forEach(function (p, pi) {
      if (p.index > expected) body.appendChild(gap(p.index - expected));
      body.appendChild(renderParagraph(i, pi, re));
      expected = p.index + 1;
    });
    if (d.paragraphs.length && d.paragraph_count > expected) body.appendChild(gap(d.paragraph_count - expected));
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
      markFocus();
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
    markFocus();
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

  function setShow(show) {
    state.show = show;
    document.querySelectorAll('.seg button[data-show]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.show === show));
    });
    applyFilters();
  }

  // Clicks inside an open document: the mark buttons, and focus on the paragraph clicked.
  function onQueueClick(e) {
    var box = e.target.closest ? e.target.closest('.para') : null;
    if (!box) return;
    var row = box.closest('li.doc');
    var di = Number(row.dataset.index);
    var pi = Number(box.dataset.para);
    var p = docs[di].paragraphs[pi];
    if (!p) return;
    state.focus = { doc: di, para: pi };
    state.sel = state.view.indexOf(di);
    markSelection(false);
    markFocus();
    var button = e.target.closest('button[data-label]');
    if (button) {
      var label = Number(button.dataset.label);
      setDecision(di, p, decisionOf(di, p) === label ? undefined : label);
    }
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

    document.querySelectorAll('.seg button[data-show]').forEach(function (b) {
      b.addEventListener('click', function () {
        setShow(b.dataset.show);
      });
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

    byId('queue').addEventListener('click', onQueueClick);
    document.querySelector('[data-action="export-decisions"]').addEventListener('click', exportDecisions);
    var clearButton = byId('clear-decisions');
    clearButton.addEventListener('click', function () {
      clearDecisions(clearButton);
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
          nextFlag(1);
          break;
        case 'k':
          nextFlag(-1);
          break;
        case 'y':
          decideFocused(1);
          break;
        case 'n':
          decideFocused(0);
          break;
        case 'u':
          undo();
          break;
        case 'J':
          moveSelection(1);
          break;
        case 'K':
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
    state.show = 'all';
    document.querySelectorAll('.seg button[data-show]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.show === 'all'));
    });
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

  loadDecisions();
  renderStats();
  renderHistogram();
  renderCategories();
  renderPhrases();
  renderEmbedNote();
  renderErrors();
  renderCounter();
  wireControls();
  focusFromHash(false);
  // For tools that time or drive the page: it is ready for keys and clicks.
  document.documentElement.setAttribute('data-ready', '');
  if (window.performance && performance.mark) performance.mark('seam-ready');
})();
