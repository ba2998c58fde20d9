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
    /// Class/id tokens that mark page furniture or the main text (`attributes.txt`).
    pub attributes: AttrLists,
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

/// Which section of `attributes.txt` a class/id token hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrClass {
    /// `[boilerplate]`: page furniture (`sidebar`, `share*`, `nav`).
    Boilerplate,
    /// `[content]`: the main text (`article*`, `post`, `entry`).
    Content,
}

/// The two sections of `attributes.txt`: words matched exactly, and prefixes (entries written
/// `word*`). A token is furniture when it hits the boilerplate section (exactly, or by a
/// prefix), else main text when it hits the content section.
#[derive(Debug)]
pub struct AttrLists {
    exact: FxHashMap<&'static str, AttrClass>,
    /// The prefixes by their first byte, boilerplate ones first, each section in file order: a
    /// token is only tried against the few that could match it. Every class and id token of
    /// every HTML block is looked up, and trying all thirty prefixes of both sections on each
    /// was a sixth of the time of scoring a page.
    prefixes: Vec<Vec<(&'static str, AttrClass)>>,
}

impl AttrLists {
    /// The section a token hits and the entry it hits there: boilerplate before content, and
    /// within a section the token itself before the first prefix (in file order) it starts
    /// with.
    pub fn hit(&self, token: &str) -> Option<(AttrClass, &'static str)> {
        let exact = self.exact.get_key_value(token).map(|(&w, &c)| (c, w));
        if let Some((AttrClass::Boilerplate, _)) = exact {
            return exact;
        }
        let first = *token.as_bytes().first()?;
        let mut prefixes = self.prefixes[first as usize].iter();
        for &(p, class) in prefixes.by_ref() {
            if class == AttrClass::Content {
                // Past the boilerplate prefixes: a content word wins over content prefixes.
                if exact.is_some() {
                    return exact;
                }
                if token.starts_with(p) {
                    return Some((class, p));
                }
                break;
            }
            if token.starts_with(p) {
                return Some((class, p));
            }
        }
        exact.or_else(|| {
            prefixes
                .find(|(p, _)| token.starts_with(p))
                .map(|&(p, c)| (c, p))
        })
    }

    fn parse(text: &'static str) -> AttrLists {
        let mut lists = AttrLists {
            exact: FxHashMap::default(),
            prefixes: vec![Vec::new(); 256],
        };
        let mut section = None;
        let mut content_prefixes = Vec::new();
        for entry in entries(text) {
            match entry {
                "[boilerplate]" => section = Some(AttrClass::Boilerplate),
                "[content]" => section = Some(AttrClass::Content),
                _ => {
                    let Some(class) = section else { continue };
                    match entry.strip_suffix('*') {
                        Some(p) if class == AttrClass::Content => content_prefixes.push(p),
                        Some(p) => lists.add_prefix(p, class),
                        // A word in both sections is furniture: boilerplate is tried first.
                        None if class == AttrClass::Boilerplate => {
                            lists.exact.insert(entry, class);
                        }
                        None => {
                            lists.exact.entry(entry).or_insert(class);
                        }
                    }
                }
            }
        }
        for p in content_prefixes {
            lists.add_prefix(p, AttrClass::Content);
        }
        lists
    }

    fn add_prefix(&mut self, prefix: &'static str, class: AttrClass) {
        if let Some(&first) = prefix.as_bytes().first() {
            self.prefixes[first as usize].push((prefix, class));
        }
    }
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
            attributes: AttrLists::parse(include_str!("../../data/lexicons/attributes.txt")),
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
        let hit = |t: &str| lex.attributes.hit(t);
        assert_eq!(hit("sidebar"), Some((AttrClass::Boilerplate, "sidebar")));
        assert_eq!(
            hit("advertisement"),
            Some((AttrClass::Boilerplate, "advert"))
        );
        assert_eq!(hit("adjacent"), None);
        assert_eq!(hit("articlebody"), Some((AttrClass::Content, "article")));
        assert_eq!(hit(""), None);
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
