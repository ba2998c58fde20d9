//! Plain-text segmentation.
//!
//! Two layouts occur in the wild: one paragraph per line (blank lines, if any, only as
//! decoration) and blank-line-separated paragraphs that may be hard-wrapped at 70-80 columns.
//! Which one a document uses is decided per document from its line lengths: wrapped text has a
//! short maximum line length and its non-final lines nearly fill it.

use super::{Paragraph, Role, MAX_PARAGRAPHS};

/// A non-blank line: byte offsets of its trimmed content in the source, and its length in chars.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
    pub chars: usize,
}

/// Runs of consecutive non-blank lines.
pub(crate) fn blocks(src: &str) -> Vec<Vec<Line>> {
    let mut blocks: Vec<Vec<Line>> = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    let bytes = src.as_bytes();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let next =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i + 1);
        let raw = &src[line_start..next];
        let this_start = line_start;
        line_start = next;
        let body = raw.trim_end_matches(['\n', '\r']);
        // Most lines start and end with a visible ASCII character: nothing to trim, and no
        // need to decode characters to find out.
        let visible = |b: u8| b.is_ascii_graphic();
        let (lead, content) = match (body.as_bytes().first(), body.as_bytes().last()) {
            (Some(&a), Some(&z)) if visible(a) && visible(z) => (0, body),
            _ => {
                let trimmed_start = body.trim_start();
                (body.len() - trimmed_start.len(), trimmed_start.trim_end())
            }
        };
        if content.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        let start = this_start + lead;
        current.push(Line {
            start,
            end: start + content.len(),
            chars: content.chars().count(),
        });
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// Longest line a hard-wrapped text is assumed to have.
const MAX_WRAP_WIDTH: usize = 120;
/// How close to the widest line a non-final wrapped line must come.
const WRAP_SLACK: usize = 30;

/// True when multi-line blocks look hard-wrapped, so their lines should be joined.
pub(crate) fn is_wrapped(blocks: &[Vec<Line>]) -> bool {
    let widest = blocks.iter().flatten().map(|l| l.chars).max().unwrap_or(0);
    if widest > MAX_WRAP_WIDTH {
        return false;
    }
    let (mut full, mut total) = (0usize, 0usize);
    for block in blocks.iter().filter(|b| b.len() > 1) {
        for line in &block[..block.len() - 1] {
            total += 1;
            if line.chars + WRAP_SLACK >= widest {
                full += 1;
            }
        }
    }
    total > 0 && full * 5 >= total * 4
}

/// True when most non-final lines of multi-line blocks are longer than any wrapped text would
/// have them: the one-paragraph-per-line layout, whatever the blank lines say.
pub(crate) fn has_long_lines(blocks: &[Vec<Line>]) -> bool {
    let (mut long, mut total) = (0usize, 0usize);
    for block in blocks.iter().filter(|b| b.len() > 1) {
        for line in &block[..block.len() - 1] {
            total += 1;
            long += (line.chars > MAX_WRAP_WIDTH) as usize;
        }
    }
    long * 2 > total
}

pub fn segment(src: &str) -> Vec<Paragraph> {
    let blocks = blocks(src);
    // One past the limit says the document is over it (`Document::too_long`).
    if is_wrapped(&blocks) {
        blocks
            .iter()
            .take(MAX_PARAGRAPHS + 1)
            .map(|b| joined(src, b))
            .collect()
    } else {
        blocks
            .iter()
            .flatten()
            .take(MAX_PARAGRAPHS + 1)
            .map(|l| Paragraph {
                text: src[l.start..l.end].to_string(),
                span: Some((l.start, l.end)),
                ..Paragraph::default()
            })
            .collect()
    }
}

/// One paragraph from wrapped lines, joined with single spaces.
pub(crate) fn joined(src: &str, lines: &[Line]) -> Paragraph {
    let mut text = String::with_capacity(lines.iter().map(|l| l.end - l.start + 1).sum());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(&src[l.start..l.end]);
    }
    Paragraph {
        text,
        span: Some((lines[0].start, lines[lines.len() - 1].end)),
        role: Role::Prose,
        ..Paragraph::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        segment(src).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn one_paragraph_per_line_even_with_decorative_blank_lines() {
        let long = "word ".repeat(40);
        let src = format!("{long}\n{long}\n\n{long}\n");
        assert_eq!(texts(&src).len(), 3);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let src = "The council voted on Tuesday to approve the new tram line that will\n\
                   connect the harbour with the university campus by the end of 2027.\n\
                   \n\
                   Opponents said the cost estimate of the project was far too optimistic\n\
                   and asked for an independent review before any contract is signed.\n";
        let got = texts(src);
        assert_eq!(got.len(), 2);
        assert!(got[0].contains("will connect"));
    }

    #[test]
    fn spans_point_into_source_with_crlf() {
        let src = "first line here\r\n\r\n  second line  \r\n";
        let ps = segment(src);
        assert_eq!(ps.len(), 2);
        let (a, b) = ps[1].span.unwrap();
        assert_eq!(&src[a..b], "second line");
    }

    /// `blocks` as it was written first, on `str` methods alone.
    fn reference_blocks(src: &str) -> Vec<Vec<(usize, usize, usize)>> {
        let mut blocks = Vec::new();
        let mut current = Vec::new();
        let mut offset = 0;
        for raw in src.split_inclusive('\n') {
            let line_start = offset;
            offset += raw.len();
            let body = raw.trim_end_matches(['\n', '\r']);
            let trimmed_start = body.trim_start();
            let lead = body.len() - trimmed_start.len();
            let content = trimmed_start.trim_end();
            if content.is_empty() {
                if !current.is_empty() {
                    blocks.push(std::mem::take(&mut current));
                }
                continue;
            }
            let start = line_start + lead;
            current.push((start, start + content.len(), content.chars().count()));
        }
        if !current.is_empty() {
            blocks.push(current);
        }
        blocks
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        #[test]
        fn blocks_match_the_reference(src in "[ a.\t\r\n\u{a0}\u{2003}é]{0,40}") {
            let got: Vec<Vec<(usize, usize, usize)>> = blocks(&src)
                .iter()
                .map(|b| b.iter().map(|l| (l.start, l.end, l.chars)).collect())
                .collect();
            proptest::prop_assert_eq!(got, reference_blocks(&src));
        }
    }

    #[test]
    fn whitespace_only_and_empty_inputs_give_no_paragraphs() {
        assert!(segment("").is_empty());
        assert!(segment(" \n\u{a0}\n\t").is_empty());
    }
}
