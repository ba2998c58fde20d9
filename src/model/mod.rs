//! Stage 3: the model, saved as versioned JSON. Scoring is standardize, dot product, sigmoid;
//! linfa is only needed to train.
//!
//! First stage: logistic models over a paragraph's own features: `stage1` for "does not
//! belong" at large, and one expert per kind of inserted text seen in training (ad, spam,
//! boilerplate, offtopic). Kinds differ in shape (boilerplate is short, off-topic text long),
//! so one linear model cannot serve them all; the experts give the second stage that
//! non-linearity. Second stage: a logistic model over the features, the neighbours'
//! `stage1` scores, and the paragraph's expert scores.

pub mod explain;
pub mod metrics;
#[cfg(feature = "train")]
pub mod train;

use crate::error::{Error, Result};
use crate::features::{self, context, tokens::DocTokens, vocab::Vocab, FeatureMatrix};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FORMAT_VERSION: u32 = 1;
const FORMAT_TAG: &str = "seam-model";

/// One logistic stage: z = (x - mean) / std, p = sigmoid(w . z + b).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Stage {
    pub features: Vec<String>,
    pub mean: Vec<f32>,
    pub std: Vec<f32>,
    pub weights: Vec<f32>,
    pub intercept: f32,
}

impl Stage {
    pub fn logit(&self, x: &[f32]) -> f32 {
        let terms = self.weights.iter().zip(&self.mean).zip(&self.std).zip(x);
        self.intercept + terms.map(|(((w, m), s), x)| w * (x - m) / s).sum::<f32>()
    }

    /// [`Stage::logit`] of every row of a row-major matrix, bit for bit.
    pub fn logits(&self, data: &[f32], width: usize) -> Vec<f32> {
        self.logits_of(&Columns::new(data, width))
    }

    /// [`Stage::logits`] of a matrix already cut into [`Columns`]: the first stage's models
    /// all read the same features, so they share one transposition. Each row's terms are still
    /// summed one after another in feature order (so the floats come out the same), but eight
    /// rows are summed side by side: a single sum waits on the previous addition at every
    /// term, eight independent ones keep the CPU busy.
    pub fn logits_of(&self, m: &Columns) -> Vec<f32> {
        let n = self.weights.len().min(m.width);
        let mut out = Vec::with_capacity(m.rows);
        for (b, block) in m.blocks.chunks(m.width.max(1)).enumerate() {
            let rows = (m.rows - b * ROWS).min(ROWS);
            let mut acc = [-0.0f32; ROWS];
            let terms = self.weights.iter().zip(&self.mean).zip(&self.std);
            for (((w, m), s), column) in terms.zip(&block[..n]) {
                for (a, x) in acc.iter_mut().zip(column) {
                    *a += w * (x - m) / s;
                }
            }
            out.extend(acc[..rows].iter().map(|a| self.intercept + a));
        }
        out
    }

    /// Each feature's share of the logit, relative to an average paragraph.
    pub fn contributions(&self, x: &[f32]) -> Vec<f32> {
        let terms = self.weights.iter().zip(&self.mean).zip(&self.std).zip(x);
        terms.map(|(((w, m), s), x)| w * (x - m) / s).collect()
    }

    /// `what` names the stage in messages (`stage1`, `expert ad`, `stage2`).
    fn check(&self, origin: &str, what: &str, expected: &[&str]) -> Result<()> {
        if self
            .features
            .iter()
            .map(String::as_str)
            .ne(expected.iter().copied())
        {
            let at = self
                .features
                .iter()
                .zip(expected)
                .position(|(a, b)| a != b)
                .unwrap_or(self.features.len().min(expected.len()));
            return Err(Error::FeatureMismatch {
                origin: origin.to_string(),
                model_count: self.features.len(),
                code_count: expected.len(),
                model_first_diff: self
                    .features
                    .get(at)
                    .map_or("ends there".into(), |s| format!("first differing: {s}")),
                code_first_diff: expected
                    .get(at)
                    .map_or("ends there".into(), |s| format!("first differing: {s}")),
            });
        }
        let n = self.features.len();
        if self.mean.len() != n || self.std.len() != n || self.weights.len() != n {
            return Err(Error::Model {
                origin: origin.to_string(),
                message: format!(
                    "{} features but {} means, {} stds, {} weights",
                    n,
                    self.mean.len(),
                    self.std.len(),
                    self.weights.len()
                ),
            });
        }
        let columns = [
            ("mean", &self.mean),
            ("std", &self.std),
            ("weight", &self.weights),
        ];
        for (column, values) in columns {
            for (v, feature) in values.iter().zip(&self.features) {
                let bad = if !v.is_finite() {
                    "is not a finite number"
                } else if column == "std" && *v <= 0.0 {
                    "must be > 0"
                } else {
                    continue;
                };
                return Err(Error::Model {
                    origin: origin.to_string(),
                    message: format!("{what}: the {column} of feature {feature} ({v}) {bad}"),
                });
            }
        }
        if !self.intercept.is_finite() {
            return Err(Error::Model {
                origin: origin.to_string(),
                message: format!(
                    "{what}: the intercept ({}) is not a finite number",
                    self.intercept
                ),
            });
        }
        Ok(())
    }
}

/// Rows summed side by side by [`Stage::logits_of`].
const ROWS: usize = 8;

/// A row-major matrix cut into blocks of [`ROWS`] rows, each block stored a column of eight
/// rows per feature (zero rows past the end), so that the eight sums of a block are one vector
/// operation per term.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    blocks: Vec<[f32; ROWS]>,
    width: usize,
    rows: usize,
}

impl Columns {
    pub fn new(data: &[f32], width: usize) -> Columns {
        let rows = data.len() / width.max(1);
        let mut blocks = vec![[0f32; ROWS]; rows.div_ceil(ROWS) * width];
        if width > 0 {
            for (block, chunk) in blocks.chunks_mut(width).zip(data.chunks(ROWS * width)) {
                if chunk.len() == ROWS * width {
                    // A full block a column at a time, each column gathered from the eight
                    // rows and stored whole: a third fewer instructions than storing each
                    // value into its column.
                    let rows: [&[f32]; ROWS] =
                        std::array::from_fn(|r| &chunk[r * width..][..width]);
                    for (k, column) in block.iter_mut().enumerate() {
                        *column = rows.map(|row| row[k]);
                    }
                    continue;
                }
                for (r, row) in chunk.chunks(width).enumerate() {
                    for (column, &x) in block.iter_mut().zip(row) {
                        column[r] = x;
                    }
                }
            }
        }
        Columns {
            blocks,
            width,
            rows,
        }
    }
}

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
    pub tokens: DocTokens,
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
                let message = e.to_string();
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
        model.stage1.check(origin, "stage1", features::NAMES)?;
        for e in &model.experts {
            e.stage
                .check(origin, &format!("expert {}", e.kind), features::NAMES)?;
        }
        let kinds: Vec<String> = model.experts.iter().map(|e| e.kind.clone()).collect();
        let names2 = stage2_names(&kinds);
        model.stage2.check(
            origin,
            "stage2",
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

    /// Featurize and score a tokenized document (the features depend on the model through its
    /// learned vocabulary).
    pub fn score_tokens(&self, tokens: DocTokens) -> DocScores {
        let features = features::featurize(&tokens, &self.vocab);
        self.score_features(tokens, features)
    }

    pub fn score_features(&self, tokens: DocTokens, features: FeatureMatrix) -> DocScores {
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
            tokens,
            features,
            stage1,
            stage2_inputs,
            stage2_width: width,
            scores,
        }
    }
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
            assert_eq!(m.stage1.features.len(), features::COUNT);
            assert_eq!(m.stage2.features.len(), EXPERT_OFFSET + m.experts.len());
            assert!(m.threshold > 0.0 && m.threshold < 1.0);
        }
        assert_eq!(Model::embedded_html().name, "html");
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
            .replacen("\"version\": 1", "\"version\": 99", 1);
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
    fn logits_of_a_matrix_are_logit_of_each_row_bit_for_bit() {
        let m = Model::embedded();
        let width = features::COUNT;
        // Rows of awkward values, 19 of them (two full blocks of eight and a partial one).
        let data: Vec<f32> = (0..19 * width)
            .map(|k| ((k * 7919 % 1013) as f32 - 500.0) / 37.0)
            .collect();
        let all = m.stage1.logits(&data, width);
        assert_eq!(all.len(), 19);
        for (r, z) in all.iter().enumerate() {
            let one = m.stage1.logit(&data[r * width..(r + 1) * width]);
            assert_eq!(z.to_bits(), one.to_bits(), "row {r}");
        }
    }

    #[test]
    fn json_round_trip_is_exact() {
        let m = Model::embedded();
        let again = Model::from_json(&m.to_json(), "t").unwrap();
        assert_eq!(m, again);
        assert_eq!(m.to_json(), again.to_json());
    }
}
