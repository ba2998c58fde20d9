//! Any bytes as a Markdown document: no panic, no hang (inline links used to be quadratic),
//! and the paragraphs keep their invariants: spans inside the source and in order, link
//! characters within the text, never more than one paragraph past the limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam::document::{decode_lossy, Document, Format, MAX_PARAGRAPHS};

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode_lossy(data.to_vec());
    let doc = Document::from_text("fuzz", text, Format::Markdown);
    let src = doc.source.as_deref().expect("a text document keeps its source");
    assert!(doc.paragraphs.len() <= MAX_PARAGRAPHS + 1);
    let mut last_end = 0;
    for p in &doc.paragraphs {
        assert!(!p.text.trim().is_empty());
        assert!(p.link_chars <= p.text.chars().count());
        let (a, b) = p.span.expect("a Markdown paragraph has a span");
        assert!(a <= b && b <= src.len() && a >= last_end);
        assert!(src.is_char_boundary(a) && src.is_char_boundary(b));
        last_end = b;
    }
    let removed = doc.without(&vec![true; doc.paragraphs.len()]);
    assert!(removed.len() <= src.len());
});
