#!/usr/bin/env bash
# The review loop's worked example (README, "Review and retrain"): does training on a
# moderator's decisions help, and how much do they weigh against the base data?
#
# splice-dev is cut in three by line (a third each): BASE to train the first model on, BATCH
# for a day's report, TEST to measure on. The first model reports on BATCH; a moderator
# reviews the report (bench/review_simulate.py: the gold labels stand in for the moderator,
# pressing y/n on every flag in the page and clicking "does not belong" on the missed
# insertions the page shows); the page's export trains the next model with BASE. Decisions
# weigh like any labelled paragraph; listing the file twice weighs them twice. Decisions from
# the default report (flags with two paragraphs around them) are trained on as those windows,
# or, with --documents-from BATCH, on the whole documents they were scored in.
#
# Usage: bench/review_example.sh [WORK_DIR]     (needs python3 and /usr/bin/chromium)
# Env:   SPLICE=path/to/splice.jsonl             (default: ../shared/data/splice-dev/splice.jsonl)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SPLICE=${SPLICE:-../shared/data/splice-dev/splice.jsonl}
SPLICE=$(realpath "$SPLICE")
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK"
cargo build --release --quiet
SEAM=$ROOT/target/release/seam
cd "$WORK"

python3 - "$SPLICE" <<'PY'
import sys
parts = [[], [], []]
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    parts[i % 3].append(line)
for lines, name in zip(parts, ["base", "batch", "test"]):
    open(f"{name}.jsonl", "w", encoding="utf-8").writelines(lines)
PY

train() { # NAME DATA...
  local name=$1; shift
  "$SEAM" train "$@" -o "$name.json" --name "$name" > "$name.train.txt" 2> /dev/null
}
train m0 base.jsonl

# The day's report and its review, once as the default report (flags with two paragraphs
# around them) and once with whole flagged documents.
for embed in flags documents; do
  "$SEAM" report -q --model m0.json --embed "$embed" batch.jsonl -o "batch-$embed.html" || true
  python3 "$ROOT/bench/review_simulate.py" "batch-$embed.html" batch.jsonl "decisions-$embed.jsonl"
done

echo
echo "## How m0 did on the reviewed paragraphs (seam eval DECISIONS --model m0.json)"
echo "| decisions | paragraphs | positives | precision | recall | F1 |"
echo "|---|---:|---:|---:|---:|---:|"
reviewed() { # DESCRIPTION ARGS...
  local what=$1; shift
  "$SEAM" eval "$@" --model m0.json --worst 0 2> /dev/null | awk -v d="$what" '
    NR == 2 { n = $2; pos = $4 }
    NR == 3 { printf "| %s | %s | %s | %s | %s | %s |\n", d, n, pos, $2, $4, $6 }'
}
reviewed "--embed flags, as exported (windows)" decisions-flags.jsonl
reviewed "--embed flags, --documents-from batch.jsonl" decisions-flags.jsonl --documents-from batch.jsonl
reviewed "--embed documents" decisions-documents.jsonl

train m1win base.jsonl decisions-flags.jsonl
train m1 base.jsonl decisions-flags.jsonl --documents-from batch.jsonl
train m1x2 base.jsonl decisions-flags.jsonl decisions-flags.jsonl --documents-from batch.jsonl
train m1docs base.jsonl decisions-documents.jsonl
train mgold base.jsonl batch.jsonl

echo
echo "## On TEST (seam eval test.jsonl --model M)"
echo "| model | trained on | threshold | precision | recall | F1 | avg precision |"
echo "|---|---|---:|---:|---:|---:|---:|"
row() { # MODEL DESCRIPTION
  "$SEAM" eval test.jsonl --model "$1.json" --worst 0 | awk -v m="$1" -v d="$2" '
    NR == 2 { t = $6 }
    NR == 3 { printf "| %s | %s | %s | %s | %s | %s | %s |\n", m, d, t, $2, $4, $6, $11 }'
}
row m0 "base (304 documents)"
row m1win "base + decisions (--embed flags), as windows"
row m1 "base + decisions (--embed flags), --documents-from batch.jsonl"
row m1x2 "base + the same decisions twice, --documents-from batch.jsonl"
row m1docs "base + decisions (--embed documents)"
row mgold "base + the whole batch, every paragraph labelled"
echo
echo "work files in $WORK"
