//! Dumps what `models/embeddings/evaluate.py` measures against: every paragraph of a labelled
//! JSONL file as seam tokenizes it (its words, in order), its label and kind, and the lexical
//! drift similarities seam computes for it today, with the embedded model's background IDF and
//! without it, the whole first-stage feature row (`features::NAMES` order), and what
//! `features::embed::compute` gives it (to check the Rust module against the Python measurement).
//! One JSON object per document; the first line is `{"feature_names": [...]}`.
//!
//! cargo run --release --example embed_dump -- ../shared/data/splice-dev/splice.jsonl > target/embed/tokens.jsonl

use seam::document::reader::read_labelled;
use seam::features::{self, drift, vocab::Vocab};
use seam::model::Model;
use serde_json::json;
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: embed_dump FILE.jsonl")?;
    let docs = read_labelled(path.as_ref())?;
    let model = Model::embedded();
    let plain = Vocab::default();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    writeln!(out, "{}", json!({"feature_names": features::NAMES}))?;
    for d in &docs {
        let a = features::analyze(d);
        let t = &a.tokens;
        let idf = |v: &Vocab| -> Vec<f32> {
            v.values(t.words())
                .iter()
                .map(|x| x.background_idf)
                .collect()
        };
        let with_bg = drift::compute(t, &model.vocab, &idf(&model.vocab));
        let without = drift::compute(t, &plain, &idf(&plain));
        let m = features::featurize(&a, &model.vocab);
        let meaning = &a.meaning;
        let paras: Vec<_> = d
            .paragraphs
            .iter()
            .zip(&t.paras)
            .enumerate()
            .map(|(i, (p, tp))| {
                let (a, b, e) = (&with_bg[i], &without[i], &meaning[i]);
                json!({
                    "label": p.label.map(u8::from),
                    "kind": p.kind,
                    "words": tp.words.iter().map(|&w| t.word(w)).collect::<Vec<_>>(),
                    "lex": [a.loo_sim, a.window_sim, a.core_sim, a.no_content],
                    "lex_plain": [b.loo_sim, b.window_sim, b.core_sim],
                    "features": m.row(i),
                    "embed": [e.loo_sim, e.window_sim, e.core_sim, f32::from(u8::from(e.no_vector))],
                })
            })
            .collect();
        writeln!(out, "{}", json!({"id": d.id, "paragraphs": paras}))?;
    }
    Ok(())
}
