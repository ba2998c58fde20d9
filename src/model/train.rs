//! Training: `Trainer::default().alpha(..).folds(..).fit(&docs)`.
//!
//! Everything that is estimated from labels is estimated out of fold, so that the weights learn
//! how well each input works on unseen documents:
//! - the learned vocabulary feeds `promo_learned*`; on training rows those features come from a
//!   vocabulary learned on the other folds (cross-fitting), at inference from all the data;
//! - the second stage sees first-stage scores of neighbours; on training rows those scores come
//!   from first-stage models fitted on the other folds.
//!
//! Folds are grouped by document: a document's paragraphs never sit on both sides. Documents
//! that share a `"group"` field (a page and its copy with text spliced in) share a fold.
//! The reported metrics come from an outer cross-validation around all of that, and the
//! threshold is chosen on its out-of-fold scores.
//!
//! Paragraphs without a label (ambiguous blocks) are featurized with their document and feed
//! their neighbours' context, but are neither fitted on nor scored in the metrics.

use super::metrics::{self, Report, Scored, ThresholdRule};
use super::stage::PairFile;
use super::{
    stage2_inputs, stage2_names, Expert, Model, Stage, StageFile, TrainingInfo, FORMAT_VERSION,
};
use crate::error::{Error, Result};
use crate::features::{self, drift, vocab::Vocab, vocab::VocabParams, Analysis, FeatureMatrix};
use crate::hash::{splitmix64, unit_draw};
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use rayon::prelude::*;

#[derive(Debug, Clone)]
pub struct Trainer {
    alpha: f64,
    folds: usize,
    seed: u64,
    max_iterations: u64,
    threshold: ThresholdRule,
    max_clean_share: Option<f64>,
    vocab: VocabParams,
    knots: [usize; 2],
}

impl Default for Trainer {
    fn default() -> Self {
        Trainer {
            alpha: 1.0,
            folds: 5,
            seed: 8,
            max_iterations: 400,
            threshold: ThresholdRule::MaxF1,
            max_clean_share: None,
            vocab: VocabParams::default(),
            knots: [8, 4],
        }
    }
}

/// The outcome of training: the model (threshold set from out-of-fold scores) and the
/// cross-validated report with the out-of-fold scores behind it.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub model: Model,
    pub cv: Report,
    /// Out-of-fold final scores per document, in input order.
    pub oof: Vec<Vec<f32>>,
}

/// One labelled document, tokenized: what training reads (`pipeline::example` makes one from
/// a labelled `Document`).
#[derive(Debug, Clone, Default)]
pub struct Example {
    pub analysis: Analysis,
    /// Per paragraph: `Some(true)` does not belong, `Some(false)` belongs, `None` ambiguous
    /// (featurized with its document, neither fitted on nor scored).
    pub labels: Vec<Option<bool>>,
    /// Per paragraph: the kind of text (content, ad, spam, boilerplate, offtopic), if given.
    pub kinds: Vec<Option<String>>,
    /// Per paragraph: its length in words, for kept-text F1.
    pub words: Vec<u32>,
    /// The document's id, for messages.
    pub id: String,
    /// Fold group: documents of one group (a page and its copy with text spliced in) never sit
    /// on both sides of a fold.
    pub group: String,
    /// The page type (article, forum, ...), for metrics per page type.
    pub page_type: Option<String>,
}

impl Example {
    fn is_labelled(&self) -> bool {
        self.labels.iter().any(Option::is_some)
    }
}

/// What a fit needs of an [`Example`], made once.
struct Prepared<'a> {
    analysis: &'a Analysis,
    /// Label 1 per paragraph (false for label 0 and for no label).
    labels: Vec<bool>,
    /// Whether the paragraph has a label at all.
    labelled: Vec<bool>,
    kinds: &'a [Option<String>],
    group: &'a str,
}

/// The labelled paragraphs of example `doc` with their scores, as metric items.
pub fn scored(example: &Example, scores: &[f32], doc: usize) -> Vec<Scored> {
    example
        .labels
        .iter()
        .zip(scores)
        .enumerate()
        .filter_map(|(i, (label, &score))| {
            let label = (*label)?;
            Some(Scored {
                score,
                label,
                kind: example.kinds.get(i).cloned().flatten(),
                group: example.page_type.clone(),
                doc,
                words: example.words.get(i).copied().unwrap_or(0),
            })
        })
        .collect()
}

/// Out-of-fold scores as metric items: labelled paragraphs only.
pub fn scored_items(examples: &[Example], scores: &[Vec<f32>]) -> Vec<Scored> {
    examples
        .iter()
        .zip(scores)
        .enumerate()
        .flat_map(|(doc, (e, s))| scored(e, s, doc))
        .collect()
}

/// Kinds of inserted text with enough labelled paragraphs to fit an expert on, sorted.
fn expert_kinds(y: &[bool], row_kind: &[Option<&str>]) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for (r, &label) in y.iter().enumerate() {
        if let (true, Some(k)) = (label, row_kind[r]) {
            *counts.entry(k).or_default() += 1;
        }
    }
    // One kind only would duplicate stage 1.
    let kinds: Vec<String> = counts
        .into_iter()
        .filter(|&(_, n)| n >= 20)
        .map(|(k, _)| k.to_string())
        .collect();
    if kinds.len() >= 2 {
        kinds
    } else {
        Vec::new()
    }
}

impl Trainer {
    /// L2 penalty on the standardized weights (the loss is summed over rows); must be > 0.
    /// Defaults to 1.0.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }
    /// Number of document-grouped folds, for both the reported cross-validation and the
    /// out-of-fold estimates inside training. Defaults to 5.
    pub fn folds(mut self, folds: usize) -> Self {
        self.folds = folds;
        self
    }
    /// Seed of the fold assignment. Defaults to 8.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Defaults to 400.
    pub fn max_iterations(mut self, n: u64) -> Self {
        self.max_iterations = n;
        self
    }
    /// Defaults to [`ThresholdRule::MaxF1`].
    pub fn threshold_rule(mut self, rule: ThresholdRule) -> Self {
        self.threshold = rule;
        self
    }
    /// Raise the threshold the rule chose, where needed, until at most this share of the
    /// training documents without a positive get a flag out of fold: false alarms are counted
    /// by the document a reader sees, not only by the paragraph. None (the default) leaves the
    /// rule's threshold.
    pub fn max_clean_share(mut self, share: Option<f64>) -> Self {
        self.max_clean_share = share;
        self
    }
    pub fn vocab_params(mut self, params: VocabParams) -> Self {
        self.vocab = params;
        self
    }
    /// Knots of each input's shape function in the first stage (and the experts) and in the
    /// second: at most this many, at evenly spaced quantiles of the training rows (fewer where
    /// an input has few distinct values; 0 makes every input a straight line). Defaults to 8
    /// and 4.
    pub fn knots(mut self, stage1: usize, stage2: usize) -> Self {
        self.knots = [stage1, stage2];
        self
    }

    fn validate(&self, docs: &[Example]) -> Result<()> {
        if !(self.alpha > 0.0 && self.alpha.is_finite()) {
            return Err(Error::Training(format!(
                "alpha must be > 0, got {}",
                self.alpha
            )));
        }
        if self.folds < 2 {
            return Err(Error::Training(format!(
                "need at least 2 folds, got {}",
                self.folds
            )));
        }
        if let Some(d) = docs.iter().find(|d| !d.is_labelled()) {
            return Err(Error::Training(format!(
                "document {} has no labelled paragraph",
                d.id
            )));
        }
        if docs.len() < self.folds {
            return Err(Error::Training(format!(
                "{} documents cannot be split into {} folds",
                docs.len(),
                self.folds
            )));
        }
        // Documents of one group (one id, or one "group" field) stay in one fold.
        let groups: std::collections::HashSet<&str> =
            docs.iter().map(|d| d.group.as_str()).collect();
        if groups.len() < self.folds {
            return Err(Error::Training(format!(
                "{} documents in {} groups (documents sharing an id or a \"group\" stay in one \
                 fold) cannot be split into {} folds",
                docs.len(),
                groups.len(),
                self.folds
            )));
        }
        let labels = docs.iter().flat_map(|d| d.labels.iter().flatten());
        let pos = labels.clone().filter(|&&l| l).count();
        if pos == 0 || pos == labels.count() {
            return Err(Error::Training(
                "the labels must contain both 0 and 1".into(),
            ));
        }
        Ok(())
    }

    pub fn fit(&self, docs: &[Example]) -> Result<Fitted> {
        self.validate(docs)?;
        let prepared: Vec<Prepared> = docs
            .iter()
            .map(|d| Prepared {
                analysis: &d.analysis,
                labels: d.labels.iter().map(|&l| l == Some(true)).collect(),
                labelled: d.labels.iter().map(Option::is_some).collect(),
                kinds: &d.kinds,
                group: &d.group,
            })
            .collect();
        let folds = group_folds(&prepared, self.folds, self.seed);

        // Outer cross-validation: each fold scored by a model that never saw it.
        type FoldScores = Vec<(usize, Vec<f32>, bool)>;
        let per_fold: Vec<Result<FoldScores>> = (0..self.folds)
            .into_par_iter()
            .map(|k| {
                let train: Vec<usize> = (0..docs.len()).filter(|&d| folds[d] != k).collect();
                let (model, converged) = self
                    .fit_model(&prepared, &train)
                    .map_err(|e| in_fold(e, &format!("cross-validation fold {}", k + 1)))?;
                Ok((0..docs.len())
                    .filter(|&d| folds[d] == k)
                    .map(|d| {
                        let scores = model.score(prepared[d].analysis).scores;
                        (d, scores, converged)
                    })
                    .collect())
            })
            .collect();
        let mut oof: Vec<Vec<f32>> = vec![Vec::new(); docs.len()];
        let mut converged = true;
        for fold in per_fold {
            for (d, scores, c) in fold? {
                oof[d] = scores;
                converged &= c;
            }
        }
        let scored = scored_items(docs, &oof);
        let mut threshold = metrics::choose_threshold(&scored, self.threshold);
        if let Some(share) = self.max_clean_share {
            threshold = threshold.max(metrics::clean_cap(&scored, share));
        }
        let cv = metrics::report(&scored, threshold);

        let all: Vec<usize> = (0..docs.len()).collect();
        let (mut model, c) = self
            .fit_model(&prepared, &all)
            .map_err(|e| in_fold(e, "the final model"))?;
        model.threshold = threshold;
        model.training = TrainingInfo {
            documents: docs.len(),
            paragraphs: scored.len(),
            positives: cv.positives,
            alpha: self.alpha,
            folds: self.folds,
            seed: self.seed,
            knots: self.knots,
            converged: converged && c,
            cv: Some(cv.clone()),
            ..TrainingInfo::default()
        };
        Ok(Fitted { model, cv, oof })
    }

    /// Fit vocabulary, first stage, experts and second stage on the documents `train`.
    fn fit_model(&self, prepared: &[Prepared], train: &[usize]) -> Result<(Model, bool)> {
        let sub: Vec<&Prepared> = train.iter().map(|&d| &prepared[d]).collect();
        let k = self.folds.min(sub.len()).max(2);
        let folds = group_folds_ref(&sub, k, self.seed.wrapping_add(1));

        // Cross-fitted vocabulary features for the training rows.
        let features: Vec<FeatureMatrix> = {
            let vocabs: Vec<Vocab> = (0..k)
                .into_par_iter()
                .map(|f| {
                    self.learn_vocab(
                        sub.iter()
                            .zip(&folds)
                            .filter(|(_, &g)| g != f)
                            .map(|(p, _)| *p),
                    )
                })
                .collect();
            sub.par_iter()
                .zip(&folds)
                .map(|(p, &f)| features::featurize(p.analysis, &vocabs[f]))
                .collect()
        };
        let y: Vec<bool> = sub.iter().flat_map(|p| p.labels.iter().copied()).collect();
        let labelled: Vec<bool> = sub
            .iter()
            .flat_map(|p| p.labelled.iter().copied())
            .collect();
        let row_kind: Vec<Option<&str>> = sub
            .iter()
            .flat_map(|p| p.kinds.iter().map(|k| k.as_deref()))
            .collect();
        let x1 = matrix(
            features
                .iter()
                .flat_map(|m| (0..m.rows()).map(move |i| m.row(i))),
            features::COUNT,
        );
        let row_fold: Vec<usize> = sub
            .iter()
            .zip(&folds)
            .flat_map(|(p, &f)| std::iter::repeat_n(f, p.labels.len()))
            .collect();

        // The tasks: "does not belong" at large, then one expert per kind with enough examples:
        // that kind against content (other inserted kinds left out, content subsampled).
        let kinds = expert_kinds(&y, &row_kind);
        let all_rows: Vec<usize> = (0..y.len()).filter(|&r| labelled[r]).collect();
        let task_rows: Vec<Vec<usize>> = std::iter::once(all_rows.clone())
            .chain(
                kinds
                    .iter()
                    .map(|kind| self.expert_rows(&y, &labelled, &row_kind, kind)),
            )
            .collect();
        let names = features::NAMES;
        let knots1 = knots(&x1, &all_rows, self.knots[0]);
        let pairs1 = pair_files(&x1, &all_rows, stage1_pairs(names));
        let inputs1 = StageInputs {
            x: &x1,
            names,
            knots: &knots1,
            pairs: &pairs1,
        };
        // Each task on all its rows first (the model kept), then on all but each inner fold
        // (for out-of-fold scores), every fit of a stage in parallel. A fold's fit starts from
        // the all-rows fit of its task: four fifths of the same rows, so it has little left to
        // move and stops in a fraction of the iterations.
        let fit_task = |t: usize, f: usize, start: Option<&Stage>| {
            let rows: Vec<usize> = task_rows[t]
                .iter()
                .copied()
                .filter(|&r| f == k || row_fold[r] != f)
                .collect();
            let yy: Vec<bool> = rows.iter().map(|&r| y[r]).collect();
            let task = match t {
                0 => "stage 1".to_string(),
                t => format!("the {} expert", kinds[t - 1]),
            };
            let part = if f == k {
                "all documents".to_string()
            } else {
                format!("inner fold {}", f + 1)
            };
            both_labels(&yy, &format!("{task}, {part}"))?;
            self.fit_stage(&inputs1, &rows, &yy, start)
        };
        let full: Vec<Result<(Stage, bool)>> = (0..task_rows.len())
            .into_par_iter()
            .map(|t| fit_task(t, k, None))
            .collect();
        let full = full.into_iter().collect::<Result<Vec<_>>>()?;
        let jobs: Vec<(usize, usize)> = (0..task_rows.len())
            .flat_map(|t| (0..k).map(move |f| (t, f)))
            .collect();
        let fits: Vec<Result<(Stage, bool)>> = jobs
            .par_iter()
            .map(|&(t, f)| fit_task(t, f, Some(&full[t].0)))
            .collect();
        let mut converged = full.iter().all(|(_, c)| *c);
        let mut stages: Vec<Vec<Stage>> = vec![Vec::new(); task_rows.len()];
        for ((t, _), fit) in jobs.iter().zip(fits) {
            let (stage, c) = fit?;
            converged &= c;
            stages[*t].push(stage);
        }
        for (t, (stage, _)) in full.into_iter().enumerate() {
            stages[t].push(stage);
        }

        // Second-stage rows from out-of-fold first-stage and expert scores.
        let width2 = super::EXPERT_OFFSET + kinds.len();
        let mut x2_rows: Vec<f32> = Vec::with_capacity(y.len() * width2);
        for (m, &f) in features.iter().zip(&folds) {
            let oof = |t: usize| -> Vec<f32> {
                stages[t][f]
                    .logits(&m.data, features::COUNT)
                    .into_iter()
                    .map(super::sigmoid)
                    .collect()
            };
            let experts: Vec<Vec<f32>> = (1..task_rows.len()).map(oof).collect();
            x2_rows.extend(stage2_inputs(m, &oof(0), &experts));
        }
        let names2 = stage2_names(&kinds);
        let names2: Vec<&str> = names2.iter().map(String::as_str).collect();
        let x2 = matrix(
            all_rows
                .iter()
                .map(|&r| &x2_rows[r * width2..(r + 1) * width2]),
            names2.len(),
        );
        let y2: Vec<bool> = all_rows.iter().map(|&r| y[r]).collect();
        let rows2: Vec<usize> = (0..y2.len()).collect();
        let knots2 = knots(&x2, &rows2, self.knots[1]);
        let pairs = pair_files(&x2, &rows2, stage2_pairs(&names2));
        both_labels(&y2, "stage 2")?;
        let inputs2 = StageInputs {
            x: &x2,
            names: &names2,
            knots: &knots2,
            pairs: &pairs,
        };
        let (stage2, c2) = self.fit_stage(&inputs2, &rows2, &y2, None)?;
        converged &= c2;

        let mut finals = stages.into_iter().map(|mut s| s.pop().expect("final fit"));
        let stage1 = finals.next().expect("stage 1");
        let experts = kinds
            .iter()
            .zip(finals)
            .map(|(kind, stage)| Expert {
                kind: kind.clone(),
                stage,
            })
            .collect();
        let vocab = self.learn_vocab(sub.iter().copied());
        Ok((
            Model {
                format: "seam-model".into(),
                version: FORMAT_VERSION,
                name: "seam".into(),
                threshold: 0.5,
                stage1,
                experts,
                stage2,
                vocab,
                training: TrainingInfo::default(),
            },
            converged,
        ))
    }

    /// Rows an expert for `kind` trains on: that kind's paragraphs, and content paragraphs
    /// subsampled to at most 30 per positive (at least 5,000): the intercept shift this causes is
    /// absorbed by the second stage, which is trained on the experts' outputs.
    fn expert_rows(
        &self,
        y: &[bool],
        labelled: &[bool],
        row_kind: &[Option<&str>],
        kind: &str,
    ) -> Vec<usize> {
        let positives = (0..y.len())
            .filter(|&r| y[r] && row_kind[r] == Some(kind))
            .count();
        let negatives = (0..y.len()).filter(|&r| labelled[r] && !y[r]).count();
        let keep = (30 * positives).max(5_000).min(negatives) as f64 / negatives.max(1) as f64;
        (0..y.len())
            .filter(|&r| {
                if !labelled[r] {
                    return false;
                }
                if y[r] {
                    return row_kind[r] == Some(kind);
                }
                let mut state = self.seed ^ (r as u64).wrapping_mul(0x9e37_79b9);
                unit_draw(&mut state) <= keep
            })
            .collect()
    }

    /// Off-topic paragraphs are ordinary text from other documents: their words say what they
    /// are about, not that they are promotional, so they are left out of the vocabulary (which
    /// would otherwise learn the topics of the training set's foreign articles).
    ///
    /// The background document frequencies count every paragraph of every document, labelled or
    /// not: at inference drift sees whole documents, inserts included.
    fn learn_vocab<'a, 'b: 'a>(&self, docs: impl Iterator<Item = &'a Prepared<'b>>) -> Vocab {
        let docs: Vec<&Prepared> = docs.collect();
        let paragraphs = docs.iter().enumerate().flat_map(|(doc, p)| {
            p.analysis
                .tokens
                .paras
                .iter()
                .zip(&p.labels)
                .zip(p.labelled.iter().zip(p.kinds))
                // Off-topic text is off topic by its subject, which says nothing about other
                // documents: its words would teach the vocabulary topics, not promotion.
                .filter(|(_, (&labelled, kind))| labelled && kind.as_deref() != Some("offtopic"))
                .map(move |((para, &label), _)| {
                    let mut words: Vec<&str> = para
                        .words
                        .iter()
                        .map(|&id| p.analysis.tokens.word(id))
                        .collect();
                    words.sort_unstable();
                    words.dedup();
                    (words, label, doc)
                })
        });
        Vocab::learn(paragraphs, self.vocab).with_background(
            docs.iter()
                .map(|p| drift::distinct_stems(&p.analysis.tokens)),
        )
    }

    /// Fit one logistic stage on rows `rows` of `x`, each input through its shape function
    /// (a line and hinges at `knots`), and return it with whether the fit converged. `start`,
    /// a stage of the same inputs and knots fitted on similar rows, is where the optimizer
    /// starts instead of zero.
    fn fit_stage(
        &self,
        inputs: &StageInputs,
        rows: &[usize],
        y: &[bool],
        start: Option<&Stage>,
    ) -> Result<(Stage, bool)> {
        let StageInputs {
            x,
            names,
            knots,
            pairs,
        } = *inputs;
        let mut z = design(x, rows, knots, pairs);
        let n = z.nrows() as f64;
        let mean = z.mean_axis(ndarray::Axis(0)).ok_or_else(|| {
            Error::Training("no labelled paragraph to fit on in a training fold".into())
        })?;
        let std = z
            .std_axis(ndarray::Axis(0), 0.0)
            .mapv(|s| if s > 1e-9 { s } else { 1.0 });
        z -= &mean;
        z /= &std;
        let targets = Array1::from_iter(y.iter().copied());
        let dataset = Dataset::new(z, targets);
        let mut params = LogisticRegression::default();
        if let Some(start) = start {
            params = params.initial_params(warm_start(start, &mean, &std, y));
        }
        let fitted = params
            .alpha(self.alpha)
            .max_iterations(self.max_iterations)
            // linfa's loss is a sum over rows, so its gradient grows with them: scale the
            // tolerance to mean 1e-4 per row, or it is never reached and every fit runs to the
            // iteration cap.
            .gradient_tolerance(1e-4 * n)
            .fit(&dataset)
            .map_err(|e| Error::Training(format!("the logistic fit failed: {e}")))?;
        // linfa reports the weights for its "positive" class, which is the more frequent one.
        let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
        let w: Array1<f64> = fitted.params().mapv(|v| v * sign);
        let b = fitted.intercept() * sign;
        // `fit` returns Ok even when it stops at max_iterations: check the gradient ourselves.
        let z = dataset.records();
        let p = (z.dot(&w) + b).mapv(|v| 1.0 / (1.0 + (-v).exp()));
        let resid = Array1::from_iter(p.iter().zip(y).map(|(&p, &t)| p - t as u8 as f64));
        let grad = z.t().dot(&resid) + &w * self.alpha;
        let converged = grad.iter().all(|g| (g / n).abs() < 1e-3) && (resid.sum() / n).abs() < 1e-3;
        let f32s = |a: &Array1<f64>| a.iter().map(|&v| v as f32).collect::<Vec<_>>();
        let stage = Stage::new(StageFile {
            features: names.iter().map(|s| s.to_string()).collect(),
            knots: knots.to_vec(),
            range: ranges(x, rows),
            pairs: pairs.to_vec(),
            mean: f32s(&mean),
            std: f32s(&std),
            weights: f32s(&w),
            intercept: b as f32,
        })
        .map_err(|e| Error::Training(format!("a fitted stage is unusable: {e}")))?;
        Ok((stage, converged))
    }
}

/// The parameters linfa starts from to refit `start` on other rows, standardized by `mean` and
/// `std`: the same logit, written for the new standardization, in linfa's orientation (it
/// fits the more frequent class, the first seen on a tie) with the intercept last.
fn warm_start(start: &Stage, mean: &Array1<f64>, std: &Array1<f64>, y: &[bool]) -> Array1<f64> {
    let file = start.file();
    // logit = b + sum w (z - m) / s = [b + sum w (m' - m) / s] + sum (w s' / s) z'
    let mut intercept = file.intercept as f64;
    let mut w: Vec<f64> = Vec::with_capacity(mean.len() + 1);
    for (c, (&m2, &s2)) in mean.iter().zip(std).enumerate() {
        let (wc, m, s) = (
            file.weights[c] as f64,
            file.mean[c] as f64,
            file.std[c] as f64,
        );
        intercept += wc * (m2 - m) / s;
        w.push(wc * s2 / s);
    }
    w.push(intercept);
    let positives = y.iter().filter(|&&t| t).count();
    let negatives = y.len() - positives;
    let true_is_pos = positives > negatives || (positives == negatives && y.first() == Some(&true));
    let sign = if true_is_pos { 1.0 } else { -1.0 };
    Array1::from_iter(w.into_iter().map(|v| v * sign))
}

/// Each input's smallest and largest value over `rows`.
fn ranges(x: &Array2<f64>, rows: &[usize]) -> Vec<[f32; 2]> {
    (0..x.ncols())
        .map(|c| {
            let column = x.column(c);
            rows.iter()
                .fold([f32::INFINITY, f32::NEG_INFINITY], |[lo, hi], &r| {
                    let v = column[r] as f32;
                    [lo.min(v), hi.max(v)]
                })
        })
        .collect()
}

/// The design matrix of rows `rows` of `x`: each input's value, then `max(0, x - k)` for each of
/// its knots, input by input (the column layout of a [`StageFile`]).
///
/// Column-major: linfa's gradient is `x.t().dot(residuals)`, and ndarray computes a matrix times
/// a vector row by row, so with `x` stored by columns each of those rows is contiguous and its
/// dot product vectorized. Stored by rows, each was a strided walk down a column: two thirds of
/// the time of fitting.
fn design(x: &Array2<f64>, rows: &[usize], knots: &[Vec<f32>], pairs: &[PairFile]) -> Array2<f64> {
    use ndarray::ShapeBuilder;
    let own: usize = knots.iter().map(|k| 1 + k.len()).sum();
    let columns = own + pairs.iter().map(PairFile::columns).sum::<usize>();
    let mut data = Vec::with_capacity(rows.len() * columns);
    let basis = |c: usize, knot: Option<f32>| {
        let column = x.column(c);
        rows.iter().map(move |&r| match knot {
            None => column[r],
            Some(k) => (column[r] - k as f64).max(0.0),
        })
    };
    for (c, k) in knots.iter().enumerate() {
        data.extend(basis(c, None));
        for &k in k {
            data.extend(basis(c, Some(k)));
        }
    }
    // A basis: the line (no knot), then a hinge per knot.
    let functions = |knots: &[f32]| -> Vec<Option<f32>> {
        std::iter::once(None)
            .chain(knots.iter().map(|&k| Some(k)))
            .collect()
    };
    for p in pairs {
        let [a, b] = p.inputs;
        for u in functions(&p.knots[0]) {
            for v in functions(&p.knots[1]) {
                data.extend(basis(a, u).zip(basis(b, v)).map(|(x, y)| x * y));
            }
        }
    }
    Array2::from_shape_vec((rows.len(), columns).f(), data).expect("rows have the column count")
}

/// Knots per input in a pair's basis.
const PAIR_KNOTS: usize = 3;

/// Pairs of inputs (indices) with their bases' knots, from the rows `rows` of `x`.
fn pair_files(x: &Array2<f64>, rows: &[usize], pairs: Vec<[usize; 2]>) -> Vec<PairFile> {
    if pairs.is_empty() {
        return Vec::new();
    }
    let knots = knots(x, rows, PAIR_KNOTS);
    pairs
        .into_iter()
        .map(|[a, b]| PairFile {
            inputs: [a, b],
            knots: [knots[a].clone(), knots[b].clone()],
        })
        .collect()
}

/// The first stage's pairs (and the experts'), by name: similarity means more on a long
/// paragraph, a run of low similarity reaching an edge means more when the paragraph's words
/// are its own, and promotional words mean more in a paragraph that does not fit.
fn stage1_pairs(names: &[&str]) -> Vec<[usize; 2]> {
    let at = |name: &str| names.iter().position(|n| *n == name);
    [
        ("drift_core_sim", "shape_log_words"),
        ("drift_meaning_window_sim", "shape_log_words"),
        ("context_edge_core_sim", "drift_unique_share"),
        ("drift_window_sim", "promo_learned_max"),
        ("shape_log_words", "context_neighbor_log_words"),
    ]
    .into_iter()
    .filter_map(|(a, b)| Some([at(a)?, at(b)?]))
    .collect()
}

/// The second stage's pairs, by the inputs' names (those present): every two experts (which
/// kind of insert a paragraph looks like is told by how the experts agree, not by each alone),
/// the window's highest first-stage score with each expert (a run of inserts), and length with
/// the drift similarities (drift says more on a long paragraph than on a short one). Chosen from
/// a search on splice-dev of the pairs boosted trees of depth two split on most.
fn stage2_pairs(names: &[&str]) -> Vec<[usize; 2]> {
    let at = |name: &str| names.iter().position(|n| *n == name);
    let experts: Vec<usize> = (0..names.len())
        .filter(|&i| names[i].starts_with("expert_"))
        .collect();
    let mut pairs = Vec::new();
    for (k, &a) in experts.iter().enumerate() {
        for &b in &experts[k + 1..] {
            pairs.push([a, b]);
        }
    }
    if let Some(w) = at("context_score_window_max") {
        pairs.extend(experts.iter().map(|&e| [w, e]));
    }
    if let Some(len) = at("shape_log_words") {
        for d in [
            "drift_core_sim",
            "drift_window_sim",
            "drift_meaning_window_sim",
        ] {
            pairs.extend(at(d).map(|d| [d, len]));
        }
        // A short line between long paragraphs is an insert; among short ones, a list.
        pairs.extend(at("context_neighbor_log_words").map(|n| [len, n]));
    }
    pairs
}

/// Each input's knots: up to `count` evenly spaced quantiles of its values over `rows`
/// (`j / (count + 1)`, linearly interpolated as numpy does), distinct, strictly between the
/// smallest and the largest value (a knot at either end would add a column with no variance).
fn knots(x: &Array2<f64>, rows: &[usize], count: usize) -> Vec<Vec<f32>> {
    (0..x.ncols())
        .map(|c| {
            if count == 0 || rows.is_empty() {
                return Vec::new();
            }
            let mut v: Vec<f64> = rows.iter().map(|&r| x[[r, c]]).collect();
            v.sort_by(f64::total_cmp);
            let (lo, hi) = (v[0] as f32, v[v.len() - 1] as f32);
            let mut out: Vec<f32> = Vec::with_capacity(count);
            for j in 1..=count {
                let h = (v.len() - 1) as f64 * j as f64 / (count + 1) as f64;
                let at = h.floor() as usize;
                let next = v[(at + 1).min(v.len() - 1)];
                let q = (v[at] + (h - at as f64) * (next - v[at])) as f32;
                if q > lo && q < hi && out.last().is_none_or(|&l| q > l) {
                    out.push(q);
                }
            }
            out
        })
        .collect()
}

/// What a stage is fitted on: its inputs (one column of `x` each, named), each input's knots,
/// and its pairs of inputs.
#[derive(Clone, Copy)]
struct StageInputs<'a> {
    x: &'a Array2<f64>,
    names: &'a [&'a str],
    knots: &'a [Vec<f32>],
    pairs: &'a [PairFile],
}

/// Small or lopsided data leaves some fit without rows, or with one label only: say which fit
/// (`what`) and what it lacks (linfa would panic on no rows, and its own message for one label
/// names none of this).
fn both_labels(y: &[bool], what: &str) -> Result<()> {
    let positives = y.iter().filter(|&&l| l).count();
    let lacking = if y.is_empty() {
        "no labelled paragraph"
    } else if positives == 0 {
        "no paragraph labelled 1"
    } else if positives == y.len() {
        "no paragraph labelled 0"
    } else {
        return Ok(());
    };
    Err(Error::Training(format!("{what} has {lacking} to fit on")))
}

/// A fit that lacked data, said with where it happened and what to do.
fn in_fold(e: Error, part: &str) -> Error {
    match e {
        Error::Training(m) => Error::Training(format!(
            "{part}: {m}: too few documents, or too few with each label, for these folds; \
             use fewer folds (--cv) or add labelled documents"
        )),
        e => e,
    }
}

fn matrix<'a>(rows: impl Iterator<Item = &'a [f32]>, cols: usize) -> Array2<f64> {
    let data: Vec<f64> = rows.flat_map(|r| r.iter().map(|&v| v as f64)).collect();
    let n = data.len() / cols;
    Array2::from_shape_vec((n, cols), data).expect("rows have the feature count")
}

/// Document-grouped folds, stratified by whether a document has any positive paragraph.
fn group_folds(docs: &[Prepared<'_>], k: usize, seed: u64) -> Vec<usize> {
    let refs: Vec<&Prepared> = docs.iter().collect();
    group_folds_ref(&refs, k, seed)
}

/// Documents of one group get one fold; groups are stratified by whether any of their
/// documents has a positive paragraph.
fn group_folds_ref(docs: &[&Prepared<'_>], k: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut index: std::collections::HashMap<&str, usize> = Default::default();
    let mut groups: Vec<(bool, u64, usize)> = Vec::new();
    let doc_group: Vec<usize> = docs
        .iter()
        .map(|d| {
            let g = *index.entry(d.group).or_insert_with(|| {
                groups.push((false, splitmix64(&mut state), groups.len()));
                groups.len() - 1
            });
            groups[g].0 |= d.labels.iter().any(|&l| l);
            g
        })
        .collect();
    groups.sort_unstable();
    let mut group_fold = vec![0; groups.len()];
    for (rank, &(_, _, g)) in groups.iter().enumerate() {
        group_fold[g] = rank % k;
    }
    doc_group.iter().map(|&g| group_fold[g]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knots_are_inner_distinct_quantiles() {
        let x = Array2::from_shape_fn((101, 3), |(r, c)| match c {
            0 => r as f64,        // 0..=100: quantiles at 20, 40, 60, 80
            1 => (r % 2) as f64,  // binary: no knots
            _ => (r / 90) as f64, // mostly zero: the quantiles are 0, the minimum
        });
        let rows: Vec<usize> = (0..101).collect();
        let k = knots(&x, &rows, 4);
        assert_eq!(k, [vec![20.0, 40.0, 60.0, 80.0], vec![], vec![]]);
        assert_eq!(
            knots(&x, &rows, 0),
            [vec![], vec![], vec![]] as [Vec<f32>; 3]
        );
        let d = design(&x, &[0, 50], &k, &[]);
        assert_eq!(d.ncols(), 5 + 1 + 1);
        assert_eq!(d.row(1).to_vec(), [50.0, 30.0, 10.0, 0.0, 0.0, 0.0, 0.0]);
        // A pair adds the products of the two bases, the first input's outer.
        let pair = PairFile {
            inputs: [0, 1],
            knots: [vec![20.0], vec![]],
        };
        let d = design(&x, &[0, 51], &k, &[pair]);
        assert_eq!(d.ncols(), 7 + 2);
        assert_eq!(d.row(1).to_vec()[7..], [51.0, 31.0]);
        assert_eq!(d.row(0).to_vec()[7..], [0.0, 0.0]);
    }

    #[test]
    fn second_stage_pairs_are_experts_window_and_length() {
        let names = [
            "drift_window_sim",
            "drift_core_sim",
            "shape_log_words",
            "context_score_window_max",
            "expert_ad",
            "expert_spam",
            "expert_offtopic",
        ];
        let pairs = stage2_pairs(&names);
        assert_eq!(
            pairs,
            [
                [4, 5],
                [4, 6],
                [5, 6],
                [3, 4],
                [3, 5],
                [3, 6],
                [1, 2],
                [0, 2]
            ]
        );
        assert!(stage2_pairs(&["drift_window_sim"]).is_empty());
    }

    #[test]
    fn folds_keep_documents_whole_and_balanced() {
        let empty = Analysis::default();
        let groups: Vec<String> = (0..10).map(|i| format!("d{i}")).collect();
        let docs: Vec<Prepared> = (0..10)
            .map(|i| Prepared {
                analysis: &empty,
                labels: vec![i % 2 == 0; 3],
                labelled: vec![true; 3],
                kinds: &[],
                group: &groups[i],
            })
            .collect();
        let f = group_folds(&docs, 5, 1);
        for k in 0..5 {
            assert_eq!(f.iter().filter(|&&x| x == k).count(), 2);
        }
        assert_eq!(f, group_folds(&docs, 5, 1));
    }

    #[test]
    fn documents_of_one_group_share_a_fold() {
        let empty = Analysis::default();
        let groups: Vec<String> = (0..12).map(|i| format!("page{}", i / 2)).collect();
        let docs: Vec<Prepared> = (0..12)
            .map(|i| Prepared {
                analysis: &empty,
                labels: vec![i % 3 == 0; 2],
                labelled: vec![true; 2],
                kinds: &[],
                group: &groups[i],
            })
            .collect();
        let f = group_folds(&docs, 3, 8);
        for pair in f.chunks(2) {
            assert_eq!(pair[0], pair[1], "{f:?}");
        }
        assert_eq!(f.iter().collect::<std::collections::HashSet<_>>().len(), 3);
    }
}
