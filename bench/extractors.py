"""Side by side: seam and the content extractors people use, on the same wcxb-dev pages.

Run by bench/extractors.sh, which builds seam, makes the venv and writes the pages file with
`seam label --wcxb ... --id-parity odd --pages-out`. Pages with an odd WCXB file id are held out:
the shipped HTML model (models/html.json) was trained on the even ids only. seam's text check
uses the text model given by --text-model: bench/extractors.sh trains one on the splice-dev
documents with even ids, since the shipped one saw the odd ones' inserts. seam runs twice: with
the text check (what `seam clean` does) and with the HTML model alone (--no-text-check).

Measures, for every tool, in one run:
- accuracy on the original pages: token-level precision/recall/F1 of the kept text against the
  human main content (bag of lowercase word tokens, averaged over pages), and block-level F1
  of removing the blocks labelled boilerplate (a block counts as kept by a tool when at least
  half of its word 3-grams occur in the tool's output);
- on the same pages with ad, spam and off-topic paragraphs spliced into the article body as
  <p> elements: the share of spliced paragraphs each tool keeps (same 3-gram rule);
- speed: docs/s and MB/s of HTML, one process pinned to one core, after a warm-up pass.
"""

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter

WORD = re.compile(r"\w+", re.UNICODE)


def words(text):
    return WORD.findall(text.lower())


def trigrams(ws):
    return {tuple(ws[i : i + 3]) for i in range(len(ws) - 2)}


def kept(block_text, out_words, out_grams):
    """A piece of text is kept when most of its 3-grams (or all its words) are in the output."""
    ws = words(block_text)
    if not ws:
        return False
    if len(ws) < 3:
        return all(w in out_words for w in ws)
    grams = trigrams(ws)
    return sum(g in out_grams for g in grams) >= 0.5 * len(grams)


def token_prf(out, truth):
    o, t = Counter(words(out)), Counter(words(truth))
    common = sum((o & t).values())
    p = common / sum(o.values()) if o else 0.0
    r = common / sum(t.values()) if t else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# --- the tools: each maps an HTML string to its kept text --------------------------------


def tool_trafilatura():
    import trafilatura

    return lambda html: trafilatura.extract(html) or ""


def tool_justext():
    import justext

    stop = justext.get_stoplist("English")

    def run(html):
        paragraphs = justext.justext(html.encode("utf-8"), stop, encoding="utf-8")
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def tool_boilerpy3():
    from boilerpy3 import extractors

    ex = extractors.ArticleExtractor(raise_on_failure=False)
    return lambda html: ex.get_content(html) or ""


def tool_readability():
    import lxml.html
    from readability import Document

    def run(html):
        summary = Document(html).summary(html_partial=True)
        return lxml.html.fromstring(summary).text_content() if summary.strip() else ""

    return run


def tool_resiliparse():
    from resiliparse.extract.html2text import extract_plain_text

    return lambda html: extract_plain_text(html, main_content=True)


PEERS = {
    "trafilatura": ("trafilatura", tool_trafilatura),
    "jusText": ("justext", tool_justext),
    "boilerpy3": ("boilerpy3", tool_boilerpy3),
    "readability-lxml": ("readability-lxml", tool_readability),
    "resiliparse": ("resiliparse", tool_resiliparse),
}


def run_peer(fn, pages):
    outs, failures = {}, 0
    for p in pages:
        try:
            outs[p["id"]] = fn(p["html"]) or ""
        except Exception:  # a tool that fails on a page kept nothing of it
            outs[p["id"]] = ""
            failures += 1
    return outs, failures


def seam_input(pages, workdir):
    """The pages as {"id", "html"} JSONL records, written once per page set, before any timing:
    the peers get their HTML as a Python string, seam gets it as a file."""
    path = os.path.join(workdir, f"seam-{pages[0]['id']}-{len(pages)}.jsonl")
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as f:
            for p in pages:
                f.write(json.dumps({"id": p["id"], "html": p["html"]}) + "\n")
    return path


def run_seam(seam, path, extra):
    """`seam clean --format jsonl -j 1 EXTRA...` over a file of {"id", "html"} records."""
    res = subprocess.run(
        [seam, "clean", "--format", "jsonl", "-j", "1", "-q", *extra, path],
        check=True,
        capture_output=True,
        text=True,
    )
    outs = {}
    for line in res.stdout.splitlines():
        r = json.loads(line)
        outs[r["id"]] = r["text"]
    return outs, 0


def timed(run):
    t = time.perf_counter()
    result = run()
    return result, time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", required=True, help="JSONL from seam label --pages-out")
    ap.add_argument("--labels", required=True, help="JSONL from seam label (block labels)")
    ap.add_argument("--seam", required=True, help="the seam binary")
    ap.add_argument("--text-model", help="seam's text model for the text check (default: embedded)")
    ap.add_argument("--out", required=True, help="where to write the Markdown report")
    ap.add_argument(
        "--per-page",
        help="also write each tool's token precision, recall and F1 per page here (JSON: tool -> id -> [p, r, f1])",
    )
    ap.add_argument("--command", default="bench/extractors.sh")
    ap.add_argument("--cpu", type=int, default=0, help="the one core everything runs on")
    ap.add_argument(
        "--tools",
        help="comma-separated rows to run (default: all), e.g. 'seam, HTML model alone,trafilatura'",
    )
    args = ap.parse_args()

    # One process on one core: this process and the seam child inherit the affinity.
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})

    pages = [json.loads(line) for line in open(args.pages, encoding="utf-8")]
    pages = [p for p in pages if p.get("truth")]
    originals = [p for p in pages if not p["id"].endswith("+splice")]
    spliced = [p for p in pages if p["id"].endswith("+splice")]
    blocks = {}
    for line in open(args.labels, encoding="utf-8"):
        d = json.loads(line)
        if not d.get("spliced"):
            blocks[d["id"]] = [(b["text"], b["label"]) for b in d["paragraphs"]]
    mb = sum(len(p["html"].encode("utf-8")) for p in originals) / 1e6

    text_model = ["--text-model", args.text_model] if args.text_model else []
    # The text model is loaded even where the text check is off: give it to both rows.
    seams = {"seam": text_model, "seam, HTML model alone": ["--no-text-check", *text_model]}
    wanted = None
    if args.tools:
        wanted = {t.strip() for t in re.split(r",(?! )", args.tools) if t.strip()}
    tools = {name: (None, None) for name in seams if wanted is None or name in wanted}
    versions = {"seam": subprocess.run([args.seam, "--version"], capture_output=True, text=True).stdout.strip()}
    for name, (dist, make) in PEERS.items():
        if wanted is None or name in wanted:
            tools[name] = (dist, make())
            versions[name] = f"{dist} {importlib.metadata.version(dist)}"

    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for name, (_, fn) in tools.items():
            sys.stderr.write(f"{name} ...\n")
            if fn is None:
                for ps in (originals[:20], originals, spliced):
                    seam_input(ps, workdir)
                run = lambda ps, extra=seams[name]: run_seam(args.seam, seam_input(ps, workdir), extra)  # noqa: E731
            else:
                run = lambda ps, fn=fn: run_peer(fn, ps)  # noqa: E731
            run(originals[:20])  # warm-up: imports, caches, page cache
            (outs, failures), seconds = timed(lambda: run(originals))
            (souts, _), _ = timed(lambda: run(spliced))

            prf = [token_prf(outs[p["id"]], p["truth"]) for p in originals]
            n = len(prf)
            tp = fp = fn_ = 0
            for p in originals:
                out = outs[p["id"]]
                ow = set(words(out))
                og = trigrams(words(out))
                for text, label in blocks.get(p["id"], []):
                    if label is None:
                        continue
                    removed = not kept(text, ow, og)
                    tp += removed and label == 1
                    fp += removed and label == 0
                    fn_ += (not removed) and label == 1
            bp = tp / (tp + fp) if tp + fp else 0.0
            br = tp / (tp + fn_) if tp + fn_ else 0.0
            bf = 2 * bp * br / (bp + br) if bp + br else 0.0

            kept_by_kind = Counter()
            total_by_kind = Counter()
            for p in spliced:
                out = souts[p["id"]]
                ow = set(words(out))
                og = trigrams(words(out))
                for ins in p["inserted"]:
                    total_by_kind[ins["kind"]] += 1
                    kept_by_kind[ins["kind"]] += kept(ins["text"], ow, og)
            rows.append(
                {
                    "tool": name,
                    "recall": {p["id"]: x[1] for p, x in zip(originals, prf)},
                    "prf": {p["id"]: list(x) for p, x in zip(originals, prf)},
                    "p": sum(x[0] for x in prf) / n,
                    "r": sum(x[1] for x in prf) / n,
                    "f1": sum(x[2] for x in prf) / n,
                    "block_f1": bf,
                    "failures": failures,
                    "kept": {k: kept_by_kind[k] / total_by_kind[k] for k in sorted(total_by_kind)},
                    "totals": dict(total_by_kind),
                    "docs_s": len(originals) / seconds,
                    "mb_s": mb / seconds,
                }
            )

    kinds = sorted(rows[0]["totals"])
    date = datetime.date.today().isoformat()
    lines = [
        f"Run on {date}, {platform.python_implementation()} {platform.python_version()}, "
        f"one core ({platform.machine()}); `{args.command}`. Held-out pages: wcxb-dev file ids "
        f"that are odd ({len(originals)} pages with main content, {mb:.1f} MB of HTML); the HTML "
        f"model was trained on the even ids. Spliced: {len(spliced)} of those pages with "
        + ", ".join(f"{rows[0]['totals'][k]} {k}" for k in kinds)
        + " paragraphs of splice-dev spliced into the body as `<p>`.",
        "",
        "Versions: " + "; ".join(versions.values()) + ".",
        "",
        "| tool | token P | token R | token F1 | block F1 (boilerplate) | "
        + " | ".join(f"spliced {k} kept" for k in kinds)
        + " | docs/s | MB/s |",
        "|---|---:|---:|---:|---:|" + "---:|" * len(kinds) + "---:|---:|",
    ]
    for r in rows:
        fails = f" ({r['failures']} pages failed)" if r["failures"] else ""
        lines.append(
            f"| {r['tool']}{fails} | {r['p']:.3f} | {r['r']:.3f} | {r['f1']:.3f} | {r['block_f1']:.3f} | "
            + " | ".join(f"{100 * r['kept'][k]:.1f}%" for k in kinds)
            + f" | {r['docs_s']:.1f} | {r['mb_s']:.2f} |"
        )
    # The story dropped: pages where a tool keeps under half of the main text while
    # trafilatura keeps at least 80% of it (measured against trafilatura when it ran).
    reference = next((r for r in rows if r["tool"] == "trafilatura"), None)
    if reference is not None:
        lines += ["", "Pages where a tool keeps under half of the main text's words while trafilatura keeps at least 80%:", ""]
        for r in rows:
            if r is reference:
                continue
            dropped = sorted(
                (r["recall"][i], i)
                for i, ref in reference["recall"].items()
                if ref >= 0.8 and r["recall"][i] < 0.5
            )
            worst = ", ".join(f"{i} ({rec:.2f} vs {reference['recall'][i]:.2f})" for rec, i in dropped[:5])
            lines.append(
                f"- {r['tool']}: {len(dropped)} of {len(originals)} pages "
                f"({100 * len(dropped) / len(originals):.1f}%)" + (f"; worst: {worst}" if worst else "")
            )
    report = "\n".join(lines) + "\n"
    if args.per_page:
        with open(args.per_page, "w", encoding="utf-8") as f:
            json.dump({r["tool"]: r["prf"] for r in rows}, f)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
