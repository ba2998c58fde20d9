//! Character references: named (`&amp;`, legacy ones without `;`), decimal and hexadecimal,
//! with the spec's replacements for NUL, surrogates, out-of-range values and the C1 range.

use super::entities::ENTITIES;
use memchr::memchr;

/// Windows-1252 meanings the spec assigns to numeric references 0x80..=0x9F.
pub(super) const C1_REMAP: [u16; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

enum CharRef {
    Named(&'static str),
    Num(char),
}

/// Appends `s` to `out` with character references decoded. In attribute values a legacy
/// reference without `;` followed by `=` or an alphanumeric stays literal, as the spec says.
pub(super) fn decode_entities_into(s: &str, out: &mut String, in_attr: bool) {
    let b = s.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr(b'&', &b[i..]) {
        let amp = i + off;
        match char_ref(b, amp + 1, in_attr) {
            Some((len, r)) => {
                out.push_str(&s[copied..amp]);
                match r {
                    CharRef::Named(v) => out.push_str(v),
                    CharRef::Num(c) => out.push(c),
                }
                copied = amp + 1 + len;
                i = copied;
            }
            None => i = amp + 1,
        }
    }
    out.push_str(&s[copied..]);
}

/// Resolves the reference starting at `j` (just after `&`); returns the number of bytes
/// consumed after the `&` and the replacement.
fn char_ref(b: &[u8], j: usize, in_attr: bool) -> Option<(usize, CharRef)> {
    let first = *b.get(j)?;
    if first == b'#' {
        let mut k = j + 1;
        let hex = matches!(b.get(k), Some(b'x' | b'X'));
        if hex {
            k += 1;
        }
        let digits_start = k;
        let mut v: u32 = 0;
        while let Some(&c) = b.get(k) {
            let d = match c {
                b'0'..=b'9' => u32::from(c - b'0'),
                b'a'..=b'f' if hex => u32::from(c - b'a' + 10),
                b'A'..=b'F' if hex => u32::from(c - b'A' + 10),
                _ => break,
            };
            // Saturate past the Unicode range so long digit runs cannot overflow.
            v = (v * if hex { 16 } else { 10 } + d).min(0x11_0000);
            k += 1;
        }
        if k == digits_start {
            return None;
        }
        if b.get(k) == Some(&b';') {
            k += 1;
        }
        let c = match v {
            0 | 0xD800..=0xDFFF | 0x11_0000.. => '\u{FFFD}',
            0x80..=0x9F => {
                char::from_u32(u32::from(C1_REMAP[(v - 0x80) as usize])).unwrap_or('\u{FFFD}')
            }
            _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some((k - j, CharRef::Num(c)));
    }
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    let mut k = j;
    // The longest entity name is 31 characters; a longer run cannot match as a whole.
    while k < b.len() && k - j < 32 && b[k].is_ascii_alphanumeric() {
        k += 1;
    }
    let name = &b[j..k];
    let semicolon = b.get(k) == Some(&b';');
    if semicolon {
        let common = match name {
            b"amp" => Some("&"),
            b"lt" => Some("<"),
            b"gt" => Some(">"),
            b"quot" => Some("\""),
            b"nbsp" => Some("\u{a0}"),
            _ => None,
        };
        if let Some(v) = common {
            return Some((k + 1 - j, CharRef::Named(v)));
        }
    }
    // Names are ASCII alphanumerics, so `first` is a valid index; the bucket holds every
    // entity starting with that byte.
    let bucket =
        &ENTITIES[ENTITY_INDEX[first as usize] as usize..ENTITY_INDEX[first as usize + 1] as usize];
    let exact = if semicolon {
        bucket.binary_search_by(|e| e.0.as_bytes().cmp(name)).ok()
    } else {
        None
    };
    if let Some(idx) = exact {
        return Some((k + 1 - j, CharRef::Named(bucket[idx].1)));
    }
    // Legacy references (at most 6 letters) may appear without ';': longest match wins.
    let (len, value) = bucket
        .iter()
        .filter(|e| e.2 && name.starts_with(e.0.as_bytes()))
        .map(|e| (e.0.len(), e.1))
        .max_by_key(|e| e.0)?;
    if in_attr && matches!(b.get(j + len), Some(c) if *c == b'=' || c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((len, CharRef::Named(value)))
}

/// `ENTITIES[ENTITY_INDEX[c]..ENTITY_INDEX[c + 1]]` are the entities whose name starts
/// with byte `c`; computed at compile time from the sorted table.
static ENTITY_INDEX: [u16; 129] = {
    let mut index = [0u16; 129];
    let mut c = 0;
    while c < 129 {
        let mut i = 0;
        while i < ENTITIES.len() && (ENTITIES[i].0.as_bytes()[0] as usize) < c {
            i += 1;
        }
        index[c] = i as u16;
        c += 1;
    }
    index
};
