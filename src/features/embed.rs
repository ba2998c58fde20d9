//! Topic drift in meaning: how well a paragraph fits the rest of its document, over static
//! word embeddings instead of shared words.
//!
//! [`super::drift`] compares paragraphs by the content words they share (TF-IDF cosine). It is
//! blind where there is little to share: a short paragraph has few words, and an off-topic one
//! written in other words than the story ("meal kit" in an article about trams) shares few with
//! anything, so that its similarity is about as low as that of an on-topic paragraph that
//! happens to use other words. Embeddings put "tram", "bus" and "timetable" near each other and
//! far from "ingredients": a paragraph is compared by what its words mean.
//!
//! The vectors are a static table distilled from the sentence encoder all-MiniLM-L6-v2
//! (`models/embeddings.bin`; how it is made and its format: `models/embeddings/README.md`). One
//! row per BERT wordpiece: the encoder's output for the wordpiece alone, reduced to [`DIMS`]
//! dimensions by PCA, multiplied by its SIF weight `a / (a + p(w))` (frequent words count for
//! little), with the two directions that every paragraph shares projected out, int8 per row.
//! A word is cut into wordpieces as BERT does and its vector is the sum of its pieces' rows; a
//! paragraph's vector is the sum of its words' vectors (the SIF-weighted mean, up to its
//! length, which a cosine ignores).
//!
//! Measured on splice-dev (`models/embeddings/evaluate.py`), these similarities rank off-topic
//! and spam paragraphs about as well as the lexical ones on their own, and better together:
//! logistic models over both beat either alone, also on top of every first-stage feature.
//!
//! Like lexical drift, a paragraph is compared with the rest of its document three ways: with
//! everything else (leave-one-out), with the document outside a window around it (inserted
//! material comes in runs that support themselves), and with a robust core (the half of the
//! paragraphs that fit best). "The rest" is the sum of the other paragraphs' unit vectors, so
//! that every paragraph counts the same whatever its length: that measured better than summing
//! their words.

use super::tokens::DocTokens;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Dimensions of a vector. The table must have exactly this many (checked when it is parsed),
/// so that the hot loops run over fixed-size arrays the compiler unrolls.
pub const DIMS: usize = 128;

type Vector = [f32; DIMS];

/// The table compiled into the binary.
static TABLE_BYTES: &[u8] = include_bytes!("../../models/embeddings.bin");

const MAGIC: &[u8; 8] = b"SEAMEMB\0";
const VERSION: u32 = 1;
/// A key's row when the wordpiece is known but has no vector.
const NO_ROW: u32 = u32::MAX;
/// BERT gives up on a basic token longer than this many characters ([UNK]).
const MAX_CHARS: usize = 100;

/// The parsed table: rows of int8 with a scale each, and the wordpieces that index them.
#[derive(Debug)]
pub struct Table {
    /// Each row's scale: its vector is `scale * int8 values`.
    scales: Vec<f32>,
    /// `rows * DIMS` int8 values (as bytes), row-major.
    data: &'static [u8],
    /// Wordpieces that start a word, and the continuation pieces without their `##`, each to
    /// its index in `keys`.
    first: FxHashMap<&'static str, u32>,
    cont: FxHashMap<&'static str, u32>,
    /// The wordpieces in vocabulary order, and the row of each (or [`NO_ROW`]).
    keys: Vec<&'static str>,
    key_rows: Vec<u32>,
    /// The longest key in bytes: no longer piece can match.
    longest: usize,
    /// BERT's normalization of a lowercase character when it changes it (accents stripped).
    folds: FxHashMap<char, &'static str>,
    /// The generator's description of the table (JSON).
    pub meta: &'static str,
}

/// The table, parsed on first use (a few milliseconds).
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        Table::parse(TABLE_BYTES).expect("models/embeddings.bin is well-formed (checked by a test)")
    })
}

/// Reads little-endian fields from the front of a byte slice.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.bytes.len() < n {
            return Err(format!("table ends early: {n} more bytes wanted"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn text(&mut self, n: usize) -> Result<&'a str, String> {
        std::str::from_utf8(self.take(n)?).map_err(|e| format!("table text is not UTF-8: {e}"))
    }
}

impl Table {
    /// Parse a table in the format of `models/embeddings/README.md`.
    pub fn parse(bytes: &'static [u8]) -> Result<Table, String> {
        let mut r = Reader { bytes };
        if r.take(8)? != MAGIC {
            return Err("not a seam embedding table (bad magic)".into());
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(format!(
                "table version {version}, this build reads {VERSION}"
            ));
        }
        let dims = r.u32()? as usize;
        let rows = r.u32()? as usize;
        let keys = r.u32()? as usize;
        let key_bytes = r.u32()? as usize;
        let fold_bytes = r.u32()? as usize;
        let meta_bytes = r.u32()? as usize;
        if dims != DIMS {
            return Err(format!(
                "table has {dims} dimensions, this build wants {DIMS}"
            ));
        }
        let meta = r.text(meta_bytes)?;
        let scales: Vec<f32> = r
            .take(4 * rows)?
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let data = r.take(rows * dims)?;
        let key_rows: Vec<u32> = (0..keys).map(|_| r.u32()).collect::<Result<_, _>>()?;
        let key_text = r.text(key_bytes)?;
        let fold_text = r.text(fold_bytes)?;
        if !r.bytes.is_empty() {
            return Err(format!("{} bytes after the table", r.bytes.len()));
        }
        let mut first = FxHashMap::default();
        let mut cont = FxHashMap::default();
        let mut longest = 0;
        let key_list: Vec<&'static str> = key_text.split_terminator('\n').collect();
        if key_list.len() != keys {
            return Err(format!("{} keys, the header says {keys}", key_list.len()));
        }
        for (id, (&key, &row)) in key_list.iter().zip(&key_rows).enumerate() {
            if row != NO_ROW && row as usize >= rows {
                return Err(format!("key {key:?} points past the last row"));
            }
            match key.strip_prefix("##") {
                Some(piece) => cont.insert(piece, id as u32),
                None => first.insert(key, id as u32),
            };
            longest = longest.max(key.len());
        }
        let mut folds = FxHashMap::default();
        for line in fold_text.split_terminator('\n') {
            let mut chars = line.chars();
            let c = chars.next().ok_or("empty fold line")?;
            folds.insert(c, chars.as_str());
        }
        Ok(Table {
            scales,
            data,
            first,
            cont,
            keys: key_list,
            key_rows,
            longest,
            folds,
            meta,
        })
    }

    pub fn rows(&self) -> usize {
        self.scales.len()
    }

    /// Number of wordpieces (keys).
    pub fn pieces(&self) -> usize {
        self.keys.len()
    }

    /// The row of a wordpiece (`##` for a continuation), if it has one.
    pub fn row_of(&self, piece: &str) -> Option<u32> {
        let id = match piece.strip_prefix("##") {
            Some(p) => self.cont.get(p),
            None => self.first.get(piece),
        }?;
        Some(self.key_rows[*id as usize]).filter(|&r| r != NO_ROW)
    }

    /// The wordpieces of a word as BERT cuts it (lowercase, accents stripped): for tests and
    /// for looking at the table.
    pub fn wordpieces(&self, word: &str) -> Vec<&'static str> {
        let mut scratch = Scratch::default();
        self.piece_ids(word, &mut scratch);
        scratch
            .ids
            .iter()
            .map(|&id| self.keys[id as usize])
            .collect()
    }

    /// Add row `row` to `out`.
    #[inline]
    fn add_row(&self, row: u32, out: &mut Vector) {
        let scale = self.scales[row as usize];
        let start = row as usize * DIMS;
        let q: &[u8; DIMS] = self.data[start..start + DIMS]
            .try_into()
            .expect("rows are DIMS bytes");
        for (o, &b) in out.iter_mut().zip(q) {
            *o += scale * f32::from(b as i8);
        }
    }

    /// Add a word's vector, the sum of its wordpieces' rows, to `out`. The word is lowercase
    /// as seam's tokenizer leaves it (acronyms that are stopwords stay in capitals: lowercased
    /// here). Returns how many wordpieces with a row it had.
    pub fn add_word(&self, word: &str, out: &mut Vector, scratch: &mut Scratch) -> u32 {
        // Most words are lowercase ASCII and one wordpiece of their own: a single lookup.
        if let Some(&id) = self.first.get(word) {
            let row = self.key_rows[id as usize];
            if row == NO_ROW {
                return 0;
            }
            self.add_row(row, out);
            return 1;
        }
        self.piece_ids(word, scratch);
        let mut found = 0;
        for &id in &scratch.ids {
            let row = self.key_rows[id as usize];
            if row != NO_ROW {
                self.add_row(row, out);
                found += 1;
            }
        }
        found
    }

    /// The key ids of a word's wordpieces, into `scratch.ids`.
    fn piece_ids(&self, word: &str, scratch: &mut Scratch) {
        scratch.ids.clear();
        if word.is_ascii() {
            if word.bytes().any(|b| b.is_ascii_uppercase()) {
                scratch.text.clear();
                scratch.text.push_str(word);
                scratch.text.make_ascii_lowercase();
                self.pieces_of(&scratch.text, &mut scratch.ids);
            } else {
                self.pieces_of(word, &mut scratch.ids);
            }
        } else {
            self.normalize(word, &mut scratch.text);
            // CJK ideographs are basic tokens of their own; the rest splits on the spaces
            // that normalize put around them.
            for token in scratch.text.split(' ').filter(|t| !t.is_empty()) {
                self.pieces_of(token, &mut scratch.ids);
            }
        }
    }

    /// BERT's normalization of a word of non-ASCII characters: lowercase, accents stripped
    /// (the table's folds; Hangul syllables into their jamo), CJK ideographs set apart by
    /// spaces.
    fn normalize(&self, word: &str, out: &mut String) {
        out.clear();
        for c in word.chars().flat_map(char::to_lowercase) {
            let cp = c as u32;
            if (0xAC00..=0xD7A3).contains(&cp) {
                // Hangul syllable: leading consonant, vowel, optional trailing consonant.
                let s = cp - 0xAC00;
                let jamo = [0x1100 + s / 588, 0x1161 + (s % 588) / 28, 0x11A7 + s % 28];
                let n = if s % 28 == 0 { 2 } else { 3 };
                out.extend(jamo[..n].iter().filter_map(|&j| char::from_u32(j)));
            } else if let Some(f) = self.folds.get(&c) {
                if f.chars().any(is_cjk) {
                    out.push(' ');
                    out.push_str(f);
                    out.push(' ');
                } else {
                    out.push_str(f);
                }
            } else if is_cjk(c) {
                out.push(' ');
                out.push(c);
                out.push(' ');
            } else if !(0x300..=0x36F).contains(&cp) {
                // Combining diacritical marks go, as BERT strips every nonspacing mark.
                out.push(c);
            }
        }
    }

    /// Greedy longest-match-first wordpieces of one basic token, as BERT's WordPiece: the
    /// key ids of its pieces pushed to `ids`, or nothing when some part matches no piece
    /// (BERT's [UNK] for the whole token).
    fn pieces_of(&self, token: &str, ids: &mut Vec<u32>) {
        if token.chars().nth(MAX_CHARS).is_some() {
            return;
        }
        let before = ids.len();
        let mut start = 0;
        while start < token.len() {
            let map = if start == 0 { &self.first } else { &self.cont };
            let mut end = token.len().min(start + self.longest);
            loop {
                while !token.is_char_boundary(end) {
                    end -= 1;
                }
                if end <= start {
                    ids.truncate(before);
                    return;
                }
                if let Some(&id) = map.get(&token[start..end]) {
                    ids.push(id);
                    start = end;
                    break;
                }
                end -= 1;
            }
        }
    }
}

/// BERT's CJK ranges: ideographs that are each a token of their own.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F
        | 0x2B820..=0x2CEAF
        | 0xF900..=0xFAFF
        | 0x2F800..=0x2FA1F)
}

/// Buffers for the words that need more than one lookup, kept across a document's words.
#[derive(Debug, Default)]
pub struct Scratch {
    text: String,
    ids: Vec<u32>,
}

/// How well a paragraph's meaning fits its document: cosines between its vector and the sum of
/// the other paragraphs' unit vectors, in [-1, 1]; 0 where there is nothing to compare.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Meaning {
    /// With every other paragraph.
    pub loo_sim: f32,
    /// With the paragraphs outside a window of +-2 around it (+-1 in documents of 5 to 9
    /// paragraphs, none under 5: then the same as `loo_sim`), as [`super::drift`]'s window.
    pub window_sim: f32,
    /// With the core: the paragraphs whose `window_sim` is at least the median one (itself
    /// left out).
    pub core_sim: f32,
    /// No word of the paragraph has a vector (no words, or only numbers and symbols the table
    /// does not know): the similarities are 0 and say nothing.
    pub no_vector: bool,
}

/// Half-width of the window, as [`super::drift`]'s.
fn window_radius(n: usize) -> usize {
    match n {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    }
}

#[inline]
fn add(out: &mut Vector, v: &Vector) {
    for (o, x) in out.iter_mut().zip(v) {
        *o += x;
    }
}

#[inline]
fn dot(a: &Vector, b: &Vector) -> f32 {
    // Eight partial sums, so the additions vectorize.
    let mut acc = [0f32; 8];
    for (a, b) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for k in 0..8 {
            acc[k] += a[k] * b[k];
        }
    }
    acc.iter().sum()
}

/// Cosine of a unit vector with `x`, given their dot product and `x`'s squared norm.
#[inline]
fn cosine(dot: f32, norm2: f32) -> f32 {
    if norm2 <= 1e-12 {
        0.0
    } else {
        (dot / norm2.sqrt()).clamp(-1.0, 1.0)
    }
}

/// The meaning similarities of every paragraph of a document, in paragraph order.
///
/// Each distinct word is looked up once per document (a word occurs in many paragraphs); a
/// paragraph's vector is the sum of its words' vectors, one fixed-size add per token. "The
/// rest of the document" and "outside the window" come from a total and prefix sums of the
/// paragraphs' unit vectors, so each paragraph costs a few dot products whatever the length of
/// the document. Allocations are per document, none per paragraph.
pub fn compute(doc: &DocTokens) -> Vec<Meaning> {
    let n = doc.paras.len();
    let mut out = vec![Meaning::default(); n];
    if n == 0 {
        return out;
    }
    let t = table();
    let mut words: Vec<Vector> = vec![[0.0; DIMS]; doc.word_count()];
    let mut scratch = Scratch::default();
    for (v, w) in words.iter_mut().zip(doc.words()) {
        t.add_word(w, v, &mut scratch);
    }

    // Unit paragraph vectors, and prefix sums of them: prefix[i] is the sum of paragraphs
    // before i. An empty paragraph's unit vector is zero.
    let mut units: Vec<Vector> = vec![[0.0; DIMS]; n];
    let mut prefix: Vec<Vector> = vec![[0.0; DIMS]; n + 1];
    // Paragraphs with a vector before i, to tell when "the rest" holds none.
    let mut with_vector = vec![0u32; n + 1];
    for (i, p) in doc.paras.iter().enumerate() {
        let u = &mut units[i];
        for &w in &p.words {
            add(u, &words[w as usize]);
        }
        let norm2 = dot(u, u);
        let some = norm2 > 1e-12;
        if some {
            let inv = 1.0 / norm2.sqrt();
            u.iter_mut().for_each(|x| *x *= inv);
        } else {
            *u = [0.0; DIMS];
        }
        out[i].no_vector = !some;
        let (done, rest) = prefix.split_at_mut(i + 1);
        rest[0] = done[i];
        add(&mut rest[0], u);
        with_vector[i + 1] = with_vector[i] + some as u32;
    }
    let total = prefix[n];
    let total2 = dot(&total, &total);
    let all = with_vector[n];

    let r = window_radius(n);
    let mut fits: Vec<f32> = Vec::with_capacity(n);
    for i in 0..n {
        if out[i].no_vector {
            continue;
        }
        let u = &units[i];
        let to_total = dot(u, &total);
        // Leave-one-out: total - u, and u is a unit vector.
        out[i].loo_sim = if all > 1 {
            cosine(to_total - 1.0, total2 - 2.0 * to_total + 1.0)
        } else {
            0.0
        };
        let (lo, hi) = (i.saturating_sub(r), (i + r).min(n - 1));
        out[i].window_sim = if all > with_vector[hi + 1] - with_vector[lo] {
            let mut outside = total;
            for ((o, a), b) in outside.iter_mut().zip(&prefix[hi + 1]).zip(&prefix[lo]) {
                *o -= a - b;
            }
            cosine(dot(u, &outside), dot(&outside, &outside))
        } else {
            out[i].loo_sim
        };
        fits.push(out[i].window_sim);
    }

    // Robust core: the paragraphs that fit at least as well as the median one.
    if !fits.is_empty() {
        let mid = fits.len() / 2;
        let median = *fits.select_nth_unstable_by(mid, f32::total_cmp).1;
        let in_core = |m: &Meaning| !m.no_vector && m.window_sim >= median;
        let mut core = [0f32; DIMS];
        let mut members = 0;
        for (m, u) in out.iter().zip(&units) {
            if in_core(m) {
                add(&mut core, u);
                members += 1;
            }
        }
        let core2 = dot(&core, &core);
        for (m, u) in out.iter_mut().zip(&units) {
            if m.no_vector {
                continue;
            }
            let d = dot(u, &core);
            m.core_sim = if !in_core(m) {
                cosine(d, core2)
            } else if members > 1 {
                cosine(d - 1.0, core2 - 2.0 * d + 1.0)
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

    fn doc(paras: &[&str]) -> DocTokens {
        tokenize(&Document {
            paragraphs: paras.iter().map(|p| Paragraph::new(*p)).collect(),
            ..Document::default()
        })
    }

    fn pieces(word: &str) -> Vec<&'static str> {
        table().wordpieces(word)
    }

    #[test]
    fn the_table_parses_and_has_the_expected_shape() {
        let t = table();
        assert_eq!(t.pieces(), 30_522);
        assert!((25_000..=30_522).contains(&t.rows()), "{} rows", t.rows());
        assert_eq!(t.data.len(), t.rows() * DIMS);
        assert!(t.scales.iter().all(|s| s.is_finite() && *s >= 0.0));
        assert!(t.meta.contains("all-MiniLM-L6-v2"), "{}", t.meta);
        // Common words have rows; special tokens and punctuation have none.
        for w in ["the", "tram", "recipe", "price", "##ing"] {
            assert!(t.row_of(w).is_some(), "{w}");
        }
        for w in ["[unused0]", "[CLS]", "!", "##日"] {
            assert!(
                t.first.contains_key(w) || t.cont.contains_key(&w[2..]),
                "{w}"
            );
            assert_eq!(t.row_of(w), None, "{w}");
        }
    }

    #[test]
    fn malformed_tables_are_refused() {
        assert!(Table::parse(b"not a table at all, not at all").is_err());
        // A valid table cut short, or with something after it.
        let cut: &'static [u8] = &TABLE_BYTES[..TABLE_BYTES.len() - 1];
        assert!(Table::parse(cut).is_err());
        let longer: &'static [u8] = Box::leak([TABLE_BYTES, b"x"].concat().into_boxed_slice());
        assert!(Table::parse(longer).is_err());
    }

    #[test]
    fn words_are_cut_into_wordpieces_as_bert_does() {
        // Values from the BERT tokenizer of the encoder (tokenizer.json, HF tokenizers).
        assert_eq!(pieces("tram"), ["tram"]);
        assert_eq!(pieces("tramways"), ["tramway", "##s"]);
        assert_eq!(pieces("tokenization"), ["token", "##ization"]);
        assert_eq!(pieces("unbelievableness"), ["unbelievable", "##ness"]);
        // Accents stripped after lowercasing, as bert-base-uncased does.
        assert_eq!(pieces("café"), ["cafe"]);
        assert_eq!(pieces("naïve"), ["naive"]);
        assert_eq!(pieces("señoras"), ["sen", "##ora", "##s"]);
        assert_eq!(pieces("brûlée"), ["br", "##ule", "##e"]);
        assert_eq!(pieces("zürich"), ["zurich"]);
        // CJK ideographs are tokens of their own.
        assert_eq!(pieces("日本語"), ["日", "本", "語"]);
        // Hangul syllables become their jamo.
        assert_eq!(pieces("조선"), ["ᄌ", "##ᅩ", "##ᄉ", "##ᅥ", "##ᆫ"]);
    }

    #[test]
    fn every_word_of_a_paragraph_counts_once_per_occurrence() {
        let t = table();
        let mut scratch = Scratch::default();
        let mut once = [0f32; DIMS];
        assert_eq!(t.add_word("harbour", &mut once, &mut scratch), 1);
        let mut twice = once;
        t.add_word("harbour", &mut twice, &mut scratch);
        for (a, b) in once.iter().zip(&twice) {
            assert!((2.0 * a - b).abs() < 1e-6);
        }
        // Capitals, as the tokenizer keeps acronyms that are stopwords, read as lowercase.
        let mut upper = [0f32; DIMS];
        let mut lower = [0f32; DIMS];
        t.add_word("IT", &mut upper, &mut scratch);
        t.add_word("it", &mut lower, &mut scratch);
        assert_eq!(upper, lower);
        // Numbers and symbols the table does not know add nothing.
        let mut none = [0f32; DIMS];
        assert_eq!(t.add_word("\u{1F600}", &mut none, &mut scratch), 0);
        assert!(none.iter().all(|&x| x == 0.0));
    }

    #[test]
    fn a_paragraph_about_cooking_fits_an_article_about_trams_worse_than_its_own() {
        let t = doc(&[
            "The council approved the new tram line to the harbour on Tuesday.",
            "Construction of the tramway along the waterfront starts next spring, officials said.",
            "Whisk the eggs with sugar, fold in the flour and bake the cake for forty minutes.",
            "The trams will run every six minutes at peak hours, the transport authority said.",
            "Residents near the depot worried about noise from the rail line at night.",
            "Ticket prices for the light rail will match the city's bus fares.",
            "The line should open in 2027 if the budget for the tracks holds.",
        ]);
        let m = compute(&t);
        assert_eq!(m.len(), 7);
        let story = [0, 1, 3, 4, 5, 6];
        for f in [
            |m: &Meaning| m.loo_sim,
            |m: &Meaning| m.window_sim,
            |m: &Meaning| m.core_sim,
        ] {
            let worst = story.iter().map(|&i| f(&m[i])).fold(1.0, f32::min);
            assert!(f(&m[2]) < worst, "{m:?}");
        }
        assert!(m.iter().all(|m| !m.no_vector));
    }

    #[test]
    fn identical_paragraphs_score_about_one() {
        let p = "Ticket prices for the light rail will match the city's bus fares.";
        let m = compute(&doc(&[p, p, p]));
        for x in &m {
            assert!((x.loo_sim - 1.0).abs() < 1e-4, "{m:?}");
            assert!((x.window_sim - 1.0).abs() < 1e-4, "{m:?}");
        }
    }

    #[test]
    fn empty_single_and_symbol_paragraphs_are_finite_and_marked() {
        assert!(compute(&doc(&[])).is_empty());
        let one = compute(&doc(&["only one paragraph here"]));
        assert_eq!(one[0].loo_sim, 0.0);
        assert!(!one[0].no_vector);
        let m = compute(&doc(&[
            "",
            "!!! ???",
            "The tram line opens next year.",
            "Trams will run every six minutes.",
        ]));
        assert!(m[0].no_vector && m[1].no_vector && !m[2].no_vector);
        for x in &m {
            for v in [x.loo_sim, x.window_sim, x.core_sim] {
                assert!(v.is_finite() && (-1.0..=1.0).contains(&v), "{m:?}");
            }
        }
        assert_eq!(
            m[0],
            Meaning {
                no_vector: true,
                ..Meaning::default()
            }
        );
    }

    #[test]
    fn the_window_leaves_the_neighbours_out() {
        // Ten paragraphs (radius 2): a run of three cooking paragraphs supports itself under
        // leave-one-out, not once the window hides the run.
        let tram = "The council said the tram line to the harbour opens next spring.";
        let cook = "Whisk the eggs with sugar, fold in the flour and bake the cake.";
        let paras = [tram, tram, tram, cook, cook, cook, tram, tram, tram, tram];
        let m = compute(&doc(&paras));
        assert!(m[4].window_sim < m[4].loo_sim, "{m:?}");
        assert!(m[4].window_sim < m[0].window_sim);
    }
}
