//! Normalization before tokenizing: repair the mojibake that web text carries, so that a
//! word broken by it still matches itself elsewhere in the document. The paragraph's text is
//! not changed (outputs and offsets show the input as it is); only the features see this.
//!
//! UTF-8 punctuation read as a legacy code page is the common case: `’` (E2 80 99) becomes
//! `â€™` in windows-1252, `β€™` in windows-1253 and `вЂ™` in windows-1251, and later cleaning
//! often drops the symbols and leaves the lead letter alone ("donât", "Trumpβs"). Either way
//! "Trump" stops matching "Trump", and a sentence about Trump looks off topic.

use std::borrow::Cow;

/// Whole sequences: UTF-8 punctuation decoded as windows-1252, -1253 or -1251.
const SEQUENCES: [(&str, &str); 21] = [
    ("â€™", "’"),
    ("â€˜", "‘"),
    ("â€œ", "“"),
    ("â€\u{9d}", "”"),
    ("â€“", "–"),
    ("â€”", "—"),
    ("â€¦", "…"),
    ("β€™", "’"),
    ("β€˜", "‘"),
    ("β€œ", "“"),
    ("β€“", "–"),
    ("β€”", "—"),
    ("β€¦", "…"),
    ("вЂ™", "’"),
    ("вЂ˜", "‘"),
    ("вЂњ", "“"),
    ("вЂ“", "–"),
    ("вЂ”", "—"),
    ("вЂ¦", "…"),
    // The third byte lost: an apostrophe is by far the most common.
    ("β€", "’"),
    ("вЂ", "’"),
];

/// Lead letters of a three-byte UTF-8 sequence (E2 ..) in those code pages.
const LEADS: [char; 3] = ['â', 'β', 'в'];

/// English contraction endings after an apostrophe: what a lone lead letter stands before.
const ENDINGS: [&str; 7] = ["s", "t", "d", "m", "ll", "re", "ve"];

/// The text with mojibake repaired; borrowed (no copy) when there is none, the usual case.
pub fn repair(text: &str) -> Cow<'_, str> {
    // All lead letters are two-byte characters starting with C3, CE or D0.
    if !text.bytes().any(|b| matches!(b, 0xC3 | 0xCE | 0xD0)) || !text.contains(LEADS) {
        return Cow::Borrowed(text);
    }
    let mut s = text.to_string();
    for (bad, good) in SEQUENCES {
        if s.contains(bad) {
            s = s.replace(bad, good);
        }
    }
    Cow::Owned(lone_leads(&s))
}

/// A lead letter between a Latin letter and a contraction ending ("donât", "Trumpβs") is an
/// apostrophe whose other two bytes were lost.
fn lone_leads(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        if LEADS.contains(&c) && prev.is_some_and(|p| p.is_ascii_alphabetic()) {
            let rest = &s[i + c.len_utf8()..];
            let is_ending = ENDINGS.iter().any(|e| {
                rest.len() >= e.len()
                    && rest[..e.len()].eq_ignore_ascii_case(e)
                    && !rest[e.len()..].starts_with(char::is_alphanumeric)
            });
            if is_ending {
                out.push('’');
                prev = Some('’');
                continue;
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(
            repair("Plain text, café and naïve."),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn whole_and_truncated_sequences_become_apostrophes() {
        assert_eq!(repair("Trumpâ€™s plan"), "Trump’s plan");
        assert_eq!(repair("Trumpβ€™s plan"), "Trump’s plan");
        assert_eq!(
            repair("President Trumpβs administration"),
            "President Trump’s administration"
        );
        assert_eq!(
            repair("I donât know, theyâre here"),
            "I don’t know, they’re here"
        );
        assert_eq!(repair("â€œQuotedâ€\u{9d}"), "“Quoted”");
    }

    #[test]
    fn real_words_with_those_letters_stay() {
        for text in [
            "château",
            "Ελληνικά β test",
            "в Москве",
            "âge",
            "alpha βeta",
            "Aβc",
        ] {
            assert_eq!(repair(text), text);
        }
    }
}
