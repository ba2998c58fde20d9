//! Reasons: which features pushed a paragraph's score up, in words a moderator can read.
//!
//! Contributions are the stages' terms: how far this paragraph moves the logit relative to an
//! average paragraph of the training data, except for features whose 0 means "absent" (a
//! heading, links, a phone number; [`Feature::is_presence`]), which are measured from 0 so
//! that a reason never names what the paragraph does not have. Features that tell one story
//! (the drift similarities; the lexicons and the learned vocabulary) are merged into one
//! reason.

use super::{DocScores, Model};
use crate::features::{context, promo, structure, Analysis, Feature, FeatureFamily, NAMES};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reason {
    pub feature: String,
    pub family: &'static str,
    pub contribution: f32,
    pub detail: String,
}

/// Group key of a feature: features in one group make one reason.
fn group(name: &str) -> &str {
    match name {
        "promo_cta"
        | "promo_offer"
        | "promo_social"
        | "promo_superlative"
        | "promo_learned"
        | "promo_learned_max"
        | "promo_second_person"
        | "context_neighbor_promo_learned" => "promo_vocabulary",
        n if n.starts_with("drift_") => "drift",
        "context_score_prev" | "context_score_next" | "context_score_window_max" => "context_score",
        "shape_position" | "shape_edge" => "shape_edge",
        "shape_log_words" | "shape_short" | "shape_rel_length" | "context_neighbor_log_words" => {
            "shape_length"
        }
        "structure_tag_p" | "structure_tag_cell" | "structure_tag_other" => "structure_tag",
        "structure_depth" | "structure_depth_dev" => "structure_depth",
        "structure_main_distance" | "structure_main_path" => "structure_main",
        "structure_in_top" | "structure_standing" => "structure_container",
        n => n,
    }
}

/// Up to `limit` reasons for paragraph `i` of a document (`a`) that `model` scored (`s`),
/// strongest first; only features that raise the score.
pub fn reasons(model: &Model, a: &Analysis, s: &DocScores, i: usize, limit: usize) -> Vec<Reason> {
    reasons_in(model, a, s, i, limit, Scope::Document)
}

/// What the scored text was, for the words of a reason: a whole document, or the blocks of a
/// page the HTML model kept, which the text check reads as one text (where "paragraph 3 of 12"
/// and "the document median" would name the wrong thing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Document,
    KeptText,
}

/// The words a reason uses for what was scored.
struct ScopeWords {
    /// "the document"
    the: &'static str,
    /// "this document's"
    this_s: &'static str,
    /// "the document's"
    the_s: &'static str,
    /// "document median"
    median: &'static str,
    /// "paragraph"
    unit: &'static str,
}

impl Scope {
    fn words(self) -> &'static ScopeWords {
        const DOCUMENT: ScopeWords = ScopeWords {
            the: "the document",
            this_s: "this document's",
            the_s: "the document's",
            median: "document median",
            unit: "paragraph",
        };
        const KEPT_TEXT: ScopeWords = ScopeWords {
            the: "the kept text",
            this_s: "the kept text's",
            the_s: "the kept text's",
            median: "kept-text median",
            unit: "kept block",
        };
        match self {
            Scope::Document => &DOCUMENT,
            Scope::KeptText => &KEPT_TEXT,
        }
    }
}

/// [`reasons`], worded for what was scored ([`Scope`]).
pub fn reasons_in(
    model: &Model,
    a: &Analysis,
    s: &DocScores,
    i: usize,
    limit: usize,
    scope: Scope,
) -> Vec<Reason> {
    let x = s.stage2_row(i);
    let mut contrib = model
        .stage2
        .contributions_from_zero(x, crate::features::is_presence_input);
    // An expert's share goes back to the features that raised that expert's own score, so
    // reasons speak of features, not of sub-models.
    for (k, e) in model.experts.iter().enumerate() {
        let j = super::EXPERT_OFFSET + k;
        let c = std::mem::take(&mut contrib[j]);
        if c <= 0.0 {
            continue;
        }
        let own = e
            .stage
            .contributions_from_zero(s.features.row(i), crate::features::is_presence_input);
        let total: f32 = own.iter().filter(|&&v| v > 0.0).sum();
        if total > 0.0 {
            for (f, &v) in own.iter().enumerate().filter(|(_, &v)| v > 0.0) {
                contrib[f] += c * v / total;
            }
        }
    }
    let mut groups: Vec<(&str, usize, f32)> = Vec::new(); // (group, strongest feature, sum)
    for (j, &c) in contrib.iter().enumerate() {
        if c <= 0.0 {
            continue;
        }
        let name = model.stage2.features()[j].as_str();
        let g = group(name);
        match groups.iter_mut().find(|e| e.0 == g) {
            Some(e) => {
                if c > contrib[e.1] {
                    e.1 = j;
                }
                e.2 += c;
            }
            None => groups.push((g, j, c)),
        }
    }
    groups.sort_by(|a, b| b.2.total_cmp(&a.2));
    groups
        .into_iter()
        .filter(|g| g.2 >= 0.1)
        .take(limit)
        .map(|(g, j, sum)| {
            let feature = model.stage2.features()[j].clone();
            Reason {
                // Reasons name features (expert terms were split back onto them above), and a
                // loaded model's names were checked against this build's.
                family: FeatureFamily::of_name(&feature).map_or("other", FeatureFamily::name),
                detail: detail(model, a, s, i, g, &feature, scope),
                feature,
                contribution: sum,
            }
        })
        .collect()
}

/// The reason a block hidden on the page is flagged (`hidden`: the share of its text hidden).
pub fn hidden_reason(hidden: f32) -> Reason {
    Reason {
        feature: "structure_hidden".into(),
        family: FeatureFamily::Structure.name(),
        contribution: 0.0,
        detail: hidden_detail(hidden),
    }
}

/// The `feature` of [`comment_reason`]: a rule's name, not a model input.
pub const COMMENT_RULE: &str = "structure_comment";

/// The reason of a block flagged as a reader's comment (see `features::layout`): not a model's
/// term, so no contribution.
pub fn comment_reason() -> Reason {
    Reason {
        feature: COMMENT_RULE.into(),
        family: FeatureFamily::Structure.name(),
        contribution: 0.0,
        detail: "a reader's comment below the main text".into(),
    }
}

fn hidden_detail(hidden: f32) -> String {
    if hidden >= 0.995 {
        "hidden on the page".into()
    } else {
        format!("hidden on the page: {:.0}% of its text", 100.0 * hidden)
    }
}

fn get(s: &DocScores, i: usize, f: Feature) -> f32 {
    s.features.get(i, f)
}

/// Meaning similarities under this are far from the rest of a document. On splice-dev the
/// window similarity of content paragraphs has its 10th percentile at 0.11 and its median at
/// 0.42; inserted paragraphs have their median at 0.01.
const MEANING_FAR: f32 = 0.15;

fn detail(
    model: &Model,
    a: &Analysis,
    s: &DocScores,
    i: usize,
    group: &str,
    feature: &str,
    scope: Scope,
) -> String {
    use Feature as F;
    let p = &a.tokens.paras[i];
    let words = p.words.len();
    match group {
        "promo_vocabulary" => {
            let ev = promo::evidence(&a.tokens, p, &model.vocab, 3);
            if ev.is_empty() {
                if feature == "context_neighbor_promo_learned" {
                    "next to promotional text".into()
                } else {
                    "addresses the reader (you, your)".into()
                }
            } else {
                format!("promotional vocabulary: {}", ev.join(", "))
            }
        }
        "drift" => {
            if get(s, i, F::DriftNoContent) > 0.0 {
                format!(
                    "off topic: no content words shared with {}",
                    scope.words().the
                )
            } else if feature.starts_with("drift_meaning_") {
                // A shape can raise the score at a high similarity too (a one-word menu item
                // close in meaning to the page): "far" only where it is.
                let sim = get(s, i, F::DriftMeaningWindowSim);
                if sim < MEANING_FAR {
                    format!("off topic: meaning far from the rest (similarity {sim:.2})")
                } else {
                    format!("meaning: similarity {sim:.2} to the rest")
                }
            } else if feature == "drift_max_other_sim" {
                format!(
                    "off topic: unlike every paragraph near it (closest {:.2})",
                    get(s, i, F::DriftMaxOtherSim)
                )
            } else if feature == "drift_unique_share" {
                format!(
                    "off topic: {:.0}% of its content words appear nowhere else",
                    100.0 * get(s, i, F::DriftUniqueShare)
                )
            } else {
                format!(
                    "off topic: similarity {:.2} to the rest",
                    get(s, i, F::DriftWindowSim)
                )
            }
        }
        "context_score_content_mean" => {
            let x = s.stage2_row(i);
            format!(
                "stands out from {} content (which scores {:.2} on average)",
                scope.words().this_s,
                x[NAMES.len() + context::NEIGHBOR_SCORES]
            )
        }
        "context_score" => {
            let x = s.stage2_row(i);
            let top = x[NAMES.len()..NAMES.len() + context::NEIGHBOR_SCORES]
                .iter()
                .copied()
                .fold(0.0, f32::max);
            format!("next to suspicious text (score {top:.2})")
        }
        "shape_edge" => {
            // The curve of position may rise anywhere (mid-document inserts), so say where.
            let n = a.tokens.paras.len();
            let from_edge = i.min(n - 1 - i);
            match from_edge {
                0 => format!("at the edge of {}", scope.words().the),
                1 | 2 => format!(
                    "near the edge of {} ({} {} of {n})",
                    scope.words().the,
                    scope.words().unit,
                    i + 1
                ),
                _ => format!("where it sits: {} {} of {n}", scope.words().unit, i + 1),
            }
        }
        "shape_length" => {
            // rel_length = ln((words + 1) / (median + 1)).
            let median = (words as f32 + 1.0) / get(s, i, F::ShapeRelLength).exp() - 1.0;
            format!(
                "length: {words} word{} ({} {median:.0})",
                if words == 1 { "" } else { "s" },
                scope.words().median
            )
        }
        "shape_terminal_punct" => if get(s, i, F::ShapeTerminalPunct) > 0.0 {
            "ends like a sentence"
        } else {
            "no sentence-ending punctuation"
        }
        .into(),
        "shape_ends_colon" => "ends with a colon (a lead-in)".into(),
        "shape_stopword_share" => {
            format!(
                "few function words ({:.0}%): not prose",
                100.0 * get(s, i, F::ShapeStopwordShare)
            )
        }
        "shape_titlecase_share" | "shape_upper_share" => {
            "capitalised like a menu or a heading".into()
        }
        "shape_digit_share" => "many digits".into(),
        "shape_punct_share" => "much punctuation".into(),
        "shape_mean_word_len" => "unusual word length".into(),
        "shape_heading" => "a heading".into(),
        "shape_short_nav" => {
            "a short capitalised line without a full stop, like a menu entry".into()
        }
        "context_prev_log_words" | "context_next_log_words" => {
            let (which, j) = if feature == "context_prev_log_words" {
                ("previous", i.checked_sub(1))
            } else {
                ("next", Some(i + 1).filter(|&j| j < a.tokens.paras.len()))
            };
            match j.map(|j| a.tokens.paras[j].words.len()) {
                Some(n) => format!(
                    "its {which} neighbour is {n} word{} long",
                    if n == 1 { "" } else { "s" }
                ),
                None => format!("at the edge of {}", scope.words().the),
            }
        }
        "shape_list_item" => "a list".into(),
        "promo_currency" => "prices or money amounts".into(),
        "promo_phone" => "a phone number".into(),
        "promo_email" => "an e-mail address".into(),
        "promo_handle" => "a social media handle".into(),
        "promo_hashtag" => "hashtags".into(),
        "promo_exclaim" => "exclamation marks".into(),
        "promo_allcaps" => "ALL-CAPS words".into(),
        "links_char_share" => format!(
            "links: {:.0}% of its text is inside links",
            100.0 * get(s, i, F::LinksCharShare)
        ),
        "links_url" => "contains a URL".into(),
        "links_domain" => "names a web domain".into(),
        "links_count" => format!(
            "{} link{}",
            p.link_count,
            if p.link_count == 1 { "" } else { "s" }
        ),
        "context_prev_window_sim" | "context_next_window_sim" => {
            "its neighbours are off topic too".into()
        }
        "context_edge_core_sim" | "context_edge_run" => {
            format!("in an off-topic run reaching {} edge", scope.words().the_s)
        }
        "structure_tag" => match &p.element {
            Some(h) if get(s, i, F::StructureTagP) > 0.0 => {
                format!("a <{}> paragraph element", h.tag)
            }
            Some(h) => format!("not a paragraph element: <{}>", h.tag),
            None => "not an HTML block".into(),
        },
        "structure_chrome" => match p.element.as_ref().and_then(structure::chrome) {
            Some(tag) => format!("inside a <{tag}> element (page furniture)"),
            None => "outside the page's furniture elements".into(),
        },
        "structure_depth" => match &p.element {
            Some(h) if get(s, i, F::StructureDepthDev) > 0.0 => {
                format!("nested at depth {}, unlike the page's main text", h.depth)
            }
            Some(h) => format!("nested at depth {}", h.depth),
            None => "not an HTML block".into(),
        },
        "structure_main" => {
            let blocks =
                (get(s, i, F::StructureMainDistance) * a.tokens.paras.len() as f32).round();
            if blocks > 0.0 {
                format!(
                    "{blocks:.0} block{} away from the page's main text",
                    if blocks == 1.0 { "" } else { "s" }
                )
            } else if get(s, i, F::StructureMainPath) == 0.0 {
                "in another element than the page's main text".into()
            } else {
                "where the page's main text is".into()
            }
        }
        "structure_attr_boilerplate" => match p.element.as_ref().map(structure::attr_hits) {
            Some((boilerplate, _)) if !boilerplate.is_empty() => format!(
                "class/id of page furniture: {}",
                boilerplate
                    .iter()
                    .take(3)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => "no furniture class/id around it".into(),
        },
        "structure_attr_content" => match p.element.as_ref().map(structure::attr_hits) {
            Some((_, content)) if !content.is_empty() => {
                format!("class/id of main text: {}", content.join(", "))
            }
            _ => "no class/id of main text (article, content, post) around it".into(),
        },
        "structure_hidden" => hidden_detail(get(s, i, F::StructureHidden)),
        "structure_container" => {
            if get(s, i, F::StructureInTop) > 0.0 {
                format!(
                    "in a weak part of the page's main container (standing {:.2})",
                    get(s, i, F::StructureStanding)
                )
            } else {
                "outside the element that holds the page's main text".into()
            }
        }
        "structure_repeat" => format!(
            "one of {:.0} blocks built alike (a comment thread, a listing, a link list)",
            get(s, i, F::StructureRepeat).exp()
        ),
        "structure_parent_link_share" => format!(
            "among links: {:.0}% of its container's text is inside links",
            100.0 * get(s, i, F::StructureParentLinkShare)
        ),
        "structure_top_overlap" => format!(
            "shares {:.0}% of its words with the page's main text",
            100.0 * get(s, i, F::StructureTopOverlap)
        ),
        "structure_links_per_word" => format!(
            "{} link{} in {words} word{}",
            p.link_count,
            if p.link_count == 1 { "" } else { "s" },
            if words == 1 { "" } else { "s" }
        ),
        other => other.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::features::analyze;

    const STORY: &str = "The council approved the harbour tram line on Tuesday, after a long \
                         debate about its cost and the noise it would bring to the old town.";

    #[test]
    fn every_feature_has_a_reason_in_words() {
        let model = Model::embedded_html();
        let page = format!(
            "<article><p>{STORY}</p><ul><li><a href=/a>Home</a></li><li><a href=/b>News</a>\
             </li></ul><p>{STORY}</p></article>"
        );
        let doc = Document::from_html("page", &page);
        let a = analyze(&doc);
        let s = model.score(&a);
        for name in NAMES {
            let d = detail(&model, &a, &s, 1, group(name), name, Scope::Document);
            assert_ne!(d, name.replace('_', " "), "{name} has no words of its own");
        }
    }

    #[test]
    fn meaning_is_called_far_only_where_it_is() {
        let model = Model::embedded();
        let text = "The council approved the harbour tram line on Tuesday.\n\n\
                    The tram line will cost the council less than the harbour bridge.\n\n\
                    Our chocolate cake recipe needs butter, sugar and three eggs.";
        let doc = Document::from_text("t", text.to_string(), crate::document::Format::Text);
        let a = analyze(&doc);
        let s = model.score(&a);
        let said = |i| {
            detail(
                &model,
                &a,
                &s,
                i,
                "drift",
                "drift_meaning_window_sim",
                Scope::Document,
            )
        };
        for i in 0..3 {
            let sim = a.meaning[i].window_sim;
            assert_eq!(
                said(i).contains("far"),
                sim < MEANING_FAR,
                "{sim}: {}",
                said(i)
            );
        }
        assert!(a.meaning[2].window_sim < MEANING_FAR && a.meaning[0].window_sim >= MEANING_FAR);
    }

    #[test]
    fn counts_of_one_are_singular() {
        let model = Model::embedded_html();
        let doc = Document::from_html(
            "page",
            "<p><a href=/a>Home</a></p><p>Two <a href=/b>links</a> <a href=/c>here</a></p>\
             <p>It ends like a sentence.</p>",
        );
        let a = analyze(&doc);
        let s = model.score(&a);
        let said = |i, name| detail(&model, &a, &s, i, group(name), name, Scope::Document);
        assert_eq!(said(0, "links_count"), "1 link");
        assert_eq!(said(1, "links_count"), "2 links");
        assert_eq!(said(0, "structure_links_per_word"), "1 link in 1 word");
        assert!(said(0, "shape_length").starts_with("length: 1 word ("));
        assert!(said(1, "shape_length").starts_with("length: 3 words ("));
        // Wording that follows the value, not the feature's name.
        assert_eq!(
            said(1, "shape_terminal_punct"),
            "no sentence-ending punctuation"
        );
        assert_eq!(said(2, "shape_terminal_punct"), "ends like a sentence");
    }

    #[test]
    fn a_reason_of_presence_is_never_given_for_what_is_absent() {
        // The HTML model's average block is a heading or a list item often enough that, read
        // against the average, a plain paragraph "gains" from not being one.
        let model = Model::embedded_html();
        let page = format!(
            "<ul><li><a href=/a>Home</a></li><li><a href=/b>News</a></li></ul>\
             <article><h2>Trams</h2><p>{STORY}</p><p>Buy the new Glow serum today and save \
             20% with code GLOW20, free shipping on every order!</p><p>{STORY}</p></article>"
        );
        let doc = Document::from_html("page", &page);
        let a = analyze(&doc);
        let s = model.score(&a);
        let mut seen = 0;
        for i in 0..doc.paragraphs.len() {
            for r in reasons_in(&model, &a, &s, i, usize::MAX, Scope::Document) {
                let f = Feature::ALL.iter().find(|f| f.name() == r.feature);
                if let Some(&f) = f.filter(|f| f.is_presence()) {
                    // Grouped reasons name their strongest feature: some feature of the group
                    // must be present.
                    let present = Feature::ALL
                        .iter()
                        .filter(|g| g.is_presence() && group(g.name()) == group(f.name()))
                        .any(|&g| get(&s, i, g) > 0.0);
                    assert!(present, "block {i}: {r:?}");
                    seen += 1;
                }
            }
        }
        assert!(seen > 0, "no reason of presence at all");
    }
}
