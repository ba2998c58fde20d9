//! CSV output: one row per paragraph, `id,index,start,end,score,flagged,reasons,text`.
//!
//! Every CSV seam writes (this one, `report --csv`, `train --oof`) passes its text cells
//! through [`cell`]: document text is untrusted, and a spreadsheet runs a cell that starts like
//! a formula.

use crate::document::Document;
use crate::pipeline::ScoredDocument;
use std::borrow::Cow;
use std::io::Write;

/// A cell a spreadsheet will not run as a formula, as OWASP recommends against CSV injection:
/// text whose first character is a tab or carriage return, or whose first character after
/// leading whitespace is `=`, `+`, `-` or `@` (or the full-width `＝ ＋ － ＠` that some
/// spreadsheets also read as formulas), gets a `'` in front, which spreadsheets show as text
/// and do not evaluate. Anything else is written as it is.
pub fn cell(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['\t', '\r'])
        || s.trim_start().starts_with([
            '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
        ]);
    if risky {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

pub const HEADER: [&str; 8] = [
    "id", "index", "start", "end", "score", "flagged", "reasons", "text",
];

pub fn write_rows<W: Write>(
    w: &mut csv::Writer<W>,
    doc: &Document,
    scored: &ScoredDocument,
) -> csv::Result<()> {
    for (p, s) in doc.paragraphs.iter().zip(&scored.paragraphs) {
        let (start, end) = super::export::offsets(s.span);
        let reasons = super::export::reasons_cell(&s.reasons);
        w.write_record([
            &*cell(&doc.id),
            &s.index.to_string(),
            &start,
            &end,
            &format!("{:.4}", s.score),
            if s.flagged { "1" } else { "0" },
            &cell(&reasons),
            &cell(&p.text),
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_neutralised() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "\tplain after a tab",
            "  =1",
            "\n-1",
            "\u{ff1d}1+1",
        ] {
            assert_eq!(cell(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["", "plain", "a=b", "1-2", "e@mail", "'quoted", "0.5"] {
            assert_eq!(cell(safe), safe);
        }
    }
}
