//! Evaluation: precision, recall and F1 for "does not belong", ROC-AUC, average precision,
//! recall per kind, the same per page type when documents have one, and threshold choice from
//! out-of-fold scores.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One scored paragraph with its gold label.
#[derive(Debug, Clone)]
pub struct Scored {
    pub score: f32,
    pub label: bool,
    pub kind: Option<String>,
    /// The document's page type (article, forum, ...), when known.
    pub group: Option<String>,
    /// Which document the paragraph is from (an index into the scored set) and its length in
    /// words: what kept-text F1 needs.
    pub doc: usize,
    pub words: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Report {
    pub paragraphs: usize,
    pub positives: usize,
    pub threshold: f32,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub roc_auc: f64,
    pub average_precision: f64,
    /// Kind -> (paragraphs of that kind, flagged); for label-0 kinds "flagged" are false alarms.
    pub per_kind: BTreeMap<String, KindStats>,
    /// Page type -> metrics over that type's paragraphs, at the same threshold.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub per_page_type: BTreeMap<String, GroupStats>,
    /// F1 of the text left after removing flagged paragraphs against the text of the content
    /// paragraphs, weighted by words and averaged over documents: what a user of `seam clean`
    /// gets, and how extraction benchmarks score extractors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept_text_f1: Option<f64>,
    /// Documents none of whose labelled paragraphs is a positive (nothing was inserted), and
    /// how many of them get any flag: what a reader of clean documents sees as false alarms.
    #[serde(default)]
    pub clean_documents: CleanDocuments,
}

/// Documents without a positive, and how many of them have a paragraph flagged.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
pub struct CleanDocuments {
    pub documents: usize,
    pub flagged: usize,
}

impl CleanDocuments {
    /// Of the items' documents without a positive, how many have a paragraph at or over
    /// `threshold`.
    pub fn of(items: &[Scored], threshold: f32) -> CleanDocuments {
        let docs = items.iter().map(|s| s.doc + 1).max().unwrap_or(0);
        // Per document: 0 unseen, 1 clean so far, 2 has a positive; and whether flagged.
        let mut state = vec![0u8; docs];
        let mut flagged = vec![false; docs];
        for s in items {
            state[s.doc] = if s.label { 2 } else { state[s.doc].max(1) };
            flagged[s.doc] |= s.score >= threshold;
        }
        let clean = (0..docs).filter(|&d| state[d] == 1);
        CleanDocuments {
            documents: clean.clone().count(),
            flagged: clean.filter(|&d| flagged[d]).count(),
        }
    }

    pub fn share(&self) -> f64 {
        self.flagged as f64 / self.documents.max(1) as f64
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct GroupStats {
    pub paragraphs: usize,
    pub positives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub roc_auc: f64,
    #[serde(default)]
    pub clean_documents: CleanDocuments,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct KindStats {
    pub count: usize,
    pub flagged: usize,
    pub rate: f64,
}

fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// ROC-AUC by ranks, ties sharing their average rank.
pub fn roc_auc(items: &[Scored]) -> f64 {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    idx.sort_by(|&a, &b| items[a].score.total_cmp(&items[b].score));
    let n_pos = items.iter().filter(|s| s.label).count() as f64;
    let n_neg = items.len() as f64 - n_pos;
    if n_pos == 0.0 || n_neg == 0.0 {
        return f64::NAN;
    }
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && items[idx[j + 1]].score == items[idx[i]].score {
            j += 1;
        }
        let avg_rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += avg_rank * (i..=j).filter(|&k| items[idx[k]].label).count() as f64;
        i = j + 1;
    }
    (rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg)
}

/// Average precision (area under the precision-recall curve, step-wise).
pub fn average_precision(items: &[Scored]) -> f64 {
    let mut sorted: Vec<&Scored> = items.iter().collect();
    sorted.sort_by(|a, b| b.score.total_cmp(&a.score));
    let n_pos = items.iter().filter(|s| s.label).count();
    if n_pos == 0 {
        return f64::NAN;
    }
    let (mut tp, mut ap) = (0usize, 0.0);
    for (k, s) in sorted.iter().enumerate() {
        if s.label {
            tp += 1;
            ap += tp as f64 / (k + 1) as f64;
        }
    }
    ap / n_pos as f64
}

/// How the decision threshold is chosen from out-of-fold scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ThresholdRule {
    MaxF1,
    /// Highest recall whose precision is at least this.
    MinPrecision(f64),
    /// Highest [`kept_text_f1`]. Where most paragraphs do not belong (web pages, mostly page
    /// furniture), max F1 of "does not belong" is won by removing many short blocks at the
    /// cost of some long content ones; this rule counts what a reader of the cleaned text
    /// loses and keeps, word by word.
    KeptTextF1,
}

/// The mean over documents of the word-weighted F1 of kept text (paragraphs scored below
/// `threshold`) against the content paragraphs. Documents without content words are left out;
/// `None` when none has any.
pub fn kept_text_f1(items: &[Scored], threshold: f32) -> Option<f64> {
    kept_text_f1_many(items, &[threshold])[0]
}

/// [`kept_text_f1`] at each of `thresholds`, in one pass over the items per document.
fn kept_text_f1_many(items: &[Scored], thresholds: &[f32]) -> Vec<Option<f64>> {
    let docs = items.iter().map(|s| s.doc + 1).max().unwrap_or(0);
    // Per document: words of content, and per threshold words kept and content words kept.
    let mut content = vec![0u64; docs];
    for s in items.iter().filter(|s| !s.label) {
        content[s.doc] += s.words as u64;
    }
    let mut kept = vec![0u64; docs * thresholds.len()];
    let mut hit = vec![0u64; docs * thresholds.len()];
    for s in items {
        for (k, &t) in thresholds.iter().enumerate() {
            if s.score < t {
                kept[s.doc * thresholds.len() + k] += s.words as u64;
                if !s.label {
                    hit[s.doc * thresholds.len() + k] += s.words as u64;
                }
            }
        }
    }
    (0..thresholds.len())
        .map(|k| {
            let (mut sum, mut n) = (0.0, 0usize);
            for d in (0..docs).filter(|&d| content[d] > 0) {
                let (kept, hit) = (
                    kept[d * thresholds.len() + k],
                    hit[d * thresholds.len() + k],
                );
                let p = if kept > 0 {
                    hit as f64 / kept as f64
                } else {
                    0.0
                };
                let r = hit as f64 / content[d] as f64;
                sum += if p + r > 0.0 {
                    2.0 * p * r / (p + r)
                } else {
                    0.0
                };
                n += 1;
            }
            (n > 0).then(|| sum / n as f64)
        })
        .collect()
}

/// The threshold that best satisfies the rule: a value halfway between adjacent distinct scores.
pub fn choose_threshold(items: &[Scored], rule: ThresholdRule) -> f32 {
    if rule == ThresholdRule::KeptTextF1 {
        // A fixed grid rather than every distinct score: each candidate costs a pass over all
        // paragraphs, and kept-text F1 is flat at this resolution.
        let grid: Vec<f32> = (1..1000).map(|i| i as f32 / 1000.0).collect();
        let values = kept_text_f1_many(items, &grid);
        let mut best = (f64::NEG_INFINITY, 0.5f32);
        for (&t, v) in grid.iter().zip(values) {
            if let Some(v) = v.filter(|&v| v > best.0) {
                best = (v, t);
            }
        }
        return best.1;
    }
    let mut sorted: Vec<&Scored> = items.iter().collect();
    sorted.sort_by(|a, b| b.score.total_cmp(&a.score));
    let n_pos = items.iter().filter(|s| s.label).count();
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut best = (f64::NEG_INFINITY, 0.5f32);
    for k in 0..sorted.len() {
        if sorted[k].label {
            tp += 1;
        } else {
            fp += 1;
        }
        // Only cut between distinct scores.
        if k + 1 < sorted.len() && sorted[k + 1].score == sorted[k].score {
            continue;
        }
        let (p, r, f) = prf(tp, fp, n_pos - tp);
        let value = match rule {
            ThresholdRule::MaxF1 => f,
            ThresholdRule::MinPrecision(min) => {
                if p >= min {
                    r + p * 1e-6
                } else {
                    f64::NEG_INFINITY
                }
            }
            ThresholdRule::KeptTextF1 => unreachable!("chosen on a grid above"),
        };
        if value > best.0 {
            let next = sorted.get(k + 1).map_or(0.0, |s| s.score);
            best = (value, (sorted[k].score + next) / 2.0);
        }
    }
    best.1
}

/// The lowest threshold at which at most `max_share` of the documents without a positive (see
/// [`CleanDocuments`]) get a flag: a value between two documents' highest scores. 0 when there
/// are none.
pub fn clean_cap(items: &[Scored], max_share: f64) -> f32 {
    let docs = items.iter().map(|s| s.doc + 1).max().unwrap_or(0);
    let (mut positive, mut top) = (vec![false; docs], vec![f32::NEG_INFINITY; docs]);
    for s in items {
        positive[s.doc] |= s.label;
        top[s.doc] = top[s.doc].max(s.score);
    }
    let mut tops: Vec<f32> = (0..docs)
        .filter(|&d| !positive[d] && top[d].is_finite())
        .map(|d| top[d])
        .collect();
    tops.sort_by(|a, b| b.total_cmp(a));
    let allowed = (max_share * tops.len() as f64).floor() as usize;
    // Flagged are the documents whose top is at or over the threshold: stop above the first
    // document that must stay unflagged, and below the ones that may be flagged, ties included.
    let Some(&first_kept) = tops.get(allowed) else {
        return 0.0;
    };
    let above = tops[..allowed]
        .iter()
        .rev()
        .find(|&&t| t > first_kept)
        .copied()
        .unwrap_or(1.0_f32.max(first_kept));
    if above > first_kept {
        (first_kept + above) / 2.0
    } else {
        f32::from_bits(first_kept.to_bits() + 1)
    }
}

fn counts(items: &[Scored], threshold: f32) -> (usize, usize, usize) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for s in items {
        match (s.score >= threshold, s.label) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
    }
    (tp, fp, fn_)
}

pub fn report(items: &[Scored], threshold: f32) -> Report {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut per_kind: BTreeMap<String, KindStats> = BTreeMap::new();
    for s in items {
        let flagged = s.score >= threshold;
        match (flagged, s.label) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
        let kind = s
            .kind
            .clone()
            .unwrap_or_else(|| if s.label { "positive" } else { "content" }.into());
        let e = per_kind.entry(kind).or_default();
        e.count += 1;
        e.flagged += flagged as usize;
    }
    for e in per_kind.values_mut() {
        e.rate = e.flagged as f64 / e.count as f64;
    }
    let mut by_group: BTreeMap<&str, Vec<Scored>> = BTreeMap::new();
    for s in items {
        if let Some(g) = &s.group {
            by_group.entry(g).or_default().push(s.clone());
        }
    }
    let per_page_type = by_group
        .into_iter()
        .map(|(g, list)| {
            let (tp, fp, fn_) = counts(&list, threshold);
            let (precision, recall, f1) = prf(tp, fp, fn_);
            let stats = GroupStats {
                paragraphs: list.len(),
                positives: tp + fn_,
                precision,
                recall,
                f1,
                roc_auc: roc_auc(&list),
                clean_documents: CleanDocuments::of(&list, threshold),
            };
            (g.to_string(), stats)
        })
        .collect();
    let (precision, recall, f1) = prf(tp, fp, fn_);
    Report {
        paragraphs: items.len(),
        positives: tp + fn_,
        threshold,
        precision,
        recall,
        f1,
        roc_auc: roc_auc(items),
        average_precision: average_precision(items),
        per_kind,
        per_page_type,
        kept_text_f1: kept_text_f1(items, threshold),
        clean_documents: CleanDocuments::of(items, threshold),
    }
}

impl Report {
    /// A plain-text table for the terminal and the README.
    pub fn table(&self) -> String {
        let mut s = format!(
            "paragraphs {}  positives {}  threshold {:.3}\n\
             precision {:.3}  recall {:.3}  F1 {:.3}  ROC-AUC {:.3}  avg precision {:.3}\n\n\
             | kind | paragraphs | flagged | rate |\n|---|---:|---:|---:|\n",
            self.paragraphs,
            self.positives,
            self.threshold,
            self.precision,
            self.recall,
            self.f1,
            self.roc_auc,
            self.average_precision
        );
        if let Some(k) = self.kept_text_f1 {
            s.insert_str(
                s.find("\n\n").unwrap_or(s.len()),
                &format!("\nkept-text F1 {k:.3} (words, mean per document)"),
            );
        }
        let c = self.clean_documents;
        if c.documents > 0 {
            s.insert_str(
                s.find("\n\n").unwrap_or(s.len()),
                &format!(
                    "\ndocuments without a positive {}, with a flag {} ({:.1}%)",
                    c.documents,
                    c.flagged,
                    100.0 * c.share()
                ),
            );
        }
        for (k, v) in &self.per_kind {
            s.push_str(&format!(
                "| {k} | {} | {} | {:.3} |\n",
                v.count, v.flagged, v.rate
            ));
        }
        if !self.per_page_type.is_empty() {
            s.push_str(
                "\n| page type | paragraphs | positives | precision | recall | F1 | ROC-AUC | clean docs flagged |\n\
                 |---|---:|---:|---:|---:|---:|---:|---:|\n",
            );
            for (g, v) in &self.per_page_type {
                let c = v.clean_documents;
                s.push_str(&format!(
                    "| {g} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {} of {} |\n",
                    v.paragraphs,
                    v.positives,
                    v.precision,
                    v.recall,
                    v.f1,
                    v.roc_auc,
                    c.flagged,
                    c.documents
                ));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(v: &[(f32, bool)]) -> Vec<Scored> {
        v.iter()
            .map(|&(score, label)| Scored {
                score,
                label,
                kind: None,
                group: None,
                doc: 0,
                words: 1,
            })
            .collect()
    }

    #[test]
    fn auc_of_perfect_random_and_tied_rankings() {
        assert_eq!(
            roc_auc(&items(&[
                (0.9, true),
                (0.1, false),
                (0.8, true),
                (0.2, false)
            ])),
            1.0
        );
        assert_eq!(roc_auc(&items(&[(0.1, true), (0.9, false)])), 0.0);
        assert_eq!(roc_auc(&items(&[(0.5, true), (0.5, false)])), 0.5);
        assert!(roc_auc(&items(&[(0.5, true)])).is_nan());
    }

    #[test]
    fn threshold_separates_when_possible_and_respects_min_precision() {
        let data = items(&[
            (0.9, true),
            (0.8, true),
            (0.7, false),
            (0.6, true),
            (0.1, false),
        ]);
        let t = choose_threshold(&data, ThresholdRule::MaxF1);
        let r = report(&data, t);
        assert!((r.f1 - 6.0 / 7.0).abs() < 1e-9, "{r:?}");
        let t = choose_threshold(&data, ThresholdRule::MinPrecision(1.0));
        let r = report(&data, t);
        assert_eq!((r.precision, r.recall), (1.0, 2.0 / 3.0));
    }

    #[test]
    fn per_page_type_metrics_only_when_types_are_known() {
        let mut data = items(&[(0.9, true), (0.2, false), (0.8, false), (0.1, true)]);
        assert!(report(&data, 0.5).per_page_type.is_empty());
        for (i, s) in data.iter_mut().enumerate() {
            s.group = Some(if i < 2 { "article" } else { "forum" }.into());
        }
        let r = report(&data, 0.5);
        assert_eq!(r.per_page_type["article"].f1, 1.0);
        assert_eq!(r.per_page_type["forum"].recall, 0.0);
        assert!(r.table().contains("| forum | 2 | 1 |"));
    }

    #[test]
    fn clean_cap_flags_at_most_the_share_of_clean_documents() {
        // Documents 0-3 clean with tops 0.9, 0.8, 0.8, 0.2; document 4 has a positive.
        let item = |doc: usize, score: f32, label: bool| Scored {
            score,
            label,
            kind: None,
            group: None,
            doc,
            words: 1,
        };
        let v = vec![
            item(0, 0.9, false),
            item(0, 0.1, false),
            item(1, 0.8, false),
            item(2, 0.8, false),
            item(3, 0.2, false),
            item(4, 0.95, true),
        ];
        let share = |t: f32| CleanDocuments::of(&v, t).flagged;
        // A quarter: one document (0.9) may be flagged, not the two at 0.8.
        let t = clean_cap(&v, 0.25);
        assert!(t > 0.8 && t <= 0.9, "{t}");
        assert_eq!(share(t), 1);
        // Half: the tie at 0.8 would make three, so one again.
        assert_eq!(share(clean_cap(&v, 0.5)), 1);
        assert_eq!(share(clean_cap(&v, 0.75)), 3);
        assert_eq!(share(clean_cap(&v, 0.0)), 0);
        assert_eq!(clean_cap(&v, 1.0), 0.0);
    }

    #[test]
    fn clean_documents_are_those_without_a_positive() {
        // Document 0 has an insert; 1 and 2 do not, and only 2 has a paragraph over 0.5.
        let mut data = items(&[
            (0.9, true),
            (0.1, false),
            (0.3, false),
            (0.2, false),
            (0.7, false),
        ]);
        for (s, doc) in data.iter_mut().zip([0, 0, 1, 2, 2]) {
            s.doc = doc;
        }
        let c = CleanDocuments::of(&data, 0.5);
        assert_eq!((c.documents, c.flagged), (2, 1));
        assert!(report(&data, 0.5)
            .table()
            .contains("documents without a positive 2, with a flag 1 (50.0%)"));
    }

    #[test]
    fn kept_text_f1_weighs_words_and_averages_documents() {
        // Document 0: a long content paragraph (score 0.6) and a short furniture one (0.9).
        // Document 1: one content paragraph (0.2) and a long insert (0.55).
        let mut data = items(&[(0.6, false), (0.9, true), (0.2, false), (0.55, true)]);
        for (s, (doc, words)) in data.iter_mut().zip([(0, 100), (0, 2), (1, 50), (1, 50)]) {
            s.doc = doc;
            s.words = words;
        }
        // At 0.5 document 0 loses its content (F1 0) and document 1 is clean (F1 1).
        assert_eq!(kept_text_f1(&data, 0.5), Some(0.5));
        // At 0.8 document 0 is clean and document 1 keeps the insert: P 1/2, R 1.
        let f = kept_text_f1(&data, 0.8).unwrap();
        assert!((f - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12, "{f}");
        // Max F1 of "does not belong" (2 of 3 paragraphs) cuts below the long content
        // paragraph to catch the insert; the kept-text rule keeps the 100 words instead.
        let t = choose_threshold(&data, ThresholdRule::KeptTextF1);
        assert!(t > 0.6 && t <= 0.9, "{t}");
        assert!(choose_threshold(&data, ThresholdRule::MaxF1) < 0.55);
        assert!(report(&data, t).table().contains("kept-text F1 0.833"));
    }
}
