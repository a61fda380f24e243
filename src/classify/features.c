/*
 * features.c — an article as a sparse vector of hashed features.
 *
 * fastText-style: the tokenizer gives case-folded Snowball stems; every
 * stem that is not a stopword becomes a unigram, every two consecutive
 * such stems a bigram, and the title's unigrams and bigrams are counted
 * again in their own namespace (a title says more about the topic than
 * any sentence of the body).  Russian stems also give their first four
 * letters as a feature (PREFIX_CPS: derivations the stemmer leaves
 * apart).  Numbers collapse to one "<num>" token.  Two
 * small extra features: the language, and the article's length in tokens
 * on a log2 scale (not-news pages — product cards, forum posts — are often
 * very short or very long).
 *
 * Each feature is hashed with XXH3 (a per-namespace seed) into 2^dim_bits
 * buckets; no vocabulary is stored, so the model file is just weights and
 * unseen words cost nothing.  Body counts are damped (1 + ln tf), then the
 * vector is L2-normalised so long and short articles live on one scale.
 * The body is read up to MAX_BODY_BYTES / MAX_BODY_TOKENS (the first ~600
 * English or ~450 Russian words): the lead paragraphs carry the topic, and
 * it bounds the time per document (same cross-validated accuracy as 1,000
 * tokens of untruncated text; docs/CLASSIFY.md).
 *
 * Speed: folding and stemming every word was ~60% of the classifier's
 * time, and most words of a news day recur.  So the featurizer splits
 * words itself (the shared tokenizer's rules: runs of letters, marks and
 * digits, inner apostrophes between letters, '.' and ',' between digits)
 * and keeps a word cache: XXH3 of the word's raw bytes and language → the
 * hash of its stem (or "stopword", "number") and of its stem's prefix.  A miss asks the shared
 * tokenizer about that one word, so the features are those of
 * braid_tokenize() (braid_features_from_tokens gives the same vector); the
 * cache is cleared when 3/4 full, and its content never changes a result.
 */
#include "classify/classify.h"
#include "analyze/tokenize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#define MAX_BODY_TOKENS 600
#define MAX_BODY_BYTES 6000 /* tokenize no more than this (cut at a UTF-8 boundary) */

enum ns {
    NS_TITLE = 11, NS_TITLE_BI, NS_BODY, NS_BODY_BI, NS_LANG, NS_LEN, NS_BODY_PRE, NS_TITLE_PRE
};

/* Russian stem prefixes (features version 4): every Russian stem longer
 * than PREFIX_CPS code points also gives the feature "its first PREFIX_CPS
 * code points", at PREFIX_WEIGHT, in its own namespace.  The Snowball
 * stemmer strips endings but leaves derivations apart (экономика /
 * экономический / экономист); the prefix joins them, which a small
 * training set needs.  Measured (5-fold CV over toloka, seeds 1-3, with
 * the averaged SGD): Russian category macro-F1 0.890 -> 0.901, all 0.877
 * -> 0.884; English was worse with it (0.736 -> 0.720), so English has none;
 * 5 code points gave ru 0.893, weight 1.0 the same as 0.5 (docs/CLASSIFY.md). */
#define PREFIX_CPS 4
#define PREFIX_WEIGHT 0.5f

#define CACHE_BITS 16 /* 65,536 words, 1.5 MB */
/* A word's cached value: its stem hash with the low two bits telling what
 * it is (a stopword's hash keeps its own feature namespace). */
#define W_STEM 0u /* an ordinary stem                 */
#define W_STOP 1u /* a stopword                       */
#define W_NUM 2u  /* a number (one "<num>" feature)   */
#define W_SKIP 3u /* nothing left after folding       */

struct wc_entry {
    uint64_t key; /* 0 = empty */
    uint64_t val; /* hash | W_* kind */
    uint64_t pre; /* hash of the stem's prefix (Russian), 0 = none */
};

struct braid_featurizer {
    braid_tokenizer *tk;
    braid_tokens toks;
    struct wc_entry *cache; /* 1 << CACHE_BITS entries */
    size_t cache_used;
    uint64_t num_hash;
    uint64_t *hs;      /* stem hashes of the current field */
    size_t hs_cap;
    uint64_t *ps;      /* stem prefix hashes of the current field */
    size_t ps_cap, np;
    int want_pre;      /* the current field's language has prefixes */
    braid_feats raw;   /* unmerged features */
    braid_feat *tmp;   /* radix sort scratch */
    size_t tmp_cap;
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
    braid_tokenizer_cache(fz->tk, 0); /* it sees only the word cache's misses */
    braid_tokens_init(&fz->toks);
    fz->cache = calloc((size_t)1 << CACHE_BITS, sizeof *fz->cache);
    if (!fz->cache) {
        braid_tokenizer_free(fz->tk);
        free(fz);
        return NULL;
    }
    fz->num_hash = XXH3_64bits("<num>", 5);
    return fz;
}

void braid_features_free(braid_featurizer *fz)
{
    if (!fz) return;
    braid_tokenizer_free(fz->tk);
    braid_tokens_free(&fz->toks);
    free(fz->cache);
    free(fz->hs);
    free(fz->ps);
    braid_feats_free(&fz->raw);
    free(fz->tmp);
    free(fz);
}

static uint32_t bucket(uint64_t h, unsigned bits)
{
    return (uint32_t)(h >> (64 - bits));
}

static uint64_t token_value(const braid_featurizer *fz, const braid_tokens *ts, size_t i);
static uint64_t token_prefix(const braid_featurizer *fz, const braid_tokens *ts, size_t i);
static int push_pre(braid_featurizer *fz, uint64_t v);

static int has_prefixes(const char *lang)
{
    return !strcmp(lang, "ru");
}

/* Hash the kept tokens of ts (at most max_tokens) into fz->hs; returns the
 * count, or (size_t)-1 on OOM. */
static int push_value(braid_featurizer *fz, size_t *k, uint64_t v);

static size_t hash_tokens(braid_featurizer *fz, const braid_tokens *ts, size_t max_tokens,
                          size_t *ntok)
{
    size_t n = ts->n < max_tokens ? ts->n : max_tokens;
    *ntok = n;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (push_value(fz, &k, token_value(fz, ts, i))) return (size_t)-1;
        uint64_t pv = token_prefix(fz, ts, i);
        if (pv && push_pre(fz, pv)) return (size_t)-1;
    }
    return k;
}

/* ---- word splitting (the rules of analyze/tokenize.c) and the cache ---- */

static int is_digit(utf8proc_int32_t c)
{
    return c >= '0' && c <= '9';
}

/* End of the word that starts at s[i] (a word code point). */
static size_t word_end(const char *s, size_t len, size_t i)
{
    utf8proc_int32_t prev = 0;
    while (i < len) {
        size_t adv;
        utf8proc_int32_t c = braid_tok_next_cp(s, len, i, &adv);
        if (braid_tok_is_word_cp(c)) {
            prev = c;
            i += adv;
            continue;
        }
        if (i + adv < len && (c == '\'' || c == 0x2019 || c == '.' || c == ',')) {
            size_t adv2;
            utf8proc_int32_t d = braid_tok_next_cp(s, len, i + adv, &adv2);
            int apos = c == '\'' || c == 0x2019;
            if ((apos && braid_tok_is_letter(prev) && braid_tok_is_letter(d)) ||
                (!apos && is_digit(prev) && is_digit(d))) {
                prev = c;
                i += adv;
                continue;
            }
        }
        break;
    }
    return i;
}

static int grow(uint64_t **v, size_t *cap, size_t n)
{
    if (n < *cap) return 0;
    size_t c = *cap ? *cap * 2 : 256;
    uint64_t *nv = realloc(*v, c * sizeof *nv);
    if (!nv) return -1;
    *v = nv;
    *cap = c;
    return 0;
}

/* File one word's value: a stem (or <num>) into fz->hs[*k]; stopwords are
 * dropped (kept as their own features they did not help: docs/CLASSIFY.md). */
static int push_value(braid_featurizer *fz, size_t *k, uint64_t v)
{
    switch (v & 3u) {
    case W_SKIP:
    case W_STOP:
        return 0;
    case W_NUM:
        v = fz->num_hash;
        break;
    default:
        break;
    }
    if (grow(&fz->hs, &fz->hs_cap, *k)) return -1;
    fz->hs[(*k)++] = v;
    return 0;
}

static int push_pre(braid_featurizer *fz, uint64_t v)
{
    if (grow(&fz->ps, &fz->ps_cap, fz->np)) return -1;
    fz->ps[fz->np++] = v;
    return 0;
}

/* The hash of a token's stem prefix (its first PREFIX_CPS code points),
 * or 0: not wanted for this language, a stopword or number, or a stem no
 * longer than the prefix (the unigram says it already). */
static uint64_t token_prefix(const braid_featurizer *fz, const braid_tokens *ts, size_t i)
{
    const braid_token *t = &ts->v[i];
    if (!fz->want_pre || (t->flags & (BRAID_TOK_NUMBER | BRAID_TOK_STOPWORD)) ||
        t->stem_len == 0)
        return 0;
    const char *st = BRAID_TOK_STEM(ts, t);
    size_t cps = 0, cut = 0;
    for (size_t b = 0; b < t->stem_len && cps <= PREFIX_CPS; b++)
        if (((unsigned char)st[b] & 0xC0) != 0x80) {
            if (cps == PREFIX_CPS) cut = b;
            cps++;
        }
    if (cps <= PREFIX_CPS) return 0;
    return XXH3_64bits_withSeed(st, cut, NS_BODY_PRE) | 1u;
}

/* The value of one token of the shared tokenizer (hash | W_* kind). */
static uint64_t token_value(const braid_featurizer *fz, const braid_tokens *ts, size_t i)
{
    const braid_token *t = &ts->v[i];
    (void)fz;
    if (t->flags & BRAID_TOK_NUMBER) return W_NUM;
    if (t->stem_len == 0) return W_SKIP;
    uint64_t h = XXH3_64bits(BRAID_TOK_STEM(ts, t), t->stem_len) & ~(uint64_t)3;
    return h | (t->flags & BRAID_TOK_STOPWORD ? W_STOP : W_STEM);
}

/* Split s[0..len) into words and hash the stems of the kept ones into
 * fz->hs (at most max_tokens words are read).  Returns the count of
 * hashes, or (size_t)-1 on OOM. */
static size_t field_hashes(braid_featurizer *fz, const char *lang, const char *s, size_t len,
                           size_t max_tokens, size_t *ntok)
{
    *ntok = 0;
    if (!s || !len) return 0;
    uint64_t seed = XXH3_64bits(lang, strlen(lang));
    size_t mask = ((size_t)1 << CACHE_BITS) - 1;
    size_t k = 0, words = 0, i = 0;
    while (i < len && words < max_tokens) {
        size_t adv;
        utf8proc_int32_t c = braid_tok_next_cp(s, len, i, &adv);
        if (!braid_tok_is_word_cp(c)) {
            i += adv;
            continue;
        }
        size_t start = i;
        i = word_end(s, len, i);
        uint64_t key = XXH3_64bits_withSeed(s + start, i - start, seed) | 1u;
        size_t slot = (size_t)(key >> (64 - CACHE_BITS));
        while (fz->cache[slot].key && fz->cache[slot].key != key) slot = (slot + 1) & mask;
        if (fz->cache[slot].key == key) {
            uint64_t v = fz->cache[slot].val;
            words++;
            if (push_value(fz, &k, v)) return (size_t)-1;
            if (fz->cache[slot].pre && push_pre(fz, fz->cache[slot].pre)) return (size_t)-1;
            continue;
        }
        /* miss: the shared tokenizer on this word alone */
        braid_tokens_clear(&fz->toks);
        if (braid_tokenize(fz->tk, lang, s + start, i - start, &fz->toks) != 0)
            return (size_t)-1;
        for (size_t t = 0; t < fz->toks.n && words < max_tokens; t++, words++) {
            uint64_t v = token_value(fz, &fz->toks, t);
            uint64_t pv = token_prefix(fz, &fz->toks, t);
            if (pv && push_pre(fz, pv)) return (size_t)-1;
            if (fz->toks.n == 1) {
                if (fz->cache_used >= mask / 4 * 3) {
                    memset(fz->cache, 0, (mask + 1) * sizeof *fz->cache);
                    fz->cache_used = 0;
                    slot = (size_t)(key >> (64 - CACHE_BITS));
                }
                fz->cache[slot].key = key;
                fz->cache[slot].val = v;
                fz->cache[slot].pre = pv;
                fz->cache_used++;
            }
            if (push_value(fz, &k, v)) return (size_t)-1;
        }
    }
    *ntok = words;
    return k;
}

/* A feature's hash from stem hashes: a multiply-xorshift finaliser (the
 * stem hashes are already XXH3 values; this only mixes in the namespace
 * and the pair, four times cheaper than hashing them again). */
static uint64_t mix(uint64_t a, uint64_t b, uint64_t ns)
{
    uint64_t z = a ^ (b * 0x9E3779B97F4A7C15ull) ^ (ns * 0xD6E8FEB86659FD93ull);
    z = (z ^ (z >> 32)) * 0xD6E8FEB86659FD93ull;
    z = (z ^ (z >> 32)) * 0xD6E8FEB86659FD93ull;
    return z ^ (z >> 32);
}

static int add_field(braid_featurizer *fz, unsigned bits, size_t k,
                     enum ns uni, enum ns bi, float w)
{
    size_t need = fz->raw.n + 2 * k;
    if (need > fz->raw.cap) {
        braid_feat *v = realloc(fz->raw.v, need * sizeof *v);
        if (!v) return -1;
        fz->raw.v = v;
        fz->raw.cap = need;
    }
    braid_feat *out = fz->raw.v + fz->raw.n;
    for (size_t i = 0; i < k; i++) {
        out->idx = bucket(mix(fz->hs[i], 0, uni), bits);
        out->val = w;
        out++;
        if (i + 1 < k) {
            out->idx = bucket(mix(fz->hs[i], fz->hs[i + 1], bi), bits);
            out->val = w;
            out++;
        }
    }
    fz->raw.n = (size_t)(out - fz->raw.v);
    return 0;
}

/* The field's stem prefixes (fz->ps) as unigrams of namespace `ns`. */
static int add_prefixes(braid_featurizer *fz, unsigned bits, enum ns ns, float w)
{
    for (size_t i = 0; i < fz->np; i++)
        if (feats_push(&fz->raw, bucket(mix(fz->ps[i], 0, ns), bits), w)) return -1;
    fz->np = 0;
    return 0;
}

/* Sort v[0..n) by bucket: LSD radix sort, 8 bits a pass (three passes at
 * most), stable — several times faster than qsort on ~1,000 entries. */
static int sort_feats(braid_featurizer *fz, braid_feat *v, size_t n, unsigned bits)
{
    if (n < 2) return 0;
    if (n > fz->tmp_cap) {
        braid_feat *t = realloc(fz->tmp, n * sizeof *t);
        if (!t) return -1;
        fz->tmp = t;
        fz->tmp_cap = n;
    }
    braid_feat *src = v, *dst = fz->tmp;
    for (unsigned shift = 0; shift < bits; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++) count[((src[i].idx >> shift) & 255) + 1]++;
        for (int b = 0; b < 256; b++) count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++) dst[count[(src[i].idx >> shift) & 255]++] = src[i];
        braid_feat *t = src;
        src = dst;
        dst = t;
    }
    if (src != v) memcpy(v, src, n * sizeof *v);
    return 0;
}

/* Everything after the fields are hashed: language and length features,
 * damping, merging, normalisation.  fz->raw holds the body features in
 * [0, body_end) and the title's after. */
static int finish(braid_featurizer *fz, unsigned bits, const char *lang, size_t body_end,
                  size_t nbody, braid_feats *out)
{
    uint64_t h = XXH3_64bits_withSeed(lang, strlen(lang), NS_LANG);
    if (feats_push(&fz->raw, bucket(h, bits), 1.0f)) return -1;
    unsigned lb = 0;
    for (size_t t = nbody + 1; t > 1; t >>= 1) lb++;
    h = XXH3_64bits_withSeed(&lb, sizeof lb, NS_LEN);
    if (feats_push(&fz->raw, bucket(h, bits), 1.0f)) return -1;

    /* damp body term frequencies: sort the body part, merge, 1 + ln tf */
    if (sort_feats(fz, fz->raw.v, body_end, bits)) return -1;
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
    if (sort_feats(fz, fz->raw.v, fz->raw.n, bits)) return -1;
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

int braid_features_extract(braid_featurizer *fz, unsigned bits, const char *lang,
                           const char *title, size_t title_len, const char *text,
                           size_t text_len, braid_feats *out)
{
    out->n = 0;
    fz->raw.n = 0;
    if (!lang || !lang[0]) lang = "und";
    size_t ntitle, nbody;
    if (text && text_len > MAX_BODY_BYTES) {
        text_len = MAX_BODY_BYTES;
        while (text_len > 0 && ((unsigned char)text[text_len] & 0xC0) == 0x80) text_len--;
    }
    fz->want_pre = has_prefixes(lang);
    fz->np = 0;
    /* body first: its counts are damped after merging, the title's not */
    size_t k = field_hashes(fz, lang, text, text_len, MAX_BODY_TOKENS, &nbody);
    if (k == (size_t)-1 || add_field(fz, bits, k, NS_BODY, NS_BODY_BI, 1.0f) ||
        add_prefixes(fz, bits, NS_BODY_PRE, PREFIX_WEIGHT))
        return -1;
    size_t body_end = fz->raw.n;
    k = field_hashes(fz, lang, title, title_len, 64, &ntitle);
    if (k == (size_t)-1 || add_field(fz, bits, k, NS_TITLE, NS_TITLE_BI, 1.0f) ||
        add_prefixes(fz, bits, NS_TITLE_PRE, PREFIX_WEIGHT))
        return -1;
    return finish(fz, bits, lang, body_end, nbody, out);
}

int braid_features_from_tokens(braid_featurizer *fz, unsigned bits, const char *lang,
                               const braid_tokens *title, const braid_tokens *body,
                               size_t body_max_tokens, braid_feats *out)
{
    out->n = 0;
    fz->raw.n = 0;
    if (!lang || !lang[0]) lang = "und";
    size_t ntitle = 0, nbody = 0, k = 0;
    if (body_max_tokens > MAX_BODY_TOKENS) body_max_tokens = MAX_BODY_TOKENS;
    fz->want_pre = has_prefixes(lang);
    fz->np = 0;
    if (body) k = hash_tokens(fz, body, body_max_tokens, &nbody);
    if (k == (size_t)-1 || add_field(fz, bits, k, NS_BODY, NS_BODY_BI, 1.0f) ||
        add_prefixes(fz, bits, NS_BODY_PRE, PREFIX_WEIGHT))
        return -1;
    size_t body_end = fz->raw.n;
    k = 0;
    if (title) k = hash_tokens(fz, title, 64, &ntitle);
    if (k == (size_t)-1 || add_field(fz, bits, k, NS_TITLE, NS_TITLE_BI, 1.0f) ||
        add_prefixes(fz, bits, NS_TITLE_PRE, PREFIX_WEIGHT))
        return -1;
    return finish(fz, bits, lang, body_end, nbody, out);
}
