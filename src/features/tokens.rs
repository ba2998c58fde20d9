//! Pre-tokenization, done once per document: every feature family reads these tokens and
//! counts, none re-reads the text.

use super::structure::BlockHtml;
use crate::document::{BlockKind, Document};
use rustc_hash::FxHashMap;

/// Per-paragraph counts taken in the same pass as the words.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Non-whitespace characters.
    pub chars: u32,
    pub letters: u32,
    pub upper: u32,
    pub digits: u32,
    pub punct: u32,
    pub exclaim: u32,
    /// Words of 4+ letters written entirely in capitals (FREE, THANK).
    pub allcaps: u32,
    /// Words starting with a capital letter.
    pub titlecase: u32,
    pub urls: u32,
    pub domains: u32,
    pub emails: u32,
    pub handles: u32,
    pub hashtags: u32,
    pub phones: u32,
    pub currency: u32,
    pub ends_terminal: bool,
    pub ends_colon: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ParaTokens {
    /// Interned lowercase words in order (ids index [`DocTokens::words`]).
    pub words: Vec<u32>,
    pub counts: Counts,
    pub link_chars: u32,
    pub link_count: u32,
    pub block: BlockKind,
    /// The element of an HTML block.
    pub html: Option<BlockHtml>,
}

/// What the lexicons say about a word, looked up once per distinct word of a document so that
/// no feature hashes a word per occurrence.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordInfo {
    pub stopword: bool,
    pub second_person: bool,
    /// The word starts a lexicon phrase.
    pub phrase_start: bool,
    pub chars: u32,
}

/// A document's paragraphs as tokens, with its own small vocabulary.
#[derive(Debug, Clone, Default)]
pub struct DocTokens {
    pub words: Vec<Box<str>>,
    /// Per word id.
    pub info: Vec<WordInfo>,
    pub paras: Vec<ParaTokens>,
}

impl DocTokens {
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }
    pub fn info(&self, id: u32) -> WordInfo {
        self.info[id as usize]
    }
}

pub fn tokenize(doc: &Document) -> DocTokens {
    let mut interner: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut words: Vec<Box<str>> = Vec::new();
    let mut buf = String::new();
    let paras = doc
        .paragraphs
        .iter()
        .map(|p| {
            let mut t = ParaTokens {
                link_chars: p.link_chars as u32,
                link_count: p.link_count as u32,
                block: p.block,
                html: p.html.as_ref().map(BlockHtml::new),
                ..ParaTokens::default()
            };
            scan(
                &super::normalize::repair(&p.text),
                &mut t,
                &mut |w: &str| {
                    if let Some(&id) = interner.get(w) {
                        return id;
                    }
                    let id = words.len() as u32;
                    let boxed: Box<str> = w.into();
                    words.push(boxed.clone());
                    interner.insert(boxed, id);
                    id
                },
                &mut buf,
            );
            t
        })
        .collect();
    let lex = super::lexicon::lexicons();
    let info = words
        .iter()
        .map(|w| WordInfo {
            stopword: lex.stopwords.contains(&**w),
            second_person: lex.second_person.contains(&**w),
            phrase_start: lex.phrases.contains_key(&**w),
            chars: w.chars().count() as u32,
        })
        .collect();
    DocTokens { words, info, paras }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn scan(text: &str, t: &mut ParaTokens, intern: &mut impl FnMut(&str) -> u32, buf: &mut String) {
    let c = &mut t.counts;
    // Most text is ASCII: classify bytes directly and decode only the rest.
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b < 0x80 {
            at += 1;
            match b {
                b'\t'..=b'\r' | b' ' => {}
                b'a'..=b'z' => {
                    c.chars += 1;
                    c.letters += 1;
                }
                b'A'..=b'Z' => {
                    c.chars += 1;
                    c.letters += 1;
                    c.upper += 1;
                }
                b'0'..=b'9' => {
                    c.chars += 1;
                    c.digits += 1;
                }
                _ => {
                    c.chars += 1;
                    c.punct += 1;
                    c.exclaim += (b == b'!') as u32;
                }
            }
            continue;
        }
        let ch = text[at..].chars().next().expect("at is a char boundary");
        at += ch.len_utf8();
        if ch.is_whitespace() {
            continue;
        }
        c.chars += 1;
        if ch.is_alphabetic() {
            c.letters += 1;
            if ch.is_uppercase() {
                c.upper += 1;
            }
        } else if ch.is_numeric() {
            c.digits += 1;
        } else {
            c.punct += 1;
            if ch == '!' {
                c.exclaim += 1;
            }
        }
    }
    c.phones = count_phones(text.as_bytes());
    let trimmed = text.trim_end_matches(|ch: char| {
        ch.is_whitespace()
            || matches!(
                ch,
                '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']' | '*' | '_'
            )
    });
    c.ends_terminal = trimmed.ends_with(['.', '!', '?', '\u{2026}']);
    c.ends_colon = trimmed.ends_with(':');

    for raw in text.split_whitespace() {
        let tok = raw.trim_matches(|ch: char| {
            matches!(
                ch,
                '(' | ')'
                    | '['
                    | ']'
                    | '<'
                    | '>'
                    | '"'
                    | '\''
                    | ','
                    | ';'
                    | '\u{201c}'
                    | '\u{201d}'
                    | '\u{2018}'
                    | '\u{2019}'
            )
        });
        let is_url = starts_with_ignore_case(tok, "http://")
            || starts_with_ignore_case(tok, "https://")
            || tok.len() > 4 && starts_with_ignore_case(tok, "www.");
        if is_url {
            c.urls += 1;
            continue;
        }
        let tok = tok.trim_end_matches(['.', ':', '!', '?']);
        if let Some(at) = tok.find('@') {
            if at == 0 {
                if tok.len() > 1
                    && tok[1..]
                        .chars()
                        .next()
                        .is_some_and(|ch| ch.is_alphanumeric() || ch == '_')
                {
                    c.handles += 1;
                }
            } else if tok[at + 1..].contains('.') {
                c.emails += 1;
                continue;
            }
        } else if tok.len() > 1
            && tok.starts_with('#')
            && tok[1..]
                .chars()
                .next()
                .is_some_and(|ch| ch.is_alphanumeric())
        {
            c.hashtags += 1;
        } else if is_domain(tok) {
            c.domains += 1;
        }
        if tok.contains(['$', '€', '£', '¥', '₹']) && tok.bytes().any(|b| b.is_ascii_digit())
        {
            c.currency += 1;
        }
        words_of(tok, c, intern, &mut t.words, buf);
    }
}

/// Split a raw token into alphanumeric runs, lowercase each, and intern it.
fn words_of(
    tok: &str,
    c: &mut Counts,
    intern: &mut impl FnMut(&str) -> u32,
    out: &mut Vec<u32>,
    buf: &mut String,
) {
    let mut letters = 0u32;
    let mut uppers = 0u32;
    let mut first_upper = false;
    buf.clear();
    let stopwords = &super::lexicon::lexicons().stopwords;
    let mut flush =
        |buf: &mut String, letters: &mut u32, uppers: &mut u32, first_upper: &mut bool| {
            if !buf.is_empty() {
                // An acronym that lowercases to a stopword (US, IT, WHO) is a name, not the
                // word: keep it in capitals so it stays a content term.
                if *letters >= 2 && *uppers == *letters && stopwords.contains(buf.as_str()) {
                    buf.make_ascii_uppercase();
                }
                out.push(intern(buf));
                if *letters >= 4 && *uppers == *letters {
                    c.allcaps += 1;
                }
                if *first_upper {
                    c.titlecase += 1;
                }
                buf.clear();
            }
            *letters = 0;
            *uppers = 0;
            *first_upper = false;
        };
    for ch in tok.chars() {
        if ch.is_alphanumeric() {
            if ch.is_alphabetic() {
                letters += 1;
                if ch.is_uppercase() {
                    uppers += 1;
                    if buf.is_empty() {
                        first_upper = true;
                    }
                }
            }
            if ch.is_ascii() {
                buf.push(ch.to_ascii_lowercase());
            } else {
                buf.extend(ch.to_lowercase());
            }
        } else {
            flush(buf, &mut letters, &mut uppers, &mut first_upper);
        }
    }
    flush(buf, &mut letters, &mut uppers, &mut first_upper);
}

/// `vCard.red`, `Amazon.com`, `example.co.uk`: dotted labels ending in a 2-6 letter top-level
/// label, with a first label of at least two characters (so `e.g` and `U.S` are not domains).
fn is_domain(tok: &str) -> bool {
    if !tok.contains('.') {
        return false;
    }
    let mut labels = tok.split('.');
    let Some(first) = labels.next() else {
        return false;
    };
    if first.len() < 2
        || !first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return false;
    }
    let rest: Vec<&str> = labels.collect();
    let Some(tld) = rest.last() else { return false };
    rest.iter()
        .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && (2..=6).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
        && first.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Phone numbers: runs of digits joined by single separators (space, dash, dot, parentheses,
/// leading +) with 9 to 15 digits in all, either one long group (09061701461) or several groups.
fn count_phones(b: &[u8]) -> u32 {
    let mut count = 0;
    let mut i = 0;
    while i < b.len() {
        if !(b[i].is_ascii_digit() || b[i] == b'+' || b[i] == b'(') {
            i += 1;
            continue;
        }
        if i > 0 && (b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let (mut digits, mut groups, mut longest, mut run) = (0, 0, 0, 0);
        let mut j = i;
        let mut last_sep = true;
        let mut digits_end = i;
        while j < b.len() {
            let ch = b[j];
            if ch.is_ascii_digit() {
                if run == 0 {
                    groups += 1;
                }
                run += 1;
                digits += 1;
                longest = usize::max(longest, run);
                last_sep = false;
                digits_end = j + 1;
            } else if matches!(ch, b' ' | b'-' | b'.' | b'(' | b')' | b'+') && !last_sep
                || (ch == b'(' || ch == b'+') && j == i
            {
                run = 0;
                last_sep = ch != b')';
            } else {
                break;
            }
            j += 1;
        }
        let ends_in_word = digits_end < b.len() && b[digits_end].is_ascii_alphanumeric();
        if (9..=15).contains(&digits) && (groups > 1 || longest >= 10) && !ends_in_word {
            count += 1;
        }
        i = j.max(i + 1);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Paragraph;

    fn one(text: &str) -> (ParaTokens, DocTokens) {
        let doc = Document {
            paragraphs: vec![Paragraph::new(text)],
            ..Document::default()
        };
        let t = tokenize(&doc);
        (t.paras[0].clone(), t)
    }

    #[test]
    fn words_are_lowercased_and_interned_once() {
        let (p, t) = one("Free FREE free-trial, don't");
        let ws: Vec<&str> = p.words.iter().map(|&i| t.word(i)).collect();
        assert_eq!(ws, vec!["free", "free", "free", "trial", "don", "t"]);
        assert_eq!(t.words.len(), 4);
        assert_eq!(p.counts.allcaps, 1);
        let (p, t) = one("The US said us");
        let ws: Vec<&str> = p.words.iter().map(|&i| t.word(i)).collect();
        assert_eq!(ws, vec!["the", "US", "said", "us"]);
    }

    #[test]
    fn links_contacts_and_money_are_counted() {
        let (p, _) = one(
            "Visit vCard.red or https://x.io/a, mail me@shop.com, follow @seam #deal, \
             call 0906 170 1461 or (555) 123-4567 for $5.99! U.S. e.g. 2018",
        );
        let c = &p.counts;
        assert_eq!(
            (c.urls, c.domains, c.emails, c.handles, c.hashtags),
            (1, 1, 1, 1, 1)
        );
        assert_eq!(c.phones, 2);
        assert_eq!(c.currency, 1);
        assert_eq!(c.exclaim, 1);
        assert!(!c.ends_terminal);
    }

    #[test]
    fn terminal_punctuation_sees_through_closing_quotes() {
        let (p, _) = one("He said: \u{201c}It will come to a head.\u{201d}");
        assert!(p.counts.ends_terminal);
        let (p, _) = one("A message from the founder:");
        assert!(p.counts.ends_colon);
    }

    #[test]
    fn years_and_big_numbers_are_not_phones() {
        assert_eq!(
            count_phones(b"in 2018 and 2019, 15,000 people, 1 000 000 euros"),
            0
        );
        assert_eq!(count_phones(b"call 09061701461 now"), 1);
    }
}
