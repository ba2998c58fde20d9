//! JSONL records: `{"id", "text"}` is segmented like plain text, `{"id", "html"}` like an HTML
//! page; `{"id", "paragraphs": [...]}` is used as given (how labelled data and benchmarks
//! arrive). Other fields pass through.

use super::{BlockKind, Document, Format, HtmlInfo, Paragraph};
use serde_json::Value;

/// Which record fields hold the id, the text and the HTML page.
#[derive(Debug, Clone)]
pub struct Keys {
    pub id: String,
    pub text: String,
    pub html: String,
}

impl Default for Keys {
    fn default() -> Self {
        Keys {
            id: "id".into(),
            text: "text".into(),
            html: "html".into(),
        }
    }
}

/// Parse one JSONL line (1-based `line_no`, used for a missing id). The error is a message
/// without location; the caller adds the file and line.
pub fn parse_record(line: &str, line_no: usize, keys: &Keys) -> Result<Document, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(mut obj) = value else {
        return Err("a record must be a JSON object".into());
    };
    let id = match obj.remove(&keys.id) {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Null) | None => format!("line-{line_no}"),
        Some(_) => {
            return Err(format!(
                "field \"{}\" must be a string or a number",
                keys.id
            ))
        }
    };
    if let Some(paras) = obj.remove("paragraphs") {
        let Value::Array(items) = paras else {
            return Err("field \"paragraphs\" must be an array".into());
        };
        let paragraphs = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| given_paragraph(item).map_err(|m| format!("paragraphs[{i}]: {m}")))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Document {
            id,
            source: None,
            paragraphs,
            extra: obj,
            format: None,
            line: Some(line_no),
        });
    }
    match obj.remove(&keys.html) {
        Some(Value::String(page)) => {
            let mut doc = Document::from_html(id, &page);
            doc.extra = obj;
            // Segmented like a page, but it came from a record: `clean` writes a record back.
            doc.format = Some(Format::Jsonl);
            doc.line = Some(line_no);
            return Ok(doc);
        }
        Some(Value::Null) | None => {}
        Some(_) => return Err(format!("field \"{}\" must be a string", keys.html)),
    }
    match obj.remove(&keys.text) {
        Some(Value::String(s)) => {
            let mut doc = Document::from_text(id, s, Format::Text);
            doc.extra = obj;
            doc.line = Some(line_no);
            // Segmented like plain text, but it came from a record: `clean` writes a record back.
            doc.format = Some(Format::Jsonl);
            Ok(doc)
        }
        Some(_) => Err(format!("field \"{}\" must be a string", keys.text)),
        None => Err(format!(
            "record has neither \"{}\", \"{}\" nor \"paragraphs\"",
            keys.text, keys.html
        )),
    }
}

fn given_paragraph(item: Value) -> Result<Paragraph, String> {
    match item {
        Value::String(s) => Ok(Paragraph::new(s)),
        Value::Object(mut o) => {
            let text = match o.remove("text") {
                Some(Value::String(s)) => s,
                _ => return Err("needs a string \"text\"".into()),
            };
            let label = match o.remove("label") {
                None | Some(Value::Null) => None,
                Some(v) => Some(parse_label(&v).ok_or("\"label\" must be 0, 1, true or false")?),
            };
            let kind = match o.remove("kind") {
                Some(Value::String(s)) => Some(s),
                _ => None,
            };
            let count = |o: &mut serde_json::Map<String, Value>, key: &str| match o.remove(key) {
                None | Some(Value::Null) => Ok(0),
                Some(v) => v
                    .as_u64()
                    .map(|n| n as usize)
                    .ok_or(format!("\"{key}\" must be a whole number")),
            };
            let link_chars = count(&mut o, "link_chars")?;
            let link_count = count(&mut o, "link_count")?;
            // An HTML block written by `seam label`: its element, so that it gets the same
            // features as when the page itself is scored.
            let html = match o.remove("tag") {
                None | Some(Value::Null) => None,
                Some(Value::String(tag)) => Some(HtmlInfo {
                    path: match o.remove("path") {
                        Some(Value::String(p)) => p,
                        _ => tag.clone(),
                    },
                    depth: count(&mut o, "depth")? as u32,
                    attr_tokens: match o.remove("attr_tokens") {
                        None | Some(Value::Null) => Vec::new(),
                        Some(Value::Array(a)) => a
                            .into_iter()
                            .map(|t| match t {
                                Value::String(s) => Ok(s),
                                _ => Err("\"attr_tokens\" must be strings".to_string()),
                            })
                            .collect::<Result<_, _>>()?,
                        Some(_) => return Err("\"attr_tokens\" must be an array".into()),
                    },
                    tag,
                }),
                Some(_) => return Err("\"tag\" must be a string".into()),
            };
            Ok(Paragraph {
                label,
                kind,
                link_chars,
                link_count,
                block: html
                    .as_ref()
                    .map_or(BlockKind::Prose, |h| BlockKind::of_tag(&h.tag)),
                html,
                ..Paragraph::new(text)
            })
        }
        _ => Err("must be a string or an object".into()),
    }
}

fn parse_label(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_f64() {
            Some(0.0) => Some(false),
            Some(1.0) => Some(true),
            _ => None,
        },
        Value::String(s) => parse_label_str(s),
        _ => None,
    }
}

pub(crate) fn parse_label_str(s: &str) -> Option<bool> {
    match s.trim() {
        "0" | "false" => Some(false),
        "1" | "true" => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_record_with_extra_fields() {
        let d = parse_record(
            r#"{"id":"a","text":"one\n\ntwo","lang":"en"}"#,
            1,
            &Keys::default(),
        )
        .unwrap();
        assert_eq!(d.id, "a");
        assert_eq!(d.paragraphs.len(), 2);
        assert_eq!(d.format, Some(Format::Jsonl));
        assert_eq!(d.extra.get("lang"), Some(&Value::String("en".into())));
    }

    #[test]
    fn paragraphs_record_keeps_labels_in_order() {
        let d = parse_record(
            r#"{"id":7,"paragraphs":[{"text":"x","label":0},{"text":"y","label":1,"kind":"ad"}]}"#,
            3,
            &Keys::default(),
        )
        .unwrap();
        assert_eq!(d.id, "7");
        assert_eq!(d.paragraphs[1].label, Some(true));
        assert_eq!(d.paragraphs[1].kind.as_deref(), Some("ad"));
        assert!(d.paragraphs[0].span.is_none());
    }

    #[test]
    fn html_record_is_segmented_into_blocks() {
        let d = parse_record(
            r#"{"id":"p","html":"<nav>Home</nav><p>Story text.</p>","lang":"en"}"#,
            1,
            &Keys::default(),
        )
        .unwrap();
        let texts: Vec<&str> = d.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["Home", "Story text."]);
        assert!(d.is_html() && d.source.is_none());
        assert_eq!(d.format, Some(Format::Jsonl));
        assert_eq!(d.extra.get("lang"), Some(&Value::String("en".into())));
        assert!(parse_record(r#"{"html":3}"#, 1, &Keys::default())
            .unwrap_err()
            .contains("\"html\""));
    }

    #[test]
    fn given_blocks_keep_their_element_and_null_labels() {
        let d = parse_record(
            r#"{"id":"b","paragraphs":[{"text":"Menu","label":1,"tag":"li","depth":4,
                "path":"nav>ul>li","attr_tokens":["menu"],"link_chars":4,"link_count":1},
                {"text":"Maybe","label":null,"tag":"div"},{"text":"plain","label":0}]}"#,
            1,
            &Keys::default(),
        )
        .unwrap();
        let p = &d.paragraphs[0];
        assert_eq!(
            (p.block, p.link_chars, p.link_count),
            (BlockKind::ListItem, 4, 1)
        );
        let h = p.html.as_ref().unwrap();
        assert_eq!(
            (h.tag.as_str(), h.depth, h.path.as_str()),
            ("li", 4, "nav>ul>li")
        );
        assert_eq!(h.attr_tokens, ["menu"]);
        assert_eq!(d.paragraphs[1].label, None);
        assert!(d.paragraphs[2].html.is_none());
        assert!(d.is_labelled());
    }

    #[test]
    fn errors_name_the_problem() {
        let k = Keys::default();
        assert!(parse_record("{", 1, &k)
            .unwrap_err()
            .starts_with("invalid JSON"));
        assert!(parse_record("[1]", 1, &k).unwrap_err().contains("object"));
        assert!(parse_record(r#"{"id":"x"}"#, 1, &k)
            .unwrap_err()
            .contains("neither"));
        assert!(
            parse_record(r#"{"paragraphs":[{"text":"a","label":2}]}"#, 1, &k)
                .unwrap_err()
                .contains("paragraphs[0]")
        );
        let custom = Keys {
            id: "url".into(),
            text: "content".into(),
            ..Keys::default()
        };
        let d = parse_record(r#"{"url":"u","content":"hello there"}"#, 1, &custom).unwrap();
        assert_eq!(d.id, "u");
    }
}
