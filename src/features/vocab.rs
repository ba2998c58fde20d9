//! The learned promotional vocabulary: per-word log-odds of appearing in a paragraph that does
//! not belong, learned by `seam train` from labelled paragraphs and stored in the model file.
//! It feeds the `promo_learned*` features, so the model stays small and its reasons readable.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::hash::Hasher;
use std::sync::OnceLock;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Vocab {
    /// Word -> log-odds (positive: typical of inserted text).
    #[serde(default, serialize_with = "sorted")]
    pub log_odds: FxHashMap<String, f32>,
    /// `log_odds` again, for lookups, built on the first one (`log_odds` is not changed after
    /// a vocabulary is made or loaded).
    #[serde(skip)]
    table: OnceLock<Table>,
}

impl PartialEq for Vocab {
    fn eq(&self, other: &Vocab) -> bool {
        self.log_odds == other.log_odds
    }
}

/// The words of a vocabulary in one buffer and an open-addressing table of (hash, entry + 1).
/// Every distinct word of every scored document is looked up; in the `HashMap<String, f32>`
/// each lookup went through a `String` on the heap and a `memcmp` call, a few per cent of
/// scoring time. Here a stored 32-bit hash rules out almost every other word before any byte
/// is compared, and the slots are 8 bytes, so more of the table stays in cache.
#[derive(Debug, Clone, Default)]
struct Table {
    text: String,
    /// (start, end, log-odds) per word.
    entries: Vec<(u32, u32, f32)>,
    /// A power of two, at least 3/2 of the words: probe runs stay short.
    slots: Vec<(u32, u32)>,
}

fn hash(word: &[u8]) -> u32 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(word);
    h.finish() as u32
}

impl Table {
    fn new(map: &FxHashMap<String, f32>) -> Table {
        let size = (map.len() * 3 / 2 + 1).next_power_of_two();
        let mask = size - 1;
        let mut t = Table {
            text: String::new(),
            entries: Vec::with_capacity(map.len()),
            slots: vec![(0, 0); size],
        };
        for (w, &v) in map {
            let start = t.text.len() as u32;
            t.text.push_str(w);
            t.entries.push((start, t.text.len() as u32, v));
            let h = hash(w.as_bytes());
            let mut at = h as usize & mask;
            while t.slots[at].1 != 0 {
                at = (at + 1) & mask;
            }
            t.slots[at] = (h, t.entries.len() as u32);
        }
        t
    }

    fn get(&self, word: &str) -> Option<f32> {
        let w = word.as_bytes();
        let h = hash(w);
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        loop {
            let (sh, e1) = self.slots[at];
            if e1 == 0 {
                return None;
            }
            if sh == h {
                let (start, end, v) = self.entries[e1 as usize - 1];
                let stored = &self.text.as_bytes()[start as usize..end as usize];
                // Inline: the words are a few bytes, shorter than a call to memcmp.
                if stored.len() == w.len() && stored.iter().zip(w).all(|(a, b)| a == b) {
                    return Some(v);
                }
            }
            at = (at + 1) & mask;
        }
    }
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
        self.table
            .get_or_init(|| Table::new(&self.log_odds))
            .get(word)
            .unwrap_or(0.0)
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
            table: OnceLock::new(),
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
