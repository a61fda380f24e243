/*
 * server.c — the life of a `braid serve` process.
 *
 * Start: open the store, start listening at once (so health checks see
 * "loading" and writes get 503 instead of connection refused), replay the
 * store into the index — articles in the order they were last written,
 * placed by the clusterer exactly as when they arrived — then mark the
 * index ready.  Nothing is read from outside the store.
 *
 * Stop (SIGTERM): stop accepting and wait for the connections' handlers
 * (each PUT under way finishes its commit and answers), stop the
 * committer, close the store.  A kill -9 loses nothing acknowledged: every
 * 201/204 was sent after its transaction was synced.
 */
#include "server/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

braid_server *braid_server_new(const braid_config *cfg, braid_error *err)
{
    braid_server *s = calloc(1, sizeof *s);
    if (!s) {
        braid_err_set(err, BRAID_ENOMEM, "serve: out of memory");
        return NULL;
    }
    s->cfg = *cfg;
    s->started = braid_server_clock();
    pthread_mutex_init(&s->m.mu, NULL);
    s->store = braid_store_open(cfg->server_db, err);
    if (!s->store) goto fail;
    s->ix = braid_index_new(cfg, s->store, err);
    if (!s->ix) goto fail;
    s->ig = braid_ingest_new(cfg, cfg->server_workers, s->ix, err);
    if (!s->ig) goto fail;
    s->cm = braid_committer_new(s->store, s->ix, (size_t)cfg->server_max_batch,
                                (double)cfg->server_story_seconds, err);
    if (!s->cm) goto fail;
    s->daemon = braid_http_start(s, err);
    if (!s->daemon) goto fail;
    s->port = braid_http_port(s->daemon);
    return s;
fail:
    braid_server_free(s);
    return NULL;
}

braid_status braid_server_load(braid_server *s, size_t *loaded, braid_error *err)
{
    double t0 = braid_server_clock();
    braid_status st = braid_index_load(s->ix, loaded, err);
    if (st != BRAID_OK) return st;
    /* what expired while the server was down leaves now (no request can
     * write yet: this thread is the store's only writer) */
    buf names = BUF_INIT;
    size_t n = braid_index_expire(s->ix, &names);
    if (n) {
        braid_store_op *ops = calloc(n, sizeof *ops);
        const char *p = names.data;
        for (size_t i = 0; ops && i < n; i++, p += strlen(p) + 1)
            ops[i] = (braid_store_op){BRAID_STORE_DELETE, NULL, p};
        if (ops) st = braid_store_apply(s->store, ops, n, err);
        free(ops);
    }
    buf_free(&names);
    if (st != BRAID_OK) return st;
    double t1 = braid_server_clock();
    if (s->cfg.server_story_seconds > 0) braid_index_refresh_stories(s->ix);
    s->story_seconds = braid_server_clock() - t1;
    s->load_seconds = braid_server_clock() - t0;
    braid_index_measure(s->ix);
    braid_index_set_ready(s->ix);
    return BRAID_OK;
}

double braid_server_story_seconds(const braid_server *s)
{
    return s->story_seconds;
}

int braid_server_port(const braid_server *s)
{
    return s->port;
}

void braid_server_free(braid_server *s)
{
    if (!s) return;
    braid_http_stop(s->daemon);   /* joins every connection thread */
    braid_committer_free(s->cm);  /* drains what is queued */
    braid_ingest_free(s->ig);
    braid_index_free(s->ix);
    braid_store_close(s->store);
    pthread_mutex_destroy(&s->m.mu);
    free(s);
}
