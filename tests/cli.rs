//! Command behaviour: formats, clean, exit codes, threshold, train/eval, broken pipes.

use crate::util::*;
use std::io::Read;
use std::process::Stdio;

#[test]
fn clean_removes_exactly_the_flagged_paragraphs() {
    let path = example("article_with_ad.txt");
    let scored = jsonl(&run(&["score", "--format", "jsonl", &path]));
    let src = std::fs::read_to_string(&path).unwrap();
    let out = run(&["clean", &path]);
    assert_eq!(out.status.code(), Some(0));
    let cleaned = stdout(&out);
    for p in scored[0]["paragraphs"].as_array().unwrap() {
        let text = p["text"].as_str().unwrap();
        assert_eq!(cleaned.contains(text), p["flagged"] == false, "{text}");
        // Offsets point at the paragraph in the input.
        let (a, b) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&src[a..b], text);
    }
}

#[test]
fn clean_reads_stdin_and_keeps_markdown_layout() {
    let src = std::fs::read(example("article_with_trailer.md")).unwrap();
    // A low threshold, so that the trailer goes whatever the model's judgement of it: this test
    // is about reading stdin and keeping the layout of what stays.
    let out = run_stdin(
        &[
            "clean",
            "--input-format",
            "markdown",
            "--threshold",
            "0.1",
            "-",
        ],
        &src,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cleaned = stdout(&out);
    let src = String::from_utf8(src).unwrap();
    assert!(cleaned.len() < src.len());
    // Kept paragraphs keep their hard wrapping: every output line is a line of the input.
    for line in cleaned.lines().filter(|l| !l.trim().is_empty()) {
        assert!(src.lines().any(|s| s == line), "{line}");
    }
}

#[test]
fn fail_on_flag_and_threshold_override() {
    let path = example("article_with_ad.txt");
    assert_eq!(
        run(&["score", "--fail-on-flag", &path]).status.code(),
        Some(3)
    );
    let out = run(&["score", "--fail-on-flag", "--threshold", "1", &path]);
    assert_eq!(out.status.code(), Some(0));
    let all = jsonl(&run(&[
        "score",
        "--format",
        "jsonl",
        "--threshold",
        "0",
        &path,
    ]));
    assert_eq!(all[0]["threshold"], 0.0);
    assert!(all[0]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["flagged"] == true));
}

#[test]
fn jsonl_batch_keeps_order_ids_given_paragraphs_and_extra_fields() {
    let out = run(&["score", "--format", "jsonl", &example("batch.jsonl")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = jsonl(&out);
    let src: Vec<serde_json::Value> = std::fs::read_to_string(example("batch.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), src.len());
    for (d, s) in docs.iter().zip(&src) {
        assert_eq!(d["id"], s["id"]);
        if let Some(given) = s["paragraphs"].as_array() {
            let got = d["paragraphs"].as_array().unwrap();
            assert_eq!(got.len(), given.len());
            assert!(
                got[0].get("start").is_none(),
                "given paragraphs have no offsets"
            );
            assert_eq!(got[0]["text"], given[0]["text"]);
        }
        if let Some(lang) = s.get("lang") {
            assert_eq!(&d["lang"], lang);
        }
    }
}

#[test]
fn custom_keys_csv_and_json_formats() {
    let input =
        br#"{"url":"u1","body":"First paragraph about trams.\n\nSecond paragraph about trams."}"#;
    let out = run_stdin(
        &[
            "score",
            "--input-format",
            "jsonl",
            "--id-key",
            "url",
            "--text-key",
            "body",
            "--format",
            "csv",
        ],
        input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        ["id", "index", "start", "end", "score", "flagged", "reasons", "text"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][0], "u1");
    let out = run_stdin(
        &["score", "--input-format", "jsonl", "--format", "json"],
        b"{\"text\":\"a b c\"}\n{\"text\":\"d e f\"}\n",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON array");
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[1]["id"], "line-2");
}

#[test]
fn jsonl_clean_writes_records_with_removed_spans() {
    let out = run(&["clean", "--threshold", "0", &example("batch.jsonl")]);
    let recs = jsonl(&out);
    assert_eq!(recs.len(), 4);
    for r in &recs {
        assert!(r["removed"].as_array().is_some_and(|a| !a.is_empty()));
        assert_eq!(r["text"], "", "everything over threshold 0 is removed");
    }
}

#[test]
fn broken_pipe_ends_quietly() {
    let big: String = (0..20_000)
        .map(|i| format!("{{\"id\":{i},\"text\":\"one paragraph\\n\\nanother one\"}}\n"))
        .collect();
    let mut child = seam()
        .args(["score", "--input-format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(big.as_bytes());
    });
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn train_then_eval_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    let out = run(&[
        "train",
        &example("labelled.csv"),
        "--cv",
        "3",
        "-o",
        model.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("ROC-AUC"));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(m["format"], "seam-model");
    assert_eq!(m["training"]["documents"], 3);
    let out = run(&[
        "eval",
        &example("labelled.csv"),
        "--model",
        model.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("worst false positives"));
    let out = run(&[
        "score",
        "--model",
        model.to_str().unwrap(),
        &example("article_with_ad.txt"),
    ]);
    assert_eq!(out.status.code(), Some(0));
}
