#!/usr/bin/env python3
"""A batch of {"id", "text"} records made from splice-dev, for the speed benchmarks: each
document's paragraphs joined by blank lines, repeated until N records (ids made unique with
"-rK"). With --text-bytes, prints the UTF-8 bytes of the texts written to stderr.

usage: bench/splice_corpus.py SPLICE.jsonl N [--text-bytes] > batch.jsonl
"""
import json
import sys


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    src, n = args[0], int(args[1])
    docs = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            docs.append((r["id"], "\n\n".join(p["text"] for p in r["paragraphs"])))
    total = 0
    out = sys.stdout
    for i in range(n):
        doc_id, text = docs[i % len(docs)]
        total += len(text.encode("utf-8"))
        out.write(json.dumps({"id": f"{doc_id}-r{i // len(docs)}", "text": text}, ensure_ascii=False))
        out.write("\n")
    if "--text-bytes" in sys.argv:
        print(total, file=sys.stderr)


if __name__ == "__main__":
    main()
