/*
 * index.h — the server's in-memory index of articles and threads.
 *
 * The one place that maps articles to threads (the integration point with
 * the thread stage, braid.h section 7).  It holds, per article, only what
 * queries need (name, title, site, url, language, category, times, thread)
 * — the text lives in the store and in the clusterer's vectors.  Mutations
 * come from one thread (the committer, commit.c) after the store made them
 * durable; queries come from any number of HTTP threads under a read lock.
 */
#ifndef BRAID_SERVER_INDEX_H
#define BRAID_SERVER_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include "braid.h"
#include "store/store.h"
#include "util/buf.h"

typedef struct braid_index braid_index;

braid_index *braid_index_new(const braid_config *cfg, braid_store *store, braid_error *err);
void braid_index_free(braid_index *ix);

/* Replay every record of the store (at start), then mark the index ready.
 * `loaded` gets the number of records. */
braid_status braid_index_load(braid_index *ix, size_t *loaded, braid_error *err);
int braid_index_ready(braid_index *ix);
void braid_index_set_ready(braid_index *ix);

/* Add or replace one article (its text is read, not kept).  Returns 1
 * when it replaced an article of that name, 0 when new, -1 on error. */
int braid_index_put(braid_index *ix, const braid_store_record *rec, braid_error *err);
/* Remove an article: 0, or -1 when there is none of that name. */
int braid_index_delete(braid_index *ix, const char *name);
/* Apply puts and deletes in order (results[i] as for _put / _delete),
 * placing every article first and then taking the index's write lock once
 * for the whole batch.  `preps` (may be NULL) holds, for a put, the
 * clusterer's analysis of its article made by braid_threads_prepare() with
 * a preparer from braid_index_preparer_new() (or NULL: analysed here);
 * every entry is consumed.  `err` gets the last failure. */
void braid_index_apply(braid_index *ix, const braid_store_op *ops, braid_prepared **preps,
                       size_t n, int *results, braid_error *err);
/* An analyzer for braid_threads_prepare() on another thread (free it
 * before the index); NULL when the index has no clusterer. */
braid_threads_preparer *braid_index_preparer_new(braid_index *ix);
/* Remove the articles that have expired at the current "now"; their names
 * are appended (NUL-separated) to `names`.  Returns how many. */
size_t braid_index_expire(braid_index *ix, buf *names);
/* Current "now": publication time of the newest article (INT64_MIN when
 * empty). */
int64_t braid_index_now(braid_index *ix);

/* A thread query.  period < 0: no limit; lang "" = any; category -1 = any
 * (else a braid_category); limit 0 = all. */
typedef struct braid_index_query {
    int64_t period;
    char lang[8];
    int category;
    size_t offset, limit;
} braid_index_query;

/* The contest's answer: {"threads":[{"title","category"?,"articles"}]}. */
braid_status braid_index_threads_tgnews(braid_index *ix, const braid_index_query *q, buf *out,
                                        braid_error *err);
/* The JSON API's thread list (docs/SERVER.md). */
braid_status braid_index_threads_api(braid_index *ix, const braid_index_query *q, buf *out,
                                     braid_error *err);
/* One thread with its articles, entities and dates; BRAID_ENOTFOUND. */
braid_status braid_index_thread_api(braid_index *ix, long id, buf *out, braid_error *err);
/* One article's thread id, or -1 (also when absent). */
long braid_index_thread_of(braid_index *ix, const char *name);

typedef struct braid_index_stats {
    size_t articles, news, threads, sites;
    int64_t now;
    uint64_t generation;
    size_t mem_bytes; /* index bookkeeping (strings, tables), not the clusterer */
    braid_threads_mem clusterer; /* zero without a clusterer */
} braid_index_stats;
/* `clusterer` is as of the last braid_index_measure(). */
void braid_index_stats_get(braid_index *ix, braid_index_stats *st);
/* Link threads into stories (the clusterer's whole-corpus pass) and keep
 * each thread's story id for the API; a no-op when nothing changed. */
void braid_index_refresh_stories(braid_index *ix);
/* Walk the clusterer to measure its memory (O(articles), under the
 * clusterer's lock: the committer calls it when idle, not requests). */
void braid_index_measure(braid_index *ix);

#endif
