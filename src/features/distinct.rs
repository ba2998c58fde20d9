//! A set of small ids read back in increasing order: a paragraph's distinct words (promo's
//! learned log-odds) and its distinct drift terms. Setting one bit per id and reading the set
//! bits back in order gives the sorted distinct ids without sorting: a paragraph's ids span a
//! few hundred or thousand ids, a few dozen 64-bit words, cheaper than sorting the paragraph's
//! list of them.

/// Kept across the paragraphs of a document, so that its words are allocated once.
#[derive(Debug, Default)]
pub struct Distinct {
    bits: Vec<u64>,
}

impl Distinct {
    /// Room for ids below `ids`. Ids inserted and not yet read stay.
    pub fn reserve(&mut self, ids: usize) {
        let words = ids.div_ceil(64);
        if self.bits.len() < words {
            self.bits.resize(words, 0);
        }
    }

    #[inline(always)]
    pub fn insert(&mut self, id: u32) {
        self.bits[id as usize / 64] |= 1 << (id % 64);
    }

    #[inline(always)]
    pub fn remove(&mut self, id: u32) {
        self.bits[id as usize / 64] &= !(1 << (id % 64));
    }

    /// Call `f` with each id in the set, in increasing order, and empty the set. Every id in
    /// it must lie in `lo..=hi`: only the words of that range are read. Returns how many ids
    /// there were; none when `lo > hi`.
    #[inline(always)]
    pub fn drain(&mut self, lo: u32, hi: u32, mut f: impl FnMut(u32)) -> usize {
        if lo > hi {
            return 0;
        }
        let lo = lo as usize / 64;
        let mut n = 0;
        for (w, word) in self.bits[lo..=hi as usize / 64].iter_mut().enumerate() {
            let mut set = std::mem::take(word);
            while set != 0 {
                f(((lo + w) * 64) as u32 + set.trailing_zeros());
                set &= set - 1;
                n += 1;
            }
        }
        n
    }

    /// Call `f` with each distinct id of `ids` once, in increasing order; every id is below
    /// `universe`. Returns the number of distinct ids.
    pub fn each_sorted(&mut self, ids: &[u32], universe: usize, f: impl FnMut(u32)) -> usize {
        self.reserve(universe);
        let (mut lo, mut hi) = (u32::MAX, 0u32);
        for &id in ids {
            self.insert(id);
            lo = lo.min(id);
            hi = hi.max(id);
        }
        self.drain(lo, hi, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_distinct_sorted_and_the_set_empty() {
        let mut set = Distinct::default();
        let mut seen = Vec::new();
        let n = set.each_sorted(&[130, 3, 64, 3, 0, 130, 63], 200, |id| seen.push(id));
        assert_eq!(seen, [0, 3, 63, 64, 130]);
        assert_eq!(n, 5);
        assert!(set.bits.iter().all(|&w| w == 0));
        seen.clear();
        assert_eq!(set.each_sorted(&[], 200, |id| seen.push(id)), 0);
        assert!(seen.is_empty());
    }

    #[test]
    fn a_removed_id_is_not_read_back() {
        let mut set = Distinct::default();
        set.reserve(100);
        for id in [5, 99, 7] {
            set.insert(id);
        }
        set.remove(99);
        let mut seen = Vec::new();
        assert_eq!(set.drain(5, 7, |id| seen.push(id)), 2);
        assert_eq!(seen, [5, 7]);
        assert!(set.bits.iter().all(|&w| w == 0));
    }
}
