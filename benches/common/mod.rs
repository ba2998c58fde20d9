//! What the benches share: the splice-dev documents as plain text.

/// The splice-dev documents, each as its paragraphs joined by blank lines, or `None` when
/// `../shared` is absent.
pub fn splice_texts() -> Option<Vec<String>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/splice-dev/splice.jsonl"
    );
    let text = std::fs::read_to_string(path).ok()?;
    let docs = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            v["paragraphs"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter_map(|p| p["text"].as_str())
                        .collect::<Vec<_>>()
                        .join("\n\n")
                })
                .unwrap_or_default()
        })
        .collect();
    Some(docs)
}
