//! Words of up to eight bytes packed into one integer, and the hash both word tables use: the
//! vocabulary table of a model ([`super::vocab`]) and a document's interner
//! ([`super::tokens`]). Most words are this short; a packed word is compared with one integer
//! compare and hashed with one multiply instead of a loop over its bytes, and the loops'
//! unpredictable trip counts were a visible share of tokenizing.

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
}
