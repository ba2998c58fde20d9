#!/usr/bin/env python3
"""Open a seam report in headless Chromium and print how long it took to be usable and how much
JavaScript heap it holds: `bench/report_open.py REPORT.html [RUNS]`.

"Open" is the time from navigation start (the page's own clock, performance.now()) until the
queue's first row exists, i.e. the script has parsed the data and drawn the page; a report from
this version also marks it (performance mark "seam-ready"), which is used when present. Each run
uses a fresh browser and profile. Prints one JSON object per run."""
import json, os, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Chromium  # noqa: E402

READY = """(() => {
  const row = document.querySelector('#queue li.doc');
  const mark = performance.getEntriesByName('seam-ready')[0];
  return row ? (mark ? mark.startTime : performance.now()) : null;
})()"""


def run(path, timeout=900):
    c = Chromium()
    try:
        s = c.open_tab()
        c.send("Page.enable", {}, s)
        c.send("Page.navigate", {"url": "file://" + os.path.abspath(path)}, s)
        end = time.time() + timeout
        ready = None
        while ready is None:
            if time.time() > end:
                raise TimeoutError(f"{path} did not open within {timeout} s")
            try:
                ready = c.evaluate(s, READY)
            except RuntimeError:
                ready = None  # the page is still loading
            if ready is None:
                time.sleep(0.05)
        heap = c.send("Runtime.getHeapUsage", {}, s)
        c.send("HeapProfiler.collectGarbage", {}, s)
        after_gc = c.send("Runtime.getHeapUsage", {}, s)
        return {
            "report": path,
            "mb": round(os.path.getsize(path) / 1e6, 1),
            "open_s": round(ready / 1000, 2),
            "js_heap_mb": round(heap["usedSize"] / 1e6),
            "js_heap_after_gc_mb": round(after_gc["usedSize"] / 1e6),
        }
    finally:
        c.close()


if __name__ == "__main__":
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    for _ in range(runs):
        print(json.dumps(run(sys.argv[1])), flush=True)
