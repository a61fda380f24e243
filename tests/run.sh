#!/bin/sh
# run.sh — run every test program (cmocka) and the CLI tests, and print
# one summary line CI can read: "tests: N passed, M failed, K skipped".
# Usage: BRAID=path/to/braid tests/run.sh TEST_BINARY...
# VALGRIND=1 runs the test programs under valgrind (errors fail the test).
set -u
passed=0; failed=0; skipped=0; failed_names=""
log=$(mktemp); trap 'rm -f "$log"' EXIT
for t in "$@"; do
  name=$(basename "$t")
  if [ "${VALGRIND:-0}" = 1 ]; then
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
      "$t" >"$log" 2>&1; rc=$?
  else
    "$t" >"$log" 2>&1; rc=$?
  fi
  ok=$(grep -c '^\[       OK \]' "$log"); bad=$(grep -c '^\[  FAILED  \] [a-z_]' "$log")
  sk=$(grep -c '^\[  SKIPPED \] [a-z_]' "$log")
  passed=$((passed + ok)); failed=$((failed + bad)); skipped=$((skipped + sk))
  if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then failed=$((failed + 1)); fi
  if [ "$rc" -ne 0 ]; then
    failed_names="$failed_names $name"; echo "== $name FAILED (exit $rc)"; cat "$log"
  else
    echo "== $name: $ok passed${sk:+, $sk skipped}"
  fi
done
# CLI tests: each prints "ok NAME" / "not ok NAME"
if [ -n "${BRAID:-}" ]; then
  for s in "$(dirname "$0")"/cli/*.sh; do
    [ -f "$s" ] || continue
    BRAID="$BRAID" sh "$s" >"$log" 2>&1; rc=$?
    ok=$(grep -c '^ok ' "$log"); bad=$(grep -c '^not ok ' "$log")
    passed=$((passed + ok)); failed=$((failed + bad))
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then failed=$((failed + 1)); fi
    if [ "$rc" -ne 0 ] || [ "$bad" -ne 0 ]; then
      failed_names="$failed_names $(basename "$s")"; echo "== $(basename "$s") FAILED"; cat "$log"
    else
      echo "== $(basename "$s"): $ok passed"
    fi
  done
fi
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
