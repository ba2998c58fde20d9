//! Build-time work: the embedding table's rows as floats.
//!
//! `models/embeddings.bin` stores each row as int8 values and a scale. Converting them to
//! floats when a process starts took 2 to 7 ms (13.8 MB of fresh memory to fault in and
//! fill), a third of the start-up of a `seam score` of one document. Converted here instead,
//! the floats are compiled into the binary (`OUT_DIR/embedding_rows.f32`), where the process
//! maps them from its file as it reads them. The layout read here is the one of
//! `models/embeddings/README.md`, which `features::embed::Table::parse` checks in full; a unit
//! test there holds these floats to its own conversion, bit for bit.

use std::env;
use std::fs;
use std::path::Path;

const TABLE: &str = "models/embeddings.bin";

fn main() {
    println!("cargo::rerun-if-changed={TABLE}");
    println!("cargo::rerun-if-changed=build.rs");
    // From the package's own folder, wherever cargo builds it from (a path dependency too).
    let path = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join(TABLE);
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let big_endian = env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let floats = rows_as_floats(&bytes, big_endian).unwrap_or_else(|e| panic!("{TABLE}: {e}"));
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedding_rows.f32");
    fs::write(&out, floats).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

/// Every row `scale * int8 values` as f32 in the target's byte order, rows one after another.
fn rows_as_floats(b: &[u8], big_endian: bool) -> Result<Vec<u8>, String> {
    let u32_at = |at: usize| -> Result<u32, String> {
        let field = b
            .get(at..at + 4)
            .ok_or("the table ends inside its header")?;
        Ok(u32::from_le_bytes(field.try_into().expect("4 bytes")))
    };
    if b.get(..8) != Some(b"SEAMEMB\0".as_slice()) {
        return Err("not a seam embedding table (bad magic)".into());
    }
    let (dims, rows, meta_bytes) = (
        u32_at(12)? as usize,
        u32_at(16)? as usize,
        u32_at(32)? as usize,
    );
    let scales_at = 36 + meta_bytes;
    let data_at = scales_at + 4 * rows;
    let data = b
        .get(data_at..data_at + rows * dims)
        .ok_or("the table ends inside its rows")?;
    let mut out = Vec::with_capacity(rows * dims * 4);
    for (r, row) in data.chunks_exact(dims).enumerate() {
        let scale = f32::from_bits(u32_at(scales_at + 4 * r)?);
        for &q in row {
            let v = scale * f32::from(q as i8);
            out.extend_from_slice(&if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            });
        }
    }
    Ok(out)
}
