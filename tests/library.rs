//! The library across its stages: what one stage writes, the next reads the same way.

use seam::document::{html, jsonl, label, Document, Paragraph};
use seam::error::Error;
use seam::features::{analyze, featurize, vocab::Vocab};
use seam::model::train::{Fitted, Trainer};
use seam::model::Model;
use seam::pipeline::{example, score_with};
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
        featurize(&analyze(&read), &vocab).data,
        featurize(&analyze(&direct), &vocab).data
    );
}

// Training, from labelled documents to a model that scores new ones.

fn fit(trainer: Trainer, docs: &[Document]) -> seam::Result<Fitted> {
    let examples: Vec<_> = docs.iter().map(example).collect();
    trainer.fit(&examples)
}

fn labelled(id: usize, ad_at: Option<usize>) -> Document {
    let topics = [
        "tram harbour council line",
        "school solar roof panels",
        "museum reopening art hall",
    ];
    let topic = topics[id % 3];
    let mut paragraphs: Vec<Paragraph> = (0..8)
        .map(|j| Paragraph {
            label: Some(false),
            kind: Some("content".into()),
            ..Paragraph::new(format!(
                "The {topic} story continues with detail number {j} about the {topic}."
            ))
        })
        .collect();
    if let Some(at) = ad_at {
        paragraphs.insert(
            at,
            Paragraph {
                label: Some(true),
                kind: Some("ad".into()),
                ..Paragraph::new("Sign up now for a free trial and get your discount code today!")
            },
        );
    }
    Document {
        id: format!("d{id}"),
        paragraphs,
        ..Document::default()
    }
}

#[test]
fn learns_to_flag_the_ad_and_not_the_story() {
    let docs: Vec<Document> = (0..30)
        .map(|i| labelled(i, (i % 2 == 0).then_some(i % 7)))
        .collect();
    let fitted = fit(Trainer::default().folds(3), &docs).unwrap();
    assert!(fitted.cv.roc_auc > 0.95, "{:?}", fitted.cv);
    let m = &fitted.model;
    let probe = labelled(100, Some(4));
    let s = score_with(m, &probe).1.scores;
    assert!(s[4] > m.threshold, "{s:?}");
    assert!(
        s.iter()
            .enumerate()
            .filter(|&(i, _)| i != 4)
            .all(|(_, &v)| v < m.threshold),
        "{s:?}"
    );
    // The model round-trips through JSON and still matches the code's features.
    Model::from_json(&m.to_json(), "t").unwrap();
}

#[test]
fn kinds_get_experts_and_reasons_name_features() {
    let mut docs: Vec<Document> = (0..40).map(|i| labelled(i, Some(i % 7))).collect();
    for (i, d) in docs.iter_mut().enumerate().filter(|(i, _)| i % 2 == 1) {
        let p = d
            .paragraphs
            .iter_mut()
            .find(|p| p.label == Some(true))
            .unwrap();
        p.kind = Some("boilerplate".into());
        p.text = if i % 4 == 1 {
            "Share this".into()
        } else {
            "Follow us".into()
        };
    }
    let fitted = fit(Trainer::default().folds(3), &docs).unwrap();
    let m = &fitted.model;
    let kinds: Vec<&str> = m.experts.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["ad", "boilerplate"]);
    assert_eq!(
        m.stage2.features().last().map(String::as_str),
        Some("expert_boilerplate")
    );
    let again = Model::from_json(&m.to_json(), "t").unwrap();
    let probe = labelled(101, Some(3));
    let (a, s) = score_with(&again, &probe);
    let reasons = seam::model::explain::reasons(&again, &a, &s, 3, 3);
    assert!(!reasons.is_empty());
    assert!(
        reasons.iter().all(|r| !r.feature.starts_with("expert_")),
        "{reasons:?}"
    );
}

#[test]
fn bad_settings_and_data_are_training_errors() {
    let docs: Vec<Document> = (0..6).map(|i| labelled(i, Some(1))).collect();
    assert!(matches!(
        fit(Trainer::default().alpha(0.0), &docs),
        Err(Error::Training(_))
    ));
    assert!(matches!(
        fit(Trainer::default().folds(10), &docs),
        Err(Error::Training(_))
    ));
    let none: Vec<Document> = (0..6).map(|i| labelled(i, None)).collect();
    assert!(matches!(
        fit(Trainer::default().folds(3), &none),
        Err(Error::Training(_))
    ));
}

#[test]
fn unlabelled_paragraphs_are_context_only() {
    // Every document also carries an unlabelled paragraph (an ambiguous block).
    let docs: Vec<Document> = (0..30)
        .map(|i| {
            let mut d = labelled(i, Some(i % 7));
            d.paragraphs
                .push(Paragraph::new("Home News Sport Weather Contact"));
            d
        })
        .collect();
    let fitted = fit(Trainer::default().folds(3), &docs).unwrap();
    assert_eq!(
        fitted.cv.paragraphs,
        30 * 9,
        "unlabelled rows are not scored"
    );
    assert!(fitted.cv.roc_auc > 0.95, "{:?}", fitted.cv);
    let mut all_null = labelled(1, None);
    for p in &mut all_null.paragraphs {
        p.label = None;
    }
    let mut with_empty = docs.clone();
    with_empty.push(all_null);
    assert!(matches!(
        fit(Trainer::default().folds(3), &with_empty),
        Err(Error::Training(m)) if m.contains("no labelled paragraph")
    ));
}
