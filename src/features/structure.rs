//! Structure: where an HTML block sits in its page. The element (paragraph, table cell, div),
//! page-furniture elements around it (`nav`, `footer`, `aside`, forms), its depth, how far it is
//! from the page's densest run of text and whether it shares that run's element path, the class
//! and id words around it (`sidebar`, `share`, `article`), and links per word: the signals
//! boilerpipe, readability and trafilatura use. Text documents have no structure: all zero.
//!
//! Heading and list-item blocks are `shape_heading` and `shape_list_item`, as in Markdown.

use super::lexicon::{lexicons, AttrClass};
use super::tokens::DocTokens;
use crate::document::Element;

/// Element groups of `structure_tag_*`. Headings and list items are block kinds (shape).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagGroup {
    /// `p`, `blockquote`, `pre`: running text.
    Paragraph,
    /// `td`, `th`.
    Cell,
    Heading,
    ListItem,
    /// `div`, `section`, `span` text directly in `body`, and everything else.
    Other,
}

impl TagGroup {
    pub fn of(tag: &str) -> TagGroup {
        match tag {
            "p" | "blockquote" | "pre" => TagGroup::Paragraph,
            "td" | "th" => TagGroup::Cell,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => TagGroup::Heading,
            "li" => TagGroup::ListItem,
            _ => TagGroup::Other,
        }
    }
}

/// Elements that hold page furniture rather than the main text.
const CHROME_TAGS: [&str; 11] = [
    "nav", "header", "footer", "aside", "form", "menu", "button", "select", "option", "label",
    "fieldset",
];

/// The furniture element among the block element and the path above it, nearest first.
pub fn chrome(e: &Element) -> Option<&'static str> {
    e.path
        .split('>')
        .rev()
        .find_map(|name| CHROME_TAGS.iter().copied().find(|&c| c == name))
}

/// The entries of the boilerplate and of the content attribute list that the block's class and
/// id tokens hit, each once, in the order the tokens come (nearest element first).
pub fn attr_hits(e: &Element) -> (Vec<&'static str>, Vec<&'static str>) {
    let lex = lexicons();
    let (mut boilerplate, mut content) = (Vec::new(), Vec::new());
    for t in &e.attr_tokens {
        let (list, w) = match lex.attributes.hit(t) {
            Some((AttrClass::Boilerplate, w)) => (&mut boilerplate, w),
            Some((AttrClass::Content, w)) => (&mut content, w),
            None => continue,
        };
        if !list.contains(&w) {
            list.push(w);
        }
    }
    (boilerplate, content)
}

#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub tag_p: f32,
    pub tag_cell: f32,
    pub tag_other: f32,
    pub chrome: f32,
    /// Element depth / 32, at most 2.
    pub depth: f32,
    /// |depth - depth of the main text| / 8, at most 2.
    pub depth_dev: f32,
    /// Blocks between this one and the main text, over the number of blocks.
    pub main_distance: f32,
    /// 1 when the block's element path is the main text's.
    pub main_path: f32,
    pub attr_boilerplate: f32,
    pub attr_content: f32,
    /// Links per word, at most 1.
    pub links_per_word: f32,
}

/// Words a block must have to add to the main text rather than cost it.
const MAIN_MIN_WORDS: i64 = 10;

/// The page's main text: the run of consecutive blocks with the largest sum of
/// `words - MAIN_MIN_WORDS`, so that runs of short blocks (menus, link lists) end it and long
/// paragraphs extend it. Returns its first block, its end, and its longest block.
pub fn main_region(doc: &DocTokens) -> Option<(usize, usize, usize)> {
    if doc.paras.is_empty() {
        return None;
    }
    let words: Vec<i64> = doc.paras.iter().map(|p| p.words.len() as i64).collect();
    // Maximum-sum run (Kadane); ties keep the earliest run.
    let (mut best, mut best_run) = (i64::MIN, (0, 1));
    let (mut sum, mut start) = (0i64, 0);
    for (i, &w) in words.iter().enumerate() {
        if sum <= 0 {
            (sum, start) = (0, i);
        }
        sum += w - MAIN_MIN_WORDS;
        if sum > best {
            (best, best_run) = (sum, (start, i + 1));
        }
    }
    let (start, end) = best_run;
    let longest = (start..end)
        .max_by_key(|&i| (words[i], std::cmp::Reverse(i)))
        .unwrap_or(start);
    Some((start, end, longest))
}

/// Structure features of every paragraph; all zero for paragraphs that are not HTML blocks.
pub fn compute(doc: &DocTokens) -> Vec<Structure> {
    let n = doc.paras.len();
    let mut out = vec![Structure::default(); n];
    let Some((start, end, longest)) = main_region(doc) else {
        return out;
    };
    let main = doc.paras[longest].element.as_ref();
    for (i, (p, s)) in doc.paras.iter().zip(&mut out).enumerate() {
        let Some(h) = &p.element else { continue };
        let group = TagGroup::of(&h.tag);
        s.tag_p = (group == TagGroup::Paragraph) as u8 as f32;
        s.tag_cell = (group == TagGroup::Cell) as u8 as f32;
        s.tag_other = (group == TagGroup::Other) as u8 as f32;
        s.chrome = chrome(h).is_some() as u8 as f32;
        s.depth = (h.depth as f32 / 32.0).min(2.0);
        if let Some(m) = main {
            s.depth_dev = ((h.depth as f32 - m.depth as f32).abs() / 8.0).min(2.0);
            s.main_path = (h.path == m.path) as u8 as f32;
        }
        let distance = if i < start {
            start - i
        } else if i >= end {
            i + 1 - end
        } else {
            0
        };
        s.main_distance = distance as f32 / n as f32;
        let (boilerplate, content) = attr_hits(h);
        s.attr_boilerplate = (boilerplate.len() as f32).ln_1p();
        s.attr_content = (content.len() as f32).ln_1p();
        s.links_per_word = (p.link_count as f32 / p.words.len().max(1) as f32).min(1.0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};
    use crate::features::tokens::tokenize;

    fn page() -> Document {
        let story = "The council approved the harbour tram line after a long debate about \
                     its cost and the noise it would bring to the old town.";
        Document::from_html(
            "p",
            &format!(
                "<header><nav class=\"main-nav\"><a href=/>Home</a> <a href=/n>News</a></nav>\
                 </header><div class=\"sidebar widget\"><p>Follow us</p></div>\
                 <article class=\"post-content\"><p>{story}</p><p>{story}</p><p>{story}</p>\
                 <table><tr><td>Cost</td><td>2 million</td></tr></table></article>\
                 <footer><div>Copyright 2024 <a href=/a>About</a></div></footer>"
            ),
        )
    }

    #[test]
    fn html_blocks_get_structure_and_text_gets_zero() {
        let doc = page();
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts.len(), 8, "{texts:?}");
        let s = compute(&tokenize(&doc));
        // Navigation: inside <nav>, class "nav", all link text, far from the story.
        assert_eq!(s[0].chrome, 1.0);
        assert!(s[0].attr_boilerplate > 0.0 && s[0].links_per_word == 1.0);
        assert!(s[0].main_distance > 0.0);
        // Sidebar paragraph: a <p>, but sidebar/widget classes.
        assert_eq!(s[1].tag_p, 1.0);
        assert!(s[1].attr_boilerplate > s[2].attr_boilerplate);
        // The story: paragraphs of the main region on the main path, content classes.
        for story in &s[2..5] {
            assert_eq!(
                (story.tag_p, story.main_path, story.main_distance),
                (1.0, 1.0, 0.0)
            );
            assert!(story.attr_content > 0.0 && story.depth_dev == 0.0);
        }
        assert_eq!(s[5].tag_cell, 1.0);
        assert_eq!(s[5].main_path, 0.0);
        assert_eq!((s[7].tag_other, s[7].chrome), (1.0, 1.0));

        let text = Document::from_text("t", "One.\n\nTwo words here.\n".into(), Format::Text);
        for s in compute(&tokenize(&text)) {
            assert_eq!(
                s.tag_p + s.tag_other + s.chrome + s.depth + s.main_distance,
                0.0
            );
            assert_eq!(s.links_per_word, 0.0);
        }
    }

    #[test]
    fn main_region_is_the_densest_window() {
        let doc = page();
        let (start, end, longest) = main_region(&tokenize(&doc)).unwrap();
        assert_eq!((start, end, longest), (2, 5, 2));
        assert!(main_region(&DocTokens::default()).is_none());
    }
}
