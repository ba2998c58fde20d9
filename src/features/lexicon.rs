//! The team's hand-written lexicons (`data/lexicons/*.txt`), compiled into the binary and
//! matched as phrases of tokenizer words.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

/// The promotional phrase families, in feature order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Cta = 0,
    Offer = 1,
    Social = 2,
    Superlative = 3,
}

pub const FAMILIES: [Family; 4] = [
    Family::Cta,
    Family::Offer,
    Family::Social,
    Family::Superlative,
];

pub struct Lexicons {
    pub stopwords: FxHashSet<&'static str>,
    pub second_person: FxHashSet<&'static str>,
    /// First word of a phrase -> (the remaining words, family), longest phrases first.
    pub phrases: FxHashMap<&'static str, Vec<(Vec<&'static str>, Family)>>,
}

fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

pub fn lexicons() -> &'static Lexicons {
    static LEX: OnceLock<Lexicons> = OnceLock::new();
    LEX.get_or_init(|| {
        let sources = [
            (include_str!("../../data/lexicons/cta.txt"), Family::Cta),
            (include_str!("../../data/lexicons/offer.txt"), Family::Offer),
            (
                include_str!("../../data/lexicons/social.txt"),
                Family::Social,
            ),
            (
                include_str!("../../data/lexicons/superlative.txt"),
                Family::Superlative,
            ),
        ];
        let mut phrases: FxHashMap<&'static str, Vec<(Vec<&'static str>, Family)>> =
            FxHashMap::default();
        for (text, family) in sources {
            for entry in entries(text) {
                let mut words = entry.split_whitespace();
                let Some(first) = words.next() else { continue };
                phrases
                    .entry(first)
                    .or_default()
                    .push((words.collect(), family));
            }
        }
        for list in phrases.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        }
        Lexicons {
            stopwords: entries(include_str!("../../data/lexicons/stopwords.txt")).collect(),
            second_person: entries(include_str!("../../data/lexicons/second_person.txt")).collect(),
            phrases,
        }
    })
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Cta => "call to action",
            Family::Offer => "offer",
            Family::Social => "social/subscription prompt",
            Family::Superlative => "superlative",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load_and_are_lowercase_words() {
        let lex = lexicons();
        assert!(lex.stopwords.contains("the"));
        assert!(lex.second_person.contains("your"));
        assert!(lex.phrases.contains_key("subscribe"));
        for (first, list) in &lex.phrases {
            assert!(
                first
                    .chars()
                    .all(|c| c.is_lowercase() || c.is_ascii_digit()),
                "{first}"
            );
            for (rest, _) in list {
                assert!(
                    rest.iter().all(|w| w.chars().all(|c| c.is_alphanumeric())),
                    "{first} {rest:?}"
                );
            }
        }
    }
}
