#!/bin/sh
# read.sh — the braid CLI on bad and odd input: every problem is reported
# with the file name and a reason, processing goes on, and the exit status
# says whether anything failed.  Prints "ok NAME" / "not ok NAME".
set -u
B=${BRAID:?set BRAID to the braid binary}
F=$(cd "$(dirname "$0")/../fixtures/read" && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
check() { if eval "$2"; then echo "ok $1"; else echo "not ok $1"; fi; }

mkdir -p "$T/in/sub"
: > "$T/in/empty.txt"
printf '\x7fELF\001\001\001\000\000\000' > "$T/in/prog.bin"
printf 'A good headline about the budget\n\nThe parliament approved the budget on Tuesday after a long debate.\n' > "$T/in/sub/good.txt"
cp "$F/ru-koi8r.txt" "$T/in/sub/koi.txt"

"$B" extract "$T/in" > "$T/out" 2> "$T/err"; rc=$?
check "exit status 1 when a document failed" '[ $rc -eq 1 ]'
check "empty file named with reason" 'grep -q "empty.txt: empty document" "$T/err"'
check "binary file named with reason" 'grep -q "prog.bin: binary file" "$T/err"'
check "good documents still extracted" '[ $(wc -l < "$T/out") -eq 2 ]'
check "koi8-r decoded to UTF-8" 'grep -q "Правительство" "$T/out"'
check "output names files by base name" 'grep -q "\"file\":\"good.txt\"" "$T/out"'

head -c 300000 /dev/zero | tr '\0' 'a' > "$T/big.txt"
"$B" extract --set max_doc_bytes=100K "$T/big.txt" > /dev/null 2> "$T/err"; rc=$?
check "over the size limit is reported" '[ $rc -eq 1 ] && grep -q "big.txt: larger than the limit" "$T/err"'

"$B" extract "$T/no-such-file" > /dev/null 2> "$T/err"; rc=$?
check "missing path is reported" '[ $rc -eq 1 ] && grep -q "no-such-file" "$T/err"'

printf 'Lead line of a note\n\nSome words arrive on standard input today.\n' | "$B" extract > "$T/out" 2>&1; rc=$?
check "stdin is read" '[ $rc -eq 0 ] && grep -q "standard input" "$T/out"'

"$B" extract "$F/mixed.jsonl" > "$T/out" 2> "$T/err"; rc=$?
check "jsonl: good lines kept, bad lines named by line" '[ $rc -eq 1 ] && [ $(wc -l < "$T/out") -eq 2 ] && grep -q "mixed.jsonl:4" "$T/err"'

# 10,000 nested elements, and unbalanced junk: no crash, no hang
{ printf '<html><body>'; i=0; while [ $i -lt 10000 ]; do printf '<div>'; i=$((i+1)); done
  printf '<p>Deep paragraph text survives the nesting.</p></body></html>'; } > "$T/deep.html"
timeout 60 "$B" extract "$T/deep.html" > "$T/out" 2> "$T/err"; rc=$?
check "HTML nested 10,000 deep does not crash" '[ $rc -le 1 ]'
head -c 200000 /dev/urandom > "$T/random.bin"
timeout 60 "$B" extract "$T/random.bin" > /dev/null 2> "$T/err"; rc=$?
check "random bytes are rejected cleanly" '[ $rc -eq 1 ] && grep -q "random.bin" "$T/err"'

"$B" extract --set no_such_key=1 "$T/in" > /dev/null 2> "$T/err"; rc=$?
check "unknown config key is a usage error" '[ $rc -eq 2 ] && grep -q "no_such_key" "$T/err"'
"$B" config --set server_token=s3cret --set max_doc_bytes=12345 > "$T/out"; rc=$?
check "braid config prints the settings but never the token" '[ $rc -eq 0 ] && grep -q "^max_doc_bytes = 12345$" "$T/out" && grep -q "^server_token = (set, not shown)$" "$T/out" && ! grep -q s3cret "$T/out"'
"$B" extract --help > "$T/out"; rc=$?
check "--help works" '[ $rc -eq 0 ] && grep -q "usage: braid extract" "$T/out"'
"$B" languages "$T/in/sub" > "$T/out" 2>/dev/null; rc=$?
check "languages prints contest JSON" '[ $rc -eq 0 ] && grep -q "\"lang_code\"" "$T/out"'
