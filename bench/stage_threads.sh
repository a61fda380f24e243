# stage_threads.sh — thread-stage bench, sourced by bench/run.sh with
# BRAID (the binary) and DAY (the contest day folder) set.
#
# Times `braid threads` and `braid top` (the full static pipeline: read,
# extract, language, analysis, threads, ranking, output) on ~10k, ~20k and
# all ~40k pages of the day, taken as whole hour folders, so that the
# growth with article count can be read off (it should be linear).  Prints
# wall and CPU (user+sys) seconds and peak RSS; on a shared machine CPU
# seconds are the comparable figure.  Can also be run by itself:
#   BRAID=build/braid DAY=.data/tgnews-20191118 sh bench/stage_threads.sh
: "${BRAID:=build/braid}" "${DAY:=.data/tgnews-20191118}"
if [ -d "$DAY" ]; then
  thr_dirs() { # N: the first hour folders holding at least N pages
    want=$1; got=0; out=""
    for h in $(ls "$DAY" | sort -n); do
      [ -d "$DAY/$h" ] || continue
      out="$out $DAY/$h"
      got=$((got + $(find "$DAY/$h" -type f | wc -l)))
      [ "$got" -ge "$want" ] && break
    done
    echo "$got$out"
  }
  for want in 10000 20000 1000000; do
    set -- $(thr_dirs $want)
    n=$1; shift
    for verb in threads top; do
      /usr/bin/time -f "%e %U %S %M" -o .data/bench.thr.time "$BRAID" "$verb" --timings "$@" \
        > /dev/null 2> .data/bench.thr.err || true
      cat .data/bench.thr.err >> .data/bench.err
      read -r secs usr sys kb < .data/bench.thr.time
      printf '%-34s %8s pages in %6.2fs wall %6.2fs cpu  %6.0f us/page  peak RSS %5d MB\n' \
        "$verb ($n pages)" "$n" "$secs" "$(echo "$usr + $sys" | bc)" \
        "$(echo "($usr + $sys) * 1000000 / $n" | bc)" $((kb / 1024))
      # the whole day: where the time goes, stage by stage
      if [ "$want" = 1000000 ] && [ "$verb" = threads ]; then
        sed -n 's/^braid: timings: /    /p' .data/bench.thr.err
      fi
    done
  done
fi
