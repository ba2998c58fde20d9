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
//! logistic models over both beat either alone, also on top of every first-stage feature
//! (out-of-fold best F1 0.790 with the 60 first-stage features, 0.820 with these three added).
//!
//! Cost: on splice-dev, [`compute`] takes about 0.6 to 0.7 of the CPU time of
//! [`super::featurize`], a third of tokenizing and featurizing together
//! (`examples/embed_speed`): half looking up each document's distinct words, half adding 128
//! floats per word occurrence. The table is parsed once per process; its rows, 13.8 MB of
//! floats, are converted when seam is built (`build.rs`), not when it starts.
//!
//! Like lexical drift, a paragraph is compared with the rest of its document three ways: with
//! everything else (leave-one-out), with the document outside a window around it (inserted
//! material comes in runs that support themselves), and with a robust core (the half of the
//! paragraphs that fit best). "The rest" is the sum of the other paragraphs' unit vectors, so
//! that every paragraph counts the same whatever its length: that measured better than summing
//! their words.

use super::packed::WordTable;
use super::tokens::DocTokens;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Dimensions of a vector. The table must have exactly this many (checked when it is parsed),
/// so that the hot loops run over fixed-size arrays the compiler unrolls.
pub const DIMS: usize = 128;

type Vector = [f32; DIMS];

/// The table compiled into the binary.
static TABLE_BYTES: &[u8] = include_bytes!("../../models/embeddings.bin");

use super::embed_file::{Entry, Sections, ENTRY_NO_ROW, NO_ROW};

/// The row of an [`Entry`], or [`NO_ROW`].
#[inline]
fn row_of(entry: Entry) -> u32 {
    match entry & 0xFFFF {
        ENTRY_NO_ROW => NO_ROW,
        row => row,
    }
}

/// BERT gives up on a basic token longer than this many characters ([UNK]).
const MAX_CHARS: usize = 100;

/// The parsed table: rows of int8 with a scale each, and the wordpieces that index them.
#[derive(Debug)]
pub struct Table {
    /// Rows (vectors) in the table.
    rows: usize,
    /// The rows as floats (13.8 MB): a document copies a word's row instead of converting
    /// it, and converting 128 int8 values for every distinct word of every document was the
    /// largest cost here. The embedded table's were converted when seam was built
    /// ([`built`]); another table's are converted when it is parsed.
    vectors: Cow<'static, [Vector]>,
    /// Wordpieces that start a word, and the continuation pieces without their `##`, each to
    /// its [`Entry`]. The tables of the lexicons and the vocabulary: most words are found by
    /// one compare in one slot.
    first: WordTable<Entry>,
    cont: WordTable<Entry>,
    /// Which substrings can be a word-initial or a continuation piece at all: cutting a
    /// word tries its substrings longest first, and most tries find nothing. A miss in these
    /// bitsets (64 KB) spares a read of the big tables, which was most of the cost of the words
    /// that are more than one wordpiece.
    first_filter: Filter,
    cont_filter: Filter,
    /// The wordpieces in vocabulary order, each ended by a newline.
    key_text: &'static str,
    /// The same, listed when first asked for (only [`Table::wordpieces`] wants them).
    keys: OnceLock<Vec<&'static str>>,
    /// The longest key in bytes: no longer piece can match.
    longest: usize,
    /// BERT's normalization of a lowercase character when it changes it (accents stripped).
    folds: FxHashMap<char, &'static str>,
    /// The generator's description of the table (JSON).
    pub meta: &'static str,
}

/// The table, parsed on first use (well under a millisecond: its rows and lookup tables are
/// built into the binary).
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        Table::parse_with(TABLE_BYTES, Some(built()))
            .expect("models/embeddings.bin is well-formed (checked by a test)")
    })
}

/// What `build.rs` made of [`TABLE_BYTES`] and compiled in, so that a process maps it from its
/// binary as it reads it instead of making it when it starts: the rows as floats (converting
/// 13.8 MB of int8 took 2 to 7 ms) and the two wordpiece tables (building them, 2 to 5 ms,
/// most of it the kernel zeroing the fresh memory they took).
struct Built {
    rows: &'static [Vector],
    first: WordTable<Entry>,
    cont: WordTable<Entry>,
}

/// Bytes at an alignment a [`Vector`] (and a table slot) may be read at.
#[repr(C, align(64))]
struct Aligned<B: ?Sized>(B);

macro_rules! built_bytes {
    ($file:literal) => {{
        static BYTES: &Aligned<[u8]> =
            &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/", $file)));
        &BYTES.0
    }};
}

fn built() -> Built {
    let bytes: &'static [u8] = built_bytes!("embedding_rows.f32");
    assert!(bytes.as_ptr().cast::<Vector>().is_aligned() && bytes.len() % size_of::<Vector>() == 0);
    // SAFETY: the bytes are aligned for a Vector and a whole number of Vectors long (both
    // asserted), live for the whole program, and any 4 bytes are a valid f32.
    let rows = unsafe {
        std::slice::from_raw_parts(
            bytes.as_ptr().cast::<Vector>(),
            bytes.len() / size_of::<Vector>(),
        )
    };
    let table = |slots: &'static [u8], text: &'static [u8]| {
        let text = std::str::from_utf8(text).expect("build.rs writes UTF-8");
        WordTable::from_static(slots, text).expect("build.rs writes whole slots")
    };
    Built {
        rows,
        first: table(
            built_bytes!("embedding_first.slots"),
            built_bytes!("embedding_first.text"),
        ),
        cont: table(
            built_bytes!("embedding_cont.slots"),
            built_bytes!("embedding_cont.text"),
        ),
    }
}

impl Table {
    /// Parse a table in the format of `models/embeddings/README.md`.
    pub fn parse(bytes: &'static [u8]) -> Result<Table, String> {
        Table::parse_with(bytes, None)
    }

    /// [`Table::parse`], taking the rows and wordpiece tables from `built` when given.
    fn parse_with(bytes: &'static [u8], built: Option<Built>) -> Result<Table, String> {
        let s = Sections::of(bytes)?;
        if s.dims != DIMS {
            return Err(format!(
                "table has {} dimensions, this build wants {DIMS}",
                s.dims
            ));
        }
        let mut folds = FxHashMap::default();
        for line in s.fold_text.split_terminator('\n') {
            let mut chars = line.chars();
            let c = chars.next().ok_or("empty fold line")?;
            folds.insert(c, chars.as_str());
        }
        let longest = s.longest_key()?;
        let (vectors, first, cont) = match built {
            Some(built) => {
                if built.rows.len() != s.rows {
                    return Err(format!(
                        "{} rows built into the binary, the table has {}",
                        built.rows.len(),
                        s.rows
                    ));
                }
                (Cow::Borrowed(built.rows), built.first, built.cont)
            }
            None => {
                let pieces = s.entries()?;
                let words = |pieces: &[(&'static str, Entry)]| {
                    WordTable::from_pairs(pieces.iter().copied(), pieces.len(), 1.5)
                };
                let vectors = s
                    .data
                    .chunks_exact(DIMS)
                    .enumerate()
                    .map(|(r, q)| {
                        let scale = s.scale(r);
                        std::array::from_fn(|k| scale * f32::from(q[k] as i8))
                    })
                    .collect();
                let (first, cont) = (words(&pieces.first), words(&pieces.cont));
                (Cow::Owned(vectors), first, cont)
            }
        };
        Ok(Table {
            rows: s.rows,
            vectors,
            first_filter: Filter::new(first.hash_prefixes()),
            cont_filter: Filter::new(cont.hash_prefixes()),
            first,
            cont,
            key_text: s.key_text,
            keys: OnceLock::new(),
            longest,
            folds,
            meta: s.meta,
        })
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of wordpieces (keys).
    pub fn pieces(&self) -> usize {
        self.keys().len()
    }

    fn keys(&self) -> &[&'static str] {
        self.keys
            .get_or_init(|| self.key_text.split_terminator('\n').collect())
    }

    /// The row of a wordpiece (`##` for a continuation), if it has one.
    pub fn row_of(&self, piece: &str) -> Option<u32> {
        let entry = match piece.strip_prefix("##") {
            Some(p) => self.cont.get(p),
            None => self.first.get(piece),
        }?;
        Some(row_of(entry)).filter(|&r| r != NO_ROW)
    }

    /// The wordpieces of a word as BERT cuts it (lowercase, accents stripped): for tests and
    /// for looking at the table.
    pub fn wordpieces(&self, word: &str) -> Vec<&'static str> {
        let mut scratch = Scratch::default();
        self.piece_ids(word, &mut scratch);
        scratch
            .ids
            .iter()
            .map(|&e| self.keys()[(e >> 16) as usize])
            .collect()
    }

    /// Add row `row` to `out`.
    #[inline]
    fn add_row(&self, row: u32, out: &mut Vector) {
        add(out, &self.vectors[row as usize]);
    }

    /// Add a word's vector, the sum of its wordpieces' rows, to `out`. The word is lowercase
    /// as seam's tokenizer leaves it (acronyms that are stopwords stay in capitals: lowercased
    /// here). Returns how many wordpieces with a row it had.
    pub fn add_word(&self, word: &str, out: &mut Vector, scratch: &mut Scratch) -> u32 {
        // Most words are lowercase ASCII and one wordpiece of their own: a single lookup.
        self.add_word_found(word, self.first.get(word), out, scratch)
    }

    /// [`Table::add_word`], given what looking the word up among the word-initial pieces
    /// found.
    #[inline]
    fn add_word_found(
        &self,
        word: &str,
        whole: Option<u32>,
        out: &mut Vector,
        scratch: &mut Scratch,
    ) -> u32 {
        if let Some(id) = whole {
            let row = row_of(id);
            if row == NO_ROW {
                return 0;
            }
            self.add_row(row, out);
            return 1;
        }
        let mut found = 0;
        for row in self.piece_rows(word, scratch) {
            self.add_row(row, out);
            found += 1;
        }
        found
    }

    /// The rows of a word's wordpieces that have one, in order.
    fn piece_rows<'s>(
        &self,
        word: &str,
        scratch: &'s mut Scratch,
    ) -> impl Iterator<Item = u32> + 's {
        self.piece_ids(word, scratch);
        scratch
            .ids
            .iter()
            .map(|&id| row_of(id))
            .filter(|&r| r != NO_ROW)
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
            let (map, filter) = if start == 0 {
                (&self.first, &self.first_filter)
            } else {
                (&self.cont, &self.cont_filter)
            };
            let mut end = token.len().min(start + self.longest);
            loop {
                while !token.is_char_boundary(end) {
                    end -= 1;
                }
                if end <= start {
                    ids.truncate(before);
                    return;
                }
                let piece = &token[start..end];
                if !filter.may_contain(piece) {
                    end -= 1;
                    continue;
                }
                if let Some(id) = map.get(piece) {
                    ids.push(id);
                    start = end;
                    break;
                }
                end -= 1;
            }
        }
    }
}

/// A one-hash Bloom filter over strings, 2^19 bits: about one in twenty absent strings passes
/// with 30,000 present.
#[derive(Debug)]
struct Filter {
    bits: Vec<u64>,
}

impl Filter {
    const BITS: u32 = 19;

    /// A filter of the words whose hashes begin with `prefixes` (of at least [`Filter::BITS`]
    /// bits, as a word table gives them: [`WordTable::hash_prefixes`]).
    fn new(prefixes: impl Iterator<Item = u32>) -> Filter {
        let mut f = Filter {
            bits: vec![0; 1 << (Self::BITS - 6)],
        };
        for h in prefixes {
            let b = Self::bit(h);
            f.bits[b / 64] |= 1 << (b % 64);
        }
        f
    }

    /// The top bits of a word's hash, the word tables' own.
    #[inline]
    fn bit(hash: u32) -> usize {
        (hash >> (32 - Self::BITS)) as usize
    }

    #[inline]
    fn may_contain(&self, s: &str) -> bool {
        let b = Self::bit(super::packed::hash(s.as_bytes()));
        self.bits[b / 64] & (1 << (b % 64)) != 0
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

#[inline(always)]
fn add(out: &mut Vector, v: &Vector) {
    for (o, x) in out.iter_mut().zip(v) {
        *o += x;
    }
}

#[inline(always)]
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
    BUFFERS.with(|b| compute_into(doc, &mut b.borrow_mut(), &mut out));
    out
}

/// Per-thread buffers kept from one document to the next: allocating them afresh for every
/// document cost more than using them (fresh pages are zeroed by the kernel on first touch).
/// Every entry a document reads is written first, so nothing is cleared between documents.
#[derive(Debug, Default)]
struct Buffers {
    /// Per word id: its table row, or its index in `local`, or neither ([`NO_ROW`]).
    row: Vec<u32>,
    local_id: Vec<u32>,
    /// Vectors of the words that are several wordpieces.
    local: Vec<Vector>,
    /// A paragraph's words with a vector.
    kept_rows: Vec<u32>,
    kept_local: Vec<u32>,
    units: Vec<Vector>,
    prefix: Vec<Vector>,
    with_vector: Vec<u32>,
    fits: Vec<f32>,
    scratch: Scratch,
    pieces: PieceCache,
}

/// The rows of the words that are several wordpieces, kept from one document to the next:
/// cutting a word into wordpieces tries its substrings longest first, and the same rare
/// words ("tramways", "councillors") come back document after document.
#[derive(Debug, Default)]
struct PieceCache {
    /// Each word's run of `rows`.
    words: FxHashMap<Box<str>, (u32, u32)>,
    rows: Vec<u32>,
}

impl PieceCache {
    /// Words kept before the cache starts over (a few MB at most).
    const CAPACITY: usize = 100_000;

    /// The rows of `word`'s wordpieces that have one, in order.
    fn rows(&mut self, t: &Table, word: &str, scratch: &mut Scratch) -> &[u32] {
        if let Some(&(a, b)) = self.words.get(word) {
            return &self.rows[a as usize..b as usize];
        }
        if self.words.len() >= Self::CAPACITY {
            self.words.clear();
            self.rows.clear();
        }
        let a = self.rows.len();
        self.rows.extend(t.piece_rows(word, scratch));
        self.words
            .insert(word.into(), (a as u32, self.rows.len() as u32));
        &self.rows[a..]
    }
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
}

/// Grow `v` to at least `n` entries; what it holds is left as it was.
fn at_least<T: Clone>(v: &mut Vec<T>, n: usize, fill: T) {
    if v.len() < n {
        v.resize(n, fill);
    }
}

/// Ask the CPU to bring a vector into its cache (a hint: nothing else changes).
#[inline(always)]
fn prefetch(v: &Vector) {
    #[cfg(target_arch = "x86_64")]
    for line in v.chunks_exact(16) {
        // SAFETY: a prefetch reads nothing and cannot fault; the address is a valid reference.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                line.as_ptr().cast(),
            )
        };
    }
}

/// Floats summed at once in [`sum_words`]: eight SSE registers' worth, kept in registers
/// across the paragraph's words.
const BLOCK: usize = 32;

/// `out` = the sum of the table rows `rows` and of the document's own vectors `local`. Block
/// by block, so the running sums stay in registers instead of going through memory for every
/// word.
#[inline(always)]
fn sum_words(
    rows: &[u32],
    table: &[Vector],
    local_ids: &[u32],
    local: &[Vector],
    out: &mut Vector,
) {
    // The rows are scattered over a 13.8 MB table, so most are a cache miss; asked for all at
    // once, ahead of the sums, the misses overlap instead of each waiting for the last.
    for &r in rows {
        prefetch(&table[r as usize]);
    }
    for (b, dst) in out.chunks_exact_mut(BLOCK).enumerate() {
        let block = |v: &Vector| -> [f32; BLOCK] {
            v[b * BLOCK..(b + 1) * BLOCK]
                .try_into()
                .expect("BLOCK divides DIMS")
        };
        let mut acc = [0f32; BLOCK];
        for &r in rows {
            let v = block(&table[r as usize]);
            for k in 0..BLOCK {
                acc[k] += v[k];
            }
        }
        for &m in local_ids {
            let v = block(&local[m as usize]);
            for k in 0..BLOCK {
                acc[k] += v[k];
            }
        }
        dst.copy_from_slice(&acc);
    }
}

crate::cpu::wide_fn! {
    fn compute_into(doc: &DocTokens, buf: &mut Buffers, out: &mut [Meaning]) -> () = compute_here;
}

#[inline(always)]
fn compute_here(doc: &DocTokens, buf: &mut Buffers, out: &mut [Meaning]) {
    let n = doc.paras.len();
    let t = table();
    // Each word's vector is a row of the table (most words: one wordpiece with a row), or one
    // the document sums for itself from several wordpieces' rows (in `local`), or none.
    buf.row.clear();
    buf.local_id.clear();
    buf.local.clear();
    // All the document's words looked up at once, so that their cache misses overlap.
    let found = t.first.get_all(doc.words());
    for (w, f) in doc.words().zip(found) {
        let row = f.map_or(NO_ROW, row_of);
        let mut local = NO_ROW;
        // A whole wordpiece without a row ("the", "[UNK]") has no vector; other words are
        // cut into pieces.
        if f.is_none() {
            let rows = buf.pieces.rows(t, w, &mut buf.scratch);
            if !rows.is_empty() {
                // As `Table::add_word` sums them: the pieces' rows in order, from zero.
                let mut v = [0.0; DIMS];
                for &r in rows {
                    t.add_row(r, &mut v);
                }
                local = buf.local.len() as u32;
                buf.local.push(v);
            }
        }
        buf.row.push(row);
        buf.local_id.push(local);
    }
    let (rows_of, local_of, local) = (&buf.row, &buf.local_id, &buf.local);

    // Unit paragraph vectors, and prefix sums of them: prefix[i] is the sum of paragraphs
    // before i. An empty paragraph's unit vector is zero.
    at_least(&mut buf.units, n, [0.0; DIMS]);
    at_least(&mut buf.prefix, n + 1, [0.0; DIMS]);
    at_least(&mut buf.with_vector, n + 1, 0);
    let units = &mut buf.units[..n];
    let prefix = &mut buf.prefix[..n + 1];
    // Paragraphs with a vector before i, to tell when "the rest" holds none.
    let with_vector = &mut buf.with_vector[..n + 1];
    prefix[0] = [0.0; DIMS];
    with_vector[0] = 0;
    for (i, p) in doc.paras.iter().enumerate() {
        let u = &mut units[i];
        // The paragraph's words with a vector, as table rows and as the document's own: the
        // most frequent words ("the", "of", "and") have none (their SIF weight is next to
        // nothing), a third of all words. Kept without a branch.
        at_least(&mut buf.kept_rows, p.words.len(), 0);
        at_least(&mut buf.kept_local, p.words.len(), 0);
        let (kr, kl) = (&mut buf.kept_rows, &mut buf.kept_local);
        let (mut a, mut b) = (0, 0);
        for &w in &p.words {
            let (r, l) = (rows_of[w as usize], local_of[w as usize]);
            kr[a] = r;
            a += (r != NO_ROW) as usize;
            kl[b] = l;
            b += (l != NO_ROW) as usize;
        }
        sum_words(&kr[..a], &t.vectors, &kl[..b], local, u);
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
    let units = &buf.units[..n];
    let total = prefix[n];
    let total2 = dot(&total, &total);
    let all = with_vector[n];

    let r = window_radius(n);
    let fits = &mut buf.fits;
    fits.clear();
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
        for (m, u) in out.iter().zip(units) {
            if in_core(m) {
                add(&mut core, u);
                members += 1;
            }
        }
        let core2 = dot(&core, &core);
        for (m, u) in out.iter_mut().zip(units) {
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
        assert_eq!(t.vectors.len(), t.rows());
        let sections = Sections::of(TABLE_BYTES).unwrap();
        assert!((0..t.rows()).all(|r| sections.scale(r).is_finite() && sections.scale(r) >= 0.0));
        assert!(t.meta.contains("all-MiniLM-L6-v2"), "{}", t.meta);
        // Content words have rows; special tokens, punctuation and the most frequent words
        // ("the", plural "s") have none.
        for w in ["tram", "recipe", "price", "##ing", "##ization"] {
            assert!(t.row_of(w).is_some(), "{w}");
        }
        for w in ["[unused0]", "[CLS]", "[UNK]", "!", "##日", "the", "##s"] {
            assert!(
                t.first.get(w).is_some() || t.cont.get(&w[2..]).is_some(),
                "{w}"
            );
            assert_eq!(t.row_of(w), None, "{w}");
        }
    }

    #[test]
    fn what_build_rs_made_is_what_parsing_the_table_makes() {
        let parsed = Table::parse(TABLE_BYTES).unwrap();
        assert!(matches!(parsed.vectors, Cow::Owned(_)));
        let built = built();
        assert_eq!(built.rows.len(), parsed.rows());
        for (a, b) in built.rows.iter().zip(parsed.vectors.iter()) {
            assert!(a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits()));
        }
        assert!(built.first.same_as(&parsed.first));
        assert!(built.cont.same_as(&parsed.cont));
        let t = table();
        assert!(matches!(t.vectors, Cow::Borrowed(_)));
        assert_eq!(t.longest, parsed.longest);
        assert_eq!(t.first_filter.bits, parsed.first_filter.bits);
        assert_eq!(t.cont_filter.bits, parsed.cont_filter.bits);
        // Rows built from another table are refused.
        let short = Built {
            rows: &built.rows[1..],
            ..built
        };
        assert!(Table::parse_with(TABLE_BYTES, Some(short)).is_err());
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
