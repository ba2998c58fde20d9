//! Any bytes through charset decoding, block segmentation and title extraction: no panic, no
//! hang, and the blocks keep their invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam::document::html::{decode_html, segment, title};

fuzz_target!(|data: &[u8]| {
    let (page, _) = decode_html(data);
    for b in segment(&page) {
        assert!(!b.text.is_empty() && b.text.trim() == b.text);
        assert!(!b.text.contains("  "));
        assert!(b.link_chars <= b.text.chars().count());
        let e = b.element.expect("every block has an element");
        assert!(e.attr_tokens.len() <= 32);
        if let Some(o) = e.offset {
            assert!(o < page.len() && page.is_char_boundary(o) && page[o..].starts_with('<'));
        }
    }
    let _ = title(&page);
});
