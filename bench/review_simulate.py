#!/usr/bin/env python3
"""Review a report in headless Chromium the way a moderator would, with the gold labels of
labelled JSONL standing in for the moderator's judgement, and export the decisions:
`bench/review_simulate.py REPORT.html GOLD.jsonl DECISIONS.jsonl`.

It presses j to reach the first flag, then y ("does not belong") or n ("belongs") on every flag
as the gold label says (each key moves on to the next flag), then marks "does not belong" with a
click on every paragraph the report shows that the gold labels call inserted but the model did
not flag (a missed insertion a moderator sees next to a flag), and finally clicks "Export
decisions". So the file is the page's own export, made through its keys and buttons."""
import json, os, shutil, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Chromium  # noqa: E402

report, gold_path, out = sys.argv[1:4]
gold = {}
with open(gold_path, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        gold[r["id"]] = [p.get("label") for p in r["paragraphs"]]

FOCUSED = """(() => { const f = document.querySelector('.para.focus'); if (!f) return null;
  const li = f.closest('li.doc');
  return [li.dataset.doc, Number(f.querySelector('.pidx').textContent.slice(2))]; })()"""

c = Chromium()
downloads = tempfile.mkdtemp(prefix="seam-dl-")
try:
    s = c.open_tab(1280, 1000)
    c.send("Page.enable", {}, s)
    c.send("Browser.setDownloadBehavior",
           {"behavior": "allow", "downloadPath": downloads, "eventsEnabled": True})
    c.open(s, report)
    t0 = time.time()
    c.key(s, "j")
    flags = confirmed = 0
    focus = c.evaluate(s, FOCUSED)
    while focus is not None:
        label = gold[focus[0]][focus[1]]
        c.key(s, "y" if label == 1 else "n")
        flags += 1
        confirmed += label == 1
        after = c.evaluate(s, FOCUSED)
        if after == focus:  # the last flag: the focus stays
            break
        focus = after
    # Missed insertions among the paragraphs shown: open the document, click its button.
    data = json.loads(c.evaluate(s, "document.getElementById('seam-data').textContent"))
    missed = 0
    for d in data["documents"]:
        for pi, p in enumerate(d["paragraphs"]):
            if p.get("flagged") or gold[d["id"]][p["index"]] != 1:
                continue
            c.evaluate(s, "location.hash = '#expand=' + encodeURIComponent(%s)" % json.dumps(d["id"]))
            selector = json.dumps('.para[data-para="%d"] button.decide-1' % pi)
            click = """(() => { const li = [...document.querySelectorAll('#queue li.doc')]
                .find(l => l.dataset.doc === %s);
              const b = li && li.querySelector(%s); if (!b) return false; b.click(); return true; })()""" % (
                json.dumps(d["id"]), selector)
            for _ in range(100):
                if c.evaluate(s, click):
                    missed += 1
                    break
                time.sleep(0.02)
            else:
                raise RuntimeError(f"could not mark {d['id']} paragraph {p['index']}")
    counter = c.evaluate(s, "document.getElementById('review-count').textContent")
    c.evaluate(s, "document.querySelector('[data-action=\"export-decisions\"]').click()")
    done = c.wait_event("Browser.downloadProgress")
    while done["params"].get("state") != "completed":
        done = c.wait_event("Browser.downloadProgress")
    shutil.move(done["params"]["filePath"], out)
    print(f"{report}: {flags} flags decided ({confirmed} confirmed, {flags - confirmed} false alarms), "
          f"{missed} missed insertions marked, in {time.time() - t0:.0f} s; page says: {counter}; "
          f"wrote {out}", file=sys.stderr)
finally:
    c.close()
    shutil.rmtree(downloads, ignore_errors=True)
