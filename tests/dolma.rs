//! `score --format dolma` against the Dolma attribute layout: one record per input document, same
//! order and ids, `{"id", "attributes": {"seam__MODEL__offtopic": [[start, end, score], ...]}}`,
//! spans in characters (what Dolma's mixer counts) that land on the paragraphs.

use crate::util::*;
use serde_json::Value;

/// Byte offset of character `c` in `s`.
fn byte_at(s: &str, c: usize) -> usize {
    s.char_indices().nth(c).map_or(s.len(), |(b, _)| b)
}

fn spans(record: &Value) -> (&str, Vec<(usize, usize, f64)>) {
    let attrs = record["attributes"].as_object().expect("attributes object");
    assert_eq!(attrs.len(), 1, "one attribute: {record}");
    let (name, spans) = attrs.iter().next().unwrap();
    let spans = spans
        .as_array()
        .expect("a list of spans")
        .iter()
        .map(|s| {
            let t = s.as_array().expect("a [start, end, score] triple");
            assert_eq!(t.len(), 3, "{s}");
            (
                t[0].as_u64().unwrap() as usize,
                t[1].as_u64().unwrap() as usize,
                t[2].as_f64().unwrap(),
            )
        })
        .collect();
    (name.as_str(), spans)
}

#[test]
fn dolma_records_match_the_input_documents_and_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        "Le café de la gare rouvre — après deux ans de travaux, dit le maire.\n\nLes habitants \
         attendaient cette réouverture depuis longtemps.\n\nGET 50% OFF 🚲 bikes now at bikes.example, free \
         shipping today only!\n\nLa salle peut accueillir quatre-vingts personnes.",
        "Plain ASCII story about the harbour.\n\nThe boats came back at dawn.",
        "",
    ];
    let mut input = String::new();
    for (i, t) in texts.iter().enumerate() {
        input.push_str(
            &serde_json::json!({"id": format!("t{i}"), "text": t, "lang": "fr"}).to_string(),
        );
        input.push('\n');
    }
    let given = [
        "Ünïcödé paragraph given as is.",
        "Second given paragraph — with a dash.",
    ];
    input.push_str(&serde_json::json!({"id": "given", "paragraphs": given.iter().map(|t| serde_json::json!({"text": t})).collect::<Vec<_>>()}).to_string());
    input.push('\n');
    let p = write(dir.path(), "docs.jsonl", input.as_bytes());

    let out = run(&["score", "--format", "dolma", &p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records = jsonl(&out);
    let scored = jsonl(&run(&["score", "--format", "jsonl", &p]));
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["t0", "t1", "t2", "given"],
        "one record per document, input order"
    );
    for r in &records {
        let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["attributes", "id"],
            "nothing else in an attribute record"
        );
    }

    for (k, (record, doc)) in records.iter().zip(&scored).enumerate() {
        let (name, spans) = spans(record);
        let model = name
            .strip_prefix("seam__")
            .and_then(|n| n.strip_suffix("__offtopic"))
            .expect(name);
        assert!(!model.is_empty() && !model.contains("__"), "{name}");
        assert!(
            model
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_'),
            "{name}"
        );
        let paras = doc["paragraphs"].as_array().unwrap();
        assert_eq!(
            spans.len(),
            paras.len(),
            "a span for every paragraph, flagged or not"
        );
        let text = if k < texts.len() {
            texts[k].to_string()
        } else {
            given.join("\n\n")
        };
        let nchars = text.chars().count();
        let mut last_end = 0;
        for ((start, end, score), para) in spans.iter().zip(paras) {
            assert!(
                last_end <= *start && start < end && *end <= nchars,
                "{record}"
            );
            last_end = *end;
            assert!((score - para["score"].as_f64().unwrap()).abs() < 1e-6);
            let (a, b) = (byte_at(&text, *start), byte_at(&text, *end));
            assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            if k < texts.len() {
                // The same region `score --format jsonl` reports in bytes.
                assert_eq!(
                    (a, b),
                    (
                        para["start"].as_u64().unwrap() as usize,
                        para["end"].as_u64().unwrap() as usize
                    )
                );
            }
            assert_eq!(&text[a..b], para["text"].as_str().unwrap());
        }
    }
    // The first text is not ASCII before its ad: byte offsets would differ from these.
    let (_, s0) = spans(&records[0]);
    assert!(s0[2].0 < byte_at(texts[0], s0[2].0));
}

#[test]
fn dolma_attribute_is_named_after_the_model_file_and_bad_lines_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("my-model.v2.json");
    std::fs::copy(root().join("models/default.json"), &model).unwrap();
    let out = run_stdin(
        &["score", "--format", "dolma", "--input-format", "jsonl", "--model", model.to_str().unwrap()],
        b"{\"id\":\"a\",\"text\":\"One.\\n\\nTwo.\"}\nnot json\n{\"id\":\"b\",\"text\":\"Three.\"}\n",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed line still fails the run"
    );
    assert!(
        stderr(&out).contains("-:2: invalid JSON"),
        "{}",
        stderr(&out)
    );
    let records = jsonl(&out);
    assert_eq!(
        records.len(),
        2,
        "only attribute records in an attributes file"
    );
    assert_eq!(spans(&records[0]).0, "seam__my_model_v2__offtopic");
    assert_eq!(records[1]["id"], "b");
}
