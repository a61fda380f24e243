/*
 * commit.h — group commit: the single writer between HTTP requests, the
 * store and the index.
 */
#ifndef BRAID_SERVER_COMMIT_H
#define BRAID_SERVER_COMMIT_H

#include <pthread.h>

#include "braid.h"
#include "server/index.h"
#include "store/store.h"

typedef struct braid_commit_req {
    braid_store_op_kind kind;
    braid_store_record *rec; /* PUT: the caller's record (published may be
                                filled in when unknown)                     */
    braid_prepared *prep;    /* PUT: the clusterer's analysis, made by the
                                request thread (NULL: the committer
                                analyses); the committer takes it          */
    const char *name;        /* DELETE */
    /* results */
    int done;
    pthread_cond_t cv;       /* signalled when done (braid_committer_submit's) */
    int result;              /* PUT: 1 replaced, 0 new; DELETE: 0, -1 absent */
    braid_status status;
    char message[BRAID_ERROR_MAX];
    struct braid_commit_req *next;
} braid_commit_req;

typedef struct braid_commit_stats {
    unsigned long long batches, ops, expired, failures;
    size_t max_batch;
} braid_commit_stats;

typedef struct braid_committer braid_committer;

/* `story_seconds` > 0: link stories (braid_index_refresh_stories) that
 * often while writes go on, and when idle after a write. */
braid_committer *braid_committer_new(braid_store *store, braid_index *ix, size_t max_batch,
                                     double story_seconds, braid_error *err);
/* Finishes every submitted request, then stops the thread. */
void braid_committer_free(braid_committer *c);

/* Queue one operation and wait until it is durable and applied to the
 * index (or failed: req->status).  Called from any thread. */
void braid_committer_submit(braid_committer *c, braid_commit_req *req);

void braid_committer_stats(braid_committer *c, braid_commit_stats *out);

#endif
