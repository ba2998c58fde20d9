//! Stage 3: the model, saved as versioned JSON. Scoring is a sum of one shape function per
//! input ([`stage`]) and a sigmoid; linfa is only needed to train.
//!
//! First stage: logistic models over a paragraph's own features: `stage1` for "does not
//! belong" at large, and one expert per kind of inserted text seen in training (ad, spam,
//! boilerplate, offtopic). Kinds differ in shape (boilerplate is short, off-topic text long),
//! so one linear model cannot serve them all; the experts give the second stage that
//! non-linearity. Second stage: a logistic model over the features, the neighbours'
//! `stage1` scores, and the paragraph's expert scores.

pub mod explain;
pub mod metrics;
pub mod stage;
#[cfg(feature = "train")]
pub mod train;

use crate::error::{Error, Result};
use crate::features::{self, context, vocab::Vocab, Analysis, FeatureFamily, FeatureMatrix};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub use stage::{Columns, Stage, StageFile};

/// Version 2: each input through a shape function (a line and hinges at knots).
pub const FORMAT_VERSION: u32 = 2;
const FORMAT_TAG: &str = "seam-model";

/// A first-stage model for one kind of inserted text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Expert {
    pub kind: String,
    #[serde(flatten)]
    pub stage: Stage,
}

/// What the model was trained on and how well it did out of fold.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TrainingInfo {
    pub data: Vec<String>,
    pub command: String,
    pub date: String,
    pub documents: usize,
    pub paragraphs: usize,
    pub positives: usize,
    pub alpha: f64,
    pub folds: usize,
    pub seed: u64,
    /// Knots per input's shape function, first stage and second.
    #[serde(default)]
    pub knots: [usize; 2],
    /// Whether each logistic fit reached its gradient tolerance.
    pub converged: bool,
    #[serde(default)]
    pub cv: Option<metrics::Report>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Model {
    pub format: String,
    pub version: u32,
    pub name: String,
    pub threshold: f32,
    pub stage1: Stage,
    #[serde(default)]
    pub experts: Vec<Expert>,
    pub stage2: Stage,
    /// Required: a model without its vocabulary would load and score differently (0.99 became
    /// 0.36), never say so.
    pub vocab: Vocab,
    #[serde(default)]
    pub training: TrainingInfo,
}

/// Scores of one document's paragraphs.
#[derive(Debug, Clone, Default)]
pub struct DocScores {
    pub features: FeatureMatrix,
    /// First-stage probabilities.
    pub stage1: Vec<f32>,
    /// Second-stage inputs (first-stage features, context scores, expert scores), one row of
    /// `stage2_width` values per paragraph: see [`DocScores::stage2_row`].
    pub stage2_inputs: Vec<f32>,
    pub stage2_width: usize,
    /// Final probabilities.
    pub scores: Vec<f32>,
}

impl DocScores {
    /// The second stage's inputs for paragraph `i`.
    pub fn stage2_row(&self, i: usize) -> &[f32] {
        &self.stage2_inputs[i * self.stage2_width..(i + 1) * self.stage2_width]
    }
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Names of the second stage's inputs: features, context scores, then `expert_<kind>` for each
/// expert.
pub fn stage2_names(kinds: &[String]) -> Vec<String> {
    let base = features::NAMES
        .iter()
        .chain(context::SCORE_NAMES.iter())
        .map(|s| s.to_string());
    base.chain(kinds.iter().map(|k| format!("expert_{k}")))
        .collect()
}

/// Index of the first expert input among the second stage's inputs.
pub const EXPERT_OFFSET: usize = features::COUNT + context::SCORE_NAMES.len();

impl Model {
    pub fn from_json(json: &str, origin: &str) -> Result<Model> {
        // A model file is parsed once: its tag and version are fields of the model. Only a
        // file that does not parse as a model is read again for them, so that an old version
        // or another kind of file is reported as such rather than as a missing field. (Reading
        // the head first cost a whole pass over the vocabularies at every start.)
        let model: Model = match serde_json::from_str(json) {
            Ok(model) => model,
            Err(e) => {
                #[derive(Deserialize)]
                struct Head {
                    format: Option<String>,
                    version: Option<u32>,
                }
                let head: Head = serde_json::from_str(json).map_err(|e| Error::Model {
                    origin: origin.into(),
                    message: format!("not a model file: {e}"),
                })?;
                check_head(head.format.as_deref(), head.version, origin)?;
                let message = stage_error(json).unwrap_or_else(|| e.to_string());
                return Err(Error::Model {
                    origin: origin.into(),
                    message: if message.starts_with("missing field") {
                        format!("incomplete model file: {message}")
                    } else {
                        message
                    },
                });
            }
        };
        check_head(Some(&model.format), Some(model.version), origin)?;
        model.stage1.check(origin, features::NAMES)?;
        for e in &model.experts {
            e.stage.check(origin, features::NAMES)?;
        }
        let kinds: Vec<String> = model.experts.iter().map(|e| e.kind.clone()).collect();
        let names2 = stage2_names(&kinds);
        model.stage2.check(
            origin,
            &names2.iter().map(String::as_str).collect::<Vec<_>>(),
        )?;
        if !(0.0..=1.0).contains(&model.threshold) {
            return Err(Error::Model {
                origin: origin.into(),
                message: format!("threshold {} is outside [0, 1]", model.threshold),
            });
        }
        Ok(model)
    }

    pub fn load(path: &Path) -> Result<Model> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Model::from_json(&text, &path.display().to_string())
    }

    /// The text model compiled into the binary from `models/default.json`.
    pub fn embedded() -> Model {
        Model::from_json(
            include_str!("../../models/default.json"),
            "(embedded default)",
        )
        .expect("models/default.json matches this build (checked by a test)")
    }

    /// The HTML model compiled into the binary from `models/html.json`: scores pages that
    /// were segmented into blocks.
    pub fn embedded_html() -> Model {
        Model::from_json(include_str!("../../models/html.json"), "(embedded html)")
            .expect("models/html.json matches this build (checked by a test)")
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a model serializes")
    }

    /// Featurize and score an analyzed document (the features depend on the model through its
    /// learned vocabulary).
    pub fn score(&self, analysis: &Analysis) -> DocScores {
        self.score_features(features::featurize(analysis, &self.vocab))
    }

    /// [`Model::score`] without computing the structure family when no stage reads it: the
    /// same scores, and features that leave it at 0. For a second opinion on a page whose own
    /// model has the structure (the text check: a tenth of the time of `seam clean` on the
    /// odd-id WCXB pages went to structure and layout, once for each model).
    pub fn score_what_it_reads(&self, analysis: &Analysis) -> DocScores {
        let structure = self.reads(FeatureFamily::Structure);
        let features = features::featurize_families(analysis, &self.vocab, structure);
        self.score_features(features)
    }

    /// Whether any stage reads a feature of `family` ([`Stage::reads`]); the text model reads
    /// no structure.
    pub fn reads(&self, family: FeatureFamily) -> bool {
        std::iter::once(&self.stage1)
            .chain(self.experts.iter().map(|e| &e.stage))
            .chain([&self.stage2])
            .any(|s| s.reads(family))
    }

    pub fn score_features(&self, features: FeatureMatrix) -> DocScores {
        let columns = Columns::new(&features.data, features::COUNT);
        let first = |stage: &Stage| -> Vec<f32> {
            let mut p = stage.logits_of(&columns);
            p.iter_mut().for_each(|z| *z = sigmoid(*z));
            p
        };
        let stage1 = first(&self.stage1);
        let experts: Vec<Vec<f32>> = self.experts.iter().map(|e| first(&e.stage)).collect();
        let width = EXPERT_OFFSET + experts.len();
        let stage2_inputs = stage2_inputs(&features, &stage1, &experts);
        let mut scores = self.stage2.logits(&stage2_inputs, width);
        scores.iter_mut().for_each(|z| *z = sigmoid(*z));
        DocScores {
            features,
            stage1,
            stage2_inputs,
            stage2_width: width,
            scores,
        }
    }
}

/// The first stage of a model file that does not load, with its error: `stage2: the std of
/// feature x (0) must be > 0`. A stage's own checks cannot say which stage they are in.
fn stage_error(json: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let mut stages = vec![("stage1".to_string(), v.get("stage1")?.clone())];
    for e in v
        .get("experts")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
    {
        let kind = e.get("kind").and_then(|k| k.as_str()).unwrap_or("?");
        stages.push((format!("expert {kind}"), e.clone()));
    }
    stages.push(("stage2".to_string(), v.get("stage2")?.clone()));
    stages.into_iter().find_map(|(what, stage)| {
        let e = serde_json::from_value::<Stage>(stage).err()?;
        Some(format!("{what}: {e}"))
    })
}

/// A model file's tag and version, as [`Model::from_json`] accepts them.
fn check_head(format: Option<&str>, version: Option<u32>, origin: &str) -> Result<()> {
    if format != Some(FORMAT_TAG) {
        return Err(Error::Model {
            origin: origin.into(),
            message: format!("not a model file: \"format\" must be \"{FORMAT_TAG}\""),
        });
    }
    match version {
        Some(FORMAT_VERSION) => Ok(()),
        found => Err(Error::ModelVersion {
            origin: origin.into(),
            found: found.unwrap_or(0),
            supported: FORMAT_VERSION,
        }),
    }
}

/// First-stage features, the neighbours' first-stage scores, the paragraph's expert scores:
/// one row per paragraph, row-major, `EXPERT_OFFSET + experts.len()` wide.
pub fn stage2_inputs(features: &FeatureMatrix, stage1: &[f32], experts: &[Vec<f32>]) -> Vec<f32> {
    let ctx = context::score_context(stage1);
    let width = EXPERT_OFFSET + experts.len();
    let mut rows = Vec::with_capacity(features.rows() * width);
    for (i, c) in ctx.iter().enumerate() {
        rows.extend_from_slice(features.row(i));
        rows.extend_from_slice(c);
        rows.extend(experts.iter().map(|e| e[i]));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_models_load_and_match_the_code() {
        for m in [Model::embedded(), Model::embedded_html()] {
            assert_eq!(m.stage1.features().len(), features::COUNT);
            assert_eq!(m.stage2.features().len(), EXPERT_OFFSET + m.experts.len());
            assert!(m.threshold > 0.0 && m.threshold < 1.0);
        }
        assert_eq!(Model::embedded_html().name, "html");
    }

    #[test]
    fn a_model_that_reads_no_structure_scores_a_page_the_same_without_it() {
        let (text, html) = (Model::embedded(), Model::embedded_html());
        assert!(!text.reads(FeatureFamily::Structure));
        assert!(html.reads(FeatureFamily::Structure));
        assert!(text.reads(FeatureFamily::Drift) && html.reads(FeatureFamily::Shape));
        let page = include_str!("../../data/examples/page_with_ad.html");
        let analysis = features::analyze(&crate::document::Document::from_html("p", page));
        let full = features::featurize(&analysis, &text.vocab);
        let skipped = features::featurize_families(&analysis, &text.vocab, false);
        assert_ne!(full.data, skipped.data, "the page has structure to skip");
        let (a, b) = (text.score_features(full), text.score_features(skipped));
        assert_eq!(a.scores, b.scores);
        assert_eq!(text.score_what_it_reads(&analysis).scores, a.scores);
        // Model::score computes every family: a page's own model reads its hidden text there.
        let all = text.score(&analysis).features.data;
        assert_ne!(all, text.score_what_it_reads(&analysis).features.data);
    }

    #[test]
    fn renamed_feature_is_a_feature_mismatch() {
        let json = Model::embedded()
            .to_json()
            .replacen("drift_loo_sim", "drift_old_name", 1);
        match Model::from_json(&json, "t.json") {
            Err(Error::FeatureMismatch {
                model_first_diff, ..
            }) => {
                assert!(model_first_diff.contains("drift_old_name"))
            }
            other => panic!("expected FeatureMismatch, got {other:?}"),
        }
    }

    #[test]
    fn other_version_and_non_model_json_are_rejected() {
        let json = Model::embedded()
            .to_json()
            .replacen("\"version\": 2", "\"version\": 99", 1);
        assert!(matches!(
            Model::from_json(&json, "t"),
            Err(Error::ModelVersion { found: 99, .. })
        ));
        assert!(matches!(
            Model::from_json("{\"a\":1}", "t"),
            Err(Error::Model { .. })
        ));
        assert!(matches!(
            Model::from_json("not json", "t"),
            Err(Error::Model { .. })
        ));
    }

    #[test]
    fn json_round_trip_is_exact() {
        let m = Model::embedded();
        let again = Model::from_json(&m.to_json(), "t").unwrap();
        assert_eq!(m, again);
        assert_eq!(m.to_json(), again.to_json());
    }
}
