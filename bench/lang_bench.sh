#!/bin/sh
# lang_bench.sh — throughput of `braid lang` on short text (titles and
# sentences), in lines per second on one core.
#
#   bench/lang_bench.sh [BRAID] [CONTEST_DIR]
#
# Input: the og:title of every contest page (40k real news titles in
# many languages, ~60 bytes each) plus the og:description (one or two
# sentences, ~200 bytes), cut out with sed; when the contest pages are
# absent, whatlang's 69 sentences repeated.  The input is built once in
# a temporary file and timed separately from the run, so only `braid
# lang` is measured (model loading included, ~0.1 s: one process for all
# lines).  Reports CPU seconds, best of three runs.
set -eu
BRAID=${1:-build/braid}
DIR=${2:-.data/tgnews-20191118}
LID=${LID:-../shared/data/lid}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if [ -d "$DIR" ]; then
    find "$DIR" -name '*.html' | sort | xargs sed -n \
        -e 's/.*<meta property="og:title" content="\([^"]*\)".*/\1/p' >"$TMP/titles"
    find "$DIR" -name '*.html' | sort | xargs sed -n \
        -e 's/.*<meta property="og:description" content="\([^"]*\)".*/\1/p' >"$TMP/sentences"
elif [ -f "$LID/whatlang-examples.json" ]; then
    sed -n 's/^ *"[a-z]*": "\(.*\)",\{0,1\}$/\1/p' "$LID/whatlang-examples.json" >"$TMP/one"
    : >"$TMP/titles"
    i=0; while [ $i -lt 600 ]; do cat "$TMP/one" >>"$TMP/titles"; i=$((i + 1)); done
    cp "$TMP/titles" "$TMP/sentences"
else
    echo "lang_bench: neither $DIR nor $LID found" >&2
    exit 1
fi

# CPU time (user + sys) of one `braid lang` process, best of 3 runs: the
# machine is shared, and wall time measures the neighbours too.
run() { # name file
    n=$(wc -l <"$2")
    b=$(wc -c <"$2")
    best=
    for r in 1 2 3; do
        /usr/bin/time -f '%U %S %e' -o "$TMP/time" "$BRAID" lang <"$2" >"$TMP/out"
        t=$(awk '{ print $1 + $2 }' "$TMP/time")
        w=$(awk '{ print $3 }' "$TMP/time")
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; wall=$w; fi
    done
    awk -v n="$n" -v b="$b" -v t="$best" -v w="$wall" -v name="$1" 'BEGIN {
        printf "%-10s %7d lines %6.1f bytes/line  cpu %6.3f s (wall %s s)  %8.0f lines/s/core\n",
               name, n, b / n, t, w, n / t }'
    printf '  top codes:'
    sort "$TMP/out" | uniq -c | sort -rn | head -6 | awk '{ printf " %s %s", $2, $1 }'
    echo
}
run titles "$TMP/titles"
run sentences "$TMP/sentences"
