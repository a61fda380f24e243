/*
 * index.c — the server's in-memory index: articles, their threads, and the
 * thread queries behind GET /threads and the JSON API.
 *
 * This is the one file that maps articles to threads.  News articles go to
 * the incremental clusterer (braid_threads_add_article / _remove, braid.h
 * section 7), which places each in an existing or new thread whose id is
 * stable while the article is present; the index mirrors that placement as
 * member lists so a query never has to ask the clusterer anything.  When
 * the clusterer cannot start (no lexicon), every news article is its own
 * thread and the server still works.
 *
 * Memory per article: one allocation for name/title/url, an interned site,
 * and a fixed record (~64 bytes); the text is not kept — the store has it.
 *
 * A query walks every non-empty thread once, keeps the members that match
 * (language, not expired, inside the period), and ranks the threads by
 * distinct sources, then size, then recency — O(articles) per query, a
 * few milliseconds for a day of news, and answers are cached per query
 * until the next change.  Ranking uses only the index, so the answer is a
 * function of the stored articles: a restarted server answers the same.
 *
 * Locking: `thmu` guards the clusterer, `rw` the index; mutations take
 * thmu then rw (write), queries take rw (read) only, so a slow placement
 * does not block readers (thread views too: refresh_keys).  The rwlock prefers writers: under a steady
 * read load a write waits for the queries under way, not for all future
 * ones (measured: with glibc's default, PUTs starved for seconds behind
 * 16 busy readers).  Mutations come from one thread (commit.c).
 */
/* pthread_rwlockattr_setkind_np: writers must not starve behind a steady
 * stream of readers (glibc's default rwlock prefers readers) */
#define _GNU_SOURCE
#include "server/index.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyze/dates.h"
#include "error.h"
#include "thread/threads_impl.h"
#include "util/json_write.h"
#include "util/u64map.h"

#define CACHE_SLOTS 64
#define CACHE_BUSY 16

typedef struct iart {
    char *strs;        /* "name\0title\0url\0" */
    uint16_t title_off, url_off;
    int32_t site;      /* interned site id, -1 none */
    int64_t pub, max_age; /* max_age < 0: never expires */
    int32_t thread;    /* -1: not in a thread (not news / not placed) */
    char lang[8];
    int8_t cat;        /* braid_category, -1 unknown */
    uint8_t is_news, alive;
    uint8_t cat_guess; /* cat is a fallback: no model for the language */
    uint8_t tq;        /* headline quality x 255 (braid_title_quality) */
} iart;

typedef struct ithr {
    int32_t *m;
    uint32_t n, cap;
    int64_t tmax;        /* newest member's publication time */
    uint64_t langs;      /* bit per language hash of the members */
    char *keys;          /* thread view's key names and dates, two JSON
                            arrays "[...]\0[...]\0" (refresh_keys); NULL
                            until first computed */
    uint8_t kdirty;      /* members changed since: queued in ix->kq */
} ithr;

/* one bit per language (collisions only cost a wasted walk) */
static uint64_t lang_bit(const char *lang)
{
    return 1ull << (XXH3_64bits(lang, strlen(lang)) & 63);
}

/* After a member left: recompute the thread's summary from its members. */
static void thread_summary(ithr *t, const struct iart *a);

typedef struct centry {
    char key[96];
    uint64_t gen;
    double made;   /* monotonic seconds when computed */
    buf body;
} centry;

static double mono_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct tdet {
    long story;
} tdet;

struct braid_index {
    braid_config cfg;
    braid_store *store;
    braid_threads *th;
    long next_tid;       /* fallback thread ids */
    pthread_mutex_t thmu;
    pthread_rwlock_t rw;
    iart *a;
    size_t na, cap;
    int32_t *freel;
    size_t nfree, capfree;
    u64map byname;       /* hash(name) → index + 1, 0 = absent */
    ithr *t;
    size_t nt, nonempty;
    char **sites;
    size_t nsites, capsites;
    u64map bysite;
    size_t alive, news, strbytes;
    int64_t now;
    uint64_t gen;
    int ready;
    pthread_mutex_t cmu;
    pthread_cond_t cdone; /* an answer being computed was cached */
    centry cache[CACHE_SLOTS];
    size_t cnext;
    /* answers being computed (single flight: a second request for the
     * same answer waits for the first instead of computing it again) */
    char busy[CACHE_BUSY][96];
    uint64_t busy_gen[CACHE_BUSY];
    braid_threads_mem clmem; /* as of the last braid_index_measure (cmu) */
    /* entities, dates, stories from the clusterer's NDJSON (under thmu) */
    tdet *det;
    size_t ndet;
    /* threads whose members changed since their keys were computed
     * (touched by the committer thread only: attach, detach, refresh_keys) */
    int32_t *kq;
    size_t nkq, capkq;
};

static uint64_t key_of(const char *s)
{
    return u64map_key(XXH3_64bits(s, strlen(s)));
}

static const char *a_name(const iart *a) { return a->strs; }
static const char *a_title(const iart *a) { return a->strs + a->title_off; }
static const char *a_url(const iart *a) { return a->strs + a->url_off; }

braid_index *braid_index_new(const braid_config *cfg, braid_store *store, braid_error *err)
{
    braid_index *ix = calloc(1, sizeof *ix);
    if (!ix) {
        braid_err_set(err, BRAID_ENOMEM, "index: out of memory");
        return NULL;
    }
    if (cfg) ix->cfg = *cfg;
    else braid_config_init(&ix->cfg);
    ix->store = store;
    braid_error e2;
    ix->th = braid_threads_new(&ix->cfg, &e2);
    if (!ix->th)
        fprintf(stderr, "braid serve: threads unavailable (%s): every article is its own thread\n",
                e2.message);
    pthread_mutex_init(&ix->thmu, NULL);
    pthread_rwlockattr_t ra;
    pthread_rwlockattr_init(&ra);
    pthread_rwlockattr_setkind_np(&ra, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&ix->rw, &ra);
    pthread_rwlockattr_destroy(&ra);
    pthread_mutex_init(&ix->cmu, NULL);
    pthread_cond_init(&ix->cdone, NULL);
    u64map_init(&ix->byname);
    u64map_init(&ix->bysite);
    ix->now = INT64_MIN;
    for (size_t i = 0; i < CACHE_SLOTS; i++) buf_init(&ix->cache[i].body);
    return ix;
}

static void free_details(braid_index *ix)
{
    free(ix->det);
    ix->det = NULL;
    ix->ndet = 0;
}

void braid_index_free(braid_index *ix)
{
    if (!ix) return;
    braid_threads_free(ix->th);
    for (size_t i = 0; i < ix->na; i++) free(ix->a[i].strs);
    free(ix->a);
    free(ix->freel);
    for (size_t i = 0; i < ix->nt; i++) {
        free(ix->t[i].m);
        free(ix->t[i].keys);
    }
    free(ix->t);
    free(ix->kq);
    for (size_t i = 0; i < ix->nsites; i++) free(ix->sites[i]);
    free(ix->sites);
    u64map_free(&ix->byname);
    u64map_free(&ix->bysite);
    for (size_t i = 0; i < CACHE_SLOTS; i++) buf_free(&ix->cache[i].body);
    free_details(ix);
    pthread_mutex_destroy(&ix->thmu);
    pthread_rwlock_destroy(&ix->rw);
    pthread_mutex_destroy(&ix->cmu);
    pthread_cond_destroy(&ix->cdone);
    free(ix);
}

int braid_index_ready(braid_index *ix)
{
    pthread_rwlock_rdlock(&ix->rw);
    int r = ix->ready;
    pthread_rwlock_unlock(&ix->rw);
    return r;
}

void braid_index_set_ready(braid_index *ix)
{
    pthread_rwlock_wrlock(&ix->rw);
    ix->ready = 1;
    pthread_rwlock_unlock(&ix->rw);
}

int64_t braid_index_now(braid_index *ix)
{
    pthread_rwlock_rdlock(&ix->rw);
    int64_t n = ix->now;
    pthread_rwlock_unlock(&ix->rw);
    return n;
}

/* ---- mutation (write lock held) -------------------------------------- */

static long find_locked(const braid_index *ix, const char *name)
{
    uint64_t *v = u64map_get(&ix->byname, key_of(name));
    if (!v || !*v) return -1;
    const iart *a = &ix->a[*v - 1];
    if (!a->alive || strcmp(a_name(a), name)) return -1;
    return (long)(*v - 1);
}

static int32_t intern_site(braid_index *ix, const char *site)
{
    if (!site || !*site) return -1;
    uint64_t *v = u64map_put(&ix->bysite, key_of(site));
    if (!v) return -1;
    if (*v) return (int32_t)(*v - 1);
    if (ix->nsites == ix->capsites) {
        size_t cap = ix->capsites ? ix->capsites * 2 : 256;
        char **s = realloc(ix->sites, cap * sizeof *s);
        if (!s) return -1;
        ix->sites = s;
        ix->capsites = cap;
    }
    size_t n = strlen(site);
    char *p = malloc(n + 1);
    if (!p) return -1;
    memcpy(p, site, n + 1);
    ix->strbytes += n + 1;
    ix->sites[ix->nsites] = p;
    *v = ++ix->nsites;
    return (int32_t)(ix->nsites - 1);
}

/* thread tid's members changed: its view keys are to be recomputed (a
 * failed queue append only leaves them stale until the next change) */
static void mark_keys(braid_index *ix, long tid)
{
    ithr *t = &ix->t[tid];
    if (t->kdirty) return;
    if (ix->nkq == ix->capkq) {
        size_t cap = ix->capkq ? ix->capkq * 2 : 256;
        int32_t *q = realloc(ix->kq, cap * sizeof *q);
        if (!q) return;
        ix->kq = q;
        ix->capkq = cap;
    }
    ix->kq[ix->nkq++] = (int32_t)tid;
    t->kdirty = 1;
}

static void detach(braid_index *ix, int32_t ai)
{
    iart *a = &ix->a[ai];
    if (a->thread < 0 || (size_t)a->thread >= ix->nt) return;
    ithr *t = &ix->t[a->thread];
    for (uint32_t i = 0; i < t->n; i++)
        if (t->m[i] == ai) {
            memmove(t->m + i, t->m + i + 1, (t->n - i - 1) * sizeof *t->m);
            t->n--;
            if (!t->n) ix->nonempty--;
            break;
        }
    mark_keys(ix, a->thread);
    a->thread = -1;
    thread_summary(t, ix->a);
}

static void thread_summary(ithr *t, const iart *arts)
{
    t->tmax = INT64_MIN;
    t->langs = 0;
    for (uint32_t i = 0; i < t->n; i++) {
        const iart *a = &arts[t->m[i]];
        if (a->pub > t->tmax) t->tmax = a->pub;
        t->langs |= lang_bit(a->lang);
    }
}

static int attach(braid_index *ix, int32_t ai, long tid)
{
    if (tid < 0) return 0;
    if ((size_t)tid >= ix->nt) {
        size_t nt = ix->nt ? ix->nt : 1024;
        while (nt <= (size_t)tid) nt *= 2;
        ithr *t = realloc(ix->t, nt * sizeof *t);
        if (!t) return -1;
        memset(t + ix->nt, 0, (nt - ix->nt) * sizeof *t);
        ix->t = t;
        ix->nt = nt;
    }
    ithr *t = &ix->t[tid];
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 2;
        int32_t *m = realloc(t->m, cap * sizeof *m);
        if (!m) return -1;
        t->m = m;
        t->cap = cap;
    }
    if (!t->n) {
        ix->nonempty++;
        t->tmax = INT64_MIN;
        t->langs = 0;
    }
    t->m[t->n++] = ai;
    mark_keys(ix, tid);
    ix->a[ai].thread = (int32_t)tid;
    if (ix->a[ai].pub > t->tmax) t->tmax = ix->a[ai].pub;
    t->langs |= lang_bit(ix->a[ai].lang);
    return 0;
}

static void recompute_now(braid_index *ix)
{
    ix->now = INT64_MIN;
    for (size_t i = 0; i < ix->na; i++)
        if (ix->a[i].alive && ix->a[i].pub > ix->now) ix->now = ix->a[i].pub;
}

static void kill_locked(braid_index *ix, int32_t ai)
{
    iart *a = &ix->a[ai];
    detach(ix, ai);
    uint64_t *v = u64map_get(&ix->byname, key_of(a_name(a)));
    if (v) *v = 0;
    ix->strbytes -= strlen(a->strs) + strlen(a_title(a)) + strlen(a_url(a)) + 3;
    free(a->strs);
    a->strs = NULL;
    a->alive = 0;
    ix->alive--;
    if (a->is_news) ix->news--;
    if (ix->nfree == ix->capfree) {
        size_t cap = ix->capfree ? ix->capfree * 2 : 256;
        int32_t *f = realloc(ix->freel, cap * sizeof *f);
        if (!f) return; /* the slot is lost, nothing else */
        ix->freel = f;
        ix->capfree = cap;
    }
    ix->freel[ix->nfree++] = ai;
}

static long place(braid_index *ix, const braid_store_record *r, braid_prepared *prep,
                  braid_error *err)
{
    if (!r->is_news || !ix->th) {
        braid_prepared_free(prep);
        if (!r->is_news && ix->th && braid_threads_find(ix->th, r->name) >= 0)
            braid_threads_remove(ix->th, r->name, NULL);
        return r->is_news ? ix->next_tid++ : -1;
    }
    braid_error e2;
    braid_status st;
    if (prep) {
        st = braid_threads_add_prepared(ix->th, prep, &e2);
    } else {
        braid_article art = {r->name, r->lang, r->title, r->text, r->text_len, r->published,
                             r->site, r->url, r->category,
                             !braid_classify_supports(r->lang)};
        st = braid_threads_add_article(ix->th, &art, &e2);
    }
    if (st == BRAID_ENOMEM) {
        if (err) *err = e2;
        return -2;
    }
    /* an article the clusterer refuses (no words, say) stays out of threads */
    if (st != BRAID_OK) {
        if (braid_threads_find(ix->th, r->name) >= 0) braid_threads_remove(ix->th, r->name, NULL);
        return -1;
    }
    return braid_threads_find(ix->th, r->name);
}

braid_threads_preparer *braid_index_preparer_new(braid_index *ix)
{
    return ix->th ? braid_threads_preparer_new(ix->th, NULL) : NULL;
}

/* "name\0title\0url\0" in one allocation; long titles/urls are cut at a
 * UTF-8 boundary (offsets are 16-bit) */
static char *pack_strs(const braid_store_record *r, size_t *ln_, size_t *lt_, size_t *lu_)
{
    const char *title = r->title ? r->title : "", *url = r->url ? r->url : "";
    size_t ln = strlen(r->name), lt = strlen(title), lu = strlen(url);
    if (lt > 4000) {
        lt = 4000;
        while (lt && ((unsigned char)title[lt] & 0xC0) == 0x80) lt--;
    }
    if (lu > 4000) {
        lu = 4000;
        while (lu && ((unsigned char)url[lu] & 0xC0) == 0x80) lu--;
    }
    char *strs = malloc(ln + lt + lu + 3);
    if (!strs) return NULL;
    memcpy(strs, r->name, ln + 1);
    memcpy(strs + ln + 1, title, lt);
    strs[ln + 1 + lt] = '\0';
    memcpy(strs + ln + lt + 2, url, lu);
    strs[ln + lt + lu + 2] = '\0';
    *ln_ = ln;
    *lt_ = lt;
    *lu_ = lu;
    return strs;
}

/* The index side of a put (write lock held); takes `strs`.  1 replaced,
 * 0 new, -1 out of memory. */
static int put_locked(braid_index *ix, const braid_store_record *r, char *strs, size_t ln,
                      size_t lt, size_t lu, long tid, braid_error *err)
{
    long old = find_locked(ix, r->name);
    int replaced = old >= 0;
    int32_t ai;
    int64_t oldpub = INT64_MIN;
    if (replaced) {
        ai = (int32_t)old;
        iart *a = &ix->a[ai];
        detach(ix, ai);
        oldpub = a->pub;
        ix->strbytes -= strlen(a->strs) + strlen(a_title(a)) + strlen(a_url(a)) + 3;
        free(a->strs);
        if (a->is_news) ix->news--;
    } else if (ix->nfree) {
        ai = ix->freel[--ix->nfree];
    } else {
        if (ix->na == ix->cap) {
            size_t cap = ix->cap ? ix->cap * 2 : 1024;
            iart *na = realloc(ix->a, cap * sizeof *na);
            if (!na) {
                free(strs);
                braid_err_set(err, BRAID_ENOMEM, "index: out of memory");
                return -1;
            }
            ix->a = na;
            ix->cap = cap;
        }
        ai = (int32_t)ix->na++;
    }
    iart *a = &ix->a[ai];
    memset(a, 0, sizeof *a);
    a->strs = strs;
    a->title_off = (uint16_t)(ln + 1);
    a->url_off = (uint16_t)(ln + lt + 2);
    ix->strbytes += ln + lt + lu + 3;
    a->site = intern_site(ix, r->site);
    a->pub = r->published;
    a->max_age = r->max_age;
    a->thread = -1;
    snprintf(a->lang, sizeof a->lang, "%s", r->lang);
    braid_category c = braid_category_from_name(r->category, strlen(r->category));
    a->cat = c == BRAID_CAT_COUNT ? -1 : (int8_t)c;
    a->cat_guess = !braid_classify_supports(r->lang);
    a->tq = (uint8_t)(braid_title_quality(r->title ? r->title : "") * 255 + 0.5);
    a->is_news = r->is_news ? 1 : 0;
    a->alive = 1;
    if (!replaced) {
        uint64_t *v = u64map_put(&ix->byname, key_of(r->name));
        if (v) *v = (uint64_t)ai + 1;
        ix->alive++;
    }
    if (a->is_news) ix->news++;
    if (attach(ix, ai, tid) < 0) a->thread = -1;
    if (a->pub > ix->now) ix->now = a->pub;
    else if (replaced && oldpub == ix->now) recompute_now(ix);
    ix->gen++;
    return replaced;
}

/* The index side of a delete (write lock held): 0, or -1 when absent. */
static int delete_locked(braid_index *ix, const char *name)
{
    long ai = find_locked(ix, name);
    if (ai < 0) return -1;
    int64_t pub = ix->a[ai].pub;
    kill_locked(ix, (int32_t)ai);
    if (pub == ix->now) recompute_now(ix);
    ix->gen++;
    return 0;
}

int braid_index_put(braid_index *ix, const braid_store_record *r, braid_error *err)
{
    braid_store_op op = {BRAID_STORE_PUT, r, NULL};
    int res;
    braid_index_apply(ix, &op, NULL, 1, &res, err);
    return res;
}

int braid_index_delete(braid_index *ix, const char *name)
{
    braid_store_op op = {BRAID_STORE_DELETE, NULL, name};
    int res;
    braid_index_apply(ix, &op, NULL, 1, &res, NULL);
    return res;
}

/* A batch in two passes: every placement in the clusterer first (under
 * thmu only — readers go on), then one write-lock section for the whole
 * batch, so a batch waits for the queries under way once, not once per
 * article. */
static void refresh_keys(braid_index *ix);

void braid_index_apply(braid_index *ix, const braid_store_op *ops, braid_prepared **preps,
                       size_t n, int *results, braid_error *err)
{
    long *tids = malloc((n ? n : 1) * sizeof *tids);
    if (!tids) {
        for (size_t i = 0; i < n; i++) {
            results[i] = -1;
            if (preps) braid_prepared_free(preps[i]);
        }
        braid_err_set(err, BRAID_ENOMEM, "index: out of memory");
        return;
    }
    pthread_mutex_lock(&ix->thmu);
    for (size_t i = 0; i < n; i++) {
        braid_prepared *prep = preps ? preps[i] : NULL;
        if (ops[i].kind == BRAID_STORE_PUT) {
            tids[i] = place(ix, ops[i].rec, prep, err);
        } else {
            braid_prepared_free(prep);
            tids[i] = -1;
            if (ix->th && braid_threads_find(ix->th, ops[i].name) >= 0)
                braid_threads_remove(ix->th, ops[i].name, NULL);
        }
    }
    pthread_mutex_unlock(&ix->thmu);

    pthread_rwlock_wrlock(&ix->rw);
    for (size_t i = 0; i < n; i++) {
        if (ops[i].kind == BRAID_STORE_DELETE) {
            results[i] = delete_locked(ix, ops[i].name);
            continue;
        }
        const braid_store_record *r = ops[i].rec;
        size_t ln, lt, lu;
        char *strs = tids[i] == -2 ? NULL : pack_strs(r, &ln, &lt, &lu);
        if (!strs) {
            results[i] = -1;
            braid_err_set(err, BRAID_ENOMEM, "index: out of memory");
            continue;
        }
        results[i] = put_locked(ix, r, strs, ln, lt, lu, tids[i], err);
    }
    pthread_rwlock_unlock(&ix->rw);
    free(tids);
    refresh_keys(ix);
}

static int expired(const iart *a, int64_t now)
{
    return a->max_age >= 0 && a->pub + a->max_age < now;
}

size_t braid_index_expire(braid_index *ix, buf *names)
{
    size_t n = 0;
    pthread_mutex_lock(&ix->thmu);
    pthread_rwlock_wrlock(&ix->rw);
    for (size_t i = 0; i < ix->na; i++) {
        iart *a = &ix->a[i];
        if (!a->alive || !expired(a, ix->now)) continue;
        buf_append(names, a_name(a), strlen(a_name(a)) + 1);
        if (ix->th && a->is_news) braid_threads_remove(ix->th, a_name(a), NULL);
        kill_locked(ix, (int32_t)i);
        n++;
    }
    if (n) ix->gen++;
    pthread_rwlock_unlock(&ix->rw);
    pthread_mutex_unlock(&ix->thmu);
    refresh_keys(ix);
    return n;
}

/* ---- load ------------------------------------------------------------ */

/* The store is replayed in batches: the clusterer's analysis of a batch's
 * news articles runs on every CPU (braid_threads_prepare), then the batch
 * is placed in store order exactly as the PUTs were — so a restarted
 * server builds the same threads, in a fraction of the time a one-by-one
 * replay took (40,133 articles: 100 s before). */
#define LOAD_BATCH 512
#define LOAD_WORKERS 8

struct load_ctx {
    braid_index *ix;
    size_t n;
    braid_status st;
    braid_error *err;
    braid_store_record *batch[LOAD_BATCH];
    braid_prepared *preps[LOAD_BATCH];
    size_t nb;
    braid_threads_preparer *prep[LOAD_WORKERS];
    int nprep;
};

struct load_job {
    struct load_ctx *c;
    braid_threads_preparer *p;
    size_t from, to;
};

static void *prepare_share(void *arg)
{
    struct load_job *j = arg;
    for (size_t i = j->from; i < j->to; i++) {
        const braid_store_record *r = j->c->batch[i];
        j->c->preps[i] = NULL;
        if (!r->is_news || r->published == INT64_MIN) continue;
        braid_article art = {r->name, r->lang, r->title, r->text, r->text_len, r->published,
                             r->site, r->url, r->category,
                             !braid_classify_supports(r->lang)};
        j->c->preps[i] = braid_threads_prepare(j->p, &art, NULL); /* NULL: placed unprepared */
    }
    return NULL;
}

static void load_flush(struct load_ctx *c)
{
    size_t n = c->nb;
    if (!n) return;
    int nw = c->nprep > 0 ? c->nprep : 0;
    if (nw > 0) {
        struct load_job jobs[LOAD_WORKERS];
        pthread_t tid[LOAD_WORKERS];
        int started[LOAD_WORKERS] = {0};
        for (int w = 0; w < nw; w++) {
            jobs[w] = (struct load_job){c, c->prep[w], n * (size_t)w / (size_t)nw,
                                        n * (size_t)(w + 1) / (size_t)nw};
            if (w > 0) started[w] = pthread_create(&tid[w], NULL, prepare_share, &jobs[w]) == 0;
        }
        prepare_share(&jobs[0]);
        for (int w = 1; w < nw; w++) {
            if (started[w]) pthread_join(tid[w], NULL);
            else prepare_share(&jobs[w]);
        }
    } else {
        memset(c->preps, 0, n * sizeof c->preps[0]);
    }
    braid_store_op ops[LOAD_BATCH];
    int res[LOAD_BATCH];
    for (size_t i = 0; i < n; i++) ops[i] = (braid_store_op){BRAID_STORE_PUT, c->batch[i], NULL};
    braid_error e2;
    braid_index_apply(c->ix, ops, c->preps, n, res, &e2);
    for (size_t i = 0; i < n; i++) {
        braid_store_record *r = c->batch[i];
        if (res[i] < 0 && c->st == BRAID_OK) {
            /* an article the clusterer rejects now (e.g. no text) is still
             * known to the index as a non-thread article */
            r->is_news = 0;
            if (braid_index_put(c->ix, r, c->err) < 0) c->st = BRAID_ENOMEM;
        }
        braid_store_record_free(r);
        free(r);
    }
    c->nb = 0;
}

static int load_one(void *vctx, braid_store_record *r)
{
    struct load_ctx *c = vctx;
    c->batch[c->nb++] = r;
    c->n++;
    if (c->nb == LOAD_BATCH) load_flush(c);
    return c->st != BRAID_OK;
}

braid_status braid_index_load(braid_index *ix, size_t *loaded, braid_error *err)
{
    struct load_ctx *c = calloc(1, sizeof *c);
    if (!c) return braid_err_set(err, BRAID_ENOMEM, "index: out of memory");
    c->ix = ix;
    c->st = BRAID_OK;
    c->err = err;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int nw = cpus < 1 ? 1 : cpus > LOAD_WORKERS ? LOAD_WORKERS : (int)cpus;
    for (int w = 0; w < nw; w++) {
        c->prep[w] = braid_index_preparer_new(ix);
        if (!c->prep[w]) break;
        c->nprep++;
    }
    braid_status st = braid_store_load(ix->store, load_one, c, err);
    if (st == BRAID_OK) load_flush(c);
    else
        for (size_t i = 0; i < c->nb; i++) {
            braid_store_record_free(c->batch[i]);
            free(c->batch[i]);
        }
    if (loaded) *loaded = c->n;
    if (st == BRAID_OK) st = c->st;
    for (int w = 0; w < c->nprep; w++) braid_threads_preparer_free(c->prep[w]);
    free(c);
    return st;
}

/* ---- queries (read lock held) ---------------------------------------- */

typedef struct hit {
    int32_t tid;
    uint32_t off, n, nsites;
    int64_t tmin, tmax;
    int32_t title_a;
    int cat;
} hit;

static int hit_cmp(const void *x, const void *y)
{
    const hit *a = x, *b = y;
    if (a->nsites != b->nsites) return a->nsites > b->nsites ? -1 : 1;
    if (a->n != b->n) return a->n > b->n ? -1 : 1;
    if (a->tmax != b->tmax) return a->tmax > b->tmax ? -1 : 1;
    return a->tid < b->tid ? -1 : a->tid > b->tid;
}

static int i32_cmp(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return a < b ? -1 : a > b;
}

typedef struct qres {
    hit *h;
    size_t nh;
    int32_t *m; /* matching members, hit i owns m[h[i].off .. +n) */
    size_t nm;
} qres;

static void qres_free(qres *r)
{
    free(r->h);
    free(r->m);
}

static int match(const braid_index *ix, const iart *a, const braid_index_query *q)
{
    if (!a->alive || expired(a, ix->now)) return 0;
    if (q->lang[0] && strcmp(a->lang, q->lang)) return 0;
    if (q->period >= 0 && a->pub < ix->now - q->period) return 0;
    return 1;
}

/* One thread's matching members appended to r->m; fills *h.  0 = none. */
static int eval_thread(const braid_index *ix, int32_t tid, const braid_index_query *q, qres *r,
                       int32_t *scratch, hit *h)
{
    const ithr *t = &ix->t[tid];
    size_t off = r->nm;
    int cats[BRAID_CAT_COUNT] = {0}, guesses[BRAID_CAT_COUNT] = {0}, answers = 0;
    size_t ns = 0;
    h->tid = tid;
    h->tmin = INT64_MAX;
    h->tmax = INT64_MIN;
    h->title_a = -1;
    for (uint32_t i = 0; i < t->n; i++) {
        const iart *a = &ix->a[t->m[i]];
        if (!match(ix, a, q)) continue;
        r->m[r->nm++] = t->m[i];
        if (a->cat >= 0 && a->cat_guess) guesses[a->cat]++;
        else if (a->cat >= 0) cats[a->cat]++, answers++;
        if (a->site >= 0) scratch[ns++] = a->site;
        if (a->pub < h->tmin) h->tmin = a->pub;
        if (a->pub > h->tmax) h->tmax = a->pub;
        /* the best headline (not a fragment, question or clickbait:
         * title.c), the earliest of equals */
        if (*a_title(a) && (h->title_a < 0 || a->tq > ix->a[h->title_a].tq ||
                            (a->tq == ix->a[h->title_a].tq && a->pub < ix->a[h->title_a].pub)))
            h->title_a = t->m[i];
    }
    h->off = (uint32_t)off;
    h->n = (uint32_t)(r->nm - off);
    if (!h->n) return 0;
    /* the majority of the classifier's answers; fallbacks (a language
     * without a model) only when there is none (as braid_threads: rank.c) */
    const int *votes = answers ? cats : guesses;
    int best = BRAID_CAT_OTHER;
    for (int c = 0; c < BRAID_CAT_COUNT; c++)
        if (votes[c] > votes[best]) best = c;
    h->cat = best;
    if (q->category >= 0 && best != q->category) {
        r->nm = off;
        return 0;
    }
    qsort(scratch, ns, sizeof *scratch, i32_cmp);
    uint32_t d = 0;
    for (size_t i = 0; i < ns; i++)
        if (!i || scratch[i] != scratch[i - 1]) d++;
    h->nsites = d ? d : 1;
    if (h->title_a < 0) h->title_a = r->m[off];
    return 1;
}

static braid_status run_query(const braid_index *ix, const braid_index_query *q, qres *r,
                              braid_error *err)
{
    memset(r, 0, sizeof *r);
    r->h = malloc((ix->nonempty ? ix->nonempty : 1) * sizeof *r->h);
    r->m = malloc((ix->news ? ix->news : 1) * sizeof *r->m);
    size_t maxn = 1;
    for (size_t i = 0; i < ix->nt; i++)
        if (ix->t[i].n > maxn) maxn = ix->t[i].n;
    int32_t *scratch = malloc(maxn * sizeof *scratch);
    if (!r->h || !r->m || !scratch) {
        free(scratch);
        qres_free(r);
        return braid_err_set(err, BRAID_ENOMEM, "query: out of memory");
    }
    /* threads wholly before the period or without the language are
     * skipped without touching their members */
    int64_t from = q->period >= 0 && ix->now != INT64_MIN ? ix->now - q->period : INT64_MIN;
    uint64_t lb = q->lang[0] ? lang_bit(q->lang) : 0;
    for (size_t i = 0; i < ix->nt; i++) {
        const ithr *t = &ix->t[i];
        if (!t->n || t->tmax < from || (lb && !(t->langs & lb))) continue;
        if (eval_thread(ix, (int32_t)i, q, r, scratch, &r->h[r->nh])) r->nh++;
    }
    free(scratch);
    qsort(r->h, r->nh, sizeof *r->h, hit_cmp);
    return BRAID_OK;
}

static void put_iso(buf *b, int64_t t)
{
    if (t == INT64_MIN || t == INT64_MAX) {
        buf_puts(b, "null");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[40];
    strftime(s, sizeof s, "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
    buf_puts(b, s);
}

static const char *cat_name(int c)
{
    return c >= 0 && c < BRAID_CAT_COUNT ? braid_category_name((braid_category)c) : "other";
}

/* cmu held.  An entry of the current generation, or (server_stale_ms)
 * a recent one of an older generation: the newest such. */
static int cache_find(braid_index *ix, const char *key, buf *out)
{
    double oldest = ix->cfg.server_stale_ms > 0 ? mono_now() - ix->cfg.server_stale_ms / 1000.0 : 0;
    centry *best = NULL;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        centry *c = &ix->cache[i];
        if (!c->body.len || strcmp(c->key, key)) continue;
        if (c->gen == ix->gen) {
            best = c;
            break;
        }
        if (ix->cfg.server_stale_ms > 0 && c->made >= oldest && (!best || c->gen > best->gen))
            best = c;
    }
    if (best) buf_append(out, best->body.data, best->body.len);
    return best != NULL;
}

/* cmu held */
static int busy_find(const braid_index *ix, const char *key)
{
    for (int i = 0; i < CACHE_BUSY; i++)
        if (ix->busy[i][0] && ix->busy_gen[i] == ix->gen && !strcmp(ix->busy[i], key)) return i;
    return -1;
}

typedef braid_status (*answer_fn)(braid_index *ix, const braid_index_query *q, buf *out,
                                  braid_error *err);

static void query_key(char *k, size_t cap, const char *kind, const braid_index_query *q)
{
    snprintf(k, cap, "%s|%lld|%s|%d|%zu|%zu", kind, (long long)q->period, q->lang, q->category,
             q->offset, q->limit);
}

/* The answer to `q`, from the cache or computed by `fn`, with the read
 * lock held (so the index cannot change meanwhile; a write waits for the
 * readers under way).  Concurrent requests for one uncached answer
 * compute it once: the others wait for it — when a burst of clients asks
 * for the day's threads at once, the machine's cores serve them instead
 * of each computing the same answer. */
static braid_status cached_answer_locked(braid_index *ix, const char *key,
                                         const braid_index_query *q, answer_fn fn, buf *out,
                                         braid_error *err)
{
    pthread_mutex_lock(&ix->cmu);
    int slot = -1;
    for (;;) {
        if (cache_find(ix, key, out)) {
            pthread_mutex_unlock(&ix->cmu);
            return BRAID_OK;
        }
        if (busy_find(ix, key) < 0) break;
        pthread_cond_wait(&ix->cdone, &ix->cmu);
    }
    for (int i = 0; i < CACHE_BUSY && slot < 0; i++)
        if (!ix->busy[i][0] || ix->busy_gen[i] != ix->gen) slot = i;
    if (slot >= 0) { /* else: too many at once, compute without announcing */
        snprintf(ix->busy[slot], sizeof ix->busy[slot], "%s", key);
        ix->busy_gen[slot] = ix->gen;
    }
    pthread_mutex_unlock(&ix->cmu);

    size_t start = out->len;
    braid_status st = fn(ix, q, out, err);
    if (st == BRAID_OK && out->oom) st = braid_err_set(err, BRAID_ENOMEM, "query: out of memory");

    pthread_mutex_lock(&ix->cmu);
    if (st == BRAID_OK) {
        centry *c = &ix->cache[ix->cnext++ % CACHE_SLOTS];
        snprintf(c->key, sizeof c->key, "%s", key);
        c->gen = ix->gen;
        c->made = mono_now();
        buf_clear(&c->body);
        buf_append(&c->body, out->data + start, out->len - start);
    }
    if (slot >= 0) ix->busy[slot][0] = '\0';
    pthread_cond_broadcast(&ix->cdone);
    pthread_mutex_unlock(&ix->cmu);
    return st;
}

/* The same, taking the read lock; `kind` names the answer's format. */
static braid_status cached_answer(braid_index *ix, const char *kind, const braid_index_query *q,
                                  answer_fn fn, buf *out, braid_error *err)
{
    char key[96];
    query_key(key, sizeof key, kind, q);
    pthread_rwlock_rdlock(&ix->rw);
    braid_status st = cached_answer_locked(ix, key, q, fn, out, err);
    pthread_rwlock_unlock(&ix->rw);
    return st;
}

static braid_status answer_tgnews(braid_index *ix, const braid_index_query *q, buf *out,
                                  braid_error *err)
{
    qres r;
    braid_status st = run_query(ix, q, &r, err);
    if (st != BRAID_OK) return st;
    buf_puts(out, "{\"threads\":[");
    size_t end = q->limit ? q->offset + q->limit : r.nh;
    for (size_t i = q->offset; i < r.nh && i < end; i++) {
        const hit *h = &r.h[i];
        if (i > q->offset) buf_putc(out, ',');
        buf_puts(out, "{\"title\":");
        json_cstr_or_null(out, a_title(&ix->a[h->title_a]));
        if (q->category < 0) {
            buf_puts(out, ",\"category\":");
            json_cstr_or_null(out, cat_name(h->cat));
        }
        buf_puts(out, ",\"articles\":[");
        for (uint32_t j = 0; j < h->n; j++) {
            if (j) buf_putc(out, ',');
            json_cstr_or_null(out, a_name(&ix->a[r.m[h->off + j]]));
        }
        buf_puts(out, "]}");
    }
    buf_puts(out, "]}");
    qres_free(&r);
    return BRAID_OK;
}

braid_status braid_index_threads_tgnews(braid_index *ix, const braid_index_query *q, buf *out,
                                        braid_error *err)
{
    return cached_answer(ix, "tg", q, answer_tgnews, out, err);
}

static void languages_of(const braid_index *ix, const int32_t *m, size_t n, buf *out)
{
    /* few languages per thread: a linear tally */
    char langs[16][8];
    int counts[16];
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        const char *l = ix->a[m[i]].lang;
        size_t j = 0;
        while (j < nl && strcmp(langs[j], l)) j++;
        if (j == nl) {
            if (nl == 16) continue;
            snprintf(langs[nl], sizeof langs[nl], "%s", l);
            counts[nl++] = 0;
        }
        counts[j]++;
    }
    buf_putc(out, '{');
    for (size_t j = 0; j < nl; j++) {
        if (j) buf_putc(out, ',');
        json_cstr_or_null(out, langs[j]);
        buf_printf(out, ":%d", counts[j]);
    }
    buf_putc(out, '}');
}

static void sites_of(const braid_index *ix, const int32_t *m, size_t n, size_t max, buf *out)
{
    /* distinct sites in member order (first reporters first), at most max */
    int32_t seen[64];
    size_t ns = 0;
    buf_putc(out, '[');
    for (size_t i = 0; i < n && ns < max && ns < 64; i++) {
        int32_t s = ix->a[m[i]].site;
        if (s < 0) continue;
        size_t j = 0;
        while (j < ns && seen[j] != s) j++;
        if (j < ns) continue;
        if (ns) buf_putc(out, ',');
        seen[ns++] = s;
        json_cstr_or_null(out, ix->sites[s]);
    }
    buf_putc(out, ']');
}

static long story_of(const braid_index *ix, long tid)
{
    return (size_t)tid < ix->ndet ? ix->det[tid].story : -1;
}

static braid_status answer_api(braid_index *ix, const braid_index_query *q, buf *out,
                               braid_error *err)
{
    qres r;
    braid_status st = run_query(ix, q, &r, err);
    if (st != BRAID_OK) return st;
    buf_puts(out, "{\"now\":");
    put_iso(out, ix->now);
    buf_printf(out, ",\"generation\":%llu,\"total\":%zu,\"offset\":%zu,\"threads\":[",
               (unsigned long long)ix->gen, r.nh, q->offset);
    size_t end = q->limit ? q->offset + q->limit : r.nh;
    for (size_t i = q->offset; i < r.nh && i < end; i++) {
        const hit *h = &r.h[i];
        const int32_t *m = r.m + h->off;
        if (i > q->offset) buf_putc(out, ',');
        buf_printf(out, "{\"id\":%d", h->tid);
        long story = story_of(ix, h->tid);
        if (story >= 0) buf_printf(out, ",\"story\":%ld", story);
        else buf_puts(out, ",\"story\":null");
        buf_puts(out, ",\"title\":");
        json_cstr_or_null(out, a_title(&ix->a[h->title_a]));
        buf_puts(out, ",\"category\":");
        json_cstr_or_null(out, cat_name(h->cat));
        buf_printf(out, ",\"size\":%u,\"sources\":%u,\"sites\":", h->n, h->nsites);
        sites_of(ix, m, h->n, 8, out);
        buf_puts(out, ",\"languages\":");
        languages_of(ix, m, h->n, out);
        buf_puts(out, ",\"first\":");
        put_iso(out, h->tmin);
        buf_puts(out, ",\"last\":");
        put_iso(out, h->tmax);
        buf_puts(out, ",\"articles\":[");
        for (uint32_t j = 0; j < h->n; j++) {
            if (j) buf_putc(out, ',');
            json_cstr_or_null(out, a_name(&ix->a[m[j]]));
        }
        buf_puts(out, "]}");
    }
    buf_puts(out, "]}");
    qres_free(&r);
    return BRAID_OK;
}

braid_status braid_index_threads_api(braid_index *ix, const braid_index_query *q, buf *out,
                                     braid_error *err)
{
    return cached_answer(ix, "api", q, answer_api, out, err);
}

/* ---- thread details from the clusterer (entities, dates, story) ------- */

/* Entities and dates of one thread, read from the clusterer's analysis of
 * its members (thread/threads_impl.h) — the same choice threads_json.c
 * makes (names most members mention; dates at least two mention), but for
 * one thread, so a thread view costs O(its size) instead of rendering
 * every thread.  This is the one place that reads the thread stage's
 * insides; a public per-thread call in braid.h section 7 would replace it.
 * thmu held. */
static void thread_keys(const braid_index *ix, long tid, buf *ents, buf *dates)
{
    const braid_threads *th = ix->th;
    const tthread *t = th && tid >= 0 && (size_t)tid < th->nthr ? &th->thr[tid] : NULL;
    braid_threads_keys_json(th, t, 10, ents, dates);
}

/*
 * A thread view's keys are read from the clusterer, which the committer
 * holds (thmu) for a whole placement batch and for every story pass (1-3 s
 * for a day of news); a view that waited for it made the mixed load's p99.
 * So the committer computes the keys of every thread whose members
 * changed right after each batch, expiry or load (here, committer thread
 * only), and a view reads them under the index's read lock.  A view that
 * comes between a batch and this refresh shows the keys of one batch
 * before; a thread too new to have any is computed on the spot.  About
 * 150 bytes per thread.
 */
static void refresh_keys(braid_index *ix)
{
    if (!ix->th) { /* no clusterer, no keys (kdirty is the committer's alone) */
        for (size_t i = 0; i < ix->nkq; i++) ix->t[ix->kq[i]].kdirty = 0;
        ix->nkq = 0;
    }
    if (!ix->nkq) return;
    size_t n = ix->nkq;
    char **made = calloc(n, sizeof *made);
    if (!made) return; /* stays queued: the next refresh retries */
    pthread_mutex_lock(&ix->thmu);
    for (size_t i = 0; i < n; i++) {
        buf ents = BUF_INIT, dates = BUF_INIT;
        thread_keys(ix, ix->kq[i], &ents, &dates);
        if (!ents.oom && !dates.oom && (made[i] = malloc(ents.len + dates.len + 2))) {
            memcpy(made[i], ents.data, ents.len + 1);
            memcpy(made[i] + ents.len + 1, dates.data, dates.len + 1);
        }
        buf_free(&ents);
        buf_free(&dates);
    }
    pthread_mutex_unlock(&ix->thmu);
    pthread_rwlock_wrlock(&ix->rw);
    for (size_t i = 0; i < n; i++) {
        ithr *t = &ix->t[ix->kq[i]];
        t->kdirty = 0;
        if (!made[i]) continue; /* out of memory: the old keys stay */
        free(t->keys);
        t->keys = made[i];
    }
    ix->nkq = 0;
    pthread_rwlock_unlock(&ix->rw);
    free(made);
}

/* Story ids: the clusterer links threads into stories in its whole-corpus
 * pass (braid_threads_finalize: importance, duplicates, stories), about a
 * second for a day of news — too slow for a request or a PUT, so the
 * committer runs it every server_story_seconds when something changed
 * (braid_index_refresh_stories) and the index keeps the story id of each
 * thread as of then.  A thread born since shows `story: null` until the
 * next pass.  Stories never change threads, so the threads a restarted
 * server answers with are unaffected. */
void braid_index_refresh_stories(braid_index *ix)
{
    if (!ix->th) return;
    pthread_mutex_lock(&ix->thmu);
    if (!ix->th->dirty && ix->th->storied && ix->ndet) {
        pthread_mutex_unlock(&ix->thmu);
        return;
    }
    tdet *det = NULL;
    size_t n = 0;
    if (braid_threads_finalize(ix->th, 1) == 0) {
        /* a story is named by its oldest thread's id (the smallest: ids
         * grow with creation), which stays its name from pass to pass
         * while that thread lives; the clusterer's own story numbers
         * follow thread order and shift when a thread is born before */
        n = ix->th->nthr;
        det = malloc((n ? n : 1) * sizeof *det);
        long *first = malloc((n ? n : 1) * sizeof *first);
        for (size_t i = 0; det && first && i < n; i++) first[i] = -1;
        for (size_t i = 0; det && first && i < n; i++) {
            long sid = ix->th->thr[i].n ? ix->th->thr[i].story : -1;
            if (sid >= 0 && (size_t)sid < n && first[sid] < 0) first[sid] = (long)i;
        }
        for (size_t i = 0; det && first && i < n; i++) {
            long sid = ix->th->thr[i].n ? ix->th->thr[i].story : -1;
            det[i].story = sid >= 0 && (size_t)sid < n ? first[sid] : -1;
        }
        if (!first) {
            free(det);
            det = NULL;
        }
        free(first);
    }
    pthread_mutex_unlock(&ix->thmu);
    if (!det) return;
    pthread_rwlock_wrlock(&ix->rw);
    free(ix->det);
    ix->det = det;
    ix->ndet = n;
    ix->gen++; /* answers carry story ids: cached ones are out of date */
    pthread_rwlock_unlock(&ix->rw);
}

braid_status braid_index_thread_api(braid_index *ix, long id, buf *out, braid_error *err)
{
    buf ents = BUF_INIT, dates = BUF_INIT;
    pthread_rwlock_rdlock(&ix->rw);
    const char *k = id >= 0 && (size_t)id < ix->nt ? ix->t[id].keys : NULL;
    if (k) {
        buf_puts(&ents, k);
        buf_puts(&dates, k + strlen(k) + 1);
    }
    pthread_rwlock_unlock(&ix->rw);
    if (!k) { /* not refreshed yet (or no clusterer): from the clusterer */
        pthread_mutex_lock(&ix->thmu);
        thread_keys(ix, id, &ents, &dates);
        pthread_mutex_unlock(&ix->thmu);
    }

    braid_status st = BRAID_OK;
    pthread_rwlock_rdlock(&ix->rw);
    long story = story_of(ix, id);
    braid_index_query q = {-1, "", -1, 0, 0};
    hit h;
    qres r = {NULL, 0, NULL, 0};
    int32_t *scratch = NULL;
    if (id < 0 || (size_t)id >= ix->nt || !ix->t[id].n) {
        st = braid_err_set(err, BRAID_ENOTFOUND, "thread %ld: no such thread", id);
        goto done;
    }
    r.m = malloc(ix->t[id].n * sizeof *r.m);
    scratch = malloc(ix->t[id].n * sizeof *scratch);
    if (!r.m || !scratch) {
        st = braid_err_set(err, BRAID_ENOMEM, "query: out of memory");
        goto done;
    }
    if (!eval_thread(ix, (int32_t)id, &q, &r, scratch, &h)) {
        st = braid_err_set(err, BRAID_ENOTFOUND, "thread %ld: every article expired", id);
        goto done;
    }
    buf_printf(out, "{\"id\":%ld,\"story\":", id);
    if (story >= 0) buf_printf(out, "%ld", story);
    else buf_puts(out, "null");
    buf_puts(out, ",\"title\":");
    json_cstr_or_null(out, a_title(&ix->a[h.title_a]));
    buf_puts(out, ",\"category\":");
    json_cstr_or_null(out, cat_name(h.cat));
    buf_printf(out, ",\"size\":%u,\"sources\":%u,\"languages\":", h.n, h.nsites);
    languages_of(ix, r.m, h.n, out);
    buf_puts(out, ",\"first\":");
    put_iso(out, h.tmin);
    buf_puts(out, ",\"last\":");
    put_iso(out, h.tmax);
    buf_printf(out, ",\"entities\":%s,\"dates\":%s,\"articles\":[", ents.data, dates.data);
    for (uint32_t j = 0; j < h.n; j++) {
        const iart *a = &ix->a[r.m[j]];
        if (j) buf_putc(out, ',');
        buf_puts(out, "{\"name\":");
        json_cstr_or_null(out, a_name(a));
        buf_puts(out, ",\"title\":");
        json_cstr_or_null(out, a_title(a));
        buf_puts(out, ",\"site\":");
        json_cstr_or_null(out, a->site >= 0 ? ix->sites[a->site] : NULL);
        buf_puts(out, ",\"url\":");
        json_cstr_or_null(out, *a_url(a) ? a_url(a) : NULL);
        buf_puts(out, ",\"time\":");
        put_iso(out, a->pub);
        buf_puts(out, ",\"lang\":");
        json_cstr_or_null(out, a->lang);
        buf_puts(out, ",\"category\":");
        json_cstr_or_null(out, cat_name(a->cat));
        buf_putc(out, '}');
    }
    buf_puts(out, "]}");
    if (out->oom) st = braid_err_set(err, BRAID_ENOMEM, "query: out of memory");
done:
    pthread_rwlock_unlock(&ix->rw);
    free(r.m);
    free(scratch);
    buf_free(&ents);
    buf_free(&dates);
    return st;
}

void braid_index_measure(braid_index *ix)
{
    braid_threads_mem m;
    memset(&m, 0, sizeof m);
    if (ix->th) {
        pthread_mutex_lock(&ix->thmu);
        braid_threads_memory(ix->th, &m);
        pthread_mutex_unlock(&ix->thmu);
    }
    pthread_mutex_lock(&ix->cmu);
    ix->clmem = m;
    pthread_mutex_unlock(&ix->cmu);
}

long braid_index_thread_of(braid_index *ix, const char *name)
{
    pthread_rwlock_rdlock(&ix->rw);
    long ai = find_locked(ix, name);
    long t = ai >= 0 ? ix->a[ai].thread : -1;
    pthread_rwlock_unlock(&ix->rw);
    return t;
}

void braid_index_stats_get(braid_index *ix, braid_index_stats *s)
{
    pthread_rwlock_rdlock(&ix->rw);
    s->articles = ix->alive;
    s->news = ix->news;
    s->threads = ix->nonempty;
    s->sites = ix->nsites;
    s->now = ix->now;
    s->generation = ix->gen;
    size_t mem = ix->strbytes + ix->cap * sizeof(iart) + ix->nt * sizeof(ithr) +
                 ix->byname.cap * 16 + ix->bysite.cap * 16 + ix->capfree * 4;
    for (size_t i = 0; i < ix->nt; i++) mem += ix->t[i].cap * sizeof(int32_t);
    s->mem_bytes = mem;
    pthread_rwlock_unlock(&ix->rw);
    pthread_mutex_lock(&ix->cmu);
    s->clusterer = ix->clmem;
    pthread_mutex_unlock(&ix->cmu);
}
