/*
 * vector.c — tf-idf vectors over all feature kinds in one space.
 *
 * Terms, dictionary translations, names, numbers and dates go into one
 * sparse vector, each kind scaled by its configured weight, and articles
 * are compared by cosine.  One space (rather than one score per kind
 * combined afterwards) lets rare names and dates count by their idf like
 * any rare word, and keeps one threshold per language pair.
 *
 * idf = ln(1 + N / df) over the articles seen so far (N of them): smooth
 * enough to behave on the tiny corpora of tests and two-article pairs,
 * and ~10 for a word seen once in a 40,000-article day.  Log tf (1 +
 * ln tf) damps words a long article repeats.
 *
 * Vectors are truncated to the cfg->thread_max_features strongest
 * features before normalising: the tail holds words that could never
 * decide "same event" and costs time in every comparison and centroid.
 */
#include "sim/vector.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void braid_df_init(braid_df *d)
{
    u64map_init(&d->df);
    d->ndocs = 0;
}

void braid_df_free(braid_df *d)
{
    u64map_free(&d->df);
    d->ndocs = 0;
}

int braid_df_add(braid_df *d, const braid_analysis *an)
{
    for (size_t i = 0; i < an->n; i++) {
        uint64_t *v = u64map_put(&d->df, an->f[i].id);
        if (!v) return -1;
        (*v)++;
    }
    d->ndocs++;
    return 0;
}

void braid_df_remove(braid_df *d, const braid_analysis *an)
{
    for (size_t i = 0; i < an->n; i++) {
        uint64_t *v = u64map_get(&d->df, an->f[i].id);
        if (v && *v) (*v)--;
    }
    if (d->ndocs) d->ndocs--;
}

double braid_df_idf(const braid_df *d, uint64_t id)
{
    uint64_t *v = u64map_get(&d->df, id);
    double df = v && *v ? (double)*v : 1.0;
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

static int by_weight_desc(const void *x, const void *y)
{
    const braid_vfeat *a = x, *b = y;
    if (a->w != b->w) return a->w > b->w ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

static int by_id(const void *x, const void *y)
{
    const braid_vfeat *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

int braid_vec_build(const braid_analysis *an, const braid_df *df, const braid_config *cfg,
                    braid_vec *out)
{
    out->v = NULL;
    out->n = 0;
    if (!an->n) return 0;
    braid_vfeat *v = malloc(an->n * sizeof *v);
    if (!v) return -1;
    size_t n = 0;
    for (size_t i = 0; i < an->n; i++) {
        double w = kind_weight(cfg, an->f[i].kind);
        if (w <= 0 || an->f[i].tf <= 0) continue;
        double tf = an->f[i].tf;
        w *= (tf >= 1 ? 1.0 + log(tf) : tf) * braid_df_idf(df, an->f[i].id);
        v[n++] = (braid_vfeat){an->f[i].id, (float)w, an->f[i].kind};
    }
    size_t cap = cfg->thread_max_features > 0 ? (size_t)cfg->thread_max_features : n;
    if (n > cap) {
        qsort(v, n, sizeof *v, by_weight_desc);
        n = cap;
        qsort(v, n, sizeof *v, by_id);
    }
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)v[i].w * v[i].w;
    if (s <= 0) {
        free(v);
        return 0;
    }
    double inv = 1.0 / sqrt(s);
    for (size_t i = 0; i < n; i++) v[i].w = (float)(v[i].w * inv);
    out->v = v;
    out->n = n;
    return 0;
}

void braid_vec_free(braid_vec *v)
{
    free(v->v);
    v->v = NULL;
    v->n = 0;
}

double braid_vec_dot(const braid_vec *a, const braid_vec *b)
{
    double s = 0;
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->v[i].id == b->v[j].id) s += (double)a->v[i++].w * b->v[j++].w;
        else if (a->v[i].id < b->v[j].id) i++;
        else j++;
    }
    return s;
}
