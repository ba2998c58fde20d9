//! Segmentation, end to end: markup in, blocks out.

use super::builder::MAX_DEPTH;
use super::char_ref::decode_entities_into;
use super::*;
use crate::document::Element;

fn el(b: &Paragraph) -> &Element {
    b.element.as_ref().unwrap()
}

fn texts(html: &str) -> Vec<String> {
    segment(html).into_iter().map(|b| b.text).collect()
}

#[test]
fn entities_named_numeric_and_legacy() {
    let b = segment(
        "<p>Tom &amp; Jerry &lt;3 &copy 2024 &#8212; &#x41;&#X42; &notit; &NotAName; \
         &#0; &#150; &#x110000; caf&eacute; a&nbsp;&nbsp;b &amp</p>",
    );
    assert_eq!(b.len(), 1);
    assert_eq!(
        b[0].text,
        "Tom & Jerry <3 \u{a9} 2024 \u{2014} AB \u{ac}it; &NotAName; \u{fffd} \u{2013} \
         \u{fffd} caf\u{e9} a b &"
    );
}

#[test]
fn entities_in_attributes_follow_attribute_rules() {
    let mut out = String::new();
    decode_entities_into("?a=1&copy=2&amp;b&lt;", &mut out, true);
    assert_eq!(out, "?a=1&copy=2&b<");
    let b = segment("<div class=\"a&amp;b c&#45;d\"><p>x</p></div>");
    assert_eq!(el(&b[0]).attr_tokens, vec!["a", "b", "c", "d"]);
}

#[test]
fn inline_tags_do_not_split() {
    let b = segment(
        "<p>Hello <b>bold</b> <a href=\"#\">link</a> and <span>sp<em>an</em></span>\
         <code>!</code> <small>s</small><strong>t</strong><i>u</i></p>",
    );
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].text, "Hello bold link and span! stu");
    assert_eq!(el(&b[0]).tag, "p");
}

#[test]
fn block_tags_split_and_nest() {
    let b = segment(
        "<body><div>Intro <p>Para</p> tail<h2>Head</h2><ul><li>one</li><li>two</li></ul>\
         </div></body>",
    );
    let got: Vec<(&str, &str)> = b
        .iter()
        .map(|b| (b.text.as_str(), el(b).tag.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Intro", "div"),
            ("Para", "p"),
            ("tail", "div"),
            ("Head", "h2"),
            ("one", "li"),
            ("two", "li")
        ]
    );
    assert_eq!(el(&b[1]).path, "body>div>p");
    assert_eq!(el(&b[1]).depth, 2);
    assert_eq!(el(&b[4]).path, "body>div>ul>li");
}

#[test]
fn offsets_point_at_the_block_start_tag() {
    let html = "x<div class=a>Intro <p id=p1>Para</p> tail</div><P>Two";
    let b = segment(html);
    let at = |i: usize| el(&b[i]).offset.map(|o| &html[o..o + 4]);
    assert_eq!(b[0].text, "x");
    assert_eq!(el(&b[0]).offset, None);
    assert_eq!(at(1), Some("<div"));
    assert_eq!(at(2), Some("<p i"));
    assert_eq!(
        el(&b[3]).offset,
        el(&b[1]).offset,
        "text after a child shares its element"
    );
    assert_eq!(at(4), Some("<P>T"));
    // Inserting a paragraph at a block's offset makes it the block's preceding sibling.
    let o = el(&b[2]).offset.unwrap();
    let spliced = format!("{}<p>Inserted ad</p>{}", &html[..o], &html[o..]);
    let texts: Vec<String> = segment(&spliced).into_iter().map(|b| b.text).collect();
    assert_eq!(texts, ["x", "Intro", "Inserted ad", "Para", "tail", "Two"]);
}

#[test]
fn double_br_splits_single_br_is_space() {
    let b = segment("<p>one<br>two<br/><br>three<br> <br>four</p>");
    assert_eq!(
        b.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
        vec!["one two", "three", "four"]
    );
    assert!(b.iter().all(|b| el(b).tag == "p"));
}

#[test]
fn script_style_comments_and_hidden_containers_dropped() {
    let html = "<div>a<script>var x = \"<p>no</p>\"; if (a</b) {}</script>b\
                <style>p { color: red }</style>c<!-- <p>gone</p> -->d<!---->e\
                <template><p>tpl</p></template><svg><text>svg</text></svg>f\
                <iframe src=x>frame text</iframe>g<head>h</div>";
    assert_eq!(texts(html), vec!["abcdefgh"]);
}

#[test]
fn script_escaped_state_hides_nested_script_end() {
    let html = "<script><!-- document.write('<script>x</script>'); --></script><p>after</p>";
    assert_eq!(texts(html), vec!["after"]);
}

#[test]
fn noscript_content_is_kept() {
    assert_eq!(
        texts("<noscript><p>Post body</p></noscript>"),
        vec!["Post body"]
    );
}

#[test]
fn link_chars_and_count() {
    let b = segment("<p>Read <a href=\"/x\">more here</a> now</p>");
    assert_eq!(b[0].text, "Read more here now");
    assert_eq!(b[0].link_chars, 9);
    assert_eq!(b[0].link_count, 1);

    let b = segment("<li><a href=1>a</a> <a href=2>b\u{e9}</a> <a>c</a></li>");
    assert_eq!(b[0].text, "a b\u{e9} c");
    assert_eq!(b[0].link_chars, 6);
    assert_eq!(b[0].link_count, 2);

    // One link spanning two blocks counts in each; unclosed <a> closes at the next <a>.
    let b = segment("<a href=1><div>x</div><div>y</div></a><p><a href=2>p<a href=3>q</p>");
    let counts: Vec<usize> = b.iter().map(|b| b.link_count).collect();
    assert_eq!(counts, vec![1, 1, 2]);
}

#[test]
fn attr_tokens_from_block_and_ancestors() {
    let b = segment(
        "<div id=\"main-Content\" class=\"wrap\"><section class=\"post  body\">\
         <span class=\"inline\"><p class=\"lead post\">x <em class=\"no\">y</em></p></span>\
         </section></div>",
    );
    assert_eq!(b.len(), 1);
    assert_eq!(
        el(&b[0]).attr_tokens,
        vec!["lead", "post", "inline", "body", "wrap", "main", "content"]
    );
}

#[test]
fn attr_tokens_capped_at_32() {
    let classes: Vec<String> = (0..40).map(|i| format!("c{i}")).collect();
    let html = format!(
        "<div class=\"{}\"><p class=\"own\">x</p></div>",
        classes.join(" ")
    );
    let b = segment(&html);
    assert_eq!(el(&b[0]).attr_tokens.len(), 32);
    assert_eq!(el(&b[0]).attr_tokens[0], "own");
    assert_eq!(el(&b[0]).attr_tokens[31], "c30");
}

#[test]
fn deep_nesting_does_not_overflow() {
    // A small stack makes any depth-proportional recursion fail loudly.
    let worker = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(deep_nesting_body)
        .expect("spawn");
    worker.join().expect("deep nesting panicked");
}

fn deep_nesting_body() {
    let n = 10_000;
    let mut html = String::new();
    for i in 0..n {
        html.push_str(if i % 2 == 0 {
            "<div class=\"d\">"
        } else {
            "<span>"
        });
    }
    html.push_str("deep");
    for i in (0..n).rev() {
        html.push_str(if i % 2 == 0 { "</div>" } else { "</span>" });
    }
    html.push_str("<p>after</p>");
    for _ in 0..n {
        html.push_str("<li><b><p>");
    }
    html.push_str("end");
    let b = segment(&html);
    assert_eq!(b[0].text, "deep");
    assert_eq!(el(&b[0]).tag, "div");
    assert!(el(&b[0]).depth < MAX_DEPTH as u32);
    assert_eq!(el(&b[0]).attr_tokens, vec!["d"]);
    assert_eq!(b[1].text, "after");
    assert_eq!((el(&b[1]).tag.as_str(), el(&b[1]).depth), ("p", 0));
    assert_eq!(b.last().map(|b| b.text.as_str()), Some("end"));
}

#[test]
fn unclosed_and_stray_tags() {
    let html = "<div><p>one<p>two<ul><li>a<li>b</ul></span></td><table><tr><td>c<td>d\
                </table>tail</div></div></p>x<h1>h<h2>i</h3>j";
    let b = segment(html);
    let got: Vec<(&str, &str)> = b
        .iter()
        .map(|b| (b.text.as_str(), el(b).tag.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("one", "p"),
            ("two", "p"),
            ("a", "li"),
            ("b", "li"),
            ("c", "td"),
            ("d", "td"),
            ("tail", "div"),
            ("x", "body"),
            ("h", "h1"),
            ("i", "h2"),
            ("j", "body")
        ]
    );
    assert_eq!(el(&b[3]).path, "div>ul>li");
    assert_eq!(el(&b[3]).depth, 2);
}

#[test]
fn truncated_markup_never_panics() {
    for html in [
        "<",
        "</",
        "<!",
        "<!--",
        "<!-- x",
        "<div class=\"unterminated>text",
        "<p>a<",
        "<p>a</p",
        "<script>never closed <p>x</p>",
        "<title>never closed <p>x</p>",
        "a &#",
        "a &#x",
        "a &",
        "<a href=>",
        "<p =x>y</p>",
        "<p>\u{0}\u{1}z\u{7f}</p>",
    ] {
        for b in segment(html) {
            assert!(!b.text.is_empty() && b.text.trim() == b.text);
        }
    }
    // An unterminated quoted attribute swallows the rest, as in browsers.
    assert!(texts("<div class=\"x>text").is_empty());
    // A title without an end tag must not swallow the page.
    assert_eq!(
        texts("<title>never closed <p>x</p>"),
        vec!["never closed", "x"]
    );
    assert_eq!(texts("<p>a</p"), vec!["a"]);
    assert_eq!(texts("<p>\u{0}\u{1}z\u{7f}</p>"), vec!["z"]);
}

#[test]
fn binary_garbage_is_tolerated() {
    let mut state: u64 = 0x1234_5678;
    let mut bytes = Vec::with_capacity(200_000);
    for _ in 0..200_000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let r = (state >> 33) as u8;
        // Bias towards markup characters so that many tokenizer states are reached.
        bytes.push(match r % 16 {
            0 => b'<',
            1 => b'>',
            2 => b'&',
            3 => b'/',
            4 => b'"',
            5 => b' ',
            6 => 0,
            _ => r,
        });
    }
    let (html, lossy) = decode_html(&bytes);
    assert!(lossy);
    let blocks = segment(&html);
    for b in &blocks {
        assert!(!b.text.is_empty());
        assert_eq!(b.text.trim(), b.text);
        assert!(!b.text.contains("  "));
        assert!(!b.text.chars().any(|c| c.is_control()));
        assert!(b.link_chars <= b.text.chars().count());
    }
    let _ = title(&html);
}

#[test]
fn meta_charset_windows_1252() {
    let bytes = b"<html><head><meta charset=\"windows-1252\"></head>\
                  <body><p>caf\xe9 \x93quoted\x94 \x80</p></body></html>";
    let (text, lossy) = decode_html(bytes);
    assert!(!lossy);
    assert_eq!(
        texts(&text),
        vec!["caf\u{e9} \u{201c}quoted\u{201d} \u{20ac}"]
    );

    let bytes = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\
                  <p>na\xefve</p>";
    assert!(decode_html(bytes).0.ends_with("<p>na\u{ef}ve</p>"));

    // A BOM wins over the meta; a commented-out meta is ignored.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "<meta charset=latin1><p>\u{e9}</p>".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    assert_eq!(texts(&decode_html(&utf16).0), vec!["\u{e9}"]);
    let (text, lossy) = decode_html(b"<!-- <meta charset=latin1> --><p>\xc3\xa9</p>");
    assert!(!lossy);
    assert_eq!(texts(&text), vec!["\u{e9}"]);
    let (_, lossy) = decode_html(b"<p>\xff\xfe\xfd</p>");
    assert!(lossy);

    // Re-encoded pages: valid UTF-8 wins over a stale legacy declaration, and C1
    // controls left by a Latin-1 transcoding show as their Windows-1252 characters.
    let bytes = "<meta charset=iso-8859-1><p>Don\u{2019}t \u{95} list</p>".as_bytes();
    let (text, lossy) = decode_html(bytes);
    assert!(!lossy);
    assert_eq!(texts(&text), vec!["Don\u{2019}t \u{2022} list"]);
}

#[test]
fn title_extraction() {
    assert_eq!(
        title("<html><head><svg><title>icon</title></svg><title> A &amp;\n B </title>"),
        Some("A & B".to_string())
    );
    assert_eq!(title("<p>no title</p>"), None);
    let b = segment("<title>T</title><p>x</p>");
    assert_eq!(texts_of(&b), vec!["x"]);
}

fn texts_of(b: &[Paragraph]) -> Vec<&str> {
    b.iter().map(|b| b.text.as_str()).collect()
}
