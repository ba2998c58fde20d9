//! The one place that wires document -> features -> model: score a document and decide.
//! The input picks the model: HTML blocks go to the HTML model when there is one.

use crate::document::Document;
use crate::model::explain::{self, Reason};
use crate::model::{DocScores, Model};

/// A configured scorer: `Pipeline::new(model).threshold(0.6).reasons(3)`, or
/// `Pipeline::embedded()` for the built-in text and HTML models.
#[derive(Debug, Clone)]
pub struct Pipeline {
    model: Model,
    html_model: Option<Model>,
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
            threshold: None,
            reasons: 3,
        }
    }

    /// The embedded models: the text model, and the HTML model for HTML pages.
    pub fn embedded() -> Pipeline {
        Pipeline::new(Model::embedded()).html_model(Model::embedded_html())
    }

    /// Score documents made of HTML blocks with this model.
    pub fn html_model(mut self, model: Model) -> Self {
        self.html_model = Some(model);
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
            Some(h) => format!("{}, {} for HTML pages", self.model.name, h.name),
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
            Some(m) if doc.is_html() => m,
            _ => &self.model,
        }
    }

    /// The threshold `doc` is flagged at.
    pub fn threshold_for(&self, doc: &Document) -> f32 {
        self.threshold
            .unwrap_or_else(|| self.model_for(doc).threshold)
    }

    pub fn scores(&self, doc: &Document) -> DocScores {
        self.model_for(doc).score(doc)
    }

    pub fn score(&self, doc: &Document) -> ScoredDocument {
        let model = self.model_for(doc);
        let threshold = self.threshold_for(doc);
        let s = model.score(doc);
        let paragraphs = doc
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let score = s.scores[i];
                let flagged = score >= threshold;
                ScoredParagraph {
                    index: i,
                    span: p.span,
                    score,
                    flagged,
                    reasons: if flagged && self.reasons > 0 {
                        explain::reasons(model, &s, i, self.reasons)
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        ScoredDocument {
            paragraphs,
            threshold,
            model: model.name.clone(),
        }
    }
}
