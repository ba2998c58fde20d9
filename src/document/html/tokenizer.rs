//! The tokenizer: markup to start tags, end tags and text, reported to a [`Sink`]. It follows
//! the WHATWG tokenizer states closely enough for text extraction: raw text and RCDATA
//! elements, script data with its escaped states, comments, doctype and bogus comments, quoted
//! and unquoted attributes. It knows nothing of blocks; the sink decides what a tag means.

use super::char_ref::decode_entities_into;
use super::tags::{classify, TagKind};
use memchr::{memchr, memchr2, memmem};

/// The attributes the builder cares about; values still hold raw character references.
#[derive(Default)]
pub(super) struct Attrs<'a> {
    pub(super) class: Option<&'a str>,
    pub(super) id: Option<&'a str>,
    pub(super) href: bool,
    pub(super) style: Option<&'a str>,
    /// The `hidden` attribute is present.
    pub(super) hidden: bool,
}

pub(super) trait Sink {
    fn start_tag(&mut self, name: &[u8], kind: TagKind, flags: u8, attrs: &Attrs<'_>, closed: bool);
    fn end_tag(&mut self, name: &[u8], kind: TagKind);
    /// Text with character references already decoded.
    fn text(&mut self, text: &str);
    /// The `<` of the start tag reported next is at this byte offset of the input.
    fn tag_at(&mut self, _offset: usize) {}
    /// Lets a sink stop tokenization early.
    fn done(&self) -> bool {
        false
    }
    /// False when text would be ignored, which saves decoding it.
    fn wants_text(&self) -> bool {
        true
    }
}

pub(super) fn is_html_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Parses attributes starting at `i` (just after a tag name) up to and including `>`.
/// Calls `on_attr(name, value_start, value_end)` per attribute; value bounds are byte
/// offsets into `b` that always sit on ASCII bytes. Returns the offset after `>`, or
/// `None` when the input ends inside the tag (the spec then drops the tag).
pub(super) fn scan_attrs(
    b: &[u8],
    mut i: usize,
    mut on_attr: impl FnMut(&[u8], usize, usize),
) -> Option<usize> {
    scan_attrs_sc(b, &mut i, &mut on_attr).map(|(end, _)| end)
}

/// Like [`scan_attrs`], also reporting the self-closing flag.
fn scan_attrs_sc(
    b: &[u8],
    i: &mut usize,
    on_attr: &mut impl FnMut(&[u8], usize, usize),
) -> Option<(usize, bool)> {
    let n = b.len();
    loop {
        while *i < n && is_html_space(b[*i]) {
            *i += 1;
        }
        let c = *b.get(*i)?;
        if c == b'>' {
            return Some((*i + 1, false));
        }
        if c == b'/' {
            *i += 1;
            if b.get(*i) == Some(&b'>') {
                return Some((*i + 1, true));
            }
            continue;
        }
        // The first name character may be anything but space, '/' or '>', even '='.
        let name_start = *i;
        *i += 1;
        while *i < n
            && !matches!(
                b[*i],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
            )
        {
            *i += 1;
        }
        let name_end = *i;
        while *i < n && is_html_space(b[*i]) {
            *i += 1;
        }
        if b.get(*i) != Some(&b'=') {
            on_attr(&b[name_start..name_end], name_end, name_end);
            continue;
        }
        *i += 1;
        while *i < n && is_html_space(b[*i]) {
            *i += 1;
        }
        let q = *b.get(*i)?;
        if q == b'"' || q == b'\'' {
            let vs = *i + 1;
            let ve = vs + memchr(q, &b[vs..])?;
            on_attr(&b[name_start..name_end], vs, ve);
            *i = ve + 1;
        } else {
            let vs = *i;
            while *i < n && !is_html_space(b[*i]) && b[*i] != b'>' {
                *i += 1;
            }
            on_attr(&b[name_start..name_end], vs, *i);
        }
    }
}

/// True when `b[p..]` is `</name` followed by a tag-name terminator.
fn is_end_tag_at(b: &[u8], p: usize, name: &[u8]) -> bool {
    let e = p + 2 + name.len();
    e < b.len()
        && b[p + 1] == b'/'
        && b[p + 2..e].eq_ignore_ascii_case(name)
        && (is_html_space(b[e]) || b[e] == b'/' || b[e] == b'>')
}

fn is_start_tag_at(b: &[u8], p: usize, name: &[u8]) -> bool {
    let e = p + 1 + name.len();
    e < b.len()
        && b[p + 1..e].eq_ignore_ascii_case(name)
        && (is_html_space(b[e]) || b[e] == b'/' || b[e] == b'>')
}

/// Offset of the `<` of the "appropriate end tag" closing raw text or RCDATA.
fn find_raw_end(b: &[u8], mut i: usize, name: &[u8]) -> Option<usize> {
    while let Some(off) = memchr(b'<', &b[i..]) {
        let p = i + off;
        if is_end_tag_at(b, p, name) {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

/// Like [`find_raw_end`] for `<script>`, honouring the script-data escaped and
/// double-escaped states (`<!-- <script></script> -->` inside a script).
fn find_script_end(b: &[u8], from: usize) -> Option<usize> {
    let first = find_raw_end(b, from, b"script");
    let limit = first.unwrap_or(b.len());
    if memmem::find(&b[from..limit], b"<!--").is_none() {
        return first;
    }
    let mut i = from;
    // 0: script data, 1: escaped, 2: double escaped.
    let mut state = 0u8;
    while i < b.len() {
        if state == 0 {
            let p = i + memchr(b'<', &b[i..])?;
            if b[p..].starts_with(b"<!--") {
                state = 1;
                // Re-examine the dashes so that "<!-->" falls straight back to data.
                i = p + 2;
                continue;
            }
            if is_end_tag_at(b, p, b"script") {
                return Some(p);
            }
            i = p + 1;
            continue;
        }
        let p = i + memchr2(b'<', b'-', &b[i..])?;
        if b[p] == b'-' {
            let mut k = p + 1;
            while k < b.len() && b[k] == b'-' {
                k += 1;
            }
            if k - p >= 2 && b.get(k) == Some(&b'>') {
                state = 0;
                i = k + 1;
            } else {
                i = k;
            }
            continue;
        }
        if state == 1 {
            if is_end_tag_at(b, p, b"script") {
                return Some(p);
            }
            if is_start_tag_at(b, p, b"script") {
                state = 2;
            }
        } else if is_end_tag_at(b, p, b"script") {
            state = 1;
        }
        i = p + 1;
    }
    None
}

struct Tokenizer<'h> {
    html: &'h str,
    name: Vec<u8>,
    scratch: String,
}

impl<'h> Tokenizer<'h> {
    fn emit_text<S: Sink>(&mut self, start: usize, end: usize, sink: &mut S) {
        if start >= end || !sink.wants_text() {
            return;
        }
        let s = &self.html[start..end];
        if memchr(b'&', s.as_bytes()).is_some() {
            self.scratch.clear();
            decode_entities_into(s, &mut self.scratch, false);
            sink.text(&self.scratch);
        } else {
            sink.text(s);
        }
    }

    /// Reads a lowercased tag name starting at `i` into `self.name`; returns its end.
    fn read_name(&mut self, mut i: usize) -> usize {
        let b = self.html.as_bytes();
        self.name.clear();
        while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            self.name.push(b[i].to_ascii_lowercase());
            i += 1;
        }
        i
    }

    /// Parses a start tag whose name begins at `i`; returns the offset after it.
    fn start_tag<S: Sink>(&mut self, i: usize, sink: &mut S) -> usize {
        let html = self.html;
        let b = html.as_bytes();
        let mut j = self.read_name(i);
        let mut attrs = Attrs::default();
        let mut on_attr = |name: &[u8], vs: usize, ve: usize| {
            if name.eq_ignore_ascii_case(b"class") {
                attrs.class.get_or_insert(&html[vs..ve]);
            } else if name.eq_ignore_ascii_case(b"id") {
                attrs.id.get_or_insert(&html[vs..ve]);
            } else if name.eq_ignore_ascii_case(b"href") {
                attrs.href = true;
            } else if name.eq_ignore_ascii_case(b"style") {
                attrs.style.get_or_insert(&html[vs..ve]);
            } else if name.eq_ignore_ascii_case(b"hidden") {
                attrs.hidden = true;
            }
        };
        let Some((end, closed)) = scan_attrs_sc(b, &mut j, &mut on_attr) else {
            return b.len();
        };
        let (mut kind, flags) = classify(&self.name);
        let raw_stop = match kind {
            TagKind::Script => find_script_end(b, end),
            TagKind::RawDrop | TagKind::Rcdata | TagKind::Xmp => find_raw_end(b, end, &self.name),
            _ => None,
        };
        // Generators write `<iframe ... />` and forget `</title>`; the spec would then
        // swallow the rest of the page as raw text, which no author meant.
        if matches!(kind, TagKind::RawDrop | TagKind::Rcdata | TagKind::Xmp)
            && (raw_stop.is_none() || (closed && kind == TagKind::RawDrop))
        {
            kind = TagKind::Void;
        }
        sink.start_tag(&self.name, kind, flags, &attrs, closed);
        match kind {
            TagKind::Script | TagKind::RawDrop => self.raw_end(raw_stop, sink),
            TagKind::Rcdata | TagKind::Xmp => {
                let stop_at = raw_stop.unwrap_or(b.len());
                if kind == TagKind::Rcdata {
                    self.emit_text(end, stop_at, sink);
                } else if end < stop_at {
                    sink.text(&html[end..stop_at]);
                }
                self.raw_end(raw_stop, sink)
            }
            TagKind::Plaintext => {
                if end < b.len() {
                    sink.text(&html[end..]);
                }
                b.len()
            }
            _ => end,
        }
    }

    /// Skips a raw text body ending at `stop` (the `<` of its end tag) and emits that end
    /// tag. Returns the offset after the end tag, or the input length.
    fn raw_end<S: Sink>(&mut self, stop: Option<usize>, sink: &mut S) -> usize {
        let Some(p) = stop else {
            return self.html.len();
        };
        self.end_tag(p + 2, sink)
    }

    /// Parses an end tag whose name begins at `i`; returns the offset after it.
    fn end_tag<S: Sink>(&mut self, i: usize, sink: &mut S) -> usize {
        let b = self.html.as_bytes();
        let mut j = self.read_name(i);
        // End tags may carry attributes; they are parsed only to find the real `>`.
        match scan_attrs_sc(b, &mut j, &mut |_, _, _| {}) {
            Some((end, _)) => {
                let (kind, _) = classify(&self.name);
                sink.end_tag(&self.name, kind);
                end
            }
            None => b.len(),
        }
    }

    fn run<S: Sink>(&mut self, sink: &mut S) {
        let b = self.html.as_bytes();
        let n = b.len();
        let mut pos = 0;
        let mut text_start = 0;
        while pos < n {
            if sink.done() {
                return;
            }
            let Some(off) = memchr(b'<', &b[pos..]) else {
                break;
            };
            let lt = pos + off;
            let Some(&c) = b.get(lt + 1) else {
                break;
            };
            let next = if c.is_ascii_alphabetic() {
                self.emit_text(text_start, lt, sink);
                sink.tag_at(lt);
                self.start_tag(lt + 1, sink)
            } else if c == b'/' {
                match b.get(lt + 2) {
                    Some(d) if d.is_ascii_alphabetic() => {
                        self.emit_text(text_start, lt, sink);
                        self.end_tag(lt + 2, sink)
                    }
                    Some(b'>') => {
                        self.emit_text(text_start, lt, sink);
                        lt + 3
                    }
                    Some(_) => {
                        self.emit_text(text_start, lt, sink);
                        bogus_comment_end(b, lt + 2)
                    }
                    None => break,
                }
            } else if c == b'!' {
                self.emit_text(text_start, lt, sink);
                if b[lt + 2..].starts_with(b"--") {
                    comment_end(b, lt + 4)
                } else {
                    bogus_comment_end(b, lt + 2)
                }
            } else if c == b'?' {
                self.emit_text(text_start, lt, sink);
                bogus_comment_end(b, lt + 2)
            } else {
                // A '<' that opens nothing is ordinary text.
                pos = lt + 1;
                continue;
            };
            pos = next;
            text_start = next;
        }
        if !sink.done() {
            self.emit_text(text_start, n, sink);
        }
    }
}

fn bogus_comment_end(b: &[u8], from: usize) -> usize {
    memchr(b'>', &b[from..]).map_or(b.len(), |o| from + o + 1)
}

/// `from` points just after `<!--`.
fn comment_end(b: &[u8], from: usize) -> usize {
    let rest = &b[from..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut i = from;
    while let Some(off) = memmem::find(&b[i..], b"--") {
        // Skip the whole dash run at once so that long runs stay linear.
        let mut k = i + off + 2;
        while k < b.len() && b[k] == b'-' {
            k += 1;
        }
        match b.get(k) {
            Some(b'>') => return k + 1,
            Some(b'!') if b.get(k + 1) == Some(&b'>') => return k + 2,
            _ => i = k,
        }
    }
    b.len()
}

/// Tokenize `html`, reporting its tags and text to `sink` in document order.
pub(super) fn feed<S: Sink>(html: &str, sink: &mut S) {
    let mut tok = Tokenizer {
        html,
        name: Vec::with_capacity(16),
        scratch: String::new(),
    };
    tok.run(sink);
}
