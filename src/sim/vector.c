/*
 * vector.c — tf-idf vectors over all feature kinds in one space.
 *
 * Terms, dictionary translations, names, numbers and dates go into one
 * sparse vector, each kind scaled by its configured weight, and articles
 * are compared by cosine.  One space (rather than one score per kind
 * combined afterwards) lets rare names and dates count by their idf like
 * any rare word, and keeps one threshold per language pair.
 *
 * idf = ln(1 + N / df) over the articles seen so far (N of them; for
 * terms, N counts the articles of the term's language only): smooth
 * enough to behave on the tiny corpora of tests and two-article pairs,
 * and ~10 for a word seen once in a 40,000-article day.  Log tf (1 +
 * ln tf) damps words a long article repeats.
 *
 * Site boilerplate: extraction leaves some of a site's furniture in the
 * text (its name, a standing footer, a recurring promo line), and in a
 * language few other sites write, those words are rare corpus-wide, so
 * idf rewards them and every article of the site looks alike (on the
 * contest day, 50 unrelated Dagens industri articles formed one
 * "thread").  The df table remembers, per feature, the first source that
 * used it and how many of its articles came from that source; a feature
 * seen in 3 or more articles, 90% of them from one source, is that
 * source's furniture and is left out of vectors.
 *
 * Across languages only part of a vector can match: a Russian article's
 * own stems never meet an English article's.  Each vector therefore also
 * carries the norm of its cross-lingual part (names, numbers, dates,
 * dictionary translations; all of an English article), and articles in
 * two languages are compared by the cosine of those parts
 * (braid_vec_xcos), as in the measurements of CROSSLINGUAL.md.
 *
 * Dictionary translations are many per word (up to 8) and most are
 * wrong for the context; the wrong ones are typically rare English words
 * (parley, palaver), which idf would reward.  So a translation is kept
 * only if English articles of the corpus use that stem, and weighted by
 * the idf among them: the df table counts translations a second time
 * under a salted key, and English use = df - translated use.
 *
 * Vectors are truncated to the cfg->thread_max_features strongest
 * features before normalising: the tail holds words that could never
 * decide "same event" and costs time in every comparison and centroid.
 */
#include "sim/vector.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

void braid_df_init(braid_df *d)
{
    u64map_init(&d->df);
    u64map_init(&d->nlang);
    d->ndocs = 0;
}

void braid_df_free(braid_df *d)
{
    u64map_free(&d->df);
    u64map_free(&d->nlang);
    d->ndocs = 0;
}

static uint64_t lang_key(const char *lang)
{
    return u64map_key(XXH3_64bits(lang ? lang : "und", lang ? strlen(lang) : 3));
}

static double lang_docs(const braid_df *d, const char *lang)
{
    uint64_t *v = u64map_get(&d->nlang, lang_key(lang));
    return v ? (double)*v : 0;
}

/* value layout: df (bits 0-23) | same-source count (24-47) | source tag
 * (48-63, 0 = none yet) */
#define DF(v) ((v) & 0xFFFFFFu)
#define SAME(v) (((v) >> 24) & 0xFFFFFFu)
#define TAG(v) ((v) >> 48)

static uint64_t site_tag(const char *site)
{
    if (!site || !site[0]) return 0;
    uint64_t t = XXH3_64bits(site, strlen(site)) & 0xFFFF;
    return t ? t : 1;
}

/* Features are counted by their 32-bit key (analyzer.h: braid_feat_key,
 * never 0); dictionary translations are also counted under a second key,
 * which has high bits set and so never meets a first one. */
#define XKEY(key) ((uint64_t)(key) ^ 0x7E57AB1E5EED0000ull)

/* The df table of a day of news is ~64 MB: every lookup misses the
 * caches, so loops over an article's features prefetch this many ahead */
#define PREFETCH_AHEAD 8

int braid_df_add(braid_df *d, const braid_analysis *an, const char *lang, const char *site)
{
    uint64_t tag = site_tag(site);
    uint64_t *nl = u64map_put(&d->nlang, lang_key(lang));
    if (!nl) return -1;
    (*nl)++;
    for (size_t i = 0; i < an->n; i++) {
        if (i + PREFETCH_AHEAD < an->n) u64map_prefetch(&d->df, braid_analysis_key(an, i + PREFETCH_AHEAD));
        uint32_t key = braid_analysis_key(an, i);
        if (braid_analysis_xterm(an, i)) {
            uint64_t *x = u64map_put(&d->df, XKEY(key));
            if (!x) return -1;
            (*x)++;
        }
        uint64_t *v = u64map_put(&d->df, key);
        if (!v) return -1;
        uint64_t df = DF(*v), same = SAME(*v), t = TAG(*v);
        if (df < 0xFFFFFF) df++;
        if (tag && !t) t = tag;
        if (tag && t == tag && same < 0xFFFFFF) same++;
        *v = df | same << 24 | t << 48;
    }
    d->ndocs++;
    return 0;
}

void braid_df_remove(braid_df *d, const braid_analysis *an, const char *lang, const char *site)
{
    uint64_t tag = site_tag(site);
    uint64_t *nl = u64map_get(&d->nlang, lang_key(lang));
    if (nl && *nl) (*nl)--;
    for (size_t i = 0; i < an->n; i++) {
        uint32_t key = braid_analysis_key(an, i);
        if (braid_analysis_xterm(an, i)) {
            uint64_t *x = u64map_get(&d->df, XKEY(key));
            if (x && *x) (*x)--;
        }
        uint64_t *v = u64map_get(&d->df, key);
        if (!v || !DF(*v)) continue;
        uint64_t df = DF(*v) - 1, same = SAME(*v), t = TAG(*v);
        if (tag && t == tag && same) same--;
        *v = df | same << 24 | t << 48;
    }
    if (d->ndocs) d->ndocs--;
}

int braid_df_site_bound(const braid_df *d, uint64_t id)
{
    uint64_t *v = u64map_get(&d->df, braid_feat_key(id));
    if (!v) return 0;
    uint64_t df = DF(*v);
    return df >= 3 && SAME(*v) * 10 >= df * 9;
}

double braid_df_idf(const braid_df *d, uint64_t id)
{
    uint64_t *v = u64map_get(&d->df, braid_feat_key(id));
    double df = v && DF(*v) ? (double)DF(*v) : 1.0;
    double n = d->ndocs > df ? (double)d->ndocs : df;
    return log(1.0 + n / df);
}

static double kind_weight(const braid_config *cfg, int kind)
{
    switch (kind) {
    case BRAID_FEAT_XTERM: return cfg->thread_w_xterm;
    case BRAID_FEAT_ENTITY: return cfg->thread_w_entity;
    case BRAID_FEAT_NUMBER: return cfg->thread_w_number;
    case BRAID_FEAT_DATE: return cfg->thread_w_date;
    default: return 1.0;
    }
}

/* a feature while its vector is built */
typedef struct wfeat {
    uint32_t key;
    float w;
    uint8_t shared;
} wfeat;

static int by_weight_desc(const void *x, const void *y)
{
    const wfeat *a = x, *b = y;
    if (a->w != b->w) return a->w > b->w ? -1 : 1;
    return (a->key > b->key) - (a->key < b->key);
}

static int by_key(const void *x, const void *y)
{
    const wfeat *a = x, *b = y;
    return (a->key > b->key) - (a->key < b->key);
}

/* Keep the k strongest of v[0..n) (by_weight_desc: weight, then key),
 * in their order — features come sorted by id, so by key, and stay so.
 * The k-th strongest is found by selection (Hoare's, on a copy), not by
 * sorting all n and then the k by key again: two qsorts over every
 * article's few hundred features were a visible share of placement.
 * Returns k. */
static size_t keep_strongest(wfeat *v, size_t n, size_t k)
{
    wfeat *c = malloc(n * sizeof *c);
    if (!c) { /* fall back to sorting in place */
        qsort(v, n, sizeof *v, by_weight_desc);
        qsort(v, k, sizeof *v, by_key);
        return k;
    }
    memcpy(c, v, n * sizeof *c);
    size_t lo = 0, hi = n - 1, want = k - 1; /* the k-th strongest, 0-based */
    while (lo < hi) {
        wfeat pivot = c[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        for (;;) {
            while (by_weight_desc(&c[i], &pivot) < 0) i++;
            while (by_weight_desc(&c[j], &pivot) > 0) j--;
            if (i >= j) break;
            wfeat t = c[i];
            c[i++] = c[j];
            c[j--] = t;
        }
        if (want <= j) hi = j;
        else lo = j + 1;
    }
    wfeat last = c[want];
    free(c);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (by_weight_desc(&v[i], &last) <= 0) v[m++] = v[i];
    return m;
}

int braid_feat_shared(int kind, const char *lang)
{
    return kind != BRAID_FEAT_TERM || (lang && !strcmp(lang, "en"));
}

int braid_vec_build(const braid_analysis *an, const char *lang, const braid_df *df,
                    const braid_config *cfg, braid_vec *out)
{
    out->v = NULL;
    out->shared = NULL;
    out->n = 0;
    out->xnorm = 0;
    if (!an->n) return 0;
    if (!an->f) return -1; /* compacted: weights need tf and kind (a bug) */
    /* terms are counted against the articles of their language (English
     * ones, translations included, against English articles): a word in
     * every French article is a French stopword even if French is 2% of
     * the corpus */
    double n_lang = lang_docs(df, lang), n_en = lang_docs(df, "en");
    wfeat *v = malloc(an->n * sizeof *v);
    if (!v) return -1;
    size_t n = 0;
    for (size_t i = 0; i < an->n; i++) {
        if (i + PREFETCH_AHEAD < an->n) u64map_prefetch(&df->df, braid_feat_key(an->f[i + PREFETCH_AHEAD].id));
        double w = kind_weight(cfg, an->f[i].kind);
        if (w <= 0 || an->f[i].tf <= 0) continue;
        uint32_t key = braid_feat_key(an->f[i].id);
        uint64_t *dv = u64map_get(&df->df, key);
        if (dv) {
            uint64_t n = DF(*dv);
            if (n >= 3 && SAME(*dv) * 10 >= n * 9) continue; /* one source's furniture */
        }
        double tf = an->f[i].tf;
        double dfv = dv && DF(*dv) ? (double)DF(*dv) : 1.0;
        double nd = (double)df->ndocs;
        if (an->f[i].kind == BRAID_FEAT_TERM) nd = lang && !strcmp(lang, "en") ? n_en : n_lang;
        if (an->f[i].kind == BRAID_FEAT_XTERM) {
            nd = n_en;
            /* only what English articles actually say can match: keep a
             * translation when English articles use it, weighted by its
             * English document frequency */
            uint64_t *xv = u64map_get(&df->df, XKEY(key));
            double en = (dv ? (double)DF(*dv) : 0) - (xv ? (double)*xv : 0);
            if (en < 1) continue;
            dfv = en;
        }
        if (nd < dfv) nd = dfv;
        w *= (tf >= 1 ? 1.0 + log(tf) : tf) * log(1.0 + nd / dfv);
        v[n++] = (wfeat){key, (float)w, (uint8_t)braid_feat_shared(an->f[i].kind, lang)};
    }
    size_t cap = cfg->thread_max_features > 0 ? (size_t)cfg->thread_max_features : n;
    if (n > cap) n = keep_strongest(v, n, cap);
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)v[i].w * v[i].w;
    if (s <= 0) {
        free(v);
        return 0;
    }
    /* the kept features and their shared bits in one block of the size
     * they need (the clusterer keeps every vector) */
    braid_vfeat *fit = malloc(n * sizeof *fit + (n + 7) / 8);
    if (!fit) {
        free(v);
        return -1;
    }
    uint8_t *bits = (uint8_t *)(fit + n);
    memset(bits, 0, (n + 7) / 8);
    double inv = 1.0 / sqrt(s), x = 0;
    for (size_t i = 0; i < n; i++) {
        fit[i] = (braid_vfeat){v[i].key, (float)(v[i].w * inv)};
        if (v[i].shared) {
            bits[i >> 3] |= (uint8_t)(1u << (i & 7));
            x += (double)fit[i].w * fit[i].w;
        }
    }
    free(v);
    out->v = fit;
    out->shared = bits;
    out->n = n;
    out->xnorm = sqrt(x);
    return 0;
}

void braid_vec_free(braid_vec *v)
{
    free(v->v);
    v->v = NULL;
    v->shared = NULL;
    v->n = 0;
    v->xnorm = 0;
}

double braid_vec_xcos(const braid_vec *a, const braid_vec *b)
{
    double d = a->xnorm * b->xnorm;
    return d > 0 ? braid_vec_dot(a, b) / d : 0;
}

double braid_vec_dot(const braid_vec *a, const braid_vec *b)
{
    double s = 0;
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->v[i].key == b->v[j].key) s += (double)a->v[i++].w * b->v[j++].w;
        else if (a->v[i].key < b->v[j].key) i++;
        else j++;
    }
    return s;
}

double braid_vec_weight(const braid_vec *v, uint32_t key)
{
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->v[mid].key == key) return v->v[mid].w;
        if (v->v[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}
