//! The block builder: a [`Sink`] that follows just enough of HTML tree construction (implied
//! end tags, scopes, tables, lists, foreign content) to know which block-level element each
//! piece of text is in, and cuts the text into blocks at block-level boundaries.
//!
//! A flat stack of small frames, no tree: nothing recurses on document depth. Searches down
//! the stack are bounded ([`MAX_SCAN`]) and so is its depth ([`MAX_DEPTH`]), so adversarial
//! nesting and stray end tags stay linear.

use super::char_ref::{decode_entities_into, C1_REMAP};
use super::tags::{TagKind, F_BLOCK, F_BREAKOUT, F_CLOSES_P, F_SCOPE};
use super::tokenizer::{is_html_space, Attrs, Sink};
use super::visibility;
use crate::document::words::is_invisible;
use crate::document::{Element, Paragraph, Role, MAX_PARAGRAPHS};
use crate::hash::{fnv32, fnv64_step, mix64, FNV64_OFFSET};

/// Bound on how far end-tag and implied-end searches walk down the stack, so that
/// adversarial nesting plus many stray end tags stays linear.
const MAX_SCAN: usize = 512;
/// Deeper elements replace the innermost one instead of nesting (as Blink does at 512),
/// which bounds memory and per-block work on adversarial input.
pub(super) const MAX_DEPTH: usize = 4096;
const MAX_TOKENS: usize = 32;
/// Elements in a block's [`Element::ids`]: the block element and up to seven ancestors.
const IDS: usize = 8;
const HASH_BUCKETS: usize = 1024;

/// A class/id token stored in `Builder::tok_text`.
#[derive(Clone, Copy)]
struct TokRef {
    hash: u64,
    start: u32,
    len: u32,
}

struct Frame {
    /// Byte offset of the element's start tag (see [`Element::offset`]).
    offset: usize,
    /// Tokens of this element and its ancestors, nearest first, deduplicated and capped;
    /// filled on first use so that sibling blocks share their ancestors' work.
    chain: Option<Vec<TokRef>>,
    name_start: u32,
    name_len: u32,
    /// Raw class and id values live in `attrs[attr_start..next frame's attr_start]`.
    attr_start: u32,
    /// Serial number of the element in the page: its start tag's place among them.
    serial: u32,
    hash: u16,
    kind: TagKind,
    flags: u8,
    block: bool,
    /// The element hides its content for good (see [`visibility`]).
    hides: bool,
    /// The element sets `visibility` or `font-size`: an entry of `Builder::soft`.
    soft: bool,
}

struct SkipState {
    nest: u32,
    foreign: bool,
}

pub(super) struct Builder {
    stack: Vec<Frame>,
    /// Names of the open elements, concatenated in stack order.
    names: Vec<u8>,
    /// Raw class and id values of the open elements, concatenated in stack order.
    /// Tokenized only when a block is emitted: most elements never enclose one.
    attrs: String,
    /// Text of tokens referenced by `Frame::chain`; append-only within a document.
    tok_text: String,
    /// Scratch for decoding attribute values.
    decode_buf: String,
    /// Stack indices of open block elements, so the enclosing block is O(1).
    blocks: Vec<u32>,
    /// `href` presence of each open `<a>`.
    links: Vec<bool>,
    /// Open elements per name-hash bucket: lets stray end tags be rejected in O(1).
    open: Vec<u32>,
    skip: Option<SkipState>,
    /// Bumped on every push and pop; with `last_miss` it lets a run of identical stray
    /// end tags skip the stack search after the first one.
    version: u64,
    last_miss: (u64, Vec<u8>),
    text: String,
    pending_space: bool,
    prev_link: bool,
    link_chars: u32,
    link_count: u32,
    link_counted: bool,
    br_pending: bool,
    /// Offset of the start tag being reported.
    tag_offset: usize,
    /// Start tags seen: the next element's serial number.
    serial: u32,
    /// Open elements that hide their content for good.
    hiding: u32,
    /// `visibility`/`font-size` of the open elements that set one, innermost last: true hides.
    soft: Vec<bool>,
    /// Whether the text of the block being built is hidden. Hidden and visible text never
    /// share a block.
    text_hidden: bool,
    out: Vec<Paragraph>,
}

fn name_hash(name: &[u8]) -> u16 {
    (fnv32(name) as usize % HASH_BUCKETS) as u16
}

impl Builder {
    pub(super) fn new() -> Self {
        Builder {
            stack: Vec::with_capacity(64),
            names: Vec::with_capacity(256),
            attrs: String::with_capacity(1024),
            tok_text: String::new(),
            decode_buf: String::new(),
            blocks: Vec::with_capacity(32),
            links: Vec::new(),
            open: vec![0; HASH_BUCKETS],
            skip: None,
            version: 0,
            last_miss: (u64::MAX, Vec::new()),
            text: String::with_capacity(256),
            pending_space: false,
            prev_link: false,
            link_chars: 0,
            link_count: 0,
            link_counted: false,
            br_pending: false,
            tag_offset: 0,
            serial: 0,
            hiding: 0,
            soft: Vec::new(),
            text_hidden: false,
            out: Vec::new(),
        }
    }

    pub(super) fn finish(mut self) -> Vec<Paragraph> {
        self.flush();
        self.out
    }

    fn frame_name(&self, f: &Frame) -> &[u8] {
        &self.names[f.name_start as usize..(f.name_start + f.name_len) as usize]
    }

    fn push(&mut self, name: &[u8], kind: TagKind, flags: u8, attrs: &Attrs<'_>, block: bool) {
        if self.stack.len() >= MAX_DEPTH {
            self.pop_to(self.stack.len() - 1);
        }
        let attr_start = self.attrs.len() as u32;
        if let Some(c) = attrs.class {
            self.attrs.push_str(c);
        }
        if let Some(id) = attrs.id {
            // Any non-alphanumeric separator keeps class and id tokens apart.
            self.attrs.push(' ');
            self.attrs.push_str(id);
        }
        let hash = name_hash(name);
        self.version += 1;
        self.open[hash as usize] += 1;
        if block {
            self.blocks.push(self.stack.len() as u32);
        }
        if kind == TagKind::A {
            self.links.push(attrs.href);
        }
        let vis = if attrs.style.is_some() || attrs.hidden {
            visibility::of(attrs.style, attrs.hidden)
        } else {
            visibility::Visibility::default()
        };
        self.hiding += vis.hides as u32;
        if let Some(hide) = vis.soft {
            self.soft.push(hide);
        }
        self.serial = self.serial.wrapping_add(1);
        self.stack.push(Frame {
            serial: self.serial,
            hides: vis.hides,
            soft: vis.soft.is_some(),
            offset: self.tag_offset,
            name_start: self.names.len() as u32,
            name_len: name.len() as u32,
            attr_start,
            chain: None,
            hash,
            kind,
            flags,
            block,
        });
        self.names.extend_from_slice(name);
    }

    fn pop(&mut self) {
        let Some(f) = self.stack.pop() else {
            return;
        };
        self.version += 1;
        self.open[f.hash as usize] -= 1;
        self.names.truncate(f.name_start as usize);
        self.attrs.truncate(f.attr_start as usize);
        if f.block {
            self.blocks.pop();
        }
        if f.kind == TagKind::A {
            self.links.pop();
        }
        self.hiding -= f.hides as u32;
        if f.soft {
            self.soft.pop();
        }
    }

    /// Whether text added now would be hidden.
    fn hidden(&self) -> bool {
        self.hiding > 0 || self.soft.last() == Some(&true)
    }

    /// Pops every element from the top down to and including index `idx`.
    fn pop_to(&mut self, idx: usize) {
        if self.blocks.last().is_some_and(|&b| b as usize >= idx) {
            self.flush();
        }
        while self.stack.len() > idx {
            self.pop();
        }
    }

    /// Nearest open element named `name`, not looking past an element for which `stop` holds.
    fn find_named(&self, name: &[u8], hash: u16, stop: impl Fn(&Frame) -> bool) -> Option<usize> {
        if self.open[hash as usize] == 0 {
            return None;
        }
        for (i, f) in self.stack.iter().enumerate().rev().take(MAX_SCAN) {
            if f.hash == hash && self.frame_name(f) == name {
                return Some(i);
            }
            if stop(f) {
                return None;
            }
        }
        None
    }

    /// Nearest open element of `kind`, stopping at elements for which `stop` holds.
    fn find_kind(&self, kind: TagKind, stop: impl Fn(&Frame) -> bool) -> Option<usize> {
        for (i, f) in self.stack.iter().enumerate().rev().take(MAX_SCAN) {
            if f.kind == kind {
                return Some(i);
            }
            if stop(f) {
                return None;
            }
        }
        None
    }

    fn close_p(&mut self) {
        if let Some(i) = self.find_named(b"p", name_hash(b"p"), |f| self.button_scope_stop(f)) {
            self.pop_to(i);
        }
    }

    fn button_scope_stop(&self, f: &Frame) -> bool {
        f.flags & F_SCOPE != 0 || self.frame_name(f) == b"button"
    }

    /// The spec's "special" elements other than address, div and p end the implied-end
    /// search for `<li>`, `<dt>` and `<dd>`.
    fn list_item_stop(&self, f: &Frame) -> bool {
        (f.block || f.flags & F_SCOPE != 0)
            && f.kind != TagKind::P
            && !matches!(self.frame_name(f), b"div" | b"address")
    }

    fn br(&mut self) {
        if self.text.is_empty() {
            return;
        }
        if self.br_pending {
            self.flush();
        } else {
            self.br_pending = true;
            self.pending_space = true;
        }
    }

    fn flush(&mut self) {
        // One block past the limit says the page is over it (`Document::too_long`); the rest
        // of the page is still tokenized, but costs no memory.
        if self.text.is_empty() || self.out.len() > MAX_PARAGRAPHS {
            self.reset_block();
            return;
        }
        let offset = self.blocks.last().map(|&bi| self.stack[bi as usize].offset);
        let (tag, path, ids, depth, top) = match self.blocks.last() {
            Some(&bi) => {
                let bi = bi as usize;
                let from = bi.saturating_sub(3);
                let mut path = String::new();
                for f in &self.stack[from..=bi] {
                    if !path.is_empty() {
                        path.push('>');
                    }
                    path.push_str(&String::from_utf8_lossy(self.frame_name(f)));
                }
                let ids = self.stack[bi.saturating_sub(IDS - 1)..=bi]
                    .iter()
                    .map(|f| f.serial)
                    .collect();
                let tag = String::from_utf8_lossy(self.frame_name(&self.stack[bi])).into_owned();
                (tag, path, ids, bi as u32, Some(bi))
            }
            None => (
                "body".to_string(),
                "body".to_string(),
                Vec::new(),
                0,
                self.stack.len().checked_sub(1),
            ),
        };
        let hidden_chars = if self.text_hidden {
            self.text.chars().count()
        } else {
            0
        };
        let attr_tokens = match top {
            Some(top) => self.collect_tokens(top),
            None => Vec::new(),
        };
        self.out.push(Paragraph {
            text: self.text.clone(),
            span: None,
            role: Role::of_tag(&tag),
            link_chars: self.link_chars as usize,
            link_count: self.link_count as usize,
            label: None,
            kind: None,
            element: Some(Element {
                tag,
                path,
                depth,
                attr_tokens,
                offset,
                hidden_chars,
                ids,
            }),
        });
        self.reset_block();
    }

    /// Fills `Frame::chain` for frame `j`, reusing the nearest ancestor's chain.
    fn ensure_chain(&mut self, j: usize) {
        if self.stack[j].chain.is_some() {
            return;
        }
        // Walk down to the nearest frame with a chain (bounded), then build upward:
        // a loop, not recursion, so deep documents cannot overflow the call stack.
        let mut base = j;
        while base > 0 && j - base < MAX_SCAN && self.stack[base].chain.is_none() {
            base -= 1;
        }
        let mut inherited: Vec<TokRef> = if base < j {
            self.stack[base].chain.clone().unwrap_or_default()
        } else {
            Vec::new()
        };
        let first = if self.stack[base].chain.is_some() && base < j {
            base + 1
        } else {
            base
        };
        for k in first..=j {
            let own = self.own_tokens(k);
            if own.is_empty() {
                self.stack[k].chain = Some(inherited.clone());
                continue;
            }
            let mut chain: Vec<TokRef> = Vec::with_capacity(MAX_TOKENS);
            for t in own {
                if chain.len() < MAX_TOKENS && !chain.iter().any(|c| c.hash == t.hash) {
                    chain.push(t);
                }
            }
            // The inherited chain is already deduplicated: check it against own tokens only.
            let own_len = chain.len();
            for t in &inherited {
                if chain.len() >= MAX_TOKENS {
                    break;
                }
                if !chain[..own_len].iter().any(|c| c.hash == t.hash) {
                    chain.push(*t);
                }
            }
            self.stack[k].chain = Some(chain.clone());
            inherited = chain;
        }
    }

    /// Tokenizes frame `k`'s raw class and id into `tok_text`.
    fn own_tokens(&mut self, k: usize) -> Vec<TokRef> {
        let start = self.stack[k].attr_start as usize;
        let end = self
            .stack
            .get(k + 1)
            .map_or(self.attrs.len(), |f| f.attr_start as usize);
        let mut out = Vec::new();
        if start == end {
            return out;
        }
        let mut decoded = std::mem::take(&mut self.decode_buf);
        let mut raw = &self.attrs[start..end];
        if raw.contains('&') {
            decoded.clear();
            decode_entities_into(raw, &mut decoded, true);
            raw = &decoded;
        }
        let mut tok_start = self.tok_text.len();
        let mut h: u64 = FNV64_OFFSET;
        for ch in raw.chars().chain(std::iter::once(' ')) {
            if ch.is_alphanumeric() {
                if ch.is_ascii() {
                    let lc = ch.to_ascii_lowercase();
                    self.tok_text.push(lc);
                    h = fnv64_step(h, lc as u8);
                } else {
                    for lc in ch.to_lowercase() {
                        self.tok_text.push(lc);
                        h = mix64(h ^ u64::from(u32::from(lc)));
                    }
                }
            } else if self.tok_text.len() > tok_start {
                out.push(TokRef {
                    hash: h,
                    start: tok_start as u32,
                    len: (self.tok_text.len() - tok_start) as u32,
                });
                tok_start = self.tok_text.len();
                h = FNV64_OFFSET;
            }
        }
        self.decode_buf = decoded;
        out
    }

    /// Class/id tokens of frame `top` and its ancestors, nearest first.
    fn collect_tokens(&mut self, top: usize) -> Vec<String> {
        self.ensure_chain(top);
        self.stack[top]
            .chain
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|t| self.tok_text[t.start as usize..(t.start + t.len) as usize].to_string())
            .collect()
    }

    fn reset_block(&mut self) {
        self.text.clear();
        self.pending_space = false;
        self.prev_link = false;
        self.link_chars = 0;
        self.link_count = 0;
        self.link_counted = false;
        self.br_pending = false;
    }

    fn emit(&mut self, piece: &str, chars: u32, in_link: bool) {
        let hidden = self.hidden();
        if hidden != self.text_hidden {
            self.flush();
            self.text_hidden = hidden;
        }
        if self.pending_space && !self.text.is_empty() {
            self.text.push(' ');
            if in_link && self.prev_link {
                self.link_chars += 1;
            }
        }
        self.pending_space = false;
        self.text.push_str(piece);
        if in_link {
            self.link_chars += chars;
            if !self.link_counted && self.links.last() == Some(&true) {
                self.link_count += 1;
                self.link_counted = true;
            }
        }
        self.prev_link = in_link;
        self.br_pending = false;
    }

    fn push_text(&mut self, s: &str) {
        let in_link = !self.links.is_empty();
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c <= b' ' {
                // Other C0 controls (NUL included) render as nothing.
                if is_html_space(c) {
                    self.pending_space = true;
                }
                i += 1;
            } else if c < 0x80 {
                let start = i;
                while i < b.len() && b[i] > b' ' && b[i] < 0x7f {
                    i += 1;
                }
                if i == start {
                    // DEL renders as nothing, like the other controls.
                    i += 1;
                    continue;
                }
                self.emit(&s[start..i], (i - start) as u32, in_link);
            } else {
                let Some(ch) = s[i..].chars().next() else {
                    break;
                };
                let len = ch.len_utf8();
                if ch.is_whitespace() {
                    self.pending_space = true;
                } else if ('\u{80}'..='\u{9f}').contains(&ch) {
                    // C1 controls in text are Windows-1252 bytes that were transcoded as
                    // Latin-1 somewhere upstream; show what the author typed.
                    let fixed = char::from_u32(u32::from(C1_REMAP[ch as usize - 0x80]))
                        .filter(|c| !c.is_control());
                    if let Some(c) = fixed {
                        let mut buf = [0u8; 4];
                        self.emit(c.encode_utf8(&mut buf), 1, in_link);
                    }
                } else if !is_invisible(ch) && !ch.is_control() {
                    self.emit(&s[i..i + len], 1, in_link);
                }
                i += len;
            }
        }
    }

    fn start_skip(&mut self, name: &[u8], kind: TagKind, flags: u8, attrs: &Attrs<'_>) {
        self.push(name, kind, flags, attrs, false);
        self.skip = Some(SkipState {
            nest: 1,
            foreign: kind == TagKind::Foreign,
        });
    }

    fn end_skip(&mut self) {
        self.skip = None;
        self.pop();
    }
}

impl Sink for Builder {
    fn tag_at(&mut self, offset: usize) {
        self.tag_offset = offset;
    }

    fn start_tag(
        &mut self,
        name: &[u8],
        kind: TagKind,
        flags: u8,
        attrs: &Attrs<'_>,
        closed: bool,
    ) {
        if let Some(skip) = &mut self.skip {
            if skip.foreign && flags & F_BREAKOUT != 0 {
                self.end_skip();
            } else {
                // The skipped element is always on top: nothing inside it is pushed.
                let same = self.stack.last().is_some_and(|f| {
                    f.hash == name_hash(name)
                        && &self.names[f.name_start as usize..(f.name_start + f.name_len) as usize]
                            == name
                });
                if same && !(closed && skip.foreign) {
                    skip.nest += 1;
                }
                return;
            }
        }
        if flags & F_CLOSES_P != 0 {
            self.close_p();
        }
        match kind {
            TagKind::Html => {
                if self.stack.is_empty() {
                    self.push(name, kind, flags, attrs, false);
                }
                return;
            }
            TagKind::Head => return,
            TagKind::Body => {
                let open = self.open[name_hash(b"body") as usize] > 0
                    && self.stack.iter().any(|f| f.kind == TagKind::Body);
                if !open {
                    self.flush();
                    self.push(name, kind, flags, attrs, true);
                }
                return;
            }
            TagKind::Br => return self.br(),
            TagKind::Hr => return self.flush(),
            TagKind::Void => return,
            _ => {}
        }
        match kind {
            TagKind::Foreign if closed => return,
            TagKind::Foreign
            | TagKind::Drop
            | TagKind::Script
            | TagKind::RawDrop
            | TagKind::Rcdata => {
                return self.start_skip(name, kind, flags, attrs);
            }
            TagKind::A => {
                let open_a = if self.links.is_empty() {
                    None
                } else {
                    self.find_kind(TagKind::A, |f| f.flags & F_SCOPE != 0)
                };
                if let Some(i) = open_a {
                    self.pop_to(i);
                }
                self.link_counted = false;
            }
            TagKind::Li => {
                if let Some(i) = self.find_kind(TagKind::Li, |f| self.list_item_stop(f)) {
                    self.pop_to(i);
                }
            }
            TagKind::DtDd => {
                if let Some(i) = self.find_kind(TagKind::DtDd, |f| self.list_item_stop(f)) {
                    self.pop_to(i);
                }
            }
            TagKind::Cell => {
                if let Some(i) = self.find_kind(TagKind::Cell, |f| {
                    matches!(f.kind, TagKind::Tr | TagKind::TSection | TagKind::Table)
                }) {
                    self.pop_to(i);
                }
            }
            TagKind::Tr => {
                if let Some(i) = self.find_kind(TagKind::Tr, |f| {
                    matches!(f.kind, TagKind::TSection | TagKind::Table)
                }) {
                    self.pop_to(i);
                }
            }
            TagKind::TSection => {
                if let Some(i) = self.find_kind(TagKind::TSection, |f| f.kind == TagKind::Table) {
                    self.pop_to(i);
                }
            }
            TagKind::Opt | TagKind::OptGroup => {
                if self.stack.last().is_some_and(|f| f.kind == TagKind::Opt) {
                    self.pop_to(self.stack.len() - 1);
                }
                if kind == TagKind::OptGroup
                    && self
                        .stack
                        .last()
                        .is_some_and(|f| f.kind == TagKind::OptGroup)
                {
                    self.pop_to(self.stack.len() - 1);
                }
            }
            // A heading directly inside a heading closes it.
            TagKind::Heading
                if self
                    .stack
                    .last()
                    .is_some_and(|f| f.kind == TagKind::Heading) =>
            {
                self.pop_to(self.stack.len() - 1);
            }
            _ => {}
        }
        let block = flags & F_BLOCK != 0;
        if block {
            self.flush();
        }
        self.push(name, kind, flags, attrs, block);
    }

    fn end_tag(&mut self, name: &[u8], kind: TagKind) {
        let hash = name_hash(name);
        if self.skip.is_some() {
            let top_matches = self
                .stack
                .last()
                .is_some_and(|f| f.hash == hash && self.frame_name(f) == name);
            if top_matches {
                if let Some(skip) = &mut self.skip {
                    skip.nest -= 1;
                    if skip.nest == 0 {
                        self.end_skip();
                    }
                }
                return;
            }
            // An end tag for an element open below the skipped one means the skipped
            // element was never closed: stop skipping rather than lose the rest.
            let below = self.stack.len().saturating_sub(1);
            let open_below = self.open[hash as usize] > 0
                && self.stack[..below]
                    .iter()
                    .rev()
                    .take(MAX_SCAN)
                    .any(|f| f.hash == hash && self.frame_name(f) == name);
            if !open_below {
                return;
            }
            self.end_skip();
        }
        match kind {
            TagKind::Br => self.br(),
            TagKind::Html | TagKind::Head | TagKind::Body => {}
            TagKind::P => match self.find_named(name, hash, |f| self.button_scope_stop(f)) {
                Some(i) => self.pop_to(i),
                // A stray </p> makes an empty paragraph, which still separates text.
                None => self.flush(),
            },
            // Any open heading closes on any heading end tag, as in the spec.
            TagKind::Heading => {
                if let Some(i) = self.find_kind(TagKind::Heading, |f| f.flags & F_SCOPE != 0) {
                    self.pop_to(i);
                }
            }
            // Table parts use "table scope": cells and rows inside do not hide the table.
            TagKind::Table | TagKind::TSection | TagKind::Tr | TagKind::Cell => {
                let stop = |f: &Frame| {
                    f.kind == TagKind::Html || (kind != TagKind::Table && f.kind == TagKind::Table)
                };
                if let Some(i) = self.find_named(name, hash, stop) {
                    self.pop_to(i);
                }
            }
            _ => {
                if self.last_miss.0 == self.version && self.last_miss.1 == name {
                    return;
                }
                match self.find_named(name, hash, |f| f.flags & F_SCOPE != 0) {
                    Some(i) => self.pop_to(i),
                    None => {
                        self.last_miss.0 = self.version;
                        self.last_miss.1.clear();
                        self.last_miss.1.extend_from_slice(name);
                    }
                }
            }
        }
    }

    fn text(&mut self, text: &str) {
        if self.skip.is_none() {
            self.push_text(text);
        }
    }

    fn wants_text(&self) -> bool {
        self.skip.is_none()
    }
}
