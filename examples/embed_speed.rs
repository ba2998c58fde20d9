//! How long `features::embed::compute` takes beside `features::featurize`, on the same
//! tokenized splice-dev documents, in one process on one thread. Counts this thread's CPU time
//! (from /proc), not wall time, so that other work on the machine does not count; they
//! alternate, two passes per round. Tokenizing is timed too, for the whole feature step.
//!
//! cargo run --release --example embed_speed [ROUNDS]

use seam::document::reader::read_labelled;
use seam::features::{embed, tokens};
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
/// This thread's CPU time in clock ticks (1/100 s), from /proc.
fn cpu_ticks() -> u64 {
    let s = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    let rest = &s[s.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}
fn main() {
    let rounds: usize = std::env::args().nth(1).map_or(5, |s| s.parse().unwrap());
    let docs = read_labelled("../shared/data/splice-dev/splice.jsonl".as_ref()).unwrap();
    let toks: Vec<_> = docs.iter().map(tokens::tokenize).collect();
    let t = std::time::Instant::now();
    embed::table();
    println!("table parsed in {:?}", t.elapsed());
    let model = seam::model::Model::embedded();
    let (mut e, mut f, mut tk, mut s) = (0u64, 0u64, 0u64, 0usize);
    for _ in 0..rounds {
        for _ in 0..2 {
            let a = cpu_ticks();
            for d in &toks {
                s += embed::compute(d).len();
            }
            let b = cpu_ticks();
            for d in &toks {
                s += seam::features::featurize(d, &model.vocab).data.len();
            }
            let c = cpu_ticks();
            for d in &docs {
                s += tokens::tokenize(d).word_count();
            }
            let d = cpu_ticks();
            e += b - a;
            f += c - b;
            tk += d - c;
        }
    }
    let n = (2 * rounds) as f64;
    println!(
        "{s}: CPU time per pass over the {} documents: embed {:.1} ms, featurize {:.1} ms \
         (ratio {:.3}), tokenize {:.1} ms (embed / (tokenize + featurize) {:.3})",
        toks.len(),
        e as f64 * 10.0 / n,
        f as f64 * 10.0 / n,
        e as f64 / f as f64,
        tk as f64 * 10.0 / n,
        e as f64 / (f + tk) as f64
    );
}
