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
 *
 * Relevance (the order of a thread's articles, and with the headline
 * quality its title: title.c) is an article's cosine to the other members
 * of its language — the language's centroid without the article itself.
 * With the article left in, an article alone in its language scored 1
 * (its own vector) and one of two about 0.8, above the 0.4-0.6 of the
 * reports of a language with dozens: on the contest day a Gazprom thread
 * of 111 Russian and 23 Ukrainian reports was titled by its one English
 * article, a Hong Kong thread of 89 English reports by a Swahili one.
 * An article alone in its language has no such cosine; it ranks after
 * every article that has one, ordered among its kind by its closeness to
 * the other languages' centroids (LONE_SCALE keeps the two scales apart).
 */
#include "thread/threads_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "sim/fingerprint.h"
#include "sim/similarity.h"

#define DUP_SCAN 2000 /* earlier articles a new one is compared with */
#define LONE_SCALE 0.01 /* relevance of an article alone in its language, per unit of cosine */

/* dot of v with a slot's summed vectors, and of v's cross-lingual part */
static double slot_dot(const lslot *s, const braid_vec *v, double *dotx)
{
    double dot = 0, dx = 0;
    for (size_t i = 0; i < v->n; i++) {
        const float *p = csum_get(&s->sum, v->v[i].key);
        if (!p) continue;
        dot += (double)*p * v->v[i].w;
        if (braid_vec_shared(v, i)) dx += (double)*p * v->v[i].w;
    }
    if (dotx) *dotx = dx;
    return dot;
}

/* the relevance of member d of t (t has >= 2 members): see the header */
static double member_rel(const tthread *t, const tdoc *d)
{
    const lslot *own = NULL;
    for (int i = 0; i < t->nslots && !own; i++)
        if (!strcmp(t->slots[i].lang, d->lang)) own = &t->slots[i];
    if (own && own->n >= 2) {
        /* the slot's sum less d's own vector */
        double self = 0;
        for (size_t i = 0; i < d->vec.n; i++) self += (double)d->vec.v[i].w * d->vec.v[i].w;
        double dot = slot_dot(own, &d->vec, NULL) - self;
        double norm2 = own->norm2 - 2 * (dot + self) + self;
        return norm2 > 1e-12 ? dot / sqrt(norm2) : 0;
    }
    double best = 0;
    for (int i = 0; i < t->nslots; i++) {
        const lslot *s = &t->slots[i];
        if (s == own) continue;
        double dx, dot = slot_dot(s, &d->vec, &dx), c = 0;
        if (braid_sim_xlingual(s->lang, d->lang)) {
            if (s->norm2x > 0 && d->vec.xnorm > 0) c = dx / (sqrt(s->norm2x) * d->vec.xnorm);
        } else if (s->norm2 > 0) {
            c = dot / sqrt(s->norm2);
        }
        if (c > best) best = c;
    }
    return LONE_SCALE * best;
}

struct keyed {
    int32_t i;
    double k;
    const char *name;
    const tdoc *d; /* by_relevance only */
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

/* More relevant first (relevance to 4 decimals: the two members of a
 * language pair have one cosine, computed from float sums in two orders),
 * then the earlier report, then by name. */
static int by_relevance(const void *x, const void *y)
{
    const tdoc *a = ((const struct keyed *)x)->d, *b = ((const struct keyed *)y)->d;
    double ra = floor((double)a->rel * 1e4 + 0.5), rb = floor((double)b->rel * 1e4 + 0.5);
    if (ra != rb) return ra > rb ? -1 : 1;
    if (a->pub != b->pub) {
        if (a->pub == INT64_MIN) return 1;
        if (b->pub == INT64_MIN) return -1;
        return a->pub < b->pub ? -1 : 1;
    }
    return strcmp(a->name, b->name);
}

static void rank_thread(braid_threads *th, tthread *t, u64map *seen, struct keyed *tmp)
{
    /* relevance: see the header */
    for (size_t i = 0; i < t->n; i++) {
        tdoc *d = &th->docs[t->m[i]];
        d->rel = t->n == 1 || !t->slots ? 1.0f : (float)member_rel(t, d);
        d->dup_of = -1;
    }
    /* duplicates, in publication order */
    for (size_t i = 0; i < t->n; i++) {
        const tdoc *d = &th->docs[t->m[i]];
        tmp[i] = (struct keyed){t->m[i], d->pub == INT64_MIN ? 1e18 : (double)d->pub, d->name, NULL};
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
    for (size_t i = 0; i < t->n; i++) tmp[i] = (struct keyed){t->m[i], 0, NULL, &th->docs[t->m[i]]};
    qsort(tmp, t->n, sizeof *tmp, by_relevance);
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
                                th->docs[t->m[0]].name, NULL};
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
