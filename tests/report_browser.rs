//! Renders a report, loads it in headless Chromium and checks the DOM the
//! page's script built: queue order, the auto-expanded document, that
//! hostile document text stays text, and the moderator's review loop (keys,
//! mouse, reload, export, `seam eval` on the export) driven over CDP.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use seam::output::report::{
    write_report, Block, Category, Embed, ReportData, ReportDoc, ReportError, ReportPara,
    ReportReason,
};
use serde_json::{json, Value};

use crate::cdp::{Browser, CHROMIUM};
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
                    category: (score >= 0.5).then_some(Category::Promotional),
                    reasons: ad_reasons(seed + index),
                    block: Block::default(),
                }
            } else {
                ReportPara {
                    index,
                    text: ARTICLE[(seed + index) % ARTICLE.len()].to_string(),
                    score: ((seed * 7 + index * 13) % 30) as f64 / 100.0,
                    flagged: false,
                    category: None,
                    reasons: vec![reason("shape_outlier", "shape", 0.1, "typical length")],
                    block: Block::default(),
                }
            }
        })
        .collect();
    ReportDoc {
        id: id.to_string(),
        max_score: paragraphs.iter().map(|p| p.score).fold(0.0, f64::max),
        flagged: paragraphs.iter().filter(|p| p.flagged).count(),
        paragraphs,
        fields: serde_json::Map::new(),
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
    write_report(&data, &Embed::all(), &mut file).unwrap();
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
}

/// End to end: `seam report` on a JSONL batch, opened in Chromium. The threshold is set just
/// under the highest paragraph score `seam score` reports, so that whatever the model, the
/// document holding that paragraph is flagged and must top the queue, open, with the paragraph
/// highlighted; every other document is still listed (its text left out); and, written with
/// `--embed all`, the document carrying markup is shown as text when expanded.
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
    let whole = dir.path().join("whole.html");
    for (path, embed) in [(&report, "flags"), (&whole, "all")] {
        let out = Command::new(seam)
            .args(["report", "--title", TITLE, "--threshold", &threshold])
            .args(["--embed", embed, "-o"])
            .arg(path)
            .arg(&input)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

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
    // Documents without a flag are listed, their text left out and said to be.
    assert!(rows
        .iter()
        .any(|(_, row)| row_classes(row).contains(&"left-out")));
    assert!(
        dom.contains("seam report --embed all"),
        "the page says how to get the rest"
    );

    let dom = dump_dom(&whole, &format!("#expand={HOSTILE_ID}"));
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

/// The review sample: flags at known places, so the queue of flags is known.
/// Risk order: review-a (flags at 3 and 5), review-b (4), review-d (1), review-c (none).
fn review_report() -> ReportData {
    let mut a = doc("review-a", 0, 12, &[(3, 0.95), (5, 0.8)]);
    a.fields
        .insert("url".into(), json!("https://news.example/river"));
    a.fields.insert("page_type".into(), json!("article"));
    let mut b = doc("review-b", 1, 7, &[(4, 0.7)]);
    let c = doc("review-c", 2, 5, &[]);
    let d = doc("review-d", 3, 3, &[(1, 0.6)]);
    // Web pages: every paragraph a block with its element, so that the export must carry
    // them for `seam eval` to score the blocks as blocks (and with one model for both).
    for p in a.paragraphs.iter_mut().chain(&mut b.paragraphs) {
        p.block = Block {
            tag: Some("p".into()),
            path: Some("article>p".into()),
            depth: Some(5),
            attr_tokens: vec!["story".into()],
            ..Block::default()
        };
    }
    a.paragraphs[4].block.link_chars = 12;
    a.paragraphs[4].block.link_count = 1;
    ReportData {
        title: "Review".into(),
        generated: "2026-05-01T06:30:00Z".into(),
        model: "test".into(),
        threshold: 0.5,
        documents: vec![a, b, c, d],
        errors: vec![],
    }
}

/// The focused paragraph: its document's id and its paragraph index.
fn focused(b: &mut Browser, tab: &crate::cdp::Tab) -> Option<(String, u64)> {
    let v = b.eval(
        tab,
        "(() => { const f = document.querySelector('.para.focus'); if (!f) return null; \
         return [f.closest('li.doc').dataset.doc, f.querySelector('.pidx').textContent, \
                 getComputedStyle(f).outlineStyle, document.activeElement === f]; })()",
    );
    if v.is_null() {
        return None;
    }
    assert_eq!(v[2], "solid", "the focus is visible");
    assert_eq!(v[3], true, "the focused paragraph has the keyboard focus");
    let index = v[1]
        .as_str()
        .unwrap()
        .trim_start_matches("¶ ")
        .parse()
        .unwrap();
    Some((v[0].as_str().unwrap().to_string(), index))
}

/// The decision shown on paragraph `index` of document `id` (which must be open): 1, 0 or none.
fn shown_label(b: &mut Browser, tab: &crate::cdp::Tab, id: &str, index: u64) -> Option<u8> {
    let v = b.eval(
        tab,
        &format!(
            "(() => {{ for (const p of document.querySelectorAll('li.doc[data-doc=\"{id}\"] .para')) \
             {{ if (p.querySelector('.pidx').textContent === '¶ {index}') \
             return p.classList.contains('dec-1') ? 1 : p.classList.contains('dec-0') ? 0 : -1; }} \
             return null; }})()"
        ),
    );
    assert!(!v.is_null(), "{id} ¶{index} is not on screen");
    match v.as_i64().unwrap() {
        -1 => None,
        l => Some(l as u8),
    }
}

fn counter(b: &mut Browser, tab: &crate::cdp::Tab) -> String {
    b.eval(tab, "document.getElementById('review-count').textContent")
        .as_str()
        .unwrap()
        .to_string()
}

fn listed(b: &mut Browser, tab: &crate::cdp::Tab) -> Vec<String> {
    let v = b.eval(
        tab,
        "[...document.querySelectorAll('#queue li.doc')].map(li => li.dataset.doc)",
    );
    serde_json::from_value(v).unwrap()
}

/// The moderator's loop: keys and the mouse make decisions, a reload keeps them, the filters
/// find them, the export downloads them as labelled JSONL under the report's own CSP, and
/// `seam eval` reads the export.
#[test]
fn review_loop_in_chromium() {
    let Some(mut b) = Browser::launch() else {
        println!("skipped: chromium not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("review.html");
    let mut file = std::fs::File::create(&report).unwrap();
    write_report(&review_report(), &Embed::default(), &mut file).unwrap();
    drop(file);
    let downloads = dir.path().join("downloads");
    std::fs::create_dir(&downloads).unwrap();
    b.allow_downloads(&downloads);
    let tab = b.tab(1280, 1000);
    b.open(&tab, &file_url(&report, ""));

    assert_eq!(counter(&mut b, &tab), "reviewed 0 of 4 flags");
    let legend = b.eval(&tab, "document.getElementById('legend').textContent");
    for k in ["j", "k", "y", "n", "u"] {
        assert!(legend.as_str().unwrap().contains(k), "legend lacks {k}");
    }
    assert_eq!(focused(&mut b, &tab), None);

    // Keys: the first j goes to the first flag in queue order.
    b.key(&tab, "j");
    assert_eq!(focused(&mut b, &tab), Some(("review-a".into(), 3)));
    b.key(&tab, "y");
    assert_eq!(shown_label(&mut b, &tab, "review-a", 3), Some(1));
    assert_eq!(focused(&mut b, &tab), Some(("review-a".into(), 5)));
    b.key(&tab, "n");
    assert_eq!(shown_label(&mut b, &tab, "review-a", 5), Some(0));
    // The next flag is in the next document, which opens.
    assert_eq!(focused(&mut b, &tab), Some(("review-b".into(), 4)));
    b.key(&tab, "u");
    assert_eq!(shown_label(&mut b, &tab, "review-a", 5), None, "undone");
    assert_eq!(focused(&mut b, &tab), Some(("review-a".into(), 5)));
    b.key(&tab, "k");
    assert_eq!(focused(&mut b, &tab), Some(("review-a".into(), 3)));
    b.key(&tab, "j");
    b.key(&tab, "n");
    b.key(&tab, "y");
    assert_eq!(shown_label(&mut b, &tab, "review-b", 4), Some(1));
    assert_eq!(focused(&mut b, &tab), Some(("review-d".into(), 1)));
    assert_eq!(counter(&mut b, &tab), "reviewed 3 of 4 flags");

    // The mouse: a paragraph nobody flagged (¶2 of review-b, context) does not belong either.
    b.click(
        &tab,
        r#"li.doc[data-doc="review-b"] .para[data-para="0"] button.decide-1"#,
    );
    assert_eq!(shown_label(&mut b, &tab, "review-b", 2), Some(1));
    assert_eq!(
        counter(&mut b, &tab),
        "reviewed 3 of 4 flags · 1 other paragraph marked"
    );

    // A reload keeps every decision.
    b.reload(&tab);
    assert_eq!(
        counter(&mut b, &tab),
        "reviewed 3 of 4 flags · 1 other paragraph marked"
    );
    assert_eq!(shown_label(&mut b, &tab, "review-a", 3), Some(1));
    assert_eq!(shown_label(&mut b, &tab, "review-a", 5), Some(0));

    // Filters: documents with a decision; documents with a flag nobody decided on.
    b.click(&tab, "#show-reviewed");
    assert_eq!(listed(&mut b, &tab), ["review-a", "review-b"]);
    b.click(&tab, "#show-unreviewed");
    assert_eq!(listed(&mut b, &tab), ["review-d"]);
    b.click(&tab, "#show-all");
    assert_eq!(
        listed(&mut b, &tab),
        ["review-a", "review-b", "review-d", "review-c"]
    );

    // The export: labelled JSONL, one line per document with a decision, in input order.
    b.click(&tab, r#"[data-action="export-decisions"]"#);
    let exported = b.downloaded();
    let text = std::fs::read_to_string(&exported).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    let labels = |d: &Value| -> Vec<(u64, Value)> {
        d["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["index"].as_u64().unwrap(), p["label"].clone()))
            .collect()
    };
    let a = &lines[0];
    assert_eq!(a["id"], "review-a");
    assert_eq!(a["url"], "https://news.example/river");
    assert_eq!(a["page_type"], "article");
    let identity = b.eval(
        &tab,
        "JSON.parse(document.getElementById('seam-summary').textContent).identity",
    );
    // Shown in part: which paragraphs, so that train/eval --documents-from can read it whole.
    assert_eq!(
        a["seam_report"],
        json!({"identity": identity, "paragraph_count": 12, "shown": [1, 2, 3, 4, 5, 6, 7]})
    );
    // The paragraphs the report holds (flags with two on either side), labelled or null.
    let null = Value::Null;
    assert_eq!(
        labels(a),
        [
            (1, null.clone()),
            (2, null.clone()),
            (3, json!(1)),
            (4, null.clone()),
            (5, json!(0)),
            (6, null.clone()),
            (7, null.clone()),
        ]
    );
    let p4 = &a["paragraphs"][3];
    assert_eq!(p4["text"], ARTICLE[4]);
    assert_eq!(
        (&p4["tag"], &p4["path"], &p4["depth"], &p4["link_count"]),
        (&json!("p"), &json!("article>p"), &json!(5), &json!(1))
    );
    assert_eq!(p4["attr_tokens"], json!(["story"]));
    assert_eq!(
        a["paragraphs"][0].get("link_count"),
        None,
        "only what there is"
    );
    assert_eq!(lines[1]["id"], "review-b");
    assert_eq!(
        labels(&lines[1]),
        [
            (2, json!(1)),
            (3, null.clone()),
            (4, json!(1)),
            (5, null.clone()),
            (6, null)
        ]
    );

    // `seam eval` reads it: the four decided paragraphs, three of which do not belong.
    let eval = Command::new(env!("CARGO_BIN_EXE_seam"))
        .arg("eval")
        .arg(&exported)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&eval.stdout);
    assert!(
        eval.status.success(),
        "{}",
        String::from_utf8_lossy(&eval.stderr)
    );
    assert!(
        stdout.contains("paragraphs 4  positives 3"),
        "seam eval said:\n{stdout}"
    );

    // Clearing takes two clicks and survives a reload.
    b.click(&tab, "#clear-decisions");
    assert_eq!(
        counter(&mut b, &tab),
        "reviewed 3 of 4 flags · 1 other paragraph marked"
    );
    b.click(&tab, "#clear-decisions");
    assert_eq!(counter(&mut b, &tab), "reviewed 0 of 4 flags");
    b.reload(&tab);
    assert_eq!(counter(&mut b, &tab), "reviewed 0 of 4 flags");

    let problems = b.problems();
    assert!(problems.is_empty(), "the page reported: {problems:#?}");
}
