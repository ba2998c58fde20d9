//! Batches: many files, directories, gzip, failures that do not stop the rest, input order.

use crate::util::*;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::Path;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn record(id: &str) -> String {
    format!(
        "{{\"id\":\"{id}\",\"text\":\"The council met on Monday to discuss {id}.\\n\\nMembers voted to \
         fund the new bridge over the river.\\n\\nWork starts in the spring.\"}}\n"
    )
}

fn records(ids: &[&str]) -> String {
    ids.iter().map(|i| record(i)).collect()
}

fn ids(values: &[serde_json::Value]) -> Vec<String> {
    values
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

/// A file the current user cannot open: a dangling symbolic link (root reads through modes).
fn unreadable(dir: &Path, name: &str) -> String {
    let p = dir.join(name);
    std::os::unix::fs::symlink(dir.join("no-such-target"), &p).unwrap();
    p.display().to_string()
}

#[test]
fn corrupt_gzip_bad_line_and_unreadable_file_do_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Three gzip members; the second one's CRC is damaged, so reading fails at its end.
    let mut damaged = gzip(records(&["gz-3"]).as_bytes());
    let n = damaged.len();
    damaged[n - 8] ^= 0xff;
    let mut gz = gzip(records(&["gz-1", "gz-2"]).as_bytes());
    gz.extend(damaged);
    gz.extend(gzip(records(&["gz-lost"]).as_bytes()));
    let corrupt = write(d, "corrupt.jsonl.gz", &gz);
    let plain = write(
        d,
        "plain.jsonl",
        format!("{}this is not JSON\n{}", record("p-1"), record("p-2")).as_bytes(),
    );
    let gone = unreadable(d, "gone.txt");
    let last = write(d, "last.jsonl", records(&["l-1"]).as_bytes());

    let out = run(&["score", "--format", "jsonl", &corrupt, &plain, &gone, &last]);
    assert_eq!(out.status.code(), Some(1), "some documents failed");
    let all = jsonl(&out);
    let good: Vec<String> = ids(&all
        .iter()
        .filter(|v| v.get("error").is_none())
        .cloned()
        .collect::<Vec<_>>());
    assert_eq!(
        good,
        ["gz-1", "gz-2", "gz-3", "p-1", "p-2", "l-1"],
        "every readable document, in input order"
    );
    let failed: Vec<String> = ids(&all
        .iter()
        .filter(|v| v.get("error").is_some())
        .cloned()
        .collect::<Vec<_>>());
    assert_eq!(
        failed,
        [format!("{corrupt}:4"), format!("{plain}:2"), gone.clone()]
    );
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{corrupt}:4: ")) && err.contains("rest of this input is skipped"),
        "{err}"
    );
    assert!(err.contains(&format!("{plain}:2: invalid JSON")), "{err}");
    assert!(err.contains(&format!("{gone}: ")), "{err}");
    assert!(err.contains("3 of 9 documents or inputs failed"), "{err}");
}

#[test]
fn directories_are_walked_recursively_by_extension_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("b/inner")).unwrap();
    std::fs::create_dir_all(d.join(".cache")).unwrap();
    let text = "A paragraph about the harbour.\n\nAnother paragraph about boats.\n";
    write(d, "z.txt", text.as_bytes());
    write(d, "a.md", b"# Title\n\nSome markdown text about ships.\n");
    write(d, "b/inner/n.ndjson", records(&["nd-1"]).as_bytes());
    write(
        d,
        "b/m.jsonl.gz",
        &gzip(records(&["gz-1", "gz-2"]).as_bytes()),
    );
    write(d, "b/page.html", b"<p>A saved page about the harbour.</p>");
    write(d, "z.labels", b"0\n1\n");
    write(d, ".cache/hidden.txt", text.as_bytes());
    let root = d.display().to_string();
    let out = run(&["score", "--format", "jsonl", &root]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        ids(&jsonl(&out)),
        // b/inner/ sorts before b/m.jsonl.gz: entries are ordered by name, directories included.
        [
            format!("{root}/a.md"),
            "nd-1".into(),
            "gz-1".into(),
            "gz-2".into(),
            format!("{root}/b/page.html"),
            format!("{root}/z.txt")
        ]
    );
    // What the walk left out is said, with why.
    let err = stderr(&out);
    assert!(
        err.contains("skipped 1 file not named like an input (1 .labels")
            && err.contains("1 hidden"),
        "{err}"
    );
    // A file named on the command line is read whatever its extension.
    let out = run(&["score", "--format", "jsonl", &format!("{root}/z.labels")]);
    assert_eq!(jsonl(&out).len(), 1);
}

#[test]
fn gzip_is_read_from_stdin_and_multi_member_files_whole() {
    let plain = records(&["a", "b", "c"]);
    let mut two = gzip(records(&["a"]).as_bytes());
    two.extend(gzip(records(&["b", "c"]).as_bytes()));
    let out = run_stdin(
        &["score", "--input-format", "jsonl", "--format", "jsonl"],
        &two,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(ids(&jsonl(&out)), ["a", "b", "c"]);
    let from_plain = run_stdin(
        &["score", "--input-format", "jsonl", "--format", "jsonl"],
        plain.as_bytes(),
    );
    assert_eq!(
        out.stdout, from_plain.stdout,
        "decompression changes nothing"
    );
}

#[test]
fn output_order_and_content_do_not_depend_on_jobs() {
    let dir = tempfile::tempdir().unwrap();
    // More than one chunk (256 documents), uneven sizes.
    let text: String = (0..700)
        .map(|i| {
            let body = "Paragraph of the story about the town budget and its schools. ".repeat(1 + i % 13);
            format!("{{\"id\":\"d{i}\",\"text\":\"{body}\\n\\nBuy cheap watches now at example.com!\\n\\n{body}\"}}\n")
        })
        .collect();
    let p = write(dir.path(), "many.jsonl", text.as_bytes());
    let one = run(&["score", "--format", "jsonl", "--jobs", "1", &p]);
    let two = run(&["score", "--format", "jsonl", "--jobs", "2", &p]);
    assert_eq!(one.status.code(), Some(0));
    let want: Vec<String> = (0..700).map(|i| format!("d{i}")).collect();
    assert_eq!(ids(&jsonl(&one)), want);
    assert!(one.stdout == two.stdout, "--jobs 1 and --jobs 2 differ");
    // Not a terminal: no progress bar, and nothing else to say.
    assert_eq!(stderr(&two), "");
}
