#!/bin/sh
# Side-by-side benchmark of seam and the content extractors people use (trafilatura, jusText,
# boilerpy3, readability-lxml, resiliparse) on the same held-out wcxb-dev pages, in one run:
# accuracy against the human main content, the share of in-body spliced ads kept, and speed on
# one core. Writes target/bench-extractors/report.md.
#
# Usage, from the project root with ../shared beside it:  bench/extractors.sh [DATA_DIR]
#
# The split is fixed: pages with an odd WCXB file id are benchmarked; the shipped HTML model
# (models/html.json) was trained on the even ids only (see models/README.md).
set -eu
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}
OUT=target/bench-extractors
mkdir -p "$OUT"

cargo build --release --quiet
SEAM=target/release/seam

if [ ! -x "$OUT/venv/bin/python" ]; then
    python3 -m venv "$OUT/venv"
fi
"$OUT/venv/bin/pip" install --quiet --upgrade pip
"$OUT/venv/bin/pip" install --quiet --upgrade -r bench/requirements.txt

# The text check's model: the shipped one was trained on all of splice-dev, including the inserts
# spliced into the benchmark pages, so the benchmark trains its own on the even-id documents.
# Same command as the shipped one (models/README.md), on those documents only.
python3 -c '
import json, sys
for line in sys.stdin:
    if line.strip() and int(json.loads(line)["id"].rsplit("-", 1)[1]) % 2 == 0:
        sys.stdout.write(line)
' < "$DATA/splice-dev/splice.jsonl" > "$OUT/splice-even.jsonl"
"$SEAM" train "$OUT/splice-even.jsonl" --cv 5 --seed 8 --alpha 1 --min-precision 0.86 --name default-even \
    -o "$OUT/text-even.json" > "$OUT/text-even.txt"

"$SEAM" label --wcxb "$DATA/wcxb-dev" --splice "$DATA/splice-dev/splice.jsonl" \
    --id-parity odd -o "$OUT/labels-odd.jsonl" --pages-out "$OUT/pages-odd.jsonl"

"$OUT/venv/bin/python" bench/extractors.py --pages "$OUT/pages-odd.jsonl" \
    --labels "$OUT/labels-odd.jsonl" --seam "$SEAM" --text-model "$OUT/text-even.json" --out "$OUT/report.md" \
    --command "bench/extractors.sh"
