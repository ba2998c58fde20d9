//! Stage 1: parse an input into documents and segment each into paragraphs.
//!
//! A [`Paragraph`] keeps the text that is scored and, when it was cut out of a source text, its
//! byte span in that source, so that `seam clean` can remove it without touching anything else.
//! HTML pages are segmented into blocks ([`html`]); a block is a paragraph without a span (its
//! text is not one contiguous piece of the page) and with the [`Element`] it came from.

pub mod html;
pub mod inputs;
pub mod jsonl;
pub mod label;
pub mod markdown;
pub mod reader;
pub mod text;
pub mod words;

use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// The fields of a JSONL record that seam does not read, by name (in name order, as they are
/// written out), each as the JSON text it had in the record: numbers keep their digits.
pub type Fields = BTreeMap<String, Box<RawValue>>;

/// The most paragraphs (lines of text, Markdown blocks, HTML blocks, given paragraphs) a
/// document may have. Each costs a few kilobytes on its way through the features and models
/// (a page of a million `<p>x</p>` took 2 GB and 20 s), so a larger document fails with a
/// message instead. Segmentation stops one past the limit, so a document never holds more
/// than `MAX_PARAGRAPHS + 1` paragraphs: see [`Document::too_long`].
pub const MAX_PARAGRAPHS: usize = 100_000;

/// The most non-blank lines a text or Markdown document may have (segmentation keeps a small
/// record of every line before it decides how lines make paragraphs).
pub const MAX_LINES: usize = 1_000_000;

/// The message of a document over [`MAX_PARAGRAPHS`] or [`MAX_LINES`].
pub fn too_long_message() -> String {
    format!(
        "more than {MAX_PARAGRAPHS} paragraphs or {MAX_LINES} lines, the limit per document: \
         skipped (split it into smaller documents)"
    )
}

/// True when `src` has more than [`MAX_LINES`] non-blank lines; checked before segmenting
/// untrusted text.
pub fn too_many_lines(src: &str) -> bool {
    // A non-blank line takes a character and a line break (the last one no break): most texts
    // are too short to hold that many, and need no pass over them.
    if src.len().div_ceil(2) <= MAX_LINES {
        return false;
    }
    let mut lines = 0usize;
    for line in src.split('\n') {
        if !line.trim().is_empty() {
            lines += 1;
            if lines > MAX_LINES {
                return true;
            }
        }
    }
    false
}

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Jsonl,
    Html,
}

impl Format {
    /// Guess the format from a file name; anything unknown is plain text. A `.gz` suffix is
    /// looked through (`x.jsonl.gz` is JSONL).
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Format::Jsonl
        } else if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
            Format::Html
        } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
            Format::Markdown
        } else {
            Format::Text
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "text" | "txt" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// The role a paragraph plays in its document's layout, named as ARIA names them: headings and
/// list items behave differently from running text (prose). Markdown marks them with `#` and
/// list markers, HTML with `h1`-`h6` and `li`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Prose,
    Heading,
    ListItem,
}

impl Role {
    /// The role of an HTML block from its element: `h1`-`h6` are headings, `li` list items.
    pub fn of_tag(tag: &str) -> Role {
        match tag {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Role::Heading,
            "li" => Role::ListItem,
            _ => Role::Prose,
        }
    }
}

/// The element an HTML block came from: where it sat in its page. What the structure features
/// read, and what `seam label` writes beside a block's text so that training sees the same.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    /// Lowercase name of the nearest block-level element enclosing the text (`p`, `div`, `li`,
    /// `td`, `h2`, ...; `body` for text outside any block element).
    pub tag: String,
    /// The last few (at most four) element names down to `tag`, e.g. `div>article>div>p`.
    pub path: String,
    /// Element depth of `tag` (the root element, usually `html`, is 0).
    pub depth: u32,
    /// Lowercase tokens of the class and id attributes of the block element and its ancestors,
    /// nearest first, split on non-alphanumerics, deduplicated, at most 32.
    pub attr_tokens: Vec<String>,
    /// Byte offset in the page of the `<` of the block element's start tag, when the block was
    /// segmented from a page (not read from JSONL); `None` for text outside any block element.
    /// Several blocks of one element share it; text inserted at this offset becomes the
    /// element's preceding sibling (how `seam label --splice` places an insert).
    pub offset: Option<usize>,
    /// Characters of the block's text inside an element the page hides or moves off screen
    /// (`display:none`, `visibility:hidden`, the `hidden` attribute, `left:-9999px`,
    /// `text-indent:-9999px`, ...; see `html::visibility`). Hidden text is cut into blocks of
    /// its own, so this is the whole text or nothing, except for text read from JSONL.
    pub hidden_chars: usize,
    /// Serial numbers (the order of their start tags in the page) of the block element and of
    /// up to seven of its ancestors, outermost first, the block element last: which blocks share
    /// a parent, and which element holds the most text. Empty when unknown.
    pub ids: Vec<u32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// The text that is scored: markup removed, inner whitespace kept.
    pub text: String,
    /// Byte offsets of the paragraph in [`Document::source`], when it was segmented from one.
    pub span: Option<(usize, usize)>,
    pub role: Role,
    /// Characters (not bytes) of `text` that sat inside links.
    pub link_chars: usize,
    pub link_count: usize,
    /// Gold label from labelled input: true = does not belong.
    pub label: Option<bool>,
    /// Kind from labelled input (content, ad, spam, boilerplate, offtopic).
    pub kind: Option<String>,
    /// The element of an HTML block; `None` for text paragraphs.
    pub element: Option<Element>,
}

impl Paragraph {
    pub fn new(text: impl Into<String>) -> Self {
        Paragraph {
            text: text.into(),
            ..Paragraph::default()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    /// The text the paragraphs were cut from; absent when paragraphs were given ready-made.
    pub source: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    /// Fields of a JSONL record that seam does not read, passed through to the output as
    /// written ([`Document::extra_str`] reads a string field).
    pub extra: Fields,
    /// Which input format produced the source (for writing `clean` output in the same layout).
    pub format: Option<Format>,
    /// The 1-based line of the JSONL record this document came from; None for a whole file.
    pub line: Option<usize>,
    /// Invalid UTF-8 replaced when `source` was decoded from a file: for each replacement, in
    /// order, the byte offset in `source` just after its U+FFFD and the number of bytes of the
    /// file it stands for. [`Document::file_offset`] turns an offset in `source` back into one
    /// in the file. Empty when nothing was replaced (or the text did not come from a file).
    pub repairs: Vec<(usize, usize)>,
}

impl Document {
    /// Segment `source` according to `format` (Text or Markdown).
    pub fn from_text(id: impl Into<String>, source: String, format: Format) -> Document {
        // A byte-order mark is not text: segment what follows it, spans still counting from
        // the start of `source` (so that they address the file, and `clean` keeps the mark).
        let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
        let mut paragraphs = match format {
            Format::Markdown => markdown::segment(&source[bom..]),
            _ => text::segment(&source[bom..]),
        };
        if bom > 0 {
            for span in paragraphs.iter_mut().filter_map(|p| p.span.as_mut()) {
                *span = (span.0 + bom, span.1 + bom);
            }
        }
        Document {
            id: id.into(),
            source: Some(source),
            paragraphs,
            extra: Fields::new(),
            format: Some(format),
            line: None,
            repairs: Vec::new(),
        }
    }

    /// The offset in the file of byte `at` of `source`: `at` itself unless invalid UTF-8 was
    /// replaced before it (see [`Document::repairs`]).
    pub fn file_offset(&self, at: usize) -> usize {
        let before = self.repairs.partition_point(|&(end, _)| end <= at);
        let shift: isize = self.repairs[..before]
            .iter()
            .map(|&(_, len)| len as isize - 3)
            .sum();
        (at as isize + shift) as usize
    }

    /// Segment an HTML page (already decoded, see [`html::decode_html`]) into blocks.
    /// `source` stays `None`: blocks are not contiguous byte spans of the page, so `without`
    /// joins the kept blocks by blank lines.
    pub fn from_html(id: impl Into<String>, page: &str) -> Document {
        Document {
            id: id.into(),
            source: None,
            paragraphs: html::segment(page),
            extra: Fields::new(),
            format: Some(Format::Html),
            line: None,
            repairs: Vec::new(),
        }
    }

    /// The pass-through field `key` when it is a JSON string.
    pub fn extra_str(&self, key: &str) -> Option<String> {
        serde_json::from_str(self.extra.get(key)?.get()).ok()
    }

    /// True when the document is over [`MAX_PARAGRAPHS`] (segmentation stopped one past it, so
    /// its last paragraphs are missing): a caller scoring untrusted input should refuse it.
    pub fn too_long(&self) -> bool {
        self.paragraphs.len() > MAX_PARAGRAPHS
    }

    /// True when the paragraphs are HTML blocks (such documents are scored by the HTML model).
    pub fn is_html(&self) -> bool {
        self.paragraphs.iter().any(|p| p.element.is_some())
    }

    /// Labelled data: at least one paragraph carries a label. Paragraphs without one (ambiguous
    /// blocks) still take part in the document's features and context, not in training or
    /// metrics.
    pub fn is_labelled(&self) -> bool {
        self.paragraphs.iter().any(|p| p.label.is_some())
    }

    /// The source without the paragraphs whose `remove` flag is set, layout otherwise untouched:
    /// each removed paragraph takes the separator after it (or before it, for the last one) along.
    /// Without a source, the kept paragraphs joined by blank lines.
    pub fn without(&self, remove: &[bool]) -> String {
        let spans: Option<Vec<(usize, usize)>> = self.paragraphs.iter().map(|p| p.span).collect();
        match (&self.source, spans) {
            (Some(src), Some(spans)) => {
                let mut cuts: Vec<(usize, usize)> = Vec::new();
                let n = spans.len();
                for i in 0..n {
                    if !remove.get(i).copied().unwrap_or(false) {
                        continue;
                    }
                    let cut = if i + 1 < n {
                        (spans[i].0, spans[i + 1].0)
                    } else if i > 0 {
                        (spans[i - 1].1, spans[i].1)
                    } else {
                        (spans[i].0, spans[i].1)
                    };
                    match cuts.last_mut() {
                        Some(last) if cut.0 <= last.1 => last.1 = last.1.max(cut.1),
                        _ => cuts.push(cut),
                    }
                }
                let mut out = String::with_capacity(src.len());
                let mut at = 0;
                for (a, b) in cuts {
                    let a = a.max(at);
                    out.push_str(&src[at..a]);
                    at = b.max(at);
                }
                out.push_str(&src[at..]);
                out
            }
            _ => self
                .paragraphs
                .iter()
                .zip(remove.iter().chain(std::iter::repeat(&false)))
                .filter(|(_, &r)| !r)
                .map(|(p, _)| p.text.as_str())
                .collect::<Vec<_>>()
                .join("\n\n"),
        }
    }
}

/// Decode bytes as UTF-8, replacing invalid sequences. Returns whether anything was replaced so
/// the caller can warn instead of aborting.
pub fn decode_lossy(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

/// [`decode_lossy`], with where each U+FFFD went and how many bytes it replaced (see
/// [`Document::repairs`]); the text is the same.
pub fn decode_repairing(bytes: Vec<u8>) -> (String, Vec<(usize, usize)>) {
    let bytes = match String::from_utf8(bytes) {
        Ok(s) => return (s, Vec::new()),
        Err(e) => e.into_bytes(),
    };
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut repairs = Vec::new();
    // The chunks `from_utf8_lossy` replaces: one U+FFFD per maximal invalid sequence.
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            text.push('\u{fffd}');
            repairs.push((text.len(), chunk.invalid().len()));
        }
    }
    (text, repairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_removes_middle_paragraph_and_its_separator() {
        let doc = Document::from_text("d", "one a\n\ntwo b\n\nthree c\n".into(), Format::Text);
        assert_eq!(doc.paragraphs.len(), 3);
        assert_eq!(doc.without(&[false, true, false]), "one a\n\nthree c\n");
        assert_eq!(doc.without(&[false, false, true]), "one a\n\ntwo b\n");
        assert_eq!(doc.without(&[true, false, false]), "two b\n\nthree c\n");
        assert_eq!(doc.without(&[true, true, true]), "\n");
        let blank = Document::from_text("b", " \n".into(), Format::Text);
        assert_eq!(blank.without(&[]), " \n");
    }

    #[test]
    fn without_keeps_a_source_that_has_no_paragraphs() {
        let doc = Document::from_text("d", " \n\t".into(), Format::Text);
        assert!(doc.paragraphs.is_empty());
        assert_eq!(doc.without(&[]), " \n\t");
    }

    #[test]
    fn html_blocks_become_paragraphs_without_spans() {
        let doc = Document::from_html(
            "p",
            "<h2>Title</h2><div class=\"post-body\"><p>Read <a href=/x>this</a> now.</p>\
             <ul><li>one</li></ul></div>",
        );
        let roles: Vec<Role> = doc.paragraphs.iter().map(|p| p.role).collect();
        assert_eq!(roles, [Role::Heading, Role::Prose, Role::ListItem]);
        let p = &doc.paragraphs[1];
        assert_eq!((p.link_chars, p.link_count, p.span), (4, 1, None));
        let info = p.element.as_ref().unwrap();
        assert_eq!(info.tag, "p");
        assert_eq!(info.attr_tokens, ["post", "body"]);
        assert!(doc.is_html() && doc.source.is_none());
        assert_eq!(doc.without(&[false, true, false]), "Title\n\none");
    }

    #[test]
    fn a_byte_order_mark_is_no_text_and_spans_count_it() {
        let doc = Document::from_text("b", "\u{feff}First one.\n\nSecond.".into(), Format::Text);
        assert_eq!(doc.paragraphs[0].text, "First one.");
        assert_eq!(doc.paragraphs[0].span, Some((3, 13)));
        assert_eq!(doc.without(&[true, false]), "\u{feff}Second.");
    }

    #[test]
    fn repaired_offsets_map_back_to_the_file() {
        let file = b"ab\xff\xfecd\xe2\x82 ef".to_vec();
        let (text, repairs) = decode_repairing(file.clone());
        assert_eq!(text, String::from_utf8_lossy(&file));
        let doc = Document {
            source: Some(text.clone()),
            repairs,
            ..Document::default()
        };
        let e = text.find('e').unwrap();
        assert_eq!(file[doc.file_offset(e)], b'e');
        assert_eq!(doc.file_offset(2), 2);
        assert_eq!(doc.file_offset(text.len()), file.len());
    }

    #[test]
    fn line_limit() {
        assert!(!too_many_lines(&"x\n".repeat(MAX_LINES)));
        assert!(too_many_lines(&"x\n".repeat(MAX_LINES + 1)));
        assert!(!too_many_lines(&"x\n\n".repeat(MAX_LINES)));
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(Format::from_path("a/B.MD"), Format::Markdown);
        assert_eq!(Format::from_path("x.jsonl"), Format::Jsonl);
        assert_eq!(Format::from_path("x.JSONL.gz"), Format::Jsonl);
        assert_eq!(Format::from_path("x.md.gz"), Format::Markdown);
        assert_eq!(Format::from_path("x.txt"), Format::Text);
        assert_eq!(Format::from_path("page.HTM"), Format::Html);
        assert_eq!(Format::from_path("a.xhtml"), Format::Html);
        assert_eq!(Format::from_path("-"), Format::Text);
    }
}
