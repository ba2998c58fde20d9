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
use super::{stage2_inputs, stage2_names, Expert, Model, Stage, TrainingInfo, FORMAT_VERSION};
use crate::error::{Error, Result};
use crate::features::{
    self, drift, tokens::DocTokens, vocab::Vocab, vocab::VocabParams, FeatureMatrix,
};
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
    vocab: VocabParams,
}

impl Default for Trainer {
    fn default() -> Self {
        Trainer {
            alpha: 1.0,
            folds: 5,
            seed: 8,
            max_iterations: 400,
            threshold: ThresholdRule::MaxF1,
            vocab: VocabParams::default(),
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
    pub tokens: DocTokens,
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
    tokens: &'a DocTokens,
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
    pub fn vocab_params(mut self, params: VocabParams) -> Self {
        self.vocab = params;
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
                tokens: &d.tokens,
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
                        let f = features::featurize(prepared[d].tokens, &model.vocab);
                        let scores = model.score_features(DocTokens::default(), f).scores;
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
        let threshold = metrics::choose_threshold(&scored, self.threshold);
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
                .map(|(p, &f)| features::featurize(p.tokens, &vocabs[f]))
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
        // Every (task, fold) fit, plus each task on all rows (fold = k), in parallel.
        let jobs: Vec<(usize, usize)> = (0..task_rows.len())
            .flat_map(|t| (0..=k).map(move |f| (t, f)))
            .collect();
        let fits: Vec<Result<(Stage, bool)>> = jobs
            .par_iter()
            .map(|&(t, f)| {
                let rows: Vec<usize> = task_rows[t]
                    .iter()
                    .copied()
                    .filter(|&r| f == k || row_fold[r] != f)
                    .collect();
                let x = x1.select(ndarray::Axis(0), &rows);
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
                self.fit_stage(&x, &yy, names, &format!("{task}, {part}"))
            })
            .collect();
        let mut converged = true;
        let mut stages: Vec<Vec<Stage>> = vec![Vec::new(); task_rows.len()];
        for ((t, _), fit) in jobs.iter().zip(fits) {
            let (stage, c) = fit?;
            converged &= c;
            stages[*t].push(stage);
        }

        // Second-stage rows from out-of-fold first-stage and expert scores.
        let width2 = super::EXPERT_OFFSET + kinds.len();
        let mut x2_rows: Vec<f32> = Vec::with_capacity(y.len() * width2);
        for (m, &f) in features.iter().zip(&folds) {
            let oof = |t: usize| -> Vec<f32> {
                (0..m.rows())
                    .map(|i| super::sigmoid(stages[t][f].logit(m.row(i))))
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
        let (stage2, c2) = self.fit_stage(&x2, &y2, &names2, "stage 2")?;
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
            p.tokens
                .paras
                .iter()
                .zip(&p.labels)
                .zip(p.labelled.iter().zip(p.kinds))
                // Off-topic text is off topic by its subject, which says nothing about other
                // documents: its words would teach the vocabulary topics, not promotion.
                .filter(|(_, (&labelled, kind))| labelled && kind.as_deref() != Some("offtopic"))
                .map(move |((para, &label), _)| {
                    let mut words: Vec<&str> =
                        para.words.iter().map(|&id| p.tokens.word(id)).collect();
                    words.sort_unstable();
                    words.dedup();
                    (words, label, doc)
                })
        });
        Vocab::learn(paragraphs, self.vocab)
            .with_background(docs.iter().map(|p| drift::distinct_stems(p.tokens)))
    }

    /// Standardize, fit one logistic stage, and return it with whether the fit converged.
    fn fit_stage(
        &self,
        x: &Array2<f64>,
        y: &[bool],
        names: &[&str],
        what: &str,
    ) -> Result<(Stage, bool)> {
        // Small or lopsided data leaves some fit without rows, or with one label only: say
        // which fit and what it lacks (linfa would panic on no rows, and its own message for
        // one label names none of this).
        let positives = y.iter().filter(|&&l| l).count();
        let lacking = if y.is_empty() {
            Some("no labelled paragraph")
        } else if positives == 0 {
            Some("no paragraph labelled 1")
        } else if positives == y.len() {
            Some("no paragraph labelled 0")
        } else {
            None
        };
        if let Some(lacking) = lacking {
            return Err(Error::Training(format!("{what} has {lacking} to fit on")));
        }
        let n = x.nrows() as f64;
        let mean = x.mean_axis(ndarray::Axis(0)).expect("rows > 0");
        let std = x
            .std_axis(ndarray::Axis(0), 0.0)
            .mapv(|s| if s > 1e-9 { s } else { 1.0 });
        let z = (x - &mean) / &std;
        let targets = Array1::from_iter(y.iter().copied());
        let dataset = Dataset::new(z.clone(), targets);
        let fitted = LogisticRegression::default()
            .alpha(self.alpha)
            .max_iterations(self.max_iterations)
            // linfa's loss is a sum over rows, so its gradient grows with them: scale the
            // tolerance to mean 1e-4 per row, or it is never reached and every fit runs to the
            // iteration cap.
            .gradient_tolerance(1e-4 * n)
            .fit(&dataset)
            .map_err(|e| Error::Training(format!("{what}: the logistic fit failed: {e}")))?;
        // linfa reports the weights for its "positive" class, which is the more frequent one.
        let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
        let w: Array1<f64> = fitted.params().mapv(|v| v * sign);
        let b = fitted.intercept() * sign;
        // `fit` returns Ok even when it stops at max_iterations: check the gradient ourselves.
        let p = (z.dot(&w) + b).mapv(|v| 1.0 / (1.0 + (-v).exp()));
        let resid = Array1::from_iter(p.iter().zip(y).map(|(&p, &t)| p - t as u8 as f64));
        let grad = z.t().dot(&resid) + &w * self.alpha;
        let converged = grad.iter().all(|g| (g / n).abs() < 1e-3) && (resid.sum() / n).abs() < 1e-3;
        let f32s = |a: &Array1<f64>| a.iter().map(|&v| v as f32).collect::<Vec<_>>();
        Ok((
            Stage {
                features: names.iter().map(|s| s.to_string()).collect(),
                mean: f32s(&mean),
                std: f32s(&std),
                weights: f32s(&w),
                intercept: b as f32,
            },
            converged,
        ))
    }
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
    fn folds_keep_documents_whole_and_balanced() {
        let empty = DocTokens::default();
        let groups: Vec<String> = (0..10).map(|i| format!("d{i}")).collect();
        let docs: Vec<Prepared> = (0..10)
            .map(|i| Prepared {
                tokens: &empty,
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
        let empty = DocTokens::default();
        let groups: Vec<String> = (0..12).map(|i| format!("page{}", i / 2)).collect();
        let docs: Vec<Prepared> = (0..12)
            .map(|i| Prepared {
                tokens: &empty,
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
