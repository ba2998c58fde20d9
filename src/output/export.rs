//! What `seam report` keeps of a scored document: a [`ReportDoc`] for the HTML report, and one
//! row per flagged paragraph for the CSV and JSONL exports, `doc_id,index,start,end,score,
//! reasons,text` (`index` and the byte offsets `start`/`end` as in `seam score`; the offsets are
//! empty for paragraphs given in JSONL, which have no source text).

use super::json::r4;
use super::report::category::of_feature;
use super::report::{Block, Category, ReportDoc, ReportPara, ReportReason};
use crate::document::{Document, Paragraph};
use crate::model::explain::Reason;
use crate::pipeline::ScoredDocument;
use serde::Serialize;
use std::io::{self, Write};

pub const HEADER: [&str; 7] = [
    "doc_id", "index", "start", "end", "score", "reasons", "text",
];

/// The report's copy of a document; takes the paragraph texts and the pass-through fields over
/// instead of copying them. `scored` holds every reason of each flag: the category reads them
/// all ([`Category::of`]); the report shows the strongest `reasons`, and the strongest reason of
/// the flag's category besides when none of those is one, so that the category shown always
/// has a reason shown.
pub fn report_doc(doc: Document, scored: &ScoredDocument, reasons: usize) -> ReportDoc {
    let paragraphs = doc
        .paragraphs
        .into_iter()
        .zip(&scored.paragraphs)
        .map(|(p, s)| {
            let block = block(&p);
            let category = s.flagged.then(|| Category::of(&s.reasons));
            ReportPara {
                index: s.index,
                text: p.text,
                score: r4(s.score),
                flagged: s.flagged,
                category,
                reasons: shown_reasons(&s.reasons, reasons, category)
                    .map(report_reason)
                    .collect(),
                block,
            }
        })
        .collect();
    ReportDoc {
        id: doc.id,
        max_score: r4(scored.max_score()),
        flagged: scored.flagged(),
        paragraphs,
        fields: pass_through(&doc.extra),
    }
}

/// The document's pass-through fields as values the report's script-safe writer escapes (a raw
/// field would be written as it came). A field nested deeper than a `Value` may (128 levels)
/// is left out, as the report leaves out any field over its size limit.
fn pass_through(extra: &crate::document::Fields) -> serde_json::Map<String, serde_json::Value> {
    extra
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), serde_json::from_str(v.get()).ok()?)))
        .collect()
}

/// The first `limit` reasons, and the first reason of `category` if none of those is one.
fn shown_reasons(
    all: &[Reason],
    limit: usize,
    category: Option<Category>,
) -> impl Iterator<Item = &Reason> {
    let top = &all[..limit.min(all.len())];
    let of = |r: &&Reason| category.is_some() && of_feature(&r.feature) == category;
    let extra = if limit == 0 || top.iter().any(|r| of(&r)) {
        None
    } else {
        all[top.len()..].iter().find(|r| of(r))
    };
    top.iter().chain(extra)
}

/// A paragraph's link and element facts, as `seam train` reads them back.
fn block(p: &Paragraph) -> Block {
    let element = p.element.as_ref();
    Block {
        link_chars: p.link_chars,
        link_count: p.link_count,
        tag: element.map(|e| e.tag.clone()),
        path: element.map(|e| e.path.clone()),
        depth: element.map(|e| e.depth),
        attr_tokens: element.map_or_else(Vec::new, |e| e.attr_tokens.clone()),
    }
}

fn report_reason(r: &Reason) -> ReportReason {
    ReportReason {
        feature: r.feature.clone(),
        family: r.family.to_string(),
        // To the two decimals the page shows.
        contribution: (r.contribution as f64 * 100.0).round() / 100.0,
        detail: r.detail.clone(),
    }
}

/// The reasons in one CSV cell: their details, strongest first, separated by "; ".
/// A paragraph's reasons as one cell: their details joined by "; ".
pub(crate) fn reasons_cell(reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|r| r.detail.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Byte offsets as two cells, empty when the paragraph has no span.
pub(crate) fn offsets(span: Option<(usize, usize)>) -> (String, String) {
    span.map_or((String::new(), String::new()), |(a, b)| {
        (a.to_string(), b.to_string())
    })
}

/// One CSV row per flagged paragraph (write [`HEADER`] first), with its first `reasons` reasons.
pub fn write_csv_rows<W: Write>(
    w: &mut csv::Writer<W>,
    doc: &Document,
    scored: &ScoredDocument,
    reasons: usize,
) -> csv::Result<()> {
    for (p, s) in doc
        .paragraphs
        .iter()
        .zip(&scored.paragraphs)
        .filter(|(_, s)| s.flagged)
    {
        let (start, end) = offsets(s.span);
        w.write_record([
            &*super::csv::cell(&doc.id),
            &s.index.to_string(),
            &start,
            &end,
            &format!("{:.4}", s.score),
            &super::csv::cell(&reasons_cell(&s.reasons[..reasons.min(s.reasons.len())])),
            &super::csv::cell(&p.text),
        ])?;
    }
    Ok(())
}

#[derive(Serialize)]
struct WireRow<'a> {
    doc_id: &'a str,
    index: usize,
    start: Option<usize>,
    end: Option<usize>,
    score: f64,
    reasons: Vec<WireReason<'a>>,
    text: &'a str,
}

#[derive(Serialize)]
struct WireReason<'a> {
    feature: &'a str,
    family: &'a str,
    contribution: f64,
    detail: &'a str,
}

/// One JSON line per flagged paragraph: the CSV's columns, with `reasons` (the first `reasons`)
/// as a list of `{"feature", "family", "contribution", "detail"}` and `start`/`end` null when
/// unknown.
pub fn write_jsonl_rows<W: Write>(
    w: &mut W,
    doc: &Document,
    scored: &ScoredDocument,
    reasons: usize,
) -> io::Result<()> {
    for (p, s) in doc
        .paragraphs
        .iter()
        .zip(&scored.paragraphs)
        .filter(|(_, s)| s.flagged)
    {
        let row = WireRow {
            doc_id: &doc.id,
            index: s.index,
            start: s.span.map(|x| x.0),
            end: s.span.map(|x| x.1),
            score: r4(s.score),
            reasons: s.reasons[..reasons.min(s.reasons.len())]
                .iter()
                .map(|r| WireReason {
                    feature: &r.feature,
                    family: r.family,
                    contribution: r4(r.contribution),
                    detail: &r.detail,
                })
                .collect(),
            text: &p.text,
        };
        serde_json::to_writer(&mut *w, &row)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::pipeline::ScoredParagraph;

    fn scored(doc: &Document, flagged: &[usize]) -> ScoredDocument {
        let paragraphs = doc
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| ScoredParagraph {
                index: i,
                span: p.span,
                score: if flagged.contains(&i) { 0.9 } else { 0.1 },
                flagged: flagged.contains(&i),
                reasons: if flagged.contains(&i) {
                    vec![
                        Reason {
                            feature: "promo_cta".into(),
                            family: "promo",
                            contribution: 1.5,
                            detail: "calls to action: buy now".into(),
                        },
                        Reason {
                            feature: "links_url".into(),
                            family: "links",
                            contribution: 0.5,
                            detail: "1 URL".into(),
                        },
                    ]
                } else {
                    Vec::new()
                },
            })
            .collect();
        ScoredDocument {
            paragraphs,
            threshold: 0.5,
            model: "test".into(),
        }
    }

    #[test]
    fn rows_are_the_flagged_paragraphs_with_offsets_into_the_source() {
        let src = "Story, with a comma.\n\nBuy now at \"shop.example\"!\n\nMore story.\n";
        let doc = Document::from_text("a.txt", src.into(), Format::Text);
        let s = scored(&doc, &[1]);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(HEADER).unwrap();
        write_csv_rows(&mut w, &doc, &s, 3).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        let (a, b): (usize, usize) = (r[2].parse().unwrap(), r[3].parse().unwrap());
        assert_eq!(
            (&r[0], &r[1], &src[a..b]),
            ("a.txt", "1", "Buy now at \"shop.example\"!")
        );
        assert_eq!(&r[5], "calls to action: buy now; 1 URL");

        let mut buf = Vec::new();
        write_jsonl_rows(&mut buf, &doc, &s, 3).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["start"], a);
        assert_eq!(v["reasons"][0]["family"], "promo");
        assert_eq!(v["text"], r[6].to_string());

        let mut one = Vec::new();
        write_jsonl_rows(&mut one, &doc, &s, 1).unwrap();
        let v1: serde_json::Value = serde_json::from_slice(&one).unwrap();
        assert_eq!(v1["reasons"].as_array().unwrap().len(), 1);

        let rd = report_doc(doc, &s, 3);
        assert_eq!((rd.flagged, rd.max_score, rd.paragraphs.len()), (1, 0.9, 3));
        assert_eq!(rd.paragraphs[1].reasons[1].family, "links");
        assert_eq!(rd.paragraphs[1].category, Some(Category::Promotional));
        assert_eq!(rd.paragraphs[1].block, Block::default());
        assert_eq!(rd.paragraphs[0].category, None);
    }

    #[test]
    fn the_category_shown_has_a_reason_shown() {
        let r = |feature: &str, contribution| Reason {
            feature: feature.into(),
            family: "x",
            contribution,
            detail: String::new(),
        };
        let all = [
            r("drift_window_sim", 9.0),
            r("context_score_prev", 2.0),
            r("shape_short", 1.5),
            r("shape_edge", 0.7),
            r("context_edge_run", 0.6),
        ];
        let cat = Some(Category::of(&all));
        assert_eq!(cat, Some(Category::Furniture));
        let names = |limit| -> Vec<&str> {
            shown_reasons(&all, limit, cat)
                .map(|r| r.feature.as_str())
                .collect()
        };
        assert_eq!(
            names(2),
            ["drift_window_sim", "context_score_prev", "shape_edge"]
        );
        assert_eq!(
            names(4),
            [
                "drift_window_sim",
                "context_score_prev",
                "shape_short",
                "shape_edge"
            ]
        );
        assert!(names(0).is_empty());
    }
}
