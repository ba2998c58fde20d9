#!/bin/sh
# Time and peak memory of issue 15's slow reproductions, for one seam binary.
#
# Usage, from the project root:
#   bench/hostile.sh SEAM_BINARY [WORK_DIR]
# Needs GNU time (/usr/bin/time) for the peak RSS. Do not run it on a build from before issue
# 15: the gzip bomb below drove those to 10-21 GB.
set -eu
SEAM=$1
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK"
cd "$WORK"

head -c 1G /dev/zero | gzip -1 > bomb.txt.gz
printf 'The council met on Monday.\n\nMembers voted to fund the bridge.\n' > good.txt
python3 - <<'PY'
open("brackets.md", "w").write("[" * (1 << 20) + "\n")
open("links.md", "w").write("[a](" * (1 << 18) + "\n")
open("angles.md", "w").write("<" * 400_000 + "\n")
open("blocks.html", "w").write("<p>x</p>" * 1_000_000)
open("blocks90k.html", "w").write("<p>x</p>" * 90_000)
PY
cp good.txt small.txt

run() {
    label=$1
    shift
    /usr/bin/time -f "$label: %e s, %M KB peak, exit %x" "$SEAM" "$@" > /dev/null 2> err.txt || true
    tail -n 1 err.txt
}
run "1 GB gzip bomb + good.txt" score --format jsonl -q bomb.txt.gz good.txt
run "1 MB of [" score --format jsonl -q brackets.md
run "1 MB of [a](" score --format jsonl -q links.md
run "400 KB of <" score --format jsonl -q angles.md
run "1,000,000 <p>x</p>" score --format jsonl -q blocks.html
run "90,000 <p>x</p>" score --format jsonl -q blocks90k.html
run "-j 10000" score -q -j 10000 small.txt
