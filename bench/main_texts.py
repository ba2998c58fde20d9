"""False alarms on clean text: wcxb-dev's human-made main texts (nothing spliced into them) as
`{"id","text"}` records, and how many of them seam flags anything in, by paragraph count.

  python3 bench/main_texts.py --wcxb ../shared/data/wcxb-dev --write TEXTS.jsonl
  target/release/seam score --format jsonl -q TEXTS.jsonl > SCORES.jsonl
  python3 bench/main_texts.py --scores SCORES.jsonl

A text's paragraphs are its `main_content` split on blank lines. splice-dev is built from the
longer of these texts (at least 4 paragraphs and 150 words), so for them the share is in sample
for the shipped text model; texts of one to three paragraphs are in no training set.
"""

import argparse
import glob
import json
import os
from collections import Counter


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcxb", help="the wcxb-dev folder (with ground-truth/)")
    ap.add_argument("--write", help="where to write the records")
    ap.add_argument("--scores", help="seam score --format jsonl over the records")
    args = ap.parse_args()
    if args.write:
        with open(args.write, "w", encoding="utf-8") as out:
            for path in sorted(glob.glob(os.path.join(args.wcxb, "ground-truth", "*.json"))):
                truth = json.load(open(path, encoding="utf-8"))
                text = truth["ground_truth"].get("main_content") or ""
                paras = [p.strip() for p in text.split("\n\n") if p.strip()]
                if paras:
                    out.write(json.dumps({"id": truth["file_id"], "text": "\n\n".join(paras)}) + "\n")
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
