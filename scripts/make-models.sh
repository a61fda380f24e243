#!/bin/sh
# make-models.sh — rebuild models/news.model and models/category.model from
# the real data in ../shared/data (docs/CLASSIFY.md explains every step).
#
#   scripts/make-models.sh            (what `make models` runs)
#
# Environment: BRAID (default build/braid), DATA (default ../shared/data),
# WORK (scratch folder, default build/models-data), OUT (default models).
# Deterministic: the same data and seed give byte-identical models.  About
# three minutes on one core, most of it reading the 40,133 contest pages once.
#
# Held-out figures, printed on the way:
#   - "cv:" lines: 5-fold cross-validation over the 365 toloka articles
#     (each predicted by a model that never saw it) — the shipped models'
#     own held-out measure, since they then learn from all toloka data;
#   - "cv-threshold" lines: the news threshold chosen on the cross-validated
#     scores (each fold judged with the threshold chosen on the others),
#     folded into the shipped news model's bias;
#   - "bbc:" lines: the category recipe trained WITHOUT BBC, measured on BBC;
#   - the last "categories:" line: `braid eval categories` on the toloka
#     honey files with a second model pair trained WITHOUT any honey data.
set -eu
BRAID=${BRAID:-build/braid}
DATA=${DATA:-../shared/data}
WORK=${WORK:-build/models-data}
OUT=${OUT:-models}
T=$DATA/toloka
[ -x "$BRAID" ] || { echo "make-models: $BRAID not built (run make)" >&2; exit 2; }
[ -d "$T" ] || { echo "make-models: $DATA missing (see ../shared/data/README.md)" >&2; exit 2; }
mkdir -p "$WORK" "$OUT"

# 1. unpack (once)
[ -d "$WORK/bbc" ] || tar -xJf "$DATA/bbc-news.tar.xz" -C "$WORK"
[ -d "$WORK/tgnews-20191118" ] || tar -xJf "$DATA/tgnews-20191118.tar.xz" -C "$WORK"
[ -s "$WORK/wmt.xml" ] || xz -dc "$DATA/wmt/wmttest2022.ru-en.all.xml.xz" > "$WORK/wmt.xml"

# 2. distant labels: English and Russian contest pages labelled by their
#    URL's section or single-topic site (src/classify/labels.c), one pass;
#    the file name carries the pattern list's version, so that a dump made
#    with older patterns is not reused
URLS="$WORK/url-v3.jsonl"
[ -s "$URLS" ] ||
    "$BRAID" train --task category --dump "$URLS" "$WORK/tgnews-20191118"

TOLOKA_TRAIN="$T/categories_en_cat_training.tsv $T/categories_ru_cat_training.tsv"
TOLOKA_HONEY="$T/categories_en_cat_honey.tsv $T/categories_ru_cat_honey.tsv"
VALID=""
for f in $TOLOKA_TRAIN $TOLOKA_HONEY; do VALID="$VALID --valid $f"; done

# 3. the shipped models: BBC + URL labels (+ WMT for news), cross-validated
#    over all toloka data, then trained on everything
"$BRAID" train --task category --out "$OUT/category.model" --seed 1 --cv 5 \
    "$WORK/bbc" "$URLS" $VALID 2>/dev/null | grep -v '^training'
"$BRAID" train --task news --out "$OUT/news.model" --seed 1 --cv 5 --cut-news 6 --tune-threshold \
    "$WORK/bbc" "$URLS" "$WORK/wmt.xml" $VALID 2>/dev/null | grep -v '^training'

# 4. the same recipe with the toloka honey files held out entirely, measured
#    by the evaluation command itself (--valid keeps the few honey articles
#    that are also contest pages out of the training data)
mkdir -p "$WORK/holdout"
HONEY_VALID=""
for f in $TOLOKA_HONEY; do HONEY_VALID="$HONEY_VALID --valid $f"; done
"$BRAID" train --task category --out "$WORK/holdout/category.model" --seed 1 \
    "$WORK/bbc" "$URLS" $TOLOKA_TRAIN $TOLOKA_TRAIN $TOLOKA_TRAIN $HONEY_VALID >/dev/null 2>&1
"$BRAID" train --task news --out "$WORK/holdout/news.model" --seed 1 --cut-news 6 \
    "$WORK/bbc" "$URLS" "$WORK/wmt.xml" $TOLOKA_TRAIN $TOLOKA_TRAIN $TOLOKA_TRAIN $HONEY_VALID \
    >/dev/null 2>&1
"$BRAID" eval categories --set model_dir="$WORK/holdout" $TOLOKA_HONEY

# 5. English categories on BBC News with a category model that never saw BBC
"$BRAID" train --task category --out "$WORK/holdout/nobbc.model" --seed 1 \
    "$URLS" $TOLOKA_TRAIN $TOLOKA_HONEY --valid "$WORK/bbc" 2>/dev/null |
    sed -n 's/^validation/bbc/p' | grep -v science
ls -l "$OUT/category.model" "$OUT/news.model"
