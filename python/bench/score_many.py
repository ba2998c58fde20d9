"""Throughput of seam.Scorer.score_many against `seam score` on the same documents.

    python python/bench/score_many.py [--seam target/release/seam] [--runs 5]

The documents: splice-dev's 912 documents as plain text (paragraphs joined by blank lines, as
`cargo bench --bench throughput` reads them; ../shared/data/splice-dev/splice.jsonl), or
data/examples repeated when ../shared is absent. The command line gets them as a JSONL file of
`{"id", "text"}` records and writes `--format jsonl` to /dev/null; Python gets the same texts
and ids as lists and keeps the result dicts. MB/s counts the texts' UTF-8 bytes. Best of
`--runs` for each, run in turns: on one core (`jobs=1` against `-j 1`, both pinned to one CPU)
and on every core (`jobs=None` against no `-j`).

What each side pays: the command line starts a process, parses its embedded model, reads and
parses JSONL and writes JSON text (its start-up alone is measured on an empty input and printed);
Python reads its texts out of Python strings and builds a dict per document, a dict per paragraph
and per reason, with the model parsed once when the Scorer is built (not timed: a Scorer is
built once and reused). Ratio: score_many's MB/s over seam score's (wall clock). The CPU
columns divide by the CPU time both spent, all threads counted (the command line's reader and
writer threads too): on a loaded machine they move less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import seam

ROOT = Path(__file__).resolve().parents[2]
SPLICE = ROOT.parent / "shared" / "data" / "splice-dev" / "splice.jsonl"


def corpus():
    if SPLICE.exists():
        docs = []
        with open(SPLICE, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                docs.append((d["id"], "\n\n".join(p["text"] for p in d["paragraphs"])))
        return f"splice-dev ({len(docs)} documents as plain text)", docs
    texts = [
        (p.name, p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "data" / "examples").iterdir())
        if p.suffix in (".txt", ".md")
    ]
    docs = [(f"{name}#{i}", t) for i in range(300) for name, t in texts]
    return "data/examples repeated (../shared absent)", docs


def timed(f):
    """Wall and CPU seconds of f(): CPU of this process (every thread) and of its children."""
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p0, t0 = time.process_time(), time.perf_counter()
    f()
    wall, cpu = time.perf_counter() - t0, time.process_time() - p0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    return wall, cpu


def race(runs: int, a, b):
    """Best wall and CPU time of `a` and of `b`, run in turns so that both see the same load."""
    best = [[float("inf")] * 2 for _ in range(2)]
    for _ in range(runs):
        for k, f in enumerate((a, b)):
            wall, cpu = timed(f)
            best[k][0] = min(best[k][0], wall)
            best[k][1] = min(best[k][1], cpu)
    return best


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seam", default=str(ROOT / "target" / "release" / "seam"))
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()

    name, docs = corpus()
    ids = [d[0] for d in docs]
    texts = [d[1] for d in docs]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    scorer = seam.Scorer()

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "docs.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for i, t in docs:
                f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
        empty = os.path.join(tmp, "empty.jsonl")
        open(empty, "w").close()

        def cli(*args):
            def run():
                subprocess.run(
                    [a.seam, "score", "--format", "jsonl", "-q", *args],
                    stdout=subprocess.DEVNULL,
                    check=True,
                )

            return run

        # Same answers first: the benchmark compares equal work.
        out = subprocess.run(
            [a.seam, "score", "--format", "jsonl", "-q", path], capture_output=True, check=True
        ).stdout.decode()
        cli_flags = [json.loads(line)["flagged"] for line in out.split("\n") if line]
        py_flags = [r["flagged"] for r in scorer.score_many(texts, ids=ids)]
        assert cli_flags == py_flags, "Python and the command line disagree"

        startup = min(timed(cli(empty))[0] for _ in range(a.runs))
        rows = []
        cores = sorted(os.sched_getaffinity(0))
        for label, jobs, cli_args, on in [
            ("one core", 1, ["-j", "1"], cores[-1:]),
            ("all cores", None, [], cores),
        ]:
            # One core: this process and the command line (which inherits it) pinned to one
            # CPU, as the project README's `taskset -c 1` measurement of `seam score -j 1`.
            os.sched_setaffinity(0, on)
            try:
                (cli_wall, cli_cpu), (py_wall, py_cpu) = race(
                    a.runs,
                    cli(*cli_args, path),
                    lambda: scorer.score_many(texts, ids=ids, jobs=jobs),
                )
            finally:
                os.sched_setaffinity(0, cores)
            rows.append((label, cli_wall, py_wall, cli_cpu, py_cpu))

    print(f"{name}: {mb:.1f} MB, {len(docs)} documents, {sum(py_flags)} flagged; "
          f"best of {a.runs}, run in turns; {os.cpu_count()} cores; seam {seam.__version__}")
    print(f"seam score start-up (empty input): {startup * 1e3:.0f} ms")
    print(f"{'':12} {'seam score':>12} {'score_many':>12} {'ratio':>6}   "
          f"{'per CPU-second: seam score':>26} {'score_many':>12}")
    for label, cli_wall, py_wall, cli_cpu, py_cpu in rows:
        print(f"{label:12} {mb / cli_wall:7.1f} MB/s {mb / py_wall:7.1f} MB/s "
              f"{cli_wall / py_wall:5.2f}x   {mb / cli_cpu:21.1f} MB/s {mb / py_cpu:7.1f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
