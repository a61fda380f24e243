#!/bin/sh
# run.sh — `make bench`: throughput and peak memory on the contest day.
#
# Needs ../shared/data/tgnews-20191118.tar.xz (unpacked once into .data/).
# For each stage it prints pages (or sentences) per second of wall time,
# per core (the CLI is single-threaded), and peak RSS from GNU time's
# %M (kilobytes).  Runs each measurement twice and keeps the faster, so a
# cold page cache does not count against braid.
set -eu
cd "$(dirname "$0")/.."
B=${BRAID:-build/braid}
DATA=../shared/data/tgnews-20191118.tar.xz
DAY=.data/tgnews-20191118
if [ ! -d "$DAY" ]; then
  if [ ! -f "$DATA" ]; then echo "bench: $DATA not found; skipping" >&2; exit 0; fi
  mkdir -p .data && tar -xJf "$DATA" -C .data
fi
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
pages=$(find "$DAY" -type f | wc -l)

measure() { # label, units, count, command...
  label=$1; units=$2; count=$3; shift 3
  best=""; rss=0
  for i in 1 2; do
    $TIME -f "%e %M" -o .data/bench.time "$@" > /dev/null 2>> .data/bench.err || true
    read -r secs kb < .data/bench.time
    if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then best=$secs; fi
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  rate=$(echo "scale=0; $count / ($best + 0.0001)" | bc)
  printf '%-34s %8s %s in %6.2fs  %9s %s/s  peak RSS %5d MB\n' "$label" "$count" "$units" "$best" "$rate" "$units" $((rss / 1024))
}

echo "braid bench: $pages pages of $DAY, $(nproc) cores"
measure "read+extract+lang (extract)" pages "$pages" "$B" extract --quiet "$DAY"
measure "read+extract+lang (languages)" pages "$pages" "$B" languages --quiet "$DAY"
# language identification alone, on one sentence per line
if [ ! -f .data/bench-sentences.txt ]; then
  "$B" extract --quiet "$DAY" | head -n 20000 | python3 -c '
import json,sys,re
out=open(".data/bench-sentences.txt","w")
for line in sys.stdin:
    t=json.loads(line)["text"]
    for s in re.split(r"(?<=[.!?])\s+", t):
        s=s.strip()
        if 20 <= len(s) <= 300: out.write(s.replace("\n"," ")+"\n")
'
fi
sents=$(wc -l < .data/bench-sentences.txt)
measure "language ID (lang)" sentences "$sents" sh -c "\"$B\" lang < .data/bench-sentences.txt"
for extra in bench/stage_*.sh; do [ -f "$extra" ] && BRAID="$B" DAY="$DAY" . "$extra"; done
exit 0
