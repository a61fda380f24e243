#!/bin/sh
# test.sh — quick start, command 2 (and CI): install dependencies, build
# everything under AddressSanitizer + UBSan, run every test.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
make -j"$(nproc)" check
