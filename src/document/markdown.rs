//! Markdown segmentation: blocks as in plain text, plus headings and list items as their own
//! paragraphs, fenced code kept whole, and link markup reduced to its visible text with the
//! characters inside links counted for link density.

use super::text::{blocks, has_long_lines, Line};
use super::{Paragraph, Role, MAX_PARAGRAPHS};

pub fn segment(src: &str) -> Vec<Paragraph> {
    let blocks = blocks(src);
    // Markdown joins the lines of a paragraph unless they are clearly one paragraph each.
    let wrapped = !has_long_lines(&blocks);
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut fence: Vec<Line> = Vec::new();
    for block in &blocks {
        // One past the limit says the document is over it (`Document::too_long`).
        if out.len() > MAX_PARAGRAPHS {
            out.truncate(MAX_PARAGRAPHS + 1);
            return out;
        }
        // Runs of lines of one kind inside a block become one paragraph.
        let mut run: Vec<Line> = Vec::new();
        let mut run_kind = Role::Prose;
        for &line in block {
            let raw = &src[line.start..line.end];
            if raw.starts_with("```") || raw.starts_with("~~~") {
                if in_fence {
                    fence.push(line);
                    out.push(plain(src, &fence, Role::Prose, "\n"));
                    fence.clear();
                } else {
                    flush(src, &mut run, run_kind, wrapped, &mut out);
                    fence.push(line);
                }
                in_fence = !in_fence;
                continue;
            }
            if in_fence {
                fence.push(line);
                continue;
            }
            if is_rule(raw) {
                flush(src, &mut run, run_kind, wrapped, &mut out);
                continue;
            }
            let kind = if heading_level(raw) > 0 {
                Role::Heading
            } else if list_marker_len(raw) > 0 {
                Role::ListItem
            } else {
                Role::Prose
            };
            let starts_new = kind == Role::Heading || kind != run_kind || !wrapped;
            // A list keeps continuation lines (indented prose) as part of the item run.
            let continues_list = run_kind == Role::ListItem && kind == Role::Prose;
            if starts_new && !continues_list {
                flush(src, &mut run, run_kind, wrapped, &mut out);
                run_kind = kind;
            }
            run.push(line);
            if kind == Role::Heading {
                flush(src, &mut run, run_kind, wrapped, &mut out);
            }
        }
        flush(src, &mut run, run_kind, wrapped, &mut out);
    }
    if !fence.is_empty() {
        out.push(plain(src, &fence, Role::Prose, "\n"));
    }
    out
}

fn flush(src: &str, run: &mut Vec<Line>, kind: Role, wrapped: bool, out: &mut Vec<Paragraph>) {
    if run.is_empty() {
        return;
    }
    // Lists keep their line breaks (one item per line), prose is joined like wrapped text.
    let sep = if kind == Role::ListItem || !wrapped {
        "\n"
    } else {
        " "
    };
    let mut p = plain(src, run, kind, sep);
    let (text, link_chars, link_count) = strip_inline(&p.text, kind);
    p.text = text;
    p.link_chars = link_chars;
    p.link_count = link_count;
    if !p.text.trim().is_empty() {
        out.push(p);
    }
    run.clear();
}

fn plain(src: &str, lines: &[Line], kind: Role, sep: &str) -> Paragraph {
    let text = lines
        .iter()
        .map(|l| &src[l.start..l.end])
        .collect::<Vec<_>>()
        .join(sep);
    Paragraph {
        text,
        span: Some((lines[0].start, lines[lines.len() - 1].end)),
        role: kind,
        ..Paragraph::default()
    }
}

fn heading_level(line: &str) -> usize {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t']) {
        hashes
    } else {
        0
    }
}

fn list_marker_len(line: &str) -> usize {
    let b = line.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        return 2;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && b.len() > digits + 1
        && matches!(b[digits], b'.' | b')')
        && b[digits + 1] == b' '
    {
        return digits + 2;
    }
    0
}

fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && (t.bytes().all(|b| b == b'-')
            || t.bytes().all(|b| b == b'*')
            || t.bytes().all(|b| b == b'_')
            || t.bytes().all(|b| b == b'='))
}

/// Visible text of one paragraph: heading hashes and list markers dropped, `[text](url)` and
/// `![alt](url)` reduced to their text, `<https://..>` autolinks to the URL, emphasis markers
/// removed. Returns the text, the chars inside links, and the number of links.
pub(crate) fn strip_inline(text: &str, kind: Role) -> (String, usize, usize) {
    let mut out = String::with_capacity(text.len());
    let mut link_chars = 0;
    let mut links = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut line = line.trim_start();
        match kind {
            Role::Heading => {
                line = line
                    .trim_start_matches('#')
                    .trim()
                    .trim_end_matches('#')
                    .trim_end()
            }
            Role::ListItem => line = &line[list_marker_len(line)..],
            Role::Prose => {}
        }
        let bytes = line.as_bytes();
        // One finder per closing byte: a line of ten thousand `[` (or `<`, or `[a](`) would
        // otherwise search the rest of the line from each of them.
        let (mut bracket, mut paren, mut angle) =
            (Next::new(b']'), Next::new(b')'), Next::new(b'>'));
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'[' || (c == b'!' && bytes.get(i + 1) == Some(&b'[')) {
                let open = if c == b'!' { i + 1 } else { i };
                if let Some((label, after)) = link_at(line, open, &mut bracket, &mut paren) {
                    link_chars += label.chars().count();
                    links += 1;
                    out.push_str(label);
                    i = after;
                    continue;
                }
            }
            if c == b'<' {
                if let Some(close) = angle.find(bytes, i + 1) {
                    let inner = &line[i + 1..close];
                    if inner.starts_with("http://") || inner.starts_with("https://") {
                        link_chars += inner.chars().count();
                        links += 1;
                        out.push_str(inner);
                        i = close + 1;
                        continue;
                    }
                }
            }
            if (c == b'*' || c == b'_') && bytes.get(i + 1) == Some(&c) || c == b'`' {
                i += if c == b'`' { 1 } else { 2 };
                continue;
            }
            let ch_len = utf8_len(c);
            out.push_str(&line[i..(i + ch_len).min(line.len())]);
            i += ch_len;
        }
    }
    (out, link_chars, links)
}

/// The next position of one byte at or after a position, for positions that only grow along a
/// line: the answer of the last search is kept and reused while it still holds (nothing found,
/// or found at or after the new start), so each byte of the line is scanned at most once per
/// finder and the whole line takes linear time.
struct Next {
    byte: u8,
    /// The last search: where it started, what it found.
    last: Option<(usize, Option<usize>)>,
}

impl Next {
    fn new(byte: u8) -> Next {
        Next { byte, last: None }
    }

    /// The first `self.byte` in `hay[from..]`, as an index into `hay`.
    fn find(&mut self, hay: &[u8], from: usize) -> Option<usize> {
        if let Some((start, found)) = self.last {
            if start <= from && found.is_none_or(|at| at >= from) {
                return found;
            }
        }
        let found = memchr::memchr(self.byte, hay.get(from..)?).map(|i| from + i);
        self.last = Some((from, found));
        found
    }
}

/// `[label](target)` starting at byte `open` (the `[`): the label and the index after `)`.
fn link_at<'a>(
    line: &'a str,
    open: usize,
    bracket: &mut Next,
    paren: &mut Next,
) -> Option<(&'a str, usize)> {
    let bytes = line.as_bytes();
    let close = bracket.find(bytes, open + 1)?;
    let after_label = close + 1;
    if bytes.get(after_label) != Some(&b'(') {
        return None;
    }
    let paren = paren.find(bytes, after_label + 1)?;
    Some((&line[open + 1..close], paren + 1))
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_and_links() {
        let src =
            "# The title\n\nSome prose with a [link text](https://example.org/x) in it\nand a \
                   wrapped line.\n\n- one\n- two\n\nPhoto: **Someone**\n";
        let ps = segment(src);
        let kinds: Vec<_> = ps.iter().map(|p| p.role).collect();
        assert_eq!(
            kinds,
            vec![Role::Heading, Role::Prose, Role::ListItem, Role::Prose]
        );
        assert_eq!(ps[0].text, "The title");
        assert!(ps[1].text.contains("a link text in it"));
        assert_eq!(ps[1].link_chars, "link text".len());
        assert_eq!(ps[1].link_count, 1);
        assert_eq!(ps[2].text, "one\ntwo");
        assert_eq!(ps[3].text, "Photo: Someone");
    }

    #[test]
    fn fenced_code_is_one_paragraph_and_unterminated_fence_is_kept() {
        let ps = segment("```\na\n\nb\n```\n\ntext after\n");
        assert_eq!(ps.len(), 2);
        let ps = segment("```\nnever closed\n");
        assert_eq!(ps.len(), 1);
    }

    /// `strip_inline` as it was first written, searching from every opening byte.
    fn reference_strip(text: &str) -> (String, usize, usize) {
        fn link(line: &str, open: usize) -> Option<(&str, usize)> {
            let rest = &line[open + 1..];
            let close = rest.find(']')?;
            let after_label = open + 1 + close + 1;
            if line.as_bytes().get(after_label) != Some(&b'(') {
                return None;
            }
            let paren = line[after_label + 1..].find(')')?;
            Some((&rest[..close], after_label + 1 + paren + 1))
        }
        let (mut out, mut chars, mut links) = (String::new(), 0, 0);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'[' || (c == b'!' && bytes.get(i + 1) == Some(&b'[')) {
                if let Some((label, after)) = link(text, if c == b'!' { i + 1 } else { i }) {
                    chars += label.chars().count();
                    links += 1;
                    out.push_str(label);
                    i = after;
                    continue;
                }
            }
            if c == b'<' {
                if let Some(close) = text[i + 1..].find('>') {
                    let inner = &text[i + 1..i + 1 + close];
                    if inner.starts_with("http://") || inner.starts_with("https://") {
                        chars += inner.chars().count();
                        links += 1;
                        out.push_str(inner);
                        i += close + 2;
                        continue;
                    }
                }
            }
            if (c == b'*' || c == b'_') && bytes.get(i + 1) == Some(&c) || c == b'`' {
                i += if c == b'`' { 1 } else { 2 };
                continue;
            }
            let n = utf8_len(c);
            out.push_str(&text[i..(i + n).min(text.len())]);
            i += n;
        }
        (out, chars, links)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        #[test]
        fn inline_markup_matches_the_reference(s in "[\\[\\]()<>!*_`a é]{0,40}|(\\[a\\]\\(|<https://x|\\[|\\]|\\)|>|x){0,20}") {
            proptest::prop_assert_eq!(strip_inline(&s, Role::Prose), reference_strip(s.trim_start()));
        }
    }

    /// Issue 15: a megabyte of `[` took 44 s, of `[a](` 44 s, 400 KB of `<` 11 s.
    #[test]
    fn pathological_inline_markup_is_linear() {
        for unit in ["[", "[a](", "<", "![", "[a]", "<http"] {
            let line = unit.repeat((1 << 20) / unit.len());
            let t = std::time::Instant::now();
            let (text, _, _) = strip_inline(&line, Role::Prose);
            assert_eq!(text.len(), line.len(), "{unit}");
            let doc = segment(&format!("{line}\n\n{line}\n"));
            assert_eq!(doc.len(), 2);
            // Linear: tens of milliseconds; quadratic: tens of seconds.
            assert!(t.elapsed().as_secs_f64() < 3.0, "{unit}: {:?}", t.elapsed());
        }
    }

    #[test]
    fn stray_brackets_and_multibyte_text_do_not_panic() {
        let (t, n, _) = strip_inline("[unclosed ](x é **b** `c` <http://a.b> ü", Role::Prose);
        assert!(t.contains('é') && t.contains('ü'));
        assert_eq!(n, "http://a.b".len());
    }
}
