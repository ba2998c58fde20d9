//! Bytes to text: the page's encoding from its BOM, then a `<meta charset>` (or an http-equiv
//! content type) in the first 2048 bytes, else UTF-8.

use super::tokenizer::{is_html_space, scan_attrs};
use encoding_rs::Encoding;
use memchr::{memchr, memmem};

/// Decode raw bytes to text: honour a BOM, then `<meta charset=...>` / http-equiv content
/// charset in the first 2048 bytes, else UTF-8; invalid sequences replaced. Returns the text
/// and whether any replacement/lossy decoding happened.
pub fn decode_html(bytes: &[u8]) -> (String, bool) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, lossy) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), lossy);
    }
    let window = &bytes[..bytes.len().min(2048)];
    let mut enc = sniff_meta_charset(window).unwrap_or(encoding_rs::UTF_8);
    // Crawlers often re-encode pages to UTF-8 and keep the old meta (5 of the 1,358
    // wcxb-dev pages declare Latin-1/1252 yet are valid UTF-8). Non-ASCII text in a legacy encoding is almost never valid UTF-8
    // by chance, so valid UTF-8 with non-ASCII bytes beats the declaration.
    if enc != encoding_rs::UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        enc = encoding_rs::UTF_8;
    }
    let (text, lossy) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), lossy)
}

fn sniff_meta_charset(window: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while let Some(off) = memchr(b'<', &window[i..]) {
        let lt = i + off;
        let rest = &window[lt..];
        if rest.starts_with(b"<!--") {
            // A commented-out meta must not win, so skip the whole comment.
            let end = memmem::find(&rest[4..], b"-->")?;
            i = lt + 4 + end + 3;
            continue;
        }
        let is_meta = rest.len() > 5
            && rest[1..5].eq_ignore_ascii_case(b"meta")
            && (is_html_space(rest[5]) || rest[5] == b'/');
        if !is_meta {
            i = lt + 1;
            continue;
        }
        let mut charset = None;
        let mut http_equiv_ct = false;
        let mut content = None;
        let end = scan_attrs(window, lt + 5, |name, vs, ve| {
            let value = &window[vs..ve];
            if name.eq_ignore_ascii_case(b"charset") {
                charset.get_or_insert(value);
            } else if name.eq_ignore_ascii_case(b"http-equiv") {
                http_equiv_ct |= value.trim_ascii().eq_ignore_ascii_case(b"content-type");
            } else if name.eq_ignore_ascii_case(b"content") {
                content.get_or_insert(value);
            }
        });
        let label = charset.or_else(|| {
            if http_equiv_ct {
                content.and_then(charset_from_content)
            } else {
                None
            }
        });
        if let Some(enc) = label.and_then(|l| Encoding::for_label(l.trim_ascii())) {
            // Per the HTML spec a meta can never switch to UTF-16 (the bytes are
            // ASCII-compatible if we could read the meta), and x-user-defined means 1252.
            return Some(
                if enc == encoding_rs::UTF_16BE || enc == encoding_rs::UTF_16LE {
                    encoding_rs::UTF_8
                } else if enc == encoding_rs::X_USER_DEFINED {
                    encoding_rs::WINDOWS_1252
                } else {
                    enc
                },
            );
        }
        i = end?;
    }
    None
}

fn charset_from_content(content: &[u8]) -> Option<&[u8]> {
    let lower: Vec<u8> = content.to_ascii_lowercase();
    let at = memmem::find(&lower, b"charset")?;
    let mut i = at + 7;
    while i < content.len() && is_html_space(content[i]) {
        i += 1;
    }
    if content.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < content.len() && is_html_space(content[i]) {
        i += 1;
    }
    let quote = content.get(i).copied().filter(|&c| c == b'"' || c == b'\'');
    if quote.is_some() {
        i += 1;
    }
    let start = i;
    while i < content.len() {
        let c = content[i];
        if Some(c) == quote || (quote.is_none() && (is_html_space(c) || c == b';')) {
            break;
        }
        i += 1;
    }
    (i > start).then(|| &content[start..i])
}
