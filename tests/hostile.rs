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

/// Item 1: A gzip bomb (here 256 MiB of NULs in 250 KB) fails alone, read no further than the
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

/// Item 1: The limit holds for every way in: stdin, a directory walk, and a file exactly at it.
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

/// Item 3: A page of 200,000 tiny blocks is refused with a message, quickly and in little memory,
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

/// Item 4: `-j` is bounded: 10000 threads took 48 s and 1.6 GB on a 3 KB file.
#[test]
fn jobs_out_of_range_are_a_usage_error() {
    let t = Instant::now();
    let out = run(&["score", "-j", "10000", &example("article_with_ad.txt")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("1..=256"), "{}", stderr(&out));
    assert!(t.elapsed() < Duration::from_secs(5));
}

/// Item 8: Two outputs naming one file are refused before anything is written; `-o -` is stdout.
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

/// Item 6: Writing through: a FIFO stays a FIFO, a symbolic link stays a link to the replaced file,
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

/// Item 7: SIGTERM (and SIGINT) mid-write removes the temporary file, and the process dies of the
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
        // The shell's own `kill`: a kill binary is not on every machine.
        let killed = std::process::Command::new("sh")
            .args(["-c", &format!("kill -{signal} {}", child.id())])
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

/// Item 9: CSV cells that a spreadsheet would run as a formula are neutralised, in every CSV seam
/// writes.
#[test]
fn csv_cells_cannot_be_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let doc = "{\"id\":\"=HYPERLINK(\\\"http://x\\\")\",\"text\":\"+cmd|' /C calc'!A0\\n\\n\
               @SUM(1+1) buy now, 60% off, free delivery, use code SAVE60 today!\\n\\n\
               \\t-2+3 is what the council's budget line said about the tram.\"}\n";
    let input = write(dir.path(), "evil.jsonl", doc.as_bytes());
    let risky = |cell: &str| {
        cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
            || cell.trim_start().starts_with(['=', '+', '-', '@'])
    };
    let check = |csv_text: &str, min_rows: usize| {
        let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert!(rows.len() >= min_rows, "{csv_text}");
        for row in &rows {
            for cell in row {
                assert!(!risky(cell), "{cell:?} in {csv_text}");
            }
        }
        rows
    };
    let out = run(&["score", "--format", "csv", "--threshold", "0", &input]);
    let rows = check(&stdout(&out), 3);
    assert_eq!(&rows[0][0], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&rows[0][7], "'+cmd|' /C calc'!A0");
    let report = dir.path().join("r.html");
    let csv_path = dir.path().join("r.csv");
    let out = run(&[
        "report",
        "--threshold",
        "0",
        &input,
        "-o",
        report.to_str().unwrap(),
        "--csv",
        csv_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check(&std::fs::read_to_string(&csv_path).unwrap(), 3);
}

/// Item 10: Text output and messages show control characters instead of sending them to the
/// terminal (a document could retitle or clear it).
#[test]
fn terminal_escapes_are_shown_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let name = write(
        dir.path(),
        "evil\u{1b}[2J.txt",
        b"Hello \x1b]0;owned\x07 there.\n\nThe \x1b[2J council \xe2\x80\xae met.\n",
    );
    let out = run(&["score", "--color", "never", &name]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'));
    assert!(
        text.contains("\\x1b]0;owned\\x07") && text.contains("\\u{202e}"),
        "{text}"
    );
    let missing = dir.path().join("gone\u{1b}]0;x\u{7}.txt");
    let out = run(&["score", missing.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        !err.contains('\u{1b}') && err.contains("gone\\x1b]0;x\\x07.txt"),
        "{err}"
    );
}

/// Item 10: The report lays every piece of untrusted text out as its own bidirectional run, so a
/// U+202E cannot flip what surrounds it.
#[test]
fn report_isolates_bidirectional_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "rtl.txt",
        "Price \u{202e}gnihtemos\u{202c} here.\n\nMore.\n".as_bytes(),
    );
    let report = dir.path().join("r.html");
    let out = run(&["report", &input, "-o", report.to_str().unwrap(), "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&report).unwrap();
    let rule = html
        .split('}')
        .find(|r| r.contains("unicode-bidi: plaintext"))
        .expect("an isolating rule");
    for class in [".doc-id", ".snippet", ".ptext", ".detail", "#errors td"] {
        assert!(rule.contains(class), "{class} in {rule}");
    }
}

/// Item 11: Training on small or degenerate data says what is missing, on one line, instead of
/// panicking (exit 101, "rows > 0").
#[test]
fn training_on_too_little_data_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut shared_ids = String::from("doc_id,index,text,label\n");
    for i in 0..40 {
        let label = i % 4 == 0;
        let text = if label {
            "Buy now and save 60% with code SAVE60 and free delivery!"
        } else {
            "The council met on Monday to discuss the new bridge."
        };
        shared_ids.push_str(&format!("d{},{i},{text},{}\n", i % 2, label as u8));
    }
    let shared = write(dir.path(), "shared.csv", shared_ids.as_bytes());
    let two = write(
        dir.path(),
        "two.csv",
        b"doc_id,index,text,label\na,0,The council met.,0\na,1,Buy now!,1\nb,0,The bridge opens.,0\nb,1,Free trial!,1\n",
    );
    for (data, cv) in [(example("labelled.csv"), "2"), (shared, "5"), (two, "2")] {
        let out = run(&["train", &data, "--cv", cv]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{data} --cv {cv}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        let last = err.lines().last().unwrap();
        assert!(last.starts_with("seam: training: "), "{last}");
        assert!(
            last.contains("folds") || last.contains("labelled"),
            "says what is missing: {last}"
        );
        assert!(!last.contains("Fewer than two classes"), "{last}");
    }
}

/// Item 12: Usage errors, failures and flags have different exit statuses.
#[test]
fn exit_statuses_are_distinct() {
    let ex = example("article_with_ad.txt");
    assert_eq!(run(&["score", "-q", &ex]).status.code(), Some(0));
    assert_eq!(
        run(&["score", "--no-such-flag", &ex]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["score", "--threshold", "-1", &ex]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["score", "-q", "--fail-on-flag", &ex]).status.code(),
        Some(3)
    );
    assert_eq!(
        run(&["score", "-q", "--fail-on-flag", &ex, "/no/such/file.txt"])
            .status
            .code(),
        Some(1),
        "a failure outranks a flag"
    );
}

/// Item 16: A model file without its vocabulary is refused (it loaded and scored 0.99 as 0.36);
/// Item 17: a bad number names its stage and feature.
#[test]
fn incomplete_models_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let model: serde_json::Value =
        serde_json::from_str(include_str!("../models/default.json")).unwrap();
    let mut no_vocab = model.clone();
    no_vocab.as_object_mut().unwrap().remove("vocab");
    let path = write(dir.path(), "novocab.json", no_vocab.to_string().as_bytes());
    let out = run(&["score", "--model", &path, &example("article_with_ad.txt")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("incomplete model file: missing field `vocab`"),
        "{err}"
    );
    // The first column of the third input: each input has a line and a column per knot.
    let column: usize = model["stage2"]["knots"].as_array().unwrap()[..2]
        .iter()
        .map(|k| 1 + k.as_array().unwrap().len())
        .sum();
    let mut zero_std = model.clone();
    zero_std["stage2"]["std"][column] = serde_json::json!(0.0);
    let path = write(dir.path(), "zero.json", zero_std.to_string().as_bytes());
    let out = run(&["score", "--model", &path, &example("article_with_ad.txt")]);
    let err = stderr(&out);
    let feature = model["stage2"]["features"][2].as_str().unwrap();
    assert!(
        err.contains(&format!(
            "stage2: the std of feature {feature} (0) must be > 0"
        )),
        "{err}"
    );
}

/// Item 16: `.csv.gz` training data is read as CSV; a UTF-16 file is decoded; a mid-stream gzip
/// flip says the documents before it may be damaged.
#[test]
fn compressed_csv_utf16_and_damaged_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read(example("labelled.csv")).unwrap();
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(&csv).unwrap();
    let gz = write(dir.path(), "labelled.csv.gz", &e.finish().unwrap());
    let out = run(&["eval", &gz]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        stdout(&run(&["eval", &example("labelled.csv")]))
    );

    let text = "Hello from a UTF-16 file.\n\nA second paragraph, caf\u{e9}.\n";
    let mut utf16: Vec<u8> = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let p = write(dir.path(), "wide.txt", &utf16);
    let out = run(&["score", "--format", "jsonl", &p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = &jsonl(&out)[0];
    assert_eq!(
        doc["paragraphs"][1]["text"],
        "A second paragraph, caf\u{e9}."
    );
    assert!(
        stderr(&out).contains("decoded from UTF-16LE"),
        "{}",
        stderr(&out)
    );

    let mut lines = String::new();
    for i in 0..200 {
        lines.push_str(&format!(
            "{{\"id\":\"d{i}\",\"text\":\"Story number {i} about the town.\"}}\n"
        ));
    }
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(lines.as_bytes()).unwrap();
    let mut gz = e.finish().unwrap();
    let n = gz.len();
    gz[n - 8] ^= 0x01; // the member's CRC: found only at its end
    let p = write(dir.path(), "flip.jsonl.gz", &gz);
    let out = run(&["score", "--format", "jsonl", &p]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("before line 201 may be damaged too"), "{err}");
}

/// Item 13: A UTF-8 byte-order mark is not text: the first JSONL record reads, and paragraph 0 of a
/// text file holds no U+FEFF, its offsets still counting the mark's bytes.
#[test]
fn byte_order_marks_are_stripped() {
    let out = run_stdin(
        &["score", "--input-format", "jsonl", "--format", "jsonl"],
        b"\xef\xbb\xbf{\"id\":\"first\",\"text\":\"The first record.\"}\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(jsonl(&out)[0]["id"], "first");
    let out = run_stdin(
        &["score", "--format", "jsonl"],
        b"\xef\xbb\xbfFirst paragraph.\n\nSecond.\n",
    );
    let p = &jsonl(&out)[0]["paragraphs"][0];
    assert_eq!(p["text"], "First paragraph.");
    assert_eq!(
        (p["start"].as_u64(), p["end"].as_u64()),
        (Some(3), Some(19))
    );
}

/// Item 14: After invalid UTF-8 is replaced, `start`/`end` still address the file's bytes.
#[test]
fn offsets_after_repaired_utf8_address_the_file() {
    let file: &[u8] = b"Bad \xff\xfe bytes \xc3 here.\n\nThe council met on Monday.\n";
    let out = run_stdin(&["score", "--format", "jsonl"], file);
    assert_eq!(out.status.code(), Some(0));
    let p = &jsonl(&out)[0]["paragraphs"][1];
    let (a, b) = (
        p["start"].as_u64().unwrap() as usize,
        p["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&file[a..b], b"The council met on Monday.");
    let out = run_stdin(&["clean", "--format", "jsonl", "--threshold", "0"], file);
    let removed = &jsonl(&out)[0]["removed"][1];
    assert_eq!(removed[0].as_u64(), Some(a as u64));
}

/// Item 18: `label --wcxb` skips a corrupt page, names it, and labels the rest.
#[test]
fn label_skips_a_corrupt_page() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("html")).unwrap();
    std::fs::create_dir_all(d.join("ground-truth")).unwrap();
    let page = "<html><body><nav>Home | News</nav><p>The council met on Monday to discuss \
                the new bridge over the river.</p><footer>Contact us</footer></body></html>";
    let truth = serde_json::json!({"ground_truth": {"main_content":
        "The council met on Monday to discuss the new bridge over the river."}});
    for id in ["0001", "0002"] {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(page.as_bytes()).unwrap();
        write(
            &d.join("html"),
            &format!("{id}.html.gz"),
            &e.finish().unwrap(),
        );
        write(
            &d.join("ground-truth"),
            &format!("{id}.json"),
            truth.to_string().as_bytes(),
        );
    }
    write(
        &d.join("html"),
        "0003.html.gz",
        b"\x1f\x8b\x08\x00 not really gzip",
    );
    write(
        &d.join("ground-truth"),
        "0003.json",
        truth.to_string().as_bytes(),
    );
    let out = run(&["label", "--wcxb", d.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("page 0003:") && err.contains("skipped"),
        "{err}"
    );
    assert_eq!(
        stdout(&out).lines().count(),
        2,
        "the good pages are labelled"
    );
}
