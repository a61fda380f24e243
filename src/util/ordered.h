/*
 * ordered.h — run a job over items on several threads while the calling
 * thread consumes the results strictly in item order.
 *
 * The pipeline's batch steps come in pairs: an independent step per item
 * (analyse an article, build its vector) followed by a sequential one
 * that must see the items in input order (count it into the corpus
 * statistics, place it into a thread).  Running the two one after the
 * other leaves a core idle during the sequential step; here workers take
 * chunks of items in turn and the caller consumes each chunk as soon as
 * it and every chunk before it are done, so the sequential step overlaps
 * the parallel one and the result does not depend on the number of
 * threads.
 */
#ifndef BRAID_UTIL_ORDERED_H
#define BRAID_UTIL_ORDERED_H

#include <stddef.h>

/* Process items [from, to) on worker `worker` (0 .. workers-1); 0 or -1
 * to stop the run. */
typedef int (*ordered_work_fn)(void *ctx, int worker, size_t from, size_t to);
/* Consume items [from, to), called on the caller's thread in order; 0 or
 * -1 to stop the run. */
typedef int (*ordered_consume_fn)(void *ctx, size_t from, size_t to);

/* Run work over [0, n) in chunks of `chunk` items on `workers` threads
 * (at least 1; with 1, or when threads cannot be started, everything
 * runs on the caller's thread, chunk by chunk, work then consume) and
 * hand each chunk to consume (may be NULL) in order.  Returns 0, or -1
 * when a call returned -1 (no later chunk is consumed; running ones
 * finish). */
int ordered_run(size_t n, size_t chunk, int workers, ordered_work_fn work, void *wctx,
                ordered_consume_fn consume, void *cctx);

#endif
