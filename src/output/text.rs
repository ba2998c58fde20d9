//! Human-readable output: each paragraph shortened, its score, FLAG, and reasons.

use super::shorten;
use crate::document::Document;
use crate::pipeline::ScoredDocument;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Text made safe to print on a terminal: control characters (C0 and C1, DEL) and the
/// bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) that
/// reorder what follows them are shown as escapes (`\x1b`,
/// `\u{202e}`) instead of being acted upon, so that a document or a file name cannot retitle,
/// clear or recolour the terminal, or flip the text around it. Everything else, newlines
/// included, is as it was (see [`terminal_line`] for one line).
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n')
}

/// [`terminal_safe`] for text printed on one line: newlines are escaped too.
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        !keep(c)
            && (c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    };
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

pub struct TextWriter {
    pub color: bool,
    pub width: usize,
}

impl TextWriter {
    pub fn write<W: Write>(
        &self,
        w: &mut W,
        doc: &Document,
        scored: &ScoredDocument,
    ) -> io::Result<()> {
        let (red, bold, dim, reset) = if self.color {
            ("\x1b[31m", "\x1b[1m", "\x1b[2m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        writeln!(
            w,
            "{bold}{}{reset}: {} paragraphs, {} flagged (model {model}, threshold {:.2})",
            terminal_line(&doc.id),
            doc.paragraphs.len(),
            scored.flagged(),
            scored.threshold,
            model = scored.model,
        )?;
        for (p, s) in doc.paragraphs.iter().zip(&scored.paragraphs) {
            let text = shorten(&p.text, self.width);
            let text = terminal_line(&text);
            if s.flagged {
                writeln!(
                    w,
                    "{red}{:>4}  {:.2}  FLAG  {text}{reset}",
                    s.index, s.score
                )?;
                for r in &s.reasons {
                    writeln!(w, "{:>18}- {}", "", terminal_line(&r.detail))?;
                }
            } else {
                writeln!(
                    w,
                    "{dim}{:>4}  {:.2}{reset}        {text}",
                    s.index, s.score
                )?;
            }
        }
        writeln!(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_acted_upon() {
        assert_eq!(
            terminal_line("a\x1b]0;owned\x07b\x1b[2J\u{202e}cba\u{9b}\n"),
            "a\\x1b]0;owned\\x07b\\x1b[2J\\u{202e}cba\\x9b\\x0a"
        );
        assert_eq!(terminal_safe("one\ntwo\t"), "one\ntwo\\x09");
        assert!(matches!(terminal_line("plain é ü ✓"), Cow::Borrowed(_)));
    }
}
