#!/bin/sh
# server.sh — `make bench-server`: braid serve under load, measured.
#
#   1. start a release server on a fresh store (127.0.0.1, a free port);
#   2. PUT the whole contest day (40,133 pages) with wrk, 2 threads x
#      $CONNS connections: PUT/s and PUT latency;
#   3. GET /threads with rotating parameters (languages x categories x
#      periods, more combinations than the answer cache holds), then a
#      mixed GET load (threads, API lists, thread views, articles, health):
#      p50/p99 latency and requests/s;
#   4. peak RSS and memory per indexed article; /metrics; SIGTERM, restart
#      and time to ready (the index rebuilt from the store).
#
# Usage: bench/server.sh [BRAID]   (env: DATA=dir, CONNS=32, GET_SECONDS=20,
# LIMIT=n to PUT only the first n pages, STALE_MS=n to run the server with
# server_stale_ms=n, default 0).  Results go to stdout and to
# build/bench-server/results.txt.
set -eu
B=${1:-build/braid}
DATA=${DATA:-.data/tgnews-20191118}
CONNS=${CONNS:-32}
GET_SECONDS=${GET_SECONDS:-20}
OUT=build/bench-server
command -v wrk >/dev/null || { echo "bench-server: wrk is not installed (apt-get install wrk)"; exit 1; }
[ -d "$DATA" ] || { echo "bench-server: no data at $DATA"; exit 1; }
# KEEP_DB=1 reuses the store of the previous run (skips the PUT phase)
if [ -n "${KEEP_DB:-}" ] && [ -f "$OUT/bench.db" ]; then
  find "$OUT" -type f ! -name 'bench.db*' -delete
else
  KEEP_DB=""; rm -rf "$OUT"; mkdir -p "$OUT"
fi
R=$OUT/results.txt
: > "$R"
say() { echo "$*" | tee -a "$R"; }

find "$DATA" -name '*.html' | sort > "$OUT/files"
[ -n "${LIMIT:-}" ] && head -n "$LIMIT" "$OUT/files" > "$OUT/f2" && mv "$OUT/f2" "$OUT/files"
N=$(wc -l < "$OUT/files")
BYTES=$(cat "$OUT/files" | xargs cat | wc -c)

PID=""
stop() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=""; }
trap 'stop' EXIT INT TERM
start() {
  : > "$OUT/server.log"
  "$B" serve --port 0 --db "$OUT/bench.db" --set server_stale_ms="${STALE_MS:-0}" >> "$OUT/server.log" 2>&1 &
  PID=$!
  i=0
  while ! grep -q "ready:" "$OUT/server.log" && [ $i -lt 6000 ]; do sleep 0.05; i=$((i + 1)); done
  PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$OUT/server.log" | head -1)
  URL=http://127.0.0.1:$PORT
}
# server-side latency percentiles of one route between two /metrics
# snapshots (histogram buckets: the answer is a bucket's upper bound)
server_pct() { # ROUTE BEFORE AFTER
  awk -v r="$1" '
    FNR == 1 { f++ }
    index($0, "braid_request_duration_seconds_bucket{route=\"" r "\"") == 1 {
      le = $0; sub(/.*le="/, "", le); sub(/".*/, "", le)
      if (f == 1) b[le] = $2; else { a[le] = $2; order[++n] = le }
    }
    END {
      total = a["+Inf"] - b["+Inf"]
      if (total <= 0) { print "n/a"; exit }
      p50 = ""; p99 = ""
      for (i = 1; i <= n; i++) {
        c = a[order[i]] - b[order[i]]
        if (p50 == "" && c >= 0.5 * total) p50 = order[i]
        if (p99 == "" && c >= 0.99 * total) p99 = order[i]
      }
      printf "p50 <= %s s, p99 <= %s s (%d requests)", p50, p99, total
    }' "$2" "$3"
}
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$PID/status"; }
hwm_kb() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$PID/status"; }

say "== braid serve benchmark: $N pages ($((BYTES / 1048576)) MB), $(nproc) CPUs, server_stale_ms=${STALE_MS:-0}, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
start
RSS0=$(rss_kb)
say "empty server RSS: $((RSS0 / 1024)) MB"

# wrk's main thread sleeps for -d whatever its threads do, so the
# script watches the server's own count and stops wrk with SIGINT (wrk
# then prints its summary).  wrk may drop a thread's first generated
# request, so "all" is N minus the threads.
acked() { curl -s "$URL/metrics" | sed -n 's/^braid_commit_ops_total //p'; }
if [ -z "$KEEP_DB" ]; then
t0=$(date +%s.%N)
wrk -t2 -c"$CONNS" -d3600s --timeout 60s -s bench/server_put.lua "$URL" -- "$OUT/files" 2 > "$OUT/put.txt" 2>&1 &
WRK=$!
# RSS when half the pages are in: the growth from there to the end, per
# article, is what each more article costs (the rest of "RSS after load -
# empty" is fixed: request threads' allocator arenas, SQLite's caches)
RSSH=""; NH=0
while [ "$(acked)" -lt $((N - 2)) ] && kill -0 "$WRK" 2>/dev/null; do
  if [ -z "$RSSH" ] && [ "$(acked)" -ge $((N / 2)) ]; then NH=$(acked); RSSH=$(rss_kb); fi
  sleep 0.2
done
t1=$(date +%s.%N)
kill -INT "$WRK"; wait "$WRK" || true
secs=$(echo "$t1 - $t0" | bc)
done_n=$(acked)
say "PUT: $done_n pages in ${secs} s = $(echo "$done_n / $secs" | bc) PUT/s ($CONNS connections); errors: $(sed -n 's/^put_errors //p' "$OUT/put.txt")"
say "PUT latency (server side, mean): $(curl -s "$URL/metrics" | awk '/^braid_request_duration_seconds_sum{route="put"}/ {s=$2} /^braid_request_duration_seconds_count{route="put"}/ {n=$2} END {if (n) printf "%.1f ms", 1000 * s / n}')"
else
say "PUT: skipped (KEEP_DB: $(sed -n 's/.*ready: \(.*\)/\1/p' "$OUT/server.log"))"
fi
curl -s "$URL/metrics" > "$OUT/metrics-after-put.txt"
ART=$(sed -n 's/^braid_articles //p' "$OUT/metrics-after-put.txt")
THR=$(sed -n 's/^braid_threads //p' "$OUT/metrics-after-put.txt")
IXB=$(sed -n 's/^braid_index_bytes //p' "$OUT/metrics-after-put.txt")
BAT=$(sed -n 's/^braid_commit_batches_total //p' "$OUT/metrics-after-put.txt")
MAXB=$(sed -n 's/^braid_commit_max_batch //p' "$OUT/metrics-after-put.txt")
RSS1=$(rss_kb)
cp "/proc/$PID/smaps" "$OUT/smaps-after-put.txt" 2>/dev/null || true
say "indexed: $ART articles, $THR threads; $BAT group commits (largest $MAXB)"
say "RSS after load: $((RSS1 / 1024)) MB; per article: $(( (RSS1 - RSS0) * 1024 / (ART > 0 ? ART : 1) )) bytes (texts are not held in memory); index tables: $((IXB / (ART > 0 ? ART : 1))) bytes/article"
if [ -n "${RSSH:-}" ] && [ "$ART" -gt "$NH" ]; then
  say "  growth from $NH to $ART articles: $(( (RSS1 - RSSH) * 1024 / (ART - NH) )) bytes per article"
fi

# GET /threads: every language x category x period
: > "$OUT/threads.paths"
for l in en ru; do for c in any society economy technology sports entertainment science other; do
  for p in 3600 21600 86400 604800; do echo "/threads?period=$p&lang_code=$l&category=$c" >> "$OUT/threads.paths"; done
done; done
curl -s "$URL/metrics" > "$OUT/m0"
wrk -t2 -c16 -d"${GET_SECONDS}s" --latency -s bench/server_get.lua "$URL" -- "$OUT/threads.paths" > "$OUT/get-threads.txt" 2>&1
curl -s "$URL/metrics" > "$OUT/m1"
say "GET /threads, no writes (64 parameter sets, 16 connections; answers cached after the first round): p50 $(sed -n 's/^get_latency_p50_ms //p' "$OUT/get-threads.txt") ms, p99 $(sed -n 's/^get_latency_p99_ms //p' "$OUT/get-threads.txt") ms, p99.9 $(sed -n 's/^get_latency_p99.9_ms //p' "$OUT/get-threads.txt") ms, $(sed -n 's/^get_rps //p' "$OUT/get-threads.txt") req/s, errors $(sed -n 's/^get_errors //p' "$OUT/get-threads.txt")"
say "  server side (request in to answer queued): $(server_pct threads "$OUT/m0" "$OUT/m1")"
for p in 3600 86400; do
  curl -s -o /dev/null -w "%{size_download}" "$URL/threads?period=$p&lang_code=ru&category=any" > "$OUT/size.$p"
done
say "  answer sizes: period=3600 ru any $(cat "$OUT/size.3600") bytes; period=86400 ru any $(cat "$OUT/size.86400") bytes"

# the same while writes go on (each write invalidates the answer cache):
# the first 3000 pages PUT again (204) by 4 more connections
head -n 3000 "$OUT/files" > "$OUT/files.rewrite"
wrk -t1 -c4 -d"${GET_SECONDS}s" --timeout 60s -s bench/server_put.lua "$URL" -- "$OUT/files.rewrite" 1 > "$OUT/put-during-get.txt" 2>&1 &
WRK2=$!
before=$(acked)
curl -s "$URL/metrics" > "$OUT/m2"
wrk -t2 -c16 -d"${GET_SECONDS}s" --latency -s bench/server_get.lua "$URL" -- "$OUT/threads.paths" > "$OUT/get-threads-writes.txt" 2>&1
curl -s "$URL/metrics" > "$OUT/m3"
after=$(acked)
kill -INT "$WRK2" 2>/dev/null || true; wait "$WRK2" 2>/dev/null || true
say "GET /threads during writes ($(( (after - before) / GET_SECONDS )) PUT/s alongside): p50 $(sed -n 's/^get_latency_p50_ms //p' "$OUT/get-threads-writes.txt") ms, p99 $(sed -n 's/^get_latency_p99_ms //p' "$OUT/get-threads-writes.txt") ms, $(sed -n 's/^get_rps //p' "$OUT/get-threads-writes.txt") req/s, errors $(sed -n 's/^get_errors //p' "$OUT/get-threads-writes.txt")"
say "  server side: $(server_pct threads "$OUT/m2" "$OUT/m3"); PUT server side: $(server_pct put "$OUT/m2" "$OUT/m3")"

# mixed: threads, API lists, thread views, articles, health
cp "$OUT/threads.paths" "$OUT/mixed.paths"
for l in en ru; do echo "/api/threads?lang=$l&period=86400&limit=50" >> "$OUT/mixed.paths"; done
curl -s "$URL/api/threads?lang=en&period=604800&limit=40" | grep -o '"id":[0-9]*' | head -40 | sed 's/"id":/\/api\/threads\//' >> "$OUT/mixed.paths"
curl -s "$URL/api/threads?period=604800&limit=30" | grep -o '"articles":\["[^"]*"' | sed 's|.*\["|/api/articles/|; s|"$||' >> "$OUT/mixed.paths"
echo /healthz >> "$OUT/mixed.paths"
wrk -t2 -c16 -d"${GET_SECONDS}s" --latency -s bench/server_get.lua "$URL" -- "$OUT/mixed.paths" > "$OUT/get-mixed.txt" 2>&1
say "GET mixed ($(wc -l < "$OUT/mixed.paths") paths): p50 $(sed -n 's/^get_latency_p50_ms //p' "$OUT/get-mixed.txt") ms, p99 $(sed -n 's/^get_latency_p99_ms //p' "$OUT/get-mixed.txt") ms, $(sed -n 's/^get_rps //p' "$OUT/get-mixed.txt") req/s, errors $(sed -n 's/^get_errors //p' "$OUT/get-mixed.txt")"
say "peak RSS: $(( $(hwm_kb) / 1024 )) MB"
curl -s "$URL/metrics" > "$OUT/metrics.txt"

t0=$(date +%s.%N)
stop
t1=$(date +%s.%N)
say "SIGTERM to exit: $(echo "$t1 - $t0" | bc) s"
start
say "restart: $(sed -n 's/.*ready: \(.*\)/\1/p' "$OUT/server.log"); RSS $(( $(rss_kb) / 1024 )) MB"
curl -s "$URL/threads?period=86400&lang_code=en&category=any" | head -c 300 > "$OUT/after-restart.json"
say "store: $(du -h "$OUT/bench.db" | cut -f1) (+ WAL $(du -h "$OUT/bench.db-wal" 2>/dev/null | cut -f1))"
stop
