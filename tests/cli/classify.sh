#!/bin/sh
# classify.sh — `braid news`, `braid categories`, `braid train` and
# `braid eval categories` end to end: contest output shapes, a model trained
# from JSON lines, and clear errors for missing or corrupt models.
# Prints "ok NAME" / "not ok NAME".
set -u
B=${BRAID:?set BRAID to the braid binary}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
check() { if eval "$2"; then echo "ok $1"; else echo "not ok $1"; fi; }

# a tiny labelled set: two topics, English
i=0
while [ $i -lt 40 ]; do
  printf '{"title":"Striker scores in league match %d","text":"The striker scored a goal in the league match at the stadium. The coach praised the team after the championship game.","label":"sports","lang":"en"}\n' $i
  printf '{"title":"Shares fall as inflation rises %d","text":"Shares fell on the stock market as inflation rose. Investors sold bonds and the bank said profit and revenue would fall.","label":"economy","lang":"en"}\n' $i
  printf '{"title":"Best deals on headphones %d","text":"Save big with these deals. Buy now, add to cart, free shipping on orders, discount code inside.","label":"not_news","lang":"en"}\n' $i
  i=$((i + 1))
done > "$T/train.jsonl"
mkdir -p "$T/m"
"$B" train --task category --out "$T/m/category.model" "$T/train.jsonl" > "$T/out" 2>&1; rc=$?
check "train category exits 0" '[ $rc -eq 0 ] && [ -s "$T/m/category.model" ]'
check "train prints figures" 'grep -q "training: accuracy=" "$T/out"'
"$B" train --task news --out "$T/m/news.model" --holdout 0.3 "$T/train.jsonl" > "$T/out" 2>&1; rc=$?
check "train news with hold-out prints validation" '[ $rc -eq 0 ] && grep -q "validation: accuracy=" "$T/out"'
head -n 30 "$T/train.jsonl" > "$T/valid.jsonl"
tail -n +31 "$T/train.jsonl" > "$T/rest.jsonl"
"$B" train --task news --out "$T/n2.model" --cv 3 --tune-threshold --cut-news 2 \
    --valid "$T/valid.jsonl" "$T/rest.jsonl" > "$T/out" 2>&1; rc=$?
check "news cv prints nested threshold figures" '[ $rc -eq 0 ] && grep -q "^cv-threshold\[all\]: chosen=" "$T/out" && grep -q "^cv-threshold: nested" "$T/out"'
"$B" train --task category --out "$T/c3.model" --cv 3 --tune-threshold --errors \
    --valid "$T/valid.jsonl" --test "$T/valid.jsonl" "$T/rest.jsonl" > "$T/out" 2> "$T/err"; rc=$?
check "category cv prints per-language figures and nested offsets" '[ $rc -eq 0 ] && grep -q "^cv\[en\]: accuracy=" "$T/out" && grep -q "^cv-summary\[en\]: accuracy=.* macro_F1=" "$T/out" && grep -q "^cv-offsets: nested macro_f1=" "$T/out"'
check "train --test is measured by the final model" 'grep -q "^test-summary\[all\]: accuracy=1.0000 macro_F1=1.0000 n=20$" "$T/out"'
"$B" train --task news --out "$T/n3.model" --cv 3 --valid "$T/valid.jsonl" "$T/rest.jsonl" > "$T/out" 2>&1
check "news cv summary names both classes' F1 and their macro" 'grep -q "^cv-summary\[en\]: news_F1=[0-9.]* not_news_F1=[0-9.]* binary_macro_F1=[0-9.]* accuracy=" "$T/out"'
"$B" train --task category --out "$T/m/c2.model" "$T/train.jsonl" > /dev/null 2>&1
check "training is deterministic" 'cmp -s "$T/m/category.model" "$T/m/c2.model"'
"$B" train --task nonsense --out "$T/x.model" "$T/train.jsonl" > /dev/null 2>&1; rc=$?
check "bad task is a usage error" '[ $rc -eq 2 ]'

mkdir -p "$T/docs"
printf 'Striker scores twice in league match\n\nThe striker scored two goals in the league match at the stadium and the coach praised the team.\n' > "$T/docs/a.txt"
printf 'Shares fall as inflation rises\n\nShares fell on the stock market as inflation rose and investors sold bonds.\n' > "$T/docs/b.txt"
"$B" categories --set model_dir="$T/m" "$T/docs" > "$T/out" 2> "$T/err"; rc=$?
check "categories exits 0" '[ $rc -eq 0 ]'
check "categories lists seven categories" '[ $(grep -o "\"category\"" "$T/out" | wc -l) -eq 7 ]'
check "categories files a.txt under sports" 'grep -q "\"sports\",\"articles\":\[\"a.txt\"\]" "$T/out"'
"$B" news --set model_dir="$T/m" "$T/docs" > "$T/out" 2>&1; rc=$?
check "news prints the contest object" '[ $rc -eq 0 ] && grep -q "^{\"articles\":\[" "$T/out"'
"$B" news --format ndjson --set model_dir="$T/m" "$T/docs" > "$T/out" 2>&1
check "ndjson has one line per document with scores" '[ $(wc -l < "$T/out") -eq 2 ] && grep -q "\"news_score\":" "$T/out"'

head -c 100 "$T/m/category.model" > "$T/m/bad.model"; mv "$T/m/bad.model" "$T/m/category.model"
"$B" categories --set model_dir="$T/m" "$T/docs" > /dev/null 2> "$T/err"; rc=$?
check "corrupt model is a clear error" '[ $rc -eq 1 ] && grep -q "category.model" "$T/err"'
"$B" news --set model_dir="$T/nowhere" "$T/docs" > /dev/null 2> "$T/err"; rc=$?
check "missing model is a clear error" '[ $rc -eq 1 ] && grep -q "nowhere/news.model" "$T/err"'

# eval on a small TSV with the shipped models, when they exist
if [ -f "$ROOT/models/category.model" ]; then
  printf 'INPUT:url\tINPUT:title\tINPUT:text\tGOLDEN:res\n' > "$T/e.tsv"
  printf 'http://x/1\tChelsea beat Arsenal in the league\tChelsea beat Arsenal 3-1 in the Premier League match; the striker scored twice.\tsports\n' >> "$T/e.tsv"
  "$B" eval categories --set model_dir="$ROOT/models" "$T/e.tsv" > "$T/out" 2>&1; rc=$?
  check "eval categories summary line" '[ $rc -eq 0 ] && tail -1 "$T/out" | grep -q "^categories: accuracy=.* macro_f1=.* news_f1=.* n=1$"'
  check "eval categories per-language summary" 'grep -q "^summary\[all\]: news_F1=1.0000 not_news_F1=0.0000 binary_macro_F1=1.0000 category_accuracy=1.0000 category_macro_F1=1.0000 n=1/1$" "$T/out" && grep -q "^summary\[en\]: " "$T/out" && ! grep -q "^summary\[ru\]: " "$T/out"'
fi
"$B" eval categories "$T/none.tsv" > /dev/null 2>&1; rc=$?
check "eval of a missing file fails" '[ $rc -ne 0 ]'
