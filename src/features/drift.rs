//! Topic drift: how well a paragraph fits the rest of its document.
//!
//! Paragraphs become TF-IDF vectors over content words (stopwords out). A term's IDF is the
//! product of its IDF within the document and, when the model has one, its background IDF over
//! the training documents (see [`Vocab::background_idf`]): generic words ("said", "year") then
//! count for little, and a foreign paragraph no longer looks like the story through them.
//! Inserted material often comes in runs that support themselves under leave-one-out similarity,
//! so besides the leave-one-out centroid a paragraph is compared with the document outside a
//! window around it, and with a robust core (the better-fitting half of the document).

use super::distinct::Distinct;
use super::tokens::{DocTokens, WordInfo};
use super::vocab::{idf, Vocab};
use rustc_hash::FxHashMap;

/// Sparse vector: (term id, weight), sorted by id.
type Sparse = [(u32, f32)];

#[derive(Debug, Clone, Default)]
pub struct Drift {
    pub loo_sim: f32,
    pub window_sim: f32,
    pub core_sim: f32,
    pub neighbor_sim: f32,
    pub z: f32,
    pub unique_share: f32,
    /// The highest similarity to a single paragraph outside the window but at most
    /// [`SIBLING_REACH`] paragraphs away: a list item, a product in a listing or a post in a
    /// thread has a sibling like it; an inserted paragraph rarely does.
    pub max_other_sim: f32,
    /// The paragraph has no content words, so the similarities say nothing.
    pub no_content: bool,
}

fn dot_dense(a: &Sparse, dense: &[f32]) -> f32 {
    a.iter().map(|&(id, w)| w * dense[id as usize]).sum()
}

/// The dot product of `a` with a paragraph scattered into `dense`, summed from +0.0 in `a`'s
/// (ascending id) order, as a sparse merge would: the same value, without its branches.
fn dot_scattered(a: &Sparse, dense: &[f32]) -> f32 {
    a.iter().fold(0.0, |s, &(id, w)| s + w * dense[id as usize])
}

fn cosine(dot: f32, norm_a2: f32, norm_b2: f32) -> f32 {
    if norm_a2 <= 1e-12 || norm_b2 <= 1e-12 {
        0.0
    } else {
        (dot / (norm_a2.sqrt() * norm_b2.sqrt())).clamp(0.0, 1.0)
    }
}

/// How far [`Drift::max_other_sim`] looks for a sibling.
const SIBLING_REACH: usize = 16;

/// Half-width of the window left out when comparing a paragraph with "the rest": wide enough
/// for most inserted runs, narrower in short documents so that something is left to compare.
fn window_radius(n: usize) -> usize {
    match n {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    }
}

/// A light English suffix stripper: plurals, -ing, -ed. Enough to join inflections of one
/// word; not a linguistic stemmer.
pub fn stem(w: &str) -> &str {
    let n = w.len();
    let strip = |suffix: &str, min_rest: usize| {
        w.strip_suffix(suffix)
            .filter(|rest| rest.len() >= min_rest && rest.is_char_boundary(rest.len()))
    };
    if let Some(r) = strip("ies", 3) {
        return r;
    }
    if let Some(r) = strip("ing", 4).or_else(|| strip("ed", 4)) {
        return r;
    }
    if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return &w[..n - 1];
    }
    w
}

/// The term a word counts as: the stem of a content word (two or more characters, not a number,
/// not a stopword), else none.
pub fn content_stem<'a>(w: &'a str, info: &WordInfo) -> Option<&'a str> {
    let content = info.chars >= 2 && !w.bytes().all(|b| b.is_ascii_digit()) && !info.stopword;
    content.then(|| stem(w))
}

/// The distinct terms of a document, as [`Vocab::with_background`] counts them.
pub fn distinct_stems(doc: &DocTokens) -> Vec<&str> {
    let mut stems: Vec<&str> = doc
        .words()
        .zip(&doc.info)
        .filter_map(|(w, info)| content_stem(w, info))
        .collect();
    stems.sort_unstable();
    stems.dedup();
    stems
}

/// `word_idf` is each word's background IDF taken as a stem, by word id, as
/// [`Vocab::values`] gives it (the caller looks the words up once for every family).
pub fn compute(doc: &DocTokens, vocab: &Vocab, word_idf: &[f32]) -> Vec<Drift> {
    let n = doc.paras.len();
    // Content words map to stems ("tariffs" and "tariff" are one term); others to no term.
    // Terms are numbered in order of first appearance among the words. A stem that is itself a
    // word of the document is keyed by that word's id (an array, no hashing: most words are
    // their own stem), other stems by a map.
    const NO_TERM: u32 = u32::MAX;
    let mut term_of_stem_word = vec![NO_TERM; doc.word_count()];
    let mut other_stems: FxHashMap<&str, u32> = FxHashMap::default();
    let mut vocab_size = 0usize;
    // Each term's background IDF: its word's when the stem is a word of the document (most
    // are), else looked up below with the other such stems.
    let mut background: Vec<f32> = Vec::new();
    let mut other_terms: Vec<(u32, &str)> = Vec::new();
    let term: Vec<u32> = doc
        .words()
        .zip(&doc.info)
        .enumerate()
        .map(|(id, (w, info))| {
            let Some(s) = content_stem(w, info) else {
                return NO_TERM;
            };
            let stem_word = if s.len() == w.len() {
                Some(id)
            } else {
                doc.id_of(s).map(|k| k as usize)
            };
            let slot = match stem_word {
                Some(k) => &mut term_of_stem_word[k],
                None => other_stems.entry(s).or_insert(NO_TERM),
            };
            if *slot == NO_TERM {
                *slot = vocab_size as u32;
                match stem_word {
                    Some(k) => background.push(word_idf[k]),
                    None => {
                        other_terms.push((vocab_size as u32, s));
                        background.push(0.0);
                    }
                }
                vocab_size += 1;
            }
            *slot
        })
        .collect();
    let found = vocab.values(other_terms.iter().map(|&(_, s)| s));
    for (&(t, _), v) in other_terms.iter().zip(found) {
        background[t as usize] = v.background_idf;
    }

    // Term counts per paragraph, sorted by term, all in one buffer: paragraph i's vector is
    // entries[starts[i]..starts[i + 1]]. One allocation per document instead of two per
    // paragraph. Along the way, document frequency and the first and last paragraph of each
    // term (a term is unique to a window exactly when both fall inside it).
    let mut entries: Vec<(u32, f32)> = Vec::new();
    let mut starts: Vec<usize> = Vec::with_capacity(n + 1);
    let mut df = vec![0u32; vocab_size];
    let mut first = vec![0u32; vocab_size];
    let mut last = vec![0u32; vocab_size];
    // Counted in a dense array; the distinct terms are read back in order from a
    // [`Distinct`] set, sorted without sorting. A count is a whole number, the same f32 as
    // the 1.0 increments it replaces. Words of no term count into one extra term, `sink`,
    // taken out before the set is read: the loop has no branch that depends on the word
    // (half are stopwords, and which half is anyone's guess).
    let sink = vocab_size as u32;
    let term: Vec<u32> = term
        .into_iter()
        .map(|t| if t == NO_TERM { sink } else { t })
        .collect();
    let mut count = vec![0u32; vocab_size + 1];
    let mut terms = Distinct::default();
    terms.reserve(vocab_size + 1);
    for (i, p) in doc.paras.iter().enumerate() {
        starts.push(entries.len());
        let (mut lo, mut hi) = (u32::MAX, 0u32);
        for &w in &p.words {
            let t = term[w as usize];
            count[t as usize] += 1;
            terms.insert(t);
            // The sink is the largest id: the ids read end at the paragraph's last term.
            lo = lo.min(t);
            hi = hi.max(if t == sink { 0 } else { t });
        }
        count[sink as usize] = 0;
        terms.remove(sink);
        terms.drain(lo, hi, |id| {
            let t = id as usize;
            entries.push((id, count[t] as f32));
            count[t] = 0;
            if df[t] == 0 {
                first[t] = i as u32;
            }
            df[t] += 1;
            last[t] = i as u32;
        });
    }
    starts.push(entries.len());
    let idf: Vec<f32> = df
        .iter()
        .zip(&background)
        .map(|(&d, &b)| idf(n as f32, d as f32) * b)
        .collect();
    for (id, w) in &mut entries {
        let idf = idf[*id as usize];
        // Most terms occur once in a paragraph, and ln 1 is exactly 0: skip the logarithm.
        *w = if *w == 1.0 { idf } else { (1.0 + w.ln()) * idf };
    }
    let vecs: Vec<&Sparse> = (0..n).map(|i| &entries[starts[i]..starts[i + 1]]).collect();
    let norm2: Vec<f32> = vecs
        .iter()
        .map(|v| v.iter().map(|&(_, w)| w * w).sum())
        .collect();

    let mut total = vec![0f32; vocab_size];
    for v in &vecs {
        for &(id, w) in v.iter() {
            total[id as usize] += w;
        }
    }
    let total2: f32 = total.iter().map(|w| w * w).sum();
    let dot_total: Vec<f32> = vecs.iter().map(|v| dot_dense(v, &total)).collect();

    // Dots between paragraphs at most 2*radius apart, enough for every window sum.
    let r = window_radius(n);
    let span = (2 * r).max(1);
    // Each paragraph is scattered into a dense vector once and its neighbours are dotted
    // against that: no branchy merge of two sparse vectors. The products are summed in the
    // same order (ascending term id; absent terms add +0.0), so the values are the same.
    let mut near = vec![0f32; n * (span + 1)];
    let mut dense = vec![0f32; vocab_size];
    for i in 0..n {
        for &(id, w) in vecs[i] {
            dense[id as usize] = w;
        }
        for d in 0..=span.min(n - 1 - i) {
            near[i * (span + 1) + d] = dot_scattered(vecs[i + d], &dense);
        }
        for &(id, _) in vecs[i] {
            dense[id as usize] = 0.0;
        }
    }
    // Beyond the window, each paragraph's most similar sibling up to SIBLING_REACH away.
    let mut max_other = vec![0f32; n];
    for i in 0..n {
        if vecs[i].is_empty() {
            continue;
        }
        for &(id, w) in vecs[i] {
            dense[id as usize] = w;
        }
        for j in (i + r + 1)..=(i + SIBLING_REACH).min(n.saturating_sub(1)) {
            let c = cosine(dot_scattered(vecs[j], &dense), norm2[i], norm2[j]);
            max_other[i] = max_other[i].max(c);
            max_other[j] = max_other[j].max(c);
        }
        for &(id, _) in vecs[i] {
            dense[id as usize] = 0.0;
        }
    }
    let pair = |i: usize, j: usize| -> f32 {
        let (a, b) = if i <= j { (i, j) } else { (j, i) };
        near[a * (span + 1) + b - a]
    };

    let mut out: Vec<Drift> = (0..n).map(|_| Drift::default()).collect();
    for i in 0..n {
        let d = &mut out[i];
        d.no_content = vecs[i].is_empty();
        d.max_other_sim = max_other[i];
        let rest2 = total2 - 2.0 * dot_total[i] + norm2[i];
        d.loo_sim = cosine(dot_total[i] - norm2[i], norm2[i], rest2);

        let (lo, hi) = (i.saturating_sub(r), (i + r).min(n - 1));
        let mut v_dot_window = 0.0;
        let mut window_dot_total = 0.0;
        let mut window2 = 0.0;
        for (j, &dt) in dot_total.iter().enumerate().take(hi + 1).skip(lo) {
            v_dot_window += pair(i, j);
            window_dot_total += dt;
            for k in lo..=hi {
                window2 += pair(j, k);
            }
        }
        let outside2 = total2 - 2.0 * window_dot_total + window2;
        d.window_sim = if outside2 > 1e-9 {
            cosine(dot_total[i] - v_dot_window, norm2[i], outside2)
        } else {
            d.loo_sim
        };
        if i > 0 {
            d.neighbor_sim = d
                .neighbor_sim
                .max(cosine(pair(i - 1, i), norm2[i - 1], norm2[i]));
        }
        if i + 1 < n {
            d.neighbor_sim = d
                .neighbor_sim
                .max(cosine(pair(i, i + 1), norm2[i], norm2[i + 1]));
        }
        // Words found nowhere outside the window.
        let (lo32, hi32) = (lo as u32, hi as u32);
        let unique = vecs[i]
            .iter()
            .filter(|&&(id, _)| first[id as usize] >= lo32 && last[id as usize] <= hi32)
            .count();
        d.unique_share = if vecs[i].is_empty() {
            0.0
        } else {
            unique as f32 / vecs[i].len() as f32
        };
    }

    // Robust core: the paragraphs that fit at least as well as the median one.
    let mut fits: Vec<f32> = (0..n)
        .filter(|&i| !vecs[i].is_empty())
        .map(|i| out[i].window_sim)
        .collect();
    if !fits.is_empty() {
        fits.sort_by(f32::total_cmp);
        let median = fits[fits.len() / 2];
        let in_core: Vec<bool> = (0..n)
            .map(|i| !vecs[i].is_empty() && out[i].window_sim >= median)
            .collect();
        let mut core = vec![0f32; vocab_size];
        for (i, v) in vecs.iter().enumerate() {
            if in_core[i] {
                for &(id, w) in v.iter() {
                    core[id as usize] += w;
                }
            }
        }
        let core2: f32 = core.iter().map(|w| w * w).sum();
        for i in 0..n {
            let dc = dot_dense(vecs[i], &core);
            out[i].core_sim = if in_core[i] {
                cosine(dc - norm2[i], norm2[i], core2 - 2.0 * dc + norm2[i])
            } else {
                cosine(dc, norm2[i], core2)
            };
        }
        let sims: Vec<f32> = (0..n)
            .filter(|&i| !vecs[i].is_empty())
            .map(|i| out[i].window_sim)
            .collect();
        let mean = sims.iter().sum::<f32>() / sims.len() as f32;
        let var = sims.iter().map(|s| (s - mean) * (s - mean)).sum::<f32>() / sims.len() as f32;
        let sd = var.sqrt();
        for d in out.iter_mut().filter(|d| !d.no_content) {
            d.z = if sd > 1e-4 {
                ((d.window_sim - mean) / sd).clamp(-4.0, 4.0)
            } else {
                0.0
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Paragraph};
    use crate::features::tokens::tokenize;

    fn compute_for(doc: &DocTokens, vocab: &Vocab) -> Vec<Drift> {
        let idf: Vec<f32> = vocab
            .values(doc.words())
            .iter()
            .map(|v| v.background_idf)
            .collect();
        compute(doc, vocab, &idf)
    }

    fn doc(paras: &[&str]) -> DocTokens {
        tokenize(&Document {
            paragraphs: paras.iter().map(|p| Paragraph::new(*p)).collect(),
            ..Document::default()
        })
    }

    #[test]
    fn the_foreign_run_drifts_more_than_the_story() {
        let t = doc(&[
            "The council approved the tram line to the harbour on Tuesday.",
            "Tram construction near the harbour starts next spring, the council said.",
            "Our meal kit delivers fresh ingredients with a discount code today.",
            "Order the meal kit now and get fresh ingredients delivered weekly.",
            "The harbour tram line will cost the council two hundred million.",
            "Residents near the harbour asked the council about tram noise.",
            "The tram line opens in 2027 if the council keeps its schedule.",
        ]);
        let d = compute_for(&t, &Vocab::default());
        assert_eq!(d.len(), 7);
        let story_min = [0, 1, 4, 5, 6]
            .iter()
            .map(|&i| d[i].window_sim)
            .fold(1.0, f32::min);
        assert!(
            d[2].window_sim < story_min && d[3].window_sim < story_min,
            "{d:?}"
        );
        // The two ad paragraphs support each other under leave-one-out, not under the window.
        assert!(d[2].neighbor_sim > 0.1);
        assert!(d[2].unique_share > 0.5 && d[0].unique_share < 0.5);
        assert!(d[2].z < 0.0);
    }

    #[test]
    fn background_frequencies_stop_generic_words_from_joining_a_foreign_paragraph() {
        let t = doc(&[
            "The council approved the harbour tram line after a long debate.",
            "Tram construction near the harbour starts in spring, the council said.",
            "People said this year the skincare serum sold out, a new record.",
            "The harbour tram will cost the council more than people expected this year.",
            "The council expects the harbour tram to open in spring.",
        ]);
        // A background in which the generic words occur in every document, the story's and
        // the serum's words in few.
        let background = Vocab::default().with_background((0..50).map(|i| {
            let mut stems = vec!["people", "year", "new", "record"];
            if i < 3 {
                stems.extend(["council", "harbour", "tram", "skincare", "serum", "sold"]);
            }
            stems
        }));
        // How the foreign paragraph fits, relative to the story's paragraphs.
        let relative = |d: &[Drift]| {
            let story = [0, 1, 3, 4].iter().map(|&i| d[i].loo_sim).sum::<f32>() / 4.0;
            d[2].loo_sim / story
        };
        let plain = compute_for(&t, &Vocab::default());
        let weighted = compute_for(&t, &background);
        assert!(
            relative(&weighted) < 0.75 * relative(&plain),
            "{} {}",
            relative(&plain),
            relative(&weighted)
        );
    }

    #[test]
    fn stems_join_inflections() {
        assert_eq!(stem("tariffs"), "tariff");
        assert_eq!(stem("companies"), "compan");
        assert_eq!(stem("company"), "company");
        assert_eq!(stem("counted"), stem("counting"));
        // Stems shorter than four letters are not cut: "string" and "speed" stay whole.
        assert_eq!(stem("string"), "string");
        assert_eq!(stem("speed"), "speed");
        assert_eq!(stem("bus"), "bus");
    }

    #[test]
    fn single_and_empty_paragraphs_are_finite() {
        for paras in [
            &[][..],
            &["only one paragraph here"][..],
            &["", "!!!", "the and of"][..],
        ] {
            for d in compute_for(&doc(paras), &Vocab::default()) {
                for x in [
                    d.loo_sim,
                    d.window_sim,
                    d.core_sim,
                    d.neighbor_sim,
                    d.z,
                    d.unique_share,
                ] {
                    assert!(x.is_finite());
                }
            }
        }
    }
}
