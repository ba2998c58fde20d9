//! Finding a page's title: a [`Sink`] that watches for the first `<title>` outside SVG and
//! MathML and stops the tokenizer once it has it.

use super::tags::TagKind;
use super::tokenizer::{feed, Attrs, Sink};
use crate::document::words::is_invisible;

/// The text of the first `<title>`, whitespace collapsed; see [`super::title`].
pub(super) fn find(html: &str) -> Option<String> {
    let mut sink = TitleSink::default();
    feed(html, &mut sink);
    if sink.in_title {
        sink.title = Some(std::mem::take(&mut sink.buf));
    }
    let raw = sink.title?;
    let mut out = String::with_capacity(raw.len());
    let mut pending = false;
    for ch in raw.chars() {
        if ch.is_whitespace() {
            pending = true;
        } else if !is_invisible(ch) && !ch.is_control() {
            if pending && !out.is_empty() {
                out.push(' ');
            }
            pending = false;
            out.push(ch);
        }
    }
    (!out.is_empty()).then_some(out)
}

#[derive(Default)]
struct TitleSink {
    foreign: u32,
    in_title: bool,
    buf: String,
    title: Option<String>,
}

impl Sink for TitleSink {
    fn start_tag(&mut self, name: &[u8], kind: TagKind, _: u8, _: &Attrs<'_>, closed: bool) {
        if kind == TagKind::Foreign && !closed {
            self.foreign += 1;
        } else if kind == TagKind::Rcdata && name == b"title" && self.foreign == 0 {
            self.in_title = true;
        }
    }

    fn end_tag(&mut self, name: &[u8], kind: TagKind) {
        if kind == TagKind::Foreign {
            self.foreign = self.foreign.saturating_sub(1);
        } else if self.in_title && name == b"title" {
            self.in_title = false;
            self.title = Some(std::mem::take(&mut self.buf));
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_title {
            self.buf.push_str(text);
        }
    }

    fn done(&self) -> bool {
        self.title.is_some()
    }

    fn wants_text(&self) -> bool {
        self.in_title
    }
}
