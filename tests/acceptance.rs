//! The acceptance cases: the team's own examples always, the seeds when `../shared` is there.

use crate::util::*;
use serde_json::Value;

/// Compare flags with an `.expected` file (`keep`, `flag` or `either`, one per paragraph).
fn check_expected(doc: &str, expected: &str) {
    let out = run(&["score", "--format", "jsonl", &example(doc)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = jsonl(&out);
    let paras = docs[0]["paragraphs"].as_array().unwrap();
    let want = expected_lines(expected);
    assert_eq!(paras.len(), want.len(), "paragraph count of {doc}");
    let mut wrong = Vec::new();
    for (p, w) in paras.iter().zip(&want) {
        let flagged = p["flagged"].as_bool().unwrap();
        if (w == "keep" && flagged) || (w == "flag" && !flagged) {
            wrong.push(format!(
                "{} expected {w}, score {}: {}",
                p["index"], p["score"], p["text"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{doc}:\n{}", wrong.join("\n"));
}

#[test]
fn example_article_with_ad() {
    check_expected("article_with_ad.txt", "article_with_ad.expected");
}

// Needs ../shared (skips without it; CI has it).
#[test]
fn seeds_match_expected_json() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared not present");
        return;
    };
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(shared.join("seeds/expected.json")).unwrap())
            .unwrap();
    let mut wrong = Vec::new();
    for (name, paras) in expected.as_object().unwrap() {
        let out = run(&[
            "score",
            "--format",
            "jsonl",
            &shared.join("seeds").join(name).display().to_string(),
        ]);
        let got = &jsonl(&out)[0]["paragraphs"];
        let got = got.as_array().unwrap();
        let paras = paras.as_array().unwrap();
        assert_eq!(got.len(), paras.len(), "{name}: paragraph count");
        for (g, e) in got.iter().zip(paras) {
            let flagged = g["flagged"].as_bool().unwrap();
            match e["expect"].as_str().unwrap() {
                "keep" if flagged => wrong.push(format!(
                    "{name} #{}: keep flagged ({})",
                    g["index"], g["score"]
                )),
                "flag" if !flagged => wrong.push(format!(
                    "{name} #{}: flag missed ({})",
                    g["index"], g["score"]
                )),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn flagged_paragraphs_carry_readable_reasons() {
    let out = run(&[
        "score",
        "--format",
        "jsonl",
        &example("article_with_ad.txt"),
    ]);
    let doc = &jsonl(&out)[0];
    let flagged: Vec<&Value> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["flagged"] == true)
        .collect();
    assert!(!flagged.is_empty());
    for p in flagged {
        let reasons = p["reasons"].as_array().unwrap();
        assert!(!reasons.is_empty() && reasons.len() <= 3);
        for r in reasons {
            assert!(r["contribution"].as_f64().unwrap() > 0.0);
            assert!(!r["detail"].as_str().unwrap().is_empty());
            assert!(r["feature"].as_str().unwrap().contains('_'));
        }
    }
}
