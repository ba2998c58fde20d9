#!/usr/bin/env python3
"""How often a flag's problem category (seam report) matches the gold kind of the paragraph, on
labelled JSONL such as splice-dev: `bench/report_categories.py REPORT.html LABELLED.jsonl`.
Write the report from the same file, e.g.
  seam report -q --embed documents ../shared/data/splice-dev/splice.jsonl -o /tmp/splice.html
Prints a Markdown table: one row per gold kind of the flagged paragraphs, one column per
category."""
import collections, json, sys

html_path, gold_path = sys.argv[1], sys.argv[2]
page = open(html_path, encoding="utf-8").read()
start = page.index('<script type="application/json" id="seam-data">')
start = page.index(">", start) + 1
data = json.loads(page[start:page.index("</script>", start)])
start = page.index('<script type="application/json" id="seam-summary">')
start = page.index(">", start) + 1
categories = [c["name"] for c in json.loads(page[start:page.index("</script>", start)])["categories"]]

kinds = {}
with open(gold_path, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        kinds[r["id"]] = [p.get("kind") or ("label %s" % p.get("label")) for p in r["paragraphs"]]

table = collections.defaultdict(collections.Counter)
for d in data["documents"]:
    for p in d["paragraphs"]:
        if p.get("flagged"):
            table[kinds[d["id"]][p["index"]]][p["category"]] += 1

print("| gold kind | flags | " + " | ".join(categories) + " |")
print("|---|---:|" + "---:|" * len(categories))
for kind in sorted(table, key=lambda k: -sum(table[k].values())):
    row = table[kind]
    n = sum(row.values())
    cells = ["%d (%.0f%%)" % (row[c], 100 * row[c] / n) if row[c] else "" for c in categories]
    print(f"| {kind} | {n} | " + " | ".join(cells) + " |")
