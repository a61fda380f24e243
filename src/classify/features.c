/*
 * features.c — an article as a sparse vector of hashed features.
 *
 * fastText-style: the tokenizer gives case-folded Snowball stems; every
 * stem that is not a stopword becomes a unigram, every two consecutive
 * such stems a bigram, and the title's unigrams and bigrams are counted
 * again in their own namespace (a title says more about the topic than
 * any sentence of the body).  Numbers collapse to one "<num>" token.  Two
 * small extra features: the language, and the article's length in tokens
 * on a log2 scale (not-news pages — product cards, forum posts — are often
 * very short or very long).
 *
 * Each feature is hashed with XXH3 (a per-namespace seed) into 2^dim_bits
 * buckets; no vocabulary is stored, so the model file is just weights and
 * unseen words cost nothing.  Body counts are damped (1 + ln tf), then the
 * vector is L2-normalised so long and short articles live on one scale.
 * The body is read up to MAX_BODY_TOKENS tokens: the lead paragraphs carry
 * the topic, and it bounds the time per document.
 */
#include "classify/classify.h"
#include "analyze/tokenize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define MAX_BODY_TOKENS 400

enum ns { NS_TITLE = 11, NS_TITLE_BI, NS_BODY, NS_BODY_BI, NS_LANG, NS_LEN };

struct braid_featurizer {
    braid_tokenizer *tk;
    braid_tokens toks;
    uint64_t *hs;      /* stem hashes of the current field */
    size_t hs_cap;
    braid_feats raw;   /* unmerged features */
};

void braid_feats_free(braid_feats *f)
{
    free(f->v);
    f->v = NULL;
    f->n = f->cap = 0;
}

static int feats_push(braid_feats *f, uint32_t idx, float val)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 256;
        braid_feat *v = realloc(f->v, cap * sizeof *v);
        if (!v) return -1;
        f->v = v;
        f->cap = cap;
    }
    f->v[f->n].idx = idx;
    f->v[f->n].val = val;
    f->n++;
    return 0;
}

braid_featurizer *braid_features_new(void)
{
    braid_featurizer *fz = calloc(1, sizeof *fz);
    if (!fz) return NULL;
    fz->tk = braid_tokenizer_new();
    if (!fz->tk) {
        free(fz);
        return NULL;
    }
    braid_tokens_init(&fz->toks);
    return fz;
}

void braid_features_free(braid_featurizer *fz)
{
    if (!fz) return;
    braid_tokenizer_free(fz->tk);
    braid_tokens_free(&fz->toks);
    free(fz->hs);
    braid_feats_free(&fz->raw);
    free(fz);
}

static uint32_t bucket(uint64_t h, unsigned bits)
{
    return (uint32_t)(h >> (64 - bits));
}

/* Hash the kept tokens of one field into fz->hs; returns the count, or
 * (size_t)-1 on OOM. */
static size_t field_hashes(braid_featurizer *fz, const char *lang,
                           const char *s, size_t len, size_t max_tokens,
                           size_t *ntok)
{
    braid_tokens_clear(&fz->toks);
    *ntok = 0;
    if (!s || !len) return 0;
    if (braid_tokenize(fz->tk, lang, s, len, &fz->toks) != 0) return (size_t)-1;
    size_t n = fz->toks.n < max_tokens ? fz->toks.n : max_tokens;
    *ntok = n;
    if (n > fz->hs_cap) {
        uint64_t *hs = realloc(fz->hs, n * sizeof *hs);
        if (!hs) return (size_t)-1;
        fz->hs = hs;
        fz->hs_cap = n;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const braid_token *t = &fz->toks.v[i];
        if (t->flags & BRAID_TOK_STOPWORD) continue;
        if (t->flags & BRAID_TOK_NUMBER) {
            fz->hs[k++] = XXH3_64bits("<num>", 5);
            continue;
        }
        const char *stem = BRAID_TOK_STEM(&fz->toks, t);
        if (t->stem_len == 0) continue;
        fz->hs[k++] = XXH3_64bits(stem, t->stem_len);
    }
    return k;
}

static int add_field(braid_featurizer *fz, unsigned bits, size_t k,
                     enum ns uni, enum ns bi, float w)
{
    for (size_t i = 0; i < k; i++) {
        uint64_t h = XXH3_64bits_withSeed(&fz->hs[i], sizeof fz->hs[i], uni);
        if (feats_push(&fz->raw, bucket(h, bits), w)) return -1;
        if (i + 1 < k) {
            uint64_t pair[2] = {fz->hs[i], fz->hs[i + 1]};
            h = XXH3_64bits_withSeed(pair, sizeof pair, bi);
            if (feats_push(&fz->raw, bucket(h, bits), w)) return -1;
        }
    }
    return 0;
}

static int cmp_feat(const void *a, const void *b)
{
    uint32_t x = ((const braid_feat *)a)->idx, y = ((const braid_feat *)b)->idx;
    return x < y ? -1 : x > y;
}

int braid_features_extract(braid_featurizer *fz, unsigned bits,
                           const char *lang, const char *title,
                           size_t title_len, const char *text,
                           size_t text_len, braid_feats *out)
{
    out->n = 0;
    fz->raw.n = 0;
    if (!lang || !lang[0]) lang = "und";
    size_t ntitle, nbody;

    /* body first: its counts are damped after merging, the title's not */
    size_t k = field_hashes(fz, lang, text, text_len, MAX_BODY_TOKENS, &nbody);
    if (k == (size_t)-1 || add_field(fz, bits, k, NS_BODY, NS_BODY_BI, 1.0f)) return -1;
    size_t body_end = fz->raw.n;
    k = field_hashes(fz, lang, title, title_len, 64, &ntitle);
    if (k == (size_t)-1 || add_field(fz, bits, k, NS_TITLE, NS_TITLE_BI, 2.0f)) return -1;

    uint64_t h = XXH3_64bits_withSeed(lang, strlen(lang), NS_LANG);
    if (feats_push(&fz->raw, bucket(h, bits), 1.0f)) return -1;
    unsigned lb = 0;
    for (size_t t = nbody + 1; t > 1; t >>= 1) lb++;
    h = XXH3_64bits_withSeed(&lb, sizeof lb, NS_LEN);
    if (feats_push(&fz->raw, bucket(h, bits), 1.0f)) return -1;

    /* damp body term frequencies: sort the body part, merge, 1 + ln tf */
    qsort(fz->raw.v, body_end, sizeof *fz->raw.v, cmp_feat);
    size_t w = 0;
    for (size_t i = 0; i < body_end;) {
        size_t j = i;
        while (j < body_end && fz->raw.v[j].idx == fz->raw.v[i].idx) j++;
        fz->raw.v[w].idx = fz->raw.v[i].idx;
        fz->raw.v[w].val = 1.0f + logf((float)(j - i));
        w++;
        i = j;
    }
    size_t rest = fz->raw.n - body_end;
    memmove(fz->raw.v + w, fz->raw.v + body_end, rest * sizeof *fz->raw.v);
    fz->raw.n = w + rest;

    /* merge everything into `out`, sorted by bucket */
    qsort(fz->raw.v, fz->raw.n, sizeof *fz->raw.v, cmp_feat);
    double norm = 0;
    for (size_t i = 0; i < fz->raw.n;) {
        size_t j = i;
        float v = 0;
        while (j < fz->raw.n && fz->raw.v[j].idx == fz->raw.v[i].idx) v += fz->raw.v[j++].val;
        if (feats_push(out, fz->raw.v[i].idx, v)) return -1;
        norm += (double)v * v;
        i = j;
    }
    if (norm > 0) {
        float inv = (float)(1.0 / sqrt(norm));
        for (size_t i = 0; i < out->n; i++) out->v[i].val *= inv;
    }
    return 0;
}
