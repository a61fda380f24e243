#!/bin/sh
# serve_limits.sh — the server's safety: bearer token (401), body limit
# (413), header limit (431), slow request (408), bad names (400), methods
# (405); and it is still serving afterwards.
set -u
. "$(dirname "$0")/serve.lib"

article "$T/a.html" en 1 1
start_server l1 --db "$T/db" --token s3cret --set server_max_body=64K --set server_max_header=8K \
  --set server_request_timeout=1
check "binds 127.0.0.1 by default" 'grep -q "listening on http://127.0.0.1:" "$T/l1.log"'
check "PUT without a token is 401" '[ "$(code PUT /a.html --data-binary @"$T/a.html")" = 401 ] && grep -q "token" "$T/body"'
check "PUT with a wrong token is 401" '[ "$(code PUT /a.html -H "Authorization: Bearer nope" --data-binary @"$T/a.html")" = 401 ]'
check "DELETE without a token is 401" '[ "$(code DELETE /a.html)" = 401 ]'
check "PUT with the token is 201" '[ "$(code PUT /a.html -H "Authorization: Bearer s3cret" -H "Content-Type: text/html" --data-binary @"$T/a.html")" = 201 ]'
check "GET needs no token" '[ "$(code GET "/threads?period=600&lang_code=en")" = 200 ]'

head -c 100000 /dev/zero | tr '\0' a > "$T/big.txt"
check "a body over the limit is 413" '[ "$(code PUT /big.txt -H "Authorization: Bearer s3cret" --data-binary @"$T/big.txt")" = 413 ]'
check "a chunked body over the limit is 413" '[ "$(code PUT /big2.txt -H "Authorization: Bearer s3cret" -H "Transfer-Encoding: chunked" --data-binary @"$T/big.txt")" = 413 ]'
hdr=$(head -c 12000 /dev/zero | tr '\0' b)
check "headers over the limit are 431" '[ "$(code GET /healthz -H "X-Big: $hdr")" = 431 ]'

# a body that trickles in slower than server_request_timeout
if command -v python3 >/dev/null; then
  python3 - "$PORT" > "$T/slow" 2>&1 <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
s.sendall(b"PUT /slow.txt HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\nContent-Length: 100\r\n\r\n")
for i in range(4):
    s.sendall(b"0123456789")
    time.sleep(0.6)
try:
    s.sendall(b"x" * 60)
except OSError:
    pass
print(s.recv(200).decode(errors="replace").split("\r\n")[0])
PY
  check "a request slower than the timeout is 408" 'grep -q " 408 " "$T/slow"'
fi

for n in '..' 'a..b' '%2e%2e' 'a%2Fb' 'x%01y' 'tab%09name'; do
  check "name '$n' is rejected with 400" '[ "$(code PUT "/$n" -H "Authorization: Bearer s3cret" --data x)" = 400 ]'
done
check "POST is 405" '[ "$(code POST /a.html --data x)" = 405 ]'
check "GET of an unknown path is 404 JSON" '[ "$(code GET /nope)" = 404 ] && grep -q "\"error\"" "$T/body"'
check "still serving after all that" '[ "$(code GET /healthz)" = 200 ]'
stop_server TERM
check "clean stop" 'grep -q "stopped" "$T/l1.log"'

# a second server on the same port is refused
start_server l2 --db "$T/db2"
p=$PORT
timeout 20 "$BRAID" serve --port "$p" --db "$T/db3" > "$T/l3.log" 2>&1; rc=$?
check "a taken port is an error, not a silent second server" '[ $rc -ne 0 ] && grep -q "cannot listen" "$T/l3.log"'
stop_server TERM
# the contest's spelling: braid server PORT
"$BRAID" server 0 --db "$T/db4" > "$T/l4.log" 2>&1 &
P4=$!
PIDS="$PIDS $P4"
i=0; while ! grep -q "ready:" "$T/l4.log" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/l4.log" | head -1); URL="http://127.0.0.1:$PORT"
check "braid server PORT serves the protocol" '[ -n "$PORT" ] && [ "$(code GET "/threads?period=60&lang_code=en&category=any")" = 200 ]'
PID=$P4; stop_server TERM
check "usage errors exit 2" '"$BRAID" serve --port nope > /dev/null 2>&1; [ $? -eq 2 ]'
check "no sanitizer or leak reports in the server logs" '! grep -l "Sanitizer\|runtime error" "$T"/*.log'
