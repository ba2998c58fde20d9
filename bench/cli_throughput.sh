#!/usr/bin/env bash
# The command a user runs against the engine (issue 18), side by side in one run:
#   1. in-process: `cargo bench --bench throughput` (one warm process, best of 5);
#   2. user-facing: `taskset -c 0 seam score --format dolma -j 1 -q dev_text.jsonl > /dev/null`,
#      process start, reading and parsing JSONL and writing included (best of 5);
#   3. the same file at `-j 1` and `-j 2` on a batch of 5,000 documents (no taskset).
# MB/s count the documents' text (the "text" fields), the same bytes the in-process bench scores.
#
# Usage: bench/cli_throughput.sh      (needs ../shared/data/splice-dev beside the project)
set -euo pipefail
cd "$(dirname "$0")/.."

SPLICE=${SPLICE:-../shared/data/splice-dev/splice.jsonl}
[ -f "$SPLICE" ] || { echo "bench/cli_throughput.sh: $SPLICE not found" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
BIN=target/release/seam

# {"id","text"} records: splice-dev as plain text, once (912 documents) and repeated to 5,000
# documents, and the text bytes of each.
n_docs=$(wc -l < "$SPLICE")
small=$(python3 bench/splice_corpus.py "$SPLICE" "$n_docs" --text-bytes 2>&1 > "$WORK/dev_text.jsonl")
big=$(python3 bench/splice_corpus.py "$SPLICE" 5000 --text-bytes 2>&1 > "$WORK/batch5000.jsonl")

# Best wall time of five runs of a command, in seconds.
best_of_5() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
best = float("inf")
for _ in range(5):
    t = time.perf_counter()
    subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
    best = min(best, time.perf_counter() - t)
print(f"{best:.4f}")
PY
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, seam $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
inproc=$(taskset -c 0 cargo bench --quiet --bench throughput 2>/dev/null | sed -n 's/.*one core: \([0-9.]*\) MB\/s.*/\1/p')
t1=$(best_of_5 taskset -c 0 "$BIN" score --format dolma -j 1 -q "$WORK/dev_text.jsonl")
cli=$(python3 -c "print(f'{$small / 1e6 / $t1:.1f}')")
echo "| measure | MB/s of text |"
echo "|---|---:|"
echo "| in-process, \`taskset -c 0 cargo bench --bench throughput\` | $inproc |"
echo "| user-facing, \`taskset -c 0 seam score --format dolma -j 1 -q dev_text.jsonl\` | $cli |"
python3 -c "print(f'| user-facing / in-process | {$cli / $inproc:.2f}x |')"
j1=$(best_of_5 "$BIN" score --format dolma -j 1 -q "$WORK/batch5000.jsonl")
j2=$(best_of_5 "$BIN" score --format dolma -j 2 -q "$WORK/batch5000.jsonl")
python3 -c "print(f'| 5,000 documents, -j 1 | {$big / 1e6 / $j1:.1f} |'); print(f'| 5,000 documents, -j 2 | {$big / 1e6 / $j2:.1f} ({$j1 / $j2:.2f}x -j 1) |')"
