//! Decisions exported from a report, made whole again for `seam train` and `seam eval`.
//!
//! A report written with `--embed flags` (the default) shows each flag with a few paragraphs
//! around it, so its export holds those paragraphs only. Features compare a paragraph with its
//! whole document (topic drift, length against the median, position), so a window scores and
//! trains differently from the document it came from: measured on splice-dev, a first model's
//! recall on the reviewed paragraphs read 0.70 on the windows against 0.85 on the whole
//! documents, and training on windows lowered F1 where training on whole documents raised it
//! (README, "Review and retrain"). `--documents-from` reads the report's inputs again and puts
//! each decision on its paragraph of the whole document.
//!
//! The export marks such a document with `"seam_report": {"identity", "paragraph_count",
//! "shown": [paragraph indices]}`; documents without `shown` are whole and left as they are.

use seam::document::jsonl::Keys;
use seam::document::reader::Input;
use seam::document::{inputs, Document, Paragraph};
use std::collections::{HashMap, HashSet};

/// How a report showed a document in part: its paragraph count and the indices of the
/// paragraphs its export holds, in order. `None` for any other document.
fn shown_in_part(doc: &Document) -> Option<(usize, Vec<usize>)> {
    let r: serde_json::Value = serde_json::from_str(doc.extra.get("seam_report")?.get()).ok()?;
    let count = r.get("paragraph_count")?.as_u64()? as usize;
    let shown: Vec<usize> = r
        .get("shown")?
        .as_array()?
        .iter()
        .map(|v| v.as_u64().map(|i| i as usize))
        .collect::<Option<_>>()?;
    Some((count, shown))
}

/// Rebuild every document shown in part from the inputs `from` (read as `seam report` reads
/// them, default keys), with its decisions on the paragraphs they were made on and no label
/// elsewhere. Without `from`, warn that such documents train and score as windows.
pub fn complete(docs: Vec<Document>, from: &[String]) -> anyhow::Result<Vec<Document>> {
    let partial: HashSet<String> = docs
        .iter()
        .filter(|d| shown_in_part(d).is_some())
        .map(|d| d.id.clone())
        .collect();
    if partial.is_empty() {
        return Ok(docs);
    }
    if from.is_empty() {
        eprintln!(
            "seam: warning: {} decided documents were shown in part by their report (--embed \
             flags): they are featurized as those paragraphs alone, not as the whole documents \
             they were scored in; pass --documents-from with the report's inputs to read them whole",
            partial.len()
        );
        return Ok(docs);
    }
    let keys = Keys::default();
    let warn = |m: String| eprintln!("seam: warning: {m}");
    let mut found: HashMap<String, Document> = HashMap::new();
    for name in inputs::expand(from) {
        let input = Input::new(&name?, None);
        for doc in input.documents(&keys, &warn)? {
            let doc = doc?;
            if partial.contains(&doc.id) && !found.contains_key(&doc.id) {
                found.insert(doc.id.clone(), doc);
            }
        }
    }
    docs.into_iter()
        .map(|doc| match shown_in_part(&doc) {
            None => Ok(doc),
            Some((count, shown)) => {
                // `get`, not `remove`: the same decisions may be given twice (to weigh double).
                let whole = found.get(&doc.id).cloned().ok_or_else(|| {
                    anyhow::anyhow!(
                        "document {} was shown in part by its report and is not in the inputs \
                         given to --documents-from",
                        doc.id
                    )
                })?;
                merge(doc, whole, count, &shown)
            }
        })
        .collect()
}

/// The whole document with the decisions of `part` (its paragraphs at indices `shown`).
fn merge(
    part: Document,
    whole: Document,
    count: usize,
    shown: &[usize],
) -> anyhow::Result<Document> {
    let id = &part.id;
    anyhow::ensure!(
        whole.paragraphs.len() == count && shown.len() == part.paragraphs.len(),
        "document {id} has {} paragraphs in --documents-from, {count} in its report: was the \
         report written from these inputs?",
        whole.paragraphs.len()
    );
    let mut labels = vec![None; count];
    for (p, &i) in part.paragraphs.iter().zip(shown) {
        let theirs = whole.paragraphs.get(i).map(|q| q.text.as_str());
        anyhow::ensure!(
            theirs == Some(p.text.as_str()),
            "paragraph {i} of document {id} differs between its decisions and --documents-from: \
             was the report written from these inputs?"
        );
        labels[i] = p.label;
    }
    let paragraphs = whole
        .paragraphs
        .into_iter()
        .zip(labels)
        .map(|(p, label)| Paragraph {
            label,
            kind: None,
            ..p
        })
        .collect();
    Ok(Document {
        paragraphs,
        extra: part.extra,
        ..whole
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use seam::document::Format;
    use serde_json::json;

    fn whole() -> Document {
        Document::from_text(
            "a.txt",
            "One.\n\nTwo.\n\nThree.\n\nFour.\n".into(),
            Format::Text,
        )
    }

    fn raw(v: serde_json::Value) -> Box<serde_json::value::RawValue> {
        serde_json::value::to_raw_value(&v).unwrap()
    }

    fn part(shown: &[usize], labels: &[Option<bool>], texts: &[&str]) -> Document {
        let mut d = Document {
            id: "a.txt".into(),
            paragraphs: texts
                .iter()
                .zip(labels)
                .map(|(t, &l)| Paragraph {
                    label: l,
                    ..Paragraph::new(*t)
                })
                .collect(),
            ..Document::default()
        };
        d.extra.insert(
            "seam_report".into(),
            raw(json!({"identity": "x", "paragraph_count": 4, "shown": shown})),
        );
        d
    }

    #[test]
    fn decisions_land_on_their_paragraphs_of_the_whole_document() {
        let p = part(&[1, 2], &[Some(true), None], &["Two.", "Three."]);
        let (count, shown) = shown_in_part(&p).unwrap();
        let d = merge(p, whole(), count, &shown).unwrap();
        let labels: Vec<_> = d.paragraphs.iter().map(|p| p.label).collect();
        assert_eq!(labels, [None, Some(true), None, None]);
        assert_eq!(d.paragraphs[3].text, "Four.");
        assert!(d.extra.contains_key("seam_report"));
    }

    #[test]
    fn the_same_decisions_given_twice_are_both_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "One.\n\nTwo.\n\nThree.\n\nFour.\n").unwrap();
        let id = path.display().to_string();
        let mut p = part(&[1, 2], &[Some(true), None], &["Two.", "Three."]);
        p.id = id.clone();
        let docs = complete(vec![p.clone(), p], &[id]).unwrap();
        assert!(docs.iter().all(|d| d.paragraphs.len() == 4));
    }

    #[test]
    fn other_inputs_are_refused() {
        let p = part(&[1, 2], &[Some(true), None], &["Two!", "Three."]);
        let err = merge(p, whole(), 4, &[1, 2]).unwrap_err().to_string();
        assert!(
            err.contains("paragraph 1 of document a.txt differs"),
            "{err}"
        );
        let p = part(&[1], &[Some(true)], &["Two."]);
        assert!(merge(p, whole(), 5, &[1]).is_err());
    }

    #[test]
    fn only_documents_shown_in_part_are_read_again() {
        let mut w = whole();
        assert!(shown_in_part(&w).is_none());
        w.extra
            .insert("seam_report".into(), raw(json!({"paragraph_count": 4})));
        assert!(shown_in_part(&w).is_none());
        let docs = complete(vec![w], &[]).unwrap();
        assert_eq!(docs.len(), 1);
    }
}
