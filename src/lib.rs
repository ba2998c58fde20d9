//! seam finds the paragraphs that do not belong in a document: an ad spliced into a news
//! story, spam injected into a hacked page, a "subscribe / follow us" block, page furniture, a
//! paragraph from another article.
//!
//! The stages, one module each; imports run down this list, never up it (a test checks):
//! 1. [`document`]: read an input (plain text, Markdown, HTML, JSONL, gzip) and segment it into
//!    [`document::Paragraph`]s. HTML pages go through their own tokenizer and block builder
//!    ([`document::html`]); each block keeps the [`document::Element`] it came from.
//!    [`document::label`] turns web pages with human-cleaned main text into training data.
//! 2. [`features`]: tokenize a document once ([`features::tokens`]), then compute every
//!    paragraph's features, one module per family: topic drift, promotional vocabulary, links,
//!    shape, HTML structure, context.
//! 3. [`model`]: a two-stage logistic model turns the features into a probability and explains
//!    it in named features ([`model::explain`]); [`model::metrics`] evaluates, and
//!    `model::train` (cargo feature `train`) fits models out of fold.
//! 4. [`pipeline`]: the one place that wires the stages: [`pipeline::Pipeline`] scores a
//!    document (HTML pages with the HTML model and the text model's check), and makes training
//!    examples of labelled documents.
//! 5. [`batch`] runs a pipeline over many inputs on every core, in input order and bounded
//!    memory; [`output`] writes what it computed: text, JSON/JSONL, CSV, Dolma attributes, the
//!    cleaned text, and the moderator's HTML report ([`output::report`]).
//!
//! The `seam` binary (cargo feature `cli`, on by default) is a thin shell over these.
//!
//! ```
//! use seam::document::{Document, Format};
//! use seam::pipeline::Pipeline;
//!
//! let text = "The council approved the tram line on Tuesday after a long debate.\n\n\
//!             Construction starts in spring and the first trams run in 2031.\n\n\
//!             Get 60% off your first box with code CRATE60! Free delivery, order now.\n\n\
//!             Residents of the old town asked for quieter trams and fewer night works.";
//! let doc = Document::from_text("story.txt", text.to_string(), Format::Text);
//! let scored = Pipeline::embedded().score(&doc);
//! let flagged: Vec<usize> = scored.paragraphs.iter().filter(|p| p.flagged).map(|p| p.index).collect();
//! assert_eq!(flagged, [2]);
//! // Every flag comes with reasons in words.
//! assert!(scored.paragraphs[2].reasons.iter().any(|r| r.detail.contains("promotional")));
//! ```

pub mod batch;
mod cpu;
pub mod document;
pub mod error;
pub mod features;
pub mod hash;
pub mod model;
pub mod output;
pub mod pipeline;

pub use error::{Error, Result};

/// The README's Rust examples, compiled and run by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
