//! Renders a report, loads it in headless Chromium and checks the DOM the
//! page's script built: queue order, the auto-expanded document, and that
//! hostile document text stays text.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use seam::output::report::{
    write_report, ReportData, ReportDoc, ReportError, ReportPara, ReportReason,
};

const CHROMIUM: &str = "/usr/bin/chromium";
const TOP_ID: &str = "doc-top";
const TIE_ID: &str = "doc-tie";
const HOSTILE_ID: &str = "doc-hostile";
const TITLE: &str = "Nightly crawl 2026-05-01";
const PWN_SCRIPT: &str = "<script>document.title='PWNED'</script>";
const PWN_IMG: &str = r#"<img src=x onerror="document.body.setAttribute('data-pwned','1')">"#;
const PWN_CLOSE: &str = "</script></textarea>";

const ARTICLE: [&str; 8] = [
    "The river was straightened in the 1950s to speed up drainage for the farms along its banks, and within a decade the trout had gone.",
    "Restoration began with a single meander cut back into the floodplain. Volunteers planted willow and alder along two kilometres of bank.",
    "Monitoring since then shows cooler water in summer, more gravel beds for spawning, and a slow return of mayfly larvae in the shallows.",
    "Farmers were sceptical at first. Several lost a strip of pasture to the new channel, and compensation took three years to agree.",
    "The council now wants to repeat the work upstream, where the river runs through a culvert under the ring road for almost a mile.",
    "Engineers say the culvert can be opened in stages, keeping one lane of traffic moving while the channel is rebuilt beneath it.",
    "Not everyone is convinced the money is well spent. Critics point to flooding downstream in 2024, which they blame on the new meanders.",
    "Hydrologists disagree: the floodplain held back water that would otherwise have reached the town centre several hours earlier.",
];

const ADS: [&str; 4] = [
    "Create a FREE QR code in seconds! Scan, share and track every click. Sign up now at qr-maker.example and get 50% off premium.",
    "Limited offer: free shipping on all orders today only. Click here to claim your free gift card before it expires.",
    "Best online casino bonus 2026 >>> claim free spins now at spin-bonus.example/win?ref=river",
    "Subscribe to our newsletter for exclusive deals. Free QR code templates for every subscriber.",
];

fn reason(feature: &str, family: &str, contribution: f64, detail: &str) -> ReportReason {
    ReportReason {
        feature: feature.to_string(),
        family: family.to_string(),
        contribution,
        detail: detail.to_string(),
    }
}

fn ad_reasons(seed: usize) -> Vec<ReportReason> {
    let mut reasons = vec![
        reason(
            "promo_vocabulary",
            "promo",
            1.4,
            "promotional vocabulary: free, create, QR code",
        ),
        reason(
            "topic_drift",
            "drift",
            0.9,
            "similarity 0.08 to the rest of the document",
        ),
        reason("url_density", "links", 0.6, "1 URL in 24 words"),
        reason(
            "neighbour_contrast",
            "context",
            0.2,
            "differs from both neighbours",
        ),
    ];
    // Vary which family leads so the family panel has more than one bar.
    reasons.rotate_left(seed % 3);
    reasons[0].contribution += 0.8;
    reasons
}

/// A document of article paragraphs with ads spliced in at `ads`; the
/// score of the i-th ad is `scores[i]`.
fn doc(id: &str, seed: usize, len: usize, ads: &[(usize, f64)]) -> ReportDoc {
    let paragraphs: Vec<ReportPara> = (0..len)
        .map(|index| {
            if let Some(&(_, score)) = ads.iter().find(|(at, _)| *at == index) {
                ReportPara {
                    index,
                    text: ADS[(seed + index) % ADS.len()].to_string(),
                    score,
                    flagged: score >= 0.5,
                    reasons: ad_reasons(seed + index),
                }
            } else {
                ReportPara {
                    index,
                    text: ARTICLE[(seed + index) % ARTICLE.len()].to_string(),
                    score: ((seed * 7 + index * 13) % 30) as f64 / 100.0,
                    flagged: false,
                    reasons: vec![reason("shape_outlier", "shape", 0.1, "typical length")],
                }
            }
        })
        .collect();
    ReportDoc {
        id: id.to_string(),
        max_score: paragraphs.iter().map(|p| p.score).fold(0.0, f64::max),
        flagged: paragraphs.iter().filter(|p| p.flagged).count(),
        paragraphs,
    }
}

fn sample_report() -> ReportData {
    let mut documents = Vec::new();
    for i in 0..27 {
        // A spread of risks, the riskiest of these well below doc-top.
        let ads: Vec<(usize, f64)> = match i % 3 {
            0 => vec![],
            1 => vec![(2, 0.35 + (i as f64) * 0.01)],
            _ => vec![(1, 0.5 + (i as f64) * 0.012), (5, 0.45)],
        };
        documents.push(doc(&format!("crawl/page-{i:02}.html"), i, 6 + i % 5, &ads));
    }
    // Same max score as doc-top but fewer flags, and earlier in the input:
    // only the tie-break puts doc-top first.
    documents.insert(5, doc(TIE_ID, 3, 8, &[(4, 0.97)]));
    documents.insert(17, doc(TOP_ID, 1, 9, &[(2, 0.97), (3, 0.81), (7, 0.66)]));

    let mut hostile = doc(HOSTILE_ID, 2, 6, &[(3, 0.88)]);
    hostile.paragraphs[1].text = format!("Before the payload. {PWN_SCRIPT} After it.");
    hostile.paragraphs[3].text = format!("Flagged payload {PWN_IMG} here.");
    hostile.paragraphs[4].text = format!("Closing tags {PWN_CLOSE} end.");
    documents.insert(11, hostile);

    ReportData {
        title: TITLE.to_string(),
        generated: "2026-05-01T06:30:00Z".to_string(),
        model: "seam-logistic <b>v3</b>".to_string(),
        threshold: 0.5,
        documents,
        errors: vec![
            ReportError {
                source: "crawl/broken.pdf".to_string(),
                message: "not UTF-8 text at byte 1024".to_string(),
            },
            ReportError {
                source: "crawl/evil.html".to_string(),
                message: format!("parse error near {PWN_IMG}"),
            },
        ],
    }
}

/// Percent-encodes what a file path may contain that would change a URL's
/// meaning.
fn file_url(path: &Path, fragment: &str) -> String {
    let mut url = String::from("file://");
    for c in path.to_str().expect("temp path is UTF-8").chars() {
        match c {
            '%' => url.push_str("%25"),
            ' ' => url.push_str("%20"),
            '#' => url.push_str("%23"),
            '?' => url.push_str("%3F"),
            _ => url.push(c),
        }
    }
    url.push_str(fragment);
    url
}

/// Runs headless Chromium with a fresh profile and returns its stdout,
/// killing it if it hangs: a stuck browser must fail the test, not CI.
fn chromium(extra: &[String]) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--virtual-time-budget=3000")
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");

    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).map(|_| s)
    });
    let err = thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });

    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s");
        }
        thread::sleep(Duration::from_millis(50));
    };
    let stdout = out.join().unwrap().expect("chromium stdout is UTF-8");
    let stderr = err.join().unwrap();
    assert!(status.success(), "chromium failed ({status}):\n{stderr}");
    stdout
}

fn dump_dom(report: &Path, fragment: &str) -> String {
    let dom = chromium(&["--dump-dom".to_string(), file_url(report, fragment)]);
    assert!(dom.contains("<html"), "no DOM dumped:\n{dom}");
    dom
}

/// The `<li class="doc ...">` element of each queue row, in page order, as
/// (id, serialized element) pairs.
fn queue_rows(dom: &str) -> Vec<(String, &str)> {
    let start = dom.find(r#"id="queue""#).expect("queue present");
    let end = start + dom[start..].find("</ol>").expect("queue closed");
    let queue = &dom[start..end];
    let marker = r#"<li class="doc"#;
    let starts: Vec<usize> = queue.match_indices(marker).map(|(i, _)| i).collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &s)| {
            let e = starts.get(n + 1).copied().unwrap_or(queue.len());
            let row = &queue[s..e];
            let id_at = row.find(r#"data-doc=""#).expect("row has data-doc") + 10;
            let id_len = row[id_at..].find('"').unwrap();
            (row[id_at..id_at + id_len].to_string(), row)
        })
        .collect()
}

fn row_classes(row: &str) -> Vec<&str> {
    let start = row.find(r#"class=""#).unwrap() + 7;
    let len = row[start..].find('"').unwrap();
    row[start..start + len].split_whitespace().collect()
}

fn opening_tag<'a>(dom: &'a str, tag: &str) -> &'a str {
    let start = dom.find(&format!("<{tag}")).expect("tag present");
    let len = dom[start..].find('>').unwrap();
    &dom[start..=start + len]
}

fn title(dom: &str) -> &str {
    let start = dom.find("<title>").expect("title present") + "<title>".len();
    let len = dom[start..].find("</title>").unwrap();
    &dom[start..start + len]
}

/// Text as Chromium serializes a text node.
fn as_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn assert_not_pwned(dom: &str) {
    assert!(
        !opening_tag(dom, "body").contains("data-pwned"),
        "onerror handler ran"
    );
    assert_eq!(title(dom), format!("{TITLE} · seam report"));
    assert!(
        !dom.contains("<img"),
        "an <img> element was created from data"
    );
    assert!(!dom.contains("<b>v3"), "model name was parsed as HTML");
    assert!(dom.contains("seam-logistic &lt;b&gt;v3&lt;/b&gt;"));
}

#[test]
fn report_renders_in_chromium() {
    if !Path::new(CHROMIUM).exists() {
        println!("skipped: chromium not installed");
        return;
    }
    let data = sample_report();
    let dir = tempfile::tempdir().expect("temp dir");
    let report: PathBuf = dir.path().join("report.html");
    let mut file = std::fs::File::create(&report).unwrap();
    write_report(&data, &mut file).unwrap();
    drop(file);

    // Default load: riskiest document first and already open.
    let dom = dump_dom(&report, "");
    let rows = queue_rows(&dom);
    assert_eq!(rows.len(), data.documents.len(), "one row per document");
    assert_eq!(rows[0].0, TOP_ID, "queue is not sorted by risk");
    assert_eq!(rows[1].0, TIE_ID, "ties are not broken by flag count");
    let top = rows[0].1;
    let classes = row_classes(top);
    assert!(
        classes.contains(&"open") && classes.contains(&"sel"),
        "top row not open: {classes:?}"
    );
    assert_eq!(
        top.matches(r#"class="para hl""#).count(),
        3,
        "flagged paragraphs not highlighted"
    );
    assert_eq!(
        top.matches(r#"class="para ctx""#).count(),
        6,
        "context paragraphs missing"
    );
    assert!(
        top.contains("promotional vocabulary: free, create, QR code"),
        "reasons not listed"
    );
    assert!(
        !rows[1].1.contains("doc-body"),
        "only the top document starts open"
    );
    // The failed documents are listed, with hostile text kept as text.
    assert!(dom.contains("crawl/broken.pdf") && dom.contains("not UTF-8 text at byte 1024"));
    assert!(dom.contains(&as_text(PWN_IMG)));
    assert_not_pwned(&dom);

    // "#expand=ID" opens the document holding the payloads.
    let dom = dump_dom(&report, &format!("#expand={HOSTILE_ID}"));
    let rows = queue_rows(&dom);
    let (_, hostile) = rows
        .iter()
        .find(|(id, _)| id == HOSTILE_ID)
        .expect("hostile document in queue");
    assert!(
        row_classes(hostile).contains(&"open"),
        "#expand did not open the document"
    );
    for payload in [PWN_SCRIPT, PWN_IMG, PWN_CLOSE] {
        assert!(
            hostile.contains(&as_text(payload)),
            "{payload} not shown as text"
        );
    }
    assert!(hostile.contains(r#"class="para hl""#));
    assert_not_pwned(&dom);

    if let Some(path) = std::env::var_os("SEAM_SCREENSHOT") {
        let path = PathBuf::from(path);
        let _ = std::fs::remove_file(&path);
        chromium(&[
            format!("--screenshot={}", path.display()),
            "--window-size=1280,1600".to_string(),
            "--hide-scrollbars".to_string(),
            // Without it the capture can race tile rasterization and come
            // out with blank patches.
            "--run-all-compositor-stages-before-draw".to_string(),
            file_url(&report, ""),
        ]);
        let png = std::fs::read(&path).expect("screenshot written");
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "screenshot is not a PNG"
        );
    }
}

/// End to end: `seam report` on a JSONL batch, opened in Chromium. The threshold is set just
/// under the highest paragraph score `seam score` reports, so that whatever the model, the
/// document holding that paragraph is flagged and must top the queue, open, with the paragraph
/// highlighted; and the document carrying markup is shown as text when expanded.
#[test]
fn seam_report_output_renders_in_chromium() {
    if !Path::new(CHROMIUM).exists() {
        println!("skipped: chromium not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut jsonl = String::new();
    for (i, para) in ARTICLE.iter().enumerate() {
        // Each document: the river story rotated, with one advert spliced in somewhere.
        let mut paras: Vec<String> = ARTICLE
            .iter()
            .cycle()
            .skip(i)
            .take(6)
            .map(|s| s.to_string())
            .collect();
        paras.insert(1 + i % 4, ADS[i % ADS.len()].to_string());
        if i == 5 {
            paras[2] = format!("Before the payload. {PWN_SCRIPT} After it. {para}");
            paras[4] = format!("Closing tags {PWN_CLOSE} and {PWN_IMG} end.");
        }
        let id = if i == 5 {
            HOSTILE_ID.to_string()
        } else {
            format!("river-{i}")
        };
        jsonl.push_str(&serde_json::json!({"id": id, "text": paras.join("\n\n")}).to_string());
        jsonl.push('\n');
    }
    let input = dir.path().join("batch.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let seam = env!("CARGO_BIN_EXE_seam");

    let scored = Command::new(seam)
        .args(["score", "--format", "jsonl"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(scored.status.success());
    let docs: Vec<serde_json::Value> = String::from_utf8(scored.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (top_id, top_text, top_score) = docs
        .iter()
        .flat_map(|d| {
            d["paragraphs"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |p| (d, p))
        })
        .map(|(d, p)| {
            (
                d["id"].as_str().unwrap(),
                p["text"].as_str().unwrap(),
                p["score"].as_f64().unwrap(),
            )
        })
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .unwrap();
    // Scores are printed to 4 decimals; stay under the rounding.
    let threshold = format!("{:.4}", (top_score - 0.0001).max(0.0));

    let report = dir.path().join("report.html");
    let out = Command::new(seam)
        .args(["report", "--title", TITLE, "--threshold", &threshold, "-o"])
        .arg(&report)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let dom = dump_dom(&report, "");
    let rows = queue_rows(&dom);
    assert_eq!(rows.len(), docs.len(), "one row per document");
    assert_eq!(rows[0].0, top_id, "the riskiest document tops the queue");
    assert!(row_classes(rows[0].1).contains(&"open"), "top row not open");
    let hl = rows[0]
        .1
        .find(r#"class="para hl""#)
        .expect("a highlighted paragraph");
    assert!(
        rows[0].1[hl..].contains(&as_text(top_text)),
        "the top paragraph is the highlighted one"
    );
    assert_eq!(title(&dom), format!("{TITLE} · seam report"));

    let dom = dump_dom(&report, &format!("#expand={HOSTILE_ID}"));
    let rows = queue_rows(&dom);
    let (_, hostile) = rows
        .iter()
        .find(|(id, _)| id == HOSTILE_ID)
        .expect("hostile document in queue");
    for payload in [PWN_SCRIPT, PWN_IMG, PWN_CLOSE] {
        assert!(
            hostile.contains(&as_text(payload)),
            "{payload} not shown as text"
        );
    }
    assert!(
        !opening_tag(&dom, "body").contains("data-pwned"),
        "onerror handler ran"
    );
    assert!(
        !dom.contains("<img"),
        "an <img> element was created from document text"
    );
    assert_eq!(
        title(&dom),
        format!("{TITLE} · seam report"),
        "a script from document text ran"
    );
}
