//! `seam report`: the HTML file, the CSV/JSONL exports of flagged paragraphs, failures.

use crate::util::*;
use serde_json::Value;

/// A batch with a text file, a JSONL file (one record with given paragraphs, one bad line).
fn batch(dir: &std::path::Path) -> Vec<String> {
    let jsonl = concat!(
        "{\"id\":\"given\",\"paragraphs\":[{\"text\":\"The museum reopens on Friday after a long renovation of its halls.\"},",
        "{\"text\":\"Curators moved four thousand objects back into the west wing.\"},",
        "{\"text\":\"WIN a FREE cruise!!! Click now at cruise-deals.example, offer ends tonight.\"}]}\n",
        "{broken\n",
    );
    vec![
        example("article_with_ad.txt"),
        write(dir, "b.jsonl", jsonl.as_bytes()),
    ]
}

fn csv_rows(path: &std::path::Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header = rdr.headers().unwrap().iter().map(String::from).collect();
    (header, rdr.records().map(Result::unwrap).collect())
}

#[test]
fn report_exports_one_row_per_flagged_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch(dir.path());
    let html = dir.path().join("r.html");
    let (csv_path, jsonl_path) = (dir.path().join("f.csv"), dir.path().join("f.jsonl"));
    for threshold in [None, Some("0")] {
        let mut args = vec![
            "report",
            "-o",
            html.to_str().unwrap(),
            "--csv",
            csv_path.to_str().unwrap(),
        ];
        args.extend(["--jsonl", jsonl_path.to_str().unwrap()]);
        if let Some(t) = threshold {
            args.extend(["--threshold", t]);
        }
        args.extend(inputs.iter().map(String::as_str));
        let out = run(&args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "the bad line fails the run: {}",
            stderr(&out)
        );

        // What `seam score` flags at the same threshold, in the same order.
        let mut score_args = vec!["score", "--format", "jsonl"];
        if let Some(t) = threshold {
            score_args.extend(["--threshold", t]);
        }
        score_args.extend(inputs.iter().map(String::as_str));
        let mut want: Vec<(String, String, String, String, String)> = Vec::new();
        let mut paragraphs = 0;
        for d in jsonl(&run(&score_args))
            .iter()
            .filter(|d| d.get("error").is_none())
        {
            paragraphs += d["paragraphs"].as_array().unwrap().len();
            for p in d["paragraphs"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["flagged"] == true)
            {
                let off = |k: &str| p.get(k).map_or(String::new(), |v| v.to_string());
                let text = p["text"].as_str().unwrap().to_string();
                want.push((
                    d["id"].as_str().unwrap().into(),
                    p["index"].to_string(),
                    off("start"),
                    off("end"),
                    text,
                ));
            }
        }
        if threshold.is_some() {
            assert!(
                paragraphs > 3 && want.len() == paragraphs,
                "every paragraph is flagged at threshold 0"
            );
        }

        let (header, rows) = csv_rows(&csv_path);
        assert_eq!(
            header,
            ["doc_id", "index", "start", "end", "score", "reasons", "text"]
        );
        let got: Vec<(String, String, String, String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r[0].into(),
                    r[1].into(),
                    r[2].into(),
                    r[3].into(),
                    r[6].into(),
                )
            })
            .collect();
        assert_eq!(got, want);
        for r in &rows {
            let score: f64 = r[4].parse().unwrap();
            assert!((0.0..=1.0).contains(&score));
        }

        let lines: Vec<Value> = std::fs::read_to_string(&jsonl_path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines.len(),
            rows.len(),
            "the JSONL export has the CSV's rows"
        );
        for (l, r) in lines.iter().zip(&rows) {
            assert_eq!(
                (
                    l["doc_id"].as_str().unwrap(),
                    l["index"].to_string().as_str()
                ),
                (&r[0], &r[1])
            );
            let details: Vec<&str> = l["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["detail"].as_str().unwrap())
                .collect();
            assert_eq!(details.join("; "), &r[5]);
        }
    }
}

#[test]
fn report_html_is_written_whole_with_failures_listed() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch(dir.path());
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let html = out_dir.join("r.html");
    let mut args = vec![
        "report",
        "-o",
        html.to_str().unwrap(),
        "--title",
        "Night <crawl>",
    ];
    args.extend(inputs.iter().map(String::as_str));
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("b.jsonl:2: invalid JSON"),
        "{}",
        stderr(&out)
    );
    let names: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["r.html"], "no temporary file left behind");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<title>Night &lt;crawl&gt; · seam report</title>"));
    // Self-contained: nothing to fetch.
    for external in [
        "<script src",
        "<link rel=\"stylesheet\"",
        "@import",
        "url(http",
    ] {
        assert!(!page.contains(external), "{external}");
    }
    let element = |id: &str| -> Value {
        let open = format!("id=\"{id}\">");
        let start = page.find(&open).unwrap() + open.len();
        serde_json::from_str(&page[start..start + page[start..].find("</script>").unwrap()])
            .unwrap()
    };
    let (data, summary) = (element("seam-data"), element("seam-summary"));
    let ids: Vec<&str> = data["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [inputs[0].as_str(), "given"]);
    assert_eq!(summary["errors"][0]["source"], format!("{}:2", inputs[1]));
    assert!(summary["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));

    // A report that cannot be written fails before any work, and leaves nothing behind.
    let out = run(&["report", "-o", "/no/such/dir/r.html", &inputs[0]]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/no/such/dir/r.html"),
        "{}",
        stderr(&out)
    );
}

/// Decisions exported from a report that showed a document in part (`--embed flags`): `seam
/// eval` warns that they are windows, and with `--documents-from` reads the document whole,
/// each decision on its paragraph; inputs the report was not written from are refused.
#[test]
fn decisions_shown_in_part_are_read_whole_from_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = example("article_with_ad.txt");
    let scored = jsonl(&run(&["score", "--format", "jsonl", &input]));
    let paragraphs = scored[0]["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 14);
    // As the page exports it: the paragraphs shown (4 to 9), labelled where decided.
    let shown: Vec<usize> = (4..10).collect();
    let exported: Vec<Value> = shown
        .iter()
        .map(|&i| {
            let label = match i {
                6 | 7 => Value::from(1),
                5 => Value::from(0),
                _ => Value::Null,
            };
            serde_json::json!({"text": paragraphs[i]["text"], "label": label, "index": i})
        })
        .collect();
    let record = serde_json::json!({
        "id": input,
        "seam_report": {"identity": "0123", "paragraph_count": 14, "shown": shown},
        "paragraphs": exported,
    });
    let decisions = write(
        dir.path(),
        "decisions.jsonl",
        format!("{record}\n").as_bytes(),
    );

    let out = run(&["eval", &decisions, "--worst", "0"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("paragraphs 3  positives 2"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("1 decided documents were shown in part"),
        "{}",
        stderr(&out)
    );

    let out = run(&[
        "eval",
        &decisions,
        "--worst",
        "0",
        "--documents-from",
        &input,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("paragraphs 3  positives 2"),
        "{}",
        stdout(&out)
    );
    assert!(!stderr(&out).contains("shown in part"), "{}", stderr(&out));

    let other = example("injected_spam.txt");
    let out = run(&["eval", &decisions, "--documents-from", &other]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not in the inputs"),
        "{}",
        stderr(&out)
    );
}
