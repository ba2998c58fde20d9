//! Human-readable output: each paragraph shortened, its score, FLAG, and reasons.

use super::shorten;
use crate::document::Document;
use crate::pipeline::ScoredDocument;
use std::io::{self, Write};

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
            doc.id,
            doc.paragraphs.len(),
            scored.flagged(),
            scored.threshold,
            model = scored.model,
        )?;
        for (p, s) in doc.paragraphs.iter().zip(&scored.paragraphs) {
            let text = shorten(&p.text, self.width);
            if s.flagged {
                writeln!(
                    w,
                    "{red}{:>4}  {:.2}  FLAG  {text}{reset}",
                    s.index, s.score
                )?;
                for r in &s.reasons {
                    writeln!(w, "{:>18}- {}", "", r.detail)?;
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
