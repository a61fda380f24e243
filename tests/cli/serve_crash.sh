#!/bin/sh
# serve_crash.sh — kill -9 in the middle of a stream of PUTs: every article
# acknowledged (201) before the kill is served after the restart.
set -u
. "$(dirname "$0")/serve.lib"

make_set "$T/set" 30
start_server c1 --db "$T/db"
check "server starts" '[ -n "$PORT" ]'
# two writers, each logs the names the server acknowledged
# writer FIRST STEP: PUTs k<FIRST>, k<FIRST+STEP>... (bodies from the set)
writer() {
  i=$1
  while [ $i -lt 1500 ]; do
    [ -f "$T/stop" ] && break
    n=k$i.html
    f=$T/set/a$((i % 30)).html
    i=$((i + $2))
    c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X PUT -H 'Content-Type: text/html' \
        -H 'Cache-Control: max-age=86400' --data-binary "@$f" "$URL/$n")
    [ "$c" = 201 ] && echo "$n" >> "$T/acked.$1"
  done
}
: > "$T/acked.0"; : > "$T/acked.1"
writer 0 2 &
W1=$!
writer 1 2 &
W2=$!
i=0
while [ $(cat "$T/acked.0" "$T/acked.1" | wc -l) -lt 40 ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 "$PID"
touch "$T/stop"
wait "$W1" "$W2" 2>/dev/null
cat "$T/acked.0" "$T/acked.1" | sort > "$T/acked"
n=$(wc -l < "$T/acked")
check "some PUTs were acknowledged before the kill ($n)" '[ "$n" -ge 40 ]'
check "not everything was sent before the kill" '[ "$n" -lt 1500 ]'

start_server c2 --db "$T/db"
check "restart after kill -9 is ready" '[ -n "$PORT" ] && [ "$(code GET /healthz)" = 200 ]'
missing=0
for a in $(cat "$T/acked"); do
  [ "$(code GET "/api/articles/$a")" = 200 ] || missing=$((missing + 1))
done
check "every acknowledged article survived kill -9 (missing: $missing)" '[ "$missing" -eq 0 ]'
code GET '/threads?period=86400&lang_code=en&category=any' > /dev/null
first=$(head -1 "$T/acked")
check "survivors are threaded again" 'grep -q "\"articles\":\[" "$T/body"'
stop_server TERM
check "no sanitizer or leak reports in the server logs" '! grep -l "Sanitizer\|runtime error" "$T"/*.log'
