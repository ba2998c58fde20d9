//! Single-core scoring throughput, `seam score` without the process around it: segment plain
//! text, tokenize, featurize, score both stages, explain flagged paragraphs.
//!
//! Run: `cargo bench --bench throughput`. Uses the splice-dev documents in
//! `../shared/data/splice-dev/splice.jsonl` (as plain text, paragraphs joined by blank lines)
//! when present, else the project's examples repeated.

mod common;

use seam::document::{Document, Format};
use seam::model::Model;
use seam::pipeline::Pipeline;
use std::time::Instant;

// The binary's allocator, so that the bench measures what `seam score` does.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> (String, Vec<String>) {
    if let Some(docs) = common::splice_texts() {
        return ("splice-dev (912 documents as plain text)".into(), docs);
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/examples");
    let mut docs = Vec::new();
    for name in [
        "article_with_ad.txt",
        "article_with_trailer.md",
        "injected_spam.txt",
    ] {
        if let Ok(t) = std::fs::read_to_string(format!("{dir}/{name}")) {
            docs.push(t);
        }
    }
    let docs = docs
        .iter()
        .cycle()
        .take(docs.len() * 300)
        .cloned()
        .collect();
    ("data/examples repeated (../shared absent)".into(), docs)
}

fn main() {
    let (name, docs) = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let pipeline = Pipeline::new(Model::embedded());
    let run = || {
        let mut flagged = 0;
        for (i, text) in docs.iter().enumerate() {
            let doc = Document::from_text(i.to_string(), text.clone(), Format::Text);
            flagged += pipeline.score(&doc).flagged();
        }
        flagged
    };
    run(); // warm-up
    let mut best = f64::MAX;
    let mut flagged = 0;
    for _ in 0..5 {
        let t = Instant::now();
        flagged = std::hint::black_box(run());
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "score throughput, one core: {:.1} MB/s, {:.0} docs/s ({name}: {:.1} MB, {} docs, {flagged} flagged; best of 5)",
        bytes as f64 / 1e6 / best,
        docs.len() as f64 / best,
        bytes as f64 / 1e6,
        docs.len()
    );
}
