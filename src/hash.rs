//! The small non-cryptographic hashes seam uses, each written once: FNV-1a for short keys
//! (tag names, class tokens, words, ids), a 64-bit finalizer to mix hashes together, and
//! SplitMix64 for reproducible pseudo-random draws (folds, positions, subsamples).
//!
//! None of these may change: fold assignments, training subsamples and spliced positions are
//! derived from them, and models are reproduced from those.

/// FNV-1a's 64-bit offset basis: the hash of no bytes.
pub const FNV64_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV64_PRIME: u64 = 0x0100_0000_01b3;

/// One byte of 64-bit FNV-1a.
#[inline]
pub fn fnv64_step(h: u64, byte: u8) -> u64 {
    (h ^ u64::from(byte)).wrapping_mul(FNV64_PRIME)
}

/// 64-bit FNV-1a of `bytes`, continuing from `h` (start with [`FNV64_OFFSET`]).
pub fn fnv64_from(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, &b| fnv64_step(h, b))
}

/// 64-bit FNV-1a of `bytes`.
pub fn fnv64(bytes: &[u8]) -> u64 {
    fnv64_from(FNV64_OFFSET, bytes)
}

/// 32-bit FNV-1a of `bytes`.
pub fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h: u32, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// MurmurHash3's 64-bit finalizer: every input bit affects every output bit, so hashes can be
/// combined with `mix(a ^ b)`.
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// SplitMix64: the next value of a tiny deterministic generator whose whole state is `state`.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform draw in [0, 1) from [`splitmix64`], with 53 bits of precision.
pub fn unit_draw(state: &mut u64) -> f64 {
    (splitmix64(state) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_published_vectors() {
        assert_eq!(fnv64(b""), FNV64_OFFSET);
        assert_eq!(fnv64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv32(b"a"), 0xe40c_292c);
        assert_eq!(fnv32(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn splitmix_matches_its_reference_sequence() {
        // The first outputs for seed 0 of the reference implementation (Vigna).
        let mut s = 0u64;
        assert_eq!(splitmix64(&mut s), 0xe220_a839_7b1d_cdaf);
        assert_eq!(splitmix64(&mut s), 0x6e78_9e6a_a1b9_65f4);
        let u = unit_draw(&mut s);
        assert!((0.0..1.0).contains(&u));
    }
}
