//! What `seam train` learns about words, stored in the model file:
//! - the promotional vocabulary: per-word log-odds of appearing in a paragraph that does not
//!   belong, learned from labelled paragraphs. It feeds the `promo_learned*` features, so the
//!   model stays small and its reasons readable;
//! - background document frequencies of content-word stems over the training documents. Drift
//!   weighs a term by them as well as by its frequency within the document: within one
//!   document, "said", "year" or "people" look as specific as the story's own subject, and they
//!   make a foreign paragraph look like the story.

use super::packed::WordTable;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Smoothed inverse document frequency, `ln((documents + 1) / (df + 1)) + 1`: the same for a
/// term within its document (paragraphs as documents) and over the training documents.
pub fn idf(documents: f32, df: f32) -> f32 {
    ((documents + 1.0) / (df + 1.0)).ln() + 1.0
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Vocab {
    /// Word -> log-odds (positive: typical of inserted text).
    #[serde(default, serialize_with = "sorted")]
    pub log_odds: FxHashMap<String, f32>,
    /// `log_odds` and the background IDFs of `doc_freq` in one table, for lookups, built on
    /// the first one (neither map is changed after a vocabulary is made or loaded).
    #[serde(skip)]
    table: OnceLock<WordTable<WordValues>>,
    /// Training documents counted in `doc_freq`; 0 when the model has no background (drift then
    /// weighs terms by the document alone).
    #[serde(default)]
    pub documents: u32,
    /// Content-word stem -> training documents it occurs in, for stems in at least
    /// [`MIN_DOC_FREQ`] of them (the others weigh as if in one).
    #[serde(default, serialize_with = "sorted_u32")]
    pub doc_freq: FxHashMap<String, u32>,
}

/// What a vocabulary knows about one word.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WordValues {
    /// [`Vocab::get`].
    pub log_odds: f32,
    /// [`Vocab::background_idf`] of the word taken as a stem.
    pub background_idf: f32,
}

/// Stems in fewer training documents are not stored: their weight barely differs from that of
/// a stem never seen, and they are most of the vocabulary.
pub const MIN_DOC_FREQ: u32 = 3;

impl PartialEq for Vocab {
    fn eq(&self, other: &Vocab) -> bool {
        self.log_odds == other.log_odds
            && self.documents == other.documents
            && self.doc_freq == other.doc_freq
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

fn sorted_u32<S: serde::Serializer>(map: &FxHashMap<String, u32>, s: S) -> Result<S::Ok, S::Error> {
    map.iter()
        .collect::<std::collections::BTreeMap<_, _>>()
        .serialize(s)
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
        self.table().get(word).map_or(0.0, |v| v.log_odds)
    }

    pub fn is_empty(&self) -> bool {
        self.log_odds.is_empty()
    }

    /// The background inverse document frequency of a content-word stem, smoothed like the
    /// within-document one ([`idf`]); a stem not in the table counts as in one document.
    /// Exactly 1 without a background.
    pub fn background_idf(&self, stem: &str) -> f32 {
        self.table()
            .get(stem)
            .map_or_else(|| self.unseen_idf(), |v| v.background_idf)
    }

    /// [`WordValues`] of each word, looked up together (faster than one by one).
    pub fn values<'a>(&self, words: impl Iterator<Item = &'a str> + Clone) -> Vec<WordValues> {
        let absent = WordValues {
            log_odds: 0.0,
            background_idf: self.unseen_idf(),
        };
        let found = self.table().get_all(words);
        found.into_iter().map(|v| v.unwrap_or(absent)).collect()
    }

    /// The background IDF of a stem the training documents did not have (often enough).
    fn unseen_idf(&self) -> f32 {
        if self.documents == 0 {
            1.0
        } else {
            idf(self.documents as f32, 1.0)
        }
    }

    fn table(&self) -> &WordTable<WordValues> {
        self.table.get_or_init(|| {
            let unseen = self.unseen_idf();
            let n = self.documents as f32;
            let background = |stem: &str| match self.doc_freq.get(stem) {
                Some(&d) if self.documents > 0 => idf(n, d as f32),
                _ => unseen,
            };
            // Every word of either map once: the learned words with their IDF as stems, then
            // the stems that are not learned words. Straight into the table, without a merged
            // map in between (which took a millisecond of every process's start).
            let stems_only: Vec<&str> = match self.documents {
                0 => Vec::new(),
                _ => self
                    .doc_freq
                    .keys()
                    .filter(|s| !self.log_odds.contains_key(*s))
                    .map(String::as_str)
                    .collect(),
            };
            let values = |word: &str, log_odds: f32| {
                let background_idf = background(word);
                WordValues {
                    log_odds,
                    background_idf,
                }
            };
            let learned = self
                .log_odds
                .iter()
                .map(|(w, &l)| (w.as_str(), values(w, l)));
            let stems = stems_only.iter().map(|&s| (s, values(s, 0.0)));
            let len = self.log_odds.len() + stems_only.len();
            WordTable::from_pairs(learned.chain(stems), len, 1.5)
        })
    }

    /// Count, for each stem, the documents it occurs in (each document given as its distinct
    /// content-word stems), keeping stems in at least [`MIN_DOC_FREQ`] documents.
    pub fn with_background<'a>(mut self, docs: impl Iterator<Item = Vec<&'a str>>) -> Vocab {
        let mut df: FxHashMap<&'a str, u32> = FxHashMap::default();
        let mut documents = 0u32;
        for stems in docs {
            documents += 1;
            for s in stems {
                *df.entry(s).or_default() += 1;
            }
        }
        self.documents = documents;
        self.doc_freq = df
            .into_iter()
            .filter(|&(_, d)| d >= MIN_DOC_FREQ)
            .map(|(s, d)| (s.to_string(), d))
            .collect();
        self.table = OnceLock::new();
        self
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
            ..Vocab::default()
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
    fn background_counts_documents_and_weighs_common_stems_down() {
        assert_eq!(Vocab::default().background_idf("tram"), 1.0);
        let docs = (0..10).map(|i| {
            let mut stems = vec!["said", "year"];
            if i < 3 {
                stems.push("tram");
            }
            if i == 0 {
                stems.push("harbour");
            }
            stems
        });
        let v = Vocab::default().with_background(docs);
        assert_eq!(v.documents, 10);
        assert_eq!(v.doc_freq.get("said"), Some(&10));
        assert_eq!(v.doc_freq.get("tram"), Some(&3));
        assert_eq!(v.doc_freq.get("harbour"), None, "below MIN_DOC_FREQ");
        let (said, tram, harbour, unseen) = (
            v.background_idf("said"),
            v.background_idf("tram"),
            v.background_idf("harbour"),
            v.background_idf("quay"),
        );
        assert!((said - 1.0).abs() < 1e-6, "{said}");
        assert!(said < tram && tram < harbour, "{said} {tram} {harbour}");
        assert_eq!(harbour, unseen, "a pruned stem weighs as one seen once");
        // The table survives the model file.
        let back: Vocab = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
        assert_eq!(back, v);
        assert_eq!(back.background_idf("tram"), tram);
    }

    #[test]
    fn one_lookup_gives_log_odds_and_background() {
        let mut v = Vocab::default().with_background((0..10).map(|i| {
            if i < 4 {
                vec!["tram", "said"]
            } else {
                vec!["said"]
            }
        }));
        v.log_odds.insert("free".into(), 2.0);
        v.log_odds.insert("tram".into(), -1.0);
        let got = v.values(["free", "tram", "said", "quay"].into_iter());
        let unseen = idf(10.0, 1.0);
        assert_eq!(
            got[0],
            WordValues {
                log_odds: 2.0,
                background_idf: unseen
            }
        );
        assert_eq!(
            got[1],
            WordValues {
                log_odds: -1.0,
                background_idf: idf(10.0, 4.0)
            }
        );
        assert_eq!(
            got[2],
            WordValues {
                log_odds: 0.0,
                background_idf: idf(10.0, 10.0)
            }
        );
        assert_eq!(
            got[3],
            WordValues {
                log_odds: 0.0,
                background_idf: unseen
            }
        );
        for (w, g) in ["free", "tram", "said", "quay"].iter().zip(&got) {
            assert_eq!(v.get(w), g.log_odds);
            assert_eq!(v.background_idf(w), g.background_idf);
        }
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
