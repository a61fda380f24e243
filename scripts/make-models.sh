#!/bin/sh
# make-models.sh — rebuild models/news.model and models/category.model from
# the real data in ../shared/data (docs/CLASSIFY.md explains every step).
#
#   scripts/make-models.sh            (or `make models`)
#
# Environment: BRAID (default build/braid), DATA (default ../shared/data),
# WORK (scratch folder, default build/models-data), OUT (default models).
# Deterministic: the same data and seed give byte-identical models.
# Takes about two minutes, most of it reading the 40,133 contest pages once.
# The toloka *honey* files are never trained on: they are the held-out
# validation set printed at the end (and what `braid eval categories` reads).
set -eu
BRAID=${BRAID:-build/braid}
DATA=${DATA:-../shared/data}
WORK=${WORK:-build/models-data}
OUT=${OUT:-models}
T=$DATA/toloka
mkdir -p "$WORK" "$OUT"
[ -x "$BRAID" ] || { echo "make-models: $BRAID not built (run make)" >&2; exit 2; }
[ -d "$DATA" ] || { echo "make-models: $DATA missing" >&2; exit 2; }

# 1. unpack (once)
[ -d "$WORK/bbc" ] || tar -xJf "$DATA/bbc-news.tar.xz" -C "$WORK"
[ -d "$WORK/tgnews-20191118" ] || tar -xJf "$DATA/tgnews-20191118.tar.xz" -C "$WORK"
[ -s "$WORK/wmt.xml" ] || xz -dc "$DATA/wmt/wmttest2022.ru-en.all.xml.xz" > "$WORK/wmt.xml"

# 2. distant labels: English and Russian contest pages labelled by URL
#    section / single-topic site (src/classify/labels.c), one pass
[ -s "$WORK/url.jsonl" ] || "$BRAID" train --task category --dump "$WORK/url.jsonl" \
    "$WORK/tgnews-20191118"

# 3. the category model: BBC + URL labels + toloka training sets
"$BRAID" train --task category --out "$OUT/category.model" --seed 1 \
    "$WORK/bbc" "$WORK/url.jsonl" \
    "$T/categories_en_cat_training.tsv" "$T/categories_ru_cat_training.tsv" \
    --valid "$T/categories_en_cat_honey.tsv" --valid "$T/categories_ru_cat_honey.tsv" \
    2>/dev/null

# 4. the news model: not_news = WMT social/e-commerce + URL not-news sections
#    + toloka not_news; news = everything else
"$BRAID" train --task news --out "$OUT/news.model" --seed 1 \
    "$WORK/bbc" "$WORK/url.jsonl" "$WORK/wmt.xml" \
    "$T/categories_en_cat_training.tsv" "$T/categories_ru_cat_training.tsv" \
    --valid "$T/categories_en_cat_honey.tsv" --valid "$T/categories_ru_cat_honey.tsv" \
    2>/dev/null
ls -l "$OUT/category.model" "$OUT/news.model"
