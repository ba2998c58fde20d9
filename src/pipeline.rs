//! The one place that wires document -> features -> model: score a document and decide.

use crate::document::Document;
use crate::model::explain::{self, Reason};
use crate::model::{DocScores, Model};

/// A configured scorer: `Pipeline::new(model).threshold(0.6).reasons(3)`.
#[derive(Debug, Clone)]
pub struct Pipeline {
    model: Model,
    threshold: f32,
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
    pub fn new(model: Model) -> Pipeline {
        let threshold = model.threshold;
        Pipeline {
            model,
            threshold,
            reasons: 3,
        }
    }

    /// Override the model's threshold.
    pub fn threshold(mut self, t: f32) -> Self {
        self.threshold = t;
        self
    }

    /// How many reasons to give per flagged paragraph (default 3).
    pub fn reasons(mut self, n: usize) -> Self {
        self.reasons = n;
        self
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn get_threshold(&self) -> f32 {
        self.threshold
    }

    pub fn scores(&self, doc: &Document) -> DocScores {
        self.model.score(doc)
    }

    pub fn score(&self, doc: &Document) -> ScoredDocument {
        let s = self.model.score(doc);
        let paragraphs = doc
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let score = s.scores[i];
                let flagged = score >= self.threshold;
                ScoredParagraph {
                    index: i,
                    span: p.span,
                    score,
                    flagged,
                    reasons: if flagged {
                        explain::reasons(&self.model, &s, i, self.reasons)
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        ScoredDocument {
            paragraphs,
            threshold: self.threshold,
        }
    }
}
