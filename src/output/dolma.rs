//! Dolma attribute records (`score --format dolma`), one line per input document in input order:
//! `{"id": ID, "attributes": {"seam__MODEL__offtopic": [[start, end, score], ...]}}`.
//!
//! Every paragraph gets a span with its score, flagged or not, as Dolma taggers do, so that the
//! threshold is chosen where the corpus is mixed (`dolma mix` with `span_replacement` and
//! `min_score`), not here.
//!
//! Offsets count characters (Unicode scalar values), because that is what Dolma means by them:
//! its Python taggers index `str`, and the mixer's span replacement walks the text with
//! `char_indices`, counting one per character. Byte offsets would cut the wrong text out of any
//! document that is not pure ASCII. For a document read from a source text (a file, or a JSONL
//! `text` field) the offsets point into that text; for one given as `paragraphs`, into the
//! paragraphs joined by "\n\n", which is the text such a record stands for.

use super::json::r4;
use crate::document::Document;
use crate::pipeline::ScoredDocument;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// `seam__MODEL__offtopic`, with MODEL reduced to ASCII letters, digits and single underscores so
/// that the name splits on `__` and works in a JSONPath such as `$.attributes.NAME`.
pub fn attribute_name(model: &str) -> String {
    let mut m = String::new();
    for c in model.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if !(c == '_' && (m.is_empty() || m.ends_with('_'))) {
            m.push(c);
        }
    }
    let m = m.trim_end_matches('_');
    format!("seam__{}__offtopic", if m.is_empty() { "model" } else { m })
}

/// Character offsets `[start, end)` of each paragraph, see the module documentation.
pub fn char_spans(doc: &Document) -> Vec<(usize, usize)> {
    let byte_spans: Option<Vec<(usize, usize)>> = doc.paragraphs.iter().map(|p| p.span).collect();
    match (&doc.source, byte_spans) {
        (Some(src), Some(spans)) => {
            let bytes = src.as_bytes();
            // Characters before byte `to`, counted on from the last offset: spans come in order,
            // so the text is walked once. Counting the bytes that start a character needs no
            // char boundary and cannot panic.
            let (mut at_byte, mut at_char) = (0usize, 0usize);
            let mut to_char = |to: usize| {
                let to = to.min(bytes.len());
                if to < at_byte {
                    (at_byte, at_char) = (0, 0);
                }
                at_char += bytes[at_byte..to]
                    .iter()
                    .filter(|&&b| (b as i8) >= -0x40)
                    .count();
                at_byte = to;
                at_char
            };
            spans
                .iter()
                .map(|&(a, b)| (to_char(a), to_char(b)))
                .collect()
        }
        _ => {
            let mut at = 0;
            doc.paragraphs
                .iter()
                .map(|p| {
                    let span = (at, at + p.text.chars().count());
                    at = span.1 + 2;
                    span
                })
                .collect()
        }
    }
}

#[derive(Serialize)]
struct WireRecord<'a> {
    id: &'a str,
    attributes: BTreeMap<&'a str, Vec<(usize, usize, f64)>>,
}

fn record<'a>(doc: &'a Document, scored: &ScoredDocument, attribute: &'a str) -> WireRecord<'a> {
    let spans = char_spans(doc)
        .into_iter()
        .zip(&scored.paragraphs)
        .map(|((a, b), p)| (a, b, r4(p.score)))
        .collect();
    WireRecord {
        id: &doc.id,
        attributes: BTreeMap::from([(attribute, spans)]),
    }
}

/// Write one attribute record and its line break; `attribute` from [`attribute_name`].
pub fn write_record<W: Write>(
    w: &mut W,
    doc: &Document,
    scored: &ScoredDocument,
    attribute: &str,
) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &record(doc, scored, attribute))?;
    w.write_all(b"\n")
}

/// One attribute record as a JSON value: the line [`write_record`] writes, parsed (spans as
/// arrays). For callers that hand records on instead of writing them, such as the Python
/// bindings (`python/`), whose `Scorer.dolma` must equal a line of `score --format dolma`.
pub fn record_value(doc: &Document, scored: &ScoredDocument, attribute: &str) -> serde_json::Value {
    serde_json::to_value(record(doc, scored, attribute)).expect("wire types serialize")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Format, Paragraph};

    #[test]
    fn attribute_names_split_on_double_underscores() {
        assert_eq!(attribute_name("default"), "seam__default__offtopic");
        assert_eq!(attribute_name("my-model.v2"), "seam__my_model_v2__offtopic");
        assert_eq!(attribute_name("a__b  c_"), "seam__a_b_c__offtopic");
        assert_eq!(attribute_name("—"), "seam__model__offtopic");
    }

    #[test]
    fn spans_count_characters_in_the_source() {
        let src = "Café — opening.\n\nZweite Straße 🚲 hier.\n\nThird.\n";
        let doc = Document::from_text("d", src.to_string(), Format::Text);
        let chars: Vec<char> = src.chars().collect();
        let spans = char_spans(&doc);
        assert_eq!(spans.len(), 3);
        for (p, (a, b)) in doc.paragraphs.iter().zip(spans) {
            assert_eq!(chars[a..b].iter().collect::<String>(), p.text);
        }
    }

    #[test]
    fn a_record_value_is_the_written_line_parsed() {
        let src = "Caf\u{e9} opening hours.\n\nGet 60% off your first box with code CRATE60!\n";
        let doc = Document::from_text("d", src.to_string(), Format::Text);
        let scored = crate::pipeline::Pipeline::embedded().score(&doc);
        let mut line = Vec::new();
        write_record(&mut line, &doc, &scored, "seam__default__offtopic").unwrap();
        let parsed: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(
            record_value(&doc, &scored, "seam__default__offtopic"),
            parsed
        );
    }

    #[test]
    fn given_paragraphs_are_offsets_into_their_blank_line_join() {
        let doc = Document {
            id: "g".into(),
            paragraphs: vec![Paragraph::new("Ünïcode first"), Paragraph::new("second")],
            ..Document::default()
        };
        assert_eq!(char_spans(&doc), [(0, 13), (15, 21)]);
    }
}
