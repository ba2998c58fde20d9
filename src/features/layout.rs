//! Layout: an HTML block seen through the elements that hold it. Block features alone cannot
//! tell a 1,200-word story on a page of three-word links from the links, nor a reader's comment
//! from a story paragraph; the elements around them can:
//! - the **top container**, readability's candidate: every block of running text scores its
//!   parent, less its grandparent and less again the ancestors above (longer and more
//!   prose-like text scores more), each element's score scaled by the share of its text that is
//!   not inside links; the element with the highest score holds the main text. A block's
//!   *standing* is the best score among its own ancestors over the top one's;
//! - **repeated structures**: blocks with the same element path and class words under many
//!   different parents are the entries of a comment thread, a listing or a card grid, where
//!   a story's paragraphs share one parent;
//! - the **link share of the parent**: menus are elements whose blocks are all links;
//! - **overlap with the main text**: the share of a block's content words that the top
//!   container's other blocks use too, which is drift measured against the main text rather
//!   than against a page that may be mostly furniture.
//!
//! A **reader's comment** is a block after the story's longest block (the longest in the top
//! container) with a comment class word (`comment`, `commentlist`, `disqus`, `wpdiscuz`, ...)
//! among its nearest [`COMMENT_NEAR`] class words that the longest block does not carry. The
//! last clause keeps a forum's replies (built like the opening post, they share its `comment`
//! classes) and pages whose `<body>` class reads `has-comments` (every block has it). The top
//! container itself will not do: WordPress puts the story and its thread in one content
//! element. Not a model input: the pipeline drops comments as trafilatura does, unless asked to
//! keep them.
//!
//! **Hidden text** is the share of a block's characters hidden on the page, except where the
//! page hides its own main text: a hidden block inside the top container whose text is at
//! least [`MAIN_HIDDEN_SHARE`] hidden is a tab panel or an article a script reveals (Next.js
//! streams pages into `<div hidden>`), not text slipped into the page. Hidden blocks score
//! their containers like visible ones, so such an article can still be the top container.
//!
//! Everything is read from [`Element::ids`], `path`, `attr_tokens` and `hidden_chars`; text
//! documents (no elements) get zeros.

use super::tokens::DocTokens;
use crate::document::Element;
use crate::hash::{fnv64_from, FNV64_OFFSET};
use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The block lies inside the top container (within the ancestors its element records).
    pub in_top: f32,
    /// The best container score among the block's ancestors, over the top container's (0..1).
    pub standing: f32,
    /// ln(number of distinct parents holding a block of the same path and class words).
    pub repeat: f32,
    /// Link characters over characters of the blocks that share the block's parent.
    pub parent_link_share: f32,
    /// Share of the block's distinct content words that other blocks of the top container use.
    pub top_overlap: f32,
    /// Share of the block's characters hidden on the page (see [`Element::hidden_chars`]), 0
    /// where the page hides its main text itself (see the module notes).
    pub hidden: f32,
    /// The block is a reader's comment below the main text (see the module notes).
    pub comment: bool,
}

/// How many of a block's nearest class and id words (its element's, then its ancestors') are
/// read for a comment class: far enough up to reach the thread's list, not so far that the
/// page's `<body>` classes come in on a shallow page.
pub const COMMENT_NEAR: usize = 16;

/// A class or id word of a comment thread's elements (`comments`, `commentlist`,
/// `usercomment`, `commentarea`), but not commentary or a commentator: a documentation page's
/// section `id="commentary"` (wcxb-dev-2874) or a sports page's live commentary is the story.
fn is_comment_word(t: &str) -> bool {
    const NOT: [&str; 3] = ["commentary", "commentaries", "commentator"];
    let comment = t.contains("comment") && !NOT.iter().any(|w| t.contains(w));
    comment || t.starts_with("disqus") || t.starts_with("wpdiscuz")
}

/// Blocks shorter than this (non-space characters) do not score their ancestors, as in
/// readability.
const MIN_CHARS: u32 = 25;

/// A top container with at least this share of its characters hidden hides the page's main
/// text on purpose (tabs, script-revealed articles): its hidden blocks do not count as hidden.
/// Text injected into a story is a small part of it.
pub const MAIN_HIDDEN_SHARE: f32 = 0.25;

/// What a block of running text adds to its ancestors: 1, plus a point per 100 characters
/// (at most 3), plus a point per 10 function words (readability counts commas; function words
/// are as good a sign of sentences, and already counted).
fn block_weight(chars: u32, stopwords: u32) -> f32 {
    1.0 + (chars as f32 / 100.0).min(3.0) + stopwords as f32 / 10.0
}

/// The share of a block weight an ancestor `level` steps up gets: 1 for the parent, 1/2 for
/// the grandparent, 1/(3 level) above.
fn level_share(level: usize) -> f32 {
    match level {
        0 => 1.0,
        1 => 0.5,
        l => 1.0 / (3.0 * l as f32),
    }
}

#[derive(Default, Clone, Copy)]
struct Container {
    score: f32,
    chars: u32,
    link_chars: u32,
    hidden_chars: u32,
}

/// Path and class words of a block, numbers left out (`comment-1234` and `comment-1235` are
/// the same kind of entry).
fn signature(e: &Element) -> u64 {
    let mut h = fnv64_from(FNV64_OFFSET, e.path.as_bytes());
    for t in &e.attr_tokens {
        if !t.bytes().any(|b| b.is_ascii_digit()) {
            h = fnv64_from(h ^ 0x2f, t.as_bytes());
        }
    }
    h
}

pub fn compute(doc: &DocTokens) -> Vec<Layout> {
    let n = doc.paras.len();
    let mut out = vec![Layout::default(); n];
    let elements: Vec<Option<&Element>> = doc
        .paras
        .iter()
        .map(|p| p.element.as_ref().filter(|e| !e.ids.is_empty()))
        .collect();
    for (p, o) in doc.paras.iter().zip(&mut out) {
        if let Some(e) = &p.element {
            o.hidden = (e.hidden_chars as f32 / p.counts.chars.max(1) as f32).min(1.0);
        }
    }
    if elements.iter().all(Option::is_none) {
        return out;
    }

    // Container scores, and the characters and link characters under each element.
    let mut containers: FxHashMap<u32, Container> = FxHashMap::default();
    for (p, e) in doc.paras.iter().zip(&elements) {
        let Some(e) = e else { continue };
        let (chars, links) = (p.counts.chars, p.link_chars.min(p.counts.chars));
        let hidden = e.hidden_chars.min(chars as usize) as u32;
        let weight = (chars >= MIN_CHARS).then(|| block_weight(chars, p.counts.stopwords));
        for (level, &id) in e.ids.iter().rev().enumerate() {
            let c = containers.entry(id).or_default();
            c.chars += chars;
            c.link_chars += links;
            c.hidden_chars += hidden;
            if let (Some(w), Some(up)) = (weight, level.checked_sub(1)) {
                c.score += w * level_share(up);
            }
        }
    }
    for c in containers.values_mut() {
        c.score *= 1.0 - c.link_chars as f32 / c.chars.max(1) as f32;
    }
    let top = containers
        .iter()
        .filter(|(_, c)| c.score > 0.0)
        // Ties go to the earlier element, so the choice does not depend on hashing.
        .max_by(|a, b| a.1.score.total_cmp(&b.1.score).then(b.0.cmp(a.0)))
        .map(|(&id, c)| (id, c.score));

    // Repeated structures: distinct parents per signature.
    let signatures: Vec<Option<u64>> = elements.iter().map(|e| e.map(signature)).collect();
    let mut parents: FxHashMap<u64, FxHashSet<u32>> = FxHashMap::default();
    for (e, sig) in elements.iter().zip(&signatures) {
        if let (Some(e), Some(sig)) = (e, sig) {
            if let Some(&parent) = e.ids.iter().rev().nth(1) {
                parents.entry(*sig).or_default().insert(parent);
            }
        }
    }

    // Content words of the top container's blocks: in how many of them each occurs.
    let inside = |e: &Option<&Element>| match (e, top) {
        (Some(e), Some((t, _))) => e.ids.contains(&t),
        _ => false,
    };
    let content_words = |i: usize| -> Vec<u32> {
        let mut w: Vec<u32> = doc.paras[i]
            .words
            .iter()
            .copied()
            .filter(|&id| {
                let info = doc.info(id);
                !info.stopword
                    && info.chars >= 2
                    && !doc.word(id).bytes().all(|b| b.is_ascii_digit())
            })
            .collect();
        w.sort_unstable();
        w.dedup();
        w
    };
    let words: Vec<Vec<u32>> = (0..n).map(content_words).collect();
    let mut in_top_blocks = vec![0u32; doc.word_count()];
    for (i, e) in elements.iter().enumerate() {
        if inside(e) {
            for &w in &words[i] {
                in_top_blocks[w as usize] += 1;
            }
        }
    }

    // The page hides its main text itself: its hidden blocks there are not hidden text.
    let top_hides = top.is_some_and(|(t, _)| {
        let c = containers[&t];
        c.hidden_chars as f32 >= MAIN_HIDDEN_SHARE * c.chars.max(1) as f32
    });

    // The story's longest block, and the comment words it carries.
    let anchor = (0..n)
        .filter(|&i| elements[i].is_some() && (top.is_none() || inside(&elements[i])))
        .max_by_key(|&i| (doc.paras[i].counts.chars, std::cmp::Reverse(i)));
    let anchor_words: FxHashSet<&str> = anchor
        .and_then(|a| elements[a])
        .map(|e| {
            e.attr_tokens
                .iter()
                .map(String::as_str)
                .filter(|t| is_comment_word(t))
                .collect()
        })
        .unwrap_or_default();

    for (i, (e, o)) in elements.iter().zip(&mut out).enumerate() {
        let Some(el) = e else { continue };
        let own = inside(e);
        o.comment = anchor.is_some_and(|a| i > a)
            && el
                .attr_tokens
                .iter()
                .take(COMMENT_NEAR)
                .any(|t| is_comment_word(t) && !anchor_words.contains(t.as_str()));
        o.in_top = own as u8 as f32;
        if own && top_hides {
            o.hidden = 0.0;
        }
        if let Some((_, top_score)) = top {
            o.standing = el
                .ids
                .iter()
                .filter_map(|id| containers.get(id))
                .map(|c| c.score / top_score)
                .fold(0.0, f32::max)
                .clamp(0.0, 1.0);
        }
        if let (Some(sig), Some(&parent)) = (signatures[i], el.ids.iter().rev().nth(1)) {
            o.repeat = (parents.get(&sig).map_or(1, |s| s.len()) as f32).ln();
            let c = containers[&parent];
            o.parent_link_share = c.link_chars as f32 / c.chars.max(1) as f32;
        }
        if !words[i].is_empty() {
            let others = |w: u32| in_top_blocks[w as usize] - own as u32;
            let shared = words[i].iter().filter(|&&w| others(w) > 0).count();
            o.top_overlap = shared as f32 / words[i].len() as f32;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};
    use crate::features::tokens::tokenize;

    #[test]
    fn the_story_container_wins_and_comments_repeat() {
        let story = "The council approved the harbour tram line after a long debate about \
                     its cost, and the noise it would bring to the old town, on Tuesday.";
        let comment = |k: usize| {
            format!(
                "<li class=\"comment\" id=\"comment-{k}\"><div class=\"comment-body\">\
                 <p>I think this is a great idea for the town, {k}.</p></div></li>"
            )
        };
        let page = format!(
            "<nav><ul><li><a href=/>Home</a></li><li><a href=/n>News</a></li></ul></nav>\
             <article><div class=body><p>{story}</p><p>{story}</p><p>{story}</p></div>\
             </article><ol class=comments>{}</ol>\
             <div style=\"display:none\"><a href=/x>cheap pills</a></div>",
            (0..6).map(comment).collect::<String>()
        );
        let doc = Document::from_html("p", &page);
        let l = compute(&tokenize(&doc));
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts.len(), 2 + 3 + 6 + 1, "{texts:?}");
        // Menu: outside the story, all links around it.
        assert_eq!((l[0].in_top, l[0].parent_link_share), (0.0, 1.0));
        for s in &l[2..5] {
            assert_eq!((s.in_top, s.standing, s.repeat), (1.0, 1.0, 0.0));
            assert!(s.top_overlap > 0.9, "{s:?}");
        }
        for c in &l[5..11] {
            assert_eq!(c.in_top, 0.0);
            assert!(c.standing < 0.5 && c.repeat == 6f32.ln(), "{c:?}");
            assert!(c.comment, "{c:?}");
        }
        assert!(l[..5].iter().chain(&l[11..]).all(|b| !b.comment), "{l:?}");
        assert_eq!(l[11].hidden, 1.0);
        assert!(l[..11].iter().all(|s| s.hidden == 0.0));

        let text = Document::from_text("t", "One.\n\nTwo words here.\n".into(), Format::Text);
        for s in compute(&tokenize(&text)) {
            assert_eq!(
                s.in_top + s.standing + s.repeat + s.top_overlap + s.hidden,
                0.0
            );
        }
    }

    #[test]
    fn comments_are_what_the_story_does_not_share_a_class_word_with() {
        let story = "The council approved the harbour tram line after a long debate about \
                     its cost, and the noise it would bring to the old town, on Tuesday.";
        let reply = "I think this is a great idea for the town, and I hope it gets built soon.";
        let marks = |page: &str| -> Vec<bool> {
            let doc = Document::from_html("p", page);
            compute(&tokenize(&doc)).iter().map(|b| b.comment).collect()
        };
        // WordPress: the story and its comments in one content element (the top container
        // holds both), the page's <body> saying `has-comments`.
        let page = format!(
            "<body class=\"single has-comments\"><div id=content><article class=post>\
             <p>{story}</p><p>{story}</p><p>{story}</p></article>\
             <ol class=commentlist><li class=comment><p>{reply}</p></li>\
             <li class=comment><p>{reply}</p></li></ol></div></body>"
        );
        assert_eq!(marks(&page), [false, false, false, true, true]);
        // A forum: the opening post is built like the replies, so nothing is a comment.
        let post = |t: &str| format!("<div class=\"comment post\"><p>{t}</p></div>");
        let page = format!("{}{}{}", post(story), post(reply), post(reply));
        assert_eq!(marks(&page), [false, false, false]);
        // A comment class the story's own block carries is no comment's.
        let page = format!("<div class=comments-open><p>{story}</p><p>{reply}</p></div>");
        assert_eq!(marks(&page), [false, false]);
        // Comments come below the story: a comment box above it is not one.
        let page = format!(
            "<div class=comment-count><p>{reply}</p></div>\
             <article><p>{story}</p><p>{story}</p></article>"
        );
        assert_eq!(marks(&page), [false, false, false]);
        // Live commentary below a match report is the story, not its readers.
        let page = format!(
            "<article><p>{story}</p><p>{story}</p></article>\
             <div id=live-commentary class=commentator-notes><p>{reply}</p><p>{reply}</p></div>"
        );
        assert_eq!(marks(&page), [false, false, false, false]);
    }

    #[test]
    fn one_long_story_block_outranks_many_tiny_furniture_blocks() {
        let story = "The council approved the harbour tram line after a long debate about its \
                     cost, and the noise it would bring to the old town, on Tuesday. "
            .repeat(12);
        let links = |class: &str, k: usize| {
            let items: String = (0..k)
                .map(|j| format!("<li><a href=/{class}/{j}>Section {j} news</a></li>"))
                .collect();
            format!("<ul class={class}>{items}</ul>")
        };
        let page = format!(
            "<header>{}</header><div class=main><div class=text><p>{story}</p></div></div>\
             <aside><h3>Most read</h3>{}</aside><footer>{}</footer>",
            links("menu", 30),
            links("related", 20),
            links("footer", 25)
        );
        let doc = Document::from_html("p", &page);
        let l = compute(&tokenize(&doc));
        let s = doc
            .paragraphs
            .iter()
            .position(|p| p.text.starts_with("The council"))
            .expect("the story is a block");
        assert!(doc.paragraphs.len() > 70, "{}", doc.paragraphs.len());
        assert_eq!((l[s].in_top, l[s].standing), (1.0, 1.0), "{:?}", l[s]);
        for (i, b) in l.iter().enumerate().filter(|&(i, _)| i != s) {
            assert_eq!(b.in_top, 0.0, "{i} {:?}", doc.paragraphs[i].text);
            assert!(b.standing < 0.5, "{i} {b:?}");
            assert!(b.parent_link_share > 0.9 || b.repeat == 0.0, "{i} {b:?}");
        }
    }

    #[test]
    fn hidden_text_in_a_story_counts_but_a_page_hiding_its_story_does_not() {
        let story = "The council approved the harbour tram line after a long debate about \
                     its cost, and the noise it would bring to the old town, on Tuesday.";
        let spam = "<p style=\"position:absolute;left:-9999px\">Buy cheap pills online \
                    <a href=/x>pills</a> <a href=/y>casino</a></p>";
        let body = |hide: &str, extra: &str| {
            format!(
                "<nav><a href=/>Home</a> <a href=/n>News</a></nav><article{hide}>\
                 <p>{story}</p><p>{story}</p>{extra}<p>{story}</p><p>{story}</p></article>"
            )
        };
        // Injected into a visible story: hidden.
        let doc = Document::from_html("p", &body("", spam));
        let l = compute(&tokenize(&doc));
        let hidden: Vec<f32> = l.iter().map(|b| b.hidden).collect();
        assert_eq!(hidden, [0.0, 0.0, 0.0, 1.0, 0.0, 0.0], "{hidden:?}");
        assert!(l[1..].iter().all(|b| b.in_top == 1.0), "{l:?}");

        // A story a script reveals (`<article hidden>`), and one in an animated wrapper: the
        // page hides its own main text, which is not hidden text.
        for hide in [" hidden", " style=\"opacity:0\""] {
            let doc = Document::from_html("p", &body(hide, ""));
            let l = compute(&tokenize(&doc));
            assert!(l.iter().all(|b| b.hidden == 0.0), "{hide}: {l:?}");
            assert!(l[1..].iter().all(|b| b.in_top == 1.0), "{hide}: {l:?}");
        }
        // Hidden text outside a story that is hidden itself still counts.
        let page = format!(
            "{}<div style=\"display:none\"><a href=/x>cheap pills</a> \
             <a href=/y>casino bonus</a></div>",
            body(" hidden", "")
        );
        let doc = Document::from_html("p", &page);
        let l = compute(&tokenize(&doc));
        assert_eq!(l.last().map(|b| b.hidden), Some(1.0), "{l:?}");
        assert!(l[..l.len() - 1].iter().all(|b| b.hidden == 0.0), "{l:?}");
    }
}
