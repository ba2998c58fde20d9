//! Helpers for running the built `seam` binary in tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn seam() -> Command {
    Command::new(env!("CARGO_BIN_EXE_seam"))
}

pub fn run(args: &[&str]) -> Output {
    seam().args(args).output().expect("seam runs")
}

pub fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = seam()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("seam runs");
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The expectations of an example, one per paragraph ("keep", "flag", ...), blank lines skipped.
pub fn expected_lines(name: &str) -> Vec<String> {
    std::fs::read_to_string(example(name))
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

pub fn example(name: &str) -> String {
    root()
        .join("data/examples")
        .join(name)
        .display()
        .to_string()
}

/// `../shared` beside the project, when present (CI has it; a user's clone does not).
pub fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    p.join("seeds").is_dir().then_some(p)
}

pub fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}
