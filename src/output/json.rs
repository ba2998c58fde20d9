//! JSON/JSONL output. The wire types live here, apart from the library's own types, so the
//! format is visible in one place: one object per document,
//! `{"id", "model", "threshold", "flagged", "max_score", "paragraphs": [{"index", "start",
//! "end", "text", "tag", "score", "flagged", "reasons": [{"feature", "contribution",
//! "detail"}]}]}` followed by the record's pass-through fields. `start`/`end` are absent for
//! paragraphs without a span (given paragraphs, HTML blocks), `tag` for non-HTML paragraphs.

use crate::document::Document;
use crate::pipeline::ScoredDocument;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Serialize)]
struct WireReason<'a> {
    feature: &'a str,
    contribution: f64,
    detail: &'a str,
}

#[derive(Serialize)]
struct WireParagraph<'a> {
    index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
    text: &'a str,
    /// The block element of an HTML block.
    #[serde(skip_serializing_if = "Option::is_none")]
    tag: Option<&'a str>,
    score: f64,
    flagged: bool,
    reasons: Vec<WireReason<'a>>,
}

#[derive(Serialize)]
struct WireDocument<'a> {
    id: &'a str,
    model: &'a str,
    threshold: f64,
    flagged: usize,
    max_score: f64,
    paragraphs: Vec<WireParagraph<'a>>,
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

/// Round for output: four decimals say all a threshold needs and keep lines short.
pub(crate) fn r4(x: f32) -> f64 {
    (x as f64 * 1e4).round() / 1e4
}

pub fn document_value(doc: &Document, scored: &ScoredDocument) -> Value {
    let wire = WireDocument {
        id: &doc.id,
        model: &scored.model,
        threshold: r4(scored.threshold),
        flagged: scored.flagged(),
        max_score: r4(scored.max_score()),
        paragraphs: doc
            .paragraphs
            .iter()
            .zip(&scored.paragraphs)
            .map(|(p, s)| WireParagraph {
                index: s.index,
                start: s.span.map(|x| x.0),
                end: s.span.map(|x| x.1),
                text: &p.text,
                tag: p.html.as_ref().map(|h| h.tag.as_str()),
                score: r4(s.score),
                flagged: s.flagged,
                reasons: s
                    .reasons
                    .iter()
                    .map(|r| WireReason {
                        feature: &r.feature,
                        contribution: r4(r.contribution),
                        detail: &r.detail,
                    })
                    .collect(),
            })
            .collect(),
        extra: &doc.extra,
    };
    serde_json::to_value(wire).expect("wire types serialize")
}

/// A `seam clean` record: the id, the cleaned text, the removed spans `[start, end, score]`
/// (byte offsets into the original text, when known), and the pass-through fields.
pub fn clean_value(doc: &Document, scored: &ScoredDocument, text_key: &str) -> Value {
    let mut obj = Map::new();
    obj.insert("id".into(), Value::String(doc.id.clone()));
    obj.insert(text_key.into(), Value::String(doc.without(&scored.flags())));
    let removed: Vec<Value> = scored
        .paragraphs
        .iter()
        .filter(|p| p.flagged)
        .map(|p| match p.span {
            Some((a, b)) => serde_json::json!([a, b, r4(p.score)]),
            None => serde_json::json!([p.index, r4(p.score)]),
        })
        .collect();
    obj.insert("removed".into(), Value::Array(removed));
    for (k, v) in &doc.extra {
        obj.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Value::Object(obj)
}

/// The record standing in the JSON/JSONL output for a document that could not be scored:
/// `{"id": NAME, "error": MESSAGE}`, where NAME is the file, or `FILE:LINE` for a JSONL record
/// (its own id is unknown when the line is not valid JSON).
pub fn error_value(name: &str, message: &str) -> Value {
    serde_json::json!({ "id": name, "error": message })
}
