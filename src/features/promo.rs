//! Promotional vocabulary: the team's lexicons (calls to action, offers, social prompts,
//! superlatives), second-person address, and the learned vocabulary of the model file.

use super::distinct::Distinct;
use super::lexicon::{lexicons, Family};
use super::tokens::{DocTokens, ParaTokens};
use super::vocab::Vocab;

#[derive(Debug, Clone, Default)]
pub struct Promo {
    /// Share of words inside a matched phrase, per family (in [`super::lexicon::FAMILIES`] order).
    pub family_share: [f32; 4],
    pub second_person: f32,
    /// Mean learned log-odds over the paragraph's distinct words (unknown words count 0).
    pub learned: f32,
    /// Largest positive learned log-odds of any word.
    pub learned_max: f32,
    /// Counts below are log(1 + n).
    pub currency: f32,
    pub phone: f32,
    pub email: f32,
    pub handle: f32,
    pub hashtag: f32,
    pub exclaim: f32,
    pub allcaps: f32,
}

/// A matched lexicon phrase: word positions [start, end) in the paragraph and its family.
pub type Match = (usize, usize, Family);

/// Greedy longest-first phrase matching over the paragraph's words.
pub fn matches(doc: &DocTokens, p: &ParaTokens) -> Vec<Match> {
    let mut out = Vec::new();
    for_each_match(doc, p, |m| out.push(m));
    out
}

/// [`matches`] without collecting them: scoring only sums their lengths.
fn for_each_match(doc: &DocTokens, p: &ParaTokens, mut found: impl FnMut(Match)) {
    let lists = &lexicons().phrase_lists;
    let mut i = 0;
    while i < p.words.len() {
        let mut next = i + 1;
        if let Some(list) = doc.info(p.words[i]).phrases {
            for (rest, family) in &lists[list as usize] {
                let end = i + 1 + rest.len();
                if end <= p.words.len()
                    && rest
                        .iter()
                        .zip(&p.words[i + 1..end])
                        .all(|(w, &id)| *w == doc.word(id))
                {
                    found((i, end, *family));
                    next = end;
                    break;
                }
            }
        }
        i = next;
    }
}

/// `learned` holds the learned log-odds of each of the document's words (by word id), or is
/// empty when the model has no vocabulary.
pub fn compute(doc: &DocTokens, p: &ParaTokens, learned: &[f32], seen: &mut Distinct) -> Promo {
    let n = p.words.len().max(1) as f32;
    let c = &p.counts;
    // Most counts are 0, whose logarithm needs no call into libm.
    let log = |x: u32| if x == 0 { 0.0 } else { (x as f32).ln_1p() };
    let mut out = Promo {
        currency: log(c.currency),
        phone: log(c.phones),
        email: log(c.emails),
        handle: log(c.handles),
        hashtag: log(c.hashtags),
        exclaim: log(c.exclaim),
        allcaps: log(c.allcaps),
        ..Promo::default()
    };
    if c.phrase_starts > 0 {
        for_each_match(doc, p, |(a, b, family)| {
            out.family_share[family as usize] += (b - a) as f32 / n;
        });
    }
    out.second_person = c.second_person as f32 / n;
    if !learned.is_empty() && !p.words.is_empty() {
        // Summed in id order, as a sorted list of the distinct ids would give them.
        let mut sum = 0.0;
        let mut max = 0.0f32;
        let distinct = seen.each_sorted(&p.words, learned.len(), |id| {
            let lo = learned[id as usize];
            sum += lo;
            max = max.max(lo);
        });
        out.learned = sum / distinct as f32;
        out.learned_max = max;
    }
    out
}

/// The words that made a paragraph look promotional, strongest first: matched lexicon phrases,
/// then the words with the highest learned log-odds. For explanations only.
pub fn evidence(doc: &DocTokens, p: &ParaTokens, vocab: &Vocab, limit: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (a, b, _) in matches(doc, p) {
        let phrase = p.words[a..b]
            .iter()
            .map(|&id| doc.word(id))
            .collect::<Vec<_>>()
            .join(" ");
        if !out.contains(&phrase) {
            out.push(phrase);
        }
    }
    let mut learned: Vec<(&str, f32)> = p
        .words
        .iter()
        .map(|&id| (doc.word(id), vocab.get(doc.word(id))))
        .filter(|&(_, lo)| lo > 0.5)
        .collect();
    learned.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    for (w, _) in learned {
        if out.len() >= limit {
            break;
        }
        if !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    }
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Paragraph};
    use crate::features::tokens::tokenize;

    #[test]
    fn phrases_match_longest_first_and_feed_evidence() {
        let t = tokenize(&Document {
            paragraphs: vec![Paragraph::new(
                "Sign up today and subscribe to our newsletter for your free trial!",
            )],
            ..Document::default()
        });
        let p = &t.paras[0];
        let m = matches(&t, p);
        // "sign up today" wins over "sign up".
        assert_eq!(m[0], (0, 3, Family::Cta), "{m:?}");
        let promo = compute(&t, p, &[], &mut Distinct::default());
        assert!(promo.family_share.iter().sum::<f32>() > 0.2);
        assert!(promo.second_person > 0.0);
        let ev = evidence(&t, p, &Vocab::default(), 3);
        assert!(ev[0].starts_with("sign up"), "{ev:?}");
    }

    #[test]
    fn news_prose_has_no_promo_matches() {
        let t = tokenize(&Document {
            paragraphs: vec![Paragraph::new(
                "The council said the tram line would open in 2027 after a review of the budget.",
            )],
            ..Document::default()
        });
        assert!(matches(&t, &t.paras[0]).is_empty());
    }
}
