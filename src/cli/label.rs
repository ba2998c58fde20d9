//! `seam label`: block labels for one page, or for a WCXB-layout folder with optional splicing.

use super::args::{LabelArgs, Parity};
use rayon::prelude::*;
use seam::document::html;
use seam::document::label::{self, Insert, WcxbPage};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn run(a: LabelArgs) -> anyhow::Result<ExitCode> {
    // Without -o the labelled documents go to standard output.
    let mut outputs = vec![("-o", a.output.as_deref().unwrap_or(Path::new("-")))];
    outputs.extend(a.pages_out.as_deref().map(|p| ("--pages-out", p)));
    seam::output::check_distinct(&outputs)?;
    let (out, failed) = match (&a.wcxb, &a.page, &a.truth) {
        (Some(dir), _, _) => batch(&a, dir)?,
        (None, Some(page), Some(truth)) => (single(page, truth)?, 0),
        _ => anyhow::bail!("give PAGE and TRUTH, or --wcxb DIR"),
    };
    match &a.output {
        Some(path) => seam::output::write_atomic(path, &out)?,
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(&out)?;
            stdout.flush()?;
        }
    }
    Ok(ExitCode::from(if failed > 0 {
        super::status::ERROR
    } else {
        super::status::OK
    }))
}

/// The main text from a plain-text file or a WCXB ground-truth `.json`.
fn read_truth(path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path).map_err(|e| seam::Error::io(path, e))?;
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return Ok(text);
    }
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: invalid JSON: {e}", path.display()))?;
    v["ground_truth"]["main_content"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| anyhow::anyhow!("{}: no string ground_truth.main_content", path.display()))
}

fn single(page: &Path, truth: &Path) -> anyhow::Result<Vec<u8>> {
    let bytes = std::fs::read(page).map_err(|e| seam::Error::io(page, e))?;
    let (text, lossy) = html::decode_html(&bytes);
    if lossy {
        eprintln!(
            "seam: warning: {}: bytes invalid in the page's charset replaced",
            seam::output::text::terminal_line(&page.display().to_string())
        );
    }
    let truth = read_truth(truth)?;
    let blocks = html::segment(&text);
    let labels = label::label(&blocks, &truth);
    let mut out = Vec::new();
    for (i, (b, &l)) in blocks.iter().zip(&labels).enumerate() {
        let mut rec = label::block_record(b, l, label::kind_of(l));
        rec["index"] = json!(i);
        serde_json::to_writer(&mut out, &rec)?;
        out.push(b'\n');
    }
    Ok(out)
}

/// The runs of ad, spam and off-topic paragraphs of each splice document, by document id.
fn read_splice(path: &Path) -> anyhow::Result<HashMap<String, Vec<Vec<Insert>>>> {
    let text = std::fs::read_to_string(path).map_err(|e| seam::Error::io(path, e))?;
    let mut by_id = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("{}:{}: invalid JSON: {e}", path.display(), n + 1))?;
        let Some(id) = v["id"].as_str() else {
            anyhow::bail!("{}:{}: no string \"id\"", path.display(), n + 1);
        };
        let mut runs: Vec<Vec<Insert>> = Vec::new();
        let mut last_inserted = false;
        for p in v["paragraphs"].as_array().into_iter().flatten() {
            let kind = p["kind"].as_str().unwrap_or("");
            let inserted = p["label"] == 1 && matches!(kind, "ad" | "spam" | "offtopic");
            if inserted {
                let ins = Insert {
                    text: p["text"].as_str().unwrap_or("").to_string(),
                    kind: kind.to_string(),
                };
                // Consecutive inserted paragraphs of one kind are one run (two ads for one
                // product, two paragraphs of one foreign article) and stay together.
                match runs.last_mut() {
                    Some(run) if last_inserted && run[0].kind == ins.kind => run.push(ins),
                    _ => runs.push(vec![ins]),
                }
            }
            last_inserted = inserted;
        }
        if !runs.is_empty() {
            by_id.insert(id.to_string(), runs);
        }
    }
    Ok(by_id)
}

/// What one page contributes: labelled documents, page records, and counts.
#[derive(Default)]
struct PageOut {
    docs: Vec<u8>,
    pages: Vec<u8>,
    blocks: [usize; 3], // content, boilerplate, ambiguous
    inserted: usize,
    spliced: bool,
    unspliced: bool,
    lost: usize,
    skipped: bool,
    lossy: bool,
}

fn count(blocks: &mut [usize; 3], l: Option<bool>) {
    blocks[match l {
        Some(false) => 0,
        Some(true) => 1,
        None => 2,
    }] += 1;
}

fn page_record(id: &str, page: &WcxbPage, html: &str, inserted: &[&Insert]) -> Value {
    json!({
        "id": id,
        "page_type": page.page_type,
        "html": html,
        "truth": page.truth,
        "inserted": inserted.iter().map(|i| json!({"text": i.text, "kind": i.kind})).collect::<Vec<_>>(),
    })
}

fn one_page(
    a: &LabelArgs,
    dir: &Path,
    prefix: &str,
    file_id: &str,
    splices: &HashMap<String, Vec<Vec<Insert>>>,
    donors: &[&str],
) -> anyhow::Result<PageOut> {
    let page = label::read_wcxb_page(dir, file_id)?;
    let id = format!("{prefix}-{file_id}");
    let mut out = PageOut {
        lossy: page.lossy,
        ..PageOut::default()
    };
    let Some(truth) = page.truth.as_deref() else {
        out.skipped = true;
        return Ok(out);
    };
    let blocks = html::segment(&page.page);
    let labels = label::label(&blocks, truth);
    if !labels.iter().any(Option::is_some) {
        out.skipped = true;
        return Ok(out);
    }
    let paragraphs: Vec<Value> = blocks
        .iter()
        .zip(&labels)
        .map(|(b, &l)| {
            count(&mut out.blocks, l);
            label::block_record(b, l, label::kind_of(l))
        })
        .collect();
    let rec = label::document_record(&id, &id, &page, paragraphs, Map::new());
    serde_json::to_writer(&mut out.docs, &rec)?;
    out.docs.push(b'\n');
    if a.pages_out.is_some() {
        serde_json::to_writer(&mut out.pages, &page_record(&id, &page, &page.page, &[]))?;
        out.pages.push(b'\n');
    }
    let seed = label::page_seed(a.seed, &id);
    // Only a third of the pages have inserts of their own; the others borrow a donor's, so
    // that the model sees in-body insertions on every kind of page, not just those.
    let (donor, runs) = match splices.get_key_value(&id) {
        Some((k, runs)) => (k.as_str(), runs),
        None if donors.is_empty() => return Ok(out),
        None => {
            let donor = donors[(seed % donors.len() as u64) as usize];
            (donor, &splices[donor])
        }
    };
    let Some(spliced) = label::splice(&page.page, truth, runs, seed) else {
        out.unspliced = true;
        return Ok(out);
    };
    out.spliced = true;
    out.lost = spliced.lost;
    let splice_id = format!("{id}+splice");
    let paragraphs: Vec<Value> = spliced
        .blocks
        .iter()
        .map(|(b, l, kind)| {
            if l.is_some()
                && kind
                    .as_deref()
                    .is_some_and(|k| k != "content" && k != "boilerplate")
            {
                out.inserted += 1;
            }
            label::block_record(b, *l, kind.as_deref())
        })
        .collect();
    let mut extra = Map::new();
    extra.insert("spliced".into(), Value::Bool(true));
    extra.insert("inserts_from".into(), Value::from(donor));
    let rec = label::document_record(&splice_id, &id, &page, paragraphs, extra);
    serde_json::to_writer(&mut out.docs, &rec)?;
    out.docs.push(b'\n');
    if a.pages_out.is_some() {
        let inserted: Vec<&Insert> = runs.iter().flatten().collect();
        let rec = page_record(&splice_id, &page, &spliced.page, &inserted);
        serde_json::to_writer(&mut out.pages, &rec)?;
        out.pages.push(b'\n');
    }
    Ok(out)
}

/// The labelled documents of a WCXB folder, and how many pages failed (each named on stderr
/// and skipped: one corrupt page does not stop the folder).
fn batch(a: &LabelArgs, dir: &Path) -> anyhow::Result<(Vec<u8>, usize)> {
    // Ids are "<folder name>-<file id>", as in the splice benchmark (wcxb-dev-0012).
    let prefix = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "wcxb".into());
    let splices = match &a.splice {
        Some(p) => read_splice(p)?,
        None => HashMap::new(),
    };
    let ids: Vec<String> = label::wcxb_ids(dir)?
        .into_iter()
        .filter(|id| match (a.id_parity, id.parse::<u64>()) {
            (None, _) => true,
            (Some(Parity::Even), Ok(n)) => n % 2 == 0,
            (Some(Parity::Odd), Ok(n)) => n % 2 == 1,
            (Some(_), Err(_)) => false,
        })
        .collect();
    // Donors come from this run's pages only: with --id-parity, no insert crosses the split.
    let mut donors: Vec<&str> = ids
        .iter()
        .filter_map(|id| splices.get_key_value(&format!("{prefix}-{id}")))
        .map(|(k, _)| k.as_str())
        .collect();
    donors.sort_unstable();
    let outs: Vec<anyhow::Result<PageOut>> = ids
        .par_iter()
        .map(|id| one_page(a, dir, &prefix, id, &splices, &donors))
        .collect();
    let mut docs = Vec::new();
    let mut pages = Vec::new();
    let mut blocks = [0usize; 3];
    let (mut inserted, mut lost) = (0, 0);
    let (mut spliced, mut unspliced, mut skipped, mut lossy, mut failed) = (0, 0, 0, 0, 0);
    for (o, id) in outs.into_iter().zip(&ids) {
        let o = match o {
            Ok(o) => o,
            Err(e) => {
                failed += 1;
                let message = format!("seam: page {id}: {e:#}; skipped");
                eprintln!("{}", seam::output::text::terminal_line(&message));
                continue;
            }
        };
        docs.extend_from_slice(&o.docs);
        pages.extend_from_slice(&o.pages);
        for (t, b) in blocks.iter_mut().zip(o.blocks) {
            *t += b;
        }
        inserted += o.inserted;
        lost += o.lost;
        spliced += o.spliced as usize;
        unspliced += o.unspliced as usize;
        skipped += o.skipped as usize;
        lossy += o.lossy as usize;
    }
    let [content, boilerplate, ambiguous] = blocks;
    eprintln!(
        "seam: {} pages ({skipped} skipped: no main text or no labelled block; {failed} failed, \
         named above; {lossy} decoded lossily); \
         their blocks: {content} content, {boilerplate} boilerplate, {ambiguous} ambiguous",
        ids.len()
    );
    if a.splice.is_some() {
        eprintln!(
            "seam: {spliced} pages spliced with {inserted} paragraphs ({lost} lost in \
             segmentation); {unspliced} had no content block to splice next to"
        );
    }
    if let Some(p) = &a.pages_out {
        seam::output::write_atomic(p, &pages)?;
    }
    Ok((docs, failed))
}
