//! Tag names the tokenizer and the block builder treat specially, and how.

/// Tag names the builder or the tokenizer treat specially.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum TagKind {
    Other,
    Html,
    Head,
    Body,
    A,
    Br,
    Hr,
    Void,
    P,
    Li,
    DtDd,
    Cell,
    Tr,
    TSection,
    Table,
    Opt,
    OptGroup,
    Heading,
    Block,
    /// svg, math: foreign content, dropped; HTML "breakout" tags end it.
    Foreign,
    /// template, object, canvas, audio, video: markup content dropped.
    Drop,
    /// script: script-data tokenizer state, dropped.
    Script,
    /// style, iframe, noembed, noframes: raw text, dropped.
    RawDrop,
    /// title, textarea: RCDATA, dropped from blocks.
    Rcdata,
    /// xmp: raw text that is shown.
    Xmp,
    /// plaintext: everything after it is text.
    Plaintext,
}

/// Element is a block boundary.
pub(super) const F_BLOCK: u8 = 1;
/// Element bounds "has an element in scope" searches.
pub(super) const F_SCOPE: u8 = 2;
/// Start tag implicitly closes an open `<p>`.
pub(super) const F_CLOSES_P: u8 = 4;
/// Start tag ends foreign (SVG/MathML) content.
pub(super) const F_BREAKOUT: u8 = 8;

pub(super) fn classify(name: &[u8]) -> (TagKind, u8) {
    const BLK: u8 = F_BLOCK | F_CLOSES_P;
    match name {
        b"a" => (TagKind::A, 0),
        b"span" | b"b" | b"i" | b"em" | b"strong" | b"small" | b"code" | b"s" | b"u" | b"sub"
        | b"sup" | b"tt" | b"var" | b"big" | b"nobr" | b"ruby" | b"strike" => {
            (TagKind::Other, F_BREAKOUT)
        }
        b"div" | b"blockquote" | b"center" | b"listing" | b"menu" | b"ul" | b"ol" | b"dl"
        | b"pre" => (TagKind::Block, BLK | F_BREAKOUT),
        b"address" | b"article" | b"aside" | b"details" | b"dialog" | b"dir" | b"fieldset"
        | b"figcaption" | b"figure" | b"footer" | b"header" | b"hgroup" | b"main" | b"nav"
        | b"section" | b"summary" | b"search" | b"form" => (TagKind::Block, BLK),
        // Buttons and selects are widgets: their labels ("Subscribe", country lists) must
        // not glue onto the prose around them, so they get blocks of their own.
        b"legend" | b"caption" | b"frameset" | b"select" | b"button" => (
            TagKind::Block,
            F_BLOCK | if name == b"caption" { F_SCOPE } else { 0 },
        ),
        b"p" => (TagKind::P, BLK | F_BREAKOUT),
        b"li" => (TagKind::Li, BLK | F_BREAKOUT),
        b"dt" | b"dd" => (TagKind::DtDd, BLK | F_BREAKOUT),
        b"td" | b"th" => (TagKind::Cell, F_BLOCK | F_SCOPE),
        b"tr" => (TagKind::Tr, F_BLOCK),
        b"tbody" | b"thead" | b"tfoot" => (TagKind::TSection, F_BLOCK),
        b"table" => (TagKind::Table, BLK | F_SCOPE | F_BREAKOUT),
        b"option" => (TagKind::Opt, F_BLOCK),
        b"optgroup" => (TagKind::OptGroup, F_BLOCK),
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => (TagKind::Heading, BLK | F_BREAKOUT),
        b"br" => (TagKind::Br, F_BREAKOUT),
        b"hr" => (TagKind::Hr, F_CLOSES_P | F_BREAKOUT),
        b"img" | b"embed" | b"meta" => (TagKind::Void, F_BREAKOUT),
        b"area" | b"base" | b"basefont" | b"bgsound" | b"col" | b"input" | b"keygen" | b"link"
        | b"param" | b"source" | b"track" | b"wbr" | b"frame" | b"image" => (TagKind::Void, 0),
        b"html" => (TagKind::Html, F_SCOPE),
        b"head" => (TagKind::Head, F_BREAKOUT),
        b"body" => (TagKind::Body, F_BLOCK | F_BREAKOUT),
        b"svg" | b"math" => (TagKind::Foreign, 0),
        b"template" | b"object" | b"applet" => (TagKind::Drop, F_SCOPE),
        b"canvas" | b"audio" | b"video" => (TagKind::Drop, 0),
        b"script" => (TagKind::Script, 0),
        // noscript is parsed as markup, as with scripting disabled: saved pages never run
        // their scripts, and some (Discourse forums) serve the whole content inside it.
        b"style" | b"iframe" | b"noembed" | b"noframes" => (TagKind::RawDrop, 0),
        b"title" | b"textarea" => (TagKind::Rcdata, 0),
        b"xmp" => (TagKind::Xmp, BLK),
        b"plaintext" => (TagKind::Plaintext, BLK),
        b"marquee" => (TagKind::Other, F_SCOPE),
        _ => (TagKind::Other, 0),
    }
}
