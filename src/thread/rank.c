/*
 * rank.c — what a thread is worth: relevance of its articles, duplicates,
 * importance, and the order threads are printed in.
 *
 * Duplicates: two articles of one thread in one language whose SimHashes
 * differ in at most dup_max_bits bits are copies (syndication, re-posts);
 * each copy points at the earliest article of its group.  Copies count
 * once: importance counts distinct sources — sites of the non-copy
 * articles (an article without a site counts as its own source).
 *
 * importance = sources
 *            x (1 + 0.5 (languages - 1))   reported across languages
 *            x (0.5 + 0.5 2^(-age/24h))    recency: age of the newest
 *                                           article against the newest in
 *                                           the corpus, half-life a day
 *            x (1 + 0.5 growth)            growth: share of the thread's
 *                                           articles from the last 6 hours
 * Sources dominate on purpose: what many independent outlets report is
 * what matters; the other factors reorder threads of similar reach.
 */
#include "thread/threads_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "sim/fingerprint.h"

#define DUP_SCAN 2000 /* earlier articles a new one is compared with */

struct keyed {
    int32_t i;
    double k;
    const char *name;
};

static int by_key_asc(const void *x, const void *y)
{
    const struct keyed *a = x, *b = y;
    if (a->k != b->k) return a->k < b->k ? -1 : 1;
    return strcmp(a->name, b->name);
}

static int by_key_desc(const void *x, const void *y)
{
    const struct keyed *a = x, *b = y;
    if (a->k != b->k) return a->k > b->k ? -1 : 1;
    return strcmp(a->name, b->name);
}

static void rank_thread(braid_threads *th, tthread *t, u64map *seen, struct keyed *tmp)
{
    /* relevance: cosine to the centroid of the article's language */
    for (size_t i = 0; i < t->n; i++) {
        tdoc *d = &th->docs[t->m[i]];
        d->rel = t->n == 1 ? 1.0f : (float)braid_thread_cos(th, t, d, 0, NULL);
        d->dup_of = -1;
    }
    /* duplicates, in publication order */
    for (size_t i = 0; i < t->n; i++) {
        const tdoc *d = &th->docs[t->m[i]];
        tmp[i] = (struct keyed){t->m[i], d->pub == INT64_MIN ? 1e18 : (double)d->pub, d->name};
    }
    qsort(tmp, t->n, sizeof *tmp, by_key_asc);
    for (size_t i = 0; i < t->n; i++) {
        tdoc *d = &th->docs[tmp[i].i];
        if (!d->an.simhash) continue;
        size_t from = i > DUP_SCAN ? i - DUP_SCAN : 0;
        for (size_t j = from; j < i; j++) {
            const tdoc *o = &th->docs[tmp[j].i];
            if (o->dup_of >= 0 || !o->an.simhash || strcmp(o->lang, d->lang)) continue;
            if (braid_simhash_distance(o->an.simhash, d->an.simhash) <= th->cfg.dup_max_bits) {
                d->dup_of = tmp[j].i;
                break;
            }
        }
    }
    /* sources, languages, growth, category */
    u64map_clear(seen);
    int sources = 0, nlangs = 0, recent = 0;
    char langs[8][8];
    for (size_t i = 0; i < t->n; i++) {
        const tdoc *d = &th->docs[t->m[i]];
        int known = 0;
        for (int k = 0; k < nlangs; k++)
            if (!strcmp(langs[k], d->lang)) known = 1;
        if (!known && nlangs < 8) memcpy(langs[nlangs++], d->lang, 8);
        if (th->now != INT64_MIN && d->pub != INT64_MIN && d->pub >= th->now - 6 * 3600) recent++;
        if (d->dup_of >= 0) continue;
        const char *src = d->site && d->site[0] ? d->site : d->name;
        uint64_t *v = u64map_put(seen, u64map_key(XXH3_64bits(src, strlen(src))));
        if (v && !*v) {
            *v = 1;
            sources++;
        }
    }
    t->sources = sources ? sources : 1;
    t->nlangs = nlangs;
    double rec = 1.0;
    if (th->now != INT64_MIN && t->tmax != INT64_MIN) {
        double age_h = (double)(th->now - t->tmax) / 3600.0;
        rec = 0.5 + 0.5 * pow(2.0, -age_h / 24.0);
    }
    double growth = t->n ? (double)recent / (double)t->n : 0;
    t->importance = t->sources * (1 + 0.5 * (nlangs - 1)) * rec * (1 + 0.5 * growth);
    /* majority category (ties: first seen in relevance order below) */
    t->category = NULL;
    int best = 0;
    for (size_t i = 0; i < t->n; i++) {
        const char *c = th->docs[t->m[i]].category;
        if (!c) continue;
        int cnt = 0;
        for (size_t j = 0; j < t->n; j++) {
            const char *o = th->docs[t->m[j]].category;
            if (o && !strcmp(o, c)) cnt++;
        }
        if (cnt > best) {
            best = cnt;
            t->category = (char *)c;
        }
    }
    /* members by relevance, then publication time */
    for (size_t i = 0; i < t->n; i++) {
        const tdoc *d = &th->docs[t->m[i]];
        tmp[i] = (struct keyed){t->m[i], d->rel, d->name};
    }
    qsort(tmp, t->n, sizeof *tmp, by_key_desc);
    for (size_t i = 0; i < t->n; i++) t->m[i] = tmp[i].i;
}

void braid_threads_rank(braid_threads *th)
{
    size_t maxn = 1;
    for (size_t i = 0; i < th->nthr; i++)
        if (th->thr[i].n > maxn) maxn = th->thr[i].n;
    struct keyed *tmp = malloc(maxn * sizeof *tmp);
    u64map seen;
    u64map_init(&seen);
    if (!tmp) return;
    for (size_t i = 0; i < th->nthr; i++)
        if (th->thr[i].n) rank_thread(th, &th->thr[i], &seen, tmp);
    u64map_free(&seen);
    free(tmp);
}

/* importance, then the threads in order of it */
static int order_threads(braid_threads *th)
{
    braid_threads_rank(th);
    free(th->order);
    th->norder = 0;
    th->order = malloc((th->nthr ? th->nthr : 1) * sizeof *th->order);
    struct keyed *k = malloc((th->nthr ? th->nthr : 1) * sizeof *k);
    if (!th->order || !k) {
        free(k);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < th->nthr; i++) {
        const tthread *t = &th->thr[i];
        if (!t->n) continue;
        /* importance, then size; the name of the most relevant article
         * breaks ties deterministically */
        k[n++] = (struct keyed){(int32_t)i, t->importance * 1e6 + (double)t->n,
                                th->docs[t->m[0]].name};
    }
    qsort(k, n, sizeof *k, by_key_desc);
    for (size_t i = 0; i < n; i++) th->order[i] = k[i].i;
    th->norder = n;
    free(k);
    th->dirty = 0;
    return 0;
}

int braid_threads_finalize(braid_threads *th, int stories)
{
    if (th->dirty || !th->order) {
        if (order_threads(th) < 0) return -1;
        th->storied = 0;
    }
    if (stories && !th->storied) {
        if (braid_threads_stories(th) < 0) return -1;
        th->storied = 1;
    }
    return 0;
}
