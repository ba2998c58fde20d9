//! Build-time work: the embedding table, made ready to read.
//!
//! `models/embeddings.bin` stores each row as int8 values and a scale, and its wordpieces as a
//! list. A process that starts converts neither: this script converts the rows to floats
//! (13.8 MB of fresh memory to fill took 2 to 7 ms, a third of the start-up of a `seam score` of
//! one document) and builds the two wordpiece lookup tables (2 to 5 ms more), and they are
//! compiled into the binary (`OUT_DIR/embedding_*`), where the process maps them from its file
//! as it reads them. The file is cut by `src/features/embed_file.rs` and the tables built by
//! `src/features/packed.rs`, the crate's own code, included here by path; a unit test in
//! `features::embed` holds what this makes to what parsing the table makes, bit for bit.

use std::env;
use std::fs;
use std::path::Path;

#[path = "src/features/embed_file.rs"]
#[allow(dead_code)]
mod embed_file;
#[path = "src/features/packed.rs"]
#[allow(dead_code)]
mod packed;

const TABLE: &str = "models/embeddings.bin";

fn main() {
    println!("cargo::rerun-if-changed={TABLE}");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/features/embed_file.rs");
    println!("cargo::rerun-if-changed=src/features/packed.rs");
    // From the package's own folder, wherever cargo builds it from (a path dependency too).
    let path = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join(TABLE);
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let big_endian = env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    let write = |name: &str, data: &[u8]| {
        let file = out.join(name);
        fs::write(&file, data).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    };
    let sections = embed_file::Sections::of(&bytes).unwrap_or_else(|e| panic!("{TABLE}: {e}"));
    write("embedding_rows.f32", &rows_as_floats(&sections, big_endian));
    let pieces = sections
        .entries()
        .unwrap_or_else(|e| panic!("{TABLE}: {e}"));
    for (name, list) in [("first", &pieces.first), ("cont", &pieces.cont)] {
        // The same call as `features::embed` makes when it parses a table.
        let table = packed::WordTable::from_pairs(list.iter().copied(), list.len(), 1.5);
        let (slots, text) = table.to_bytes(big_endian);
        write(&format!("embedding_{name}.slots"), &slots);
        write(&format!("embedding_{name}.text"), text.as_bytes());
    }
}

/// Every row `scale * int8 values` as f32 in the target's byte order, rows one after another.
fn rows_as_floats(s: &embed_file::Sections, big_endian: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.data.len() * 4);
    for (r, row) in s.data.chunks_exact(s.dims).enumerate() {
        let scale = s.scale(r);
        for &q in row {
            let v = scale * f32::from(q as i8);
            out.extend_from_slice(&if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            });
        }
    }
    out
}
