//! The moderator's HTML report: one self-contained file with the scored
//! documents embedded as JSON and rendered client-side.
//!
//! Document text is hostile by assumption (it is what seam exists to catch),
//! so the page is built in layers that each stop markup injection on their own:
//! the embedded JSON escapes every character that could end a `<script>`
//! element, the few strings placed into the HTML here are entity-escaped, the
//! script inserts text only through `textContent`, and a Content-Security-Policy
//! pins the one inline script and stylesheet by hash, so that even a bug in the
//! script could not make an injected handler run or reach the network.

pub mod category;

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::document::words::words;
use crate::features::lexicon::lexicons;
use crate::features::FeatureFamily;
use sha2::Digest;

const TEMPLATE: &str = include_str!("report/report.html");
const CSS: &str = include_str!("report/report.css");
const JS: &str = include_str!("report/report.js");

#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportData {
    pub title: String,
    /// RFC 3339 timestamp or plain date; shown as given.
    pub generated: String,
    pub model: String,
    pub threshold: f64,
    pub documents: Vec<ReportDoc>,
    pub errors: Vec<ReportError>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportDoc {
    pub id: String,
    pub max_score: f64,
    pub flagged: usize,
    pub paragraphs: Vec<ReportPara>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportPara {
    pub index: usize,
    pub text: String,
    pub score: f64,
    pub flagged: bool,
    pub reasons: Vec<ReportReason>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportReason {
    pub feature: String,
    /// The feature's family ([`FeatureFamily::name`]), "other" for none.
    pub family: String,
    pub contribution: f64,
    /// Human-readable evidence, e.g. "promotional vocabulary: free, create, QR code".
    pub detail: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportError {
    pub source: String,
    pub message: String,
}

/// Write one self-contained HTML file (inline CSS + JS, no network fetches at
/// all, no external fonts).
pub fn write_report<W: Write>(data: &ReportData, w: &mut W) -> io::Result<()> {
    let summary = Summary::gather(data);
    // serde_json issues many tiny writes; an unbuffered file would turn each
    // into a syscall.
    let mut out = io::BufWriter::new(w);
    render(&mut out, data, &summary)?;
    out.flush()
}

fn render<W: Write>(out: &mut W, data: &ReportData, summary: &Summary) -> io::Result<()> {
    let csp = content_security_policy();
    let mut rest = TEMPLATE;
    // One pass over the template: substituted values are never rescanned, so
    // a title that contains "{{js}}" stays inert text.
    while let Some(start) = rest.find("{{") {
        out.write_all(&rest.as_bytes()[..start])?;
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "unclosed placeholder in report.html",
            )
        })?;
        match &after[..end] {
            "title" => out.write_all(escape_html(&data.title).as_bytes())?,
            "model" => out.write_all(escape_html(&data.model).as_bytes())?,
            "generated" => out.write_all(escape_html(&data.generated).as_bytes())?,
            "threshold" => out.write_all(escape_html(&format_score(data.threshold)).as_bytes())?,
            "csp" => out.write_all(escape_html(&csp).as_bytes())?,
            "css" => out.write_all(CSS.as_bytes())?,
            "js" => out.write_all(JS.as_bytes())?,
            "data" => write_json(out, data)?,
            "summary" => write_json(out, summary)?,
            other => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("unknown placeholder {{{{{other}}}}} in report.html"),
                ))
            }
        }
        rest = &after[end + 2..];
    }
    out.write_all(rest.as_bytes())
}

/// The policy allows exactly our stylesheet and script (by hash) and nothing
/// else: no fetches, no frames, no injected inline handlers.
fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; \
         img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(JS),
        csp_hash(CSS),
    )
}

/// A CSP hash source: base64 of the SHA-256 of exactly the bytes between the tags.
fn csp_hash(asset: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(asset.as_bytes()))
}

/// Entity-escape a string for HTML text or a quoted attribute value.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn format_score(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0');
    let s = s.strip_suffix('.').unwrap_or(s);
    s.to_string()
}

/// Serialize as JSON that is safe to place verbatim inside a `<script>`
/// element.
fn write_json<W: Write, T: Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, ScriptSafe);
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// A compact JSON formatter that escapes `<`, `>` and `&` inside strings so
/// that neither `</script` nor `<!--` can occur in the output, and U+2028 /
/// U+2029 so that the JSON stays valid JavaScript if embedded as a literal.
/// Structural JSON never contains these characters, so escaping string
/// fragments covers the whole output.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut last = 0;
        for (i, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[last..i])?;
            writer.write_all(escaped.as_bytes())?;
            last = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[last..])
    }
}

pub(crate) const HISTOGRAM_BINS: usize = 10;
pub(crate) const TOP_PHRASES: usize = 15;
/// The reason families, in the code's one list.
fn family_names() -> impl Iterator<Item = &'static str> + Clone {
    FeatureFamily::ALL.into_iter().map(FeatureFamily::name)
}

/// Whole-report aggregates, computed once here rather than in the browser so
/// that a 600,000-paragraph report does not stall the page on load.
#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct Summary {
    pub documents: usize,
    pub paragraphs: usize,
    pub flagged_paragraphs: usize,
    pub documents_flagged: usize,
    pub failed: usize,
    /// Paragraph counts for scores in [0, 0.1), [0.1, 0.2), … [0.9, 1.0].
    pub histogram: [usize; HISTOGRAM_BINS],
    pub families: Vec<Count>,
    /// Every family's name, in order: the page colours and lists families from this.
    pub family_names: Vec<&'static str>,
    pub phrases: Vec<Count>,
}

#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct Count {
    pub name: String,
    pub count: usize,
}

impl Summary {
    pub(crate) fn gather(data: &ReportData) -> Summary {
        let mut histogram = [0usize; HISTOGRAM_BINS];
        let mut families: HashMap<&str, usize> = HashMap::new();
        let mut phrases: HashMap<String, usize> = HashMap::new();
        let mut paragraphs = 0;
        let mut flagged_paragraphs = 0;
        let mut documents_flagged = 0;

        for doc in &data.documents {
            let mut doc_flagged = doc.flagged > 0;
            for para in &doc.paragraphs {
                paragraphs += 1;
                if let Some(bin) = score_bin(para.score) {
                    histogram[bin] += 1;
                }
                if !para.flagged {
                    continue;
                }
                flagged_paragraphs += 1;
                doc_flagged = true;
                let family = top_reason(&para.reasons).map_or("unexplained", |r| {
                    family_names().find(|f| *f == r.family).unwrap_or("other")
                });
                *families.entry(family).or_default() += 1;
                for_each_bigram(&para.text, |bigram| {
                    *phrases.entry(bigram).or_default() += 1;
                });
            }
            if doc_flagged {
                documents_flagged += 1;
            }
        }

        // The known families always appear, so an empty bar reads as
        // "none" rather than "not measured"; the catch-alls only when used.
        let families = family_names()
            .chain(["other", "unexplained"])
            .filter_map(|name| {
                let count = families.get(name).copied().unwrap_or(0);
                (count > 0 || family_names().any(|f| f == name)).then(|| Count {
                    name: name.to_string(),
                    count,
                })
            })
            .collect();

        let mut phrases: Vec<Count> = phrases
            .into_iter()
            .map(|(name, count)| Count { name, count })
            .collect();
        phrases.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        phrases.truncate(TOP_PHRASES);

        Summary {
            documents: data.documents.len(),
            paragraphs,
            flagged_paragraphs,
            documents_flagged,
            failed: data.errors.len(),
            histogram,
            families,
            family_names: family_names().collect(),
            phrases,
        }
    }
}

/// Scores are probabilities; anything outside [0, 1] is clamped into the end
/// bins, and NaN (a scoring bug, not a score) is left out.
fn score_bin(score: f64) -> Option<usize> {
    if score.is_nan() {
        return None;
    }
    let clamped = score.clamp(0.0, 1.0);
    Some(((clamped * HISTOGRAM_BINS as f64) as usize).min(HISTOGRAM_BINS - 1))
}

/// The reason with the largest contribution; on a tie the first listed wins,
/// the same rule report.js uses for a row's family chips.
fn top_reason(reasons: &[ReportReason]) -> Option<&ReportReason> {
    let mut best: Option<&ReportReason> = None;
    for r in reasons.iter().filter(|r| !r.contribution.is_nan()) {
        if best.is_none_or(|b| r.contribution > b.contribution) {
            best = Some(r);
        }
    }
    best
}

/// Calls `f` with every "word word" pair of adjacent content words (two or more characters,
/// a letter among them, not a stopword of the features' list). A pair never spans
/// punctuation or a stopword, so "free. Create" and "free to create" yield nothing: those
/// are not phrases anyone wrote.
fn for_each_bigram(text: &str, mut f: impl FnMut(String)) {
    let stopwords = &lexicons().stopwords;
    let mut prev: Option<String> = None;
    for w in words(text) {
        if w.after_break {
            prev = None;
        }
        let word: String = w.lowercase().collect();
        let content = word.chars().count() >= 2
            && word.chars().any(char::is_alphabetic)
            && !stopwords.contains(word.as_str());
        if !content {
            prev = None;
            continue;
        }
        if let Some(p) = prev.take() {
            f(format!("{p} {word}"));
        }
        prev = Some(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: [&str; 3] = [
        "</script><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "</textarea>",
    ];

    fn para(index: usize, text: &str, score: f64, reasons: Vec<ReportReason>) -> ReportPara {
        ReportPara {
            index,
            text: text.to_string(),
            score,
            flagged: score >= 0.5,
            reasons,
        }
    }

    fn reason(family: &str, contribution: f64) -> ReportReason {
        ReportReason {
            feature: format!("{family}_feature"),
            family: family.to_string(),
            contribution,
            detail: format!("{family} evidence"),
        }
    }

    fn report(paragraphs: Vec<ReportPara>) -> ReportData {
        let flagged = paragraphs.iter().filter(|p| p.flagged).count();
        let max_score = paragraphs.iter().map(|p| p.score).fold(0.0, f64::max);
        ReportData {
            title: "Test report".to_string(),
            generated: "2026-05-01T12:00:00Z".to_string(),
            model: "seam-test".to_string(),
            threshold: 0.5,
            documents: vec![ReportDoc {
                id: "doc-1".to_string(),
                max_score,
                flagged,
                paragraphs,
            }],
            errors: vec![],
        }
    }

    fn render_to_string(data: &ReportData) -> String {
        let mut buf = Vec::new();
        write_report(data, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    /// The text between `<script type="application/json" id="{id}">` and the
    /// next `</script>`.
    fn embedded<'a>(html: &'a str, id: &str) -> &'a str {
        let open = format!("<script type=\"application/json\" id=\"{id}\">");
        let start = html.find(&open).expect("data element present") + open.len();
        let len = html[start..]
            .find("</script>")
            .expect("data element closed");
        &html[start..start + len]
    }

    #[test]
    fn escape_html_escapes_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"<a href="x" title='y'>Tom & Jerry</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;"
        );
        assert_eq!(escape_html("&amp;"), "&amp;amp;");
        assert_eq!(escape_html("plain text, ünïcödé"), "plain text, ünïcödé");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn embedded_json_has_no_raw_angle_brackets_or_ampersands() {
        let text = format!("a & b {} \u{2028}\u{2029}", HOSTILE.join(" "));
        let html = render_to_string(&report(vec![para(0, &text, 0.9, vec![])]));
        let json = embedded(&html, "seam-data");
        for raw in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!json.contains(raw), "raw {raw:?} in embedded JSON");
        }
        assert!(json.contains(r"\u003c/script\u003e"));
        assert!(json.contains(r"\u2028\u2029"));
        // The whole page has exactly the script closers it was written with,
        // so no document text terminated an element early.
        assert_eq!(html.matches("</script").count(), 3);
        assert!(!html.contains("</textarea"));
    }

    #[test]
    fn hostile_text_round_trips_as_data() {
        let paragraphs = HOSTILE
            .iter()
            .enumerate()
            .map(|(i, t)| para(i, t, 0.2, vec![]))
            .collect();
        let mut data = report(paragraphs);
        data.title = HOSTILE[0].to_string();
        data.model = HOSTILE[1].to_string();
        data.errors.push(ReportError {
            source: HOSTILE[2].to_string(),
            message: HOSTILE[1].to_string(),
        });
        let html = render_to_string(&data);

        let parsed: serde_json::Value = serde_json::from_str(embedded(&html, "seam-data")).unwrap();
        let texts: Vec<&str> = parsed["documents"][0]["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["text"].as_str().unwrap())
            .collect();
        assert_eq!(texts, HOSTILE);
        assert_eq!(parsed["title"], HOSTILE[0]);
        assert_eq!(parsed["errors"][0]["source"], HOSTILE[2]);
        assert_eq!(parsed, serde_json::to_value(&data).unwrap());

        // Server-side strings arrive only in escaped form.
        assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!html.contains("<img"));
    }

    #[test]
    fn placeholders_are_all_filled_and_not_rescanned() {
        let mut data = report(vec![para(0, "{{js}}", 0.1, vec![])]);
        data.title = "{{css}} {{data}}".to_string();
        let html = render_to_string(&data);
        assert!(html.contains("<title>{{css}} {{data}}"));
        assert_eq!(html.matches(CSS).count(), 1);
        assert_eq!(html.matches(JS).count(), 1);
        let outside_data = html.replace(embedded(&html, "seam-data"), "");
        assert!(!outside_data.contains("{{js}}"));
    }

    #[test]
    fn assets_cannot_close_their_own_elements() {
        assert!(!JS.to_ascii_lowercase().contains("</script"));
        assert!(!JS.to_ascii_lowercase().contains("<!--"));
        assert!(!CSS.to_ascii_lowercase().contains("</style"));
        // The data never reaches the DOM through an HTML parser.
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
        ] {
            assert!(!JS.contains(sink), "report.js uses {sink}");
        }
    }

    #[test]
    fn csp_pins_the_inline_assets() {
        let html = render_to_string(&report(vec![]));
        let js_hash = csp_hash(JS);
        assert!(html.contains(&format!("script-src &#39;sha256-{js_hash}&#39;")));
        assert!(html.contains("default-src &#39;none&#39;"));
        // The hashes cover exactly the bytes between the tags.
        assert!(html.contains(&format!("<style>{CSS}</style>")));
        assert!(html.contains(&format!("<script>{JS}</script>")));
    }

    #[test]
    fn bigrams_skip_stopwords_and_punctuation() {
        let mut seen = Vec::new();
        for_each_bigram(
            "Create a FREE QR-code now! Scan it. Don't wait: free trial, e-mail us",
            |b| seen.push(b),
        );
        assert_eq!(seen, ["free qr", "free trial"]);
    }

    #[test]
    fn score_bins_cover_the_closed_unit_interval() {
        assert_eq!(score_bin(0.0), Some(0));
        assert_eq!(score_bin(0.0999), Some(0));
        assert_eq!(score_bin(0.1), Some(1));
        assert_eq!(score_bin(0.95), Some(9));
        assert_eq!(score_bin(1.0), Some(9));
        assert_eq!(score_bin(-3.0), Some(0));
        assert_eq!(score_bin(7.0), Some(9));
        assert_eq!(score_bin(f64::NAN), None);
    }

    #[test]
    fn summary_counts_flags_families_and_phrases() {
        let mut data = report(vec![
            para(0, "An ordinary opening paragraph.", 0.05, vec![]),
            para(
                1,
                "Get a free QR code generator today. Free QR code for everyone!",
                0.93,
                vec![reason("links", 0.4), reason("promo", 1.2)],
            ),
            para(2, "QR code, again.", 0.71, vec![reason("shape", 0.3)]),
            para(3, "Unexplained but flagged", 0.55, vec![]),
            para(6, "Deep in a footer", 0.8, vec![reason("structure", 2.0)]),
            para(4, "Mystery family", 0.6, vec![reason("astrology", 0.9)]),
            para(
                5,
                "Not flagged: free QR code here does not count.",
                0.3,
                vec![],
            ),
        ]);
        data.documents.push(ReportDoc {
            id: "clean".into(),
            max_score: 0.1,
            flagged: 0,
            paragraphs: vec![para(0, "Clean.", 0.1, vec![])],
        });
        data.errors.push(ReportError {
            source: "broken.html".into(),
            message: "not UTF-8".into(),
        });

        let s = Summary::gather(&data);
        assert_eq!(s.documents, 2);
        assert_eq!(s.paragraphs, 8);
        assert_eq!(s.flagged_paragraphs, 5);
        assert_eq!(s.documents_flagged, 1);
        assert_eq!(s.failed, 1);
        assert_eq!(s.histogram, [1, 1, 0, 1, 0, 1, 1, 1, 1, 1]);

        let families: Vec<(&str, usize)> = s
            .families
            .iter()
            .map(|c| (c.name.as_str(), c.count))
            .collect();
        assert_eq!(
            families,
            [
                ("drift", 0),
                ("promo", 1),
                ("links", 0),
                ("shape", 1),
                ("structure", 1),
                ("context", 0),
                ("other", 1),
                ("unexplained", 1),
            ]
        );

        assert_eq!(
            s.phrases[0],
            Count {
                name: "qr code".into(),
                count: 3
            }
        );
        assert_eq!(
            s.phrases[1],
            Count {
                name: "free qr".into(),
                count: 2
            }
        );
        assert!(s.phrases.iter().any(|c| c.name == "mystery family"));
        assert!(s.phrases.iter().all(|c| !c.name.contains("here")));
    }

    #[test]
    fn top_reason_prefers_the_first_of_equal_contributions() {
        let reasons = [
            reason("links", 1.4),
            reason("promo", 1.4),
            reason("drift", 0.2),
        ];
        assert_eq!(top_reason(&reasons).unwrap().family, "links");
        let reasons = [reason("drift", f64::NAN), reason("shape", 0.3)];
        assert_eq!(top_reason(&reasons).unwrap().family, "shape");
        assert!(top_reason(&[]).is_none());
    }

    #[test]
    fn phrases_are_capped() {
        let text: String = (0..40).map(|i| format!("word{i}x ")).collect();
        let s = Summary::gather(&report(vec![para(0, &text, 0.9, vec![])]));
        assert_eq!(s.phrases.len(), TOP_PHRASES);
    }

    #[test]
    fn threshold_is_printed_compactly() {
        assert_eq!(format_score(0.5), "0.5");
        assert_eq!(format_score(0.125), "0.125");
        assert_eq!(format_score(1.0), "1");
        assert_eq!(format_score(f64::NAN), "n/a");
    }
}
