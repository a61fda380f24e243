/*
 * commit.c — group commit: one thread applies every PUT and DELETE, first
 * to the store (durable), then to the in-memory index, in arrival order.
 *
 * A request handler queues its operation (with its article already read
 * and analysed, ingest.c) and sleeps; the committer takes everything
 * queued, writes it as one transaction (one fsync), applies it to the
 * index — placement only — and wakes the handlers, which only then
 * answer 201/204.
 * So an acknowledged write is on disk, and while one batch syncs the next
 * one gathers: throughput grows with concurrency instead of being capped
 * at the disk's fsyncs per second.  Being the only writer also makes the
 * 201-versus-204 answer exact (it is decided at apply time, in order).
 *
 * Expiry runs here too: after a batch moved "now", expired articles leave
 * the index at once and the store in the next transaction.  If the process
 * dies before that, the restart replays them and expires them again.
 */
#include "server/commit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "util/buf.h"

struct braid_committer {
    braid_store *store;
    braid_index *ix;
    size_t max_batch;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work;
    braid_commit_req *head, *tail;
    int stop;
    braid_commit_stats stats;
    buf expired;   /* NUL-separated names to delete from the store */
    int64_t last_now;
    unsigned long long trimmed; /* batches done at the last idle moment */
    double measure_at;
    double story_every, story_at; /* braid_index_refresh_stories period */
};

static double braid_commit_clock(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void finish(braid_committer *c, braid_commit_req *batch)
{
    pthread_mutex_lock(&c->mu);
    /* each waiter has its own condition: a broadcast to all of them
     * woke the ~30 whose writes were still queued, after every batch */
    for (braid_commit_req *r = batch; r; r = r->next) {
        r->done = 1;
        pthread_cond_signal(&r->cv); /* its waiter runs once mu is free */
    }
    pthread_mutex_unlock(&c->mu);
}

static void run_batch(braid_committer *c, braid_commit_req *batch, size_t n)
{
    size_t nexp = 0;
    for (const char *p = c->expired.data, *e = p ? p + c->expired.len : p; p && p < e; p += strlen(p) + 1)
        nexp++;
    braid_store_op *ops = malloc((n + nexp) * sizeof *ops);
    if (!ops) {
        for (braid_commit_req *r = batch; r; r = r->next) {
            r->status = BRAID_ENOMEM;
            snprintf(r->message, sizeof r->message, "out of memory");
        }
        return;
    }
    size_t k = 0;
    for (const char *p = c->expired.data, *e = p ? p + c->expired.len : p; p && p < e; p += strlen(p) + 1)
        ops[k++] = (braid_store_op){BRAID_STORE_DELETE, NULL, p};
    int64_t now = braid_index_now(c->ix);
    for (braid_commit_req *r = batch; r; r = r->next) {
        if (r->kind == BRAID_STORE_PUT) {
            /* no publication time: the index's present, or the clock */
            if (r->rec->published == INT64_MIN) {
                r->rec->published = now != INT64_MIN ? now : time(NULL);
                /* dates in the text were read against an unknown day */
                braid_prepared_free(r->prep);
                r->prep = NULL;
            }
            ops[k++] = (braid_store_op){BRAID_STORE_PUT, r->rec, NULL};
        } else {
            ops[k++] = (braid_store_op){BRAID_STORE_DELETE, NULL, r->name};
        }
    }
    braid_error err;
    braid_status st = braid_store_apply(c->store, ops, k, &err);
    free(ops);
    pthread_mutex_lock(&c->mu);
    c->stats.batches++;
    c->stats.ops += n;
    if (n > c->stats.max_batch) c->stats.max_batch = n;
    if (st != BRAID_OK) c->stats.failures++;
    pthread_mutex_unlock(&c->mu);
    if (st != BRAID_OK) {
        fprintf(stderr, "braid serve: %s\n", err.message);
        for (braid_commit_req *r = batch; r; r = r->next) {
            braid_prepared_free(r->prep);
            r->prep = NULL;
            r->status = st;
            memcpy(r->message, err.message, sizeof r->message);
        }
        return;
    }
    buf_clear(&c->expired);
    if (n) {
        /* the whole batch into the index at once (one write-lock section) */
        braid_store_op *iops = malloc(n * sizeof *iops);
        braid_prepared **preps = malloc(n * sizeof *preps);
        int *res = malloc(n * sizeof *res);
        size_t i = 0;
        for (braid_commit_req *r = batch; r; r = r->next, i++) {
            if (iops && preps && res) {
                iops[i] = (braid_store_op){r->kind, r->rec, r->name};
                preps[i] = r->prep;
            } else {
                braid_prepared_free(r->prep);
            }
            r->prep = NULL;
        }
        if (iops && preps && res) braid_index_apply(c->ix, iops, preps, n, res, &err);
        free(preps);
        i = 0;
        for (braid_commit_req *r = batch; r; r = r->next, i++) {
            r->status = BRAID_OK;
            r->result = iops && res ? res[i] : -1;
            if (r->kind == BRAID_STORE_PUT && r->result < 0) {
                /* durable but not indexed: a restart will index it */
                r->status = BRAID_ENOMEM;
                snprintf(r->message, sizeof r->message, "out of memory while indexing");
            }
        }
        free(iops);
        free(res);
    }
    int64_t after = braid_index_now(c->ix);
    if (after != c->last_now) {
        c->last_now = after;
        size_t ne = braid_index_expire(c->ix, &c->expired);
        pthread_mutex_lock(&c->mu);
        c->stats.expired += ne;
        pthread_mutex_unlock(&c->mu);
    }
}

static void *loop(void *arg)
{
    braid_committer *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->head && !c->stop) {
            if (c->expired.len) {
                /* flush expiry deletes when idle; on a store error retry
                 * in a second rather than spin */
                pthread_mutex_unlock(&c->mu);
                run_batch(c, NULL, 0);
                pthread_mutex_lock(&c->mu);
                if (c->expired.len && !c->head && !c->stop) {
                    struct timespec ts;
                    clock_gettime(CLOCK_REALTIME, &ts);
                    ts.tv_sec += 1;
                    pthread_cond_timedwait(&c->work, &c->mu, &ts);
                }
                continue;
            }
            /* Writes happened since the last idle moment: wait up to a
             * second for more.  Only a second with nothing to do counts
             * as idle (between the batches of a busy stream the queue is
             * empty for a moment all the time): then measure the
             * clusterer for /metrics, and link stories if the last pass
             * is server_story_seconds old (the pass holds the clusterer:
             * thread views wait for it, so it never runs more often).  (malloc_trim here
             * gave back ~7% of RSS but stalled every allocating thread
             * for up to a second on a day-sized heap: not worth it.) */
            if (c->trimmed < c->stats.batches) {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                ts.tv_sec += 1;
                if (pthread_cond_timedwait(&c->work, &c->mu, &ts) == 0 || c->head || c->stop)
                    continue;
                c->trimmed = c->stats.batches;
                pthread_mutex_unlock(&c->mu);
                braid_index_measure(c->ix);
                double now = braid_commit_clock();
                if (c->story_every > 0 && now - c->story_at >= c->story_every) {
                    c->story_at = now;
                    braid_index_refresh_stories(c->ix);
                }
                pthread_mutex_lock(&c->mu);
                continue;
            }
            pthread_cond_wait(&c->work, &c->mu);
        }
        if (!c->head && c->stop) break;
        braid_commit_req *batch = c->head, *last = batch;
        size_t n = 1;
        while (last->next && n < c->max_batch) {
            last = last->next;
            n++;
        }
        c->head = last->next;
        if (!c->head) c->tail = NULL;
        last->next = NULL;
        pthread_mutex_unlock(&c->mu);
        run_batch(c, batch, n);
        finish(c, batch);
        /* under a steady stream there is no idle moment: measure anyway,
         * every 5 seconds */
        double now = braid_commit_clock();
        if (now - c->measure_at >= 5.0) {
            c->measure_at = now;
            braid_index_measure(c->ix);
        }
        if (c->story_every > 0 && now - c->story_at >= c->story_every) {
            c->story_at = now;
            braid_index_refresh_stories(c->ix);
        }
        pthread_mutex_lock(&c->mu);
    }
    pthread_mutex_unlock(&c->mu);
    if (c->expired.len) run_batch(c, NULL, 0);
    return NULL;
}

braid_committer *braid_committer_new(braid_store *store, braid_index *ix, size_t max_batch,
                                     double story_seconds, braid_error *err)
{
    braid_committer *c = calloc(1, sizeof *c);
    if (!c) {
        braid_err_set(err, BRAID_ENOMEM, "committer: out of memory");
        return NULL;
    }
    c->store = store;
    c->ix = ix;
    c->max_batch = max_batch ? max_batch : 1024;
    c->story_every = story_seconds;
    c->story_at = braid_commit_clock();
    c->last_now = braid_index_now(ix);
    buf_init(&c->expired);
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->work, NULL);
    if (pthread_create(&c->thread, NULL, loop, c)) {
        braid_err_set(err, BRAID_ENOMEM, "committer: cannot start a thread");
        buf_free(&c->expired);
        free(c);
        return NULL;
    }
    return c;
}

void braid_committer_free(braid_committer *c)
{
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    c->stop = 1;
    pthread_cond_broadcast(&c->work);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->work);
    buf_free(&c->expired);
    free(c);
}

void braid_committer_submit(braid_committer *c, braid_commit_req *req)
{
    req->done = 0;
    req->next = NULL;
    req->status = BRAID_OK;
    req->message[0] = '\0';
    pthread_cond_init(&req->cv, NULL);
    pthread_mutex_lock(&c->mu);
    if (c->tail) c->tail->next = req;
    else c->head = req;
    c->tail = req;
    pthread_cond_signal(&c->work);
    while (!req->done) pthread_cond_wait(&req->cv, &c->mu);
    pthread_mutex_unlock(&c->mu);
    pthread_cond_destroy(&req->cv);
}

void braid_committer_stats(braid_committer *c, braid_commit_stats *out)
{
    pthread_mutex_lock(&c->mu);
    *out = c->stats;
    pthread_mutex_unlock(&c->mu);
}
