#!/bin/sh
# demo.sh — quick start, command 1: install dependencies, build, and run
# braid's main job on the example articles in examples/.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
make -j"$(nproc)" all >/dev/null
echo "== braid languages examples/" >&2
build/braid languages examples/
echo "== braid extract examples/ (first 3 documents)" >&2
build/braid extract examples/ | head -n 3
