//! Property tests: arbitrary text through segmentation, scoring and cleaning.

use proptest::prelude::*;
use seam::document::{Document, Format};
use seam::model::Model;
use seam::pipeline::Pipeline;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Model::embedded()))
}

/// Text that looks a little like documents: words, punctuation, URLs, markup, blank lines.
fn doc_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,12}",
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        "[.,!?:;#@$€£()\\[\\]*_`>-]",
        Just("https://x.io/a".to_string()),
        Just("[link](http://e.org)".to_string()),
        Just("# ".to_string()),
        Just("- ".to_string()),
        Just("```".to_string()),
        "\\PC{1,4}",
        "[0-9 ()+-]{1,14}",
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn segmentation_and_scoring_hold_invariants(text in prop_oneof![doc_text(), any::<String>()], md in any::<bool>()) {
        let format = if md { Format::Markdown } else { Format::Text };
        let doc = Document::from_text("p", text.clone(), format);
        for p in &doc.paragraphs {
            let (a, b) = p.span.unwrap();
            prop_assert!(a <= b && b <= text.len());
            prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            prop_assert!(!p.text.trim().is_empty());
        }
        let scored = pipeline().score(&doc);
        prop_assert_eq!(scored.paragraphs.len(), doc.paragraphs.len());
        for s in &scored.paragraphs {
            prop_assert!(s.score.is_finite() && (0.0..=1.0).contains(&s.score));
            prop_assert_eq!(s.flagged, s.score >= scored.threshold);
        }
        // Removing nothing gives the source back; removing everything leaves no paragraph text.
        prop_assert_eq!(doc.without(&vec![false; doc.paragraphs.len()]), text.clone());
        let none_left = Document::from_text("q", doc.without(&vec![true; doc.paragraphs.len()]), format);
        prop_assert!(none_left.paragraphs.is_empty());
    }
}
