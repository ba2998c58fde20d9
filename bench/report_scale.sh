#!/usr/bin/env bash
# Report at scale (issue 20): file size, writer time and peak RSS of `seam report`, and the
# time and JavaScript heap of opening the report in headless Chromium, on a day's batch made by
# repeating splice-dev (as bench/batch.sh does: {"id", "text"} records, ids made unique).
#
# Usage: bench/report_scale.sh [DOCS] [RUN ...]
#   DOCS  documents in the batch (default 20000)
#   RUN   "LABEL=SEAM [report flags]": a binary and flags to compare (default: this build).
#         e.g. bench/report_scale.sh 20000 "main=/tmp/seam-main" "this=target/release/seam" \
#                                          "context 1=target/release/seam --context 1"
# Env:   SPLICE=path/to/splice.jsonl   (default: ../shared/data/splice-dev/splice.jsonl)
#        WORK=dir for the batch and the reports (default: a temporary directory, removed after)
#        OPENS=times each report is opened (default 3; the median is printed)
# Needs: GNU time, python3, /usr/bin/chromium (bench/report_open.py drives it over CDP).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SPLICE=${SPLICE:-../shared/data/splice-dev/splice.jsonl}
[ -f "$SPLICE" ] || { echo "bench/report_scale.sh: $SPLICE not found" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/report_scale.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "bench/report_scale.sh: needs /usr/bin/chromium (apt-get install chromium)" >&2; exit 1; }
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
OPENS=${OPENS:-3}
n=${1:-20000}
shift || true
runs=("$@")
if [ ${#runs[@]} -eq 0 ]; then
  cargo build --release --quiet
  runs=("this=target/release/seam")
fi

corpus="$WORK/batch-$n.jsonl"
python3 bench/splice_corpus.py "$SPLICE" "$n" > "$corpus"

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $n documents, $(( $(stat -c %s "$corpus") / 1000000 )) MB of JSONL"
echo "| run | report MB | write s | writer peak RSS MB | open s (median of $OPENS) | JS heap MB |"
echo "|---|---:|---:|---:|---:|---:|"
k=0
for run in "${runs[@]}"; do
  label=${run%%=*}
  read -r -a cmd <<< "${run#*=}"
  k=$((k + 1))
  out="$WORK/report-$k.html"
  /usr/bin/time -v "${cmd[0]}" report -q "${cmd[@]:1}" "$corpus" -o "$out" > /dev/null 2> "$WORK/time.txt" || true
  [ -f "$out" ] || { echo "bench/report_scale.sh: $label wrote no report:" >&2; cat "$WORK/time.txt" >&2; exit 1; }
  wall=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time.txt")
  secs=$(awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<< "$wall")
  rss_kb=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
  opens=()
  for _ in $(seq "$OPENS"); do
    opens+=("$(python3 "$ROOT/bench/report_open.py" "$out")")
  done
  printf '%s\n' "${opens[@]}" | python3 -c '
import json, statistics, sys
label, secs, rss_kb, mb = sys.argv[1:5]
runs = [json.loads(l) for l in sys.stdin]
median = statistics.median(r["open_s"] for r in runs)
heap = statistics.median(r["js_heap_mb"] for r in runs)
print(f"| {label} | {float(mb) / 1e6:.0f} | {float(secs):.1f} | {int(rss_kb) / 1024:.0f} | {median:.2f} | {heap:.0f} |")
' "$label" "$secs" "$rss_kb" "$(stat -c %s "$out")"
  rm -f "$out"
done
