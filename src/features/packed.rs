//! Words of up to eight bytes packed into one integer, the hash and slot tag every word table
//! uses, and [`WordTable`], the table of a model's vocabulary and of the lexicons. A
//! document's interner ([`super::tokens`]) keys its slots the same way. Most words are this
//! short; a packed word is compared with one integer compare and hashed with one multiply
//! instead of a loop over its bytes, and the loops' unpredictable trip counts were a visible
//! share of tokenizing.

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::hash::Hasher;

/// Words of at most this many bytes are packed.
pub const INLINE: usize = 8;

/// A word of at most [`INLINE`] bytes, zero-padded, as one integer (little-endian: the first
/// byte is the lowest).
pub fn inline(word: &[u8]) -> u64 {
    let n = word.len();
    // Two loads that overlap in the middle instead of a byte loop or a call to memcpy: the
    // overlapping bytes land on the same places, so OR-ing the halves is exact.
    let four = |at: usize| u32::from_le_bytes(word[at..at + 4].try_into().expect("4 bytes")) as u64;
    match n {
        0 => 0,
        1..=3 => word
            .iter()
            .enumerate()
            .fold(0, |v, (i, &b)| v | (b as u64) << (8 * i)),
        _ => four(0) | four(n - 4) << (8 * (n - 4)),
    }
}

/// The hash of a word of `len` <= [`INLINE`] bytes packed as `packed`.
#[inline(always)]
pub fn hash_inline(packed: u64, len: usize) -> u32 {
    ((packed ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as u32
}

/// A word's hash: from its packed form when it is short enough ([`hash_inline`]).
#[inline]
pub fn hash(word: &[u8]) -> u32 {
    if word.len() <= INLINE {
        return hash_inline(inline(word), word.len());
    }
    let mut h = rustc_hash::FxHasher::default();
    h.write(word);
    h.finish() as u32
}

/// A table slot's tag for a word with this hash: the hash's high 28 bits above the word's
/// length, or 15 for longer than [`INLINE`]. Equal tags mean equal lengths up to [`INLINE`],
/// so a packed word is told from another by one compare of the packed forms, padding and all.
/// No tag is 0, which tables use for an empty slot.
#[inline(always)]
pub fn tag(hash: u32, len: usize) -> u32 {
    let class = if len <= INLINE { len as u32 + 1 } else { 15 };
    (hash & !0xf) | class
}

/// Words and their values in an open-addressing table whose slots hold the values and, for
/// words of up to eight bytes, the word itself: a model's vocabulary ([`super::vocab`]) and
/// the lexicons ([`super::lexicon`]). Every distinct word of every scored document is looked up
/// in both: with (hash, entry) slots pointing at entries pointing at the text, a hit took three
/// dependent cache misses, and the vocabulary's lookups were an eighth of scoring time. Now
/// most hits read one slot and nothing else; only words longer than eight bytes read their
/// bytes from `text`. (A model's learned log-odds and background IDF share a slot: most words
/// are their own stem, so one lookup answers both.)
#[derive(Debug, Clone, Default)]
pub struct WordTable<V: Clone + 'static> {
    /// The words longer than [`INLINE`] bytes, one after another.
    text: Cow<'static, str>,
    /// A power of two, at least 3/2 of the words (or more, [`WordTable::with_room`]): probe
    /// runs stay short. Borrowed when the table was built with seam ([`WordTable::from_static`]).
    slots: Cow<'static, [Slot<V>]>,
}

/// `repr(C)`: a table of `u32` values is compiled into the binary as these bytes
/// ([`WordTable::to_bytes`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[repr(C)]
struct Slot<V> {
    /// [`tag`] of the word; 0 marks an empty slot (no tag is 0).
    tag: u32,
    value: V,
    /// A word of up to [`INLINE`] bytes as [`inline`] packs it; else its start in `text`
    /// (low half) and its length (high half).
    word: u64,
}

impl<V: Copy + Default + 'static> WordTable<V> {
    pub fn new(map: &FxHashMap<&str, V>) -> WordTable<V> {
        WordTable::with_room(map, 1.5)
    }

    /// A table of at least `room` slots per word. A lookup of an absent word probes until it
    /// meets an empty slot, and each probe is a branch on what it found: a table that most
    /// lookups miss is faster the emptier it is, as long as it stays in cache.
    pub fn with_room(map: &FxHashMap<&str, V>, room: f64) -> WordTable<V> {
        WordTable::from_pairs(map.iter().map(|(&w, &v)| (w, v)), map.len(), room)
    }

    /// A table of `pairs`, `len` of them, at least `room` slots per word. A word given twice
    /// keeps its last value, as in a map. Building from a list spares the caller a map it
    /// would fill only to read once: the embedding table's 30,000 wordpieces took 2.6 ms to
    /// go through one at start-up.
    pub fn from_pairs<'w>(
        pairs: impl Iterator<Item = (&'w str, V)>,
        len: usize,
        room: f64,
    ) -> WordTable<V> {
        let size = ((len as f64 * room) as usize + 1).next_power_of_two();
        let mut t = Building {
            text: String::new(),
            slots: vec![Slot::default(); size],
        };
        let mut filled = 0;
        for (word, v) in pairs {
            let w = word.as_bytes();
            let h = hash(w);
            let want = tag(h, w.len());
            let mask = t.slots.len() - 1;
            let mut at = h as usize & mask;
            while t.slots[at].tag != 0 {
                if t.slots[at].tag == want && t.same(t.slots[at].word, w) {
                    break;
                }
                at = (at + 1) & mask;
            }
            if t.slots[at].tag != 0 {
                t.slots[at].value = v;
                continue;
            }
            if (filled + 1) as f64 * room > t.slots.len() as f64 {
                // More pairs than `len` said: grown to keep its room per word (and an empty
                // slot, where a lookup of an absent word stops).
                t.grow();
                at = t.empty_slot(h);
            }
            let packed = if w.len() <= INLINE {
                inline(w)
            } else {
                let start = t.text.len() as u64;
                t.text.push_str(word);
                start | (w.len() as u64) << 32
            };
            t.slots[at] = Slot {
                tag: want,
                value: v,
                word: packed,
            };
            filled += 1;
        }
        WordTable {
            text: Cow::Owned(t.text),
            slots: Cow::Owned(t.slots),
        }
    }
}

/// A [`WordTable`] being filled: its slots and long words owned and growable.
struct Building<V> {
    text: String,
    slots: Vec<Slot<V>>,
}

impl<V: Copy + Default + 'static> Building<V> {
    /// Twice the slots, every word moved to its place in them.
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for slot in old.into_iter().filter(|s| s.tag != 0) {
            let h = match slot.tag & 0xf {
                15 => hash(long_word(&self.text, slot.word)),
                class => hash_inline(slot.word, class as usize - 1),
            };
            let at = self.empty_slot(h);
            self.slots[at] = slot;
        }
    }

    /// The first empty slot from the home slot of hash `h`.
    fn empty_slot(&self, h: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        while self.slots[at].tag != 0 {
            at = (at + 1) & mask;
        }
        at
    }

    /// Whether a slot's `word` (of a slot whose tag matched) is `w`.
    fn same(&self, word: u64, w: &[u8]) -> bool {
        if w.len() <= INLINE {
            word == inline(w)
        } else {
            same_long(&self.text, word, w)
        }
    }
}

/// The bytes of a word longer than [`INLINE`] from its slot's `word` (start, length) in `text`.
fn long_word(text: &str, word: u64) -> &[u8] {
    let (start, len) = (word as u32 as usize, (word >> 32) as usize);
    &text.as_bytes()[start..start + len]
}

/// Whether the long word of a slot's `word` is `w`, a word longer than [`INLINE`] bytes.
#[inline]
fn same_long(text: &str, word: u64, w: &[u8]) -> bool {
    let stored = long_word(text, word);
    // Inline: the words are a few bytes, shorter than a call to memcmp.
    stored.len() == w.len() && stored.iter().zip(w).all(|(a, b)| a == b)
}

impl WordTable<u32> {
    /// The slots as bytes in the byte order of the target seam is built for, for `build.rs` to
    /// compile a table into the binary, and the long words ([`WordTable::from_static`]).
    pub fn to_bytes(&self, big_endian: bool) -> (Vec<u8>, &str) {
        let mut out = Vec::with_capacity(self.slots.len() * size_of::<Slot<u32>>());
        for s in self.slots.iter() {
            if big_endian {
                out.extend_from_slice(&s.tag.to_be_bytes());
                out.extend_from_slice(&s.value.to_be_bytes());
                out.extend_from_slice(&s.word.to_be_bytes());
            } else {
                out.extend_from_slice(&s.tag.to_le_bytes());
                out.extend_from_slice(&s.value.to_le_bytes());
                out.extend_from_slice(&s.word.to_le_bytes());
            }
        }
        (out, &self.text)
    }

    /// A table over slots compiled into the binary: what [`WordTable::to_bytes`] wrote, at an
    /// alignment of 8. Nothing to build or allocate when a process starts: its pages are
    /// mapped from the binary as lookups read them. `None` if the bytes cannot be slots.
    pub fn from_static(slots: &'static [u8], text: &'static str) -> Option<WordTable<u32>> {
        let n = slots.len() / size_of::<Slot<u32>>();
        let fits = slots.as_ptr().cast::<Slot<u32>>().is_aligned()
            && slots.len() % size_of::<Slot<u32>>() == 0
            && n.is_power_of_two();
        if !fits {
            return None;
        }
        // SAFETY: aligned for a Slot<u32> and a whole number of them (checked), living for the
        // whole program, and a repr(C) Slot<u32> of two u32 and a u64 has no padding, so any
        // bytes are a valid one.
        let slots = unsafe { std::slice::from_raw_parts(slots.as_ptr().cast::<Slot<u32>>(), n) };
        Some(WordTable {
            text: Cow::Borrowed(text),
            slots: Cow::Borrowed(slots),
        })
    }

    /// Whether two tables hold the same slots and long words.
    #[cfg(test)]
    pub fn same_as(&self, other: &WordTable<u32>) -> bool {
        self.slots == other.slots && self.text == other.text
    }
}

impl<V: Copy + Default + 'static> WordTable<V> {
    /// The high 28 bits of the hash of every word in the table (from the slots' tags).
    pub fn hash_prefixes(&self) -> impl Iterator<Item = u32> + '_ {
        self.slots
            .iter()
            .filter(|s| s.tag != 0)
            .map(|s| s.tag & !0xf)
    }

    pub fn get(&self, word: &str) -> Option<V> {
        let w = word.as_bytes();
        let h = hash(w);
        self.probe(w, h, self.slots[h as usize & (self.slots.len() - 1)])
    }

    /// [`WordTable::get`] of many words, in order. A lookup is mostly one cache miss on its slot,
    /// and one lookup after another, each waited for its miss behind the last: they took an
    /// eighth of scoring time. Here every word's first slot is read in a loop that does
    /// nothing else, so the misses overlap, and the probes start from those copies.
    pub fn get_all<'a>(&self, words: impl Iterator<Item = &'a str> + Clone) -> Vec<Option<V>> {
        let mask = self.slots.len() - 1;
        let hashes: Vec<u32> = words.clone().map(|w| hash(w.as_bytes())).collect();
        let first: Vec<Slot<V>> = hashes
            .iter()
            .map(|&h| self.slots[h as usize & mask])
            .collect();
        words
            .zip(hashes.iter().zip(first))
            .map(|(w, (&h, slot))| self.probe(w.as_bytes(), h, slot))
            .collect()
    }

    /// Look `w` (hash `h`) up, starting from a copy of its first slot.
    fn probe(&self, w: &[u8], h: u32, first: Slot<V>) -> Option<V> {
        let want = tag(h, w.len());
        let short = (w.len() <= INLINE).then(|| inline(w));
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        let mut slot = first;
        loop {
            if slot.tag == 0 {
                return None;
            }
            if slot.tag == want {
                let same = match short {
                    Some(packed) => slot.word == packed,
                    None => same_long(&self.text, slot.word, w),
                };
                if same {
                    return Some(slot.value);
                }
            }
            at = (at + 1) & mask;
            slot = self.slots[at];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_words_are_their_bytes_zero_padded() {
        let word = b"abcdefgh";
        for n in 0..=INLINE {
            let mut padded = [0u8; INLINE];
            padded[..n].copy_from_slice(&word[..n]);
            assert_eq!(inline(&word[..n]), u64::from_le_bytes(padded), "{n}");
        }
    }

    #[test]
    fn words_that_differ_only_in_length_get_different_tags() {
        // "a" and "a\0" pack alike; the length in the tag tells them apart.
        assert_eq!(inline(b"a"), inline(b"a\0"));
        assert_ne!(tag(hash(b"a"), 1), tag(hash(b"a\0"), 2));
        assert_eq!(tag(hash(b"abcdefghi"), 9) & 0xf, 15);
        for n in 0..=20 {
            assert_ne!(tag(hash(&vec![b'x'; n]), n), 0);
        }
    }

    #[test]
    fn table_finds_words_inline_and_long_and_nothing_else() {
        // Lengths on both sides of the inline limit, and words that differ only in length.
        let words: Vec<String> = (0..20)
            .map(|n| "ab".repeat(n / 2) + &"c".repeat(n % 2))
            .collect();
        let values = |i: usize| (i as f32, -(i as f32));
        let map: FxHashMap<&str, (f32, f32)> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_str(), values(i)))
            .collect();
        let t = WordTable::new(&map);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get(w), Some(values(i)), "{w:?}");
            assert_eq!(t.get(&format!("{w}\0")), None, "{w:?}");
            assert_eq!(t.get(&format!("{w}x")), None, "{w:?}");
        }
        // Looked up together, in the order given, hits and misses alike. A table of 20 words
        // has 32 slots, so several probes run past their first slot.
        let mut asked: Vec<String> = words.iter().rev().cloned().collect();
        asked.extend(words.iter().map(|w| format!("{w}x")));
        let together = t.get_all(asked.iter().map(String::as_str));
        let alone: Vec<Option<(f32, f32)>> = asked.iter().map(|w| t.get(w)).collect();
        assert_eq!(together, alone);
        assert_eq!(together[0], Some(values(19)));
        assert_eq!(together[20], None);
    }

    #[test]
    fn a_table_of_pairs_keeps_the_last_value_and_grows_past_a_wrong_count() {
        let words: Vec<String> = (0..40)
            .map(|n| "xy".repeat(n / 2 + 1) + &n.to_string())
            .collect();
        // Told of 2 words, given 40 and then the first ten again with new values.
        let pairs = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_str(), i as u32))
            .chain(words[..10].iter().map(|w| (w.as_str(), 1000)));
        let t = WordTable::from_pairs(pairs, 2, 1.5);
        for (i, w) in words.iter().enumerate() {
            let want = if i < 10 { 1000 } else { i as u32 };
            assert_eq!(t.get(w), Some(want), "{w:?}");
            assert_eq!(t.get(&format!("{w}z")), None, "{w:?}");
        }
        assert!(t.slots.iter().any(|s| s.tag == 0), "no empty slot left");
    }
}
