//! Plain words: runs of letters and digits, lowercased on demand. What label alignment compares
//! (a page's blocks against its human-cleaned text) and what the report counts phrases in.
//!
//! Not the featurizer's tokenizer (`features::tokens`), which reads URLs, e-mail addresses,
//! prices and handles as such and counts characters in the same pass: here a word is only ever
//! letters and digits, so two texts that differ in punctuation, case or invisible characters
//! compare equal.

/// Characters that render as nothing (soft hyphen, zero-width space and joiners, BOM): they
/// would only split or glue words wrongly, so they are neither part of a word nor a break.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// From its first to its last letter or digit, as written (invisible characters inside
    /// it included).
    pub text: &'a str,
    /// Whether punctuation or a symbol (anything but whitespace and invisible characters)
    /// stands between this word and the one before: a phrase does not run across it.
    pub after_break: bool,
}

impl Word<'_> {
    /// The word's letters and digits, lowercased (invisible characters left out).
    pub fn lowercase(&self) -> impl Iterator<Item = char> + '_ {
        self.text
            .chars()
            .filter(|&c| !is_invisible(c))
            .flat_map(char::to_lowercase)
    }
}

/// The words of `text`, in order.
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut rest = text.char_indices().peekable();
    let mut broken = false;
    std::iter::from_fn(move || {
        // Up to the word's first letter or digit, noting any break on the way.
        let start = loop {
            let (i, c) = rest.next()?;
            if c.is_alphanumeric() {
                break i;
            }
            broken |= !c.is_whitespace() && !is_invisible(c);
        };
        let mut end = text.len();
        let mut last = start;
        while let Some(&(i, c)) = rest.peek() {
            if c.is_alphanumeric() {
                last = i;
            } else if !is_invisible(c) {
                end = i;
                break;
            }
            rest.next();
        }
        let end = end.min(last + text[last..].chars().next().map_or(0, char::len_utf8));
        let word = Word {
            text: &text[start..end],
            after_break: std::mem::take(&mut broken),
        };
        Some(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(text: &str) -> Vec<(String, bool)> {
        words(text)
            .map(|w| (w.lowercase().collect(), w.after_break))
            .collect()
    }

    #[test]
    fn words_are_letters_and_digits_with_breaks_marked() {
        assert_eq!(
            lower("Free QR-code now! Ünïcode 42x"),
            [
                ("free".into(), false),
                ("qr".into(), false),
                ("code".into(), true),
                ("now".into(), false),
                ("ünïcode".into(), true),
                ("42x".into(), false),
            ]
        );
        assert!(lower("").is_empty());
        assert!(lower(" ... ").is_empty());
    }

    #[test]
    fn invisible_characters_neither_split_nor_break() {
        let w: Vec<Word> = words("co\u{AD}operate \u{200B} now\u{AD}").collect();
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].text, "co\u{AD}operate");
        assert_eq!(w[0].lowercase().collect::<String>(), "cooperate");
        assert_eq!((w[1].text, w[1].after_break), ("now", false));
    }
}
