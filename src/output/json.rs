//! JSON/JSONL output. The wire types live here, apart from the library's own types, so the
//! format is visible in one place: one object per document,
//! `{"id", "model", "threshold", "flagged", "max_score", "paragraphs": [{"index", "start",
//! "end", "text", "tag", "score", "flagged", "reasons": [{"feature", "contribution",
//! "detail"}]}]}` followed by the record's pass-through fields. `start`/`end` are absent for
//! paragraphs without a span (given paragraphs, HTML blocks), `tag` for non-HTML paragraphs.

use crate::document::Paragraph;
use crate::document::{Document, Fields};
use crate::model::explain::Reason;
use crate::pipeline::{ScoredDocument, ScoredParagraph};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Round for output: four decimals say all a threshold needs and keep lines short. Public for
/// the Python bindings (`python/`), which build a line's object without writing it.
pub fn r4(x: f32) -> f64 {
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

/// The output object as a `Value`, or null for a record whose pass-through fields nest deeper
/// than a `Value` may (128 levels); writers use [`WireDocument`] itself.
pub fn document_value(doc: &Document, scored: &ScoredDocument) -> Value {
    serde_json::to_value(document_wire(doc, scored)).unwrap_or(Value::Null)
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

/// One entry of a document's output object.
enum Entry<'a> {
    Own(&'static str),
    Extra(&'a String, &'a RawValue),
}

/// The document's own keys merged with its pass-through fields in sorted order, a pass-through
/// field taking the place of an own key of the same name: both writers walk this.
fn entries(extra: &Fields) -> impl Iterator<Item = Entry<'_>> {
    let mut own = DOCUMENT_KEYS.iter().peekable();
    let mut extra = extra.iter().peekable();
    std::iter::from_fn(move || {
        let take_own = match (own.peek(), extra.peek()) {
            (None, None) => return None,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(o), Some((k, _))) => **o < k.as_str(),
        };
        Some(if take_own {
            Entry::Own(own.next().expect("peeked"))
        } else {
            let (k, v) = extra.next().expect("peeked");
            if own.peek().is_some_and(|o| **o == k.as_str()) {
                own.next();
            }
            Entry::Extra(k, v)
        })
    })
}

impl Serialize for WireDocument<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let extra = &self.doc.extra;
        let own_len = DOCUMENT_KEYS
            .iter()
            .filter(|k| !extra.contains_key(**k))
            .count();
        let mut map = s.serialize_map(Some(own_len + extra.len()))?;
        for entry in entries(extra) {
            match entry {
                Entry::Own(key) => self.own_entry(key, &mut map)?,
                Entry::Extra(k, v) => map.serialize_entry(k, v)?,
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

impl WireDocument<'_> {
    /// Append the document as one line of compact JSON: the bytes `serde_json::to_writer`
    /// gives for it, written directly. The paragraph texts are most of a line, and serde_json
    /// looks each of their bytes up in its escape table; [`write_str`] skips eight plain bytes
    /// at a time. Numbers and pass-through values still go through serde_json.
    pub fn write_line(&self, out: &mut Vec<u8>) {
        let (doc, scored) = (self.doc, self.scored);
        let extra = &doc.extra;
        out.push(b'{');
        let mut first = true;
        let mut key = |out: &mut Vec<u8>, k: &str| {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            write_str(out, k);
            out.push(b':');
        };
        for entry in entries(extra) {
            match entry {
                Entry::Own(k) => {
                    key(out, k);
                    match k {
                        "flagged" => write_json(out, &scored.flagged()),
                        "id" => write_str(out, &doc.id),
                        "max_score" => write_json(out, &r4(scored.max_score())),
                        "model" => write_str(out, &scored.model),
                        "paragraphs" => write_paragraphs(out, doc, scored),
                        _ => write_json(out, &r4(scored.threshold)),
                    }
                }
                Entry::Extra(k, v) => {
                    key(out, k);
                    write_json(out, v);
                }
            }
        }
        out.push(b'}');
    }
}

/// [`WireParagraphs`], compact.
fn write_paragraphs(out: &mut Vec<u8>, doc: &Document, scored: &ScoredDocument) {
    out.push(b'[');
    for (i, (p, sp)) in doc.paragraphs.iter().zip(&scored.paragraphs).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        if let Some((_, end)) = sp.span {
            out.extend_from_slice(b"\"end\":");
            write_json(out, &end);
            out.push(b',');
        }
        out.extend_from_slice(b"\"flagged\":");
        out.extend_from_slice(if sp.flagged { b"true" } else { b"false" });
        out.extend_from_slice(b",\"index\":");
        write_json(out, &sp.index);
        out.extend_from_slice(b",\"reasons\":");
        write_json(out, &WireReasons(&sp.reasons));
        out.extend_from_slice(b",\"score\":");
        write_json(out, &r4(sp.score));
        if let Some((start, _)) = sp.span {
            out.extend_from_slice(b",\"start\":");
            write_json(out, &start);
        }
        if let Some(h) = &p.element {
            out.extend_from_slice(b",\"tag\":");
            write_str(out, &h.tag);
        }
        out.extend_from_slice(b",\"text\":");
        write_str(out, &p.text);
        out.push(b'}');
    }
    out.push(b']');
}

fn write_json(out: &mut Vec<u8>, v: &(impl Serialize + ?Sized)) {
    serde_json::to_writer(&mut *out, v).expect("writing to memory");
}

/// A JSON string as serde_json writes it: `"` and `\` escaped, the control characters as
/// `\b \t \n \f \r` or `\u00xx`, everything else (DEL and non-ASCII included) as it is.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    /// Eight plain bytes at a time: a byte below 0x20, a quote or a backslash makes the word
    /// `special` (exactly when one is there), and only then are its bytes looked at one by one.
    fn special(w: u64) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        control | zero(w ^ (ONES * b'"' as u64)) | zero(w ^ (ONES * b'\\' as u64)) != 0
    }
    fn escape(out: &mut Vec<u8>, b: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xf) as usize],
            ]),
        }
    }
    let needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if !special(w) {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(bytes.len());
        for (j, &b) in bytes.iter().enumerate().take(end).skip(i) {
            if needs(b) {
                out.extend_from_slice(&bytes[start..j]);
                escape(out, b);
                start = j + 1;
            }
        }
        i = end;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
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
        let tag = p.element.as_ref().map(|h| h.tag.as_str());
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
/// (byte offsets into the original text, when known), and the pass-through fields as written
/// (an own key wins over a pass-through field of the same name), keys in sorted order.
pub struct CleanRecord {
    own: Map<String, Value>,
    extra: Vec<(String, Box<RawValue>)>,
}

pub fn clean_record(doc: &Document, scored: &ScoredDocument, text_key: &str) -> CleanRecord {
    let mut own = Map::new();
    own.insert("id".into(), Value::String(doc.id.clone()));
    own.insert(text_key.into(), Value::String(doc.without(&scored.flags())));
    let removed: Vec<Value> = scored
        .paragraphs
        .iter()
        .filter(|p| p.flagged)
        .map(|p| match p.span {
            Some((a, b)) => serde_json::json!([a, b, r4(p.score)]),
            None => serde_json::json!([p.index, r4(p.score)]),
        })
        .collect();
    own.insert("removed".into(), Value::Array(removed));
    let extra = doc
        .extra
        .iter()
        .filter(|(k, _)| !own.contains_key(*k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    CleanRecord { own, extra }
}

impl Serialize for CleanRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.own.len() + self.extra.len()))?;
        let mut own = self.own.iter().peekable();
        let mut extra = self.extra.iter().peekable();
        loop {
            let take_own = match (own.peek(), extra.peek()) {
                (None, None) => break,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some((a, _)), Some((b, _))) => a.as_str() < b.as_str(),
            };
            if take_own {
                let (k, v) = own.next().expect("peeked");
                map.serialize_entry(k, v)?;
            } else {
                let (k, v) = extra.next().expect("peeked");
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

/// [`clean_record`] as a `Value` (numbers of pass-through fields as a float reads them), or
/// null for a record whose pass-through fields nest deeper than a `Value` may (128 levels).
pub fn clean_value(doc: &Document, scored: &ScoredDocument, text_key: &str) -> Value {
    serde_json::to_value(clean_record(doc, scored, text_key)).unwrap_or(Value::Null)
}

/// The record standing in the JSON/JSONL output for a document that could not be scored:
/// `{"id": NAME, "error": MESSAGE}`, where NAME is the file, or `FILE:LINE` for a JSONL record
/// (its own id is unknown when the line is not valid JSON).
pub fn error_value(name: &str, message: &str) -> Value {
    serde_json::json!({ "id": name, "error": message })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;

    fn serde_str(s: &str) -> Vec<u8> {
        serde_json::to_vec(s).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all = String::new();
        for c in (0u32..0x80).chain([0xe9, 0x2019, 0x1f600]) {
            all.push(char::from_u32(c).unwrap());
        }
        for s in [
            "",
            "plain",
            "exactly8",
            "sixteen bytes!!!",
            "a\"b\\c\nd\te\u{1}f\u{7f}g",
            "\"\"\"\"\"\"\"\"\"",
            "caf\u{e9} \u{2019}quoted\u{2019}\r\n",
            &all,
        ] {
            for cut in 0..s.len().min(9) {
                let t = &s[s.char_indices().nth(cut).map_or(s.len(), |(i, _)| i)..];
                let mut out = Vec::new();
                write_str(&mut out, t);
                assert_eq!(out, serde_str(t), "{t:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(s in "(?s).{0,40}") {
            let mut out = Vec::new();
            write_str(&mut out, &s);
            proptest::prop_assert_eq!(out, serde_str(&s));
        }
    }

    #[test]
    fn a_line_is_what_serde_json_writes() {
        let page = include_str!("../../data/examples/page_with_ad.html");
        let text = include_str!("../../data/examples/article_with_ad.txt");
        let mut extra = Fields::new();
        for (k, v) in [
            ("aaa", serde_json::json!(1.5)),
            ("id", serde_json::json!("pass-through id")),
            ("lang", serde_json::json!("en\n")),
            ("paragraphs2", serde_json::json!([1, {"x": null}])),
            ("zzz", serde_json::json!({"q": "\"\\"})),
        ] {
            extra.insert(k.into(), serde_json::value::to_raw_value(&v).unwrap());
        }
        let mut docs = vec![
            Document::from_html("page\t1", page),
            Document::from_text("text", text.to_string(), crate::document::Format::Text),
            Document::default(),
        ];
        docs[1].extra = extra.clone();
        docs[0].extra = extra.into_iter().filter(|(k, _)| k != "id").collect();
        let pipeline = Pipeline::embedded().threshold(0.05).reasons(3);
        for doc in &docs {
            let scored = pipeline.score(doc);
            let wire = document_wire(doc, &scored);
            let mut line = Vec::new();
            wire.write_line(&mut line);
            assert_eq!(
                String::from_utf8(line).unwrap(),
                serde_json::to_string(&wire).unwrap()
            );
        }
    }
}
