//! Stage 2: features. One module per family; every feature has one snake_case name, used in
//! the model file, the output and the docs. Tokenizing and vectorizing happen once per
//! document ([`tokens::tokenize`]); the families only read those tokens.
//!
//! The same featurizer serves training and scoring, so the two cannot drift apart.

pub mod context;
pub mod distinct;
pub mod drift;
pub mod embed;
pub mod embed_file;
pub mod layout;
pub mod lexicon;
pub mod links;
pub mod normalize;
pub mod packed;
pub mod promo;
pub mod shape;
pub mod structure;
pub mod tokens;
pub mod vocab;

use crate::document::Document;
use tokens::DocTokens;
use vocab::Vocab;

/// A document as every model reads it: its tokens, and what the features need that does not
/// depend on the model (the meaning of each paragraph). Made once per document, however many
/// models score it (an HTML page is scored by two).
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub tokens: DocTokens,
    pub meaning: Vec<embed::Meaning>,
}

/// Tokenize a document and compute its paragraphs' meaning.
pub fn analyze(doc: &Document) -> Analysis {
    let tokens = tokens::tokenize(doc);
    let meaning = embed::compute(&tokens);
    Analysis { tokens, meaning }
}

macro_rules! define_features {
    ($($variant:ident = $name:literal, $family:ident;)*) => {
        /// Every first-stage feature, in model-file order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Feature { $($variant),* }

        pub const NAMES: &[&str] = &[$($name),*];
        pub const COUNT: usize = NAMES.len();

        impl Feature {
            pub const ALL: &[Feature] = &[$(Feature::$variant),*];
            pub fn name(self) -> &'static str { NAMES[self as usize] }
            pub fn family(self) -> FeatureFamily {
                match self { $(Feature::$variant => FeatureFamily::$family),* }
            }
        }
    };
}

/// The six families, as reports group reasons. Every feature name starts with its family's
/// name and `_`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureFamily {
    Drift,
    Promo,
    Links,
    Shape,
    Context,
    /// Where an HTML block sits in its page; zero for text.
    Structure,
}

impl FeatureFamily {
    /// Every family, in the order reports list them: the one list the report's page reads too.
    pub const ALL: [FeatureFamily; 6] = [
        FeatureFamily::Drift,
        FeatureFamily::Promo,
        FeatureFamily::Links,
        FeatureFamily::Shape,
        FeatureFamily::Structure,
        FeatureFamily::Context,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FeatureFamily::Drift => "drift",
            FeatureFamily::Promo => "promo",
            FeatureFamily::Links => "links",
            FeatureFamily::Shape => "shape",
            FeatureFamily::Context => "context",
            FeatureFamily::Structure => "structure",
        }
    }

    /// Family of a feature name, first-stage or second-stage (`drift_z`, `context_score_prev`);
    /// `None` for a name of no family (`expert_ad`, or a name this build does not know).
    pub fn of_name(name: &str) -> Option<FeatureFamily> {
        let prefix = name.split('_').next()?;
        FeatureFamily::ALL.into_iter().find(|f| f.name() == prefix)
    }
}

define_features! {
    DriftLooSim = "drift_loo_sim", Drift;
    DriftWindowSim = "drift_window_sim", Drift;
    DriftCoreSim = "drift_core_sim", Drift;
    DriftNeighborSim = "drift_neighbor_sim", Drift;
    DriftZ = "drift_z", Drift;
    DriftUniqueShare = "drift_unique_share", Drift;
    DriftNoContent = "drift_no_content", Drift;
    DriftLongWindowSim = "drift_long_window_sim", Drift;
    DriftLongCoreSim = "drift_long_core_sim", Drift;
    DriftMaxOtherSim = "drift_max_other_sim", Drift;
    DriftMeaningLooSim = "drift_meaning_loo_sim", Drift;
    DriftMeaningWindowSim = "drift_meaning_window_sim", Drift;
    DriftMeaningCoreSim = "drift_meaning_core_sim", Drift;
    PromoCta = "promo_cta", Promo;
    PromoOffer = "promo_offer", Promo;
    PromoSocial = "promo_social", Promo;
    PromoSuperlative = "promo_superlative", Promo;
    PromoSecondPerson = "promo_second_person", Promo;
    PromoLearned = "promo_learned", Promo;
    PromoLearnedMax = "promo_learned_max", Promo;
    PromoCurrency = "promo_currency", Promo;
    PromoPhone = "promo_phone", Promo;
    PromoEmail = "promo_email", Promo;
    PromoHandle = "promo_handle", Promo;
    PromoHashtag = "promo_hashtag", Promo;
    PromoExclaim = "promo_exclaim", Promo;
    PromoAllcaps = "promo_allcaps", Promo;
    LinksCharShare = "links_char_share", Links;
    LinksUrl = "links_url", Links;
    LinksDomain = "links_domain", Links;
    LinksCount = "links_count", Links;
    ShapeLogWords = "shape_log_words", Shape;
    ShapeShort = "shape_short", Shape;
    ShapeRelLength = "shape_rel_length", Shape;
    ShapeStopwordShare = "shape_stopword_share", Shape;
    ShapeMeanWordLen = "shape_mean_word_len", Shape;
    ShapeDigitShare = "shape_digit_share", Shape;
    ShapePunctShare = "shape_punct_share", Shape;
    ShapeUpperShare = "shape_upper_share", Shape;
    ShapeTitlecaseShare = "shape_titlecase_share", Shape;
    ShapeTerminalPunct = "shape_terminal_punct", Shape;
    ShapeEndsColon = "shape_ends_colon", Shape;
    ShapePosition = "shape_position", Shape;
    ShapeEdge = "shape_edge", Shape;
    ShapeHeading = "shape_heading", Shape;
    ShapeListItem = "shape_list_item", Shape;
    ShapeShortNav = "shape_short_nav", Shape;
    ContextPrevWindowSim = "context_prev_window_sim", Context;
    ContextNextWindowSim = "context_next_window_sim", Context;
    ContextNeighborPromoLearned = "context_neighbor_promo_learned", Context;
    ContextNeighborLogWords = "context_neighbor_log_words", Context;
    ContextEdgeCoreSim = "context_edge_core_sim", Context;
    ContextEdgeRun = "context_edge_run", Context;
    ContextPrevLogWords = "context_prev_log_words", Context;
    ContextNextLogWords = "context_next_log_words", Context;
    StructureTagP = "structure_tag_p", Structure;
    StructureTagCell = "structure_tag_cell", Structure;
    StructureTagOther = "structure_tag_other", Structure;
    StructureChrome = "structure_chrome", Structure;
    StructureDepth = "structure_depth", Structure;
    StructureDepthDev = "structure_depth_dev", Structure;
    StructureMainDistance = "structure_main_distance", Structure;
    StructureMainPath = "structure_main_path", Structure;
    StructureAttrBoilerplate = "structure_attr_boilerplate", Structure;
    StructureAttrContent = "structure_attr_content", Structure;
    StructureLinksPerWord = "structure_links_per_word", Structure;
    StructureHidden = "structure_hidden", Structure;
    StructureInTop = "structure_in_top", Structure;
    StructureStanding = "structure_standing", Structure;
    StructureRepeat = "structure_repeat", Structure;
    StructureParentLinkShare = "structure_parent_link_share", Structure;
    StructureTopOverlap = "structure_top_overlap", Structure;
}

impl Feature {
    /// Whether the feature's 0 means the thing it counts is absent (no heading, no phone
    /// number, no links, a block built like no other) and its reason says the thing is there
    /// ("a heading", "2 links"): reasons measure such a feature from 0, not from the average.
    pub fn is_presence(self) -> bool {
        use Feature as F;
        matches!(
            self,
            F::ShapeHeading
                | F::ShapeListItem
                | F::ShapeShortNav
                | F::ShapeEndsColon
                | F::PromoCta
                | F::PromoOffer
                | F::PromoSocial
                | F::PromoSuperlative
                | F::PromoSecondPerson
                | F::PromoCurrency
                | F::PromoPhone
                | F::PromoEmail
                | F::PromoHandle
                | F::PromoHashtag
                | F::PromoExclaim
                | F::PromoAllcaps
                | F::LinksCharShare
                | F::LinksUrl
                | F::LinksDomain
                | F::LinksCount
                | F::StructureLinksPerWord
                | F::StructureChrome
                | F::StructureAttrBoilerplate
                | F::StructureHidden
                | F::StructureRepeat
        )
    }
}

/// Whether input `i` of a stage is a presence feature ([`Feature::is_presence`]): the first
/// [`COUNT`] inputs of every stage are the features, in order.
pub fn is_presence_input(i: usize) -> bool {
    Feature::ALL.get(i).is_some_and(|f| f.is_presence())
}

/// First-stage features of one document: one row of [`COUNT`] values per paragraph.
#[derive(Debug, Clone, Default)]
pub struct FeatureMatrix {
    pub data: Vec<f32>,
    /// Per row, whether the block is a reader's comment below the main text
    /// ([`layout::Layout::comment`]): a mark the pipeline acts on, not a model input.
    pub comments: Vec<bool>,
}

impl FeatureMatrix {
    pub fn rows(&self) -> usize {
        self.data.len() / COUNT
    }
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * COUNT..(i + 1) * COUNT]
    }
    pub fn get(&self, i: usize, f: Feature) -> f32 {
        self.data[i * COUNT + f as usize]
    }
    pub fn is_comment(&self, i: usize) -> bool {
        self.comments.get(i).copied().unwrap_or(false)
    }
}

/// Compute every first-stage feature of an analyzed document; `vocab` is the model's.
pub fn featurize(analysis: &Analysis, vocab: &Vocab) -> FeatureMatrix {
    featurize_families(analysis, vocab, true)
}

/// [`featurize`], leaving the structure family at 0 unless `structure`: for a model that does
/// not read it ([`crate::model::Model::reads`]).
pub fn featurize_families(analysis: &Analysis, vocab: &Vocab, structure: bool) -> FeatureMatrix {
    use Feature as F;
    let doc = &analysis.tokens;
    let n = doc.paras.len();
    let mut m = FeatureMatrix {
        data: vec![0.0; n * COUNT],
        comments: Vec::new(),
    };
    if n == 0 {
        return m;
    }
    // Every distinct word's learned log-odds and background IDF, looked up once.
    let values = vocab.values(doc.words());
    let word_idf: Vec<f32> = values.iter().map(|v| v.background_idf).collect();
    let drift = drift::compute(doc, vocab, &word_idf);
    let (structure, layout) = if structure {
        (structure::compute(doc), layout::compute(doc))
    } else {
        (vec![Default::default(); n], vec![Default::default(); n])
    };
    m.comments = layout.iter().map(|l| l.comment).collect();
    let mut lengths: Vec<usize> = doc.paras.iter().map(|p| p.words.len()).collect();
    lengths.sort_unstable();
    let median_words = lengths[n / 2] as f32;
    let mut scratch = distinct::Distinct::default();
    let learned: Vec<f32> = if vocab.is_empty() {
        Vec::new()
    } else {
        values.iter().map(|v| v.log_odds).collect()
    };
    for (i, p) in doc.paras.iter().enumerate() {
        let d = &drift[i];
        let pr = promo::compute(doc, p, &learned, &mut scratch);
        let l = links::compute(p);
        let s = shape::compute(doc, i, median_words);
        let row = &mut m.data[i * COUNT..(i + 1) * COUNT];
        let mut set = |f: F, v: f32| row[f as usize] = if v.is_finite() { v } else { 0.0 };
        set(F::DriftLooSim, d.loo_sim);
        set(F::DriftWindowSim, d.window_sim);
        set(F::DriftCoreSim, d.core_sim);
        set(F::DriftNeighborSim, d.neighbor_sim);
        set(F::DriftZ, d.z);
        set(F::DriftUniqueShare, d.unique_share);
        set(F::DriftNoContent, d.no_content as u8 as f32);
        // Similarity means more the longer the paragraph: these let a linear model trust drift
        // on long paragraphs (off-topic ones) and not on short ones (where it is noise).
        let long = (p.words.len() as f32 / 40.0).min(1.0);
        set(F::DriftLongWindowSim, d.window_sim * long);
        set(F::DriftLongCoreSim, d.core_sim * long);
        set(F::DriftMaxOtherSim, d.max_other_sim);
        let m = &analysis.meaning[i];
        set(F::DriftMeaningLooSim, m.loo_sim);
        set(F::DriftMeaningWindowSim, m.window_sim);
        set(F::DriftMeaningCoreSim, m.core_sim);
        set(F::PromoCta, pr.family_share[0]);
        set(F::PromoOffer, pr.family_share[1]);
        set(F::PromoSocial, pr.family_share[2]);
        set(F::PromoSuperlative, pr.family_share[3]);
        set(F::PromoSecondPerson, pr.second_person);
        set(F::PromoLearned, pr.learned);
        set(F::PromoLearnedMax, pr.learned_max);
        set(F::PromoCurrency, pr.currency);
        set(F::PromoPhone, pr.phone);
        set(F::PromoEmail, pr.email);
        set(F::PromoHandle, pr.handle);
        set(F::PromoHashtag, pr.hashtag);
        set(F::PromoExclaim, pr.exclaim);
        set(F::PromoAllcaps, pr.allcaps);
        set(F::LinksCharShare, l.char_share);
        set(F::LinksUrl, l.url);
        set(F::LinksDomain, l.domain);
        set(F::LinksCount, l.count);
        set(F::ShapeLogWords, s.log_words);
        set(F::ShapeShort, s.short);
        set(F::ShapeRelLength, s.rel_length);
        set(F::ShapeStopwordShare, s.stopword_share);
        set(F::ShapeMeanWordLen, s.mean_word_len);
        set(F::ShapeDigitShare, s.digit_share);
        set(F::ShapePunctShare, s.punct_share);
        set(F::ShapeUpperShare, s.upper_share);
        set(F::ShapeTitlecaseShare, s.titlecase_share);
        set(F::ShapeTerminalPunct, s.terminal_punct);
        set(F::ShapeEndsColon, s.ends_colon);
        set(F::ShapePosition, s.position);
        set(F::ShapeEdge, s.edge);
        set(F::ShapeHeading, s.heading);
        set(F::ShapeListItem, s.list_item);
        set(F::ShapeShortNav, s.short_nav);
        let st = &structure[i];
        set(F::StructureTagP, st.tag_p);
        set(F::StructureTagCell, st.tag_cell);
        set(F::StructureTagOther, st.tag_other);
        set(F::StructureChrome, st.chrome);
        set(F::StructureDepth, st.depth);
        set(F::StructureDepthDev, st.depth_dev);
        set(F::StructureMainDistance, st.main_distance);
        set(F::StructureMainPath, st.main_path);
        set(F::StructureAttrBoilerplate, st.attr_boilerplate);
        set(F::StructureAttrContent, st.attr_content);
        set(F::StructureLinksPerWord, st.links_per_word);
        let la = &layout[i];
        set(F::StructureHidden, la.hidden);
        set(F::StructureInTop, la.in_top);
        set(F::StructureStanding, la.standing);
        set(F::StructureRepeat, la.repeat);
        set(F::StructureParentLinkShare, la.parent_link_share);
        set(F::StructureTopOverlap, la.top_overlap);
    }
    // Neighbour values, from the columns just filled.
    let column = |f: F| -> Vec<f32> { (0..n).map(|i| m.get(i, f)).collect() };
    let window = column(F::DriftWindowSim);
    let learned = column(F::PromoLearned);
    let words = column(F::ShapeLogWords);
    let (mw, ml, mwords) = (
        context::mean(&window),
        context::mean(&learned),
        context::mean(&words),
    );
    let core_sims = column(F::DriftCoreSim);
    let edge_core = context::edge_run_mean(&core_sims);
    let edge_run = context::edge_run_length(&core_sims, 0.05);
    for i in 0..n {
        let row = &mut m.data[i * COUNT..(i + 1) * COUNT];
        row[F::ContextPrevWindowSim as usize] = context::neighbor(&window, i, -1, mw);
        row[F::ContextNextWindowSim as usize] = context::neighbor(&window, i, 1, mw);
        row[F::ContextNeighborPromoLearned as usize] =
            context::neighbor(&learned, i, -1, ml).max(context::neighbor(&learned, i, 1, ml));
        row[F::ContextEdgeCoreSim as usize] = edge_core[i];
        row[F::ContextEdgeRun as usize] = edge_run[i];
        row[F::ContextPrevLogWords as usize] = context::neighbor(&words, i, -1, mwords);
        row[F::ContextNextLogWords as usize] = context::neighbor(&words, i, 1, mwords);
        row[F::ContextNeighborLogWords as usize] = 0.5
            * (context::neighbor(&words, i, -1, mwords) + context::neighbor(&words, i, 1, mwords));
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_prefixed_by_family() {
        let mut seen = std::collections::HashSet::new();
        for f in Feature::ALL {
            let name = f.name();
            assert!(seen.insert(name), "duplicate {name}");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
            assert_eq!(FeatureFamily::of_name(name), Some(f.family()), "{name}");
        }
        assert_eq!(Feature::ALL.len(), COUNT);
        for name in context::SCORE_NAMES {
            assert_eq!(FeatureFamily::of_name(name), Some(FeatureFamily::Context));
        }
        for unknown in ["expert_ad", "shapely", "", "other_thing"] {
            assert_eq!(FeatureFamily::of_name(unknown), None, "{unknown}");
        }
        let families: Vec<FeatureFamily> = Feature::ALL.iter().map(|f| f.family()).collect();
        for f in FeatureFamily::ALL {
            assert!(families.contains(&f), "{f:?} has no feature");
        }
    }
}
