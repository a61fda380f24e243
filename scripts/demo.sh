#!/bin/sh
# demo.sh — quick start, command 1: install dependencies, build, and run
# braid's main job on the example articles in examples/ (docs/EXAMPLES.md):
# the static verbs, then the server on its embedded default store (a
# SQLite file in a temporary folder), fed the same articles over HTTP.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
make -j"$(nproc)" all >/dev/null
B=build/braid
say() { printf '\n== %s\n' "$*" >&2; }

say "braid languages examples/"
$B languages examples/
say "braid news examples/"
$B news examples/
say "braid threads examples/"
$B threads examples/
say "braid top examples/"
$B top examples/

T=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
say "braid serve --port 0 --db $T/braid.db  (SQLite, WAL)"
$B serve --port 0 --db "$T/braid.db" > "$T/log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log" | head -n 1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$T/log" >&2; exit 1; }
for f in examples/*; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Cache-Control: max-age=604800' \
         --data-binary @"$f" "http://127.0.0.1:$port/$(basename "$f")")
  echo "PUT /$(basename "$f") -> $code" >&2
done
say "GET /threads?period=604800&lang_code=en&category=any"
curl -s "http://127.0.0.1:$port/threads?period=604800&lang_code=en&category=any"; echo
say "the reader's page is at http://127.0.0.1:$port/ while this runs; stopping"
