//! Training data from web pages: label a page's blocks against its human-cleaned main text
//! (how the public extraction benchmarks become labelled data), and splice foreign paragraphs
//! into a page as ordinary `<p>` elements of its article body (so that a model also learns
//! in-body insertions, which page structure cannot reveal).

mod align;

pub use align::label_blocks;

use super::{html, Element, Paragraph};
use crate::error::{Error, Result};
use crate::hash::{fnv64_from, splitmix64, FNV64_OFFSET};
use serde_json::{json, Map, Value};
use std::io::Read;
use std::path::Path;

/// A block is content when at least this share of its word 3-grams occur in the main text.
pub const CONTENT_MIN: f64 = 0.5;
/// A block is boilerplate when at most this share of its word 3-grams occur in the main text.
/// In between it is ambiguous (label `null`). Blocks under 3 words are content only when they
/// equal a whole line of the main text.
pub const BOILERPLATE_MAX: f64 = 0.2;

/// Label each block: `Some(false)` content, `Some(true)` boilerplate, `None` ambiguous.
pub fn label(blocks: &[Paragraph], truth: &str) -> Vec<Option<bool>> {
    label_blocks(blocks, truth, BOILERPLATE_MAX, CONTENT_MIN)
}

/// The kind written for a label: `boilerplate` for 1, `content` for 0.
pub fn kind_of(label: Option<bool>) -> Option<&'static str> {
    label.map(|l| if l { "boilerplate" } else { "content" })
}

/// One block as a labelled paragraph record: its text, label, kind and element, in the layout
/// `seam train` reads back (`document::jsonl`), so that training sees the same features as
/// scoring the page.
pub fn block_record(b: &Paragraph, label: Option<bool>, kind: Option<&str>) -> Value {
    let e = element(b);
    json!({
        "text": b.text,
        "label": label.map(u8::from),
        "kind": kind,
        "tag": e.tag,
        "path": e.path,
        "depth": e.depth,
        "attr_tokens": e.attr_tokens,
        "link_chars": b.link_chars,
        "link_count": b.link_count,
        "hidden_chars": e.hidden_chars,
        "ids": e.ids,
    })
}

/// A paragraph to splice into a page, and its kind (ad, spam, offtopic).
#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    pub text: String,
    pub kind: String,
}

/// A page with paragraphs spliced in.
#[derive(Debug, Clone)]
pub struct Spliced {
    pub page: String,
    /// The blocks of the spliced page with their labels and kinds: inserted blocks are label 1
    /// with the insert's kind, the others labelled against the main text.
    pub blocks: Vec<(Paragraph, Option<bool>, Option<String>)>,
    /// Inserted paragraphs that did not come out as a block of their own.
    pub lost: usize,
}

/// The element of a block [`html::segment`] made (it always has one).
fn element(b: &Paragraph) -> &Element {
    b.element.as_ref().expect("HTML blocks have an element")
}

/// Seed for one page: the run seed mixed with the page id.
pub fn page_seed(seed: u64, id: &str) -> u64 {
    fnv64_from(seed ^ FNV64_OFFSET, id.as_bytes())
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements an insertion may go before when the page has no content `<p>`.
const FALLBACK_TAGS: [&str; 9] = [
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "pre",
];

/// Splice runs of paragraphs into `page` (decoded HTML): each run goes, as consecutive `<p>`
/// elements, right before the element of a content block (label 0) chosen at random,
/// preferring `<p>` blocks, so it reads as part of the article body. `None` when the page has
/// no content block to put text next to.
pub fn splice(page: &str, truth: &str, runs: &[Vec<Insert>], seed: u64) -> Option<Spliced> {
    let blocks = html::segment(page);
    let labels = label(&blocks, truth);
    let content = |tags: &dyn Fn(&str) -> bool| -> Vec<usize> {
        let mut offsets: Vec<usize> = blocks
            .iter()
            .zip(&labels)
            .filter(|(b, l)| **l == Some(false) && tags(&element(b).tag))
            .filter_map(|(b, _)| element(b).offset)
            .collect();
        offsets.dedup();
        offsets
    };
    let mut targets = content(&|t| t == "p");
    if targets.is_empty() {
        targets = content(&|t| FALLBACK_TAGS.contains(&t));
    }
    if targets.is_empty() {
        return None;
    }
    let mut state = seed;
    // Distinct targets while they last, so that runs stay apart.
    let mut free = targets.clone();
    let mut at: Vec<(usize, usize)> = Vec::new(); // (offset, run)
    for r in 0..runs.len() {
        let draw = splitmix64(&mut state);
        let offset = if free.is_empty() {
            targets[(draw % targets.len() as u64) as usize]
        } else {
            free.swap_remove((draw % free.len() as u64) as usize)
        };
        at.push((offset, r));
    }
    at.sort_unstable();
    let mut out = String::with_capacity(page.len() + 1024);
    let mut copied = 0;
    for &(offset, r) in &at {
        out.push_str(&page[copied..offset]);
        copied = offset;
        for ins in &runs[r] {
            out.push_str("<p>");
            out.push_str(&escape(&collapse(&ins.text)));
            out.push_str("</p>\n");
        }
    }
    out.push_str(&page[copied..]);

    let spliced = html::segment(&out);
    let mut wanted: Vec<(String, &str, bool)> = runs
        .iter()
        .flatten()
        .map(|i| (collapse(&i.text), i.kind.as_str(), false))
        .collect();
    let labels = label(&spliced, truth);
    let blocks = spliced
        .into_iter()
        .zip(labels)
        .map(|(b, l)| {
            match wanted
                .iter_mut()
                .find(|(text, _, found)| !found && *text == b.text)
            {
                Some(w) => {
                    w.2 = true;
                    let kind = w.1.to_string();
                    (b, Some(true), Some(kind))
                }
                None => {
                    let kind = kind_of(l).map(str::to_string);
                    (b, l, kind)
                }
            }
        })
        .collect();
    let lost = wanted.iter().filter(|w| !w.2).count();
    Some(Spliced {
        page: out,
        blocks,
        lost,
    })
}

/// One page of a WCXB-layout folder (`html/NNNN.html.gz`, `ground-truth/NNNN.json`).
#[derive(Debug, Clone)]
pub struct WcxbPage {
    pub file_id: String,
    /// The page decoded (BOM, `<meta charset>`, else UTF-8).
    pub page: String,
    /// Whether decoding replaced invalid bytes.
    pub lossy: bool,
    /// The human-cleaned main text (`ground_truth.main_content`); 2 of the 1,358 wcxb-dev
    /// pages have none.
    pub truth: Option<String>,
    /// `_internal.page_type.primary`.
    pub page_type: Option<String>,
    pub url: Option<String>,
}

/// The file ids of a WCXB-layout folder, sorted.
pub fn wcxb_ids(dir: &Path) -> Result<Vec<String>> {
    let html_dir = dir.join("html");
    let entries = std::fs::read_dir(&html_dir).map_err(|e| Error::io(&html_dir, e))?;
    let mut ids: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".html.gz").map(str::to_string)
        })
        .collect();
    ids.sort();
    Ok(ids)
}

pub fn read_wcxb_page(dir: &Path, file_id: &str) -> Result<WcxbPage> {
    let path = dir.join("html").join(format!("{file_id}.html.gz"));
    let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut raw)
        .map_err(|e| Error::io(&path, e))?;
    let (page, lossy) = html::decode_html(&raw);
    let gt_path = dir.join("ground-truth").join(format!("{file_id}.json"));
    let text = std::fs::read_to_string(&gt_path).map_err(|e| Error::io(&gt_path, e))?;
    let gt: Value = serde_json::from_str(&text).map_err(|e| Error::Input {
        source_name: gt_path.display().to_string(),
        message: format!("invalid JSON: {e}"),
    })?;
    let truth = gt["ground_truth"]["main_content"]
        .as_str()
        .map(str::to_string);
    Ok(WcxbPage {
        file_id: file_id.to_string(),
        page,
        lossy,
        truth,
        page_type: gt["_internal"]["page_type"]["primary"]
            .as_str()
            .map(str::to_string),
        url: gt["url"].as_str().map(str::to_string),
    })
}

/// A labelled document record: `{"id", "group", "page_type", "url", "paragraphs"}`, with
/// `extra` fields added.
pub fn document_record(
    id: &str,
    group: &str,
    page: &WcxbPage,
    paragraphs: Vec<Value>,
    extra: Map<String, Value>,
) -> Value {
    let mut obj = Map::new();
    obj.insert("id".into(), id.into());
    obj.insert("group".into(), group.into());
    if let Some(t) = &page.page_type {
        obj.insert("page_type".into(), t.as_str().into());
    }
    if let Some(u) = &page.url {
        obj.insert("url".into(), u.as_str().into());
    }
    obj.extend(extra);
    obj.insert("paragraphs".into(), Value::Array(paragraphs));
    Value::Object(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><body><nav><a href=/>Home</a> <a href=/b>Blog</a></nav>\
        <article class=post><h1>Tram line approved</h1>\
        <p>The council approved the new tram line on Tuesday after a long debate.</p>\
        <p>Work on the harbour section starts in the spring and takes two years.</p>\
        <p>Residents asked for quieter trams &amp; fewer night works.</p></article>\
        <footer><p>Copyright 2024 Harbour News. All rights reserved.</p></footer></body></html>";
    const TRUTH: &str =
        "The council approved the new tram line on Tuesday after a long debate.\n\n\
        Work on the harbour section starts in the spring and takes two years.\n\n\
        Residents asked for quieter trams & fewer night works.";

    #[test]
    fn blocks_are_labelled_against_the_main_text() {
        let blocks = html::segment(PAGE);
        let labels = label(&blocks, TRUTH);
        let got: Vec<(&str, Option<bool>)> = blocks
            .iter()
            .zip(&labels)
            .map(|(b, &l)| (b.text.as_str(), l))
            .collect();
        assert_eq!(got[0], ("Home Blog", Some(true)));
        assert_eq!(got[1].1, Some(true), "the title is not in the main text");
        assert_eq!(got[2].1, Some(false));
        assert_eq!(got[4].1, Some(false));
        assert_eq!(got[5].1, Some(true));
        let rec = block_record(&blocks[2], labels[2], kind_of(labels[2]));
        assert_eq!(rec["label"], 0);
        assert_eq!(rec["kind"], "content");
        assert_eq!(rec["tag"], "p");
        assert_eq!(rec["path"], "html>body>article>p");
    }

    #[test]
    fn splice_puts_runs_between_content_paragraphs_reproducibly() {
        let runs = vec![
            vec![Insert {
                text: "Try FreshCrate <today>: 50% off\nyour first box!".into(),
                kind: "ad".into(),
            }],
            vec![
                Insert {
                    text: "Win a prize now, text WIN to 80082.".into(),
                    kind: "spam".into(),
                },
                Insert {
                    text: "A second spam paragraph in the same run.".into(),
                    kind: "spam".into(),
                },
            ],
        ];
        let a = splice(PAGE, TRUTH, &runs, page_seed(8, "p1")).unwrap();
        let b = splice(PAGE, TRUTH, &runs, page_seed(8, "p1")).unwrap();
        assert_eq!(a.page, b.page);
        assert_eq!(a.lost, 0);
        let inserted: Vec<(&str, &str)> = a
            .blocks
            .iter()
            .filter(|(_, l, k)| *l == Some(true) && k.as_deref() != Some("boilerplate"))
            .map(|(b, _, k)| (b.text.as_str(), k.as_deref().unwrap()))
            .collect();
        assert_eq!(inserted.len(), 3);
        assert!(inserted.contains(&("Try FreshCrate <today>: 50% off your first box!", "ad")));
        // Inserted blocks are plain <p> elements inside the article, between story paragraphs.
        let first = a
            .blocks
            .iter()
            .position(|(b, _, _)| b.text.starts_with("Try"))
            .unwrap();
        assert_eq!(element(&a.blocks[first].0).path, "html>body>article>p");
        assert!(a.blocks[first + 1].1 == Some(false) || a.blocks[first + 1].2.is_some());
        // The story paragraphs are still content, the furniture still boilerplate.
        let content = a
            .blocks
            .iter()
            .filter(|(_, l, _)| *l == Some(false))
            .count();
        assert_eq!(content, 3);
    }

    #[test]
    fn page_without_content_blocks_is_not_spliced() {
        let runs = vec![vec![Insert {
            text: "An ad.".into(),
            kind: "ad".into(),
        }]];
        assert!(splice("<nav>Home</nav>", "Some text", &runs, 1).is_none());
    }
}
