//! Context: what the neighbours look like. Inserted text comes in runs and boilerplate sits at
//! the edges, so a paragraph's neighbours say something about it.
//!
//! Two kinds: neighbour values of first-stage features (computed here with the other features),
//! and the second stage's inputs, the neighbours' first-stage scores (jusText's second pass as a
//! logistic stage), computed from the scores by [`score_context`].

/// Names of the second-stage inputs, appended after the first-stage features.
///
/// No document-wide or edge-run mean of all the scores: out of fold they only ever took
/// negative weights (a document suspicious throughout was a listing in the training data) and,
/// far outside what training saw, they pulled a half-footer document's whole trailer under the
/// threshold (seed 002). Without them, F1 0.788 -> 0.793 in the same cross-validation.
///
/// `context_score_content_mean` is the mean over only the paragraphs that look like content
/// (first-stage score below [`CONTENT_SCORE`]), which a trailer of any length does not move. It
/// says how content scores on this page: on product and listing pages even the main text
/// scores high, and the furniture only a little higher. In a stacker on the HTML model's
/// out-of-fold scores it raised kept-text F1 0.832 -> 0.849; on splice-dev it took a weight of
/// about zero (F1 0.808 either way).
pub const SCORE_NAMES: [&str; 4] = [
    "context_score_prev",
    "context_score_next",
    "context_score_window_max",
    "context_score_content_mean",
];

/// The first this many of [`SCORE_NAMES`] are neighbours' scores; the content mean follows.
pub const NEIGHBOR_SCORES: usize = 3;

/// First-stage score under which a paragraph counts as clear content for
/// `context_score_content_mean`. Any cut from 0.2 to 0.4 did as well in the stacker.
pub const CONTENT_SCORE: f32 = 0.3;

/// Neighbour value of `values`, using the document mean where there is no neighbour.
pub fn neighbor(values: &[f32], i: usize, offset: isize, mean: f32) -> f32 {
    let j = i as isize + offset;
    if j < 0 || j as usize >= values.len() {
        mean
    } else {
        values[j as usize]
    }
}

pub fn mean(values: &[f32]) -> f32 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f32>() / values.len() as f32
    }
}

/// For each paragraph, the mean of `values` from it out to the nearer edge of the document: a
/// header or footer run of any length reaching the edge shows as one block.
pub fn edge_run_mean(values: &[f32]) -> Vec<f32> {
    let n = values.len();
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0f32);
    for v in values {
        prefix.push(prefix[prefix.len() - 1] + v);
    }
    (0..n)
        .map(|i| {
            if i < n - 1 - i {
                prefix[i + 1] / (i + 1) as f32
            } else {
                (prefix[n] - prefix[i]) / (n - i) as f32
            }
        })
        .collect()
}

/// ln(1 + length) of the block of consecutive paragraphs below `limit` that contains the
/// paragraph, when that block reaches an edge of the document and covers at most half of it;
/// else 0. A header or footer is such a block; a document that is all low values is not.
/// One paragraph below `BRIDGE * limit` does not end the block when the next one inward is
/// below `limit` again: a footer line that shares a word with the story ("... relevant
/// content") stays part of its footer.
pub fn edge_run_length(values: &[f32], limit: f32) -> Vec<f32> {
    const BRIDGE: f32 = 3.0;
    let n = values.len();
    let run = |at: &dyn Fn(usize) -> f32| {
        let mut len = 0;
        while len < n {
            if at(len) < limit {
                len += 1;
            } else if at(len) < BRIDGE * limit && len + 1 < n && at(len + 1) < limit {
                len += 2;
            } else {
                break;
            }
        }
        len
    };
    let head = run(&|k| values[k]);
    let tail = run(&|k| values[n - 1 - k]);
    let mut out = vec![0.0; n];
    if head * 2 <= n {
        out[..head].fill((head as f32).ln_1p());
    }
    if tail * 2 <= n {
        out[n - tail..].fill((tail as f32).ln_1p());
    }
    out
}

/// Mean of the scores below [`CONTENT_SCORE`]; the cut itself when none is.
pub fn content_mean(scores: &[f32]) -> f32 {
    let (sum, count) = scores
        .iter()
        .filter(|&&s| s < CONTENT_SCORE)
        .fold((0.0f32, 0u32), |(sum, count), &s| (sum + s, count + 1));
    if count == 0 {
        CONTENT_SCORE
    } else {
        sum / count as f32
    }
}

/// From the first-stage scores of a document, the second-stage context inputs per paragraph:
/// previous, next, the highest in the window of two on each side (self excluded), and the
/// document's [`content_mean`].
pub fn score_context(scores: &[f32]) -> Vec<[f32; 4]> {
    let n = scores.len();
    let m = mean(scores);
    let content = content_mean(scores);
    (0..n)
        .map(|i| {
            let lo = i.saturating_sub(2);
            let hi = (i + 2).min(n - 1);
            let window_max = (lo..=hi)
                .filter(|&j| j != i)
                .map(|j| scores[j])
                .fold(0.0, f32::max);
            [
                neighbor(scores, i, -1, m),
                neighbor(scores, i, 1, m),
                window_max,
                content,
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_run_mean_reaches_the_nearer_edge() {
        let m = edge_run_mean(&[0.1, 0.9, 0.2, 0.1]);
        // Paragraph 1 is nearer the start: mean of paragraphs 0..=1; paragraph 2, of 2..=3.
        assert!((m[1] - 0.5).abs() < 1e-6 && (m[2] - 0.15).abs() < 1e-6);
    }

    #[test]
    fn edge_runs_are_blocks_touching_an_edge() {
        let v = [0.0, 0.01, 0.5, 0.4, 0.6, 0.3, 0.02, 0.0, 0.0];
        let r = edge_run_length(&v, 0.05);
        assert_eq!(r[0], 2f32.ln_1p());
        assert_eq!(r[2], 0.0);
        assert_eq!(r[6], 3f32.ln_1p());
        assert!(edge_run_length(&[0.0; 4], 0.05).iter().all(|&x| x == 0.0));
    }

    #[test]
    fn one_near_miss_inside_a_footer_does_not_end_it() {
        // The 0.06 line is bridged (the next one inward is low again); the 0.3 one is not,
        // and a near miss at the run's inner end is not taken either.
        let v = [0.3, 0.2, 0.25, 0.3, 0.2, 0.3, 0.06, 0.0, 0.06, 0.01, 0.0];
        let r = edge_run_length(&v, 0.05);
        assert_eq!(r[10], 4f32.ln_1p());
        assert_eq!(r[7], 4f32.ln_1p());
        assert_eq!(r[6], 0.0);
        assert_eq!(r[5], 0.0);
    }

    #[test]
    fn score_context_sees_neighbours_not_self() {
        let c = score_context(&[0.1, 0.9, 0.2, 0.1]);
        assert_eq!(c[0][1], 0.9);
        assert_eq!(c[1][2], 0.2);
        assert_eq!(c[2][0], 0.9);
        assert!(
            (c[3][1] - 0.325).abs() < 1e-6,
            "no next paragraph: the document mean"
        );
        assert_eq!(score_context(&[0.5])[0][2], 0.0);
    }

    #[test]
    fn content_mean_ignores_the_suspicious_paragraphs() {
        let story = [0.1, 0.2, 0.05, 0.9, 0.95];
        let with_trailer = [0.1, 0.2, 0.05, 0.9, 0.95, 0.99, 0.97, 0.8, 0.9, 0.99];
        let expected = (0.1 + 0.2 + 0.05) / 3.0;
        assert!((content_mean(&story) - expected).abs() < 1e-6);
        assert_eq!(content_mean(&story), content_mean(&with_trailer));
        assert!(score_context(&story)
            .iter()
            .all(|c| c[3] == content_mean(&story)));
        assert_eq!(content_mean(&[0.6, 0.9]), CONTENT_SCORE);
        assert_eq!(content_mean(&[]), CONTENT_SCORE);
    }
}
