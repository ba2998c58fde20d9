//! seam finds the paragraphs that do not belong in a document: an ad spliced into a news
//! story, spam injected into a hacked page, a "subscribe / follow us" block, a paragraph from
//! another article.
//!
//! The pipeline, one module per stage:
//! 1. [`document`]: parse an input (text, Markdown, JSONL) and segment it into paragraphs;
//! 2. [`features`]: tokenize once, then compute topic drift, promotional vocabulary, link
//!    density, shape and context features per paragraph;
//! 3. [`model`]: a two-stage logistic model turns features into a probability and explains it;
//!    training lives here too;
//! 4. [`output`]: text, JSON/JSONL, CSV.
//!
//! [`pipeline::Pipeline`] wires the stages together; [`batch::Batch`] runs it over many inputs
//! on every core, in input order and bounded memory.

pub mod batch;
pub mod document;
pub mod error;
pub mod features;
pub mod hash;

pub use error::{Error, Result};
pub mod model;
pub mod output;
pub mod pipeline;
