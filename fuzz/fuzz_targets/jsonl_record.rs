//! Any bytes as JSONL: each line through the record reader, with the default keys and with
//! keys that name one field twice. No panic, no hang; a record either parses into a document
//! within the limits or is refused with a one-line message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam::document::jsonl::{parse_record, Keys};
use seam::document::{decode_lossy, MAX_PARAGRAPHS};

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode_lossy(data.to_vec());
    let same = Keys {
        id: "text".into(),
        ..Keys::default()
    };
    for (n, line) in text.split('\n').enumerate() {
        for keys in [&Keys::default(), &same] {
            match parse_record(line, n + 1, keys) {
                Ok(doc) => {
                    assert!(doc.paragraphs.len() <= MAX_PARAGRAPHS);
                    assert_eq!(doc.line, Some(n + 1));
                    for p in &doc.paragraphs {
                        if let (Some(src), Some((a, b))) = (&doc.source, p.span) {
                            assert!(a <= b && b <= src.len());
                        }
                    }
                }
                Err(message) => assert!(!message.is_empty() && !message.contains('\n')),
            }
        }
    }
});
