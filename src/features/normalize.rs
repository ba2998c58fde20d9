//! Normalization before tokenizing: repair the mojibake that web text carries, so that a
//! word broken by it still matches itself elsewhere in the document. The paragraph's text is
//! not changed (outputs and offsets show the input as it is); only the features see this.
//!
//! UTF-8 punctuation read as a legacy code page is the common case: `’` (E2 80 99) becomes
//! `â€™` in windows-1252, `β€™` in windows-1253 and `вЂ™` in windows-1251, and later cleaning
//! often drops the symbols and leaves the lead letter alone ("donât", "Trumpβs"). Either way
//! "Trump" stops matching "Trump", and a sentence about Trump looks off topic.

use std::borrow::Cow;
use std::sync::OnceLock;

/// Lead letters of a three-byte UTF-8 sequence starting E2 in Latin-1/windows-1252 (`â`),
/// windows-1253 (`β`) and windows-1251 (`в`).
const LEADS: [char; 3] = ['â', 'β', 'в'];

/// English contraction endings after an apostrophe: what a lone lead letter stands before.
const ENDINGS: [&str; 7] = ["s", "t", "d", "m", "ll", "re", "ve"];

/// Every General Punctuation character U+2000..U+203F (UTF-8 E2 80 xx) as it reads when its
/// bytes are decoded as Latin-1, windows-1252, -1253 or -1251, with the character it was.
fn sequences() -> &'static [(String, char)] {
    static TABLE: OnceLock<Vec<(String, char)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::new();
        for b in 0x80u8..=0xBF {
            let bytes = [0xE2, 0x80, b];
            let Ok(truth) = std::str::from_utf8(&bytes) else {
                continue;
            };
            let truth = truth.chars().next().expect("three bytes, one char");
            // Latin-1 maps every byte to the code point of the same number.
            table.push((bytes.iter().map(|&x| char::from(x)).collect(), truth));
            for enc in [
                encoding_rs::WINDOWS_1252,
                encoding_rs::WINDOWS_1253,
                encoding_rs::WINDOWS_1251,
            ] {
                let (text, _, bad) = enc.decode(&bytes);
                if !bad {
                    table.push((text.into_owned(), truth));
                }
            }
        }
        // Longest first, so that no pattern hides a longer one.
        table.sort_by_key(|entry| std::cmp::Reverse(entry.0.len()));
        table.dedup();
        table
    })
}

/// The text with mojibake repaired; borrowed (no copy) when there is none, the usual case.
pub fn repair(text: &str) -> Cow<'_, str> {
    // All lead letters are two-byte characters starting with C3, CE or D0. memchr3 checks 32
    // bytes at a time: this runs on every paragraph, and clean text must not pay for it.
    if memchr::memchr3(0xC3, 0xCE, 0xD0, text.as_bytes()).is_none() || !text.contains(LEADS) {
        return Cow::Borrowed(text);
    }
    let table = sequences();
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if LEADS.contains(&c) {
            let rest = &text[i..];
            if let Some((bad, good)) = table.iter().find(|(bad, _)| rest.starts_with(bad.as_str()))
            {
                out.push(*good);
                prev = Some(*good);
                i += bad.len();
                continue;
            }
            // The other two bytes lost ("donât", "Trumpβs"): an apostrophe in a contraction.
            let after = &rest[c.len_utf8()..];
            let is_ending = ENDINGS.iter().any(|e| {
                after
                    .get(..e.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(e))
                    && !after[e.len()..].starts_with(char::is_alphanumeric)
            });
            if prev.is_some_and(|p| p.is_ascii_alphabetic()) && is_ending {
                out.push('’');
                prev = Some('’');
                i += c.len_utf8();
                continue;
            }
        }
        out.push(c);
        prev = Some(c);
        i += c.len_utf8();
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
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
        // Latin-1: the middle byte is a C1 control.
        assert_eq!(
            repair("â\u{80}\u{9c}extendedâ\u{80}\u{9d} (ERE)"),
            "“extended” (ERE)"
        );
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

    proptest::proptest! {
        #[test]
        fn repair_never_panics_and_never_lengthens(s in "[aAsté âβв€\u{80}\u{99}\u{9c}Ђ™ ]{0,24}") {
            let out = repair(&s);
            proptest::prop_assert!(out.chars().count() <= s.chars().count());
        }
    }
}
