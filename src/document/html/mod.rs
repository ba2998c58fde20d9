//! HTML pages: decode the bytes, tokenize the markup, and build blocks of visible text, each a
//! [`Paragraph`] with the [`Element`](super::Element) it came from.
//!
//! The stages, one file each, as html5ever and lol-html lay them out:
//! - [`charset`]: bytes to text (BOM, `<meta charset>`, else UTF-8);
//! - [`tokenizer`]: a hand-written tokenizer following the WHATWG states closely enough for
//!   text extraction (raw text, RCDATA, script escapes, comments, doctype, bogus comments,
//!   quoted and unquoted attributes), reporting tags and text to a [`tokenizer::Sink`];
//! - [`tags`]: which tags the builder and tokenizer treat specially;
//! - [`char_ref`] and its data table [`entities`]: character references;
//! - [`builder`]: a flat-stack block builder, the sink that makes blocks. Nothing recurses on
//!   document depth and no tree is built, so pathological nesting costs only a `Vec` of small
//!   frames, and dropping it is trivial;
//! - [`visibility`]: whether an element's `hidden` and `style` attributes hide its text;
//! - [`title`]: a sink that only finds the `<title>`.

mod builder;
mod char_ref;
mod charset;
mod entities;
mod tags;
mod title;
mod tokenizer;
mod visibility;

pub use charset::decode_html;

use super::Paragraph;

/// Split an HTML page (already decoded, see [`decode_html`]) into blocks of visible text, in
/// document order: the text between block-level boundaries (`p`, `div`, `li`, `td`, `h1`-`h6`,
/// `br br`, ...); inline tags do not split a block. Each block's text has its entities decoded
/// and its whitespace collapsed, and is never empty; it has no span (a block is not one
/// contiguous piece of the page) and always an [`Element`](super::Element).
pub fn segment(html: &str) -> Vec<Paragraph> {
    let mut builder = builder::Builder::new();
    tokenizer::feed(html, &mut builder);
    builder.finish()
}

/// Text of the first `<title>` element outside SVG/MathML, decoded and collapsed.
/// `None` when there is no title or it holds no visible text.
pub fn title(html: &str) -> Option<String> {
    title::find(html)
}

#[cfg(test)]
mod tests;
