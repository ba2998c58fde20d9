//! Issue 15: input and output a careless or hostile user would try. Each test names the item of
//! the issue it reproduces; each failed before the fix.

use crate::util::*;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

fn gzip_zeros(bytes: usize) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    let block = vec![0u8; 1 << 20];
    for _ in 0..bytes / block.len() {
        e.write_all(&block).unwrap();
    }
    e.finish().unwrap()
}

const GOOD: &[u8] =
    b"The council met on Monday to discuss the bridge.\n\nMembers voted to fund it.\n";

fn failed_ids(o: &std::process::Output) -> Vec<String> {
    jsonl(o)
        .iter()
        .filter(|v| v.get("error").is_some())
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

/// 1. A gzip bomb (here 256 MiB of NULs in 250 KB) fails alone, read no further than the
/// limit, and the batch goes on.
#[test]
fn decompression_bomb_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bomb = write(d, "bomb.txt.gz", &gzip_zeros(256 << 20));
    let mut line = gzip_zeros(32 << 20);
    line.extend(gzip_zeros(0)); // a second member, empty
    let bomb_line = write(d, "bomb.jsonl.gz", &line);
    let good = write(d, "good.txt", GOOD);
    let t = Instant::now();
    let out = run(&[
        "score",
        "--format",
        "jsonl",
        "--max-doc-bytes",
        "1M",
        &bomb,
        &bomb_line,
        &good,
    ]);
    assert!(t.elapsed() < Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(failed_ids(&out), [bomb.clone(), format!("{bomb_line}:1")]);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{bomb}: this file is larger than the limit of 1 MiB per document (--max-doc-bytes): skipped"
        )),
        "{err}"
    );
    assert!(
        err.contains("this line (32 MiB) is larger than the limit"),
        "{err}"
    );
    assert_eq!(jsonl(&out).last().unwrap()["id"], good.as_str());
}

/// 1. The limit holds for every way in: stdin, a directory walk, and a file exactly at it.
#[test]
fn document_limit_applies_to_stdin_and_directories() {
    let big = vec![b'a'; 5000];
    let out = run_stdin(
        &["score", "--max-doc-bytes", "4K", "--format", "jsonl"],
        &big,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(failed_ids(&out), ["-"]);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.md", &big);
    write(dir.path(), "exact.txt", &big[..4096]);
    let root = dir.path().display().to_string();
    let out = run(&[
        "score",
        "--max-doc-bytes",
        "4096",
        "--format",
        "jsonl",
        &root,
    ]);
    assert_eq!(failed_ids(&out), [format!("{root}/big.md")]);
    assert_eq!(jsonl(&out).len(), 2, "the file at the limit is read");
}

/// 3. A page of 200,000 tiny blocks is refused with a message, quickly and in little memory,
/// instead of taking seconds and gigabytes (a million took 20 s and 2 GB).
#[test]
fn a_page_of_too_many_blocks_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(
        dir.path(),
        "many.html",
        "<p>x</p>".repeat(200_000).as_bytes(),
    );
    let lines = write(dir.path(), "lines.txt", "x\n".repeat(1_500_000).as_bytes());
    let record = format!(
        "{{\"id\":\"r\",\"html\":\"{}\"}}\n",
        "<li>y</li>".repeat(150_000)
    );
    let jsonl_page = write(dir.path(), "pages.jsonl", record.as_bytes());
    let t = Instant::now();
    let out = run(&["score", "--format", "jsonl", &page, &lines, &jsonl_page]);
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
    assert_eq!(
        failed_ids(&out),
        [page.clone(), lines.clone(), format!("{jsonl_page}:1")]
    );
    assert!(stderr(&out).contains("more than 100000 paragraphs"));
}

/// 4. `-j` is bounded: 10000 threads took 48 s and 1.6 GB on a 3 KB file.
#[test]
fn jobs_out_of_range_are_a_usage_error() {
    let t = Instant::now();
    let out = run(&["score", "-j", "10000", &example("article_with_ad.txt")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("1..=256"), "{}", stderr(&out));
    assert!(t.elapsed() < Duration::from_secs(5));
}

/// 8. Two outputs naming one file are refused before anything is written; `-o -` is stdout.
#[test]
fn outputs_naming_one_file_are_refused_and_dash_is_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let same = dir.path().join("same.html");
    let ex = example("article_with_ad.txt");
    let out = run(&[
        "report",
        &ex,
        "-o",
        same.to_str().unwrap(),
        "--csv",
        same.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("-o and --csv both write"),
        "{}",
        stderr(&out)
    );
    assert!(!same.exists(), "nothing written");
    // The same file by another name: through a symbolic link.
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&same, &link).unwrap();
    let out = run(&[
        "report",
        &ex,
        "-o",
        same.to_str().unwrap(),
        "--jsonl",
        link.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run(&["report", &ex, "-o", "-", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("<!doctype html>"));
    assert!(!Path::new("-").exists());
    let out = run(&["train", &example("labelled.csv"), "-o", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("give -o a file name"),
        "{}",
        stderr(&out)
    );
}

/// 6. Writing through: a FIFO stays a FIFO, a symbolic link stays a link to the replaced file,
/// a mode-600 file stays 600.
#[test]
fn outputs_keep_what_the_target_was() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ex = example("article_with_ad.txt");

    let private = d.join("private.txt");
    std::fs::write(&private, "old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run(&["clean", &ex, "-o", private.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let m = std::fs::metadata(&private).unwrap();
    assert_eq!(m.permissions().mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(&private)
        .unwrap()
        .contains("Westbrook"));

    let real = d.join("real.txt");
    std::fs::write(&real, "old").unwrap();
    let link = d.join("link.txt");
    std::os::unix::fs::symlink("real.txt", &link).unwrap();
    let out = run(&["clean", &ex, "-o", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("Westbrook"));

    let fifo = d.join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        let out = run(&["clean", &ex, "-o", fifo.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(reader.join().unwrap().contains("Westbrook"));
        let t = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(t.is_fifo(), "still a FIFO");
    }
    // Nothing left behind.
    let left: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// 7. SIGTERM (and SIGINT) mid-write removes the temporary file, and the process dies of the
/// signal as usual.
#[test]
fn a_signal_mid_write_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.txt");
    for signal in ["TERM", "INT"] {
        // stdin stays open: seam waits for the rest of its input with the output file open.
        let mut child = seam()
            .args(["clean", "-", "-o", target.to_str().unwrap()])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(GOOD).unwrap();
        let temporary = || {
            std::fs::read_dir(dir.path())
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .ends_with(".tmp")
                })
                .count()
        };
        let t = Instant::now();
        while temporary() == 0 && t.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(temporary(), 1, "the output is being written");
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        drop(stdin);
        let want = if signal == "TERM" { 15 } else { 2 };
        assert_eq!(status.signal(), Some(want), "{status:?}");
        assert_eq!(temporary(), 0, "temporary file removed on SIG{signal}");
        assert!(!target.exists());
    }
}
