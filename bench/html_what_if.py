"""What-ifs for the HTML model on held-out pages, from scores seam already wrote: the token
measure of bench/extractors.py at other thresholds, and what a rule never letting the HTML model
drop a long prose block would change, and what keeping the long prose of a page would change
where the model keeps little of it (`--labels` for both).

  seam score --no-text-check --format jsonl -q PAGES_IN.jsonl > SCORES.jsonl
  python3 bench/html_what_if.py --pages PAGES --labels LABELS --scores SCORES.jsonl

PAGES and LABELS come from `seam label --wcxb ../shared/data/wcxb-dev --splice
../shared/data/splice-dev/splice.jsonl --id-parity odd -o LABELS --pages-out PAGES`; PAGES_IN is
PAGES without its spliced copies, as `{"id", "html"}` (`--write-input PAGES_IN` writes it). The
kept text is every block scoring under the threshold, joined, which is close to what `seam
clean` keeps (the same token P/R/F1 as bench/extractors.py at the model's threshold, to the
third decimal on 2026-12-07).
"""

import argparse
import json
import re
from collections import Counter

WORD = re.compile(r"\w+", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?](\s|$)")


def words(text):
    return WORD.findall(text.lower())


def token_prf(paragraphs, keep, truth):
    """Token precision, recall and F1 of the kept paragraphs' words against the truth's."""
    kept = Counter()
    for p, k in zip(paragraphs, keep):
        if k:
            kept.update(words(p["text"]))
    common = sum((kept & truth).values())
    p_ = common / sum(kept.values()) if kept else 0.0
    r = common / sum(truth.values()) if truth else 0.0
    f = 2 * p_ * r / (p_ + r) if p_ + r else 0.0
    return p_, r, f


def originals(path):
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        if not d["id"].endswith("+splice") and d.get("truth"):
            yield d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", required=True)
    ap.add_argument("--labels")
    ap.add_argument("--scores")
    ap.add_argument("--write-input", help="write the original pages as {id, html} JSONL here and stop")
    ap.add_argument("--thresholds", default="0.5,0.6,0.65,0.7,0.75,0.8,0.85,0.9")
    ap.add_argument("--rescue-threshold", type=float, default=0.666, help="the model's threshold")
    args = ap.parse_args()
    if args.write_input:
        with open(args.write_input, "w", encoding="utf-8") as out:
            for d in originals(args.pages):
                out.write(json.dumps({"id": d["id"], "html": d["html"]}) + "\n")
        return
    truth = {d["id"]: Counter(words(d["truth"])) for d in originals(args.pages)}
    scored = [json.loads(line) for line in open(args.scores, encoding="utf-8")]

    print("| threshold | token P | token R | token F1 | pages keeping under half the main text |")
    print("|---:|---:|---:|---:|---:|")
    for t in (float(x) for x in args.thresholds.split(",")):
        sums = [0.0, 0.0, 0.0]
        dropped = 0
        for d in scored:
            p_, r, f = token_prf(d["paragraphs"], [p["score"] < t for p in d["paragraphs"]], truth[d["id"]])
            for k, v in enumerate((p_, r, f)):
                sums[k] += v
            dropped += r < 0.5
        n = len(scored)
        print(f"| {t:g} | {sums[0] / n:.3f} | {sums[1] / n:.3f} | {sums[2] / n:.3f} | {dropped} |")

    if not args.labels:
        return
    # Long prose: at least 60 words, under 10% of its characters in links, 3 sentence ends.
    labels = {}
    for line in open(args.labels, encoding="utf-8"):
        d = json.loads(line)
        if not d["id"].endswith("+splice"):
            labels[d["id"]] = d["paragraphs"]
    moved = Counter()
    for d in scored:
        blocks = labels.get(d["id"])
        if not blocks or len(blocks) != len(d["paragraphs"]):
            continue
        for p, b in zip(d["paragraphs"], blocks):
            text = b["text"]
            long_prose = (
                len(text.split()) >= 60
                and b.get("link_chars", 0) / max(1, len(text)) < 0.1
                and len(SENTENCE_END.findall(text)) >= 3
            )
            if long_prose and p["flagged"] and b["label"] is not None:
                moved[b["label"]] += len(text.split())
    print()
    print("Long prose blocks the HTML model flags, which the rule would keep:")
    print(f"  content (wrongly dropped now): {moved[0]} words")
    print(f"  boilerplate (rightly dropped now): {moved[1]} words")

    # A rescue only where the page loses its prose: if the blocks of long prose (at least
    # `words` words, under 10% link text, 2 sentence ends) hold at least `least` words and the
    # model keeps under `share` of them, keep them all.
    print()
    print("Keeping a page's long prose where the model keeps under `share` of it (threshold", f"{args.rescue_threshold:g}):")
    print("| least | share | prose words | token P | token R | token F1 | pages under half | pages rescued |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for least in (100, 200):
        for share in (0.2, 0.35, 0.5):
            for prose_words in (30, 60):
                p_, r, f, under, fired = rescued(scored, labels, truth, args.rescue_threshold, least, share, prose_words)
                print(f"| {least} | {share:g} | {prose_words} | {p_:.4f} | {r:.4f} | {f:.4f} | {under} | {fired} |")


def rescued(scored, labels, truth, t, least, share, prose_words):
    sums = [0.0, 0.0, 0.0]
    under = fired = 0
    for d in scored:
        ps = d["paragraphs"]
        keep = [p["score"] < t for p in ps]
        blocks = labels.get(d["id"])
        if blocks and len(blocks) == len(ps):
            prose = [
                i
                for i, b in enumerate(blocks)
                if len(b["text"].split()) >= prose_words
                and b.get("link_chars", 0) / max(1, len(b["text"])) < 0.1
                and len(SENTENCE_END.findall(b["text"])) >= 2
            ]
            total = sum(len(ps[i]["text"].split()) for i in prose)
            kept_prose = sum(len(ps[i]["text"].split()) for i in prose if keep[i])
            if total >= least and kept_prose < share * total:
                for i in prose:
                    keep[i] = True
                fired += 1
        p_, r, f = token_prf(ps, keep, truth[d["id"]])
        for k, v in enumerate((p_, r, f)):
            sums[k] += v
        under += r < 0.5
    n = len(scored)
    return sums[0] / n, sums[1] / n, sums[2] / n, under, fired


if __name__ == "__main__":
    main()
