/*
 * threads_impl.h — the inside of braid_threads, shared by the files of
 * the thread stage: cluster.c (placement), title.c, rank.c, story.c and
 * the renderers in src/render/.
 */
#ifndef BRAID_THREAD_THREADS_IMPL_H
#define BRAID_THREAD_THREADS_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "analyze/analyzer.h"
#include "braid.h"
#include "sim/vector.h"
#include "thread/centroid.h"
#include "util/buf.h"
#include "util/u64map.h"

/* one article */
typedef struct tdoc {
    char *name, *title, *site, *url, *category;
    char lang[8];
    int64_t pub;         /* INT64_MIN unknown */
    braid_analysis an;
    braid_vec vec;
    int32_t thread;      /* -1: not placed / removed */
    int alive;
    uint8_t cat_guess;   /* category is a fallback (braid_article) */
    /* filled by braid_threads_finalize */
    float rel;           /* relevance in its thread (cosine to centroid) */
    int32_t dup_of;      /* index of the article it duplicates, or -1 */
} tdoc;

/* per-language centroid of a thread's members: sum of unit vectors */
typedef struct lslot {
    char lang[8];
    csum sum;            /* feature key → summed weight */
    double norm2;
    double norm2x;       /* of the cross-lingual part (vector.h) */
    int n;
} lslot;

typedef struct tthread {
    int32_t *m;          /* member article indices */
    size_t n, cap;
    int64_t tmin, tmax;  /* publication span (INT64_MIN when unknown) */
    lslot *slots;        /* NULL while the thread has one member */
    int nslots;
    u64map tanch;        /* title anchor key → members whose title has it;
                            speakers (analysis.speakers) under key | 2^32 */
    uint32_t core[16];   /* anchors in at least half of the titles ...   */
    int ncore;           /* ... cached; -1 = recompute                   */
    uint32_t cspk[4];    /* speakers in most titles (cached with core)     */
    int ncspk;
    /* filled by braid_threads_finalize */
    int32_t story;
    double importance;
    int sources;         /* distinct sources after duplicates */
    int nlangs;
    char *category;      /* majority category or NULL (borrowed) */
} tthread;

typedef struct posting {
    int32_t *t;
    uint32_t n, cap;
} posting;

/* scorer.c: a helper thread that scores a placement's candidates with the
 * placing thread (NULL: the placing thread scores them alone). */
typedef struct braid_scorer braid_scorer;

struct braid_threads {
    braid_config cfg;
    braid_analyzer *an;
    braid_df df;
    tdoc *docs;
    size_t ndocs, capdocs, alive;
    tthread *thr;
    size_t nthr, capthr, nonempty;
    u64map byname;       /* hash(name) → doc index + 1 */
    u64map post;         /* feature id → posting index + 1 */
    posting *posts;
    size_t nposts, capposts;
    u64map cand;         /* scratch: thread id + 1 → candidate score */
    uint32_t *cstamp;    /* per thread: the placement that last made it a
                            candidate (place(): an array, not a map — the
                            candidate scan is the hot loop of placement) */
    uint16_t *cidx;      /* ... and its index among that placement's */
    size_t capmark;
    uint32_t stamp;
    int dirty;           /* finalize needed before rendering */
    int storied;         /* stories linked since the last finalize */
    int64_t now;         /* latest publication time seen */
    int32_t *order;      /* threads by importance (after finalize) */
    size_t norder;
    braid_scorer *scorer; /* while a batch places on more than one core */
};

/* Compute relevance, duplicates, importance and the order, when threads
 * changed since the last call; with `stories`, also link the threads into
 * stories (a pass over every thread, about a second for a day of news,
 * which only the NDJSON output and the server's API show). */
int braid_threads_finalize(braid_threads *th, int stories);

/* title.c: index of the best title article of thread t in `lang` (NULL =
 * any), -1 when the thread has no titled article. */
int32_t braid_thread_title(const braid_threads *th, const tthread *t, const char *lang);
braid_scorer *braid_scorer_start(const braid_threads *th);
void braid_scorer_stop(braid_scorer *s);
/* ratios[i] = braid_thread_cos(th, thread tids[i], d, any_lang 1)'s ratio
 * to its threshold, for every i < n, shared with the helper when s is not
 * NULL. */
void braid_scorer_run(braid_scorer *s, const braid_threads *th, const tdoc *d,
                      const int32_t *tids, size_t n, double *ratios);
/* cluster.c: fill t->core / t->cspk (the title anchors and speakers of
 * at least half of its titles) unless cached. */
void braid_thread_core(tthread *t);
/* title.c: how headline-like a title is, 0..1 (clickbait and fragments
 * score low). */
double braid_title_quality(const char *title);

/* rank.c: duplicates and importance of every thread. */
void braid_threads_rank(braid_threads *th);

/* story.c: story id of every thread. */
int braid_threads_stories(braid_threads *th);

/* render/threads_json.c: thread t's key names (at most max_names, most
 * mentioned first) and shared dates as two JSON arrays; t may be NULL
 * (two empty arrays). */
void braid_threads_keys_json(const braid_threads *th, const tthread *t, int max_names,
                             buf *names, buf *dates);

/* centroid helpers (cluster.c): d's similarity to thread t (cosine to
 * the centroid of its own language x anchor factor).  any_lang = the
 * placement decision: other languages' centroids count when t has no
 * member in d's language, and d must also reach the mean-cosine floor;
 * *best_ratio gets the decision ratio (>= 1 joins). */
double braid_thread_cos(const braid_threads *th, const tthread *t, const tdoc *d,
                        int any_lang, double *best_ratio);

#endif
