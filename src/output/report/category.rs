//! What kind of problem a flag is, in a moderator's words: "promotional", "page furniture",
//! "off-topic". Read from the model's explanation of the flag, nothing else.
//!
//! Why a category and not the top reason's family: topic drift is the model's strongest input
//! for almost every flag (an ad, a footer and an off-topic aside all differ from the story), so
//! on 46,137 flags the top reason was `drift` every time and said nothing about what to do. The
//! category looks past drift: each reason's feature counts as evidence for one category (or
//! none), the evidence of a category is the sum of its reasons' contributions (their logit
//! terms), and a flag is
//! - the specific category (promotional, spam-like, link list, page furniture) with the most
//!   evidence, when that evidence reaches [`MIN_EVIDENCE`];
//! - else off-topic, when drift (or neighbours that drift too) raised it;
//! - else the specific category with any evidence at all;
//! - else unclear (no reason, or only reasons of no category: length, neighbours' scores, the
//!   make-up of a short line).
//!
//! A reader's comment, flagged by a rule whatever the models say, is page furniture: the
//! model's own terms for it are below the threshold and would name anything.
//!
//! This is a reading of the explanation, not a second model: a flag the model explains badly
//! gets a bad category. The README gives how often it matches the gold kind of splice-dev's
//! inserted paragraphs.

use crate::features::FeatureFamily;
use crate::model::explain::{self, Reason};
use serde::Serialize;

/// Evidence (summed logit contributions) a specific category needs to win over off-topic:
/// on its own it multiplies the odds that the paragraph does not belong by e (about 2.7).
pub const MIN_EVIDENCE: f32 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Category {
    #[serde(rename = "promotional")]
    Promotional,
    #[serde(rename = "spam-like")]
    SpamLike,
    #[serde(rename = "link list")]
    LinkList,
    #[serde(rename = "page furniture")]
    Furniture,
    #[serde(rename = "off-topic")]
    OffTopic,
    #[serde(rename = "unclear")]
    Unclear,
}

impl Category {
    /// Every category, in the order reports list them.
    pub const ALL: [Category; 6] = [
        Category::Promotional,
        Category::SpamLike,
        Category::LinkList,
        Category::Furniture,
        Category::OffTopic,
        Category::Unclear,
    ];

    /// The categories that win over off-topic with enough evidence, in tie-break order.
    const SPECIFIC: [Category; 4] = [
        Category::Promotional,
        Category::SpamLike,
        Category::LinkList,
        Category::Furniture,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Promotional => "promotional",
            Category::SpamLike => "spam-like",
            Category::LinkList => "link list",
            Category::Furniture => "page furniture",
            Category::OffTopic => "off-topic",
            Category::Unclear => "unclear",
        }
    }

    /// One line for a moderator: what the reasons behind this category were.
    pub fn description(self) -> &'static str {
        match self {
            Category::Promotional => {
                "sells something: offers, calls to action, prices, words of ads"
            }
            Category::SpamLike => {
                "contact details, hashtags, handles, exclamation marks, capitals or digits"
            }
            Category::LinkList => "mostly links, URLs or web domains",
            Category::Furniture => {
                "at the document's edge, or shaped like a menu, heading, caption or page furniture"
            }
            Category::OffTopic => {
                "its topic differs from the document's, and nothing more specific"
            }
            Category::Unclear => {
                "no reason of any category (only length, neighbours' scores or a short line's make-up)"
            }
        }
    }

    /// The category of a flag from its reasons: all of them, not only those shown (see the
    /// module's rule).
    pub fn of(reasons: &[Reason]) -> Category {
        if reasons.iter().any(|r| r.feature == explain::COMMENT_RULE) {
            return Category::Furniture;
        }
        let mut evidence = [0.0f32; Category::ALL.len()];
        for r in reasons {
            if let Some(c) = of_feature(&r.feature) {
                if r.contribution.is_finite() && r.contribution > 0.0 {
                    evidence[c as usize] += r.contribution;
                }
            }
        }
        let mut best = Category::Unclear;
        for c in Category::SPECIFIC {
            if evidence[c as usize] > 0.0
                && (best == Category::Unclear || evidence[c as usize] > evidence[best as usize])
            {
                best = c;
            }
        }
        if best != Category::Unclear && evidence[best as usize] >= MIN_EVIDENCE {
            best
        } else if evidence[Category::OffTopic as usize] > 0.0 {
            Category::OffTopic
        } else {
            best
        }
    }
}

/// Features whose category is not their family's (see [`of_feature`]); `None` = evidence of
/// no category.
const OVERRIDES: &[(&str, Option<Category>)] = &[
    // Contact details and typography of spam, not the vocabulary of ads.
    ("promo_phone", Some(Category::SpamLike)),
    ("promo_email", Some(Category::SpamLike)),
    ("promo_handle", Some(Category::SpamLike)),
    ("promo_hashtag", Some(Category::SpamLike)),
    ("promo_exclaim", Some(Category::SpamLike)),
    ("promo_allcaps", Some(Category::SpamLike)),
    ("shape_digit_share", Some(Category::SpamLike)),
    ("shape_punct_share", Some(Category::SpamLike)),
    ("shape_upper_share", Some(Category::SpamLike)),
    ("structure_links_per_word", Some(Category::LinkList)),
    // Where furniture sits and what it looks like: edges, headings, menus, captions.
    ("shape_edge", Some(Category::Furniture)),
    ("shape_position", Some(Category::Furniture)),
    ("shape_heading", Some(Category::Furniture)),
    ("shape_list_item", Some(Category::Furniture)),
    ("shape_ends_colon", Some(Category::Furniture)),
    ("context_edge_core_sim", Some(Category::Furniture)),
    ("context_edge_run", Some(Category::Furniture)),
    // Drift measured against the page's main text rather than the whole page.
    ("structure_top_overlap", Some(Category::OffTopic)),
    ("context_prev_window_sim", Some(Category::OffTopic)),
    ("context_next_window_sim", Some(Category::OffTopic)),
    (
        "context_neighbor_promo_learned",
        Some(Category::Promotional),
    ),
    // Length, the neighbours' scores and the make-up of any short line (few function words, no
    // full stop, title case: an ad's tagline has them as much as a menu) come with every kind
    // of insert: no category. As furniture, a handful of them outweighed drift and called most
    // spliced ads and off-topic paragraphs page furniture.
    ("shape_stopword_share", None),
    ("shape_terminal_punct", None),
    ("shape_titlecase_share", None),
    ("shape_log_words", None),
    ("shape_short", None),
    ("shape_rel_length", None),
    ("shape_mean_word_len", None),
    ("context_neighbor_log_words", None),
];

/// The category a feature is evidence for: its override, else its family's (drift: off-topic,
/// promo: promotional, links: link list, structure: page furniture; shape and context: none).
pub fn of_feature(name: &str) -> Option<Category> {
    if let Some((_, c)) = OVERRIDES.iter().find(|(n, _)| *n == name) {
        return *c;
    }
    match FeatureFamily::of_name(name)? {
        FeatureFamily::Drift => Some(Category::OffTopic),
        FeatureFamily::Promo => Some(Category::Promotional),
        FeatureFamily::Links => Some(Category::LinkList),
        FeatureFamily::Structure => Some(Category::Furniture),
        FeatureFamily::Shape | FeatureFamily::Context => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{context, NAMES};

    fn r(feature: &str, contribution: f32) -> Reason {
        Reason {
            feature: feature.into(),
            family: FeatureFamily::of_name(feature).map_or("other", FeatureFamily::name),
            contribution,
            detail: String::new(),
        }
    }

    #[test]
    fn overrides_name_features_that_exist() {
        for (name, _) in OVERRIDES {
            assert!(
                NAMES.contains(name) || context::SCORE_NAMES.contains(name),
                "{name} is not a feature"
            );
        }
    }

    #[test]
    fn drift_alone_is_off_topic_and_specific_evidence_wins_over_it() {
        assert_eq!(
            Category::of(&[r("drift_window_sim", 9.0)]),
            Category::OffTopic
        );
        let ad = [
            r("drift_window_sim", 9.0),
            r("promo_learned", 2.5),
            r("shape_short", 1.3),
            r("context_score_prev", 0.6),
        ];
        assert_eq!(Category::of(&ad), Category::Promotional);
        // Too little specific evidence: off-topic.
        let aside = [r("drift_window_sim", 9.0), r("shape_edge", 0.4)];
        assert_eq!(Category::of(&aside), Category::OffTopic);
        // Evidence adds up within a category.
        let footer = [
            r("drift_window_sim", 6.0),
            r("context_edge_run", 0.6),
            r("shape_edge", 0.5),
            r("promo_learned", 0.9),
        ];
        assert_eq!(Category::of(&footer), Category::Furniture);
        let spam = [
            r("drift_window_sim", 9.0),
            r("promo_phone", 1.0),
            r("promo_exclaim", 0.5),
            r("promo_learned", 1.2),
        ];
        assert_eq!(Category::of(&spam), Category::SpamLike);
    }

    #[test]
    fn no_reason_of_a_category_is_unclear() {
        assert_eq!(Category::of(&[]), Category::Unclear);
        assert_eq!(
            Category::of(&[r("context_score_prev", 2.0), r("shape_short", 1.0)]),
            Category::Unclear
        );
        // Weak specific evidence and no drift: that evidence still names it.
        assert_eq!(Category::of(&[r("links_url", 0.3)]), Category::LinkList);
        assert_eq!(
            Category::of(&[r("drift_z", f32::NAN), r("structure_chrome", 0.2)]),
            Category::Furniture
        );
    }

    #[test]
    fn a_readers_comment_is_page_furniture_whatever_the_model_says() {
        let comment = [
            explain::comment_reason(),
            r("promo_learned", 3.0),
            r("drift_window_sim", 2.0),
        ];
        assert_eq!(Category::of(&comment), Category::Furniture);
        assert_eq!(Category::of(&comment[1..]), Category::Promotional);
    }

    #[test]
    fn names_match_the_serialized_form() {
        for c in Category::ALL {
            assert_eq!(
                serde_json::to_value(c).unwrap(),
                serde_json::Value::String(c.name().into())
            );
            assert!(!c.description().is_empty());
        }
    }
}
