//! JSON/JSONL output. The wire types live here, apart from the library's own types, so the
//! format is visible in one place: one object per document,
//! `{"id", "model", "threshold", "flagged", "max_score", "paragraphs": [{"index", "start",
//! "end", "text", "tag", "score", "flagged", "reasons": [{"feature", "contribution",
//! "detail"}]}]}` followed by the record's pass-through fields. `start`/`end` are absent for
//! paragraphs without a span (given paragraphs, HTML blocks), `tag` for non-HTML paragraphs.

use crate::document::Document;
use crate::document::Paragraph;
use crate::model::explain::Reason;
use crate::pipeline::{ScoredDocument, ScoredParagraph};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// Round for output: four decimals say all a threshold needs and keep lines short.
pub(crate) fn r4(x: f32) -> f64 {
    (x as f64 * 1e4).round() / 1e4
}

/// A scored document as its output object. It writes its keys in sorted order, the order a
/// `serde_json::Value` object keeps, with a pass-through field replacing an own field of the
/// same name; so writing it directly gives the bytes that going through a `Value` gave, without
/// building that tree (a map node and a copy of the text per paragraph).
pub struct WireDocument<'a> {
    doc: &'a Document,
    scored: &'a ScoredDocument,
}

pub fn document_wire<'a>(doc: &'a Document, scored: &'a ScoredDocument) -> WireDocument<'a> {
    WireDocument { doc, scored }
}

pub fn document_value(doc: &Document, scored: &ScoredDocument) -> Value {
    serde_json::to_value(document_wire(doc, scored)).expect("wire types serialize")
}

/// The document's own keys, sorted.
const DOCUMENT_KEYS: [&str; 6] = [
    "flagged",
    "id",
    "max_score",
    "model",
    "paragraphs",
    "threshold",
];

impl Serialize for WireDocument<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let extra = &self.doc.extra;
        let own_len = DOCUMENT_KEYS
            .iter()
            .filter(|k| !extra.contains_key(**k))
            .count();
        let mut map = s.serialize_map(Some(own_len + extra.len()))?;
        let mut own = DOCUMENT_KEYS.iter().peekable();
        let mut extra_iter = extra.iter().peekable();
        loop {
            let take_own = match (own.peek(), extra_iter.peek()) {
                (None, None) => break,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some(o), Some((k, _))) => **o < k.as_str(),
            };
            if take_own {
                let key = *own.next().expect("peeked");
                self.own_entry(key, &mut map)?;
            } else {
                let (k, v) = extra_iter.next().expect("peeked");
                if own.peek().is_some_and(|o| **o == k.as_str()) {
                    own.next();
                }
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

impl WireDocument<'_> {
    fn own_entry<M: SerializeMap>(&self, key: &str, map: &mut M) -> Result<(), M::Error> {
        let scored = self.scored;
        match key {
            "flagged" => map.serialize_entry(key, &scored.flagged()),
            "id" => map.serialize_entry(key, &self.doc.id),
            "max_score" => map.serialize_entry(key, &r4(scored.max_score())),
            "model" => map.serialize_entry(key, &scored.model),
            "paragraphs" => map.serialize_entry(key, &WireParagraphs(self.doc, scored)),
            _ => map.serialize_entry(key, &r4(scored.threshold)),
        }
    }
}

struct WireParagraphs<'a>(&'a Document, &'a ScoredDocument);

impl Serialize for WireParagraphs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1.paragraphs.len()))?;
        for (p, sp) in self.0.paragraphs.iter().zip(&self.1.paragraphs) {
            seq.serialize_element(&WireParagraph(p, sp))?;
        }
        seq.end()
    }
}

/// Keys sorted: end, flagged, index, reasons, score, start, tag, text. `start`/`end` only with
/// a span, `tag` only for HTML blocks.
struct WireParagraph<'a>(&'a Paragraph, &'a ScoredParagraph);

impl Serialize for WireParagraph<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, sp) = (self.0, self.1);
        let tag = p.html.as_ref().map(|h| h.tag.as_str());
        let len = 5 + 2 * sp.span.is_some() as usize + tag.is_some() as usize;
        let mut map = s.serialize_map(Some(len))?;
        if let Some((_, end)) = sp.span {
            map.serialize_entry("end", &end)?;
        }
        map.serialize_entry("flagged", &sp.flagged)?;
        map.serialize_entry("index", &sp.index)?;
        map.serialize_entry("reasons", &WireReasons(&sp.reasons))?;
        map.serialize_entry("score", &r4(sp.score))?;
        if let Some((start, _)) = sp.span {
            map.serialize_entry("start", &start)?;
        }
        if let Some(tag) = tag {
            map.serialize_entry("tag", tag)?;
        }
        map.serialize_entry("text", &p.text)?;
        map.end()
    }
}

struct WireReasons<'a>(&'a [Reason]);

impl Serialize for WireReasons<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for r in self.0 {
            seq.serialize_element(&WireReason(r))?;
        }
        seq.end()
    }
}

struct WireReason<'a>(&'a Reason);

impl Serialize for WireReason<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("contribution", &r4(r.contribution))?;
        map.serialize_entry("detail", &r.detail)?;
        map.serialize_entry("feature", &r.feature)?;
        map.end()
    }
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
