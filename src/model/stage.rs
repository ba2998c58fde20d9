//! One logistic stage over named inputs, each through a shape function: a straight line plus
//! hinges `max(0, x - knot)` at a few knots (quantiles of the training data). The logit is
//! a sum of one term per input, so every input's share of a score is its own term, and a
//! reason still names one input; but an input's effect can bend: a long paragraph is not ever
//! more suspicious for each extra word, a similarity of 0.05 is not half as bad as one of 0.
//!
//! The file keeps what was fitted (per expanded column: mean, std, weight, over standardized
//! columns `x, max(0, x - k1), ...`); scoring uses the same function folded into one constant
//! and one slope per column, `term(x) = c + a0 x + sum_j a_j max(0, x - k_j)`.
//!
//! A stage may also have a few *pairs*: two inputs whose joint effect is not the sum of their
//! own (an ad expert and a boilerplate expert both a little raised say more together than
//! either alone). A pair's term is a function of both, the products of their bases (a line and
//! a few hinges each); a reason gives half of it to each of the two.

use crate::error::{Error, Result};
use crate::features::FeatureFamily;
use serde::{Deserialize, Serialize};

/// A stage as the model file stores it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StageFile {
    pub features: Vec<String>,
    /// Per input: the knots of its hinges, ascending; empty for a straight line.
    #[serde(default)]
    pub knots: Vec<Vec<f32>>,
    /// Per input: the smallest and largest value the training rows had. A value outside is
    /// taken as the nearest end: a shape function is not extrapolated beyond what it was fitted
    /// on (a 1,200-word block on a page of three-word links is scored as the longest blocks of
    /// the training data were, not as a line continued to 1,200 words). Empty: no limits.
    #[serde(default)]
    pub range: Vec<[f32; 2]>,
    /// Interactions, after the inputs' own columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<PairFile>,
    /// Per expanded column (an input's line, then its hinges, input by input; then each pair's
    /// products, first input's basis outer).
    pub mean: Vec<f32>,
    pub std: Vec<f32>,
    pub weights: Vec<f32>,
    pub intercept: f32,
}

/// Two inputs (indices into `features`) and the knots of each one's basis in their products.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PairFile {
    pub inputs: [usize; 2],
    pub knots: [Vec<f32>; 2],
}

impl PairFile {
    /// Columns of the pair: one per product of a basis function of each input.
    pub fn columns(&self) -> usize {
        (1 + self.knots[0].len()) * (1 + self.knots[1].len())
    }
}

/// A pair, folded for scoring: `c + sum_uv a_uv phi_u(x) psi_v(y)`.
#[derive(Debug, Clone, PartialEq)]
struct Pair {
    inputs: [usize; 2],
    knots: [Vec<f32>; 2],
    /// Row-major by the first input's basis.
    slopes: Vec<f32>,
    constant: f32,
}

/// `max(0, x)` as one instruction: `f32::max` also orders NaN, which costs four more in the
/// hot loops and cannot arise here (inputs are clamped to finite ranges; a NaN input gives 0
/// either way).
#[inline(always)]
fn relu(x: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// Hinge bases of at most this many knots in a pair, so a pair's basis fits an array.
const PAIR_KNOTS: usize = 7;

impl Pair {
    /// The pair's term at clamped values `x` and `y`.
    fn term(&self, x: f32, y: f32) -> f32 {
        self.terms(&[x; ROWS], &[y; ROWS])[0]
    }

    /// The term of eight rows of clamped values at once.
    #[inline(always)]
    fn terms(&self, x: &[f32; ROWS], y: &[f32; ROWS]) -> [f32; ROWS] {
        let basis = |v: &[f32; ROWS], knots: &[f32]| {
            let mut basis = [[0f32; ROWS]; PAIR_KNOTS + 1];
            basis[0] = *v;
            for (b, k) in basis[1..].iter_mut().zip(knots) {
                *b = v.map(|v| relu(v - k));
            }
            basis
        };
        let (bx, by) = (basis(x, &self.knots[0]), basis(y, &self.knots[1]));
        let ny = 1 + self.knots[1].len();
        let mut t = [self.constant; ROWS];
        for (bx, slopes) in bx.iter().zip(self.slopes.chunks(ny)) {
            for (by, s) in by.iter().zip(slopes) {
                for r in 0..ROWS {
                    t[r] += s * bx[r] * by[r];
                }
            }
        }
        t
    }
}

/// One logistic stage, ready to score: `p = sigmoid(intercept + sum_f term_f(x_f))`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "StageFile", try_from = "StageFile")]
pub struct Stage {
    file: StageFile,
    /// Per input: where its knots and slopes start in `knots` and `slopes` (one more entry at
    /// the end). Input f has `start[f+1] - start[f]` knots and one more slope.
    start: Vec<usize>,
    knots: Vec<f32>,
    /// Per input: the line's slope, then one per knot.
    slopes: Vec<f32>,
    /// Per input: the constant of its term (`-sum w m / s` over its columns).
    constants: Vec<f32>,
    /// Per input: the range its value is clamped to.
    range: Vec<[f32; 2]>,
    pairs: Vec<Pair>,
    /// The same terms laid out for scoring many rows: every input's line and every hinge as
    /// one flat list (those of weight zero left out), and every constant summed into one.
    lines: Vec<(usize, f32)>,
    hinges: Vec<Hinge>,
    constant: f32,
}

/// One hinge of one input's shape: `slope * max(0, x - knot)`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Hinge {
    input: usize,
    knot: f32,
    slope: f32,
}

/// `acc += slope * x`, row by row.
#[inline(always)]
fn add_line(acc: &mut [f32; ROWS], x: &[f32; ROWS], slope: f32) {
    for (a, &x) in acc.iter_mut().zip(x) {
        *a += slope * x;
    }
}

/// `acc += slope * max(0, x - knot)`, row by row.
#[inline(always)]
fn add_hinge(acc: &mut [f32; ROWS], x: &[f32; ROWS], h: &Hinge) {
    let (slope, knot) = (h.slope, h.knot);
    for (a, &x) in acc.iter_mut().zip(x) {
        *a += slope * relu(x - knot);
    }
}

/// Independent running sums per row in [`Stage::logits_of`]: one sum would wait on the
/// previous addition at every term.
const LANES: usize = 4;

impl From<Stage> for StageFile {
    fn from(s: Stage) -> StageFile {
        let mut file = s.file;
        if file
            .range
            .iter()
            .all(|r| r[0] == f32::NEG_INFINITY && r[1] == f32::INFINITY)
        {
            // JSON has no infinities: a stage without limits is written without ranges.
            file.range.clear();
        }
        file
    }
}

impl TryFrom<StageFile> for Stage {
    type Error = String;

    fn try_from(file: StageFile) -> std::result::Result<Stage, String> {
        Stage::new(file)
    }
}

/// Rows summed side by side by [`Stage::logits_of`].
const ROWS: usize = 8;

impl Stage {
    /// Check a stage's shapes and values and fold it for scoring.
    pub fn new(mut file: StageFile) -> std::result::Result<Stage, String> {
        let n = file.features.len();
        if file.knots.is_empty() {
            file.knots = vec![Vec::new(); n];
        }
        if file.range.is_empty() {
            file.range = vec![[f32::NEG_INFINITY, f32::INFINITY]; n];
        }
        if file.range.len() != n
            || file
                .range
                .iter()
                .any(|r| r[0].is_nan() || r[1].is_nan() || r[0] > r[1])
        {
            return Err(format!(
                "{n} features but {} ranges, or a range that is not [low, high]",
                file.range.len()
            ));
        }
        if file.knots.len() != n {
            return Err(format!("{n} features but knots for {}", file.knots.len()));
        }
        for p in &file.pairs {
            if p.inputs.iter().any(|&i| i >= n) || p.inputs[0] == p.inputs[1] {
                return Err(format!("a pair of inputs {:?} of {n}", p.inputs));
            }
            if p.knots.iter().any(|k| k.len() > PAIR_KNOTS) {
                return Err(format!(
                    "a pair with more than {PAIR_KNOTS} knots per input"
                ));
            }
        }
        let own: usize = file.knots.iter().map(|k| 1 + k.len()).sum();
        let columns = own + file.pairs.iter().map(PairFile::columns).sum::<usize>();
        if file.mean.len() != columns || file.std.len() != columns || file.weights.len() != columns
        {
            return Err(format!(
                "{n} features with {columns} columns but {} means, {} stds, {} weights",
                file.mean.len(),
                file.std.len(),
                file.weights.len()
            ));
        }
        // A bad number is named by its column's input: each input's line and hinges, then the
        // pairs' columns.
        let column_input = |c: usize| -> String {
            let mut at = 0;
            for (f, k) in file.features.iter().zip(&file.knots) {
                at += 1 + k.len();
                if c < at {
                    return format!("feature {f}");
                }
            }
            "a pair".into()
        };
        let columns_of = [
            ("mean", &file.mean),
            ("std", &file.std),
            ("weight", &file.weights),
        ];
        for (column, values) in columns_of {
            for (c, &v) in values.iter().enumerate() {
                let bad = if !v.is_finite() {
                    "is not a finite number"
                } else if column == "std" && v <= 0.0 {
                    "must be > 0"
                } else {
                    continue;
                };
                return Err(format!("the {column} of {} ({v}) {bad}", column_input(c)));
            }
        }
        if !file.intercept.is_finite() {
            return Err(format!(
                "the intercept ({}) is not a finite number",
                file.intercept
            ));
        }
        let pair_knots = file.pairs.iter().flat_map(|p| &p.knots);
        for (f, k) in file
            .features
            .iter()
            .zip(&file.knots)
            .chain(std::iter::repeat(&"a pair".to_string()).zip(pair_knots))
        {
            if k.iter().any(|v| !v.is_finite()) || k.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!("the knots of {f} are not finite and ascending"));
            }
        }
        let mut stage = Stage {
            range: file.range.clone(),
            start: Vec::with_capacity(n + 1),
            knots: Vec::with_capacity(own - n),
            slopes: Vec::with_capacity(own),
            constants: Vec::with_capacity(n),
            pairs: Vec::with_capacity(file.pairs.len()),
            lines: Vec::new(),
            hinges: Vec::new(),
            constant: file.intercept,
            file,
        };
        let mut col = 0;
        for k in &stage.file.knots {
            stage.start.push(stage.knots.len());
            stage.knots.extend_from_slice(k);
            let mut constant = 0.0f32;
            for c in col..col + 1 + k.len() {
                let (w, m, s) = (stage.file.weights[c], stage.file.mean[c], stage.file.std[c]);
                stage.slopes.push(w / s);
                constant -= w * m / s;
            }
            stage.constants.push(constant);
            stage.constant += constant;
            let f = stage.constants.len() - 1;
            let slopes = &stage.slopes[stage.slopes.len() - 1 - k.len()..];
            if slopes[0] != 0.0 {
                stage.lines.push((f, slopes[0]));
            }
            for (&slope, &knot) in slopes[1..].iter().zip(k) {
                if slope != 0.0 {
                    stage.hinges.push(Hinge {
                        input: f,
                        knot,
                        slope,
                    });
                }
            }
            col += 1 + k.len();
        }
        stage.start.push(stage.knots.len());
        for p in &stage.file.pairs {
            let mut pair = Pair {
                inputs: p.inputs,
                knots: p.knots.clone(),
                slopes: Vec::with_capacity(p.columns()),
                constant: 0.0,
            };
            for c in col..col + p.columns() {
                let (w, m, s) = (stage.file.weights[c], stage.file.mean[c], stage.file.std[c]);
                pair.slopes.push(w / s);
                pair.constant -= w * m / s;
            }
            col += p.columns();
            stage.pairs.push(pair);
        }
        Ok(stage)
    }

    /// What the model file stores. (Unlimited ranges are stored as no ranges at all.)
    pub fn file(&self) -> &StageFile {
        &self.file
    }

    pub fn features(&self) -> &[String] {
        &self.file.features
    }

    pub fn intercept(&self) -> f32 {
        self.file.intercept
    }

    /// Move the intercept (to make a stage flag more or less readily).
    pub fn shift(&mut self, by: f32) {
        self.file.intercept += by;
        self.constant += by;
    }

    /// Whether the stage can tell apart two values of some input of `family`: one whose range,
    /// the values its training rows had, is more than a point. An input trained on one value
    /// (the text model's `structure_*`, always 0 in plain text) is clamped to it, so what it is
    /// given does not matter and need not be computed.
    pub fn reads(&self, family: FeatureFamily) -> bool {
        self.file
            .features
            .iter()
            .zip(&self.range)
            .any(|(name, [lo, hi])| FeatureFamily::of_name(name) == Some(family) && lo < hi)
    }

    /// Input `f`'s value, clamped to its range.
    #[inline(always)]
    fn clamped(&self, f: usize, x: f32) -> f32 {
        let [lo, hi] = self.range[f];
        x.clamp(lo, hi)
    }

    /// Input `f`'s term at value `x`.
    #[inline(always)]
    fn term(&self, f: usize, x: f32) -> f32 {
        let x = self.clamped(f, x);
        let (a, b) = (self.start[f], self.start[f + 1]);
        let slopes = &self.slopes[a + f..b + f + 1];
        let mut t = self.constants[f] + slopes[0] * x;
        for (s, k) in slopes[1..].iter().zip(&self.knots[a..b]) {
            t += s * relu(x - k);
        }
        t
    }

    /// The logit of one row of inputs ([`Stage::logits`] of a matrix of one row).
    pub fn logit(&self, x: &[f32]) -> f32 {
        self.logits(x, x.len())[0]
    }

    /// [`Stage::logit`] of every row of a row-major matrix, bit for bit.
    pub fn logits(&self, data: &[f32], width: usize) -> Vec<f32> {
        self.logits_of(&Columns::new(data, width))
    }

    /// [`Stage::logits`] of a matrix already cut into [`Columns`]: the first stage's models
    /// all read the same features, so they share one transposition.
    pub fn logits_of(&self, m: &Columns) -> Vec<f32> {
        logits_of(self, m)
    }

    /// Eight rows at a time, each as a vector operation: the inputs clamped once, then every
    /// line, hinge and pair added in list order into [`LANES`] sums taken in turn, and the
    /// sums added last. Every row goes through the same operations in the same order, so a
    /// row's logit does not depend on the rows beside it ([`Stage::logit`] is this on one).
    #[inline(always)]
    fn logits_of_here(&self, m: &Columns) -> Vec<f32> {
        let n = self.file.features.len().min(m.width);
        let mut out = Vec::with_capacity(m.rows);
        let mut xs = vec![[0f32; ROWS]; n];
        for (b, block) in m.blocks.chunks(m.width.max(1)).enumerate() {
            let rows = (m.rows - b * ROWS).min(ROWS);
            for ((x, column), [lo, hi]) in xs.iter_mut().zip(block).zip(&self.range) {
                *x = column.map(|v| v.clamp(*lo, *hi));
            }
            // Four sums in locals (an array of them indexed by lane defeats vectorization).
            let (mut a0, mut a1, mut a2, mut a3) = (
                [self.constant; ROWS],
                [0f32; ROWS],
                [0f32; ROWS],
                [0f32; ROWS],
            );
            let mut lines = self.lines.chunks_exact(LANES);
            for l in &mut lines {
                add_line(&mut a0, &xs[l[0].0], l[0].1);
                add_line(&mut a1, &xs[l[1].0], l[1].1);
                add_line(&mut a2, &xs[l[2].0], l[2].1);
                add_line(&mut a3, &xs[l[3].0], l[3].1);
            }
            for (acc, &(f, slope)) in [&mut a0, &mut a1, &mut a2, &mut a3]
                .into_iter()
                .zip(lines.remainder())
            {
                add_line(acc, &xs[f], slope);
            }
            let mut hinges = self.hinges.chunks_exact(LANES);
            for h in &mut hinges {
                add_hinge(&mut a0, &xs[h[0].input], &h[0]);
                add_hinge(&mut a1, &xs[h[1].input], &h[1]);
                add_hinge(&mut a2, &xs[h[2].input], &h[2]);
                add_hinge(&mut a3, &xs[h[3].input], &h[3]);
            }
            for (acc, h) in [&mut a0, &mut a1, &mut a2, &mut a3]
                .into_iter()
                .zip(hinges.remainder())
            {
                add_hinge(acc, &xs[h.input], h);
            }
            for (k, p) in self.pairs.iter().enumerate() {
                let t = p.terms(&xs[p.inputs[0]], &xs[p.inputs[1]]);
                let acc = match k % LANES {
                    0 => &mut a0,
                    1 => &mut a1,
                    2 => &mut a2,
                    _ => &mut a3,
                };
                for r in 0..ROWS {
                    acc[r] += t[r];
                }
            }
            out.extend((0..rows).map(|r| (a0[r] + a1[r]) + (a2[r] + a3[r])));
        }
        out
    }

    /// Each input's term: its share of the logit, relative to an average paragraph of the
    /// training data (whose terms average zero). A pair's term is shared half and half by its
    /// two inputs.
    pub fn contributions(&self, x: &[f32]) -> Vec<f32> {
        let n = self.file.features.len().min(x.len());
        let mut c: Vec<f32> = (0..n).map(|f| self.term(f, x[f])).collect();
        for p in &self.pairs {
            let [a, b] = p.inputs;
            let t = p.term(self.clamped(a, x[a]), self.clamped(b, x[b]));
            c[a] += t / 2.0;
            c[b] += t / 2.0;
        }
        c
    }

    /// [`Stage::contributions`], with each input that `from_zero` names measured from its value
    /// 0 instead of from the average paragraph: for an input whose 0 means "absent" (no
    /// heading, no links, a block built like no other), so that its absence is never a term.
    /// Against the average, a block that is not a heading gains where the average block of the
    /// training pages is one, and would be explained as "a heading".
    pub fn contributions_from_zero(
        &self,
        x: &[f32],
        from_zero: impl Fn(usize) -> bool,
    ) -> Vec<f32> {
        let mut c = self.contributions(x);
        for (f, v) in c.iter_mut().enumerate() {
            if from_zero(f) {
                *v -= self.term(f, 0.0);
            }
        }
        c
    }

    /// Check the inputs' names against the ones this build computes.
    pub(crate) fn check(&self, origin: &str, expected: &[&str]) -> Result<()> {
        let names = &self.file.features;
        if names
            .iter()
            .map(String::as_str)
            .ne(expected.iter().copied())
        {
            let at = names
                .iter()
                .zip(expected)
                .position(|(a, b)| a != b)
                .unwrap_or(names.len().min(expected.len()));
            return Err(Error::FeatureMismatch {
                origin: origin.to_string(),
                model_count: names.len(),
                code_count: expected.len(),
                model_first_diff: names
                    .get(at)
                    .map_or("ends there".into(), |s| format!("first differing: {s}")),
                code_first_diff: expected
                    .get(at)
                    .map_or("ends there".into(), |s| format!("first differing: {s}")),
            });
        }
        Ok(())
    }
}

crate::cpu::wide_fn! {
    fn logits_of(stage: &Stage, m: &Columns) -> Vec<f32> = Stage::logits_of_here;
}

crate::cpu::wide_fn! {
    fn columns_new(data: &[f32], width: usize) -> Columns = Columns::new_here;
}

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
        columns_new(data, width)
    }

    #[inline(always)]
    fn new_here(data: &[f32], width: usize) -> Columns {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(knots: Vec<Vec<f32>>, weights: Vec<f32>) -> Stage {
        let columns = weights.len();
        Stage::new(StageFile {
            features: (0..knots.len()).map(|i| format!("f{i}")).collect(),
            knots,
            range: Vec::new(),
            pairs: Vec::new(),
            mean: (0..columns).map(|c| 0.1 * c as f32).collect(),
            std: (0..columns).map(|c| 1.0 + 0.5 * c as f32).collect(),
            weights,
            intercept: -1.5,
        })
        .unwrap()
    }

    #[test]
    fn a_term_is_the_standardized_sum_of_its_columns() {
        let s = stage(vec![vec![0.2, 0.5], vec![]], vec![1.0, -2.0, 3.0, 0.7]);
        for x in [-1.0f32, 0.0, 0.2, 0.3, 0.5, 0.9] {
            let cols = [x, (x - 0.2).max(0.0), (x - 0.5).max(0.0)];
            let want: f32 = (0..3)
                .map(|c| s.file.weights[c] * (cols[c] - s.file.mean[c]) / s.file.std[c])
                .sum();
            let got = s.contributions(&[x, 0.0])[0];
            assert!((got - want).abs() < 1e-5, "x {x}: {got} vs {want}");
        }
        // The second input is a straight line.
        let c = s.contributions(&[0.0, 2.0])[1];
        let want = 0.7 * (2.0 - 0.3) / 2.5;
        assert!((c - want).abs() < 1e-6);
    }

    #[test]
    fn logits_of_a_matrix_are_logit_of_each_row_bit_for_bit() {
        let s = stage(
            vec![vec![-1.0, 0.0, 2.5], vec![], vec![0.5]],
            vec![0.3, -1.2, 0.8, 2.0, -0.4, 1.1, -0.9],
        );
        let width = 3;
        // 19 rows: two full blocks of eight and a partial one.
        let data: Vec<f32> = (0..19 * width)
            .map(|k| ((k * 7919 % 1013) as f32 - 500.0) / 137.0)
            .collect();
        let all = s.logits(&data, width);
        assert_eq!(all.len(), 19);
        for (r, z) in all.iter().enumerate() {
            let one = s.logit(&data[r * width..(r + 1) * width]);
            assert_eq!(z.to_bits(), one.to_bits(), "row {r}");
        }
    }

    #[test]
    fn a_pair_adds_a_joint_term_shared_by_its_inputs() {
        let mut file = stage(vec![vec![0.5], vec![]], vec![1.0, 2.0, 3.0])
            .file
            .clone();
        file.pairs = vec![PairFile {
            inputs: [0, 1],
            knots: [vec![0.5], vec![]],
        }];
        // Columns x*y and max(0, x - 0.5)*y.
        file.mean.extend([0.0, 0.0]);
        file.std.extend([1.0, 1.0]);
        file.weights.extend([0.5, -1.0]);
        let s = Stage::new(file).unwrap();
        let (x, y) = (0.9f32, 2.0f32);
        let joint = 0.5 * x * y - 1.0 * (x - 0.5) * y;
        let alone = stage(vec![vec![0.5], vec![]], vec![1.0, 2.0, 3.0]);
        let c = s.contributions(&[x, y]);
        let c0 = alone.contributions(&[x, y]);
        assert!((c[0] - c0[0] - joint / 2.0).abs() < 1e-5);
        assert!((c[1] - c0[1] - joint / 2.0).abs() < 1e-5);
        assert!((s.logit(&[x, y]) - alone.logit(&[x, y]) - joint).abs() < 1e-5);
        // A matrix of rows sums the pair as logit does, bit for bit.
        let data = [x, y, 0.1, -3.0, 7.0, 0.4];
        for (r, z) in s.logits(&data, 2).iter().enumerate() {
            assert_eq!(z.to_bits(), s.logit(&data[2 * r..2 * r + 2]).to_bits());
        }
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Stage>(&json).unwrap(), s);
    }

    #[test]
    fn values_outside_the_training_range_count_as_its_ends() {
        let mut file = stage(vec![vec![0.5]], vec![1.0, 2.0]).file.clone();
        file.range = vec![[0.0, 2.0]];
        let s = Stage::new(file).unwrap();
        assert_eq!(s.contributions(&[5.0]), s.contributions(&[2.0]));
        assert_eq!(s.contributions(&[-3.0]), s.contributions(&[0.0]));
        assert_ne!(s.contributions(&[1.0]), s.contributions(&[2.0]));
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"range\":[[0.0,2.0]]"), "{json}");
        assert_eq!(serde_json::from_str::<Stage>(&json).unwrap(), s);
    }

    #[test]
    fn bad_stages_are_refused_with_the_reason() {
        let file = stage(vec![vec![0.5], vec![]], vec![1.0, 2.0, 3.0])
            .file
            .clone();
        let mut short = file.clone();
        short.weights.pop();
        assert!(Stage::new(short).unwrap_err().contains("2 weights"));
        let mut nan = file.clone();
        nan.std[1] = f32::NAN;
        let err = Stage::new(nan).unwrap_err();
        // Column 1 is the first input's hinge: named by its input.
        assert!(err.contains("the std of feature f0"), "{err}");
        assert!(err.contains("is not a finite number"), "{err}");
        let mut unordered = file.clone();
        unordered.knots[0] = vec![0.5, 0.1];
        unordered.mean.push(0.0);
        unordered.std.push(1.0);
        unordered.weights.push(0.0);
        assert!(Stage::new(unordered).unwrap_err().contains("ascending"));
        // A file round-trips through JSON.
        let s = Stage::new(file).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Stage>(&json).unwrap(), s);
    }
}
