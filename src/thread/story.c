/*
 * story.c — link the threads of one ongoing subject into stories.
 *
 * A story is the same subject over weeks: two meetings of the same
 * leaders, the matches of one tournament.  Threads are taken in order of
 * their first article; each thread's vector (the sum of its articles'
 * vectors, cut to its STORY_FEATURES strongest, unit length) joins the
 * story whose centroid it is most similar to, when that cosine reaches
 * story_sim and the story's last thread is at most story_window_days
 * older, and the thread's subject anchors (the names, numbers and dates
 * of at least half of its headlines; all of a single article's) include
 * one of the story's (those of at least a quarter of the headlines of
 * each of its threads); otherwise it opens a story.  As with threads, a
 * centroid rather than a nearest neighbour keeps stories from chaining
 * through one shared word — but on its own it let topics grow: on the
 * contest day one story held the Gazprom transit talks, Yandex's new
 * governance, an IT-ownership bill, Huawei and Rosseti (187 threads),
 * another 225 unrelated court cases.  The anchor is the evidence of one
 * subject, as in the same-language thread merge (cluster.c); with it the
 * largest story is 48 threads (Euro 2020 qualifying), Gazprom's is the
 * transit talks, Yandex's its governance and its shares.  Candidate
 * stories come from an inverted index on the threads' strongest features,
 * so the cost stays linear in the number of threads.
 */
#include "thread/threads_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STORY_FEATURES 40
#define STORY_POST 8
#define STORY_SCAN 200

struct story {
    u64map sum;
    double norm2;
    int64_t tmax;
    u64map anchors; /* core title anchors of its threads → threads */
};

/* The anchors that name thread t's subject: the title anchors (names,
 * numbers, dates) in at least half of its headlines, or all of a single
 * article's.  *n gets their number. */
static const uint32_t *subject_anchors(const braid_threads *th, tthread *t, size_t *n)
{
    if (t->n == 1) {
        const tdoc *d = &th->docs[t->m[0]];
        *n = d->an.ntanchors;
        return d->an.tanchors;
    }
    braid_thread_core(t);
    *n = (size_t)t->ncore;
    return t->core;
}

static int shares_anchor(const uint32_t *a, size_t n, const struct story *s)
{
    for (size_t i = 0; i < n; i++)
        if (u64map_get(&s->anchors, a[i])) return 1;
    return 0;
}

struct tkey {
    int32_t t;
    int64_t first;
};

static int by_first(const void *x, const void *y)
{
    const struct tkey *a = x, *b = y;
    if (a->first != b->first) return a->first < b->first ? -1 : 1;
    return (a->t > b->t) - (a->t < b->t);
}

static int by_w(const void *x, const void *y)
{
    const braid_vfeat *a = x, *b = y;
    if (a->w != b->w) return a->w > b->w ? -1 : 1;
    return (a->key > b->key) - (a->key < b->key);
}

/* thread vector: summed member vectors, strongest features, unit length */
static size_t thread_vec(const braid_threads *th, const tthread *t, u64map *acc, braid_vfeat *out)
{
    u64map_clear(acc);
    size_t n = 0;
    braid_vfeat *all = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < t->n; i++) {
        const braid_vec *v = &th->docs[t->m[i]].vec;
        for (size_t k = 0; k < v->n; k++) {
            uint64_t *p = u64map_put(acc, v->v[k].key);
            if (!p) goto done;
            if (!*p) {
                if (n == cap) {
                    size_t nc = cap ? cap * 2 : 256;
                    braid_vfeat *na = realloc(all, nc * sizeof *na);
                    if (!na) goto done;
                    all = na;
                    cap = nc;
                }
                all[n] = v->v[k];
                *p = ++n;
            } else {
                all[*p - 1].w += v->v[k].w;
            }
        }
    }
    qsort(all, n, sizeof *all, by_w);
    if (n > STORY_FEATURES) n = STORY_FEATURES;
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)all[i].w * all[i].w;
    for (size_t i = 0; i < n; i++) {
        out[i] = all[i];
        out[i].w = s > 0 ? (float)(all[i].w / sqrt(s)) : 0;
    }
    free(all);
    return n;
done:
    free(all);
    return 0;
}

int braid_threads_stories(braid_threads *th)
{
    size_t nt = 0;
    struct tkey *keys = malloc((th->nthr ? th->nthr : 1) * sizeof *keys);
    struct story *st = malloc((th->nthr ? th->nthr : 1) * sizeof *st);
    if (!keys || !st) {
        free(keys);
        free(st);
        return -1;
    }
    for (size_t i = 0; i < th->nthr; i++) {
        tthread *t = &th->thr[i];
        t->story = -1;
        if (t->n) keys[nt++] = (struct tkey){(int32_t)i, t->tmin == INT64_MIN ? INT64_MAX : t->tmin};
    }
    qsort(keys, nt, sizeof *keys, by_first);
    u64map acc, post, cand;
    u64map_init(&acc);
    u64map_init(&post);
    u64map_init(&cand);
    /* postings: feature → list of story ids, as a chain through arrays */
    int32_t *pnext = NULL, *pstory = NULL;
    size_t np = 0, capp = 0;
    size_t ns = 0;
    int rc = 0;
    double win = th->cfg.story_window_days * 86400.0;
    braid_vfeat tv[STORY_FEATURES];
    for (size_t q = 0; q < nt && rc == 0; q++) {
        tthread *t = &th->thr[keys[q].t];
        size_t n = thread_vec(th, t, &acc, tv);
        size_t na;
        const uint32_t *anch = subject_anchors(th, t, &na);
        int64_t first = t->tmin, last = t->tmax;
        /* candidates through the strongest STORY_POST features */
        u64map_clear(&cand);
        int32_t best = -1;
        double best_c = th->cfg.story_sim;
        for (size_t k = 0; k < n && k < STORY_POST; k++) {
            uint64_t *head = u64map_get(&post, tv[k].key);
            int scanned = 0;
            for (int64_t p = head ? (int64_t)*head - 1 : -1; p >= 0 && scanned < STORY_SCAN;
                 p = pnext[p], scanned++) {
                int32_t sid = pstory[p];
                uint64_t *seen = u64map_put(&cand, (uint64_t)sid + 1);
                if (!seen) { rc = -1; break; }
                if (*seen) continue;
                *seen = 1;
                struct story *s = &st[sid];
                if (first != INT64_MIN && s->tmax != INT64_MIN && (double)(first - s->tmax) > win)
                    continue;
                double dot = 0;
                for (size_t j = 0; j < n; j++) {
                    uint64_t *v = u64map_get(&s->sum, tv[j].key);
                    if (v) dot += u64map_d(*v) * tv[j].w;
                }
                double c = s->norm2 > 0 ? dot / sqrt(s->norm2) : 0;
                if (!shares_anchor(anch, na, s)) continue;
                if (c > best_c || (c == best_c && best >= 0 && sid < best)) {
                    best_c = c;
                    best = sid;
                }
            }
        }
        if (best < 0) {
            best = (int32_t)ns++;
            u64map_init(&st[best].sum);
            st[best].norm2 = 0;
            st[best].tmax = INT64_MIN;
            u64map_init(&st[best].anchors);
        }
        struct story *s = &st[best];
        double cross = 0;
        for (size_t j = 0; j < n; j++) {
            uint64_t *v = u64map_put(&s->sum, tv[j].key);
            if (!v) { rc = -1; break; }
            double old = u64map_d(*v);
            cross += old * tv[j].w;
            *v = u64map_u(old + tv[j].w);
            if (j < STORY_POST && old == 0) { /* new feature of this story: index it */
                if (np == capp) {
                    size_t nc = capp ? capp * 2 : 1024;
                    int32_t *a = realloc(pnext, nc * sizeof *a), *b;
                    if (!a) { rc = -1; break; }
                    pnext = a;
                    b = realloc(pstory, nc * sizeof *b);
                    if (!b) { rc = -1; break; }
                    pstory = b;
                    capp = nc;
                }
                uint64_t *head = u64map_put(&post, tv[j].key);
                if (!head) { rc = -1; break; }
                pnext[np] = (int32_t)*head - 1;
                pstory[np] = best;
                *head = ++np;
            }
        }
        s->norm2 += 2 * cross + 1.0;
        /* the story's anchors: those of at least a quarter of each of its
         * threads' headlines (all of a single article's) */
        if (t->n == 1) {
            for (size_t k = 0; k < na && rc == 0; k++) {
                uint64_t *c = u64map_put(&s->anchors, anch[k]);
                if (!c) rc = -1;
                else (*c)++;
            }
        } else {
            for (size_t i = 0; i < t->tanch.cap && rc == 0; i++) {
                uint64_t k = t->tanch.e[i].key, cnt = t->tanch.e[i].val;
                if (!k || k >> 32 || cnt * 4 < t->n) continue; /* (k >> 32: a speaker) */
                uint64_t *c = u64map_put(&s->anchors, k);
                if (!c) rc = -1;
                else (*c)++;
            }
        }
        if (last != INT64_MIN && (s->tmax == INT64_MIN || last > s->tmax)) s->tmax = last;
        t->story = best;
    }
    for (size_t i = 0; i < ns; i++) {
        u64map_free(&st[i].sum);
        u64map_free(&st[i].anchors);
    }
    u64map_free(&acc);
    u64map_free(&post);
    u64map_free(&cand);
    free(pnext);
    free(pstory);
    free(keys);
    free(st);
    return rc;
}
