//! The team's hand-written lexicons (`data/lexicons/*.txt`), compiled into the binary and
//! matched as phrases of tokenizer words.

use super::packed::WordTable;
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
    /// The same lists, by [`LexWord::phrases`]: the tokenizer resolves a word's list once per
    /// document, so matching does not hash the word at every occurrence.
    pub phrase_lists: Vec<Vec<(Vec<&'static str>, Family)>>,
    /// Every word of the three lists above with what they say about it: one lookup per
    /// distinct word of a document instead of three, in a table of packed words.
    pub words: WordTable<LexWord>,
    /// Class/id tokens that mark page furniture (`attributes.txt`, `[boilerplate]`).
    pub attr_boilerplate: AttrList,
    /// Class/id tokens that mark the main text (`attributes.txt`, `[content]`).
    pub attr_content: AttrList,
}

/// What the lexicons say about one word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LexWord {
    pub stopword: bool,
    pub second_person: bool,
    /// The phrases of [`Lexicons::phrases`] the word starts: an index into
    /// [`Lexicons::phrase_lists`].
    pub phrases: Option<u32>,
}

/// Words matched exactly, and prefixes (entries written `word*`).
#[derive(Debug, Default)]
pub struct AttrList {
    exact: FxHashSet<&'static str>,
    prefixes: Vec<&'static str>,
}

impl AttrList {
    /// The entry a token matches, if any.
    pub fn hit(&self, token: &str) -> Option<&'static str> {
        if let Some(&w) = self.exact.get(token) {
            return Some(w);
        }
        self.prefixes.iter().copied().find(|p| token.starts_with(p))
    }
}

/// The two sections of `attributes.txt`.
fn attr_lists(text: &'static str) -> (AttrList, AttrList) {
    let (mut boilerplate, mut content) = (AttrList::default(), AttrList::default());
    let mut section = None;
    for entry in entries(text) {
        match entry {
            "[boilerplate]" => section = Some(true),
            "[content]" => section = Some(false),
            _ => {
                let list = match section {
                    Some(true) => &mut boilerplate,
                    Some(false) => &mut content,
                    None => continue,
                };
                match entry.strip_suffix('*') {
                    Some(prefix) => list.prefixes.push(prefix),
                    None => {
                        list.exact.insert(entry);
                    }
                }
            }
        }
    }
    (boilerplate, content)
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
        let (attr_boilerplate, attr_content) =
            attr_lists(include_str!("../../data/lexicons/attributes.txt"));
        let stopwords: FxHashSet<&'static str> =
            entries(include_str!("../../data/lexicons/stopwords.txt")).collect();
        let second_person: FxHashSet<&'static str> =
            entries(include_str!("../../data/lexicons/second_person.txt")).collect();
        let mut words: FxHashMap<&'static str, LexWord> = FxHashMap::default();
        for &w in &stopwords {
            words.entry(w).or_default().stopword = true;
        }
        for &w in &second_person {
            words.entry(w).or_default().second_person = true;
        }
        let mut phrase_lists = Vec::with_capacity(phrases.len());
        for (&w, list) in &phrases {
            let entry = words.entry(w).or_default();
            entry.phrases = Some(phrase_lists.len() as u32);
            phrase_lists.push(list.clone());
        }
        Lexicons {
            stopwords,
            second_person,
            phrases,
            phrase_lists,
            // Most words of a document are in no lexicon: an emptier table answers those
            // with fewer probes, and 8 slots per word (under 100 KB) still stay in cache.
            words: WordTable::with_room(&words, 8.0),
            attr_boilerplate,
            attr_content,
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
        let word = |w: &str| lex.words.get(w).unwrap_or_default();
        assert!(word("the").stopword && word("your").second_person);
        assert!(word("subscribe").phrases.is_some());
        assert_eq!(lex.words.get("harbour"), None);
        assert_eq!(lex.attr_boilerplate.hit("sidebar"), Some("sidebar"));
        assert_eq!(lex.attr_boilerplate.hit("advertisement"), Some("advert"));
        assert_eq!(lex.attr_boilerplate.hit("adjacent"), None);
        assert_eq!(lex.attr_content.hit("articlebody"), Some("article"));
        assert_eq!(lex.attr_content.hit("sidebar"), None);
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
