//! Pre-tokenization, done once per document: every feature family reads these tokens and
//! counts, none re-reads the text.

use super::packed;
use crate::document::{Document, Element, Role};

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
    /// Sums over the paragraph's words of what [`WordInfo`] says about each, taken in one
    /// pass once the document's words are known: the shape and promo features read these
    /// instead of walking the words again each.
    pub stopwords: u32,
    pub second_person: u32,
    /// Characters in words.
    pub word_chars: u32,
    /// Words that start a lexicon phrase: phrase matching runs only where there is one.
    pub phrase_starts: u32,
}

#[derive(Debug, Clone, Default)]
pub struct ParaTokens {
    /// Interned lowercase words in order (ids index [`DocTokens::words`]).
    pub words: Vec<u32>,
    pub counts: Counts,
    pub link_chars: u32,
    pub link_count: u32,
    pub role: Role,
    /// The element of an HTML block.
    pub element: Option<Element>,
}

/// What the lexicons say about a word, looked up once per distinct word of a document so that
/// no feature hashes a word per occurrence.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordInfo {
    pub stopword: bool,
    pub second_person: bool,
    /// The lexicon phrases it starts, an index into [`super::lexicon::Lexicons::phrase_lists`].
    pub phrases: Option<u32>,
    pub chars: u32,
}

/// A document's paragraphs as tokens, with its own small vocabulary.
#[derive(Debug, Clone, Default)]
pub struct DocTokens {
    /// The distinct words, one after another: word `id` ends at `ends[id]` and starts where
    /// the previous one ends. One buffer instead of a `String` per word: a document has
    /// hundreds of distinct words, and allocating each was a visible share of scoring time.
    words: Interner,
    /// Per word id.
    pub info: Vec<WordInfo>,
    pub paras: Vec<ParaTokens>,
}

impl DocTokens {
    pub fn word(&self, id: u32) -> &str {
        self.words.word(id as usize)
    }
    /// The id of a word of this document.
    pub fn id_of(&self, word: &str) -> Option<u32> {
        self.words.find(word).ok()
    }
    pub fn info(&self, id: u32) -> WordInfo {
        self.info[id as usize]
    }
    /// Number of distinct words.
    pub fn word_count(&self) -> usize {
        self.words.ends.len()
    }
    /// The distinct words in id order. Walked along the buffer, each word starting where the
    /// last ended: three passes over every distinct word (lexicons, drift terms, learned
    /// vocabulary) called [`DocTokens::word`] for each, which reads two ends.
    pub fn words(&self) -> impl ExactSizeIterator<Item = &str> + Clone {
        let text = self.words.text.as_str();
        let mut start = 0;
        self.words.ends.iter().map(move |&end| {
            let w = &text[start..end as usize];
            start = end as usize;
            w
        })
    }
}

/// Maps words to ids for one document, storing each distinct word once in a shared buffer.
/// An open-addressing table rather than a `HashMap<Box<str>, u32>`: lookups, one per token,
/// compare a stored tag before any bytes, and no word is allocated on its own. A word of up to
/// eight bytes (most are) is kept packed in its slot ([`packed`]): it is hashed with one
/// multiply and found with one compare, no loop over its bytes.
#[derive(Debug, Clone, Default)]
struct Interner {
    text: String,
    ends: Vec<u32>,
    /// A power of two, at most half of them used, so probe runs stay short.
    slots: Vec<Slot>,
}

/// 16 bytes.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// [`packed::tag`] of the word; 0 marks an empty slot.
    tag: u32,
    id: u32,
    /// The word as [`packed::inline`] packs it, when it is that short.
    word: u64,
}

impl Interner {
    /// Sized for a document of `bytes` bytes of text: splice-dev documents have about one
    /// distinct word per 20 bytes, so room for one per 12 rarely doubles, and a table made big
    /// enough at once is cheaper than doubling it two or three times on the way, rehashing
    /// every word each time. The ids do not depend on the table's size.
    fn with_text_bytes(bytes: usize) -> Interner {
        let slots = (bytes / 6).clamp(1024, 1 << 16).next_power_of_two();
        Interner {
            text: String::with_capacity(bytes / 2),
            ends: Vec::with_capacity(slots / 2),
            slots: vec![Slot::default(); slots],
        }
    }

    fn word(&self, id: usize) -> &str {
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start as usize..self.ends[id] as usize]
    }

    /// The word's bytes: slicing bytes skips the char-boundary checks of slicing the `str`,
    /// and the lookup of a long word compares bytes anyway.
    fn bytes(&self, id: usize) -> &[u8] {
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text.as_bytes()[start as usize..self.ends[id] as usize]
    }

    /// The slot a tag's probe starts at. The tag keeps the hash's high bits, so the table
    /// can be regrown from the tags alone.
    fn home(&self, tag: u32) -> usize {
        (tag >> 4) as usize & (self.slots.len() - 1)
    }

    /// The word's id, or its tag and the empty slot where it would go. `short` is the word
    /// packed, when it is at most [`packed::INLINE`] bytes long.
    #[inline(always)]
    fn find_as(&self, word: &[u8], hash: u32, short: Option<u64>) -> Result<u32, (u32, usize)> {
        let want = packed::tag(hash, word.len());
        if self.slots.is_empty() {
            return Err((want, 0));
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(want);
        loop {
            let slot = self.slots[at];
            if slot.tag == 0 {
                return Err((want, at));
            }
            if slot.tag == want {
                let same = match short {
                    Some(p) => slot.word == p,
                    None => same(self.bytes(slot.id as usize), word),
                };
                if same {
                    return Ok(slot.id);
                }
            }
            at = (at + 1) & mask;
        }
    }

    #[inline(always)]
    fn find(&self, word: &str) -> Result<u32, (u32, usize)> {
        let w = word.as_bytes();
        if w.len() <= packed::INLINE {
            let p = packed::inline(w);
            self.find_as(w, packed::hash_inline(p, w.len()), Some(p))
        } else {
            self.find_as(w, packed::hash(w), None)
        }
    }

    #[inline(always)]
    fn intern(&mut self, word: &str) -> u32 {
        match self.find(word) {
            Ok(id) => id,
            Err((tag, at)) => {
                self.text.push_str(word);
                let w = word.as_bytes();
                let p = if w.len() <= packed::INLINE {
                    packed::inline(w)
                } else {
                    0
                };
                self.insert(tag, at, p)
            }
        }
    }

    /// [`Interner::intern`] of an ASCII word of `len` <= [`packed::INLINE`] bytes, given
    /// packed.
    #[inline(always)]
    fn intern_short(&mut self, packed: u64, len: usize) -> u32 {
        let bytes = packed.to_le_bytes();
        let word = &bytes[..len];
        match self.find_as(word, packed::hash_inline(packed, len), Some(packed)) {
            Ok(id) => id,
            Err((tag, at)) => {
                // ASCII bytes are chars as they are.
                self.text.extend(word.iter().map(|&b| b as char));
                self.insert(tag, at, packed)
            }
        }
    }

    /// Give the word just appended to `text` an id, in the empty slot `at` found for it.
    fn insert(&mut self, tag: u32, at: usize, packed: u64) -> u32 {
        let id = self.ends.len() as u32;
        self.ends.push(self.text.len() as u32);
        self.slots[at] = Slot {
            tag,
            id,
            word: packed,
        };
        if self.ends.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        let doubled = vec![Slot::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.tag != 0) {
            let mut at = self.home(slot.tag);
            while self.slots[at].tag != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

/// Byte equality without a call to `memcmp`, for words that are mostly a few bytes long.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

pub fn tokenize(doc: &Document) -> DocTokens {
    let bytes: usize = doc.paragraphs.iter().map(|p| p.text.len()).sum();
    let mut scanner = Scanner {
        interner: Interner::with_text_bytes(bytes),
        buf: String::new(),
        stopwords: &super::lexicon::lexicons().stopwords,
    };
    let paras = doc
        .paragraphs
        .iter()
        .map(|p| {
            let mut t = ParaTokens {
                link_chars: p.link_chars as u32,
                link_count: p.link_count as u32,
                role: p.role,
                element: p.element.clone(),
                ..ParaTokens::default()
            };
            scanner.scan(&super::normalize::repair(&p.text), &mut t);
            t
        })
        .collect();
    let mut doc = DocTokens {
        words: scanner.interner,
        info: Vec::new(),
        paras,
    };
    let lex = &super::lexicon::lexicons().words;
    doc.info = doc
        .words()
        .zip(lex.get_all(doc.words()))
        .map(|(w, l)| {
            let l = l.unwrap_or_default();
            WordInfo {
                stopword: l.stopword,
                second_person: l.second_person,
                phrases: l.phrases,
                // Every byte that does not continue a UTF-8 character starts one: no branch
                // on whether the word is ASCII.
                chars: w.bytes().filter(|&b| (b as i8) >= -0x40).count() as u32,
            }
        })
        .collect();
    for p in &mut doc.paras {
        let c = &mut p.counts;
        for &id in &p.words {
            let info = doc.info[id as usize];
            c.stopwords += info.stopword as u32;
            c.second_person += info.second_person as u32;
            c.word_chars += info.chars;
            c.phrase_starts += info.phrases.is_some() as u32;
        }
    }
    doc
}

fn starts_with_ignore_case(s: &[u8], prefix: &str) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Byte classes for the token loop: what a token's bytes may hold, collected as one mask so
/// that the checks for e-mails, domains and money run only on tokens that could be one.
const SPACE: u16 = 1;
const ALNUM: u16 = 2;
const DIGIT: u16 = 4;
const AT: u16 = 8;
const DOT: u16 = 16;
const DOLLAR: u16 = 32;
/// A byte of a multi-byte character.
const NON_ASCII: u16 = 64;
/// An ASCII capital letter (also [`ALNUM`]).
const UPPER: u16 = 128;
/// Any other ASCII byte (punctuation, controls): with [`UPPER`], it lets the union of a token's
/// classes tell a plain lowercase word from everything that needs a closer look.
const OTHER: u16 = 256;

const CLASS: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            // Whitespace as `str::split_whitespace` sees it, for ASCII.
            b'\t'..=b'\r' | b' ' => SPACE,
            b'a'..=b'z' => ALNUM,
            b'A'..=b'Z' => ALNUM | UPPER,
            b'0'..=b'9' => ALNUM | DIGIT,
            b'@' => AT,
            b'.' => DOT,
            b'$' => DOLLAR,
            0x80..=0xff => NON_ASCII,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

/// Count the classes of a paragraph's ASCII bytes (other bytes are left to
/// [`count_char`]). Plain comparisons and sums, which the compiler vectorizes: into byte
/// counters over runs of at most 255 bytes (sixteen bytes per vector operation, where 32-bit
/// counters take four), added up after each run.
/// Returns the number of ASCII digits.
fn count_ascii(bytes: &[u8], c: &mut Counts) -> u32 {
    let (mut ascii, mut space, mut lower, mut upper, mut digits, mut exclaim) =
        (0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    for run in bytes.chunks(255) {
        let (mut a, mut s, mut l, mut u, mut d, mut e) = (0u8, 0u8, 0u8, 0u8, 0u8, 0u8);
        for &b in run {
            a += (b < 0x80) as u8;
            s += (b == b' ' || b.wrapping_sub(b'\t') < 5) as u8;
            l += (b.wrapping_sub(b'a') < 26) as u8;
            u += (b.wrapping_sub(b'A') < 26) as u8;
            d += (b.wrapping_sub(b'0') < 10) as u8;
            e += (b == b'!') as u8;
        }
        ascii += a as u32;
        space += s as u32;
        lower += l as u32;
        upper += u as u32;
        digits += d as u32;
        exclaim += e as u32;
    }
    let chars = ascii - space;
    c.chars += chars;
    c.letters += lower + upper;
    c.upper += upper;
    c.digits += digits;
    c.punct += chars - lower - upper - digits;
    c.exclaim += exclaim;
    digits
}

/// A token of at most seven bytes followed by ASCII whitespace that is a single word as it
/// stands, tested eight bytes at once instead of a table lookup per byte: lowercase letters,
/// perhaps a capital first, perhaps one `,` or `.` last. In the first 300 splice-dev documents
/// 56% of tokens are one to seven lowercase letters, 8% the same capitalised and 8% a
/// lowercase word with a comma or full stop. None of the checks of [`Scanner::ascii_token`]
/// can fire on such a token: it is the word and, when capitalised, one titlecase word (a
/// single capital is no acronym, and more letters are not all capitals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShortWord {
    /// Bytes of the token (the word and its punctuation); the next byte is whitespace.
    token: usize,
    /// Bytes of the word.
    len: usize,
    /// The word lowercased and packed ([`packed::inline`]).
    packed: u64,
    capitalised: bool,
}

/// The [`ShortWord`] at the start of `bytes`, if one is there.
fn short_word(bytes: &[u8]) -> Option<ShortWord> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
    // High bit of each byte that is not ASCII or is below b'!'. Borrows can mark bytes past
    // the first such byte, never before it, and only the first one counts.
    let stop = (x & HIGH) | (x.wrapping_sub(ONES * 0x21) & !x & HIGH);
    if stop == 0 {
        return None;
    }
    let k = (stop.trailing_zeros() / 8) as usize;
    if k == 0 || CLASS[bytes[k] as usize] & SPACE == 0 {
        return None;
    }
    let capitalised = bytes[0].is_ascii_uppercase();
    let x = x | (capitalised as u64) << 5;
    // With every high bit set no byte borrows: a byte's high bit survives the subtraction of
    // b'a' exactly when it is at least b'a', and that of b'z' + 1 when it is above b'z'.
    let set = x | HIGH;
    let lower = set.wrapping_sub(ONES * u64::from(b'a')) & !set.wrapping_sub(ONES * 0x7b) & HIGH;
    let high = |n: usize| HIGH & ((1u64 << (8 * n)) - 1);
    let len = if lower & high(k) == high(k) {
        k
    } else if k >= 2 && lower & high(k - 1) == high(k - 1) && matches!(bytes[k - 1], b',' | b'.') {
        k - 1
    } else {
        return None;
    };
    Some(ShortWord {
        token: k,
        len,
        packed: x & ((1u64 << (8 * len)) - 1),
        capitalised,
    })
}

/// Punctuation that wraps a token: trimmed from both ends before anything else.
fn wrapper(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'[' | b']' | b'<' | b'>' | b'"' | b'\'' | b',' | b';'
    )
}

/// Punctuation that ends a sentence: trimmed from a token's end after the URL check.
fn sentence_end(b: u8) -> bool {
    matches!(b, b'.' | b':' | b'!' | b'?')
}

/// Count one non-ASCII, non-whitespace character.
fn count_char(ch: char, c: &mut Counts) {
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
    }
}

/// Tokenizing state kept across a document's paragraphs.
struct Scanner {
    interner: Interner,
    buf: String,
    stopwords: &'static rustc_hash::FxHashSet<&'static str>,
}

impl Scanner {
    /// Split on whitespace (Unicode's, as `str::split_whitespace`) and handle each token. Most
    /// tokens are ASCII: those are trimmed, split and lowercased byte by byte; only tokens with
    /// other characters take the per-char path. Character counts are one vectorized pass over
    /// the ASCII bytes, plus the other characters as the token loop meets them.
    fn scan(&mut self, text: &str, t: &mut ParaTokens) {
        let bytes = text.as_bytes();
        let ascii_digits = count_ascii(bytes, &mut t.counts);
        t.words.reserve(bytes.len() / 5);
        let mut at = 0;
        while at < bytes.len() {
            let k = CLASS[bytes[at] as usize];
            if k & SPACE != 0 {
                at += 1;
                continue;
            }
            // Most tokens are a short word and a space: taken eight bytes at a time.
            if let Some(w) = short_word(&bytes[at..]) {
                t.words.push(self.interner.intern_short(w.packed, w.len));
                t.counts.titlecase += w.capitalised as u32;
                // The byte after the token is ASCII whitespace.
                at += w.token + 1;
                continue;
            }
            let start = at;
            let mut seen = 0u16;
            // The token's run of ASCII bytes, in a loop with nothing else in it: most tokens
            // are all of it. A multi-byte character or the end of the token stops it.
            let run = bytes[at..]
                .iter()
                .position(|&b| {
                    let k = CLASS[b as usize];
                    seen |= k;
                    k & (SPACE | NON_ASCII) != 0
                })
                .unwrap_or(bytes.len() - at);
            at += run;
            // The byte that stopped the run is not the token's (yet): its class comes off again.
            seen &= !(SPACE | NON_ASCII);
            while at < bytes.len() {
                let k = CLASS[bytes[at] as usize];
                if k & (SPACE | NON_ASCII) == 0 {
                    seen |= k;
                    at += 1;
                    continue;
                }
                if k & SPACE != 0 {
                    break;
                }
                let ch = text[at..].chars().next().expect("at is a char boundary");
                if ch.is_whitespace() {
                    break;
                }
                count_char(ch, &mut t.counts);
                seen |= NON_ASCII;
                at += ch.len_utf8();
            }
            if start == at {
                // Non-ASCII whitespace.
                at += text[at..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            if seen & NON_ASCII == 0 {
                self.ascii_token(&text[start..at], seen, t);
            } else {
                self.token(&text[start..at], t);
            }
        }
        let c = &mut t.counts;
        // A phone number has at least nine ASCII digits.
        c.phones = if ascii_digits >= 9 {
            count_phones(bytes)
        } else {
            0
        };
        let trimmed = text.trim_end_matches(|ch: char| {
            ch.is_whitespace()
                || matches!(
                    ch,
                    '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']' | '*' | '_'
                )
        });
        c.ends_terminal = trimmed.ends_with(['.', '!', '?', '\u{2026}']);
        c.ends_colon = trimmed.ends_with(':');
    }

    /// One whitespace-separated token of ASCII characters: the same decisions as
    /// [`Scanner::token`], on bytes.
    /// `seen` is the union of the [`CLASS`] bits of its bytes.
    fn ascii_token(&mut self, token: &str, seen: u16, t: &mut ParaTokens) {
        // Slices of an ASCII token are &str without validation, so words go to the interner
        // as they are.
        let tok = token.as_bytes();
        // Most tokens are a bare word: letters and digits only. None of the checks below can
        // fire on one, and it is a single alphanumeric run.
        if seen & !(ALNUM | DIGIT | UPPER) == 0 {
            self.ascii_word(token, seen & UPPER != 0, t);
            return;
        }
        // The next most common: a word with closing punctuation ("word," "end." "(this)").
        // Trimming takes the punctuation off, and with only letters and digits before it no
        // link, address, handle, tag or amount can remain, nor a second word. The one
        // exception is "www" followed by two of them, which reads as a URL ("www..").
        let closer = |b: u8| wrapper(b) || sentence_end(b);
        let mut core = tok.len();
        while core > 0 && closer(tok[core - 1]) {
            core -= 1;
        }
        if core > 0
            && seen & (AT | DOLLAR) == 0
            && !tok[..core].eq_ignore_ascii_case(b"www")
            && tok[..core]
                .iter()
                .all(|&b| CLASS[b as usize] & !(ALNUM | DIGIT | UPPER) == 0)
        {
            let word = &token[..core];
            let upper = word.bytes().any(|b| b.is_ascii_uppercase());
            self.ascii_word(word, upper, t);
            return;
        }
        self.ascii_token_general(token, seen, t);
    }

    /// [`Scanner::ascii_token`] without its shortcuts.
    fn ascii_token_general(&mut self, token: &str, seen: u16, t: &mut ParaTokens) {
        let tok = token.as_bytes();
        let c = &mut t.counts;
        let (mut from, mut e) = (0, tok.len());
        while from < e && wrapper(tok[from]) {
            from += 1;
        }
        while e > from && wrapper(tok[e - 1]) {
            e -= 1;
        }
        let tok = &tok[from..e];
        let is_url = starts_with_ignore_case(tok, "http://")
            || starts_with_ignore_case(tok, "https://")
            || tok.len() > 4 && starts_with_ignore_case(tok, "www.");
        if is_url {
            c.urls += 1;
            return;
        }
        let mut e = tok.len();
        while e > 0 && sentence_end(tok[e - 1]) {
            e -= 1;
        }
        let tok = &tok[..e];
        let at_sign = if seen & AT != 0 {
            tok.iter().position(|&b| b == b'@')
        } else {
            None
        };
        if let Some(at) = at_sign {
            if at == 0 {
                if tok.len() > 1 && (tok[1].is_ascii_alphanumeric() || tok[1] == b'_') {
                    c.handles += 1;
                }
            } else if tok[at + 1..].contains(&b'.') {
                c.emails += 1;
                return;
            }
        } else if tok.len() > 1 && tok[0] == b'#' && tok[1].is_ascii_alphanumeric() {
            c.hashtags += 1;
        } else if seen & DOT != 0 && is_domain(tok) {
            c.domains += 1;
        }
        if seen & (DOLLAR | DIGIT) == DOLLAR | DIGIT
            && tok.contains(&b'$')
            && tok.iter().any(u8::is_ascii_digit)
        {
            c.currency += 1;
        }
        if seen & ALNUM == 0 {
            return;
        }
        // Alphanumeric runs are the words.
        let mut i = 0;
        while i < tok.len() {
            if !tok[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            let (mut letters, mut uppers) = (0u32, 0u32);
            while i < tok.len() && CLASS[tok[i] as usize] & ALNUM != 0 {
                let b = tok[i];
                letters += (CLASS[b as usize] & DIGIT == 0) as u32;
                uppers += b.is_ascii_uppercase() as u32;
                i += 1;
            }
            let word = &token[from + start..from + i];
            if uppers == 0 {
                // Most words: already lowercase, so no copy, and not capitalised.
                t.words.push(self.interner.intern(word));
            } else {
                self.buf.clear();
                self.buf.push_str(word);
                self.buf.make_ascii_lowercase();
                self.push_word(letters, uppers, tok[start].is_ascii_uppercase(), t);
            }
        }
    }

    /// A token that is one word of ASCII letters and digits, capitals among them when `upper`.
    fn ascii_word(&mut self, word: &str, upper: bool, t: &mut ParaTokens) {
        if !upper {
            t.words.push(self.interner.intern(word));
            return;
        }
        let (mut letters, mut uppers) = (0u32, 0u32);
        for b in word.bytes() {
            letters += (CLASS[b as usize] & DIGIT == 0) as u32;
            uppers += b.is_ascii_uppercase() as u32;
        }
        self.buf.clear();
        self.buf.push_str(word);
        self.buf.make_ascii_lowercase();
        let first_upper = word.as_bytes()[0].is_ascii_uppercase();
        self.push_word(letters, uppers, first_upper, t);
    }

    /// One whitespace-separated token with non-ASCII characters.
    fn token(&mut self, raw: &str, t: &mut ParaTokens) {
        let c = &mut t.counts;
        // The ASCII wrappers, and curly quotes.
        let tok = raw.trim_matches(|ch: char| {
            (ch.is_ascii() && wrapper(ch as u8))
                || matches!(ch, '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}')
        });
        let is_url = starts_with_ignore_case(tok.as_bytes(), "http://")
            || starts_with_ignore_case(tok.as_bytes(), "https://")
            || tok.len() > 4 && starts_with_ignore_case(tok.as_bytes(), "www.");
        if is_url {
            c.urls += 1;
            return;
        }
        let tok = tok.trim_end_matches(|ch: char| ch.is_ascii() && sentence_end(ch as u8));
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
                return;
            }
        } else if tok.len() > 1
            && tok.starts_with('#')
            && tok[1..]
                .chars()
                .next()
                .is_some_and(|ch| ch.is_alphanumeric())
        {
            c.hashtags += 1;
        } else if is_domain(tok.as_bytes()) {
            c.domains += 1;
        }
        if tok.contains(['$', '€', '£', '¥', '₹']) && tok.bytes().any(|b| b.is_ascii_digit())
        {
            c.currency += 1;
        }
        // Alphanumeric runs, lowercased.
        let (mut letters, mut uppers, mut first_upper) = (0u32, 0u32, false);
        self.buf.clear();
        for ch in tok.chars() {
            if ch.is_alphanumeric() {
                if ch.is_alphabetic() {
                    letters += 1;
                    if ch.is_uppercase() {
                        uppers += 1;
                        if self.buf.is_empty() {
                            first_upper = true;
                        }
                    }
                }
                if ch.is_ascii() {
                    self.buf.push(ch.to_ascii_lowercase());
                } else {
                    self.buf.extend(ch.to_lowercase());
                }
            } else if !self.buf.is_empty() {
                self.push_word(letters, uppers, first_upper, t);
                (letters, uppers, first_upper) = (0, 0, false);
                self.buf.clear();
            } else {
                (letters, uppers, first_upper) = (0, 0, false);
            }
        }
        if !self.buf.is_empty() {
            self.push_word(letters, uppers, first_upper, t);
        }
    }

    /// Intern the lowercased word in `buf` and count its capitals.
    fn push_word(&mut self, letters: u32, uppers: u32, first_upper: bool, t: &mut ParaTokens) {
        // An acronym that lowercases to a stopword (US, IT, WHO) is a name, not the word: keep
        // it in capitals so it stays a content term.
        if letters >= 2 && uppers == letters && self.stopwords.contains(self.buf.as_str()) {
            self.buf.make_ascii_uppercase();
        }
        t.words.push(self.interner.intern(&self.buf));
        if letters >= 4 && uppers == letters {
            t.counts.allcaps += 1;
        }
        if first_upper {
            t.counts.titlecase += 1;
        }
    }
}

/// `vCard.red`, `Amazon.com`, `example.co.uk`: dotted labels ending in a 2-6 letter top-level
/// label, with a first label of at least two characters (so `e.g` and `U.S` are not domains).
fn is_domain(tok: &[u8]) -> bool {
    let label = |l: &[u8]| l.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-');
    let Some(dot) = tok.iter().position(|&b| b == b'.') else {
        return false;
    };
    let first = &tok[..dot];
    if first.len() < 2 || !label(first) {
        return false;
    }
    let mut tld: &[u8] = &[];
    for l in tok[dot + 1..].split(|&b| b == b'.') {
        if l.is_empty() || !label(l) {
            return false;
        }
        tld = l;
    }
    (2..=6).contains(&tld.len())
        && tld.iter().all(u8::is_ascii_alphabetic)
        && first.iter().any(u8::is_ascii_alphabetic)
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
        assert_eq!(t.word_count(), 4);
        assert_eq!(p.counts.allcaps, 1);
        let (p, t) = one("The US said us");
        let ws: Vec<&str> = p.words.iter().map(|&i| t.word(i)).collect();
        assert_eq!(ws, vec!["the", "US", "said", "us"]);
    }

    #[test]
    fn eight_byte_test_takes_short_single_words_only() {
        let found = |b: &[u8]| short_word(b).map(|w| (w.token, w.len, w.capitalised));
        assert_eq!(found(b"free now"), Some((4, 4, false)));
        assert_eq!(found(b"a\tb c d e"), Some((1, 1, false)));
        assert_eq!(found(b"sevenxx\n"), Some((7, 7, false)));
        assert_eq!(found(b"Free now"), Some((4, 4, true)));
        assert_eq!(found(b"free, now"), Some((5, 4, false)));
        assert_eq!(found(b"Sixxxx. now"), Some((7, 6, true)));
        // The word comes lowercased and packed, without the bytes after it.
        assert_eq!(
            short_word(b"Free, now").map(|w| w.packed),
            Some(packed::inline(b"free"))
        );
        for no in [
            &b"eightxxx "[..],  // eight letters: no stop byte in the window
            b"FRee now",        // a second capital
            b"free! now",       // other punctuation
            b"free,, now",      // two marks
            b", now and",       // a mark alone
            b"e.g. now",        // a mark inside
            b"caf\xc3\xa9 now", // a multi-byte character
            b"free\x01now",     // a control byte that is not whitespace
            b"free no",         // fewer than eight bytes
        ] {
            assert_eq!(short_word(no), None, "{no:?}");
        }
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        /// The shortcuts of `ascii_token` (bare words, words with closing punctuation) decide
        /// every token as the general path does: same words, same counts.
        #[test]
        fn ascii_shortcuts_match_the_general_path(token in "[aAwW0z.,:;!?()<>'@$#/-]{1,8}") {
            let seen = token.bytes().fold(0, |s, b| s | CLASS[b as usize]);
            let run = |general: bool| {
                let mut scanner = Scanner {
                    interner: Interner::with_text_bytes(token.len()),
                    buf: String::new(),
                    stopwords: &crate::features::lexicon::lexicons().stopwords,
                };
                let mut t = ParaTokens::default();
                if general {
                    scanner.ascii_token_general(&token, seen, &mut t);
                } else {
                    scanner.ascii_token(&token, seen, &mut t);
                }
                let words: Vec<String> = t
                    .words
                    .iter()
                    .map(|&id| scanner.interner.word(id as usize).to_string())
                    .collect();
                (words, format!("{:?}", t.counts))
            };
            proptest::prop_assert_eq!(run(false), run(true));
        }

        /// The eight-byte test takes exactly the tokens it is meant to: one to seven bytes and
        /// then ASCII whitespace, lowercase letters but for a capital first and a `,` or `.`
        /// last.
        #[test]
        fn short_words_are_found_exactly(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    b'a'..=b'z',
                    b'A'..=b'Z',
                    proptest::prelude::Just(b' '),
                    proptest::prelude::Just(b'\n'),
                    proptest::prelude::Just(b','),
                    proptest::prelude::Just(b'.'),
                    proptest::prelude::any::<u8>(),
                ],
                0..12,
            )
        ) {
            let expected = (bytes.len() >= 8)
                .then(|| bytes[..8].iter().position(|&b| !(0x21..0x80).contains(&b)))
                .flatten()
                .filter(|&k| k >= 1 && CLASS[bytes[k] as usize] & SPACE != 0)
                .and_then(|k| {
                    let mut word = bytes[..k].to_vec();
                    let capitalised = word[0].is_ascii_uppercase();
                    word[0] = word[0].to_ascii_lowercase();
                    if matches!(word.last(), Some(b',' | b'.')) && k >= 2 {
                        word.pop();
                    }
                    word.iter().all(u8::is_ascii_lowercase).then(|| ShortWord {
                        token: k,
                        len: word.len(),
                        packed: packed::inline(&word),
                        capitalised,
                    })
                });
            proptest::prop_assert_eq!(short_word(&bytes), expected);
        }

        /// A token the eight-byte test takes gives the words and counts that the general path
        /// gives it.
        #[test]
        fn short_words_decide_as_the_general_path(token in "[aAzZw0.,!']{1,7}") {
            let text = format!("{token} and more");
            let Some(w) = short_word(text.as_bytes()) else {
                return Ok(());
            };
            proptest::prop_assert_eq!(w.token, token.len());
            let seen = token.bytes().fold(0, |s, b| s | CLASS[b as usize]);
            let mut scanner = Scanner {
                interner: Interner::with_text_bytes(token.len()),
                buf: String::new(),
                stopwords: &crate::features::lexicon::lexicons().stopwords,
            };
            let mut t = ParaTokens::default();
            scanner.ascii_token_general(&token, seen, &mut t);
            let words: Vec<u64> = t
                .words
                .iter()
                .map(|&id| packed::inline(scanner.interner.bytes(id as usize)))
                .collect();
            proptest::prop_assert_eq!(words, vec![w.packed]);
            let counts = Counts {
                titlecase: w.capitalised as u32,
                ..Counts::default()
            };
            proptest::prop_assert_eq!(format!("{:?}", t.counts), format!("{counts:?}"));
        }
    }

    #[test]
    fn ascii_shortcuts_keep_the_edge_cases() {
        for (token, words, urls) in [
            ("www..", 0, 1),
            ("www.)", 1, 0),
            ("WWW.!", 0, 1),
            ("Word),", 1, 0),
            ("a.b", 2, 0),
        ] {
            let (p, _) = one(token);
            assert_eq!((p.words.len(), p.counts.urls), (words, urls), "{token}");
        }
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
