//! Aligning a page's blocks with its human-cleaned main text: a block is content when most of
//! its word 3-grams occur in the main text, boilerplate when few do. Words are compared by
//! hash, lowercased, as runs of letters and digits (so markup-level differences such as
//! punctuation, soft hyphens or case do not matter).

use crate::document::words::words;
use crate::document::Paragraph;
use crate::hash::{fnv64_from, mix64, FNV64_OFFSET};

/// Label blocks against a page's human-cleaned main text (paragraphs separated by blank
/// lines). `Some(false)` = content (at least `hi` of the block's word 3-grams occur in the
/// truth; a block under 3 words only if it equals a whole truth line), `Some(true)` =
/// boilerplate (at most `lo` of its 3-grams occur, or a short block without a line match),
/// `None` = ambiguous.
pub fn label_blocks(blocks: &[Paragraph], truth: &str, lo: f64, hi: f64) -> Vec<Option<bool>> {
    let truth_words = word_hashes(truth);
    let mut grams = trigrams(&truth_words);
    grams.sort_unstable();
    grams.dedup();
    let mut lines: Vec<u64> = truth
        .lines()
        .map(word_hashes)
        .filter(|w| !w.is_empty())
        .map(|w| seq_hash(&w))
        .collect();
    lines.sort_unstable();
    lines.dedup();

    blocks
        .iter()
        .map(|block| {
            let words = word_hashes(&block.text);
            if words.len() < 3 {
                let exact = !words.is_empty() && lines.binary_search(&seq_hash(&words)).is_ok();
                return Some(!exact);
            }
            let block_grams = trigrams(&words);
            let hits = block_grams
                .iter()
                .filter(|g| grams.binary_search(g).is_ok())
                .count();
            let share = hits as f64 / block_grams.len() as f64;
            if share >= hi {
                Some(false)
            } else if share <= lo {
                Some(true)
            } else {
                None
            }
        })
        .collect()
}

/// Hashes of the lowercased words of `text`, in order.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut buf = [0u8; 4];
    words(text)
        .map(|w| {
            w.lowercase().fold(FNV64_OFFSET, |h, c| {
                fnv64_from(h, c.encode_utf8(&mut buf).as_bytes())
            })
        })
        .collect()
}

/// Order-sensitive hashes of consecutive word triples.
fn trigrams(words: &[u64]) -> Vec<u64> {
    words
        .windows(3)
        .map(|w| mix64(mix64(mix64(w[0]) ^ w[1]) ^ w[2]))
        .collect()
}

fn seq_hash(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(words.len() as u64, |acc, &w| mix64(acc ^ w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_blocks_on_constructed_page() {
        let html = "<nav><a href=/>Home</a> <a href=/about>About us</a></nav>\
                    <article><h1>Rust parsers</h1>\
                    <p>Parsing HTML quickly needs a careful tokenizer and no recursion.</p>\
                    <p>Half of this sentence is in the truth but all the rest of it was rewritten.</p>\
                    <p>Subscribe to our newsletter for weekly deals and offers.</p></article>\
                    <footer>Copyright</footer>";
        let truth = "Rust parsers\n\n\
                     Parsing HTML quickly needs a careful tokenizer and no recursion.\n\n\
                     Half of this sentence is in the truth, and more came after it.";
        let blocks = crate::document::html::segment(html);
        assert_eq!(
            blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
            vec![
                "Home About us",
                "Rust parsers",
                "Parsing HTML quickly needs a careful tokenizer and no recursion.",
                "Half of this sentence is in the truth but all the rest of it was rewritten.",
                "Subscribe to our newsletter for weekly deals and offers.",
                "Copyright"
            ]
        );
        assert_eq!(blocks[0].link_chars, 13);
        assert_eq!(blocks[0].link_count, 2);
        let labels = label_blocks(&blocks, truth, 0.2, 0.5);
        assert_eq!(
            labels,
            vec![
                Some(true),  // nav: no trigram matches
                Some(false), // short, equals a whole truth line
                Some(false), // all trigrams match
                None,        // 6 of 14 trigrams match
                Some(true),  // no trigram matches
                Some(true)   // short, no line match
            ]
        );
    }
}
