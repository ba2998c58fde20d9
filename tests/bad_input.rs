//! Bad input gets a clear one-line error or a sane result, never a panic.

use crate::util::*;

fn no_panic(o: &std::process::Output) {
    let e = stderr(o);
    assert!(!e.contains("panicked"), "{e}");
    assert!(o.status.code().is_some_and(|c| c <= 2), "{e}");
}

#[test]
fn empty_and_whitespace_files_give_no_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("e.txt", &b""[..]),
        ("w.md", b"\n \n\t\n"),
        ("e.jsonl", b""),
    ] {
        let out = run(&[
            "score",
            "--format",
            "jsonl",
            &write(dir.path(), name, bytes),
        ]);
        no_panic(&out);
        assert_eq!(out.status.code(), Some(0));
        for d in jsonl(&out) {
            assert_eq!(d["paragraphs"].as_array().unwrap().len(), 0);
        }
    }
}

#[test]
fn one_paragraph_document_is_scored() {
    let out = run_stdin(
        &["score", "--format", "jsonl"],
        b"Just one paragraph about the weather today.",
    );
    no_panic(&out);
    let d = &jsonl(&out)[0];
    let s = d["paragraphs"][0]["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&s));
}

#[test]
fn fifty_megabyte_single_line() {
    let line = "word another thing ".repeat(50 * 1024 * 1024 / 19);
    let out = run_stdin(&["score", "--format", "jsonl"], line.as_bytes());
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    let d = &jsonl(&out)[0];
    assert_eq!(d["paragraphs"].as_array().unwrap().len(), 1);
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning() {
    let out = run_stdin(
        &["score", "--format", "jsonl"],
        b"Valid start \xff\xfe and more text.\n\nSecond one.",
    );
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("invalid UTF-8"));
    assert!(jsonl(&out)[0]["paragraphs"][0]["text"]
        .as_str()
        .unwrap()
        .contains('\u{fffd}'));
}

#[test]
fn random_bytes_do_not_panic() {
    let mut state = 0x1234_5678_9abc_def0u64;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    for fmt in ["text", "markdown", "jsonl"] {
        let out = run_stdin(
            &["score", "--input-format", fmt, "--format", "jsonl", "-q"],
            &bytes,
        );
        no_panic(&out);
    }
}

#[test]
fn malformed_jsonl_line_is_named_and_the_rest_scored() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "b.jsonl",
        b"{\"id\":\"a\",\"text\":\"x y\"}\n{\"id\": broken\n{\"id\":\"c\",\"text\":\"z\"}\n",
    );
    let out = run(&["score", "--format", "jsonl", &p]);
    assert_eq!(out.status.code(), Some(1));
    let records = jsonl(&out);
    let ids: Vec<String> = records
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    // The bad line keeps its place in the output as an error record named FILE:LINE.
    assert_eq!(ids, ["a", format!("{p}:2").as_str(), "c"]);
    assert!(records[1]["error"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    assert!(records[1].get("paragraphs").is_none());
    let err = stderr(&out);
    assert!(err.contains("b.jsonl:2: invalid JSON"), "{err}");
}

#[test]
fn model_with_other_features_is_rejected_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(root().join("models/default.json"))
        .unwrap()
        .replacen("\"drift_loo_sim\"", "\"drift_legacy\"", 1);
    let p = write(dir.path(), "old.json", json.as_bytes());
    let out = run_stdin(&["score", "--model", &p], b"text");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("feature mismatch") && err.contains("drift_legacy"),
        "{err}"
    );
    let out = run_stdin(&["score", "--model", "/no/such/model.json"], b"text");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/no/such/model.json"));
    // One line, the cause said once.
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert_eq!(
        stderr(&out).matches("os error").count(),
        1,
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_input_file_is_named_and_others_processed() {
    let out = run(&[
        "score",
        "--format",
        "jsonl",
        "/no/such/file.txt",
        &example("article_with_ad.txt"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/no/such/file.txt"));
    let records = jsonl(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "/no/such/file.txt");
    assert!(records[0]["error"].is_string());
    assert!(records[1]["paragraphs"].is_array());
}

#[test]
fn training_data_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "t.csv",
        b"doc_id,index,text,label\na,0,fine,0\na,x,bad index,1\n",
    );
    let out = run(&[
        "train",
        &p,
        "-o",
        dir.path().join("m.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("t.csv:3"), "{}", stderr(&out));
    assert!(
        !dir.path().join("m.json").exists(),
        "no model written on failure"
    );
}
