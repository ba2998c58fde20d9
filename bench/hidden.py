"""Hidden injected spam: does `seam clean` drop link spam slipped into a page and hidden from
readers, the way hacked sites carry it?

Into every page of a pages file (`seam label --pages-out`, e.g. the odd wcxb-dev ids) one block
of link spam is spliced, hidden by one of four means taken in turn (`display:none`,
`visibility:hidden`, the `hidden` attribute, off screen with `left:-9999px`) and put either
right after the first paragraph of the main text (when a line of the human main content can be
found in the HTML) or at the end of the body, in turn. The spliced pages go through
`seam clean --format jsonl`; the spam counts as kept when at least half of its word 3-grams are
in the output (the rule of bench/extractors.py). The main text is scored too (token F1 against
the human main content), so that a rule dropping hidden text is seen to cost nothing there.

Usage: python3 bench/hidden.py --pages target/bench-extractors/pages-odd.jsonl \\
           --seam target/release/seam [-- extra seam clean flags, e.g. --no-text-check]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))
from extractors import kept, token_prf, trigrams, words  # noqa: E402

SPAM = [
    "Buy cheap generic pills online without prescription, fast overnight delivery to your door",
    "Best online casino bonus codes, free spins and instant payday loans approved today",
    "Replica designer watches and handbags at wholesale prices, discount outlet store sale",
]
HIDES = {
    "display:none": '<div style="display:none">{}</div>',
    "visibility:hidden": '<div style="visibility: hidden">{}</div>',
    "hidden attribute": "<div hidden>{}</div>",
    "left:-9999px": '<div style="position:absolute; left:-9999px">{}</div>',
}


def spam_block(k):
    text = SPAM[k % len(SPAM)]
    ws = text.split()
    # Links around a few of the words, as injected link lists have.
    linked = " ".join(
        f'<a href="https://spam{j}.example/{w.lower()}">{w}</a>' if j % 3 == 0 else w
        for j, w in enumerate(ws)
    )
    return text, linked


def insertion_point(html, truth, in_story):
    if in_story:
        for line in truth.splitlines():
            line = line.strip()
            if len(line) >= 80:
                probe = line[10:50]
                at = html.find(probe)
                if at >= 0:
                    end = html.find("</p>", at)
                    if end >= 0:
                        return end + len("</p>"), "story"
                break
    end = html.rfind("</body>")
    return (end if end >= 0 else len(html)), "end"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", required=True)
    ap.add_argument("--seam", required=True)
    ap.add_argument("extra", nargs="*", help="extra flags for seam clean")
    args = ap.parse_args()

    pages = [json.loads(line) for line in open(args.pages, encoding="utf-8")]
    pages = [p for p in pages if p.get("truth") and not p["id"].endswith("+splice")]
    records, meta = [], {}
    for k, p in enumerate(pages):
        how = list(HIDES)[k % len(HIDES)]
        text, linked = spam_block(k)
        at, where = insertion_point(p["html"], p["truth"], k % 2 == 0)
        html = p["html"][:at] + HIDES[how].format(linked) + p["html"][at:]
        records.append({"id": p["id"], "html": html})
        meta[p["id"]] = (how, where, text, p["truth"])

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
        path = f.name
    try:
        res = subprocess.run(
            [args.seam, "clean", "--format", "jsonl", "-q", *args.extra, path],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(path)

    total, kept_n = Counter(), Counter()
    f1 = []
    for line in res.stdout.splitlines():
        r = json.loads(line)
        how, where, text, truth = meta[r["id"]]
        out = r["text"]
        ws = words(out)
        k = kept(text, set(ws), trigrams(ws))
        for key in (how, where, "all"):
            total[key] += 1
            kept_n[key] += k
        f1.append(token_prf(out, truth)[2])

    print(f"pages {len(f1)}; spliced hidden spam kept, by means and place:")
    for key in list(HIDES) + ["story", "end", "all"]:
        if total[key]:
            print(f"  {key:18} {kept_n[key]:4d} / {total[key]:4d}  ({100 * kept_n[key] / total[key]:.1f}%)")
    print(f"token F1 of the main text on the spliced pages: {sum(f1) / len(f1):.3f}")


if __name__ == "__main__":
    main()
