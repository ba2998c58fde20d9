//! Shape: length, word make-up, punctuation, position, block kind.

use super::tokens::{DocTokens, ParaTokens};
use crate::document::Role;

#[derive(Debug, Clone, Default)]
pub struct Shape {
    pub log_words: f32,
    /// 1 for an empty paragraph, 0.5 at 4 words, falling toward 0: lets the model treat very
    /// short paragraphs (menus, credits) apart from long ones, which length alone cannot.
    pub short: f32,
    /// Words relative to the document's median paragraph (log ratio).
    pub rel_length: f32,
    pub stopword_share: f32,
    pub mean_word_len: f32,
    pub digit_share: f32,
    pub punct_share: f32,
    pub upper_share: f32,
    pub titlecase_share: f32,
    pub terminal_punct: f32,
    pub ends_colon: f32,
    /// Relative position, 0 at the first paragraph and 1 at the last.
    pub position: f32,
    /// 1 for the first and last paragraph, falling off as 1/(1+distance to the nearer edge).
    pub edge: f32,
    pub heading: f32,
    pub list_item: f32,
    /// 1 for a line shaped like a menu entry or a label: one to five words, most of them
    /// capitalised, no sentence-ending punctuation ("Top Video", "Best Sellers in Books").
    /// Length, capitals and punctuation are features of their own, but a linear model adds
    /// them up; this is their conjunction.
    pub short_nav: f32,
}

pub fn compute(doc: &DocTokens, i: usize, median_words: f32) -> Shape {
    let p: &ParaTokens = &doc.paras[i];
    let n = doc.paras.len();
    let c = &p.counts;
    let words = p.words.len() as f32;
    let stop = c.stopwords as f32;
    let word_chars = c.word_chars;
    let chars = c.chars.max(1) as f32;
    let dist = i.min(n - 1 - i) as f32;
    Shape {
        log_words: words.ln_1p(),
        short: 1.0 / (1.0 + words / 4.0),
        rel_length: ((words + 1.0) / (median_words + 1.0)).ln(),
        stopword_share: stop / words.max(1.0),
        mean_word_len: if words > 0.0 {
            word_chars as f32 / words
        } else {
            0.0
        },
        digit_share: c.digits as f32 / chars,
        punct_share: c.punct as f32 / chars,
        upper_share: c.upper as f32 / c.letters.max(1) as f32,
        titlecase_share: c.titlecase as f32 / words.max(1.0),
        terminal_punct: c.ends_terminal as u8 as f32,
        ends_colon: c.ends_colon as u8 as f32,
        position: if n > 1 {
            i as f32 / (n - 1) as f32
        } else {
            0.5
        },
        edge: 1.0 / (1.0 + dist),
        heading: (p.role == Role::Heading) as u8 as f32,
        list_item: (p.role == Role::ListItem) as u8 as f32,
        short_nav: ((1.0..=5.0).contains(&words)
            && !c.ends_terminal
            && c.titlecase as f32 >= 0.6 * words) as u8 as f32,
    }
}
