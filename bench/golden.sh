#!/bin/sh
# Every output a user sees, written by one seam binary into one folder, with an md5 per file:
# run it for two builds and `diff` the two MD5SUMS files to show a change is behaviour-neutral.
#
# Usage, from the project root with ../shared beside it:
#   bench/golden.sh SEAM_BINARY OUT_DIR [DATA_DIR]
# e.g. cargo build --release && cp target/release/seam /tmp/seam-before &&
#      bench/golden.sh /tmp/seam-before /tmp/golden-before
set -eu
SEAM=$1
OUT=$2
DATA=${3:-../shared/data}
rm -rf "$OUT"
mkdir -p "$OUT"
SPLICE=$DATA/splice-dev/splice.jsonl

# splice-dev as labelled paragraphs and as plain-text documents.
"$SEAM" score --format jsonl -q "$SPLICE" > "$OUT/splice.score.jsonl" || true
"$SEAM" score --format csv -q "$SPLICE" > "$OUT/splice.score.csv" || true
"$SEAM" score --format dolma -q "$SPLICE" > "$OUT/splice.dolma.jsonl" || true
"$SEAM" clean --format jsonl -q "$SPLICE" > "$OUT/splice.clean.jsonl" || true
"$SEAM" score --format jsonl -q "$DATA/splice-dev/docs" > "$OUT/docs.score.jsonl" || true
"$SEAM" score --format text --color never -q "$DATA/splice-dev/docs" > "$OUT/docs.score.txt" || true
"$SEAM" clean --format jsonl -q "$DATA/splice-dev/docs" > "$OUT/docs.clean.jsonl" || true
"$SEAM" report -q "$DATA/splice-dev/docs" -o "$OUT/docs.report.html" \
    --csv "$OUT/docs.report.csv" --jsonl "$OUT/docs.report.jsonl" --title golden || true

# The shipped examples and the seeds.
for f in data/examples/*.txt data/examples/*.md data/examples/*.html data/examples/*.jsonl ../shared/seeds/*.txt; do
    [ -f "$f" ] || continue
    b=$(basename "$f")
    "$SEAM" score --format jsonl -q "$f" > "$OUT/ex.$b.score.jsonl" || true
    "$SEAM" score --format text --color never -q "$f" > "$OUT/ex.$b.score.txt" || true
    "$SEAM" clean -q "$f" > "$OUT/ex.$b.clean" || true
done

# 60 WCXB pages as {"id", "html"} records.
python3 - "$DATA/wcxb-dev/html" > "$OUT/wcxb60.input.jsonl" <<'PY'
import gzip, json, os, sys
d = sys.argv[1]
for name in sorted(os.listdir(d))[:60]:
    raw = gzip.open(os.path.join(d, name)).read().decode("utf-8", "replace")
    print(json.dumps({"id": name, "html": raw}))
PY
"$SEAM" score --format jsonl -q "$OUT/wcxb60.input.jsonl" > "$OUT/wcxb60.score.jsonl" || true
"$SEAM" clean --format jsonl -q "$OUT/wcxb60.input.jsonl" > "$OUT/wcxb60.clean.jsonl" || true
"$SEAM" score --format jsonl --no-text-check -q "$OUT/wcxb60.input.jsonl" > "$OUT/wcxb60.html-only.jsonl" || true
rm "$OUT/wcxb60.input.jsonl"

# The report's generation time is the one thing that differs between runs.
sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' "$OUT/docs.report.html"
(cd "$OUT" && md5sum * > MD5SUMS)
wc -l < "$OUT/MD5SUMS"
