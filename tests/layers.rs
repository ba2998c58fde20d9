//! The library's imports run one way, stage by stage: error, hash and cpu, then document, features,
//! model, pipeline, then batch and output; the CLI sits on top. A module may name its own layer
//! and those below it, never one above (that is how import circles and stages wired in two
//! places came about). Read from the source, comments left out.

use std::path::{Path, PathBuf};

/// Layer of a top-level module of the library.
fn layer(module: &str) -> Option<u32> {
    Some(match module {
        "error" | "hash" | "cpu" => 0,
        "document" => 1,
        "features" => 2,
        "model" => 3,
        "pipeline" => 4,
        "batch" | "output" => 5,
        _ => return None,
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn imports_never_reach_up_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = top.trim_end_matches(".rs");
        let Some(own) = layer(module) else { continue };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for (at, _) in code.match_indices("crate::") {
                let used: String = code[at + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if layer(&used).is_some_and(|l| l > own) {
                    wrong.push(format!("{}:{}: {module} uses {used}", rel.display(), n + 1));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports up a layer:\n{}",
        wrong.join("\n")
    );
    assert!(files.len() > 20, "read {} files", files.len());
}
