#!/usr/bin/env bash
# Batch benchmark (issue 4): documents/s, MB/s and peak RSS of
#   seam score --format jsonl --jobs J CORPUS > /dev/null
# for J = 1 and 2, on JSONL corpora made by repeating splice-dev (records {"id", "text"}, the
# paragraphs joined by blank lines, ids made unique), at several sizes: peak RSS must not grow
# with the size of the input.
#
# Usage: bench/batch.sh [DOCS ...]          (default: 10000 100000)
# Env:   SPLICE=path/to/splice.jsonl        (default: ../shared/data/splice-dev/splice.jsonl)
#        WORK=dir for the corpora           (default: a new temporary directory, removed after)
set -euo pipefail
cd "$(dirname "$0")/.."

SPLICE=${SPLICE:-../shared/data/splice-dev/splice.jsonl}
[ -f "$SPLICE" ] || { echo "bench/batch.sh: $SPLICE not found (the shared data sits beside the project)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/batch.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench/batch.sh: needs python3 to build the corpus" >&2; exit 1; }
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)

cargo build --release --quiet
BIN=target/release/seam

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, seam $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| documents | input MB | jobs | wall s | CPU s | docs/s | MB/s | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  corpus="$WORK/batch-$n.jsonl"
  python3 bench/splice_corpus.py "$SPLICE" "$n" > "$corpus"
  bytes=$(stat -c %s "$corpus")
  for jobs in 1 2; do
    /usr/bin/time -v "$BIN" score --format jsonl --quiet --jobs "$jobs" "$corpus" > /dev/null 2> "$WORK/time.txt"
    wall=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time.txt")
    rss_kb=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
    user=$(sed -n 's/^\s*User time (seconds): //p' "$WORK/time.txt")
    sys=$(sed -n 's/^\s*System time (seconds): //p' "$WORK/time.txt")
    # h:mm:ss.ss or m:ss.ss -> seconds
    secs=$(awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<< "$wall")
    awk -v n="$n" -v b="$bytes" -v j="$jobs" -v s="$secs" -v u="$user" -v k="$sys" -v r="$rss_kb" 'BEGIN {
      cpu = u + k
      printf "| %d | %.0f | %d | %.1f | %.1f | %.0f | %.2f | %.0f |\n", n, b / 1e6, j, s, cpu, n / s, b / 1e6 / s, r / 1024
    }'
  done
  rm -f "$corpus"
done
