//! HTML block segmentation for `seam`.
//!
//! A hand-written tokenizer that follows the WHATWG tokenizer states closely
//! enough for text extraction (raw text, RCDATA, script escapes, comments,
//! doctype, bogus comments, quoted and unquoted attributes, character
//! references) feeds a flat-stack block builder. Nothing recurses on
//! document depth and no tree is built, so pathological nesting costs only
//! a `Vec` of small frames, and dropping it is trivial.

use encoding_rs::Encoding;
use memchr::{memchr, memchr2, memmem};

/// One block of visible text between block-level boundaries.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlBlock {
    /// Visible text, entities decoded, whitespace collapsed to single spaces, trimmed; never empty.
    pub text: String,
    /// Lowercase name of the nearest block-level element enclosing the text; "body" if none.
    pub tag: String,
    /// Short DOM path of the last <=4 element names ending at `tag`, e.g. "div>article>div>p".
    pub path: String,
    /// Element depth of `tag` from the root (the root element, usually `html`, is 0).
    pub depth: u32,
    /// Number of chars (not bytes) of `text` that were inside `<a>` elements.
    pub link_chars: u32,
    /// Number of `<a href>` elements contributing text to the block.
    pub link_count: u32,
    /// Lowercase tokens split on non-alphanumerics from class and id attributes of the block
    /// element and its ancestors, nearest first (deduplicated, capped at 32).
    pub attr_tokens: Vec<String>,
    /// Byte offset in the input of the `<` of the block element's start tag; `None` for text
    /// outside any block element. Several blocks of one element share it. Text inserted at
    /// this offset becomes the element's preceding sibling.
    pub offset: Option<usize>,
}

/// Decode raw bytes to text: honour a BOM, then `<meta charset=...>` / http-equiv content
/// charset in the first 2048 bytes, else UTF-8; invalid sequences replaced. Returns the text
/// and whether any replacement/lossy decoding happened.
pub fn decode_html(bytes: &[u8]) -> (String, bool) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, lossy) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), lossy);
    }
    let window = &bytes[..bytes.len().min(2048)];
    let mut enc = sniff_meta_charset(window).unwrap_or(encoding_rs::UTF_8);
    // Crawlers often re-encode pages to UTF-8 and keep the old meta (5 of the 1,358
    // wcxb-dev pages declare Latin-1/1252 yet are valid UTF-8). Non-ASCII text in a legacy encoding is almost never valid UTF-8
    // by chance, so valid UTF-8 with non-ASCII bytes beats the declaration.
    if enc != encoding_rs::UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        enc = encoding_rs::UTF_8;
    }
    let (text, lossy) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), lossy)
}

/// Split an HTML document into blocks, in document order.
pub fn segment_html(html: &str) -> Vec<HtmlBlock> {
    let mut builder = Builder::new();
    tokenize(html, &mut builder);
    builder.finish()
}

/// Text of the first `<title>` element outside SVG/MathML, decoded and collapsed.
/// `None` when there is no title or it holds no visible text.
pub fn html_title(html: &str) -> Option<String> {
    let mut sink = TitleSink::default();
    tokenize(html, &mut sink);
    if sink.in_title {
        sink.title = Some(std::mem::take(&mut sink.buf));
    }
    let raw = sink.title?;
    let mut out = String::with_capacity(raw.len());
    let mut pending = false;
    for ch in raw.chars() {
        if ch.is_whitespace() {
            pending = true;
        } else if !is_invisible(ch) && !ch.is_control() {
            if pending && !out.is_empty() {
                out.push(' ');
            }
            pending = false;
            out.push(ch);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Label blocks against a page's human-cleaned main text (paragraphs separated by blank
/// lines). `Some(false)` = content (at least `hi` of the block's word 3-grams occur in the
/// truth; a block under 3 words only if it equals a whole truth line), `Some(true)` =
/// boilerplate (at most `lo` of its 3-grams occur, or a short block without a line match),
/// `None` = ambiguous.
pub fn label_blocks(blocks: &[HtmlBlock], truth: &str, lo: f64, hi: f64) -> Vec<Option<bool>> {
    let truth_words = word_hashes(truth);
    let mut grams = trigrams(&truth_words);
    grams.sort_unstable();
    grams.dedup();
    let mut lines: Vec<u64> = truth
        .lines()
        .map(word_hashes)
        .filter(|w| !w.is_empty())
        .map(|w| seq_hash(&w))
        .collect();
    lines.sort_unstable();
    lines.dedup();

    blocks
        .iter()
        .map(|block| {
            let words = word_hashes(&block.text);
            if words.len() < 3 {
                let exact = !words.is_empty() && lines.binary_search(&seq_hash(&words)).is_ok();
                return Some(!exact);
            }
            let block_grams = trigrams(&words);
            let hits = block_grams
                .iter()
                .filter(|g| grams.binary_search(g).is_ok())
                .count();
            let share = hits as f64 / block_grams.len() as f64;
            if share >= hi {
                Some(false)
            } else if share <= lo {
                Some(true)
            } else {
                None
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Word hashing for alignment.

/// Hashes of the lowercased alphanumeric words of `text`, in order.
pub(crate) fn word_hashes(text: &str) -> Vec<u64> {
    const SEED: u64 = 0xcbf2_9ce4_8422_2325;
    let mut out = Vec::new();
    let mut h = SEED;
    let mut in_word = false;
    let mut buf = [0u8; 4];
    for ch in text.chars() {
        if is_invisible(ch) {
            // A soft hyphen or zero-width space inside a word does not split it.
            continue;
        }
        if ch.is_alphanumeric() {
            in_word = true;
            if ch.is_ascii() {
                h = fnv_step(h, ch.to_ascii_lowercase() as u8);
            } else {
                for lc in ch.to_lowercase() {
                    for &byte in lc.encode_utf8(&mut buf).as_bytes() {
                        h = fnv_step(h, byte);
                    }
                }
            }
        } else if in_word {
            out.push(h);
            h = SEED;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
    out
}

fn fnv_step(h: u64, byte: u8) -> u64 {
    (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Order-sensitive hashes of consecutive word triples.
pub(crate) fn trigrams(words: &[u64]) -> Vec<u64> {
    words
        .windows(3)
        .map(|w| mix(mix(mix(w[0]) ^ w[1]) ^ w[2]))
        .collect()
}

fn seq_hash(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(words.len() as u64, |acc, &w| mix(acc ^ w))
}

// ---------------------------------------------------------------------------
// Encoding sniffing.

fn sniff_meta_charset(window: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while let Some(off) = memchr(b'<', &window[i..]) {
        let lt = i + off;
        let rest = &window[lt..];
        if rest.starts_with(b"<!--") {
            // A commented-out meta must not win, so skip the whole comment.
            let end = memmem::find(&rest[4..], b"-->")?;
            i = lt + 4 + end + 3;
            continue;
        }
        let is_meta = rest.len() > 5
            && rest[1..5].eq_ignore_ascii_case(b"meta")
            && (is_html_space(rest[5]) || rest[5] == b'/');
        if !is_meta {
            i = lt + 1;
            continue;
        }
        let mut charset = None;
        let mut http_equiv_ct = false;
        let mut content = None;
        let end = scan_attrs(window, lt + 5, |name, vs, ve| {
            let value = &window[vs..ve];
            if name.eq_ignore_ascii_case(b"charset") {
                charset.get_or_insert(value);
            } else if name.eq_ignore_ascii_case(b"http-equiv") {
                http_equiv_ct |= value.trim_ascii().eq_ignore_ascii_case(b"content-type");
            } else if name.eq_ignore_ascii_case(b"content") {
                content.get_or_insert(value);
            }
        });
        let label = charset.or_else(|| {
            if http_equiv_ct {
                content.and_then(charset_from_content)
            } else {
                None
            }
        });
        if let Some(enc) = label.and_then(|l| Encoding::for_label(l.trim_ascii())) {
            // Per the HTML spec a meta can never switch to UTF-16 (the bytes are
            // ASCII-compatible if we could read the meta), and x-user-defined means 1252.
            return Some(
                if enc == encoding_rs::UTF_16BE || enc == encoding_rs::UTF_16LE {
                    encoding_rs::UTF_8
                } else if enc == encoding_rs::X_USER_DEFINED {
                    encoding_rs::WINDOWS_1252
                } else {
                    enc
                },
            );
        }
        i = end?;
    }
    None
}

fn charset_from_content(content: &[u8]) -> Option<&[u8]> {
    let lower: Vec<u8> = content.to_ascii_lowercase();
    let at = memmem::find(&lower, b"charset")?;
    let mut i = at + 7;
    while i < content.len() && is_html_space(content[i]) {
        i += 1;
    }
    if content.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < content.len() && is_html_space(content[i]) {
        i += 1;
    }
    let quote = content.get(i).copied().filter(|&c| c == b'"' || c == b'\'');
    if quote.is_some() {
        i += 1;
    }
    let start = i;
    while i < content.len() {
        let c = content[i];
        if Some(c) == quote || (quote.is_none() && (is_html_space(c) || c == b';')) {
            break;
        }
        i += 1;
    }
    (i > start).then(|| &content[start..i])
}

// ---------------------------------------------------------------------------
// Tag classification.

/// Tag names the builder or the tokenizer treat specially.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Other,
    Html,
    Head,
    Body,
    A,
    Br,
    Hr,
    Void,
    P,
    Li,
    DtDd,
    Cell,
    Tr,
    TSection,
    Table,
    Opt,
    OptGroup,
    Heading,
    Block,
    /// svg, math: foreign content, dropped; HTML "breakout" tags end it.
    Foreign,
    /// template, object, canvas, audio, video: markup content dropped.
    Drop,
    /// script: script-data tokenizer state, dropped.
    Script,
    /// style, iframe, noembed, noframes: raw text, dropped.
    RawDrop,
    /// title, textarea: RCDATA, dropped from blocks.
    Rcdata,
    /// xmp: raw text that is shown.
    Xmp,
    /// plaintext: everything after it is text.
    Plaintext,
}

/// Element is a block boundary.
const F_BLOCK: u8 = 1;
/// Element bounds "has an element in scope" searches.
const F_SCOPE: u8 = 2;
/// Start tag implicitly closes an open `<p>`.
const F_CLOSES_P: u8 = 4;
/// Start tag ends foreign (SVG/MathML) content.
const F_BREAKOUT: u8 = 8;

pub(crate) fn classify(name: &[u8]) -> (Kind, u8) {
    const BLK: u8 = F_BLOCK | F_CLOSES_P;
    match name {
        b"a" => (Kind::A, 0),
        b"span" | b"b" | b"i" | b"em" | b"strong" | b"small" | b"code" | b"s" | b"u" | b"sub"
        | b"sup" | b"tt" | b"var" | b"big" | b"nobr" | b"ruby" | b"strike" => {
            (Kind::Other, F_BREAKOUT)
        }
        b"div" | b"blockquote" | b"center" | b"listing" | b"menu" | b"ul" | b"ol" | b"dl"
        | b"pre" => (Kind::Block, BLK | F_BREAKOUT),
        b"address" | b"article" | b"aside" | b"details" | b"dialog" | b"dir" | b"fieldset"
        | b"figcaption" | b"figure" | b"footer" | b"header" | b"hgroup" | b"main" | b"nav"
        | b"section" | b"summary" | b"search" | b"form" => (Kind::Block, BLK),
        // Buttons and selects are widgets: their labels ("Subscribe", country lists) must
        // not glue onto the prose around them, so they get blocks of their own.
        b"legend" | b"caption" | b"frameset" | b"select" | b"button" => (
            Kind::Block,
            F_BLOCK | if name == b"caption" { F_SCOPE } else { 0 },
        ),
        b"p" => (Kind::P, BLK | F_BREAKOUT),
        b"li" => (Kind::Li, BLK | F_BREAKOUT),
        b"dt" | b"dd" => (Kind::DtDd, BLK | F_BREAKOUT),
        b"td" | b"th" => (Kind::Cell, F_BLOCK | F_SCOPE),
        b"tr" => (Kind::Tr, F_BLOCK),
        b"tbody" | b"thead" | b"tfoot" => (Kind::TSection, F_BLOCK),
        b"table" => (Kind::Table, BLK | F_SCOPE | F_BREAKOUT),
        b"option" => (Kind::Opt, F_BLOCK),
        b"optgroup" => (Kind::OptGroup, F_BLOCK),
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => (Kind::Heading, BLK | F_BREAKOUT),
        b"br" => (Kind::Br, F_BREAKOUT),
        b"hr" => (Kind::Hr, F_CLOSES_P | F_BREAKOUT),
        b"img" | b"embed" | b"meta" => (Kind::Void, F_BREAKOUT),
        b"area" | b"base" | b"basefont" | b"bgsound" | b"col" | b"input" | b"keygen" | b"link"
        | b"param" | b"source" | b"track" | b"wbr" | b"frame" | b"image" => (Kind::Void, 0),
        b"html" => (Kind::Html, F_SCOPE),
        b"head" => (Kind::Head, F_BREAKOUT),
        b"body" => (Kind::Body, F_BLOCK | F_BREAKOUT),
        b"svg" | b"math" => (Kind::Foreign, 0),
        b"template" | b"object" | b"applet" => (Kind::Drop, F_SCOPE),
        b"canvas" | b"audio" | b"video" => (Kind::Drop, 0),
        b"script" => (Kind::Script, 0),
        // noscript is parsed as markup, as with scripting disabled: saved pages never run
        // their scripts, and some (Discourse forums) serve the whole content inside it.
        b"style" | b"iframe" | b"noembed" | b"noframes" => (Kind::RawDrop, 0),
        b"title" | b"textarea" => (Kind::Rcdata, 0),
        b"xmp" => (Kind::Xmp, BLK),
        b"plaintext" => (Kind::Plaintext, BLK),
        b"marquee" => (Kind::Other, F_SCOPE),
        _ => (Kind::Other, 0),
    }
}

// ---------------------------------------------------------------------------
// Tokenizer.

/// The attributes the builder cares about; values still hold raw character references.
#[derive(Default)]
pub(crate) struct Attrs<'a> {
    pub(crate) class: Option<&'a str>,
    pub(crate) id: Option<&'a str>,
    pub(crate) href: bool,
}

pub(crate) trait Sink {
    fn start_tag(&mut self, name: &[u8], kind: Kind, flags: u8, attrs: &Attrs<'_>, closed: bool);
    fn end_tag(&mut self, name: &[u8], kind: Kind);
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

fn is_html_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Parses attributes starting at `i` (just after a tag name) up to and including `>`.
/// Calls `on_attr(name, value_start, value_end)` per attribute; value bounds are byte
/// offsets into `b` that always sit on ASCII bytes. Returns the offset after `>`, or
/// `None` when the input ends inside the tag (the spec then drops the tag).
fn scan_attrs(
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
            }
        };
        let Some((end, closed)) = scan_attrs_sc(b, &mut j, &mut on_attr) else {
            return b.len();
        };
        let (mut kind, flags) = classify(&self.name);
        let raw_stop = match kind {
            Kind::Script => find_script_end(b, end),
            Kind::RawDrop | Kind::Rcdata | Kind::Xmp => find_raw_end(b, end, &self.name),
            _ => None,
        };
        // Generators write `<iframe ... />` and forget `</title>`; the spec would then
        // swallow the rest of the page as raw text, which no author meant.
        if matches!(kind, Kind::RawDrop | Kind::Rcdata | Kind::Xmp)
            && (raw_stop.is_none() || (closed && kind == Kind::RawDrop))
        {
            kind = Kind::Void;
        }
        sink.start_tag(&self.name, kind, flags, &attrs, closed);
        match kind {
            Kind::Script | Kind::RawDrop => self.raw_end(raw_stop, sink),
            Kind::Rcdata | Kind::Xmp => {
                let stop_at = raw_stop.unwrap_or(b.len());
                if kind == Kind::Rcdata {
                    self.emit_text(end, stop_at, sink);
                } else if end < stop_at {
                    sink.text(&html[end..stop_at]);
                }
                self.raw_end(raw_stop, sink)
            }
            Kind::Plaintext => {
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

pub(crate) fn tokenize<S: Sink>(html: &str, sink: &mut S) {
    let mut tok = Tokenizer {
        html,
        name: Vec::with_capacity(16),
        scratch: String::new(),
    };
    tok.run(sink);
}

// ---------------------------------------------------------------------------
// Character references.

/// Windows-1252 meanings the spec assigns to numeric references 0x80..=0x9F.
const C1_REMAP: [u16; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

enum CharRef {
    Named(&'static str),
    Num(char),
}

/// Appends `s` to `out` with character references decoded. In attribute values a legacy
/// reference without `;` followed by `=` or an alphanumeric stays literal, as the spec says.
pub(crate) fn decode_entities_into(s: &str, out: &mut String, in_attr: bool) {
    let b = s.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr(b'&', &b[i..]) {
        let amp = i + off;
        match char_ref(b, amp + 1, in_attr) {
            Some((len, r)) => {
                out.push_str(&s[copied..amp]);
                match r {
                    CharRef::Named(v) => out.push_str(v),
                    CharRef::Num(c) => out.push(c),
                }
                copied = amp + 1 + len;
                i = copied;
            }
            None => i = amp + 1,
        }
    }
    out.push_str(&s[copied..]);
}

/// Resolves the reference starting at `j` (just after `&`); returns the number of bytes
/// consumed after the `&` and the replacement.
fn char_ref(b: &[u8], j: usize, in_attr: bool) -> Option<(usize, CharRef)> {
    let first = *b.get(j)?;
    if first == b'#' {
        let mut k = j + 1;
        let hex = matches!(b.get(k), Some(b'x' | b'X'));
        if hex {
            k += 1;
        }
        let digits_start = k;
        let mut v: u32 = 0;
        while let Some(&c) = b.get(k) {
            let d = match c {
                b'0'..=b'9' => u32::from(c - b'0'),
                b'a'..=b'f' if hex => u32::from(c - b'a' + 10),
                b'A'..=b'F' if hex => u32::from(c - b'A' + 10),
                _ => break,
            };
            // Saturate past the Unicode range so long digit runs cannot overflow.
            v = (v * if hex { 16 } else { 10 } + d).min(0x11_0000);
            k += 1;
        }
        if k == digits_start {
            return None;
        }
        if b.get(k) == Some(&b';') {
            k += 1;
        }
        let c = match v {
            0 | 0xD800..=0xDFFF | 0x11_0000.. => '\u{FFFD}',
            0x80..=0x9F => {
                char::from_u32(u32::from(C1_REMAP[(v - 0x80) as usize])).unwrap_or('\u{FFFD}')
            }
            _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some((k - j, CharRef::Num(c)));
    }
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    let mut k = j;
    // The longest entity name is 31 characters; a longer run cannot match as a whole.
    while k < b.len() && k - j < 32 && b[k].is_ascii_alphanumeric() {
        k += 1;
    }
    let name = &b[j..k];
    let semicolon = b.get(k) == Some(&b';');
    if semicolon {
        let common = match name {
            b"amp" => Some("&"),
            b"lt" => Some("<"),
            b"gt" => Some(">"),
            b"quot" => Some("\""),
            b"nbsp" => Some("\u{a0}"),
            _ => None,
        };
        if let Some(v) = common {
            return Some((k + 1 - j, CharRef::Named(v)));
        }
    }
    // Names are ASCII alphanumerics, so `first` is a valid index; the bucket holds every
    // entity starting with that byte.
    let bucket =
        &ENTITIES[ENTITY_INDEX[first as usize] as usize..ENTITY_INDEX[first as usize + 1] as usize];
    let exact = if semicolon {
        bucket.binary_search_by(|e| e.0.as_bytes().cmp(name)).ok()
    } else {
        None
    };
    if let Some(idx) = exact {
        return Some((k + 1 - j, CharRef::Named(bucket[idx].1)));
    }
    // Legacy references (at most 6 letters) may appear without ';': longest match wins.
    let (len, value) = bucket
        .iter()
        .filter(|e| e.2 && name.starts_with(e.0.as_bytes()))
        .map(|e| (e.0.len(), e.1))
        .max_by_key(|e| e.0)?;
    if in_attr && matches!(b.get(j + len), Some(c) if *c == b'=' || c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((len, CharRef::Named(value)))
}

/// `ENTITIES[ENTITY_INDEX[c]..ENTITY_INDEX[c + 1]]` are the entities whose name starts
/// with byte `c`; computed at compile time from the sorted table.
static ENTITY_INDEX: [u16; 129] = {
    let mut index = [0u16; 129];
    let mut c = 0;
    while c < 129 {
        let mut i = 0;
        while i < ENTITIES.len() && (ENTITIES[i].0.as_bytes()[0] as usize) < c {
            i += 1;
        }
        index[c] = i as u16;
        c += 1;
    }
    index
};

// ---------------------------------------------------------------------------
// Block builder.

/// Bound on how far end-tag and implied-end searches walk down the stack, so that
/// adversarial nesting plus many stray end tags stays linear.
const MAX_SCAN: usize = 512;
/// Deeper elements replace the innermost one instead of nesting (as Blink does at 512),
/// which bounds memory and per-block work on adversarial input.
const MAX_DEPTH: usize = 4096;
const MAX_TOKENS: usize = 32;
const HASH_BUCKETS: usize = 1024;

/// A class/id token stored in `Builder::tok_text`.
#[derive(Clone, Copy)]
struct TokRef {
    hash: u64,
    start: u32,
    len: u32,
}

struct Frame {
    /// Byte offset of the element's start tag (see [`HtmlBlock::offset`]).
    offset: usize,
    /// Tokens of this element and its ancestors, nearest first, deduplicated and capped;
    /// filled on first use so that sibling blocks share their ancestors' work.
    chain: Option<Vec<TokRef>>,
    name_start: u32,
    name_len: u32,
    /// Raw class and id values live in `attrs[attr_start..next frame's attr_start]`.
    attr_start: u32,
    hash: u16,
    kind: Kind,
    flags: u8,
    block: bool,
}

struct SkipState {
    nest: u32,
    foreign: bool,
}

pub(crate) struct Builder {
    stack: Vec<Frame>,
    /// Names of the open elements, concatenated in stack order.
    names: Vec<u8>,
    /// Raw class and id values of the open elements, concatenated in stack order.
    /// Tokenized only when a block is emitted: most elements never enclose one.
    attrs: String,
    /// Text of tokens referenced by `Frame::chain`; append-only within a document.
    tok_text: String,
    /// Scratch for decoding attribute values.
    decode_buf: String,
    /// Stack indices of open block elements, so the enclosing block is O(1).
    blocks: Vec<u32>,
    /// `href` presence of each open `<a>`.
    links: Vec<bool>,
    /// Open elements per name-hash bucket: lets stray end tags be rejected in O(1).
    open: Vec<u32>,
    skip: Option<SkipState>,
    /// Bumped on every push and pop; with `last_miss` it lets a run of identical stray
    /// end tags skip the stack search after the first one.
    version: u64,
    last_miss: (u64, Vec<u8>),
    text: String,
    pending_space: bool,
    prev_link: bool,
    link_chars: u32,
    link_count: u32,
    link_counted: bool,
    br_pending: bool,
    /// Offset of the start tag being reported.
    tag_offset: usize,
    out: Vec<HtmlBlock>,
}

fn name_hash(name: &[u8]) -> u16 {
    let mut h: u32 = 0x811c_9dc5;
    for &c in name {
        h = (h ^ u32::from(c)).wrapping_mul(0x0100_0193);
    }
    (h as usize % HASH_BUCKETS) as u16
}

/// Characters that render as nothing and would only split or glue words wrongly.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

impl Builder {
    pub(crate) fn new() -> Self {
        Builder {
            stack: Vec::with_capacity(64),
            names: Vec::with_capacity(256),
            attrs: String::with_capacity(1024),
            tok_text: String::new(),
            decode_buf: String::new(),
            blocks: Vec::with_capacity(32),
            links: Vec::new(),
            open: vec![0; HASH_BUCKETS],
            skip: None,
            version: 0,
            last_miss: (u64::MAX, Vec::new()),
            text: String::with_capacity(256),
            pending_space: false,
            prev_link: false,
            link_chars: 0,
            link_count: 0,
            link_counted: false,
            br_pending: false,
            tag_offset: 0,
            out: Vec::new(),
        }
    }

    pub(crate) fn finish(mut self) -> Vec<HtmlBlock> {
        self.flush();
        self.out
    }

    fn frame_name(&self, f: &Frame) -> &[u8] {
        &self.names[f.name_start as usize..(f.name_start + f.name_len) as usize]
    }

    fn push(&mut self, name: &[u8], kind: Kind, flags: u8, attrs: &Attrs<'_>, block: bool) {
        if self.stack.len() >= MAX_DEPTH {
            self.pop_to(self.stack.len() - 1);
        }
        let attr_start = self.attrs.len() as u32;
        if let Some(c) = attrs.class {
            self.attrs.push_str(c);
        }
        if let Some(id) = attrs.id {
            // Any non-alphanumeric separator keeps class and id tokens apart.
            self.attrs.push(' ');
            self.attrs.push_str(id);
        }
        let hash = name_hash(name);
        self.version += 1;
        self.open[hash as usize] += 1;
        if block {
            self.blocks.push(self.stack.len() as u32);
        }
        if kind == Kind::A {
            self.links.push(attrs.href);
        }
        self.stack.push(Frame {
            offset: self.tag_offset,
            name_start: self.names.len() as u32,
            name_len: name.len() as u32,
            attr_start,
            chain: None,
            hash,
            kind,
            flags,
            block,
        });
        self.names.extend_from_slice(name);
    }

    fn pop(&mut self) {
        let Some(f) = self.stack.pop() else {
            return;
        };
        self.version += 1;
        self.open[f.hash as usize] -= 1;
        self.names.truncate(f.name_start as usize);
        self.attrs.truncate(f.attr_start as usize);
        if f.block {
            self.blocks.pop();
        }
        if f.kind == Kind::A {
            self.links.pop();
        }
    }

    /// Pops every element from the top down to and including index `idx`.
    fn pop_to(&mut self, idx: usize) {
        if self.blocks.last().is_some_and(|&b| b as usize >= idx) {
            self.flush();
        }
        while self.stack.len() > idx {
            self.pop();
        }
    }

    /// Nearest open element named `name`, not looking past an element for which `stop` holds.
    fn find_named(&self, name: &[u8], hash: u16, stop: impl Fn(&Frame) -> bool) -> Option<usize> {
        if self.open[hash as usize] == 0 {
            return None;
        }
        for (i, f) in self.stack.iter().enumerate().rev().take(MAX_SCAN) {
            if f.hash == hash && self.frame_name(f) == name {
                return Some(i);
            }
            if stop(f) {
                return None;
            }
        }
        None
    }

    /// Nearest open element of `kind`, stopping at elements for which `stop` holds.
    fn find_kind(&self, kind: Kind, stop: impl Fn(&Frame) -> bool) -> Option<usize> {
        for (i, f) in self.stack.iter().enumerate().rev().take(MAX_SCAN) {
            if f.kind == kind {
                return Some(i);
            }
            if stop(f) {
                return None;
            }
        }
        None
    }

    fn close_p(&mut self) {
        if let Some(i) = self.find_named(b"p", name_hash(b"p"), |f| self.button_scope_stop(f)) {
            self.pop_to(i);
        }
    }

    fn button_scope_stop(&self, f: &Frame) -> bool {
        f.flags & F_SCOPE != 0 || self.frame_name(f) == b"button"
    }

    /// The spec's "special" elements other than address, div and p end the implied-end
    /// search for `<li>`, `<dt>` and `<dd>`.
    fn list_item_stop(&self, f: &Frame) -> bool {
        (f.block || f.flags & F_SCOPE != 0)
            && f.kind != Kind::P
            && !matches!(self.frame_name(f), b"div" | b"address")
    }

    fn br(&mut self) {
        if self.text.is_empty() {
            return;
        }
        if self.br_pending {
            self.flush();
        } else {
            self.br_pending = true;
            self.pending_space = true;
        }
    }

    fn flush(&mut self) {
        if self.text.is_empty() {
            self.reset_block();
            return;
        }
        let offset = self.blocks.last().map(|&bi| self.stack[bi as usize].offset);
        let (tag, path, depth, top) = match self.blocks.last() {
            Some(&bi) => {
                let bi = bi as usize;
                let from = bi.saturating_sub(3);
                let mut path = String::new();
                for f in &self.stack[from..=bi] {
                    if !path.is_empty() {
                        path.push('>');
                    }
                    path.push_str(&String::from_utf8_lossy(self.frame_name(f)));
                }
                let tag = String::from_utf8_lossy(self.frame_name(&self.stack[bi])).into_owned();
                (tag, path, bi as u32, Some(bi))
            }
            None => (
                "body".to_string(),
                "body".to_string(),
                0,
                self.stack.len().checked_sub(1),
            ),
        };
        let attr_tokens = match top {
            Some(top) => self.collect_tokens(top),
            None => Vec::new(),
        };
        self.out.push(HtmlBlock {
            text: self.text.clone(),
            tag,
            path,
            depth,
            link_chars: self.link_chars,
            link_count: self.link_count,
            attr_tokens,
            offset,
        });
        self.reset_block();
    }

    /// Fills `Frame::chain` for frame `j`, reusing the nearest ancestor's chain.
    fn ensure_chain(&mut self, j: usize) {
        if self.stack[j].chain.is_some() {
            return;
        }
        // Walk down to the nearest frame with a chain (bounded), then build upward:
        // a loop, not recursion, so deep documents cannot overflow the call stack.
        let mut base = j;
        while base > 0 && j - base < MAX_SCAN && self.stack[base].chain.is_none() {
            base -= 1;
        }
        let mut inherited: Vec<TokRef> = if base < j {
            self.stack[base].chain.clone().unwrap_or_default()
        } else {
            Vec::new()
        };
        let first = if self.stack[base].chain.is_some() && base < j {
            base + 1
        } else {
            base
        };
        for k in first..=j {
            let own = self.own_tokens(k);
            if own.is_empty() {
                self.stack[k].chain = Some(inherited.clone());
                continue;
            }
            let mut chain: Vec<TokRef> = Vec::with_capacity(MAX_TOKENS);
            for t in own {
                if chain.len() < MAX_TOKENS && !chain.iter().any(|c| c.hash == t.hash) {
                    chain.push(t);
                }
            }
            // The inherited chain is already deduplicated: check it against own tokens only.
            let own_len = chain.len();
            for t in &inherited {
                if chain.len() >= MAX_TOKENS {
                    break;
                }
                if !chain[..own_len].iter().any(|c| c.hash == t.hash) {
                    chain.push(*t);
                }
            }
            self.stack[k].chain = Some(chain.clone());
            inherited = chain;
        }
    }

    /// Tokenizes frame `k`'s raw class and id into `tok_text`.
    fn own_tokens(&mut self, k: usize) -> Vec<TokRef> {
        let start = self.stack[k].attr_start as usize;
        let end = self
            .stack
            .get(k + 1)
            .map_or(self.attrs.len(), |f| f.attr_start as usize);
        let mut out = Vec::new();
        if start == end {
            return out;
        }
        let mut decoded = std::mem::take(&mut self.decode_buf);
        let mut raw = &self.attrs[start..end];
        if raw.contains('&') {
            decoded.clear();
            decode_entities_into(raw, &mut decoded, true);
            raw = &decoded;
        }
        let mut tok_start = self.tok_text.len();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for ch in raw.chars().chain(std::iter::once(' ')) {
            if ch.is_alphanumeric() {
                if ch.is_ascii() {
                    let lc = ch.to_ascii_lowercase();
                    self.tok_text.push(lc);
                    h = fnv_step(h, lc as u8);
                } else {
                    for lc in ch.to_lowercase() {
                        self.tok_text.push(lc);
                        h = mix(h ^ u64::from(u32::from(lc)));
                    }
                }
            } else if self.tok_text.len() > tok_start {
                out.push(TokRef {
                    hash: h,
                    start: tok_start as u32,
                    len: (self.tok_text.len() - tok_start) as u32,
                });
                tok_start = self.tok_text.len();
                h = 0xcbf2_9ce4_8422_2325;
            }
        }
        self.decode_buf = decoded;
        out
    }

    /// Class/id tokens of frame `top` and its ancestors, nearest first.
    fn collect_tokens(&mut self, top: usize) -> Vec<String> {
        self.ensure_chain(top);
        self.stack[top]
            .chain
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|t| self.tok_text[t.start as usize..(t.start + t.len) as usize].to_string())
            .collect()
    }

    fn reset_block(&mut self) {
        self.text.clear();
        self.pending_space = false;
        self.prev_link = false;
        self.link_chars = 0;
        self.link_count = 0;
        self.link_counted = false;
        self.br_pending = false;
    }

    fn emit(&mut self, piece: &str, chars: u32, in_link: bool) {
        if self.pending_space && !self.text.is_empty() {
            self.text.push(' ');
            if in_link && self.prev_link {
                self.link_chars += 1;
            }
        }
        self.pending_space = false;
        self.text.push_str(piece);
        if in_link {
            self.link_chars += chars;
            if !self.link_counted && self.links.last() == Some(&true) {
                self.link_count += 1;
                self.link_counted = true;
            }
        }
        self.prev_link = in_link;
        self.br_pending = false;
    }

    fn push_text(&mut self, s: &str) {
        let in_link = !self.links.is_empty();
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c <= b' ' {
                // Other C0 controls (NUL included) render as nothing.
                if is_html_space(c) {
                    self.pending_space = true;
                }
                i += 1;
            } else if c < 0x80 {
                let start = i;
                while i < b.len() && b[i] > b' ' && b[i] < 0x7f {
                    i += 1;
                }
                if i == start {
                    // DEL renders as nothing, like the other controls.
                    i += 1;
                    continue;
                }
                self.emit(&s[start..i], (i - start) as u32, in_link);
            } else {
                let Some(ch) = s[i..].chars().next() else {
                    break;
                };
                let len = ch.len_utf8();
                if ch.is_whitespace() {
                    self.pending_space = true;
                } else if ('\u{80}'..='\u{9f}').contains(&ch) {
                    // C1 controls in text are Windows-1252 bytes that were transcoded as
                    // Latin-1 somewhere upstream; show what the author typed.
                    let fixed = char::from_u32(u32::from(C1_REMAP[ch as usize - 0x80]))
                        .filter(|c| !c.is_control());
                    if let Some(c) = fixed {
                        let mut buf = [0u8; 4];
                        self.emit(c.encode_utf8(&mut buf), 1, in_link);
                    }
                } else if !is_invisible(ch) && !ch.is_control() {
                    self.emit(&s[i..i + len], 1, in_link);
                }
                i += len;
            }
        }
    }

    fn start_skip(&mut self, name: &[u8], kind: Kind, flags: u8, attrs: &Attrs<'_>) {
        self.push(name, kind, flags, attrs, false);
        self.skip = Some(SkipState {
            nest: 1,
            foreign: kind == Kind::Foreign,
        });
    }

    fn end_skip(&mut self) {
        self.skip = None;
        self.pop();
    }
}

impl Sink for Builder {
    fn tag_at(&mut self, offset: usize) {
        self.tag_offset = offset;
    }

    fn start_tag(&mut self, name: &[u8], kind: Kind, flags: u8, attrs: &Attrs<'_>, closed: bool) {
        if let Some(skip) = &mut self.skip {
            if skip.foreign && flags & F_BREAKOUT != 0 {
                self.end_skip();
            } else {
                // The skipped element is always on top: nothing inside it is pushed.
                let same = self.stack.last().is_some_and(|f| {
                    f.hash == name_hash(name)
                        && &self.names[f.name_start as usize..(f.name_start + f.name_len) as usize]
                            == name
                });
                if same && !(closed && skip.foreign) {
                    skip.nest += 1;
                }
                return;
            }
        }
        if flags & F_CLOSES_P != 0 {
            self.close_p();
        }
        match kind {
            Kind::Html => {
                if self.stack.is_empty() {
                    self.push(name, kind, flags, attrs, false);
                }
                return;
            }
            Kind::Head => return,
            Kind::Body => {
                let open = self.open[name_hash(b"body") as usize] > 0
                    && self.stack.iter().any(|f| f.kind == Kind::Body);
                if !open {
                    self.flush();
                    self.push(name, kind, flags, attrs, true);
                }
                return;
            }
            Kind::Br => return self.br(),
            Kind::Hr => return self.flush(),
            Kind::Void => return,
            _ => {}
        }
        match kind {
            Kind::Foreign if closed => return,
            Kind::Foreign | Kind::Drop | Kind::Script | Kind::RawDrop | Kind::Rcdata => {
                return self.start_skip(name, kind, flags, attrs);
            }
            Kind::A => {
                let open_a = if self.links.is_empty() {
                    None
                } else {
                    self.find_kind(Kind::A, |f| f.flags & F_SCOPE != 0)
                };
                if let Some(i) = open_a {
                    self.pop_to(i);
                }
                self.link_counted = false;
            }
            Kind::Li => {
                if let Some(i) = self.find_kind(Kind::Li, |f| self.list_item_stop(f)) {
                    self.pop_to(i);
                }
            }
            Kind::DtDd => {
                if let Some(i) = self.find_kind(Kind::DtDd, |f| self.list_item_stop(f)) {
                    self.pop_to(i);
                }
            }
            Kind::Cell => {
                if let Some(i) = self.find_kind(Kind::Cell, |f| {
                    matches!(f.kind, Kind::Tr | Kind::TSection | Kind::Table)
                }) {
                    self.pop_to(i);
                }
            }
            Kind::Tr => {
                if let Some(i) =
                    self.find_kind(Kind::Tr, |f| matches!(f.kind, Kind::TSection | Kind::Table))
                {
                    self.pop_to(i);
                }
            }
            Kind::TSection => {
                if let Some(i) = self.find_kind(Kind::TSection, |f| f.kind == Kind::Table) {
                    self.pop_to(i);
                }
            }
            Kind::Opt | Kind::OptGroup => {
                if self.stack.last().is_some_and(|f| f.kind == Kind::Opt) {
                    self.pop_to(self.stack.len() - 1);
                }
                if kind == Kind::OptGroup
                    && self.stack.last().is_some_and(|f| f.kind == Kind::OptGroup)
                {
                    self.pop_to(self.stack.len() - 1);
                }
            }
            // A heading directly inside a heading closes it.
            Kind::Heading if self.stack.last().is_some_and(|f| f.kind == Kind::Heading) => {
                self.pop_to(self.stack.len() - 1);
            }
            _ => {}
        }
        let block = flags & F_BLOCK != 0;
        if block {
            self.flush();
        }
        self.push(name, kind, flags, attrs, block);
    }

    fn end_tag(&mut self, name: &[u8], kind: Kind) {
        let hash = name_hash(name);
        if self.skip.is_some() {
            let top_matches = self
                .stack
                .last()
                .is_some_and(|f| f.hash == hash && self.frame_name(f) == name);
            if top_matches {
                if let Some(skip) = &mut self.skip {
                    skip.nest -= 1;
                    if skip.nest == 0 {
                        self.end_skip();
                    }
                }
                return;
            }
            // An end tag for an element open below the skipped one means the skipped
            // element was never closed: stop skipping rather than lose the rest.
            let below = self.stack.len().saturating_sub(1);
            let open_below = self.open[hash as usize] > 0
                && self.stack[..below]
                    .iter()
                    .rev()
                    .take(MAX_SCAN)
                    .any(|f| f.hash == hash && self.frame_name(f) == name);
            if !open_below {
                return;
            }
            self.end_skip();
        }
        match kind {
            Kind::Br => self.br(),
            Kind::Html | Kind::Head | Kind::Body => {}
            Kind::P => match self.find_named(name, hash, |f| self.button_scope_stop(f)) {
                Some(i) => self.pop_to(i),
                // A stray </p> makes an empty paragraph, which still separates text.
                None => self.flush(),
            },
            // Any open heading closes on any heading end tag, as in the spec.
            Kind::Heading => {
                if let Some(i) = self.find_kind(Kind::Heading, |f| f.flags & F_SCOPE != 0) {
                    self.pop_to(i);
                }
            }
            // Table parts use "table scope": cells and rows inside do not hide the table.
            Kind::Table | Kind::TSection | Kind::Tr | Kind::Cell => {
                let stop = |f: &Frame| {
                    f.kind == Kind::Html || (kind != Kind::Table && f.kind == Kind::Table)
                };
                if let Some(i) = self.find_named(name, hash, stop) {
                    self.pop_to(i);
                }
            }
            _ => {
                if self.last_miss.0 == self.version && self.last_miss.1 == name {
                    return;
                }
                match self.find_named(name, hash, |f| f.flags & F_SCOPE != 0) {
                    Some(i) => self.pop_to(i),
                    None => {
                        self.last_miss.0 = self.version;
                        self.last_miss.1.clear();
                        self.last_miss.1.extend_from_slice(name);
                    }
                }
            }
        }
    }

    fn text(&mut self, text: &str) {
        if self.skip.is_none() {
            self.push_text(text);
        }
    }

    fn wants_text(&self) -> bool {
        self.skip.is_none()
    }
}

// ---------------------------------------------------------------------------
// Title extraction.

#[derive(Default)]
struct TitleSink {
    foreign: u32,
    in_title: bool,
    buf: String,
    title: Option<String>,
}

impl Sink for TitleSink {
    fn start_tag(&mut self, name: &[u8], kind: Kind, _: u8, _: &Attrs<'_>, closed: bool) {
        if kind == Kind::Foreign && !closed {
            self.foreign += 1;
        } else if kind == Kind::Rcdata && name == b"title" && self.foreign == 0 {
            self.in_title = true;
        }
    }

    fn end_tag(&mut self, name: &[u8], kind: Kind) {
        if kind == Kind::Foreign {
            self.foreign = self.foreign.saturating_sub(1);
        } else if self.in_title && name == b"title" {
            self.in_title = false;
            self.title = Some(std::mem::take(&mut self.buf));
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_title {
            self.buf.push_str(text);
        }
    }

    fn done(&self) -> bool {
        self.title.is_some()
    }

    fn wants_text(&self) -> bool {
        self.in_title
    }
}

// ---------------------------------------------------------------------------
// Named character references (WHATWG list): name without ";", value, and whether the
// name is also valid without ";" (legacy).

#[rustfmt::skip]
const ENTITIES: &[(&str, &str, bool)] = &[
    ("AElig", "\u{c6}", true),
    ("AMP", "&", true),
    ("Aacute", "\u{c1}", true),
    ("Abreve", "\u{102}", false),
    ("Acirc", "\u{c2}", true),
    ("Acy", "\u{410}", false),
    ("Afr", "\u{1d504}", false),
    ("Agrave", "\u{c0}", true),
    ("Alpha", "\u{391}", false),
    ("Amacr", "\u{100}", false),
    ("And", "\u{2a53}", false),
    ("Aogon", "\u{104}", false),
    ("Aopf", "\u{1d538}", false),
    ("ApplyFunction", "\u{2061}", false),
    ("Aring", "\u{c5}", true),
    ("Ascr", "\u{1d49c}", false),
    ("Assign", "\u{2254}", false),
    ("Atilde", "\u{c3}", true),
    ("Auml", "\u{c4}", true),
    ("Backslash", "\u{2216}", false),
    ("Barv", "\u{2ae7}", false),
    ("Barwed", "\u{2306}", false),
    ("Bcy", "\u{411}", false),
    ("Because", "\u{2235}", false),
    ("Bernoullis", "\u{212c}", false),
    ("Beta", "\u{392}", false),
    ("Bfr", "\u{1d505}", false),
    ("Bopf", "\u{1d539}", false),
    ("Breve", "\u{2d8}", false),
    ("Bscr", "\u{212c}", false),
    ("Bumpeq", "\u{224e}", false),
    ("CHcy", "\u{427}", false),
    ("COPY", "\u{a9}", true),
    ("Cacute", "\u{106}", false),
    ("Cap", "\u{22d2}", false),
    ("CapitalDifferentialD", "\u{2145}", false),
    ("Cayleys", "\u{212d}", false),
    ("Ccaron", "\u{10c}", false),
    ("Ccedil", "\u{c7}", true),
    ("Ccirc", "\u{108}", false),
    ("Cconint", "\u{2230}", false),
    ("Cdot", "\u{10a}", false),
    ("Cedilla", "\u{b8}", false),
    ("CenterDot", "\u{b7}", false),
    ("Cfr", "\u{212d}", false),
    ("Chi", "\u{3a7}", false),
    ("CircleDot", "\u{2299}", false),
    ("CircleMinus", "\u{2296}", false),
    ("CirclePlus", "\u{2295}", false),
    ("CircleTimes", "\u{2297}", false),
    ("ClockwiseContourIntegral", "\u{2232}", false),
    ("CloseCurlyDoubleQuote", "\u{201d}", false),
    ("CloseCurlyQuote", "\u{2019}", false),
    ("Colon", "\u{2237}", false),
    ("Colone", "\u{2a74}", false),
    ("Congruent", "\u{2261}", false),
    ("Conint", "\u{222f}", false),
    ("ContourIntegral", "\u{222e}", false),
    ("Copf", "\u{2102}", false),
    ("Coproduct", "\u{2210}", false),
    ("CounterClockwiseContourIntegral", "\u{2233}", false),
    ("Cross", "\u{2a2f}", false),
    ("Cscr", "\u{1d49e}", false),
    ("Cup", "\u{22d3}", false),
    ("CupCap", "\u{224d}", false),
    ("DD", "\u{2145}", false),
    ("DDotrahd", "\u{2911}", false),
    ("DJcy", "\u{402}", false),
    ("DScy", "\u{405}", false),
    ("DZcy", "\u{40f}", false),
    ("Dagger", "\u{2021}", false),
    ("Darr", "\u{21a1}", false),
    ("Dashv", "\u{2ae4}", false),
    ("Dcaron", "\u{10e}", false),
    ("Dcy", "\u{414}", false),
    ("Del", "\u{2207}", false),
    ("Delta", "\u{394}", false),
    ("Dfr", "\u{1d507}", false),
    ("DiacriticalAcute", "\u{b4}", false),
    ("DiacriticalDot", "\u{2d9}", false),
    ("DiacriticalDoubleAcute", "\u{2dd}", false),
    ("DiacriticalGrave", "`", false),
    ("DiacriticalTilde", "\u{2dc}", false),
    ("Diamond", "\u{22c4}", false),
    ("DifferentialD", "\u{2146}", false),
    ("Dopf", "\u{1d53b}", false),
    ("Dot", "\u{a8}", false),
    ("DotDot", "\u{20dc}", false),
    ("DotEqual", "\u{2250}", false),
    ("DoubleContourIntegral", "\u{222f}", false),
    ("DoubleDot", "\u{a8}", false),
    ("DoubleDownArrow", "\u{21d3}", false),
    ("DoubleLeftArrow", "\u{21d0}", false),
    ("DoubleLeftRightArrow", "\u{21d4}", false),
    ("DoubleLeftTee", "\u{2ae4}", false),
    ("DoubleLongLeftArrow", "\u{27f8}", false),
    ("DoubleLongLeftRightArrow", "\u{27fa}", false),
    ("DoubleLongRightArrow", "\u{27f9}", false),
    ("DoubleRightArrow", "\u{21d2}", false),
    ("DoubleRightTee", "\u{22a8}", false),
    ("DoubleUpArrow", "\u{21d1}", false),
    ("DoubleUpDownArrow", "\u{21d5}", false),
    ("DoubleVerticalBar", "\u{2225}", false),
    ("DownArrow", "\u{2193}", false),
    ("DownArrowBar", "\u{2913}", false),
    ("DownArrowUpArrow", "\u{21f5}", false),
    ("DownBreve", "\u{311}", false),
    ("DownLeftRightVector", "\u{2950}", false),
    ("DownLeftTeeVector", "\u{295e}", false),
    ("DownLeftVector", "\u{21bd}", false),
    ("DownLeftVectorBar", "\u{2956}", false),
    ("DownRightTeeVector", "\u{295f}", false),
    ("DownRightVector", "\u{21c1}", false),
    ("DownRightVectorBar", "\u{2957}", false),
    ("DownTee", "\u{22a4}", false),
    ("DownTeeArrow", "\u{21a7}", false),
    ("Downarrow", "\u{21d3}", false),
    ("Dscr", "\u{1d49f}", false),
    ("Dstrok", "\u{110}", false),
    ("ENG", "\u{14a}", false),
    ("ETH", "\u{d0}", true),
    ("Eacute", "\u{c9}", true),
    ("Ecaron", "\u{11a}", false),
    ("Ecirc", "\u{ca}", true),
    ("Ecy", "\u{42d}", false),
    ("Edot", "\u{116}", false),
    ("Efr", "\u{1d508}", false),
    ("Egrave", "\u{c8}", true),
    ("Element", "\u{2208}", false),
    ("Emacr", "\u{112}", false),
    ("EmptySmallSquare", "\u{25fb}", false),
    ("EmptyVerySmallSquare", "\u{25ab}", false),
    ("Eogon", "\u{118}", false),
    ("Eopf", "\u{1d53c}", false),
    ("Epsilon", "\u{395}", false),
    ("Equal", "\u{2a75}", false),
    ("EqualTilde", "\u{2242}", false),
    ("Equilibrium", "\u{21cc}", false),
    ("Escr", "\u{2130}", false),
    ("Esim", "\u{2a73}", false),
    ("Eta", "\u{397}", false),
    ("Euml", "\u{cb}", true),
    ("Exists", "\u{2203}", false),
    ("ExponentialE", "\u{2147}", false),
    ("Fcy", "\u{424}", false),
    ("Ffr", "\u{1d509}", false),
    ("FilledSmallSquare", "\u{25fc}", false),
    ("FilledVerySmallSquare", "\u{25aa}", false),
    ("Fopf", "\u{1d53d}", false),
    ("ForAll", "\u{2200}", false),
    ("Fouriertrf", "\u{2131}", false),
    ("Fscr", "\u{2131}", false),
    ("GJcy", "\u{403}", false),
    ("GT", ">", true),
    ("Gamma", "\u{393}", false),
    ("Gammad", "\u{3dc}", false),
    ("Gbreve", "\u{11e}", false),
    ("Gcedil", "\u{122}", false),
    ("Gcirc", "\u{11c}", false),
    ("Gcy", "\u{413}", false),
    ("Gdot", "\u{120}", false),
    ("Gfr", "\u{1d50a}", false),
    ("Gg", "\u{22d9}", false),
    ("Gopf", "\u{1d53e}", false),
    ("GreaterEqual", "\u{2265}", false),
    ("GreaterEqualLess", "\u{22db}", false),
    ("GreaterFullEqual", "\u{2267}", false),
    ("GreaterGreater", "\u{2aa2}", false),
    ("GreaterLess", "\u{2277}", false),
    ("GreaterSlantEqual", "\u{2a7e}", false),
    ("GreaterTilde", "\u{2273}", false),
    ("Gscr", "\u{1d4a2}", false),
    ("Gt", "\u{226b}", false),
    ("HARDcy", "\u{42a}", false),
    ("Hacek", "\u{2c7}", false),
    ("Hat", "^", false),
    ("Hcirc", "\u{124}", false),
    ("Hfr", "\u{210c}", false),
    ("HilbertSpace", "\u{210b}", false),
    ("Hopf", "\u{210d}", false),
    ("HorizontalLine", "\u{2500}", false),
    ("Hscr", "\u{210b}", false),
    ("Hstrok", "\u{126}", false),
    ("HumpDownHump", "\u{224e}", false),
    ("HumpEqual", "\u{224f}", false),
    ("IEcy", "\u{415}", false),
    ("IJlig", "\u{132}", false),
    ("IOcy", "\u{401}", false),
    ("Iacute", "\u{cd}", true),
    ("Icirc", "\u{ce}", true),
    ("Icy", "\u{418}", false),
    ("Idot", "\u{130}", false),
    ("Ifr", "\u{2111}", false),
    ("Igrave", "\u{cc}", true),
    ("Im", "\u{2111}", false),
    ("Imacr", "\u{12a}", false),
    ("ImaginaryI", "\u{2148}", false),
    ("Implies", "\u{21d2}", false),
    ("Int", "\u{222c}", false),
    ("Integral", "\u{222b}", false),
    ("Intersection", "\u{22c2}", false),
    ("InvisibleComma", "\u{2063}", false),
    ("InvisibleTimes", "\u{2062}", false),
    ("Iogon", "\u{12e}", false),
    ("Iopf", "\u{1d540}", false),
    ("Iota", "\u{399}", false),
    ("Iscr", "\u{2110}", false),
    ("Itilde", "\u{128}", false),
    ("Iukcy", "\u{406}", false),
    ("Iuml", "\u{cf}", true),
    ("Jcirc", "\u{134}", false),
    ("Jcy", "\u{419}", false),
    ("Jfr", "\u{1d50d}", false),
    ("Jopf", "\u{1d541}", false),
    ("Jscr", "\u{1d4a5}", false),
    ("Jsercy", "\u{408}", false),
    ("Jukcy", "\u{404}", false),
    ("KHcy", "\u{425}", false),
    ("KJcy", "\u{40c}", false),
    ("Kappa", "\u{39a}", false),
    ("Kcedil", "\u{136}", false),
    ("Kcy", "\u{41a}", false),
    ("Kfr", "\u{1d50e}", false),
    ("Kopf", "\u{1d542}", false),
    ("Kscr", "\u{1d4a6}", false),
    ("LJcy", "\u{409}", false),
    ("LT", "<", true),
    ("Lacute", "\u{139}", false),
    ("Lambda", "\u{39b}", false),
    ("Lang", "\u{27ea}", false),
    ("Laplacetrf", "\u{2112}", false),
    ("Larr", "\u{219e}", false),
    ("Lcaron", "\u{13d}", false),
    ("Lcedil", "\u{13b}", false),
    ("Lcy", "\u{41b}", false),
    ("LeftAngleBracket", "\u{27e8}", false),
    ("LeftArrow", "\u{2190}", false),
    ("LeftArrowBar", "\u{21e4}", false),
    ("LeftArrowRightArrow", "\u{21c6}", false),
    ("LeftCeiling", "\u{2308}", false),
    ("LeftDoubleBracket", "\u{27e6}", false),
    ("LeftDownTeeVector", "\u{2961}", false),
    ("LeftDownVector", "\u{21c3}", false),
    ("LeftDownVectorBar", "\u{2959}", false),
    ("LeftFloor", "\u{230a}", false),
    ("LeftRightArrow", "\u{2194}", false),
    ("LeftRightVector", "\u{294e}", false),
    ("LeftTee", "\u{22a3}", false),
    ("LeftTeeArrow", "\u{21a4}", false),
    ("LeftTeeVector", "\u{295a}", false),
    ("LeftTriangle", "\u{22b2}", false),
    ("LeftTriangleBar", "\u{29cf}", false),
    ("LeftTriangleEqual", "\u{22b4}", false),
    ("LeftUpDownVector", "\u{2951}", false),
    ("LeftUpTeeVector", "\u{2960}", false),
    ("LeftUpVector", "\u{21bf}", false),
    ("LeftUpVectorBar", "\u{2958}", false),
    ("LeftVector", "\u{21bc}", false),
    ("LeftVectorBar", "\u{2952}", false),
    ("Leftarrow", "\u{21d0}", false),
    ("Leftrightarrow", "\u{21d4}", false),
    ("LessEqualGreater", "\u{22da}", false),
    ("LessFullEqual", "\u{2266}", false),
    ("LessGreater", "\u{2276}", false),
    ("LessLess", "\u{2aa1}", false),
    ("LessSlantEqual", "\u{2a7d}", false),
    ("LessTilde", "\u{2272}", false),
    ("Lfr", "\u{1d50f}", false),
    ("Ll", "\u{22d8}", false),
    ("Lleftarrow", "\u{21da}", false),
    ("Lmidot", "\u{13f}", false),
    ("LongLeftArrow", "\u{27f5}", false),
    ("LongLeftRightArrow", "\u{27f7}", false),
    ("LongRightArrow", "\u{27f6}", false),
    ("Longleftarrow", "\u{27f8}", false),
    ("Longleftrightarrow", "\u{27fa}", false),
    ("Longrightarrow", "\u{27f9}", false),
    ("Lopf", "\u{1d543}", false),
    ("LowerLeftArrow", "\u{2199}", false),
    ("LowerRightArrow", "\u{2198}", false),
    ("Lscr", "\u{2112}", false),
    ("Lsh", "\u{21b0}", false),
    ("Lstrok", "\u{141}", false),
    ("Lt", "\u{226a}", false),
    ("Map", "\u{2905}", false),
    ("Mcy", "\u{41c}", false),
    ("MediumSpace", "\u{205f}", false),
    ("Mellintrf", "\u{2133}", false),
    ("Mfr", "\u{1d510}", false),
    ("MinusPlus", "\u{2213}", false),
    ("Mopf", "\u{1d544}", false),
    ("Mscr", "\u{2133}", false),
    ("Mu", "\u{39c}", false),
    ("NJcy", "\u{40a}", false),
    ("Nacute", "\u{143}", false),
    ("Ncaron", "\u{147}", false),
    ("Ncedil", "\u{145}", false),
    ("Ncy", "\u{41d}", false),
    ("NegativeMediumSpace", "\u{200b}", false),
    ("NegativeThickSpace", "\u{200b}", false),
    ("NegativeThinSpace", "\u{200b}", false),
    ("NegativeVeryThinSpace", "\u{200b}", false),
    ("NestedGreaterGreater", "\u{226b}", false),
    ("NestedLessLess", "\u{226a}", false),
    ("NewLine", "\u{a}", false),
    ("Nfr", "\u{1d511}", false),
    ("NoBreak", "\u{2060}", false),
    ("NonBreakingSpace", "\u{a0}", false),
    ("Nopf", "\u{2115}", false),
    ("Not", "\u{2aec}", false),
    ("NotCongruent", "\u{2262}", false),
    ("NotCupCap", "\u{226d}", false),
    ("NotDoubleVerticalBar", "\u{2226}", false),
    ("NotElement", "\u{2209}", false),
    ("NotEqual", "\u{2260}", false),
    ("NotEqualTilde", "\u{2242}\u{338}", false),
    ("NotExists", "\u{2204}", false),
    ("NotGreater", "\u{226f}", false),
    ("NotGreaterEqual", "\u{2271}", false),
    ("NotGreaterFullEqual", "\u{2267}\u{338}", false),
    ("NotGreaterGreater", "\u{226b}\u{338}", false),
    ("NotGreaterLess", "\u{2279}", false),
    ("NotGreaterSlantEqual", "\u{2a7e}\u{338}", false),
    ("NotGreaterTilde", "\u{2275}", false),
    ("NotHumpDownHump", "\u{224e}\u{338}", false),
    ("NotHumpEqual", "\u{224f}\u{338}", false),
    ("NotLeftTriangle", "\u{22ea}", false),
    ("NotLeftTriangleBar", "\u{29cf}\u{338}", false),
    ("NotLeftTriangleEqual", "\u{22ec}", false),
    ("NotLess", "\u{226e}", false),
    ("NotLessEqual", "\u{2270}", false),
    ("NotLessGreater", "\u{2278}", false),
    ("NotLessLess", "\u{226a}\u{338}", false),
    ("NotLessSlantEqual", "\u{2a7d}\u{338}", false),
    ("NotLessTilde", "\u{2274}", false),
    ("NotNestedGreaterGreater", "\u{2aa2}\u{338}", false),
    ("NotNestedLessLess", "\u{2aa1}\u{338}", false),
    ("NotPrecedes", "\u{2280}", false),
    ("NotPrecedesEqual", "\u{2aaf}\u{338}", false),
    ("NotPrecedesSlantEqual", "\u{22e0}", false),
    ("NotReverseElement", "\u{220c}", false),
    ("NotRightTriangle", "\u{22eb}", false),
    ("NotRightTriangleBar", "\u{29d0}\u{338}", false),
    ("NotRightTriangleEqual", "\u{22ed}", false),
    ("NotSquareSubset", "\u{228f}\u{338}", false),
    ("NotSquareSubsetEqual", "\u{22e2}", false),
    ("NotSquareSuperset", "\u{2290}\u{338}", false),
    ("NotSquareSupersetEqual", "\u{22e3}", false),
    ("NotSubset", "\u{2282}\u{20d2}", false),
    ("NotSubsetEqual", "\u{2288}", false),
    ("NotSucceeds", "\u{2281}", false),
    ("NotSucceedsEqual", "\u{2ab0}\u{338}", false),
    ("NotSucceedsSlantEqual", "\u{22e1}", false),
    ("NotSucceedsTilde", "\u{227f}\u{338}", false),
    ("NotSuperset", "\u{2283}\u{20d2}", false),
    ("NotSupersetEqual", "\u{2289}", false),
    ("NotTilde", "\u{2241}", false),
    ("NotTildeEqual", "\u{2244}", false),
    ("NotTildeFullEqual", "\u{2247}", false),
    ("NotTildeTilde", "\u{2249}", false),
    ("NotVerticalBar", "\u{2224}", false),
    ("Nscr", "\u{1d4a9}", false),
    ("Ntilde", "\u{d1}", true),
    ("Nu", "\u{39d}", false),
    ("OElig", "\u{152}", false),
    ("Oacute", "\u{d3}", true),
    ("Ocirc", "\u{d4}", true),
    ("Ocy", "\u{41e}", false),
    ("Odblac", "\u{150}", false),
    ("Ofr", "\u{1d512}", false),
    ("Ograve", "\u{d2}", true),
    ("Omacr", "\u{14c}", false),
    ("Omega", "\u{3a9}", false),
    ("Omicron", "\u{39f}", false),
    ("Oopf", "\u{1d546}", false),
    ("OpenCurlyDoubleQuote", "\u{201c}", false),
    ("OpenCurlyQuote", "\u{2018}", false),
    ("Or", "\u{2a54}", false),
    ("Oscr", "\u{1d4aa}", false),
    ("Oslash", "\u{d8}", true),
    ("Otilde", "\u{d5}", true),
    ("Otimes", "\u{2a37}", false),
    ("Ouml", "\u{d6}", true),
    ("OverBar", "\u{203e}", false),
    ("OverBrace", "\u{23de}", false),
    ("OverBracket", "\u{23b4}", false),
    ("OverParenthesis", "\u{23dc}", false),
    ("PartialD", "\u{2202}", false),
    ("Pcy", "\u{41f}", false),
    ("Pfr", "\u{1d513}", false),
    ("Phi", "\u{3a6}", false),
    ("Pi", "\u{3a0}", false),
    ("PlusMinus", "\u{b1}", false),
    ("Poincareplane", "\u{210c}", false),
    ("Popf", "\u{2119}", false),
    ("Pr", "\u{2abb}", false),
    ("Precedes", "\u{227a}", false),
    ("PrecedesEqual", "\u{2aaf}", false),
    ("PrecedesSlantEqual", "\u{227c}", false),
    ("PrecedesTilde", "\u{227e}", false),
    ("Prime", "\u{2033}", false),
    ("Product", "\u{220f}", false),
    ("Proportion", "\u{2237}", false),
    ("Proportional", "\u{221d}", false),
    ("Pscr", "\u{1d4ab}", false),
    ("Psi", "\u{3a8}", false),
    ("QUOT", "\u{22}", true),
    ("Qfr", "\u{1d514}", false),
    ("Qopf", "\u{211a}", false),
    ("Qscr", "\u{1d4ac}", false),
    ("RBarr", "\u{2910}", false),
    ("REG", "\u{ae}", true),
    ("Racute", "\u{154}", false),
    ("Rang", "\u{27eb}", false),
    ("Rarr", "\u{21a0}", false),
    ("Rarrtl", "\u{2916}", false),
    ("Rcaron", "\u{158}", false),
    ("Rcedil", "\u{156}", false),
    ("Rcy", "\u{420}", false),
    ("Re", "\u{211c}", false),
    ("ReverseElement", "\u{220b}", false),
    ("ReverseEquilibrium", "\u{21cb}", false),
    ("ReverseUpEquilibrium", "\u{296f}", false),
    ("Rfr", "\u{211c}", false),
    ("Rho", "\u{3a1}", false),
    ("RightAngleBracket", "\u{27e9}", false),
    ("RightArrow", "\u{2192}", false),
    ("RightArrowBar", "\u{21e5}", false),
    ("RightArrowLeftArrow", "\u{21c4}", false),
    ("RightCeiling", "\u{2309}", false),
    ("RightDoubleBracket", "\u{27e7}", false),
    ("RightDownTeeVector", "\u{295d}", false),
    ("RightDownVector", "\u{21c2}", false),
    ("RightDownVectorBar", "\u{2955}", false),
    ("RightFloor", "\u{230b}", false),
    ("RightTee", "\u{22a2}", false),
    ("RightTeeArrow", "\u{21a6}", false),
    ("RightTeeVector", "\u{295b}", false),
    ("RightTriangle", "\u{22b3}", false),
    ("RightTriangleBar", "\u{29d0}", false),
    ("RightTriangleEqual", "\u{22b5}", false),
    ("RightUpDownVector", "\u{294f}", false),
    ("RightUpTeeVector", "\u{295c}", false),
    ("RightUpVector", "\u{21be}", false),
    ("RightUpVectorBar", "\u{2954}", false),
    ("RightVector", "\u{21c0}", false),
    ("RightVectorBar", "\u{2953}", false),
    ("Rightarrow", "\u{21d2}", false),
    ("Ropf", "\u{211d}", false),
    ("RoundImplies", "\u{2970}", false),
    ("Rrightarrow", "\u{21db}", false),
    ("Rscr", "\u{211b}", false),
    ("Rsh", "\u{21b1}", false),
    ("RuleDelayed", "\u{29f4}", false),
    ("SHCHcy", "\u{429}", false),
    ("SHcy", "\u{428}", false),
    ("SOFTcy", "\u{42c}", false),
    ("Sacute", "\u{15a}", false),
    ("Sc", "\u{2abc}", false),
    ("Scaron", "\u{160}", false),
    ("Scedil", "\u{15e}", false),
    ("Scirc", "\u{15c}", false),
    ("Scy", "\u{421}", false),
    ("Sfr", "\u{1d516}", false),
    ("ShortDownArrow", "\u{2193}", false),
    ("ShortLeftArrow", "\u{2190}", false),
    ("ShortRightArrow", "\u{2192}", false),
    ("ShortUpArrow", "\u{2191}", false),
    ("Sigma", "\u{3a3}", false),
    ("SmallCircle", "\u{2218}", false),
    ("Sopf", "\u{1d54a}", false),
    ("Sqrt", "\u{221a}", false),
    ("Square", "\u{25a1}", false),
    ("SquareIntersection", "\u{2293}", false),
    ("SquareSubset", "\u{228f}", false),
    ("SquareSubsetEqual", "\u{2291}", false),
    ("SquareSuperset", "\u{2290}", false),
    ("SquareSupersetEqual", "\u{2292}", false),
    ("SquareUnion", "\u{2294}", false),
    ("Sscr", "\u{1d4ae}", false),
    ("Star", "\u{22c6}", false),
    ("Sub", "\u{22d0}", false),
    ("Subset", "\u{22d0}", false),
    ("SubsetEqual", "\u{2286}", false),
    ("Succeeds", "\u{227b}", false),
    ("SucceedsEqual", "\u{2ab0}", false),
    ("SucceedsSlantEqual", "\u{227d}", false),
    ("SucceedsTilde", "\u{227f}", false),
    ("SuchThat", "\u{220b}", false),
    ("Sum", "\u{2211}", false),
    ("Sup", "\u{22d1}", false),
    ("Superset", "\u{2283}", false),
    ("SupersetEqual", "\u{2287}", false),
    ("Supset", "\u{22d1}", false),
    ("THORN", "\u{de}", true),
    ("TRADE", "\u{2122}", false),
    ("TSHcy", "\u{40b}", false),
    ("TScy", "\u{426}", false),
    ("Tab", "\u{9}", false),
    ("Tau", "\u{3a4}", false),
    ("Tcaron", "\u{164}", false),
    ("Tcedil", "\u{162}", false),
    ("Tcy", "\u{422}", false),
    ("Tfr", "\u{1d517}", false),
    ("Therefore", "\u{2234}", false),
    ("Theta", "\u{398}", false),
    ("ThickSpace", "\u{205f}\u{200a}", false),
    ("ThinSpace", "\u{2009}", false),
    ("Tilde", "\u{223c}", false),
    ("TildeEqual", "\u{2243}", false),
    ("TildeFullEqual", "\u{2245}", false),
    ("TildeTilde", "\u{2248}", false),
    ("Topf", "\u{1d54b}", false),
    ("TripleDot", "\u{20db}", false),
    ("Tscr", "\u{1d4af}", false),
    ("Tstrok", "\u{166}", false),
    ("Uacute", "\u{da}", true),
    ("Uarr", "\u{219f}", false),
    ("Uarrocir", "\u{2949}", false),
    ("Ubrcy", "\u{40e}", false),
    ("Ubreve", "\u{16c}", false),
    ("Ucirc", "\u{db}", true),
    ("Ucy", "\u{423}", false),
    ("Udblac", "\u{170}", false),
    ("Ufr", "\u{1d518}", false),
    ("Ugrave", "\u{d9}", true),
    ("Umacr", "\u{16a}", false),
    ("UnderBar", "_", false),
    ("UnderBrace", "\u{23df}", false),
    ("UnderBracket", "\u{23b5}", false),
    ("UnderParenthesis", "\u{23dd}", false),
    ("Union", "\u{22c3}", false),
    ("UnionPlus", "\u{228e}", false),
    ("Uogon", "\u{172}", false),
    ("Uopf", "\u{1d54c}", false),
    ("UpArrow", "\u{2191}", false),
    ("UpArrowBar", "\u{2912}", false),
    ("UpArrowDownArrow", "\u{21c5}", false),
    ("UpDownArrow", "\u{2195}", false),
    ("UpEquilibrium", "\u{296e}", false),
    ("UpTee", "\u{22a5}", false),
    ("UpTeeArrow", "\u{21a5}", false),
    ("Uparrow", "\u{21d1}", false),
    ("Updownarrow", "\u{21d5}", false),
    ("UpperLeftArrow", "\u{2196}", false),
    ("UpperRightArrow", "\u{2197}", false),
    ("Upsi", "\u{3d2}", false),
    ("Upsilon", "\u{3a5}", false),
    ("Uring", "\u{16e}", false),
    ("Uscr", "\u{1d4b0}", false),
    ("Utilde", "\u{168}", false),
    ("Uuml", "\u{dc}", true),
    ("VDash", "\u{22ab}", false),
    ("Vbar", "\u{2aeb}", false),
    ("Vcy", "\u{412}", false),
    ("Vdash", "\u{22a9}", false),
    ("Vdashl", "\u{2ae6}", false),
    ("Vee", "\u{22c1}", false),
    ("Verbar", "\u{2016}", false),
    ("Vert", "\u{2016}", false),
    ("VerticalBar", "\u{2223}", false),
    ("VerticalLine", "|", false),
    ("VerticalSeparator", "\u{2758}", false),
    ("VerticalTilde", "\u{2240}", false),
    ("VeryThinSpace", "\u{200a}", false),
    ("Vfr", "\u{1d519}", false),
    ("Vopf", "\u{1d54d}", false),
    ("Vscr", "\u{1d4b1}", false),
    ("Vvdash", "\u{22aa}", false),
    ("Wcirc", "\u{174}", false),
    ("Wedge", "\u{22c0}", false),
    ("Wfr", "\u{1d51a}", false),
    ("Wopf", "\u{1d54e}", false),
    ("Wscr", "\u{1d4b2}", false),
    ("Xfr", "\u{1d51b}", false),
    ("Xi", "\u{39e}", false),
    ("Xopf", "\u{1d54f}", false),
    ("Xscr", "\u{1d4b3}", false),
    ("YAcy", "\u{42f}", false),
    ("YIcy", "\u{407}", false),
    ("YUcy", "\u{42e}", false),
    ("Yacute", "\u{dd}", true),
    ("Ycirc", "\u{176}", false),
    ("Ycy", "\u{42b}", false),
    ("Yfr", "\u{1d51c}", false),
    ("Yopf", "\u{1d550}", false),
    ("Yscr", "\u{1d4b4}", false),
    ("Yuml", "\u{178}", false),
    ("ZHcy", "\u{416}", false),
    ("Zacute", "\u{179}", false),
    ("Zcaron", "\u{17d}", false),
    ("Zcy", "\u{417}", false),
    ("Zdot", "\u{17b}", false),
    ("ZeroWidthSpace", "\u{200b}", false),
    ("Zeta", "\u{396}", false),
    ("Zfr", "\u{2128}", false),
    ("Zopf", "\u{2124}", false),
    ("Zscr", "\u{1d4b5}", false),
    ("aacute", "\u{e1}", true),
    ("abreve", "\u{103}", false),
    ("ac", "\u{223e}", false),
    ("acE", "\u{223e}\u{333}", false),
    ("acd", "\u{223f}", false),
    ("acirc", "\u{e2}", true),
    ("acute", "\u{b4}", true),
    ("acy", "\u{430}", false),
    ("aelig", "\u{e6}", true),
    ("af", "\u{2061}", false),
    ("afr", "\u{1d51e}", false),
    ("agrave", "\u{e0}", true),
    ("alefsym", "\u{2135}", false),
    ("aleph", "\u{2135}", false),
    ("alpha", "\u{3b1}", false),
    ("amacr", "\u{101}", false),
    ("amalg", "\u{2a3f}", false),
    ("amp", "&", true),
    ("and", "\u{2227}", false),
    ("andand", "\u{2a55}", false),
    ("andd", "\u{2a5c}", false),
    ("andslope", "\u{2a58}", false),
    ("andv", "\u{2a5a}", false),
    ("ang", "\u{2220}", false),
    ("ange", "\u{29a4}", false),
    ("angle", "\u{2220}", false),
    ("angmsd", "\u{2221}", false),
    ("angmsdaa", "\u{29a8}", false),
    ("angmsdab", "\u{29a9}", false),
    ("angmsdac", "\u{29aa}", false),
    ("angmsdad", "\u{29ab}", false),
    ("angmsdae", "\u{29ac}", false),
    ("angmsdaf", "\u{29ad}", false),
    ("angmsdag", "\u{29ae}", false),
    ("angmsdah", "\u{29af}", false),
    ("angrt", "\u{221f}", false),
    ("angrtvb", "\u{22be}", false),
    ("angrtvbd", "\u{299d}", false),
    ("angsph", "\u{2222}", false),
    ("angst", "\u{c5}", false),
    ("angzarr", "\u{237c}", false),
    ("aogon", "\u{105}", false),
    ("aopf", "\u{1d552}", false),
    ("ap", "\u{2248}", false),
    ("apE", "\u{2a70}", false),
    ("apacir", "\u{2a6f}", false),
    ("ape", "\u{224a}", false),
    ("apid", "\u{224b}", false),
    ("apos", "'", false),
    ("approx", "\u{2248}", false),
    ("approxeq", "\u{224a}", false),
    ("aring", "\u{e5}", true),
    ("ascr", "\u{1d4b6}", false),
    ("ast", "*", false),
    ("asymp", "\u{2248}", false),
    ("asympeq", "\u{224d}", false),
    ("atilde", "\u{e3}", true),
    ("auml", "\u{e4}", true),
    ("awconint", "\u{2233}", false),
    ("awint", "\u{2a11}", false),
    ("bNot", "\u{2aed}", false),
    ("backcong", "\u{224c}", false),
    ("backepsilon", "\u{3f6}", false),
    ("backprime", "\u{2035}", false),
    ("backsim", "\u{223d}", false),
    ("backsimeq", "\u{22cd}", false),
    ("barvee", "\u{22bd}", false),
    ("barwed", "\u{2305}", false),
    ("barwedge", "\u{2305}", false),
    ("bbrk", "\u{23b5}", false),
    ("bbrktbrk", "\u{23b6}", false),
    ("bcong", "\u{224c}", false),
    ("bcy", "\u{431}", false),
    ("bdquo", "\u{201e}", false),
    ("becaus", "\u{2235}", false),
    ("because", "\u{2235}", false),
    ("bemptyv", "\u{29b0}", false),
    ("bepsi", "\u{3f6}", false),
    ("bernou", "\u{212c}", false),
    ("beta", "\u{3b2}", false),
    ("beth", "\u{2136}", false),
    ("between", "\u{226c}", false),
    ("bfr", "\u{1d51f}", false),
    ("bigcap", "\u{22c2}", false),
    ("bigcirc", "\u{25ef}", false),
    ("bigcup", "\u{22c3}", false),
    ("bigodot", "\u{2a00}", false),
    ("bigoplus", "\u{2a01}", false),
    ("bigotimes", "\u{2a02}", false),
    ("bigsqcup", "\u{2a06}", false),
    ("bigstar", "\u{2605}", false),
    ("bigtriangledown", "\u{25bd}", false),
    ("bigtriangleup", "\u{25b3}", false),
    ("biguplus", "\u{2a04}", false),
    ("bigvee", "\u{22c1}", false),
    ("bigwedge", "\u{22c0}", false),
    ("bkarow", "\u{290d}", false),
    ("blacklozenge", "\u{29eb}", false),
    ("blacksquare", "\u{25aa}", false),
    ("blacktriangle", "\u{25b4}", false),
    ("blacktriangledown", "\u{25be}", false),
    ("blacktriangleleft", "\u{25c2}", false),
    ("blacktriangleright", "\u{25b8}", false),
    ("blank", "\u{2423}", false),
    ("blk12", "\u{2592}", false),
    ("blk14", "\u{2591}", false),
    ("blk34", "\u{2593}", false),
    ("block", "\u{2588}", false),
    ("bne", "=\u{20e5}", false),
    ("bnequiv", "\u{2261}\u{20e5}", false),
    ("bnot", "\u{2310}", false),
    ("bopf", "\u{1d553}", false),
    ("bot", "\u{22a5}", false),
    ("bottom", "\u{22a5}", false),
    ("bowtie", "\u{22c8}", false),
    ("boxDL", "\u{2557}", false),
    ("boxDR", "\u{2554}", false),
    ("boxDl", "\u{2556}", false),
    ("boxDr", "\u{2553}", false),
    ("boxH", "\u{2550}", false),
    ("boxHD", "\u{2566}", false),
    ("boxHU", "\u{2569}", false),
    ("boxHd", "\u{2564}", false),
    ("boxHu", "\u{2567}", false),
    ("boxUL", "\u{255d}", false),
    ("boxUR", "\u{255a}", false),
    ("boxUl", "\u{255c}", false),
    ("boxUr", "\u{2559}", false),
    ("boxV", "\u{2551}", false),
    ("boxVH", "\u{256c}", false),
    ("boxVL", "\u{2563}", false),
    ("boxVR", "\u{2560}", false),
    ("boxVh", "\u{256b}", false),
    ("boxVl", "\u{2562}", false),
    ("boxVr", "\u{255f}", false),
    ("boxbox", "\u{29c9}", false),
    ("boxdL", "\u{2555}", false),
    ("boxdR", "\u{2552}", false),
    ("boxdl", "\u{2510}", false),
    ("boxdr", "\u{250c}", false),
    ("boxh", "\u{2500}", false),
    ("boxhD", "\u{2565}", false),
    ("boxhU", "\u{2568}", false),
    ("boxhd", "\u{252c}", false),
    ("boxhu", "\u{2534}", false),
    ("boxminus", "\u{229f}", false),
    ("boxplus", "\u{229e}", false),
    ("boxtimes", "\u{22a0}", false),
    ("boxuL", "\u{255b}", false),
    ("boxuR", "\u{2558}", false),
    ("boxul", "\u{2518}", false),
    ("boxur", "\u{2514}", false),
    ("boxv", "\u{2502}", false),
    ("boxvH", "\u{256a}", false),
    ("boxvL", "\u{2561}", false),
    ("boxvR", "\u{255e}", false),
    ("boxvh", "\u{253c}", false),
    ("boxvl", "\u{2524}", false),
    ("boxvr", "\u{251c}", false),
    ("bprime", "\u{2035}", false),
    ("breve", "\u{2d8}", false),
    ("brvbar", "\u{a6}", true),
    ("bscr", "\u{1d4b7}", false),
    ("bsemi", "\u{204f}", false),
    ("bsim", "\u{223d}", false),
    ("bsime", "\u{22cd}", false),
    ("bsol", "\u{5c}", false),
    ("bsolb", "\u{29c5}", false),
    ("bsolhsub", "\u{27c8}", false),
    ("bull", "\u{2022}", false),
    ("bullet", "\u{2022}", false),
    ("bump", "\u{224e}", false),
    ("bumpE", "\u{2aae}", false),
    ("bumpe", "\u{224f}", false),
    ("bumpeq", "\u{224f}", false),
    ("cacute", "\u{107}", false),
    ("cap", "\u{2229}", false),
    ("capand", "\u{2a44}", false),
    ("capbrcup", "\u{2a49}", false),
    ("capcap", "\u{2a4b}", false),
    ("capcup", "\u{2a47}", false),
    ("capdot", "\u{2a40}", false),
    ("caps", "\u{2229}\u{fe00}", false),
    ("caret", "\u{2041}", false),
    ("caron", "\u{2c7}", false),
    ("ccaps", "\u{2a4d}", false),
    ("ccaron", "\u{10d}", false),
    ("ccedil", "\u{e7}", true),
    ("ccirc", "\u{109}", false),
    ("ccups", "\u{2a4c}", false),
    ("ccupssm", "\u{2a50}", false),
    ("cdot", "\u{10b}", false),
    ("cedil", "\u{b8}", true),
    ("cemptyv", "\u{29b2}", false),
    ("cent", "\u{a2}", true),
    ("centerdot", "\u{b7}", false),
    ("cfr", "\u{1d520}", false),
    ("chcy", "\u{447}", false),
    ("check", "\u{2713}", false),
    ("checkmark", "\u{2713}", false),
    ("chi", "\u{3c7}", false),
    ("cir", "\u{25cb}", false),
    ("cirE", "\u{29c3}", false),
    ("circ", "\u{2c6}", false),
    ("circeq", "\u{2257}", false),
    ("circlearrowleft", "\u{21ba}", false),
    ("circlearrowright", "\u{21bb}", false),
    ("circledR", "\u{ae}", false),
    ("circledS", "\u{24c8}", false),
    ("circledast", "\u{229b}", false),
    ("circledcirc", "\u{229a}", false),
    ("circleddash", "\u{229d}", false),
    ("cire", "\u{2257}", false),
    ("cirfnint", "\u{2a10}", false),
    ("cirmid", "\u{2aef}", false),
    ("cirscir", "\u{29c2}", false),
    ("clubs", "\u{2663}", false),
    ("clubsuit", "\u{2663}", false),
    ("colon", ":", false),
    ("colone", "\u{2254}", false),
    ("coloneq", "\u{2254}", false),
    ("comma", ",", false),
    ("commat", "@", false),
    ("comp", "\u{2201}", false),
    ("compfn", "\u{2218}", false),
    ("complement", "\u{2201}", false),
    ("complexes", "\u{2102}", false),
    ("cong", "\u{2245}", false),
    ("congdot", "\u{2a6d}", false),
    ("conint", "\u{222e}", false),
    ("copf", "\u{1d554}", false),
    ("coprod", "\u{2210}", false),
    ("copy", "\u{a9}", true),
    ("copysr", "\u{2117}", false),
    ("crarr", "\u{21b5}", false),
    ("cross", "\u{2717}", false),
    ("cscr", "\u{1d4b8}", false),
    ("csub", "\u{2acf}", false),
    ("csube", "\u{2ad1}", false),
    ("csup", "\u{2ad0}", false),
    ("csupe", "\u{2ad2}", false),
    ("ctdot", "\u{22ef}", false),
    ("cudarrl", "\u{2938}", false),
    ("cudarrr", "\u{2935}", false),
    ("cuepr", "\u{22de}", false),
    ("cuesc", "\u{22df}", false),
    ("cularr", "\u{21b6}", false),
    ("cularrp", "\u{293d}", false),
    ("cup", "\u{222a}", false),
    ("cupbrcap", "\u{2a48}", false),
    ("cupcap", "\u{2a46}", false),
    ("cupcup", "\u{2a4a}", false),
    ("cupdot", "\u{228d}", false),
    ("cupor", "\u{2a45}", false),
    ("cups", "\u{222a}\u{fe00}", false),
    ("curarr", "\u{21b7}", false),
    ("curarrm", "\u{293c}", false),
    ("curlyeqprec", "\u{22de}", false),
    ("curlyeqsucc", "\u{22df}", false),
    ("curlyvee", "\u{22ce}", false),
    ("curlywedge", "\u{22cf}", false),
    ("curren", "\u{a4}", true),
    ("curvearrowleft", "\u{21b6}", false),
    ("curvearrowright", "\u{21b7}", false),
    ("cuvee", "\u{22ce}", false),
    ("cuwed", "\u{22cf}", false),
    ("cwconint", "\u{2232}", false),
    ("cwint", "\u{2231}", false),
    ("cylcty", "\u{232d}", false),
    ("dArr", "\u{21d3}", false),
    ("dHar", "\u{2965}", false),
    ("dagger", "\u{2020}", false),
    ("daleth", "\u{2138}", false),
    ("darr", "\u{2193}", false),
    ("dash", "\u{2010}", false),
    ("dashv", "\u{22a3}", false),
    ("dbkarow", "\u{290f}", false),
    ("dblac", "\u{2dd}", false),
    ("dcaron", "\u{10f}", false),
    ("dcy", "\u{434}", false),
    ("dd", "\u{2146}", false),
    ("ddagger", "\u{2021}", false),
    ("ddarr", "\u{21ca}", false),
    ("ddotseq", "\u{2a77}", false),
    ("deg", "\u{b0}", true),
    ("delta", "\u{3b4}", false),
    ("demptyv", "\u{29b1}", false),
    ("dfisht", "\u{297f}", false),
    ("dfr", "\u{1d521}", false),
    ("dharl", "\u{21c3}", false),
    ("dharr", "\u{21c2}", false),
    ("diam", "\u{22c4}", false),
    ("diamond", "\u{22c4}", false),
    ("diamondsuit", "\u{2666}", false),
    ("diams", "\u{2666}", false),
    ("die", "\u{a8}", false),
    ("digamma", "\u{3dd}", false),
    ("disin", "\u{22f2}", false),
    ("div", "\u{f7}", false),
    ("divide", "\u{f7}", true),
    ("divideontimes", "\u{22c7}", false),
    ("divonx", "\u{22c7}", false),
    ("djcy", "\u{452}", false),
    ("dlcorn", "\u{231e}", false),
    ("dlcrop", "\u{230d}", false),
    ("dollar", "$", false),
    ("dopf", "\u{1d555}", false),
    ("dot", "\u{2d9}", false),
    ("doteq", "\u{2250}", false),
    ("doteqdot", "\u{2251}", false),
    ("dotminus", "\u{2238}", false),
    ("dotplus", "\u{2214}", false),
    ("dotsquare", "\u{22a1}", false),
    ("doublebarwedge", "\u{2306}", false),
    ("downarrow", "\u{2193}", false),
    ("downdownarrows", "\u{21ca}", false),
    ("downharpoonleft", "\u{21c3}", false),
    ("downharpoonright", "\u{21c2}", false),
    ("drbkarow", "\u{2910}", false),
    ("drcorn", "\u{231f}", false),
    ("drcrop", "\u{230c}", false),
    ("dscr", "\u{1d4b9}", false),
    ("dscy", "\u{455}", false),
    ("dsol", "\u{29f6}", false),
    ("dstrok", "\u{111}", false),
    ("dtdot", "\u{22f1}", false),
    ("dtri", "\u{25bf}", false),
    ("dtrif", "\u{25be}", false),
    ("duarr", "\u{21f5}", false),
    ("duhar", "\u{296f}", false),
    ("dwangle", "\u{29a6}", false),
    ("dzcy", "\u{45f}", false),
    ("dzigrarr", "\u{27ff}", false),
    ("eDDot", "\u{2a77}", false),
    ("eDot", "\u{2251}", false),
    ("eacute", "\u{e9}", true),
    ("easter", "\u{2a6e}", false),
    ("ecaron", "\u{11b}", false),
    ("ecir", "\u{2256}", false),
    ("ecirc", "\u{ea}", true),
    ("ecolon", "\u{2255}", false),
    ("ecy", "\u{44d}", false),
    ("edot", "\u{117}", false),
    ("ee", "\u{2147}", false),
    ("efDot", "\u{2252}", false),
    ("efr", "\u{1d522}", false),
    ("eg", "\u{2a9a}", false),
    ("egrave", "\u{e8}", true),
    ("egs", "\u{2a96}", false),
    ("egsdot", "\u{2a98}", false),
    ("el", "\u{2a99}", false),
    ("elinters", "\u{23e7}", false),
    ("ell", "\u{2113}", false),
    ("els", "\u{2a95}", false),
    ("elsdot", "\u{2a97}", false),
    ("emacr", "\u{113}", false),
    ("empty", "\u{2205}", false),
    ("emptyset", "\u{2205}", false),
    ("emptyv", "\u{2205}", false),
    ("emsp", "\u{2003}", false),
    ("emsp13", "\u{2004}", false),
    ("emsp14", "\u{2005}", false),
    ("eng", "\u{14b}", false),
    ("ensp", "\u{2002}", false),
    ("eogon", "\u{119}", false),
    ("eopf", "\u{1d556}", false),
    ("epar", "\u{22d5}", false),
    ("eparsl", "\u{29e3}", false),
    ("eplus", "\u{2a71}", false),
    ("epsi", "\u{3b5}", false),
    ("epsilon", "\u{3b5}", false),
    ("epsiv", "\u{3f5}", false),
    ("eqcirc", "\u{2256}", false),
    ("eqcolon", "\u{2255}", false),
    ("eqsim", "\u{2242}", false),
    ("eqslantgtr", "\u{2a96}", false),
    ("eqslantless", "\u{2a95}", false),
    ("equals", "=", false),
    ("equest", "\u{225f}", false),
    ("equiv", "\u{2261}", false),
    ("equivDD", "\u{2a78}", false),
    ("eqvparsl", "\u{29e5}", false),
    ("erDot", "\u{2253}", false),
    ("erarr", "\u{2971}", false),
    ("escr", "\u{212f}", false),
    ("esdot", "\u{2250}", false),
    ("esim", "\u{2242}", false),
    ("eta", "\u{3b7}", false),
    ("eth", "\u{f0}", true),
    ("euml", "\u{eb}", true),
    ("euro", "\u{20ac}", false),
    ("excl", "!", false),
    ("exist", "\u{2203}", false),
    ("expectation", "\u{2130}", false),
    ("exponentiale", "\u{2147}", false),
    ("fallingdotseq", "\u{2252}", false),
    ("fcy", "\u{444}", false),
    ("female", "\u{2640}", false),
    ("ffilig", "\u{fb03}", false),
    ("fflig", "\u{fb00}", false),
    ("ffllig", "\u{fb04}", false),
    ("ffr", "\u{1d523}", false),
    ("filig", "\u{fb01}", false),
    ("fjlig", "fj", false),
    ("flat", "\u{266d}", false),
    ("fllig", "\u{fb02}", false),
    ("fltns", "\u{25b1}", false),
    ("fnof", "\u{192}", false),
    ("fopf", "\u{1d557}", false),
    ("forall", "\u{2200}", false),
    ("fork", "\u{22d4}", false),
    ("forkv", "\u{2ad9}", false),
    ("fpartint", "\u{2a0d}", false),
    ("frac12", "\u{bd}", true),
    ("frac13", "\u{2153}", false),
    ("frac14", "\u{bc}", true),
    ("frac15", "\u{2155}", false),
    ("frac16", "\u{2159}", false),
    ("frac18", "\u{215b}", false),
    ("frac23", "\u{2154}", false),
    ("frac25", "\u{2156}", false),
    ("frac34", "\u{be}", true),
    ("frac35", "\u{2157}", false),
    ("frac38", "\u{215c}", false),
    ("frac45", "\u{2158}", false),
    ("frac56", "\u{215a}", false),
    ("frac58", "\u{215d}", false),
    ("frac78", "\u{215e}", false),
    ("frasl", "\u{2044}", false),
    ("frown", "\u{2322}", false),
    ("fscr", "\u{1d4bb}", false),
    ("gE", "\u{2267}", false),
    ("gEl", "\u{2a8c}", false),
    ("gacute", "\u{1f5}", false),
    ("gamma", "\u{3b3}", false),
    ("gammad", "\u{3dd}", false),
    ("gap", "\u{2a86}", false),
    ("gbreve", "\u{11f}", false),
    ("gcirc", "\u{11d}", false),
    ("gcy", "\u{433}", false),
    ("gdot", "\u{121}", false),
    ("ge", "\u{2265}", false),
    ("gel", "\u{22db}", false),
    ("geq", "\u{2265}", false),
    ("geqq", "\u{2267}", false),
    ("geqslant", "\u{2a7e}", false),
    ("ges", "\u{2a7e}", false),
    ("gescc", "\u{2aa9}", false),
    ("gesdot", "\u{2a80}", false),
    ("gesdoto", "\u{2a82}", false),
    ("gesdotol", "\u{2a84}", false),
    ("gesl", "\u{22db}\u{fe00}", false),
    ("gesles", "\u{2a94}", false),
    ("gfr", "\u{1d524}", false),
    ("gg", "\u{226b}", false),
    ("ggg", "\u{22d9}", false),
    ("gimel", "\u{2137}", false),
    ("gjcy", "\u{453}", false),
    ("gl", "\u{2277}", false),
    ("glE", "\u{2a92}", false),
    ("gla", "\u{2aa5}", false),
    ("glj", "\u{2aa4}", false),
    ("gnE", "\u{2269}", false),
    ("gnap", "\u{2a8a}", false),
    ("gnapprox", "\u{2a8a}", false),
    ("gne", "\u{2a88}", false),
    ("gneq", "\u{2a88}", false),
    ("gneqq", "\u{2269}", false),
    ("gnsim", "\u{22e7}", false),
    ("gopf", "\u{1d558}", false),
    ("grave", "`", false),
    ("gscr", "\u{210a}", false),
    ("gsim", "\u{2273}", false),
    ("gsime", "\u{2a8e}", false),
    ("gsiml", "\u{2a90}", false),
    ("gt", ">", true),
    ("gtcc", "\u{2aa7}", false),
    ("gtcir", "\u{2a7a}", false),
    ("gtdot", "\u{22d7}", false),
    ("gtlPar", "\u{2995}", false),
    ("gtquest", "\u{2a7c}", false),
    ("gtrapprox", "\u{2a86}", false),
    ("gtrarr", "\u{2978}", false),
    ("gtrdot", "\u{22d7}", false),
    ("gtreqless", "\u{22db}", false),
    ("gtreqqless", "\u{2a8c}", false),
    ("gtrless", "\u{2277}", false),
    ("gtrsim", "\u{2273}", false),
    ("gvertneqq", "\u{2269}\u{fe00}", false),
    ("gvnE", "\u{2269}\u{fe00}", false),
    ("hArr", "\u{21d4}", false),
    ("hairsp", "\u{200a}", false),
    ("half", "\u{bd}", false),
    ("hamilt", "\u{210b}", false),
    ("hardcy", "\u{44a}", false),
    ("harr", "\u{2194}", false),
    ("harrcir", "\u{2948}", false),
    ("harrw", "\u{21ad}", false),
    ("hbar", "\u{210f}", false),
    ("hcirc", "\u{125}", false),
    ("hearts", "\u{2665}", false),
    ("heartsuit", "\u{2665}", false),
    ("hellip", "\u{2026}", false),
    ("hercon", "\u{22b9}", false),
    ("hfr", "\u{1d525}", false),
    ("hksearow", "\u{2925}", false),
    ("hkswarow", "\u{2926}", false),
    ("hoarr", "\u{21ff}", false),
    ("homtht", "\u{223b}", false),
    ("hookleftarrow", "\u{21a9}", false),
    ("hookrightarrow", "\u{21aa}", false),
    ("hopf", "\u{1d559}", false),
    ("horbar", "\u{2015}", false),
    ("hscr", "\u{1d4bd}", false),
    ("hslash", "\u{210f}", false),
    ("hstrok", "\u{127}", false),
    ("hybull", "\u{2043}", false),
    ("hyphen", "\u{2010}", false),
    ("iacute", "\u{ed}", true),
    ("ic", "\u{2063}", false),
    ("icirc", "\u{ee}", true),
    ("icy", "\u{438}", false),
    ("iecy", "\u{435}", false),
    ("iexcl", "\u{a1}", true),
    ("iff", "\u{21d4}", false),
    ("ifr", "\u{1d526}", false),
    ("igrave", "\u{ec}", true),
    ("ii", "\u{2148}", false),
    ("iiiint", "\u{2a0c}", false),
    ("iiint", "\u{222d}", false),
    ("iinfin", "\u{29dc}", false),
    ("iiota", "\u{2129}", false),
    ("ijlig", "\u{133}", false),
    ("imacr", "\u{12b}", false),
    ("image", "\u{2111}", false),
    ("imagline", "\u{2110}", false),
    ("imagpart", "\u{2111}", false),
    ("imath", "\u{131}", false),
    ("imof", "\u{22b7}", false),
    ("imped", "\u{1b5}", false),
    ("in", "\u{2208}", false),
    ("incare", "\u{2105}", false),
    ("infin", "\u{221e}", false),
    ("infintie", "\u{29dd}", false),
    ("inodot", "\u{131}", false),
    ("int", "\u{222b}", false),
    ("intcal", "\u{22ba}", false),
    ("integers", "\u{2124}", false),
    ("intercal", "\u{22ba}", false),
    ("intlarhk", "\u{2a17}", false),
    ("intprod", "\u{2a3c}", false),
    ("iocy", "\u{451}", false),
    ("iogon", "\u{12f}", false),
    ("iopf", "\u{1d55a}", false),
    ("iota", "\u{3b9}", false),
    ("iprod", "\u{2a3c}", false),
    ("iquest", "\u{bf}", true),
    ("iscr", "\u{1d4be}", false),
    ("isin", "\u{2208}", false),
    ("isinE", "\u{22f9}", false),
    ("isindot", "\u{22f5}", false),
    ("isins", "\u{22f4}", false),
    ("isinsv", "\u{22f3}", false),
    ("isinv", "\u{2208}", false),
    ("it", "\u{2062}", false),
    ("itilde", "\u{129}", false),
    ("iukcy", "\u{456}", false),
    ("iuml", "\u{ef}", true),
    ("jcirc", "\u{135}", false),
    ("jcy", "\u{439}", false),
    ("jfr", "\u{1d527}", false),
    ("jmath", "\u{237}", false),
    ("jopf", "\u{1d55b}", false),
    ("jscr", "\u{1d4bf}", false),
    ("jsercy", "\u{458}", false),
    ("jukcy", "\u{454}", false),
    ("kappa", "\u{3ba}", false),
    ("kappav", "\u{3f0}", false),
    ("kcedil", "\u{137}", false),
    ("kcy", "\u{43a}", false),
    ("kfr", "\u{1d528}", false),
    ("kgreen", "\u{138}", false),
    ("khcy", "\u{445}", false),
    ("kjcy", "\u{45c}", false),
    ("kopf", "\u{1d55c}", false),
    ("kscr", "\u{1d4c0}", false),
    ("lAarr", "\u{21da}", false),
    ("lArr", "\u{21d0}", false),
    ("lAtail", "\u{291b}", false),
    ("lBarr", "\u{290e}", false),
    ("lE", "\u{2266}", false),
    ("lEg", "\u{2a8b}", false),
    ("lHar", "\u{2962}", false),
    ("lacute", "\u{13a}", false),
    ("laemptyv", "\u{29b4}", false),
    ("lagran", "\u{2112}", false),
    ("lambda", "\u{3bb}", false),
    ("lang", "\u{27e8}", false),
    ("langd", "\u{2991}", false),
    ("langle", "\u{27e8}", false),
    ("lap", "\u{2a85}", false),
    ("laquo", "\u{ab}", true),
    ("larr", "\u{2190}", false),
    ("larrb", "\u{21e4}", false),
    ("larrbfs", "\u{291f}", false),
    ("larrfs", "\u{291d}", false),
    ("larrhk", "\u{21a9}", false),
    ("larrlp", "\u{21ab}", false),
    ("larrpl", "\u{2939}", false),
    ("larrsim", "\u{2973}", false),
    ("larrtl", "\u{21a2}", false),
    ("lat", "\u{2aab}", false),
    ("latail", "\u{2919}", false),
    ("late", "\u{2aad}", false),
    ("lates", "\u{2aad}\u{fe00}", false),
    ("lbarr", "\u{290c}", false),
    ("lbbrk", "\u{2772}", false),
    ("lbrace", "{", false),
    ("lbrack", "[", false),
    ("lbrke", "\u{298b}", false),
    ("lbrksld", "\u{298f}", false),
    ("lbrkslu", "\u{298d}", false),
    ("lcaron", "\u{13e}", false),
    ("lcedil", "\u{13c}", false),
    ("lceil", "\u{2308}", false),
    ("lcub", "{", false),
    ("lcy", "\u{43b}", false),
    ("ldca", "\u{2936}", false),
    ("ldquo", "\u{201c}", false),
    ("ldquor", "\u{201e}", false),
    ("ldrdhar", "\u{2967}", false),
    ("ldrushar", "\u{294b}", false),
    ("ldsh", "\u{21b2}", false),
    ("le", "\u{2264}", false),
    ("leftarrow", "\u{2190}", false),
    ("leftarrowtail", "\u{21a2}", false),
    ("leftharpoondown", "\u{21bd}", false),
    ("leftharpoonup", "\u{21bc}", false),
    ("leftleftarrows", "\u{21c7}", false),
    ("leftrightarrow", "\u{2194}", false),
    ("leftrightarrows", "\u{21c6}", false),
    ("leftrightharpoons", "\u{21cb}", false),
    ("leftrightsquigarrow", "\u{21ad}", false),
    ("leftthreetimes", "\u{22cb}", false),
    ("leg", "\u{22da}", false),
    ("leq", "\u{2264}", false),
    ("leqq", "\u{2266}", false),
    ("leqslant", "\u{2a7d}", false),
    ("les", "\u{2a7d}", false),
    ("lescc", "\u{2aa8}", false),
    ("lesdot", "\u{2a7f}", false),
    ("lesdoto", "\u{2a81}", false),
    ("lesdotor", "\u{2a83}", false),
    ("lesg", "\u{22da}\u{fe00}", false),
    ("lesges", "\u{2a93}", false),
    ("lessapprox", "\u{2a85}", false),
    ("lessdot", "\u{22d6}", false),
    ("lesseqgtr", "\u{22da}", false),
    ("lesseqqgtr", "\u{2a8b}", false),
    ("lessgtr", "\u{2276}", false),
    ("lesssim", "\u{2272}", false),
    ("lfisht", "\u{297c}", false),
    ("lfloor", "\u{230a}", false),
    ("lfr", "\u{1d529}", false),
    ("lg", "\u{2276}", false),
    ("lgE", "\u{2a91}", false),
    ("lhard", "\u{21bd}", false),
    ("lharu", "\u{21bc}", false),
    ("lharul", "\u{296a}", false),
    ("lhblk", "\u{2584}", false),
    ("ljcy", "\u{459}", false),
    ("ll", "\u{226a}", false),
    ("llarr", "\u{21c7}", false),
    ("llcorner", "\u{231e}", false),
    ("llhard", "\u{296b}", false),
    ("lltri", "\u{25fa}", false),
    ("lmidot", "\u{140}", false),
    ("lmoust", "\u{23b0}", false),
    ("lmoustache", "\u{23b0}", false),
    ("lnE", "\u{2268}", false),
    ("lnap", "\u{2a89}", false),
    ("lnapprox", "\u{2a89}", false),
    ("lne", "\u{2a87}", false),
    ("lneq", "\u{2a87}", false),
    ("lneqq", "\u{2268}", false),
    ("lnsim", "\u{22e6}", false),
    ("loang", "\u{27ec}", false),
    ("loarr", "\u{21fd}", false),
    ("lobrk", "\u{27e6}", false),
    ("longleftarrow", "\u{27f5}", false),
    ("longleftrightarrow", "\u{27f7}", false),
    ("longmapsto", "\u{27fc}", false),
    ("longrightarrow", "\u{27f6}", false),
    ("looparrowleft", "\u{21ab}", false),
    ("looparrowright", "\u{21ac}", false),
    ("lopar", "\u{2985}", false),
    ("lopf", "\u{1d55d}", false),
    ("loplus", "\u{2a2d}", false),
    ("lotimes", "\u{2a34}", false),
    ("lowast", "\u{2217}", false),
    ("lowbar", "_", false),
    ("loz", "\u{25ca}", false),
    ("lozenge", "\u{25ca}", false),
    ("lozf", "\u{29eb}", false),
    ("lpar", "(", false),
    ("lparlt", "\u{2993}", false),
    ("lrarr", "\u{21c6}", false),
    ("lrcorner", "\u{231f}", false),
    ("lrhar", "\u{21cb}", false),
    ("lrhard", "\u{296d}", false),
    ("lrm", "\u{200e}", false),
    ("lrtri", "\u{22bf}", false),
    ("lsaquo", "\u{2039}", false),
    ("lscr", "\u{1d4c1}", false),
    ("lsh", "\u{21b0}", false),
    ("lsim", "\u{2272}", false),
    ("lsime", "\u{2a8d}", false),
    ("lsimg", "\u{2a8f}", false),
    ("lsqb", "[", false),
    ("lsquo", "\u{2018}", false),
    ("lsquor", "\u{201a}", false),
    ("lstrok", "\u{142}", false),
    ("lt", "<", true),
    ("ltcc", "\u{2aa6}", false),
    ("ltcir", "\u{2a79}", false),
    ("ltdot", "\u{22d6}", false),
    ("lthree", "\u{22cb}", false),
    ("ltimes", "\u{22c9}", false),
    ("ltlarr", "\u{2976}", false),
    ("ltquest", "\u{2a7b}", false),
    ("ltrPar", "\u{2996}", false),
    ("ltri", "\u{25c3}", false),
    ("ltrie", "\u{22b4}", false),
    ("ltrif", "\u{25c2}", false),
    ("lurdshar", "\u{294a}", false),
    ("luruhar", "\u{2966}", false),
    ("lvertneqq", "\u{2268}\u{fe00}", false),
    ("lvnE", "\u{2268}\u{fe00}", false),
    ("mDDot", "\u{223a}", false),
    ("macr", "\u{af}", true),
    ("male", "\u{2642}", false),
    ("malt", "\u{2720}", false),
    ("maltese", "\u{2720}", false),
    ("map", "\u{21a6}", false),
    ("mapsto", "\u{21a6}", false),
    ("mapstodown", "\u{21a7}", false),
    ("mapstoleft", "\u{21a4}", false),
    ("mapstoup", "\u{21a5}", false),
    ("marker", "\u{25ae}", false),
    ("mcomma", "\u{2a29}", false),
    ("mcy", "\u{43c}", false),
    ("mdash", "\u{2014}", false),
    ("measuredangle", "\u{2221}", false),
    ("mfr", "\u{1d52a}", false),
    ("mho", "\u{2127}", false),
    ("micro", "\u{b5}", true),
    ("mid", "\u{2223}", false),
    ("midast", "*", false),
    ("midcir", "\u{2af0}", false),
    ("middot", "\u{b7}", true),
    ("minus", "\u{2212}", false),
    ("minusb", "\u{229f}", false),
    ("minusd", "\u{2238}", false),
    ("minusdu", "\u{2a2a}", false),
    ("mlcp", "\u{2adb}", false),
    ("mldr", "\u{2026}", false),
    ("mnplus", "\u{2213}", false),
    ("models", "\u{22a7}", false),
    ("mopf", "\u{1d55e}", false),
    ("mp", "\u{2213}", false),
    ("mscr", "\u{1d4c2}", false),
    ("mstpos", "\u{223e}", false),
    ("mu", "\u{3bc}", false),
    ("multimap", "\u{22b8}", false),
    ("mumap", "\u{22b8}", false),
    ("nGg", "\u{22d9}\u{338}", false),
    ("nGt", "\u{226b}\u{20d2}", false),
    ("nGtv", "\u{226b}\u{338}", false),
    ("nLeftarrow", "\u{21cd}", false),
    ("nLeftrightarrow", "\u{21ce}", false),
    ("nLl", "\u{22d8}\u{338}", false),
    ("nLt", "\u{226a}\u{20d2}", false),
    ("nLtv", "\u{226a}\u{338}", false),
    ("nRightarrow", "\u{21cf}", false),
    ("nVDash", "\u{22af}", false),
    ("nVdash", "\u{22ae}", false),
    ("nabla", "\u{2207}", false),
    ("nacute", "\u{144}", false),
    ("nang", "\u{2220}\u{20d2}", false),
    ("nap", "\u{2249}", false),
    ("napE", "\u{2a70}\u{338}", false),
    ("napid", "\u{224b}\u{338}", false),
    ("napos", "\u{149}", false),
    ("napprox", "\u{2249}", false),
    ("natur", "\u{266e}", false),
    ("natural", "\u{266e}", false),
    ("naturals", "\u{2115}", false),
    ("nbsp", "\u{a0}", true),
    ("nbump", "\u{224e}\u{338}", false),
    ("nbumpe", "\u{224f}\u{338}", false),
    ("ncap", "\u{2a43}", false),
    ("ncaron", "\u{148}", false),
    ("ncedil", "\u{146}", false),
    ("ncong", "\u{2247}", false),
    ("ncongdot", "\u{2a6d}\u{338}", false),
    ("ncup", "\u{2a42}", false),
    ("ncy", "\u{43d}", false),
    ("ndash", "\u{2013}", false),
    ("ne", "\u{2260}", false),
    ("neArr", "\u{21d7}", false),
    ("nearhk", "\u{2924}", false),
    ("nearr", "\u{2197}", false),
    ("nearrow", "\u{2197}", false),
    ("nedot", "\u{2250}\u{338}", false),
    ("nequiv", "\u{2262}", false),
    ("nesear", "\u{2928}", false),
    ("nesim", "\u{2242}\u{338}", false),
    ("nexist", "\u{2204}", false),
    ("nexists", "\u{2204}", false),
    ("nfr", "\u{1d52b}", false),
    ("ngE", "\u{2267}\u{338}", false),
    ("nge", "\u{2271}", false),
    ("ngeq", "\u{2271}", false),
    ("ngeqq", "\u{2267}\u{338}", false),
    ("ngeqslant", "\u{2a7e}\u{338}", false),
    ("nges", "\u{2a7e}\u{338}", false),
    ("ngsim", "\u{2275}", false),
    ("ngt", "\u{226f}", false),
    ("ngtr", "\u{226f}", false),
    ("nhArr", "\u{21ce}", false),
    ("nharr", "\u{21ae}", false),
    ("nhpar", "\u{2af2}", false),
    ("ni", "\u{220b}", false),
    ("nis", "\u{22fc}", false),
    ("nisd", "\u{22fa}", false),
    ("niv", "\u{220b}", false),
    ("njcy", "\u{45a}", false),
    ("nlArr", "\u{21cd}", false),
    ("nlE", "\u{2266}\u{338}", false),
    ("nlarr", "\u{219a}", false),
    ("nldr", "\u{2025}", false),
    ("nle", "\u{2270}", false),
    ("nleftarrow", "\u{219a}", false),
    ("nleftrightarrow", "\u{21ae}", false),
    ("nleq", "\u{2270}", false),
    ("nleqq", "\u{2266}\u{338}", false),
    ("nleqslant", "\u{2a7d}\u{338}", false),
    ("nles", "\u{2a7d}\u{338}", false),
    ("nless", "\u{226e}", false),
    ("nlsim", "\u{2274}", false),
    ("nlt", "\u{226e}", false),
    ("nltri", "\u{22ea}", false),
    ("nltrie", "\u{22ec}", false),
    ("nmid", "\u{2224}", false),
    ("nopf", "\u{1d55f}", false),
    ("not", "\u{ac}", true),
    ("notin", "\u{2209}", false),
    ("notinE", "\u{22f9}\u{338}", false),
    ("notindot", "\u{22f5}\u{338}", false),
    ("notinva", "\u{2209}", false),
    ("notinvb", "\u{22f7}", false),
    ("notinvc", "\u{22f6}", false),
    ("notni", "\u{220c}", false),
    ("notniva", "\u{220c}", false),
    ("notnivb", "\u{22fe}", false),
    ("notnivc", "\u{22fd}", false),
    ("npar", "\u{2226}", false),
    ("nparallel", "\u{2226}", false),
    ("nparsl", "\u{2afd}\u{20e5}", false),
    ("npart", "\u{2202}\u{338}", false),
    ("npolint", "\u{2a14}", false),
    ("npr", "\u{2280}", false),
    ("nprcue", "\u{22e0}", false),
    ("npre", "\u{2aaf}\u{338}", false),
    ("nprec", "\u{2280}", false),
    ("npreceq", "\u{2aaf}\u{338}", false),
    ("nrArr", "\u{21cf}", false),
    ("nrarr", "\u{219b}", false),
    ("nrarrc", "\u{2933}\u{338}", false),
    ("nrarrw", "\u{219d}\u{338}", false),
    ("nrightarrow", "\u{219b}", false),
    ("nrtri", "\u{22eb}", false),
    ("nrtrie", "\u{22ed}", false),
    ("nsc", "\u{2281}", false),
    ("nsccue", "\u{22e1}", false),
    ("nsce", "\u{2ab0}\u{338}", false),
    ("nscr", "\u{1d4c3}", false),
    ("nshortmid", "\u{2224}", false),
    ("nshortparallel", "\u{2226}", false),
    ("nsim", "\u{2241}", false),
    ("nsime", "\u{2244}", false),
    ("nsimeq", "\u{2244}", false),
    ("nsmid", "\u{2224}", false),
    ("nspar", "\u{2226}", false),
    ("nsqsube", "\u{22e2}", false),
    ("nsqsupe", "\u{22e3}", false),
    ("nsub", "\u{2284}", false),
    ("nsubE", "\u{2ac5}\u{338}", false),
    ("nsube", "\u{2288}", false),
    ("nsubset", "\u{2282}\u{20d2}", false),
    ("nsubseteq", "\u{2288}", false),
    ("nsubseteqq", "\u{2ac5}\u{338}", false),
    ("nsucc", "\u{2281}", false),
    ("nsucceq", "\u{2ab0}\u{338}", false),
    ("nsup", "\u{2285}", false),
    ("nsupE", "\u{2ac6}\u{338}", false),
    ("nsupe", "\u{2289}", false),
    ("nsupset", "\u{2283}\u{20d2}", false),
    ("nsupseteq", "\u{2289}", false),
    ("nsupseteqq", "\u{2ac6}\u{338}", false),
    ("ntgl", "\u{2279}", false),
    ("ntilde", "\u{f1}", true),
    ("ntlg", "\u{2278}", false),
    ("ntriangleleft", "\u{22ea}", false),
    ("ntrianglelefteq", "\u{22ec}", false),
    ("ntriangleright", "\u{22eb}", false),
    ("ntrianglerighteq", "\u{22ed}", false),
    ("nu", "\u{3bd}", false),
    ("num", "#", false),
    ("numero", "\u{2116}", false),
    ("numsp", "\u{2007}", false),
    ("nvDash", "\u{22ad}", false),
    ("nvHarr", "\u{2904}", false),
    ("nvap", "\u{224d}\u{20d2}", false),
    ("nvdash", "\u{22ac}", false),
    ("nvge", "\u{2265}\u{20d2}", false),
    ("nvgt", ">\u{20d2}", false),
    ("nvinfin", "\u{29de}", false),
    ("nvlArr", "\u{2902}", false),
    ("nvle", "\u{2264}\u{20d2}", false),
    ("nvlt", "<\u{20d2}", false),
    ("nvltrie", "\u{22b4}\u{20d2}", false),
    ("nvrArr", "\u{2903}", false),
    ("nvrtrie", "\u{22b5}\u{20d2}", false),
    ("nvsim", "\u{223c}\u{20d2}", false),
    ("nwArr", "\u{21d6}", false),
    ("nwarhk", "\u{2923}", false),
    ("nwarr", "\u{2196}", false),
    ("nwarrow", "\u{2196}", false),
    ("nwnear", "\u{2927}", false),
    ("oS", "\u{24c8}", false),
    ("oacute", "\u{f3}", true),
    ("oast", "\u{229b}", false),
    ("ocir", "\u{229a}", false),
    ("ocirc", "\u{f4}", true),
    ("ocy", "\u{43e}", false),
    ("odash", "\u{229d}", false),
    ("odblac", "\u{151}", false),
    ("odiv", "\u{2a38}", false),
    ("odot", "\u{2299}", false),
    ("odsold", "\u{29bc}", false),
    ("oelig", "\u{153}", false),
    ("ofcir", "\u{29bf}", false),
    ("ofr", "\u{1d52c}", false),
    ("ogon", "\u{2db}", false),
    ("ograve", "\u{f2}", true),
    ("ogt", "\u{29c1}", false),
    ("ohbar", "\u{29b5}", false),
    ("ohm", "\u{3a9}", false),
    ("oint", "\u{222e}", false),
    ("olarr", "\u{21ba}", false),
    ("olcir", "\u{29be}", false),
    ("olcross", "\u{29bb}", false),
    ("oline", "\u{203e}", false),
    ("olt", "\u{29c0}", false),
    ("omacr", "\u{14d}", false),
    ("omega", "\u{3c9}", false),
    ("omicron", "\u{3bf}", false),
    ("omid", "\u{29b6}", false),
    ("ominus", "\u{2296}", false),
    ("oopf", "\u{1d560}", false),
    ("opar", "\u{29b7}", false),
    ("operp", "\u{29b9}", false),
    ("oplus", "\u{2295}", false),
    ("or", "\u{2228}", false),
    ("orarr", "\u{21bb}", false),
    ("ord", "\u{2a5d}", false),
    ("order", "\u{2134}", false),
    ("orderof", "\u{2134}", false),
    ("ordf", "\u{aa}", true),
    ("ordm", "\u{ba}", true),
    ("origof", "\u{22b6}", false),
    ("oror", "\u{2a56}", false),
    ("orslope", "\u{2a57}", false),
    ("orv", "\u{2a5b}", false),
    ("oscr", "\u{2134}", false),
    ("oslash", "\u{f8}", true),
    ("osol", "\u{2298}", false),
    ("otilde", "\u{f5}", true),
    ("otimes", "\u{2297}", false),
    ("otimesas", "\u{2a36}", false),
    ("ouml", "\u{f6}", true),
    ("ovbar", "\u{233d}", false),
    ("par", "\u{2225}", false),
    ("para", "\u{b6}", true),
    ("parallel", "\u{2225}", false),
    ("parsim", "\u{2af3}", false),
    ("parsl", "\u{2afd}", false),
    ("part", "\u{2202}", false),
    ("pcy", "\u{43f}", false),
    ("percnt", "%", false),
    ("period", ".", false),
    ("permil", "\u{2030}", false),
    ("perp", "\u{22a5}", false),
    ("pertenk", "\u{2031}", false),
    ("pfr", "\u{1d52d}", false),
    ("phi", "\u{3c6}", false),
    ("phiv", "\u{3d5}", false),
    ("phmmat", "\u{2133}", false),
    ("phone", "\u{260e}", false),
    ("pi", "\u{3c0}", false),
    ("pitchfork", "\u{22d4}", false),
    ("piv", "\u{3d6}", false),
    ("planck", "\u{210f}", false),
    ("planckh", "\u{210e}", false),
    ("plankv", "\u{210f}", false),
    ("plus", "+", false),
    ("plusacir", "\u{2a23}", false),
    ("plusb", "\u{229e}", false),
    ("pluscir", "\u{2a22}", false),
    ("plusdo", "\u{2214}", false),
    ("plusdu", "\u{2a25}", false),
    ("pluse", "\u{2a72}", false),
    ("plusmn", "\u{b1}", true),
    ("plussim", "\u{2a26}", false),
    ("plustwo", "\u{2a27}", false),
    ("pm", "\u{b1}", false),
    ("pointint", "\u{2a15}", false),
    ("popf", "\u{1d561}", false),
    ("pound", "\u{a3}", true),
    ("pr", "\u{227a}", false),
    ("prE", "\u{2ab3}", false),
    ("prap", "\u{2ab7}", false),
    ("prcue", "\u{227c}", false),
    ("pre", "\u{2aaf}", false),
    ("prec", "\u{227a}", false),
    ("precapprox", "\u{2ab7}", false),
    ("preccurlyeq", "\u{227c}", false),
    ("preceq", "\u{2aaf}", false),
    ("precnapprox", "\u{2ab9}", false),
    ("precneqq", "\u{2ab5}", false),
    ("precnsim", "\u{22e8}", false),
    ("precsim", "\u{227e}", false),
    ("prime", "\u{2032}", false),
    ("primes", "\u{2119}", false),
    ("prnE", "\u{2ab5}", false),
    ("prnap", "\u{2ab9}", false),
    ("prnsim", "\u{22e8}", false),
    ("prod", "\u{220f}", false),
    ("profalar", "\u{232e}", false),
    ("profline", "\u{2312}", false),
    ("profsurf", "\u{2313}", false),
    ("prop", "\u{221d}", false),
    ("propto", "\u{221d}", false),
    ("prsim", "\u{227e}", false),
    ("prurel", "\u{22b0}", false),
    ("pscr", "\u{1d4c5}", false),
    ("psi", "\u{3c8}", false),
    ("puncsp", "\u{2008}", false),
    ("qfr", "\u{1d52e}", false),
    ("qint", "\u{2a0c}", false),
    ("qopf", "\u{1d562}", false),
    ("qprime", "\u{2057}", false),
    ("qscr", "\u{1d4c6}", false),
    ("quaternions", "\u{210d}", false),
    ("quatint", "\u{2a16}", false),
    ("quest", "?", false),
    ("questeq", "\u{225f}", false),
    ("quot", "\u{22}", true),
    ("rAarr", "\u{21db}", false),
    ("rArr", "\u{21d2}", false),
    ("rAtail", "\u{291c}", false),
    ("rBarr", "\u{290f}", false),
    ("rHar", "\u{2964}", false),
    ("race", "\u{223d}\u{331}", false),
    ("racute", "\u{155}", false),
    ("radic", "\u{221a}", false),
    ("raemptyv", "\u{29b3}", false),
    ("rang", "\u{27e9}", false),
    ("rangd", "\u{2992}", false),
    ("range", "\u{29a5}", false),
    ("rangle", "\u{27e9}", false),
    ("raquo", "\u{bb}", true),
    ("rarr", "\u{2192}", false),
    ("rarrap", "\u{2975}", false),
    ("rarrb", "\u{21e5}", false),
    ("rarrbfs", "\u{2920}", false),
    ("rarrc", "\u{2933}", false),
    ("rarrfs", "\u{291e}", false),
    ("rarrhk", "\u{21aa}", false),
    ("rarrlp", "\u{21ac}", false),
    ("rarrpl", "\u{2945}", false),
    ("rarrsim", "\u{2974}", false),
    ("rarrtl", "\u{21a3}", false),
    ("rarrw", "\u{219d}", false),
    ("ratail", "\u{291a}", false),
    ("ratio", "\u{2236}", false),
    ("rationals", "\u{211a}", false),
    ("rbarr", "\u{290d}", false),
    ("rbbrk", "\u{2773}", false),
    ("rbrace", "}", false),
    ("rbrack", "]", false),
    ("rbrke", "\u{298c}", false),
    ("rbrksld", "\u{298e}", false),
    ("rbrkslu", "\u{2990}", false),
    ("rcaron", "\u{159}", false),
    ("rcedil", "\u{157}", false),
    ("rceil", "\u{2309}", false),
    ("rcub", "}", false),
    ("rcy", "\u{440}", false),
    ("rdca", "\u{2937}", false),
    ("rdldhar", "\u{2969}", false),
    ("rdquo", "\u{201d}", false),
    ("rdquor", "\u{201d}", false),
    ("rdsh", "\u{21b3}", false),
    ("real", "\u{211c}", false),
    ("realine", "\u{211b}", false),
    ("realpart", "\u{211c}", false),
    ("reals", "\u{211d}", false),
    ("rect", "\u{25ad}", false),
    ("reg", "\u{ae}", true),
    ("rfisht", "\u{297d}", false),
    ("rfloor", "\u{230b}", false),
    ("rfr", "\u{1d52f}", false),
    ("rhard", "\u{21c1}", false),
    ("rharu", "\u{21c0}", false),
    ("rharul", "\u{296c}", false),
    ("rho", "\u{3c1}", false),
    ("rhov", "\u{3f1}", false),
    ("rightarrow", "\u{2192}", false),
    ("rightarrowtail", "\u{21a3}", false),
    ("rightharpoondown", "\u{21c1}", false),
    ("rightharpoonup", "\u{21c0}", false),
    ("rightleftarrows", "\u{21c4}", false),
    ("rightleftharpoons", "\u{21cc}", false),
    ("rightrightarrows", "\u{21c9}", false),
    ("rightsquigarrow", "\u{219d}", false),
    ("rightthreetimes", "\u{22cc}", false),
    ("ring", "\u{2da}", false),
    ("risingdotseq", "\u{2253}", false),
    ("rlarr", "\u{21c4}", false),
    ("rlhar", "\u{21cc}", false),
    ("rlm", "\u{200f}", false),
    ("rmoust", "\u{23b1}", false),
    ("rmoustache", "\u{23b1}", false),
    ("rnmid", "\u{2aee}", false),
    ("roang", "\u{27ed}", false),
    ("roarr", "\u{21fe}", false),
    ("robrk", "\u{27e7}", false),
    ("ropar", "\u{2986}", false),
    ("ropf", "\u{1d563}", false),
    ("roplus", "\u{2a2e}", false),
    ("rotimes", "\u{2a35}", false),
    ("rpar", ")", false),
    ("rpargt", "\u{2994}", false),
    ("rppolint", "\u{2a12}", false),
    ("rrarr", "\u{21c9}", false),
    ("rsaquo", "\u{203a}", false),
    ("rscr", "\u{1d4c7}", false),
    ("rsh", "\u{21b1}", false),
    ("rsqb", "]", false),
    ("rsquo", "\u{2019}", false),
    ("rsquor", "\u{2019}", false),
    ("rthree", "\u{22cc}", false),
    ("rtimes", "\u{22ca}", false),
    ("rtri", "\u{25b9}", false),
    ("rtrie", "\u{22b5}", false),
    ("rtrif", "\u{25b8}", false),
    ("rtriltri", "\u{29ce}", false),
    ("ruluhar", "\u{2968}", false),
    ("rx", "\u{211e}", false),
    ("sacute", "\u{15b}", false),
    ("sbquo", "\u{201a}", false),
    ("sc", "\u{227b}", false),
    ("scE", "\u{2ab4}", false),
    ("scap", "\u{2ab8}", false),
    ("scaron", "\u{161}", false),
    ("sccue", "\u{227d}", false),
    ("sce", "\u{2ab0}", false),
    ("scedil", "\u{15f}", false),
    ("scirc", "\u{15d}", false),
    ("scnE", "\u{2ab6}", false),
    ("scnap", "\u{2aba}", false),
    ("scnsim", "\u{22e9}", false),
    ("scpolint", "\u{2a13}", false),
    ("scsim", "\u{227f}", false),
    ("scy", "\u{441}", false),
    ("sdot", "\u{22c5}", false),
    ("sdotb", "\u{22a1}", false),
    ("sdote", "\u{2a66}", false),
    ("seArr", "\u{21d8}", false),
    ("searhk", "\u{2925}", false),
    ("searr", "\u{2198}", false),
    ("searrow", "\u{2198}", false),
    ("sect", "\u{a7}", true),
    ("semi", ";", false),
    ("seswar", "\u{2929}", false),
    ("setminus", "\u{2216}", false),
    ("setmn", "\u{2216}", false),
    ("sext", "\u{2736}", false),
    ("sfr", "\u{1d530}", false),
    ("sfrown", "\u{2322}", false),
    ("sharp", "\u{266f}", false),
    ("shchcy", "\u{449}", false),
    ("shcy", "\u{448}", false),
    ("shortmid", "\u{2223}", false),
    ("shortparallel", "\u{2225}", false),
    ("shy", "\u{ad}", true),
    ("sigma", "\u{3c3}", false),
    ("sigmaf", "\u{3c2}", false),
    ("sigmav", "\u{3c2}", false),
    ("sim", "\u{223c}", false),
    ("simdot", "\u{2a6a}", false),
    ("sime", "\u{2243}", false),
    ("simeq", "\u{2243}", false),
    ("simg", "\u{2a9e}", false),
    ("simgE", "\u{2aa0}", false),
    ("siml", "\u{2a9d}", false),
    ("simlE", "\u{2a9f}", false),
    ("simne", "\u{2246}", false),
    ("simplus", "\u{2a24}", false),
    ("simrarr", "\u{2972}", false),
    ("slarr", "\u{2190}", false),
    ("smallsetminus", "\u{2216}", false),
    ("smashp", "\u{2a33}", false),
    ("smeparsl", "\u{29e4}", false),
    ("smid", "\u{2223}", false),
    ("smile", "\u{2323}", false),
    ("smt", "\u{2aaa}", false),
    ("smte", "\u{2aac}", false),
    ("smtes", "\u{2aac}\u{fe00}", false),
    ("softcy", "\u{44c}", false),
    ("sol", "/", false),
    ("solb", "\u{29c4}", false),
    ("solbar", "\u{233f}", false),
    ("sopf", "\u{1d564}", false),
    ("spades", "\u{2660}", false),
    ("spadesuit", "\u{2660}", false),
    ("spar", "\u{2225}", false),
    ("sqcap", "\u{2293}", false),
    ("sqcaps", "\u{2293}\u{fe00}", false),
    ("sqcup", "\u{2294}", false),
    ("sqcups", "\u{2294}\u{fe00}", false),
    ("sqsub", "\u{228f}", false),
    ("sqsube", "\u{2291}", false),
    ("sqsubset", "\u{228f}", false),
    ("sqsubseteq", "\u{2291}", false),
    ("sqsup", "\u{2290}", false),
    ("sqsupe", "\u{2292}", false),
    ("sqsupset", "\u{2290}", false),
    ("sqsupseteq", "\u{2292}", false),
    ("squ", "\u{25a1}", false),
    ("square", "\u{25a1}", false),
    ("squarf", "\u{25aa}", false),
    ("squf", "\u{25aa}", false),
    ("srarr", "\u{2192}", false),
    ("sscr", "\u{1d4c8}", false),
    ("ssetmn", "\u{2216}", false),
    ("ssmile", "\u{2323}", false),
    ("sstarf", "\u{22c6}", false),
    ("star", "\u{2606}", false),
    ("starf", "\u{2605}", false),
    ("straightepsilon", "\u{3f5}", false),
    ("straightphi", "\u{3d5}", false),
    ("strns", "\u{af}", false),
    ("sub", "\u{2282}", false),
    ("subE", "\u{2ac5}", false),
    ("subdot", "\u{2abd}", false),
    ("sube", "\u{2286}", false),
    ("subedot", "\u{2ac3}", false),
    ("submult", "\u{2ac1}", false),
    ("subnE", "\u{2acb}", false),
    ("subne", "\u{228a}", false),
    ("subplus", "\u{2abf}", false),
    ("subrarr", "\u{2979}", false),
    ("subset", "\u{2282}", false),
    ("subseteq", "\u{2286}", false),
    ("subseteqq", "\u{2ac5}", false),
    ("subsetneq", "\u{228a}", false),
    ("subsetneqq", "\u{2acb}", false),
    ("subsim", "\u{2ac7}", false),
    ("subsub", "\u{2ad5}", false),
    ("subsup", "\u{2ad3}", false),
    ("succ", "\u{227b}", false),
    ("succapprox", "\u{2ab8}", false),
    ("succcurlyeq", "\u{227d}", false),
    ("succeq", "\u{2ab0}", false),
    ("succnapprox", "\u{2aba}", false),
    ("succneqq", "\u{2ab6}", false),
    ("succnsim", "\u{22e9}", false),
    ("succsim", "\u{227f}", false),
    ("sum", "\u{2211}", false),
    ("sung", "\u{266a}", false),
    ("sup", "\u{2283}", false),
    ("sup1", "\u{b9}", true),
    ("sup2", "\u{b2}", true),
    ("sup3", "\u{b3}", true),
    ("supE", "\u{2ac6}", false),
    ("supdot", "\u{2abe}", false),
    ("supdsub", "\u{2ad8}", false),
    ("supe", "\u{2287}", false),
    ("supedot", "\u{2ac4}", false),
    ("suphsol", "\u{27c9}", false),
    ("suphsub", "\u{2ad7}", false),
    ("suplarr", "\u{297b}", false),
    ("supmult", "\u{2ac2}", false),
    ("supnE", "\u{2acc}", false),
    ("supne", "\u{228b}", false),
    ("supplus", "\u{2ac0}", false),
    ("supset", "\u{2283}", false),
    ("supseteq", "\u{2287}", false),
    ("supseteqq", "\u{2ac6}", false),
    ("supsetneq", "\u{228b}", false),
    ("supsetneqq", "\u{2acc}", false),
    ("supsim", "\u{2ac8}", false),
    ("supsub", "\u{2ad4}", false),
    ("supsup", "\u{2ad6}", false),
    ("swArr", "\u{21d9}", false),
    ("swarhk", "\u{2926}", false),
    ("swarr", "\u{2199}", false),
    ("swarrow", "\u{2199}", false),
    ("swnwar", "\u{292a}", false),
    ("szlig", "\u{df}", true),
    ("target", "\u{2316}", false),
    ("tau", "\u{3c4}", false),
    ("tbrk", "\u{23b4}", false),
    ("tcaron", "\u{165}", false),
    ("tcedil", "\u{163}", false),
    ("tcy", "\u{442}", false),
    ("tdot", "\u{20db}", false),
    ("telrec", "\u{2315}", false),
    ("tfr", "\u{1d531}", false),
    ("there4", "\u{2234}", false),
    ("therefore", "\u{2234}", false),
    ("theta", "\u{3b8}", false),
    ("thetasym", "\u{3d1}", false),
    ("thetav", "\u{3d1}", false),
    ("thickapprox", "\u{2248}", false),
    ("thicksim", "\u{223c}", false),
    ("thinsp", "\u{2009}", false),
    ("thkap", "\u{2248}", false),
    ("thksim", "\u{223c}", false),
    ("thorn", "\u{fe}", true),
    ("tilde", "\u{2dc}", false),
    ("times", "\u{d7}", true),
    ("timesb", "\u{22a0}", false),
    ("timesbar", "\u{2a31}", false),
    ("timesd", "\u{2a30}", false),
    ("tint", "\u{222d}", false),
    ("toea", "\u{2928}", false),
    ("top", "\u{22a4}", false),
    ("topbot", "\u{2336}", false),
    ("topcir", "\u{2af1}", false),
    ("topf", "\u{1d565}", false),
    ("topfork", "\u{2ada}", false),
    ("tosa", "\u{2929}", false),
    ("tprime", "\u{2034}", false),
    ("trade", "\u{2122}", false),
    ("triangle", "\u{25b5}", false),
    ("triangledown", "\u{25bf}", false),
    ("triangleleft", "\u{25c3}", false),
    ("trianglelefteq", "\u{22b4}", false),
    ("triangleq", "\u{225c}", false),
    ("triangleright", "\u{25b9}", false),
    ("trianglerighteq", "\u{22b5}", false),
    ("tridot", "\u{25ec}", false),
    ("trie", "\u{225c}", false),
    ("triminus", "\u{2a3a}", false),
    ("triplus", "\u{2a39}", false),
    ("trisb", "\u{29cd}", false),
    ("tritime", "\u{2a3b}", false),
    ("trpezium", "\u{23e2}", false),
    ("tscr", "\u{1d4c9}", false),
    ("tscy", "\u{446}", false),
    ("tshcy", "\u{45b}", false),
    ("tstrok", "\u{167}", false),
    ("twixt", "\u{226c}", false),
    ("twoheadleftarrow", "\u{219e}", false),
    ("twoheadrightarrow", "\u{21a0}", false),
    ("uArr", "\u{21d1}", false),
    ("uHar", "\u{2963}", false),
    ("uacute", "\u{fa}", true),
    ("uarr", "\u{2191}", false),
    ("ubrcy", "\u{45e}", false),
    ("ubreve", "\u{16d}", false),
    ("ucirc", "\u{fb}", true),
    ("ucy", "\u{443}", false),
    ("udarr", "\u{21c5}", false),
    ("udblac", "\u{171}", false),
    ("udhar", "\u{296e}", false),
    ("ufisht", "\u{297e}", false),
    ("ufr", "\u{1d532}", false),
    ("ugrave", "\u{f9}", true),
    ("uharl", "\u{21bf}", false),
    ("uharr", "\u{21be}", false),
    ("uhblk", "\u{2580}", false),
    ("ulcorn", "\u{231c}", false),
    ("ulcorner", "\u{231c}", false),
    ("ulcrop", "\u{230f}", false),
    ("ultri", "\u{25f8}", false),
    ("umacr", "\u{16b}", false),
    ("uml", "\u{a8}", true),
    ("uogon", "\u{173}", false),
    ("uopf", "\u{1d566}", false),
    ("uparrow", "\u{2191}", false),
    ("updownarrow", "\u{2195}", false),
    ("upharpoonleft", "\u{21bf}", false),
    ("upharpoonright", "\u{21be}", false),
    ("uplus", "\u{228e}", false),
    ("upsi", "\u{3c5}", false),
    ("upsih", "\u{3d2}", false),
    ("upsilon", "\u{3c5}", false),
    ("upuparrows", "\u{21c8}", false),
    ("urcorn", "\u{231d}", false),
    ("urcorner", "\u{231d}", false),
    ("urcrop", "\u{230e}", false),
    ("uring", "\u{16f}", false),
    ("urtri", "\u{25f9}", false),
    ("uscr", "\u{1d4ca}", false),
    ("utdot", "\u{22f0}", false),
    ("utilde", "\u{169}", false),
    ("utri", "\u{25b5}", false),
    ("utrif", "\u{25b4}", false),
    ("uuarr", "\u{21c8}", false),
    ("uuml", "\u{fc}", true),
    ("uwangle", "\u{29a7}", false),
    ("vArr", "\u{21d5}", false),
    ("vBar", "\u{2ae8}", false),
    ("vBarv", "\u{2ae9}", false),
    ("vDash", "\u{22a8}", false),
    ("vangrt", "\u{299c}", false),
    ("varepsilon", "\u{3f5}", false),
    ("varkappa", "\u{3f0}", false),
    ("varnothing", "\u{2205}", false),
    ("varphi", "\u{3d5}", false),
    ("varpi", "\u{3d6}", false),
    ("varpropto", "\u{221d}", false),
    ("varr", "\u{2195}", false),
    ("varrho", "\u{3f1}", false),
    ("varsigma", "\u{3c2}", false),
    ("varsubsetneq", "\u{228a}\u{fe00}", false),
    ("varsubsetneqq", "\u{2acb}\u{fe00}", false),
    ("varsupsetneq", "\u{228b}\u{fe00}", false),
    ("varsupsetneqq", "\u{2acc}\u{fe00}", false),
    ("vartheta", "\u{3d1}", false),
    ("vartriangleleft", "\u{22b2}", false),
    ("vartriangleright", "\u{22b3}", false),
    ("vcy", "\u{432}", false),
    ("vdash", "\u{22a2}", false),
    ("vee", "\u{2228}", false),
    ("veebar", "\u{22bb}", false),
    ("veeeq", "\u{225a}", false),
    ("vellip", "\u{22ee}", false),
    ("verbar", "|", false),
    ("vert", "|", false),
    ("vfr", "\u{1d533}", false),
    ("vltri", "\u{22b2}", false),
    ("vnsub", "\u{2282}\u{20d2}", false),
    ("vnsup", "\u{2283}\u{20d2}", false),
    ("vopf", "\u{1d567}", false),
    ("vprop", "\u{221d}", false),
    ("vrtri", "\u{22b3}", false),
    ("vscr", "\u{1d4cb}", false),
    ("vsubnE", "\u{2acb}\u{fe00}", false),
    ("vsubne", "\u{228a}\u{fe00}", false),
    ("vsupnE", "\u{2acc}\u{fe00}", false),
    ("vsupne", "\u{228b}\u{fe00}", false),
    ("vzigzag", "\u{299a}", false),
    ("wcirc", "\u{175}", false),
    ("wedbar", "\u{2a5f}", false),
    ("wedge", "\u{2227}", false),
    ("wedgeq", "\u{2259}", false),
    ("weierp", "\u{2118}", false),
    ("wfr", "\u{1d534}", false),
    ("wopf", "\u{1d568}", false),
    ("wp", "\u{2118}", false),
    ("wr", "\u{2240}", false),
    ("wreath", "\u{2240}", false),
    ("wscr", "\u{1d4cc}", false),
    ("xcap", "\u{22c2}", false),
    ("xcirc", "\u{25ef}", false),
    ("xcup", "\u{22c3}", false),
    ("xdtri", "\u{25bd}", false),
    ("xfr", "\u{1d535}", false),
    ("xhArr", "\u{27fa}", false),
    ("xharr", "\u{27f7}", false),
    ("xi", "\u{3be}", false),
    ("xlArr", "\u{27f8}", false),
    ("xlarr", "\u{27f5}", false),
    ("xmap", "\u{27fc}", false),
    ("xnis", "\u{22fb}", false),
    ("xodot", "\u{2a00}", false),
    ("xopf", "\u{1d569}", false),
    ("xoplus", "\u{2a01}", false),
    ("xotime", "\u{2a02}", false),
    ("xrArr", "\u{27f9}", false),
    ("xrarr", "\u{27f6}", false),
    ("xscr", "\u{1d4cd}", false),
    ("xsqcup", "\u{2a06}", false),
    ("xuplus", "\u{2a04}", false),
    ("xutri", "\u{25b3}", false),
    ("xvee", "\u{22c1}", false),
    ("xwedge", "\u{22c0}", false),
    ("yacute", "\u{fd}", true),
    ("yacy", "\u{44f}", false),
    ("ycirc", "\u{177}", false),
    ("ycy", "\u{44b}", false),
    ("yen", "\u{a5}", true),
    ("yfr", "\u{1d536}", false),
    ("yicy", "\u{457}", false),
    ("yopf", "\u{1d56a}", false),
    ("yscr", "\u{1d4ce}", false),
    ("yucy", "\u{44e}", false),
    ("yuml", "\u{ff}", true),
    ("zacute", "\u{17a}", false),
    ("zcaron", "\u{17e}", false),
    ("zcy", "\u{437}", false),
    ("zdot", "\u{17c}", false),
    ("zeetrf", "\u{2128}", false),
    ("zeta", "\u{3b6}", false),
    ("zfr", "\u{1d537}", false),
    ("zhcy", "\u{436}", false),
    ("zigrarr", "\u{21dd}", false),
    ("zopf", "\u{1d56b}", false),
    ("zscr", "\u{1d4cf}", false),
    ("zwj", "\u{200d}", false),
    ("zwnj", "\u{200c}", false),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        segment_html(html).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn entities_named_numeric_and_legacy() {
        let b = segment_html(
            "<p>Tom &amp; Jerry &lt;3 &copy 2024 &#8212; &#x41;&#X42; &notit; &NotAName; \
             &#0; &#150; &#x110000; caf&eacute; a&nbsp;&nbsp;b &amp</p>",
        );
        assert_eq!(b.len(), 1);
        assert_eq!(
            b[0].text,
            "Tom & Jerry <3 \u{a9} 2024 \u{2014} AB \u{ac}it; &NotAName; \u{fffd} \u{2013} \
             \u{fffd} caf\u{e9} a b &"
        );
    }

    #[test]
    fn entities_in_attributes_follow_attribute_rules() {
        let mut out = String::new();
        decode_entities_into("?a=1&copy=2&amp;b&lt;", &mut out, true);
        assert_eq!(out, "?a=1&copy=2&b<");
        let b = segment_html("<div class=\"a&amp;b c&#45;d\"><p>x</p></div>");
        assert_eq!(b[0].attr_tokens, vec!["a", "b", "c", "d"]);
    }

    #[test]
    fn inline_tags_do_not_split() {
        let b = segment_html(
            "<p>Hello <b>bold</b> <a href=\"#\">link</a> and <span>sp<em>an</em></span>\
             <code>!</code> <small>s</small><strong>t</strong><i>u</i></p>",
        );
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text, "Hello bold link and span! stu");
        assert_eq!(b[0].tag, "p");
    }

    #[test]
    fn block_tags_split_and_nest() {
        let b = segment_html(
            "<body><div>Intro <p>Para</p> tail<h2>Head</h2><ul><li>one</li><li>two</li></ul>\
             </div></body>",
        );
        let got: Vec<(&str, &str)> = b
            .iter()
            .map(|b| (b.text.as_str(), b.tag.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Intro", "div"),
                ("Para", "p"),
                ("tail", "div"),
                ("Head", "h2"),
                ("one", "li"),
                ("two", "li")
            ]
        );
        assert_eq!(b[1].path, "body>div>p");
        assert_eq!(b[1].depth, 2);
        assert_eq!(b[4].path, "body>div>ul>li");
    }

    #[test]
    fn offsets_point_at_the_block_start_tag() {
        let html = "x<div class=a>Intro <p id=p1>Para</p> tail</div><P>Two";
        let b = segment_html(html);
        let at = |i: usize| b[i].offset.map(|o| &html[o..o + 4]);
        assert_eq!(b[0].text, "x");
        assert_eq!(b[0].offset, None);
        assert_eq!(at(1), Some("<div"));
        assert_eq!(at(2), Some("<p i"));
        assert_eq!(
            b[3].offset, b[1].offset,
            "text after a child shares its element"
        );
        assert_eq!(at(4), Some("<P>T"));
        // Inserting a paragraph at a block's offset makes it the block's preceding sibling.
        let o = b[2].offset.unwrap();
        let spliced = format!("{}<p>Inserted ad</p>{}", &html[..o], &html[o..]);
        let texts: Vec<String> = segment_html(&spliced).into_iter().map(|b| b.text).collect();
        assert_eq!(texts, ["x", "Intro", "Inserted ad", "Para", "tail", "Two"]);
    }

    #[test]
    fn double_br_splits_single_br_is_space() {
        let b = segment_html("<p>one<br>two<br/><br>three<br> <br>four</p>");
        assert_eq!(
            b.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
            vec!["one two", "three", "four"]
        );
        assert!(b.iter().all(|b| b.tag == "p"));
    }

    #[test]
    fn script_style_comments_and_hidden_containers_dropped() {
        let html = "<div>a<script>var x = \"<p>no</p>\"; if (a</b) {}</script>b\
                    <style>p { color: red }</style>c<!-- <p>gone</p> -->d<!---->e\
                    <template><p>tpl</p></template><svg><text>svg</text></svg>f\
                    <iframe src=x>frame text</iframe>g<head>h</div>";
        assert_eq!(texts(html), vec!["abcdefgh"]);
    }

    #[test]
    fn script_escaped_state_hides_nested_script_end() {
        let html = "<script><!-- document.write('<script>x</script>'); --></script><p>after</p>";
        assert_eq!(texts(html), vec!["after"]);
    }

    #[test]
    fn noscript_content_is_kept() {
        assert_eq!(
            texts("<noscript><p>Post body</p></noscript>"),
            vec!["Post body"]
        );
    }

    #[test]
    fn link_chars_and_count() {
        let b = segment_html("<p>Read <a href=\"/x\">more here</a> now</p>");
        assert_eq!(b[0].text, "Read more here now");
        assert_eq!(b[0].link_chars, 9);
        assert_eq!(b[0].link_count, 1);

        let b = segment_html("<li><a href=1>a</a> <a href=2>b\u{e9}</a> <a>c</a></li>");
        assert_eq!(b[0].text, "a b\u{e9} c");
        assert_eq!(b[0].link_chars, 6);
        assert_eq!(b[0].link_count, 2);

        // One link spanning two blocks counts in each; unclosed <a> closes at the next <a>.
        let b = segment_html("<a href=1><div>x</div><div>y</div></a><p><a href=2>p<a href=3>q</p>");
        let counts: Vec<u32> = b.iter().map(|b| b.link_count).collect();
        assert_eq!(counts, vec![1, 1, 2]);
    }

    #[test]
    fn attr_tokens_from_block_and_ancestors() {
        let b = segment_html(
            "<div id=\"main-Content\" class=\"wrap\"><section class=\"post  body\">\
             <span class=\"inline\"><p class=\"lead post\">x <em class=\"no\">y</em></p></span>\
             </section></div>",
        );
        assert_eq!(b.len(), 1);
        assert_eq!(
            b[0].attr_tokens,
            vec!["lead", "post", "inline", "body", "wrap", "main", "content"]
        );
    }

    #[test]
    fn attr_tokens_capped_at_32() {
        let classes: Vec<String> = (0..40).map(|i| format!("c{i}")).collect();
        let html = format!(
            "<div class=\"{}\"><p class=\"own\">x</p></div>",
            classes.join(" ")
        );
        let b = segment_html(&html);
        assert_eq!(b[0].attr_tokens.len(), 32);
        assert_eq!(b[0].attr_tokens[0], "own");
        assert_eq!(b[0].attr_tokens[31], "c30");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // A small stack makes any depth-proportional recursion fail loudly.
        let worker = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(deep_nesting_body)
            .expect("spawn");
        worker.join().expect("deep nesting panicked");
    }

    fn deep_nesting_body() {
        let n = 10_000;
        let mut html = String::new();
        for i in 0..n {
            html.push_str(if i % 2 == 0 {
                "<div class=\"d\">"
            } else {
                "<span>"
            });
        }
        html.push_str("deep");
        for i in (0..n).rev() {
            html.push_str(if i % 2 == 0 { "</div>" } else { "</span>" });
        }
        html.push_str("<p>after</p>");
        for _ in 0..n {
            html.push_str("<li><b><p>");
        }
        html.push_str("end");
        let b = segment_html(&html);
        assert_eq!(b[0].text, "deep");
        assert_eq!(b[0].tag, "div");
        assert!(b[0].depth < MAX_DEPTH as u32);
        assert_eq!(b[0].attr_tokens, vec!["d"]);
        assert_eq!(b[1].text, "after");
        assert_eq!((b[1].tag.as_str(), b[1].depth), ("p", 0));
        assert_eq!(b.last().map(|b| b.text.as_str()), Some("end"));
    }

    #[test]
    fn unclosed_and_stray_tags() {
        let html = "<div><p>one<p>two<ul><li>a<li>b</ul></span></td><table><tr><td>c<td>d\
                    </table>tail</div></div></p>x<h1>h<h2>i</h3>j";
        let b = segment_html(html);
        let got: Vec<(&str, &str)> = b
            .iter()
            .map(|b| (b.text.as_str(), b.tag.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("one", "p"),
                ("two", "p"),
                ("a", "li"),
                ("b", "li"),
                ("c", "td"),
                ("d", "td"),
                ("tail", "div"),
                ("x", "body"),
                ("h", "h1"),
                ("i", "h2"),
                ("j", "body")
            ]
        );
        assert_eq!(b[3].path, "div>ul>li");
        assert_eq!(b[3].depth, 2);
    }

    #[test]
    fn truncated_markup_never_panics() {
        for html in [
            "<",
            "</",
            "<!",
            "<!--",
            "<!-- x",
            "<div class=\"unterminated>text",
            "<p>a<",
            "<p>a</p",
            "<script>never closed <p>x</p>",
            "<title>never closed <p>x</p>",
            "a &#",
            "a &#x",
            "a &",
            "<a href=>",
            "<p =x>y</p>",
            "<p>\u{0}\u{1}z\u{7f}</p>",
        ] {
            for b in segment_html(html) {
                assert!(!b.text.is_empty() && b.text.trim() == b.text);
            }
        }
        // An unterminated quoted attribute swallows the rest, as in browsers.
        assert!(texts("<div class=\"x>text").is_empty());
        // A title without an end tag must not swallow the page.
        assert_eq!(
            texts("<title>never closed <p>x</p>"),
            vec!["never closed", "x"]
        );
        assert_eq!(texts("<p>a</p"), vec!["a"]);
        assert_eq!(texts("<p>\u{0}\u{1}z\u{7f}</p>"), vec!["z"]);
    }

    #[test]
    fn binary_garbage_is_tolerated() {
        let mut state: u64 = 0x1234_5678;
        let mut bytes = Vec::with_capacity(200_000);
        for _ in 0..200_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let r = (state >> 33) as u8;
            // Bias towards markup characters so that many tokenizer states are reached.
            bytes.push(match r % 16 {
                0 => b'<',
                1 => b'>',
                2 => b'&',
                3 => b'/',
                4 => b'"',
                5 => b' ',
                6 => 0,
                _ => r,
            });
        }
        let (html, lossy) = decode_html(&bytes);
        assert!(lossy);
        let blocks = segment_html(&html);
        for b in &blocks {
            assert!(!b.text.is_empty());
            assert_eq!(b.text.trim(), b.text);
            assert!(!b.text.contains("  "));
            assert!(!b.text.chars().any(|c| c.is_control()));
            assert!(b.link_chars as usize <= b.text.chars().count());
        }
        let _ = html_title(&html);
    }

    #[test]
    fn meta_charset_windows_1252() {
        let bytes = b"<html><head><meta charset=\"windows-1252\"></head>\
                      <body><p>caf\xe9 \x93quoted\x94 \x80</p></body></html>";
        let (text, lossy) = decode_html(bytes);
        assert!(!lossy);
        assert_eq!(
            texts(&text),
            vec!["caf\u{e9} \u{201c}quoted\u{201d} \u{20ac}"]
        );

        let bytes = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\
                      <p>na\xefve</p>";
        assert!(decode_html(bytes).0.ends_with("<p>na\u{ef}ve</p>"));

        // A BOM wins over the meta; a commented-out meta is ignored.
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<meta charset=latin1><p>\u{e9}</p>".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(texts(&decode_html(&utf16).0), vec!["\u{e9}"]);
        let (text, lossy) = decode_html(b"<!-- <meta charset=latin1> --><p>\xc3\xa9</p>");
        assert!(!lossy);
        assert_eq!(texts(&text), vec!["\u{e9}"]);
        let (_, lossy) = decode_html(b"<p>\xff\xfe\xfd</p>");
        assert!(lossy);

        // Re-encoded pages: valid UTF-8 wins over a stale legacy declaration, and C1
        // controls left by a Latin-1 transcoding show as their Windows-1252 characters.
        let bytes = "<meta charset=iso-8859-1><p>Don\u{2019}t \u{95} list</p>".as_bytes();
        let (text, lossy) = decode_html(bytes);
        assert!(!lossy);
        assert_eq!(texts(&text), vec!["Don\u{2019}t \u{2022} list"]);
    }

    #[test]
    fn title_extraction() {
        assert_eq!(
            html_title("<html><head><svg><title>icon</title></svg><title> A &amp;\n B </title>"),
            Some("A & B".to_string())
        );
        assert_eq!(html_title("<p>no title</p>"), None);
        let b = segment_html("<title>T</title><p>x</p>");
        assert_eq!(texts_of(&b), vec!["x"]);
    }

    fn texts_of(b: &[HtmlBlock]) -> Vec<&str> {
        b.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn label_blocks_on_constructed_page() {
        let html = "<nav><a href=/>Home</a> <a href=/about>About us</a></nav>\
                    <article><h1>Rust parsers</h1>\
                    <p>Parsing HTML quickly needs a careful tokenizer and no recursion.</p>\
                    <p>Half of this sentence is in the truth but all the rest of it was rewritten.</p>\
                    <p>Subscribe to our newsletter for weekly deals and offers.</p></article>\
                    <footer>Copyright</footer>";
        let truth = "Rust parsers\n\n\
                     Parsing HTML quickly needs a careful tokenizer and no recursion.\n\n\
                     Half of this sentence is in the truth, and more came after it.";
        let blocks = segment_html(html);
        assert_eq!(
            texts_of(&blocks),
            vec![
                "Home About us",
                "Rust parsers",
                "Parsing HTML quickly needs a careful tokenizer and no recursion.",
                "Half of this sentence is in the truth but all the rest of it was rewritten.",
                "Subscribe to our newsletter for weekly deals and offers.",
                "Copyright"
            ]
        );
        assert_eq!(blocks[0].link_chars, 13);
        assert_eq!(blocks[0].link_count, 2);
        let labels = label_blocks(&blocks, truth, 0.2, 0.5);
        assert_eq!(
            labels,
            vec![
                Some(true),  // nav: no trigram matches
                Some(false), // short, equals a whole truth line
                Some(false), // all trigrams match
                None,        // 6 of 14 trigrams match
                Some(true),  // no trigram matches
                Some(true)   // short, no line match
            ]
        );
    }
}
