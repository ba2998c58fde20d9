//! CSV output: one row per paragraph, `id,index,start,end,score,flagged,reasons,text`.

use crate::document::Document;
use crate::pipeline::ScoredDocument;
use std::io::Write;

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
            doc.id.as_str(),
            &s.index.to_string(),
            &start,
            &end,
            &format!("{:.4}", s.score),
            if s.flagged { "1" } else { "0" },
            &reasons,
            &p.text,
        ])?;
    }
    Ok(())
}
