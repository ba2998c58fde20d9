#!/usr/bin/env python3
"""The threshold trade-off of a trained model, from the out-of-fold scores `seam train --oof`
writes (CSV: doc_id,index,label,kind,score,text).

For the threshold a rule picks (most recall at precision >= --min-precision, as `seam train`
does) and for `--max-clean-share` caps (the lowest threshold at which at most that share of the
documents with nothing inserted get a flag, as `seam train --max-clean-share` raises it to):
precision, recall, F1, the share of clean documents flagged, and recall per kind.

usage: bench/threshold_tradeoff.py OOF.csv [--min-precision 0.86] [--shares 0.12,0.15,0.2]
                                    [--thresholds 0.3,0.4] [--only splice.jsonl]

`--thresholds` adds rows at those thresholds. With `--only DATA.jsonl` the rules still pick
their thresholds from every row, as training does, but the figures are of DATA's documents, and
one more column gives the share of the other documents (trained on as clean, e.g. by
`bench/main_texts.py --clean-docs`) that get a flag out of fold.
"""
import argparse
import collections
import csv
import json


def load(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [
            (r["doc_id"], r["label"] == "1", r["kind"], float(r["score"]))
            for r in csv.DictReader(f)
            if r["label"] != ""
        ]


def at(rows, t):
    tp = sum(1 for _, l, _, s in rows if l and s >= t)
    fp = sum(1 for _, l, _, s in rows if not l and s >= t)
    pos = sum(1 for _, l, _, _ in rows if l)
    p = tp / max(1, tp + fp)
    r = tp / max(1, pos)
    f = 2 * p * r / (p + r) if p + r else 0.0
    docs = collections.defaultdict(lambda: [False, False])
    for d, l, _, s in rows:
        docs[d][0] |= l
        docs[d][1] |= s >= t
    clean = [v for v in docs.values() if not v[0]]
    share = sum(v[1] for v in clean) / max(1, len(clean))
    kinds, hit = collections.Counter(), collections.Counter()
    for _, l, k, s in rows:
        if l:
            kinds[k] += 1
            hit[k] += s >= t
    return p, r, f, share, len(clean), {k: hit[k] / kinds[k] for k in sorted(kinds)}


def min_precision(rows, floor):
    """Halfway below the lowest cut whose precision is at least `floor` (most recall)."""
    srt = sorted(rows, key=lambda r: -r[3])
    tp = fp = 0
    best = None
    for i, (_, l, _, s) in enumerate(srt):
        tp += l
        fp += not l
        if i + 1 < len(srt) and srt[i + 1][3] == s:
            continue
        if tp / (tp + fp) >= floor:
            nxt = srt[i + 1][3] if i + 1 < len(srt) else 0.0
            best = (s + nxt) / 2
    return best if best is not None else 0.5


def clean_cap(rows, share):
    top, pos = collections.defaultdict(float), collections.defaultdict(bool)
    for d, l, _, s in rows:
        top[d] = max(top[d], s)
        pos[d] |= l
    tops = sorted((top[d] for d in top if not pos[d]), reverse=True)
    allowed = int(share * len(tops))
    if allowed >= len(tops):
        return 0.0
    first_kept = tops[allowed]
    above = next((t for t in reversed(tops[:allowed]) if t > first_kept), None)
    return (first_kept + above) / 2 if above is not None else first_kept + 1e-7


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("oof")
    ap.add_argument("--min-precision", type=float, default=0.86)
    ap.add_argument("--shares", default="0.10,0.12,0.15,0.20")
    ap.add_argument("--thresholds", default="")
    ap.add_argument("--only", help="JSONL whose documents (by id) the figures are of")
    a = ap.parse_args()
    rows = load(a.oof)
    base = min_precision(rows, a.min_precision)
    own, other = rows, []
    if a.only:
        with open(a.only, encoding="utf-8") as f:
            ids = {json.loads(line)["id"] for line in f if line.strip()}
        own = [r for r in rows if r[0] in ids]
        other = [r for r in rows if r[0] not in ids]
    extra = " other documents flagged |" if other else ""
    print(f"| threshold rule | threshold | precision | recall | F1 | clean documents flagged |{extra} recall by kind |")
    print("|---|---:|---:|---:|---:|---:|" + ("---:|" if other else "") + "---|")
    lines = [(f"--min-precision {a.min_precision}", base)]
    for share in (float(x) for x in a.shares.split(",")):
        lines.append((f"... --max-clean-share {share}", max(base, clean_cap(rows, share))))
    lines += [("fixed", float(t)) for t in a.thresholds.split(",") if t]
    for name, t in lines:
        p, r, f, share, n, kinds = at(own, t)
        by_kind = ", ".join(f"{k} {v:.3f}" for k, v in kinds.items())
        cells = f"| {name} | {t:.3f} | {p:.3f} | {r:.3f} | {f:.3f} | {share:.1%} of {n} |"
        if other:
            _, _, _, o_share, o_n, _ = at(other, t)
            cells += f" {o_share:.1%} of {o_n} |"
        print(f"{cells} {by_kind} |")


if __name__ == "__main__":
    main()
