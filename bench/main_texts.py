"""False alarms on clean text: wcxb-dev's human-made main texts (nothing spliced into them) as
`{"id","text"}` records, and how many of them seam flags anything in, by paragraph count.

  python3 bench/main_texts.py --wcxb ../shared/data/wcxb-dev --write TEXTS.jsonl
  target/release/seam score --format jsonl -q TEXTS.jsonl > SCORES.jsonl
  python3 bench/main_texts.py --scores SCORES.jsonl

A text's paragraphs are its `main_content` split on blank lines. splice-dev is built from the
longer of these texts (at least 4 paragraphs and 150 words), so for them the share is in sample
for the shipped text model; texts of one to three paragraphs are in no training set. With
`--not-in ../shared/data/splice-dev/splice.jsonl`, `--write` writes only the 425 texts
splice-dev does not hold, which no shipped model was trained on.

  python3 bench/main_texts.py --wcxb ../shared/data/wcxb-dev \
      --not-in ../shared/data/splice-dev/splice.jsonl --clean-docs CLEAN.jsonl

writes those of two paragraphs or more as labelled documents in splice.jsonl's schema, every
paragraph content (label 0): clean documents of every page type and length, to train on beside
splice-dev (docs/history.md, "Training on wcxb-dev's other main texts"). A text of one
paragraph is left out: seam never flags the only paragraph of a document.
"""

import argparse
import glob
import json
import os
from collections import Counter


def main_texts(wcxb):
    """(file id, page type, url, title, paragraphs) of every page with a main text, by id."""
    for path in sorted(glob.glob(os.path.join(wcxb, "ground-truth", "*.json"))):
        truth = json.load(open(path, encoding="utf-8"))
        text = truth["ground_truth"].get("main_content") or ""
        paras = [p.strip() for p in text.split("\n\n") if p.strip()]
        if paras:
            kind = truth.get("_internal", {}).get("page_type", {}).get("primary", "")
            title = truth["ground_truth"].get("title") or ""
            yield truth["file_id"], kind, truth.get("url", ""), title, paras


def splice_ids(path):
    """The document ids of a splice.jsonl (none without one)."""
    if not path:
        return set()
    return {json.loads(line)["id"] for line in open(path, encoding="utf-8")}


def write_clean_docs(wcxb, not_in, out_path):
    held = splice_ids(not_in)
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for file_id, kind, url, title, paras in main_texts(wcxb):
            doc_id = f"wcxb-dev-{file_id}"
            if doc_id in held or len(paras) < 2:
                continue
            rows = [
                {"text": p, "label": 0, "kind": "content", "source": f"wcxb:dev:{file_id}:p{k}"}
                for k, p in enumerate(paras)
            ]
            doc = {"id": doc_id, "url": url, "page_type": kind, "title": title, "paragraphs": rows}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            n += 1
    print(f"{n} clean documents -> {out_path}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcxb", help="the wcxb-dev folder (with ground-truth/)")
    ap.add_argument("--write", help="where to write the records")
    ap.add_argument("--scores", help="seam score --format jsonl over the records")
    ap.add_argument("--clean-docs", help="where to write the texts as labelled clean documents")
    ap.add_argument("--not-in", help="a splice.jsonl whose documents --write and --clean-docs leave out")
    args = ap.parse_args()
    if args.clean_docs:
        write_clean_docs(args.wcxb, args.not_in, args.clean_docs)
    if args.write:
        held = splice_ids(args.not_in)
        with open(args.write, "w", encoding="utf-8") as out:
            for file_id, _, _, _, paras in main_texts(args.wcxb):
                if f"wcxb-dev-{file_id}" in held:
                    continue
                out.write(json.dumps({"id": file_id, "text": "\n\n".join(paras)}) + "\n")
    if args.scores:
        docs, flagged = Counter(), Counter()
        for line in open(args.scores, encoding="utf-8"):
            d = json.loads(line)
            n = len(d["paragraphs"])
            size = str(n) if n <= 3 else "4+"
            docs[size] += 1
            flagged[size] += d["flagged"] > 0
        print("| paragraphs (as seam splits them) | texts | with any flag |")
        print("|---|---:|---:|")
        for size in ["1", "2", "3", "4+"]:
            print(f"| {size} | {docs[size]} | {flagged[size]} |")
        total, any_flag = sum(docs.values()), sum(flagged.values())
        print(f"| all | {total} | {any_flag} ({100 * any_flag / total:.1f}%) |")


if __name__ == "__main__":
    main()
