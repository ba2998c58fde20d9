"""Measure embedding drift against seam's lexical drift on splice-dev, before any Rust.

Reads what `cargo run --release --example embed_dump` wrote (seam's own tokens of every
paragraph, labels and kinds, seam's lexical drift values and first-stage features) and the raw
vectors of `distill.py encode`. For each table variant it builds per-paragraph SIF-weighted
vectors and the same three similarities seam's drift computes: to the rest of the document
(leave-one-out), to the document outside a +-r window, and to a robust core (the half of the
paragraphs that fit best by the window similarity). Reports ROC-AUC of "lower similarity = does
not belong" per kind (each kind's paragraphs against the content paragraphs) and by length.

  python models/embeddings/evaluate.py [--quick] > target/embed/eval.txt
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import roc_auc_score

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import minilm  # noqa: E402
from distill import SEAM_WORD  # noqa: E402

KINDS = ["offtopic", "ad", "spam", "boilerplate"]
SHORT = 12


def window_radius(n):
    return 0 if n <= 4 else 1 if n <= 9 else 2


class Data:
    def __init__(self, path):
        lines = open(path, encoding="utf-8").read().splitlines()
        self.feature_names = json.loads(lines[0])["feature_names"]
        docs = [json.loads(l) for l in lines[1:]]
        self.doc_of, self.kind, self.label, self.nwords = [], [], [], []
        self.lex, self.lex_plain, self.features = [], [], []
        self.token_index = {}
        rows, cols, vals = [], [], []
        self.bounds = [0]
        for di, d in enumerate(docs):
            for p in d["paragraphs"]:
                i = len(self.kind)
                self.doc_of.append(di)
                self.kind.append(p["kind"])
                self.label.append(p["label"])
                self.nwords.append(len(p["words"]))
                self.lex.append(p["lex"][:3])
                self.lex_plain.append(p["lex_plain"])
                self.features.append(p["features"])
                counts = {}
                for w in p["words"]:
                    t = self.token_index.setdefault(w, len(self.token_index))
                    counts[t] = counts.get(t, 0) + 1
                for t, c in counts.items():
                    rows.append(i)
                    cols.append(t)
                    vals.append(c)
            self.bounds.append(len(self.kind))
        n = len(self.kind)
        self.counts = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(self.token_index)), dtype=np.float64)
        self.tokens = [None] * len(self.token_index)
        for w, t in self.token_index.items():
            self.tokens[t] = w
        self.doc_of = np.array(self.doc_of)
        self.kind = np.array(self.kind)
        self.label = np.array(self.label)
        self.nwords = np.array(self.nwords)
        self.lex = np.array(self.lex, dtype=np.float64)
        self.lex_plain = np.array(self.lex_plain, dtype=np.float64)
        self.features = np.array(self.features, dtype=np.float64)


class Raw:
    """The cached encoder output and vocabulary of `distill.py encode`."""

    def __init__(self, path):
        z = np.load(path)
        self.sent, self.tok = z["sent"], z["tok"]
        self.pieces = list(z["pieces"])
        self.piece_p = z["piece_p"]
        self.words = list(z["words"])
        self.ranked = list(z["ranked"])
        self.ranked_p = z["ranked_p"]
        self.wp = minilm.WordPiece(self.pieces)
        self.npieces = len(self.pieces)
        self.word_row = {w: self.npieces + k for k, w in enumerate(self.words)}
        self.p_of = dict(zip(self.ranked, self.ranked_p))


def token_map(raw, tokens, scheme, n_words):
    """For each seam token, its (row, p) items under a table scheme:
    'wp'        every token split into wordpieces, each its own item;
    'word'      the token's own row if it is among the top n_words (a single-wordpiece word uses
                that wordpiece's row), else nothing;
    'hybrid'    'word', falling back to 'wp' for the others."""
    top = set(raw.ranked[:n_words])
    out = []
    for t in tokens:
        w = t.lower()
        items = []
        if scheme in ("word", "hybrid") and w in top:
            row = raw.word_row.get(w)
            if row is None:
                row = raw.wp.ids[w]
            items = [(row, raw.p_of[w])]
        elif scheme in ("wp", "hybrid"):
            ids = [i for i in raw.wp.encode(w) if i != raw.wp.unk]
            items = [(i, raw.piece_p[i]) for i in ids]
        out.append(items)
    return out


def table(raw, pooling, dims, rows):
    """PCA-reduced rows of the table (fit on the table's own rows, unweighted, centred)."""
    x = (raw.sent if pooling == "sent" else raw.tok)[rows]
    mu = x.mean(0)
    xc = x - mu
    if dims >= x.shape[1]:
        return xc
    # Eigenvectors of the covariance, largest first, signs fixed by the largest entry.
    cov = xc.T @ xc / len(xc)
    val, vec = np.linalg.eigh(cov)
    vec = vec[:, ::-1][:, :dims]
    vec *= np.sign(vec[np.abs(vec).argmax(0), np.arange(dims)])
    return xc @ vec


def wcxb_other_paragraphs(splice="../shared/data/splice-dev/splice.jsonl", wcxb="../shared/data/wcxb-dev"):
    """The main-content paragraphs of the WCXB dev pages that are not in splice-dev (446 pages,
    about 19,600 paragraphs): text of the same kind, none of it in the benchmark."""
    import glob
    import os

    ids = {json.loads(l)["id"].rsplit("-", 1)[1] for l in open(splice, encoding="utf-8")}
    out = []
    for f in sorted(glob.glob(os.path.join(wcxb, "ground-truth", "*.json"))):
        if os.path.basename(f)[:-5] in ids:
            continue
        g = json.load(open(f, encoding="utf-8"))["ground_truth"]
        out.extend(p.strip() for p in (g.get("main_content") or "").split("\n\n") if p.strip())
    return out


def sif_rows(raw, cfg):
    """Each table row times its SIF weight, reduced by PCA: (rows used, dims), and the map from
    raw row to its index."""
    used = list(range(raw.npieces))
    if cfg["scheme"] != "wp":
        used += sorted(raw.word_row[w] for w in raw.ranked[: cfg["n_words"]] if w in raw.word_row)
    pos = {r: k for k, r in enumerate(used)}
    return table(raw, cfg["pooling"], cfg["dims"], np.array(used)), pos


def token_vectors(raw, tokens, cfg, e, pos, cache):
    key = (cfg["scheme"], cfg["n_words"], len(tokens), tokens[0] if tokens else "")
    if key not in cache:
        cache[key] = token_map(raw, tokens, cfg["scheme"], cfg["n_words"])
    tmap = cache[key]
    a = cfg["a"]
    w = np.zeros((len(tmap), e.shape[1]))
    for t, items in enumerate(tmap):
        for r, p in items:
            s = 1.0 if a is None else a / (a + p)
            w[t] += s * e[pos[r]]
    return w


def common_components(x, k):
    """The first k right-singular vectors of the unit rows of x."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    keep = norms[:, 0] > 0
    m = x[keep] / norms[keep]
    vt = np.linalg.svd(m, full_matrices=False)[2][:k]
    return vt * np.sign(vt[np.arange(k), np.abs(vt).argmax(1)])[:, None]


CORPUS = {}


def paragraph_vectors(data, raw, cfg, cache={}):
    """SIF-weighted paragraph sums, (paragraphs, dims), common components removed."""
    e, pos = sif_rows(raw, cfg)
    w = token_vectors(raw, data.tokens, cfg, e, pos, cache)
    s = data.counts @ w
    kind, k = cfg["component"]
    u = None
    if kind == "vocab":
        # The expected SIF paragraph vector under wordfreq's frequencies.
        words = raw.ranked[:100_000]
        wv = token_vectors(raw, words, cfg, e, pos, cache)
        acc = (np.array(raw.ranked_p[:100_000])[:, None] * wv).sum(0)
        u = (acc / np.linalg.norm(acc))[None]
    elif kind == "splice":
        # From the unit paragraph vectors of splice-dev itself (no labels).
        u = common_components(s, k)
    elif kind == "wcxb":
        # From the WCXB dev pages that are not in splice-dev.
        if "paras" not in CORPUS:
            paras = wcxb_other_paragraphs()
            toks = {}
            rows, cols = [], []
            for i, p in enumerate(paras):
                for t in SEAM_WORD.findall(p.lower()):
                    rows.append(i)
                    cols.append(toks.setdefault(t, len(toks)))
            CORPUS["paras"] = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(paras), len(toks)))
            CORPUS["tokens"] = sorted(toks, key=toks.get)
        cw = token_vectors(raw, CORPUS["tokens"], cfg, e, pos, cache)
        u = common_components(CORPUS["paras"] @ cw, k)
    if u is not None:
        s = s - (s @ u.T) @ u
    return s


def cos(a, b):
    na, nb = np.linalg.norm(a, axis=-1), np.linalg.norm(b, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        c = (a * b).sum(-1) / (na * nb)
    return np.where((na > 1e-12) & (nb > 1e-12), c, 0.0)


def similarities(data, s, rest="tokens"):
    """(paragraphs, 3): leave-one-out, window, core cosine, as seam's lexical drift does them."""
    out = np.zeros((len(s), 3))
    for d in range(len(data.bounds) - 1):
        lo, hi = data.bounds[d], data.bounds[d + 1]
        v = s[lo:hi]
        n = len(v)
        norms = np.linalg.norm(v, axis=1)
        empty = norms <= 1e-12
        unit = np.where(empty[:, None], 0.0, v / np.maximum(norms, 1e-30)[:, None])
        agg = v if rest == "tokens" else unit
        total = agg.sum(0)
        loo = cos(v, total[None] - agg)
        r = window_radius(n)
        pre = np.vstack([np.zeros(v.shape[1]), np.cumsum(agg, 0)])
        idx = np.arange(n)
        wlo, whi = np.maximum(idx - r, 0), np.minimum(idx + r, n - 1)
        outside = total[None] - (pre[whi + 1] - pre[wlo])
        win = np.where(np.linalg.norm(outside, axis=1) > 1e-9, cos(v, outside), loo)
        core = np.zeros(n)
        if (~empty).any():
            med = np.sort(win[~empty])[(~empty).sum() // 2]
            in_core = (~empty) & (win >= med)
            c = agg[in_core].sum(0)
            core = cos(v, c[None] - np.where(in_core[:, None], agg, 0.0))
        out[lo:hi] = np.stack([loo, win, core], 1)
    return out


def aucs(data, sims):
    """ROC-AUC of -similarity for each kind against content, overall, short and long."""
    content = data.kind == "content"
    short = data.nwords <= SHORT
    res = {}
    for k in KINDS + ["all"]:
        pos = (data.label == 1) if k == "all" else (data.kind == k)
        for name, mask in (("", np.ones_like(short)), ("short", short), ("long", ~short)):
            sel = (pos | content) & mask
            y = pos[sel]
            if y.sum() < 5 or (~y).sum() < 5:
                res[(k, name)] = float("nan")
                continue
            res[(k, name)] = roc_auc_score(y, -sims[sel])
    return res


COLUMNS = [(k, "") for k in KINDS] + [("all", ""), ("all", "short"), ("all", "long")] + [
    (k, n) for k in ("spam", "boilerplate") for n in ("short", "long")
]


def header():
    cols = " ".join(f"{(k + ('/' + n if n else ''))[:11]:>11}" for k, n in COLUMNS)
    return f"{'variant':<44} {'sim':<6} {cols}"


def row(name, which, res):
    return f"{name:<44} {which:<6} " + " ".join(f"{res[c]:11.3f}" for c in COLUMNS)


def report(name, data, sims, which=(0, 1, 2)):
    lines = []
    for j in which:
        lines.append(row(name, ["loo", "window", "core"][j], aucs(data, sims[:, j])))
    print("\n".join(lines), flush=True)


def oof(x, y, groups, seed=0):
    """Out-of-fold probabilities of a standardized logistic regression, 5 folds grouped by
    document."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    out = np.zeros(len(y))
    for tr, te in GroupKFold(5).split(x, y, groups):
        m = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000))
        m.fit(x[tr], y[tr])
        out[te] = m.predict_proba(x[te])[:, 1]
    return out


def best_f1(y, p):
    order = np.argsort(-p)
    tp = np.cumsum(y[order])
    k = np.arange(1, len(y) + 1)
    f1 = 2 * tp / (k + y.sum())
    return f1.max()


def combination(data, emb, name):
    """Does a logistic model over lexical and embedding similarities beat each alone? And do the
    embedding similarities add to seam's whole first-stage feature row?"""
    from sklearn.metrics import average_precision_score

    y = data.label
    logw = np.log1p(data.nwords)[:, None]
    no_content = data.features[:, data.feature_names.index("drift_no_content")][:, None]
    long = np.minimum(data.nwords / 40.0, 1.0)[:, None]
    emb_empty = (np.abs(emb).sum(1) == 0).astype(float)[:, None]
    sets = [
        ("lexical 3 + length", np.hstack([data.lex, no_content, logw])),
        ("embedding 3 + length", np.hstack([emb, emb_empty, logw])),
        ("lexical + embedding + length", np.hstack([data.lex, no_content, emb, emb_empty, logw])),
        ("seam first stage (60 features)", data.features),
        ("seam first stage + embedding 3 (+ x long)", np.hstack([data.features, emb, emb_empty, emb * long])),
    ]
    print(f"\nLogistic models, out-of-fold (5 folds grouped by document); embedding = {name}")
    print(f"{'features':<44} {'AUC':>6} {'AP':>6} {'maxF1':>6} " + " ".join(f"{k[:10]:>10}" for k in KINDS) + f" {'short':>6} {'long':>6}")
    content = data.kind == "content"
    short = data.nwords <= SHORT
    for label, x in sets:
        p = oof(x, y, data.doc_of)
        per = []
        for k in KINDS:
            sel = content | (data.kind == k)
            per.append(roc_auc_score(y[sel], p[sel]))
        sl = [roc_auc_score(y[m], p[m]) for m in (short, ~short)]
        print(f"{label:<44} {roc_auc_score(y, p):6.3f} {average_precision_score(y, p):6.3f} {best_f1(y, p):6.3f} "
              + " ".join(f"{v:10.3f}" for v in per) + f" {sl[0]:6.3f} {sl[1]:6.3f}", flush=True)


def table_vectors(data, keys, rows, key_rows):
    """Paragraph sums from table rows, as the Rust reader computes them: each word lowercased,
    cut into wordpieces, the rows of the pieces that have one summed."""
    from distill import NO_ROW

    wp = minilm.WordPiece(keys)
    w = np.zeros((len(data.tokens), rows.shape[1]))
    for t, word in enumerate(data.tokens):
        for piece in wp.encode(word.lower()):
            r = key_rows[piece]
            if r != NO_ROW:
                w[t] += rows[r]
    return data.counts @ w


def describe(cfg):
    a = "none" if cfg["a"] is None else f"{cfg['a']:g}"
    pc = cfg["component"][0] + (str(cfg["component"][1]) if cfg["component"][0] in ("splice", "wcxb") else "")
    words = "" if cfg["scheme"] == "wp" else f"{cfg['n_words'] // 1000}k"
    return f"{cfg['scheme']}{words} {cfg['pooling']} d{cfg['dims']} a={a} pc={pc} rest={cfg['rest']}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokens", default="target/embed/tokens.jsonl")
    ap.add_argument("--raw", default="target/embed/raw.npz")
    ap.add_argument("--quick", action="store_true", help="only the lexical rows (and --table)")
    ap.add_argument("--table", help="also measure this built table file, with the combination")
    args = ap.parse_args()
    data = Data(args.tokens)
    raw = Raw(args.raw)
    n = len(data.kind)
    print(f"{n} paragraphs in {len(data.bounds) - 1} documents; positives by kind:",
          {k: int((data.kind == k).sum()) for k in KINDS},
          f"short (<= {SHORT} words): {int((data.nwords <= SHORT).sum())}")
    print("ROC-AUC of -similarity, each kind's paragraphs against the content paragraphs.\n")
    print(header())
    report("lexical (seam drift, background idf)", data, data.lex)
    report("lexical (seam drift, no background)", data, data.lex_plain)
    base = dict(scheme="wp", n_words=0, pooling="tok", dims=128, a=1e-3, component=("wcxb", 2), rest="paras")
    sweeps = [
        ("component", [("vocab", 1), ("splice", 1), ("wcxb", 1), ("wcxb", 2), ("wcxb", 3), ("wcxb", 5)]),
        ("a", [1e-2, 3e-3, 1e-3, 3e-4]),
        ("rest", ["tokens", "paras"]),
        ("scheme", [("wp", 0), ("word", 50_000), ("hybrid", 50_000)]),
        ("dims", [64, 96, 128, 160, 384]),
    ]
    if args.quick or args.table:
        sweeps = []
    results = {}
    for key, values in sweeps:
        print(f"\n-- {key} (others as in {describe(base)})")
        for v in values:
            cfg = dict(base)
            if key == "scheme":
                cfg["scheme"], cfg["n_words"] = v
            else:
                cfg[key] = v
            name = describe(cfg)
            if name not in results:
                s = paragraph_vectors(data, raw, cfg)
                results[name] = similarities(data, s, cfg["rest"])
            report(name, data, results[name])
    if args.table:
        print(f"\n-- the built table {args.table}, int8, as Rust reads it; and the same in float")
        from distill import build_rows, read_table, wcxb_other_paragraphs

        meta, scale, q, keys, key_rows, _ = read_table(args.table)
        print("  ", meta)
        rows = q.astype(np.float64) * scale.astype(np.float64)[:, None]
        sims = similarities(data, table_vectors(data, keys, rows, key_rows), "paras")
        report(f"table {Path(args.table).name} (int8)", data, sims)
        corpus = wcxb_other_paragraphs("../shared/data/splice-dev/splice.jsonl", "../shared/data/wcxb-dev")
        z = np.load(args.raw)
        rows, row_of, _ = build_rows(z, meta["pca_dims"], meta["sif_a"], meta["common_components"], corpus,
                                     meta.get("max_p", 1.0))
        report(f"table {Path(args.table).name} (float)", data,
               similarities(data, table_vectors(data, keys, rows, row_of), "paras"))
        combination(data, sims, f"table {Path(args.table).name}")
    elif sweeps:
        combination(data, similarities(data, paragraph_vectors(data, raw, base), base["rest"]), describe(base))


if __name__ == "__main__":
    main()
