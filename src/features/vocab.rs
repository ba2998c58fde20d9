//! The learned promotional vocabulary: per-word log-odds of appearing in a paragraph that does
//! not belong, learned by `seam train` from labelled paragraphs and stored in the model file.
//! It feeds the `promo_learned*` features, so the model stays small and its reasons readable.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Vocab {
    /// Word -> log-odds (positive: typical of inserted text).
    #[serde(default, serialize_with = "sorted")]
    pub log_odds: FxHashMap<String, f32>,
}

/// Sorted by word so that the same model always serializes to the same bytes.
fn sorted<S: serde::Serializer>(map: &FxHashMap<String, f32>, s: S) -> Result<S::Ok, S::Error> {
    let ordered: std::collections::BTreeMap<&String, f32> = map
        .iter()
        .map(|(k, &v)| (k, (v * 1e4).round() / 1e4))
        .collect();
    ordered.serialize(s)
}

/// How log-odds are estimated from counts.
#[derive(Debug, Clone, Copy)]
pub struct VocabParams {
    /// Pseudo-count of the prior (shrinks rare words toward the base rate).
    pub prior: f64,
    /// Paragraphs a word must occur in to be kept.
    pub min_count: u32,
    /// Distinct documents a word must occur in to be kept: a product name repeated within one
    /// or two inserted ads is not vocabulary that carries over to other documents.
    pub min_docs: u32,
    /// Words kept, by |log-odds| * sqrt(count).
    pub max_words: usize,
}

impl Default for VocabParams {
    fn default() -> Self {
        VocabParams {
            prior: 5.0,
            min_count: 3,
            min_docs: 5,
            max_words: 20_000,
        }
    }
}

impl Vocab {
    pub fn get(&self, word: &str) -> f32 {
        self.log_odds.get(word).copied().unwrap_or(0.0)
    }

    pub fn is_empty(&self) -> bool {
        self.log_odds.is_empty()
    }

    /// Learn from paragraphs given as (unique words, label, document index). Words are counted
    /// once per paragraph: what matters is how many inserted paragraphs use a word, not how
    /// often.
    pub fn learn<'a>(
        paragraphs: impl Iterator<Item = (Vec<&'a str>, bool, usize)>,
        params: VocabParams,
    ) -> Vocab {
        let mut counts: FxHashMap<&'a str, (u32, u32)> = FxHashMap::default();
        // Word -> (distinct documents, last document seen + 1).
        let mut docs: FxHashMap<&'a str, (u32, usize)> = FxHashMap::default();
        let (mut n_pos, mut n_neg) = (0u64, 0u64);
        for (words, label, doc) in paragraphs {
            for &w in &words {
                let d = docs.entry(w).or_default();
                if d.1 != doc + 1 {
                    d.0 += 1;
                    d.1 = doc + 1;
                }
            }
            if label {
                n_pos += 1;
            } else {
                n_neg += 1;
            }
            for w in words {
                let e = counts.entry(w).or_default();
                if label {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
        if n_pos == 0 || n_neg == 0 {
            return Vocab::default();
        }
        // Smoothed with a prior at the base rate: a word seen in no paragraph leans neither way,
        // and one seen once in an inserted paragraph only leans a little.
        let rate = n_pos as f64 / n_neg as f64;
        let k = params.prior;
        let mut scored: Vec<(&str, f64, f64)> = counts
            .into_iter()
            .filter(|(w, (p, n))| p + n >= params.min_count && docs[w].0 >= params.min_docs)
            .map(|(w, (p, n))| {
                let lo = ((p as f64 + k * rate) / (n as f64 + k)).ln() - rate.ln();
                (w, lo, lo.abs() * ((p + n) as f64).sqrt())
            })
            .filter(|(_, lo, _)| lo.abs() > 0.1)
            .collect();
        scored.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(b.0)));
        scored.truncate(params.max_words);
        Vocab {
            log_odds: scored
                .into_iter()
                .map(|(w, lo, _)| (w.to_string(), lo as f32))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_inserted_paragraphs_get_positive_log_odds() {
        let mut data = Vec::new();
        for i in 0..50 {
            data.push((vec!["council", "tram"], false, i));
            data.push((
                vec!["council", if i % 2 == 0 { "vote" } else { "city" }],
                false,
                i,
            ));
            if i % 5 == 0 {
                data.push((vec!["discount", "code", "council"], true, i));
            }
            // A product named in many paragraphs of one document only.
            if i == 7 {
                data.extend(std::iter::repeat_n((vec!["crate60"], true, i), 6));
            }
        }
        let v = Vocab::learn(data.into_iter(), VocabParams::default());
        assert!(v.get("discount") > 1.0, "{}", v.get("discount"));
        assert!(v.get("tram") < 0.0);
        assert_eq!(v.get("never-seen"), 0.0);
        assert_eq!(
            v.get("crate60"),
            0.0,
            "one document's product name is not vocabulary"
        );
    }

    #[test]
    fn one_class_only_learns_nothing() {
        let v = Vocab::learn(
            vec![(vec!["a"], false, 0); 10].into_iter(),
            VocabParams::default(),
        );
        assert!(v.is_empty());
    }
}
