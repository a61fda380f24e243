/*
 * ordered.c — workers take chunks in turn, the caller consumes them in
 * order; see ordered.h.
 *
 * One mutex and one condition variable guard the next chunk to take, the
 * per-chunk "done" flags and the stop flag.  Chunks are dozens of items
 * of tens of microseconds each, so the lock is taken a few thousand
 * times per run and never contended for long.
 */
#include "util/ordered.h"

#include <pthread.h>
#include <stdlib.h>

#define MAX_WORKERS 16

struct run {
    size_t n, chunk, nchunks;
    ordered_work_fn work;
    void *wctx;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next;         /* next chunk to take */
    unsigned char *done; /* per chunk */
    int stop;
};

struct worker {
    struct run *r;
    int id;
};

static void *work_loop(void *arg)
{
    struct worker *w = arg;
    struct run *r = w->r;
    for (;;) {
        pthread_mutex_lock(&r->mu);
        size_t c = r->next;
        int stop = r->stop || c >= r->nchunks;
        if (!stop) r->next++;
        pthread_mutex_unlock(&r->mu);
        if (stop) break;
        size_t from = c * r->chunk, to = from + r->chunk < r->n ? from + r->chunk : r->n;
        int rc = r->work(r->wctx, w->id, from, to);
        pthread_mutex_lock(&r->mu);
        r->done[c] = 1;
        if (rc < 0) r->stop = 1;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
    }
    return NULL;
}

int ordered_run(size_t n, size_t chunk, int workers, ordered_work_fn work, void *wctx,
                ordered_consume_fn consume, void *cctx)
{
    if (!n) return 0;
    if (!chunk) chunk = 1;
    if (workers < 1) workers = 1;
    if (workers > MAX_WORKERS) workers = MAX_WORKERS;
    size_t nchunks = (n + chunk - 1) / chunk;
    if ((size_t)workers > nchunks) workers = (int)nchunks;
    struct run r = {n, chunk, nchunks, work, wctx, PTHREAD_MUTEX_INITIALIZER,
                    PTHREAD_COND_INITIALIZER, 0, NULL, 0};
    pthread_t tid[MAX_WORKERS];
    struct worker ws[MAX_WORKERS];
    int started = 0;
    if (workers > 1 || consume) {
        r.done = calloc(nchunks, 1);
        if (r.done)
            for (int i = 0; i < workers; i++) {
                ws[i] = (struct worker){&r, i};
                if (pthread_create(&tid[i], NULL, work_loop, &ws[i]) != 0) break;
                started++;
            }
    }
    int failed = 0;
    if (!started) { /* everything here, in order */
        for (size_t c = 0; c < nchunks && !failed; c++) {
            size_t from = c * chunk, to = from + chunk < n ? from + chunk : n;
            failed = work(wctx, 0, from, to) < 0 || (consume && consume(cctx, from, to) < 0);
        }
    } else {
        for (size_t c = 0; c < nchunks; c++) {
            pthread_mutex_lock(&r.mu);
            while (!r.done[c] && !r.stop) pthread_cond_wait(&r.cv, &r.mu);
            int go = r.done[c] && !r.stop;
            pthread_mutex_unlock(&r.mu);
            if (!go) {
                failed = 1;
                break;
            }
            size_t from = c * chunk, to = from + chunk < n ? from + chunk : n;
            if (consume && consume(cctx, from, to) < 0) {
                pthread_mutex_lock(&r.mu);
                r.stop = 1;
                pthread_mutex_unlock(&r.mu);
                failed = 1;
                break;
            }
        }
        for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);
    }
    free(r.done);
    pthread_mutex_destroy(&r.mu);
    pthread_cond_destroy(&r.cv);
    return failed ? -1 : 0;
}
