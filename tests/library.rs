//! The library across its stages: what one stage writes, the next reads the same way.

use seam::document::{html, jsonl, label, Document};
use seam::features::{featurize, tokens::tokenize, vocab::Vocab};
use serde_json::{json, Value};

const PAGE: &str = "<html><body><nav><a href=/>Home</a> <a href=/b>Blog</a></nav>\
    <article class=post><h1>Tram line approved</h1>\
    <p>The council approved the new tram line on Tuesday after a long debate.</p>\
    <p>Work on the harbour section starts in the spring and takes two years.</p>\
    <p>Residents asked for quieter trams &amp; fewer night works.</p></article>\
    <footer><p>Copyright 2024 Harbour News. All rights reserved.</p></footer>\
    <ul class=\"menu\"><li><a href=/x>More</a></li></ul></body></html>";
const TRUTH: &str = "The council approved the new tram line on Tuesday after a long debate.\n\n\
    Work on the harbour section starts in the spring and takes two years.\n\n\
    Residents asked for quieter trams & fewer night works.";

/// `seam label` writes a page's blocks as labelled JSONL; read back, they featurize exactly like
/// the page itself, so the HTML model trains on what it will score.
#[test]
fn labelled_records_featurize_like_the_page_itself() {
    let direct = Document::from_html("p", PAGE);
    let blocks = html::segment(PAGE);
    let labels = label::label(&blocks, TRUTH);
    let paragraphs: Vec<Value> = blocks
        .iter()
        .zip(&labels)
        .map(|(b, &l)| label::block_record(b, l, label::kind_of(l)))
        .collect();
    let line = json!({"id": "p", "paragraphs": paragraphs}).to_string();
    let read = jsonl::parse_record(&line, 1, &jsonl::Keys::default()).unwrap();
    assert_eq!(read.paragraphs.len(), direct.paragraphs.len());
    for (a, b) in read.paragraphs.iter().zip(&direct.paragraphs) {
        assert_eq!((&a.text, a.role), (&b.text, b.role));
        let (ea, eb) = (a.element.as_ref().unwrap(), b.element.as_ref().unwrap());
        // Everything but the offset in the page, which a record does not carry.
        assert_eq!(
            (&ea.tag, &ea.path, ea.depth, &ea.attr_tokens),
            (&eb.tag, &eb.path, eb.depth, &eb.attr_tokens)
        );
        assert_eq!((a.link_chars, a.link_count), (b.link_chars, b.link_count));
    }
    let vocab = Vocab::default();
    assert_eq!(
        featurize(&tokenize(&read), &vocab).data,
        featurize(&tokenize(&direct), &vocab).data
    );
}
