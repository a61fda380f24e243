/*
 * ingest.h — an HTTP body in, an article record out (read, extract,
 * language, classification), on a pool of engines so that request threads
 * work in parallel.
 */
#ifndef BRAID_SERVER_INGEST_H
#define BRAID_SERVER_INGEST_H

#include "braid.h"
#include "server/index.h"
#include "store/store.h"

typedef struct braid_ingest braid_ingest;

/* `workers` engines (0 = one per online CPU, at most 8), each with a
 * preparer of `ix`'s clusterer (ix may be NULL: no analysis here). */
braid_ingest *braid_ingest_new(const braid_config *cfg, int workers, braid_index *ix,
                               braid_error *err);
void braid_ingest_free(braid_ingest *ig);
/* 1 when news/category models are loaded. */
int braid_ingest_classifies(const braid_ingest *ig);
int braid_ingest_workers(const braid_ingest *ig);

/* Turn one body into a record named `name`.  `content_type` (may be NULL)
 * picks the format: text/html, text/plain, application/json (one object:
 * the JSON-lines fields of docs/CLI.md), anything else is sniffed.
 * `max_age` < 0: never expires.  Fills *out (free with
 * braid_store_record_free).  `prep` (may be NULL) receives the
 * clusterer's analysis of a news article (or NULL), for the committer. */
braid_status braid_ingest_body(braid_ingest *ig, const char *name, const char *body, size_t len,
                               const char *content_type, int64_t max_age,
                               braid_store_record *out, braid_prepared **prep, braid_error *err);

#endif
