#!/bin/sh
# serve_browser.sh — runs the browser test of the web page
# (tests/browser/page.mjs: chromium + playwright-core); it skips with a
# message when either is missing.  Prints "ok NAME" / "not ok NAME".
set -u
: "${BRAID:?set BRAID to the braid binary}"
cd "$(dirname "$0")/../.." || exit 1
if ! command -v node >/dev/null; then echo "ok browser test skipped: node is not installed"; exit 0; fi
timeout 300 node tests/browser/page.mjs
