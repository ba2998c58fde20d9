//! The one place that wires document -> features -> model: score a document and decide.
//! The input picks the model: HTML blocks go to the HTML model when there is one, and the
//! text model checks them too (the text check).
//!
//! Why two models on a page: the HTML model learns what web pages are mostly made of, page
//! furniture, from thousands of blocks per page, and an ad spliced into the story as a `<p>`
//! is a rare case to it; the text model is trained on articles with such inserts and judges
//! only the text. It reads what the HTML model keeps of the page, as one text document: the
//! main text it was trained on, not a page that may be mostly furniture, against which the
//! story's own paragraphs read as off topic. A block is flagged when either model flags it.
//! Its score is the higher of the two, the text model's shifted on the logit scale so that its
//! threshold falls on the HTML model's: one score, one threshold, and `--threshold` moves both.
//!
//! A block whose text is mostly hidden on the page ([`HIDDEN_FLAG`] of it, by the layout's
//! account, which leaves out pages that hide their own main text) is flagged whatever the
//! models say, with the reason "hidden on the page": a reader never sees it, and hidden text
//! in a page body is what injected link spam looks like. `clean` drops it.
//!
//! Readers' comments below a story (`features::layout` marks them) are flagged too, with the
//! reason "a reader's comment below the main text", as trafilatura leaves them out, unless
//! [`Pipeline::keep_comments`]: under a story of [`COMMENTS_BELOW_WORDS`] or more. They are
//! not a model's call: the HTML model, trained on pages whose human main text sometimes keeps
//! a thread and sometimes not, scored most comments as content.
//!
//! A document of one paragraph has nothing for that paragraph not to belong to: it scores 0
//! and is never flagged (save hidden text). The models never saw such a document (splice-dev's
//! have 4 to hundreds of paragraphs) and, with no rest to compare it with, read every
//! similarity as 0: they flagged all 12 one-paragraph main texts of wcxb-dev.

use crate::document::{Document, Paragraph};
use crate::features::{self, Analysis, Feature};
use crate::model::explain::{self, Reason};
use crate::model::metrics::Scored;
#[cfg(feature = "train")]
use crate::model::train::Example;
use crate::model::{sigmoid, DocScores, Model};
use std::sync::OnceLock;

/// The share of a block's text hidden on the page (`structure_hidden`) from which the block is
/// flagged whatever its score.
pub const HIDDEN_FLAG: f32 = 0.5;

/// Readers' comments are flagged only below a story of at least this many words (what the
/// HTML model keeps before the first comment): under a shorter post the thread is the page's
/// content, a forum question and its answers or a product's reviews. On wcxb-dev's pages with
/// comments, the forum and product pages whose main text holds the thread keep 318 to 527 words
/// before it, articles mostly over a thousand (docs/history.md).
pub const COMMENTS_BELOW_WORDS: u32 = 600;

/// A configured scorer: `Pipeline::new(model).threshold(0.6).reasons(3)`, or
/// `Pipeline::embedded()` for the built-in text and HTML models.
#[derive(Debug, Clone)]
pub struct Pipeline {
    model: Model,
    html_model: Option<HtmlModel>,
    text_check: bool,
    keep_comments: bool,
    threshold: Option<f32>,
    reasons: usize,
}

#[derive(Debug, Clone)]
pub struct ScoredParagraph {
    pub index: usize,
    pub span: Option<(usize, usize)>,
    pub score: f32,
    pub flagged: bool,
    /// Filled for flagged paragraphs.
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone)]
pub struct ScoredDocument {
    pub paragraphs: Vec<ScoredParagraph>,
    pub threshold: f32,
    /// Name of the model that scored it.
    pub model: String,
}

impl ScoredDocument {
    pub fn flagged(&self) -> usize {
        self.paragraphs.iter().filter(|p| p.flagged).count()
    }
    pub fn max_score(&self) -> f32 {
        self.paragraphs.iter().map(|p| p.score).fold(0.0, f32::max)
    }
    pub fn flags(&self) -> Vec<bool> {
        self.paragraphs.iter().map(|p| p.flagged).collect()
    }
}

impl Pipeline {
    /// One model for every document.
    pub fn new(model: Model) -> Pipeline {
        Pipeline {
            model,
            html_model: None,
            text_check: true,
            keep_comments: false,
            threshold: None,
            reasons: 3,
        }
    }

    /// The embedded models: the text model, and the HTML model for HTML pages.
    pub fn embedded() -> Pipeline {
        Pipeline::new(Model::embedded()).embedded_html_model()
    }

    /// Score documents made of HTML blocks with this model.
    pub fn html_model(mut self, model: Model) -> Self {
        self.html_model = Some(HtmlModel::Given(model));
        self
    }

    /// Score documents made of HTML blocks with the embedded HTML model, loaded when the first
    /// page needs it.
    pub fn embedded_html_model(mut self) -> Self {
        self.html_model = Some(HtmlModel::Embedded(OnceLock::new()));
        self
    }

    /// Whether the text model also checks HTML blocks (default true; see the module docs).
    pub fn text_check(mut self, on: bool) -> Self {
        self.text_check = on;
        self
    }

    /// Whether readers' comments below a page's main text are kept (scored by the models like
    /// any block) rather than flagged (default false; see the module docs).
    pub fn keep_comments(mut self, on: bool) -> Self {
        self.keep_comments = on;
        self
    }

    /// Override the models' thresholds.
    pub fn threshold(mut self, t: f32) -> Self {
        self.threshold = Some(t);
        self
    }

    /// How many reasons to give per flagged paragraph (default 3).
    pub fn reasons(mut self, n: usize) -> Self {
        self.reasons = n;
        self
    }

    /// The name of the model that scores text: the attribute name of a Dolma run.
    pub fn name(&self) -> String {
        self.model.name.clone()
    }

    /// Every model the run may use, for a report's header: "default, html for HTML pages".
    pub fn describe(&self) -> String {
        match &self.html_model {
            Some(_) => format!("{}, {} for HTML pages", self.model.name, self.html_name()),
            None => self.model.name.clone(),
        }
    }

    /// The name HTML pages are scored under: "html+default" with the text check.
    fn html_name(&self) -> String {
        match &self.html_model {
            Some(h) if self.text_check => format!("{}+{}", h.get().name, self.model.name),
            Some(h) => h.get().name.clone(),
            None => self.model.name.clone(),
        }
    }

    /// The threshold text documents are flagged at (the line a report's histogram draws).
    pub fn text_threshold(&self) -> f32 {
        self.threshold.unwrap_or(self.model.threshold)
    }

    /// The model that scores `doc`.
    pub fn model_for(&self, doc: &Document) -> &Model {
        match &self.html_model {
            Some(m) if doc.is_html() => m.get(),
            _ => &self.model,
        }
    }

    /// The threshold `doc` is flagged at.
    pub fn threshold_for(&self, doc: &Document) -> f32 {
        self.threshold
            .unwrap_or_else(|| self.model_for(doc).threshold)
    }

    pub fn score(&self, doc: &Document) -> ScoredDocument {
        let model = self.model_for(doc);
        let threshold = self.threshold_for(doc);
        let checking = self.text_check && doc.is_html() && self.html_model.is_some();
        let analysis = features::analyze(doc);
        let s = model.score(&analysis);
        let rules = self.rules(doc, &s, threshold);
        // The text model's scores on the HTML model's scale.
        let shift = logit(model.threshold) - logit(self.model.threshold);
        let text = if checking {
            self.text_check_of(doc, &s, threshold, shift, &rules)
        } else {
            None
        };
        let alone = doc.paragraphs.len() == 1;
        let paragraphs = doc
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (mut score, mut by) = (
                    s.scores[i],
                    ScoredBy {
                        model,
                        analysis: &analysis,
                        scores: &s,
                        index: i,
                        scope: explain::Scope::Document,
                    },
                );
                if alone {
                    score = 0.0;
                } else if let Some(t) = &text {
                    if let Some(j) = t.index[i] {
                        let checked = sigmoid(logit(t.scores.scores[j]) + shift);
                        if checked > score {
                            score = checked;
                            by = ScoredBy {
                                model: &self.model,
                                analysis: &t.analysis,
                                scores: &t.scores,
                                index: j,
                                scope: explain::Scope::KeptText,
                            };
                        }
                    }
                }
                let rule = &rules[i];
                if rule.is_some() {
                    score = score.max(threshold);
                }
                let flagged = score >= threshold;
                let mut reasons = if flagged && self.reasons > 0 {
                    explain::reasons_in(
                        by.model,
                        by.analysis,
                        by.scores,
                        by.index,
                        self.reasons,
                        by.scope,
                    )
                } else {
                    Vec::new()
                };
                if let Some(rule) = rule.clone().filter(|_| self.reasons > 0) {
                    reasons.retain(|r| r.feature != rule.feature);
                    reasons.insert(0, rule);
                    reasons.truncate(self.reasons);
                }
                ScoredParagraph {
                    index: i,
                    // Offsets in the file, past any invalid UTF-8 that was replaced.
                    span: p
                        .span
                        .map(|(a, b)| (doc.file_offset(a), doc.file_offset(b))),
                    score,
                    flagged,
                    reasons,
                }
            })
            .collect();
        ScoredDocument {
            paragraphs,
            threshold,
            model: if doc.is_html() {
                self.html_name()
            } else {
                self.model.name.clone()
            },
        }
    }
}

/// Which model gave a block its score, and over what text: what its reasons are read from.
struct ScoredBy<'a> {
    model: &'a Model,
    analysis: &'a Analysis,
    scores: &'a DocScores,
    /// The block's paragraph in `analysis`.
    index: usize,
    scope: explain::Scope,
}

/// The text model's scores of the blocks the HTML model keeps, read as one text document.
struct TextCheck {
    analysis: Analysis,
    scores: DocScores,
    /// Per block of the page, its paragraph in the checked document (None: not checked).
    index: Vec<Option<usize>>,
}

impl Pipeline {
    /// The blocks a rule flags whatever the models say, each with the rule's reason: hidden
    /// text, and readers' comments unless they are kept or the story above them is short (see
    /// [`COMMENTS_BELOW_WORDS`]). Pages only.
    fn rules(&self, doc: &Document, s: &DocScores, threshold: f32) -> Vec<Option<Reason>> {
        let n = doc.paragraphs.len();
        if !doc.is_html() {
            return vec![None; n];
        }
        let hidden = |i| s.features.get(i, Feature::StructureHidden);
        let first_comment = (0..n).find(|&i| !self.keep_comments && s.features.is_comment(i));
        let comments = first_comment.is_some_and(|first| {
            let story: u32 = (0..first)
                .filter(|&i| s.scores[i] < threshold && hidden(i) < HIDDEN_FLAG)
                .map(|i| words(&doc.paragraphs[i]))
                .sum();
            story >= COMMENTS_BELOW_WORDS
        });
        (0..n)
            .map(|i| {
                if hidden(i) >= HIDDEN_FLAG {
                    Some(explain::hidden_reason(hidden(i)))
                } else if comments && s.features.is_comment(i) {
                    Some(explain::comment_reason())
                } else {
                    None
                }
            })
            .collect()
    }

    /// Score what the HTML model keeps of a page with the text model, as the main text it
    /// would be after `clean`: the text model was trained on main texts with inserts, and
    /// judged against the whole page, furniture and all, the story's own paragraphs read as
    /// off topic on a page that is mostly links. Blocks the HTML model or a rule flags are
    /// flagged already and are left out; fewer than two kept blocks leave nothing to compare,
    /// and no check.
    fn text_check_of(
        &self,
        doc: &Document,
        s: &DocScores,
        threshold: f32,
        shift: f32,
        rules: &[Option<Reason>],
    ) -> Option<TextCheck> {
        let mut index = vec![None; doc.paragraphs.len()];
        let mut paragraphs = Vec::new();
        for (i, p) in doc.paragraphs.iter().enumerate() {
            if s.scores[i] < threshold && rules[i].is_none() {
                index[i] = Some(paragraphs.len());
                // The text model reads no structure: the block's element is not needed.
                paragraphs.push(Paragraph {
                    text: p.text.clone(),
                    role: p.role,
                    link_chars: p.link_chars,
                    link_count: p.link_count,
                    ..Paragraph::default()
                });
            }
        }
        if paragraphs.len() < 2 {
            return None;
        }
        let kept = Document {
            id: doc.id.clone(),
            paragraphs,
            ..Document::default()
        };
        let analysis = features::analyze(&kept);
        let scores = self.model.score_what_it_reads(&analysis);
        // An insert is the smaller part of the text it was put into: a check that would flag
        // most of what the page keeps is reading the page's own subject (a promotion's terms,
        // a product's specifications) as foreign, and is not applied.
        let (mut flagged, mut all) = (0, 0);
        for (p, &t) in kept.paragraphs.iter().zip(&scores.scores) {
            let n = words(p);
            all += n;
            if sigmoid(logit(t) + shift) >= threshold {
                flagged += n;
            }
        }
        if 2 * flagged > all {
            return None;
        }
        Some(TextCheck {
            analysis,
            scores,
            index,
        })
    }
}

/// Analyze, featurize and score a document with one model (no text check, no threshold): the
/// scores and everything behind them, for explaining a score (`examples/inspect.rs`).
pub fn score_with(model: &Model, doc: &Document) -> (Analysis, DocScores) {
    let analysis = features::analyze(doc);
    let scores = model.score(&analysis);
    (analysis, scores)
}

/// A labelled document as training reads it: its tokens, labels and kinds, the fold group (its
/// `group` field, else its id) and its `page_type` field.
#[cfg(feature = "train")]
pub fn example(doc: &Document) -> Example {
    Example {
        analysis: features::analyze(doc),
        labels: doc.paragraphs.iter().map(|p| p.label).collect(),
        kinds: doc.paragraphs.iter().map(|p| p.kind.clone()).collect(),
        words: doc.paragraphs.iter().map(words).collect(),
        id: doc.id.clone(),
        group: doc.extra_str("group").unwrap_or_else(|| doc.id.clone()),
        page_type: page_type(doc),
    }
}

/// The `page_type` field of a document (article, forum, ...), for metrics per page type.
pub fn page_type(doc: &Document) -> Option<String> {
    doc.extra_str("page_type")
}

/// A paragraph's length in words, as kept-text F1 counts them.
fn words(p: &Paragraph) -> u32 {
    p.text.split_whitespace().count() as u32
}

/// The labelled paragraphs of a scored document as metric items (`seam eval`), with the index
/// of each among the document's paragraphs. `doc_index` numbers the document in the scored set.
pub fn labelled_scores(
    doc: &Document,
    scored: &ScoredDocument,
    doc_index: usize,
) -> Vec<(usize, Scored)> {
    let group = page_type(doc);
    doc.paragraphs
        .iter()
        .zip(&scored.paragraphs)
        .enumerate()
        .filter_map(|(i, (p, s))| {
            let label = p.label?;
            Some((
                i,
                Scored {
                    score: s.score,
                    label,
                    kind: p.kind.clone(),
                    group: group.clone(),
                    doc: doc_index,
                    words: words(p),
                },
            ))
        })
        .collect()
}

/// The model for HTML pages. The embedded one is parsed when a page first needs it: most runs
/// score only text, and parsing its vocabularies took a twentieth of scoring 200 documents.
#[derive(Debug, Clone)]
enum HtmlModel {
    Given(Model),
    Embedded(OnceLock<Model>),
}

impl HtmlModel {
    fn get(&self) -> &Model {
        match self {
            HtmlModel::Given(m) => m,
            HtmlModel::Embedded(m) => m.get_or_init(Model::embedded_html),
        }
    }
}

/// ln(p / (1 - p)): infinite at 0 and 1, which `sigmoid` maps back.
fn logit(p: f32) -> f32 {
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = include_str!("../data/examples/page_with_ad.html");

    /// The embedded text model, `by` nats more eager.
    fn shifted_text_model(by: f32) -> Model {
        let mut m = Model::embedded();
        m.stage2.shift(by);
        m.name = "eager".into();
        m
    }

    #[test]
    fn text_check_scores_the_kept_blocks_as_one_text_and_explains_with_it() {
        let doc = Document::from_html("page", PAGE);
        let html = Model::embedded_html();
        let alone = Pipeline::new(shifted_text_model(4.0))
            .html_model(html.clone())
            .text_check(false)
            .score(&doc);
        assert_eq!(alone.model, "html");
        assert_eq!(
            alone.paragraphs.iter().map(|p| p.score).collect::<Vec<_>>(),
            score_with(&html, &doc).1.scores
        );
        assert!(alone.flagged() < doc.paragraphs.len(), "{alone:?}");

        // What the HTML model keeps, as a text document of its own, scored by the text model.
        let kept: Vec<usize> = (0..doc.paragraphs.len())
            .filter(|&i| !alone.paragraphs[i].flagged)
            .collect();
        let text = Document {
            paragraphs: kept
                .iter()
                .map(|&i| Paragraph::new(doc.paragraphs[i].text.clone()))
                .collect(),
            ..Document::default()
        };
        let eager = shifted_text_model(4.0);
        let by_text = score_with(&eager, &text).1.scores;
        let shift = logit(html.threshold) - logit(eager.threshold);

        let checked = Pipeline::new(eager).html_model(html).score(&doc);
        assert_eq!(checked.model, "html+eager");
        assert!(checked.flagged() > alone.flagged(), "{checked:?}");
        for (j, &i) in kept.iter().enumerate() {
            let want = alone.paragraphs[i]
                .score
                .max(sigmoid(logit(by_text[j]) + shift));
            let c = &checked.paragraphs[i];
            assert!(
                (c.score - want).abs() < 1e-5,
                "block {i}: {} != {want}",
                c.score
            );
            assert_eq!(c.flagged, !c.reasons.is_empty());
            // A score the check gave is explained in terms of the kept text, not the page.
            if c.score > alone.paragraphs[i].score {
                for r in &c.reasons {
                    assert!(!r.detail.contains("document"), "block {i}: {r:?}");
                }
            }
        }
        let details: Vec<&str> = checked
            .paragraphs
            .iter()
            .flat_map(|p| p.reasons.iter().map(|r| r.detail.as_str()))
            .collect();
        assert!(details.iter().any(|d| d.contains("kept")), "{details:?}");
        // Blocks the HTML model drops are left as it scored them.
        for (a, c) in alone.paragraphs.iter().zip(&checked.paragraphs) {
            if a.flagged {
                assert_eq!(a.score, c.score);
            }
        }
    }

    #[test]
    fn a_text_check_flagging_most_of_what_the_page_keeps_is_not_applied() {
        let doc = Document::from_html("page", PAGE);
        let html = Model::embedded_html();
        let scores = |check: bool| -> Vec<f32> {
            Pipeline::new(shifted_text_model(30.0))
                .html_model(html.clone())
                .text_check(check)
                .score(&doc)
                .paragraphs
                .iter()
                .map(|p| p.score)
                .collect()
        };
        assert_eq!(scores(true), scores(false));
    }

    #[test]
    fn text_documents_never_get_the_html_model() {
        let text = "One paragraph about the harbour.\n\nAnother one.".to_string();
        let doc = Document::from_text("t", text, crate::document::Format::Text);
        let s = Pipeline::new(Model::embedded())
            .html_model(shifted_text_model(30.0))
            .score(&doc);
        assert_eq!(s.model, "default");
        assert_eq!(s.flagged(), 0);
    }

    #[test]
    fn a_text_score_at_its_threshold_lands_on_the_html_threshold() {
        let (t_text, t_html) = (0.3f32, 0.6f32);
        let shifted = sigmoid(logit(t_text) + logit(t_html) - logit(t_text));
        assert!((shifted - t_html).abs() < 1e-6);
        // Scores of exactly 0 and 1 stay at the ends instead of becoming NaN.
        let shift = logit(t_html) - logit(t_text);
        assert_eq!(sigmoid(logit(1.0) + shift), 1.0);
        assert_eq!(sigmoid(logit(0.0) + shift), 0.0);
    }

    #[test]
    fn the_only_paragraph_of_a_document_is_never_flagged() {
        let pipeline = Pipeline::embedded();
        let alone = |text: &str| {
            pipeline.score(&Document::from_text(
                "d",
                text.into(),
                crate::document::Format::Text,
            ))
        };
        // Both scored 0.87 and 0.93 alone before: with no rest to compare with, every
        // similarity read as 0. Alone, there is nothing for a paragraph not to belong to.
        for text in [
            "The council approved the new tram line to the harbour on Tuesday.",
            "Buy now and get 50% off your first box with code SAVE50!",
        ] {
            let s = alone(text);
            assert_eq!((s.flagged(), s.max_score()), (0, 0.0), "{text}");
        }
        let two = alone("Buy now and get 50% off your first box with code SAVE50!\n\nThe council approved the new tram line to the harbour on Tuesday, after a long debate.");
        assert!(two.max_score() > 0.0);
    }

    /// The HTML model made to flag nothing, for text too: what is flagged, a rule flagged.
    fn flagging_nothing() -> Pipeline {
        let mut never = Model::embedded_html();
        never.stage2.shift(-30.0);
        Pipeline::new(never.clone()).html_model(never)
    }

    #[test]
    fn clean_drops_a_block_hidden_on_the_page_whatever_the_models_say() {
        let pipeline = flagging_nothing();
        let story = "The council approved the harbour tram line after a long debate about \
                     its cost, and the noise it would bring to the old town, on Tuesday.";
        let page = format!(
            "<article><p>{story}</p><p>{story}</p><div style=\"display: none\">\
             <a href=/a>cheap pills</a> <a href=/b>casino bonus</a></div><p>{story}</p>\
             </article>"
        );
        let doc = Document::from_html("page", &page);
        let s = pipeline.score(&doc);
        assert_eq!(s.flags(), [false, false, true, false], "{s:?}");
        let hidden = &s.paragraphs[2];
        assert_eq!(hidden.reasons[0].detail, "hidden on the page");
        assert!(hidden.score >= s.threshold);
        let kept = doc.without(&s.flags());
        assert!(
            !kept.contains("pills") && kept.matches("harbour").count() == 3,
            "{kept}"
        );
        // The same with a text model for every document (`--model FILE`): hidden text is
        // read from the page whatever the model reads.
        let mut quiet = Model::embedded();
        quiet.stage2.shift(-30.0);
        let s = Pipeline::new(quiet).score(&doc);
        assert_eq!(s.flags(), [false, false, true, false], "{s:?}");
        assert_eq!(s.paragraphs[2].reasons[0].detail, "hidden on the page");

        // A page that hides its story until a script shows it keeps the story.
        let page = format!("<article hidden><p>{story}</p><p>{story}</p></article>");
        let s = pipeline.score(&Document::from_html("page", &page));
        assert_eq!(s.flagged(), 0, "{s:?}");
    }

    #[test]
    fn comments_below_a_story_are_flagged_unless_kept_and_a_thread_under_a_short_post_stays() {
        let pipeline = flagging_nothing();
        let sentence = "The council approved the harbour tram line after a long debate about \
                        its cost, and the noise it would bring to the old town, on Tuesday. ";
        let reply = "I think this is a great idea for the town, and I hope it is built soon.";
        let page = |paragraphs: usize| {
            let story: String = (0..paragraphs)
                .map(|_| format!("<p>{}</p>", sentence.repeat(4)))
                .collect();
            format!(
                "<div id=content><article class=post>{story}</article><ol class=commentlist>\
                 <li class=comment><p>{reply}</p></li><li class=comment><p>{reply}</p></li>\
                 </ol></div>"
            )
        };
        // 12 paragraphs of 104 words: over COMMENTS_BELOW_WORDS.
        let doc = Document::from_html("page", &page(12));
        let s = pipeline.score(&doc);
        let flags = s.flags();
        assert_eq!(&flags[..12], [false; 12], "{s:?}");
        assert_eq!(&flags[12..], [true, true], "{s:?}");
        assert_eq!(
            s.paragraphs[12].reasons[0].detail,
            "a reader's comment below the main text"
        );
        assert!(!doc.without(&flags).contains("great idea"));
        let kept = pipeline.clone().keep_comments(true).score(&doc);
        assert_eq!(kept.flagged(), 0, "{kept:?}");
        // Two paragraphs (208 words): the thread is the page's content.
        let s = pipeline.score(&Document::from_html("page", &page(2)));
        assert_eq!(s.flagged(), 0, "{s:?}");
    }
}
