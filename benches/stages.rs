//! Where `seam score`'s time goes, stage by stage, on one core: segmenting plain text,
//! tokenizing, the embedding similarities, featurizing, the two model stages, and the whole
//! pipeline. Each stage runs
//! over inputs the stage before it made in advance, best of 7.
//!
//! Run: `cargo bench --bench stages`. Needs `../shared/data/splice-dev/splice.jsonl`; without
//! it, it says so and does nothing.

mod common;

use seam::document::{Document, Format};
use seam::features;
use seam::model::Model;
use seam::pipeline::Pipeline;
use std::time::Instant;

// The binary's allocator, as in the throughput bench.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(docs) = common::splice_texts() else {
        println!("stages: ../shared/data/splice-dev/splice.jsonl not found, nothing measured");
        return;
    };
    let bytes: usize = docs.iter().map(String::len).sum();
    let model = Model::embedded();
    let pipeline = Pipeline::new(Model::embedded());
    let parse = |(i, text): (usize, &String)| {
        Document::from_text(i.to_string(), text.clone(), Format::Text)
    };
    let parsed: Vec<Document> = docs.iter().enumerate().map(parse).collect();
    let tokens: Vec<_> = parsed.iter().map(features::tokens::tokenize).collect();
    let analyses: Vec<_> = parsed.iter().map(features::analyze).collect();
    let matrices: Vec<_> = analyses
        .iter()
        .map(|a| features::featurize(a, &model.vocab))
        .collect();
    let time = |name: &str, run: &dyn Fn() -> usize| {
        let mut best = f64::MAX;
        for _ in 0..7 {
            let t = Instant::now();
            std::hint::black_box(run());
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{name:>9}: {:6.1} ms  {:6.0} MB/s",
            best * 1e3,
            bytes as f64 / 1e6 / best
        );
    };
    println!(
        "splice-dev, {} documents as plain text, {:.1} MB; best of 7:",
        docs.len(),
        bytes as f64 / 1e6
    );
    time("segment", &|| {
        docs.iter()
            .enumerate()
            .map(parse)
            .map(|d| d.paragraphs.len())
            .sum()
    });
    time("tokenize", &|| {
        parsed
            .iter()
            .map(|d| features::tokens::tokenize(d).word_count())
            .sum()
    });
    // The embedding table is parsed once before timing; its load time is printed on its own.
    let load = Instant::now();
    let rows = features::embed::table().rows();
    println!(
        "embed table: {rows} rows, parsed in {:.1} ms",
        load.elapsed().as_secs_f64() * 1e3
    );
    time("embed", &|| {
        tokens
            .iter()
            .map(|t| features::embed::compute(t).len())
            .sum()
    });
    time("featurize", &|| {
        analyses
            .iter()
            .map(|a| features::featurize(a, &model.vocab).data.len())
            .sum()
    });
    // Includes a copy of each document's features, which scoring takes by value.
    time("stages", &|| {
        matrices
            .iter()
            .map(|f| model.score_features(f.clone()).scores.len())
            .sum()
    });
    time("pipeline", &|| {
        parsed.iter().map(|d| pipeline.score(d).flagged()).sum()
    });
}
