/*
 * scorer.c — a second core scores a placement's candidate threads.
 *
 * Placement is sequential (each article sees the threads the earlier ones
 * made), and on the contest day it was the one long serial stretch of a
 * batch: ~2.6 s of CPU on one core while the other had nothing left to
 * do.  Its cost is the full comparison of an article with its ~14
 * candidate threads (braid_thread_cos), and those comparisons only read
 * the clusterer — the candidate's own headline-anchor cache is the one
 * thing written, and each candidate is scored by one thread.  So while a
 * batch places, a helper thread waits for a placement's candidates and
 * both threads take them one at a time; the placement then picks the
 * best from the ratios in candidate order, exactly as the serial loop
 * did, so the threads do not depend on which core scored what.
 *
 * Hand-over without locks: one 64-bit word holds the job number, the
 * number of candidates and the next one to take, so taking a candidate
 * is one compare-and-swap that fails once the job is over; the helper
 * spins on that word between placements (yielding the core now and then
 * to the vector workers of the same pipeline), since a placement is tens
 * of microseconds and a sleep/wake-up costs about as much.  The placing
 * thread never waits for a candidate the helper has not taken: it takes
 * whatever is left itself, and only waits for comparisons in progress.
 */
#include "thread/threads_impl.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#define JOB_STOP 0xFFFFFFFFu
#define SPINS_BEFORE_YIELD 256

struct braid_scorer {
    const braid_threads *th;
    pthread_t thread;
    _Atomic uint64_t claim; /* job << 32 | n << 16 | next */
    atomic_uint done;       /* comparisons finished in this job */
    /* the job, written before `claim` announces it */
    const tdoc *d;
    const int32_t *tids;
    double *ratios;
    uint32_t job;
};

static uint64_t pack(uint32_t job, uint32_t n, uint32_t next)
{
    return (uint64_t)job << 32 | (uint64_t)n << 16 | next;
}

/* take the next candidate of the current job: its index, or -1 when none
 * is left (or the job is over) */
static int take(struct braid_scorer *s, uint64_t *seen)
{
    uint64_t c = atomic_load_explicit(&s->claim, memory_order_acquire);
    for (;;) {
        uint32_t n = (uint32_t)(c >> 16) & 0xFFFF, next = (uint32_t)c & 0xFFFF;
        if ((uint32_t)(c >> 32) == JOB_STOP || next >= n) {
            *seen = c;
            return -1;
        }
        if (atomic_compare_exchange_weak_explicit(&s->claim, &c, c + 1, memory_order_acq_rel,
                                                  memory_order_acquire)) {
            *seen = c;
            return (int)next;
        }
    }
}

static void score_one(struct braid_scorer *s, int i)
{
    double r = 0;
    braid_thread_cos(s->th, &s->th->thr[s->tids[i]], s->d, 1, &r);
    s->ratios[i] = r;
    atomic_fetch_add_explicit(&s->done, 1, memory_order_release);
}

static void *helper(void *arg)
{
    struct braid_scorer *s = arg;
    unsigned spins = 0;
    for (;;) {
        uint64_t seen;
        int i = take(s, &seen);
        if (i >= 0) {
            score_one(s, i);
            spins = 0;
            continue;
        }
        if ((uint32_t)(seen >> 32) == JOB_STOP) return NULL;
        if (++spins % SPINS_BEFORE_YIELD == 0) sched_yield();
    }
}

braid_scorer *braid_scorer_start(const braid_threads *th)
{
    struct braid_scorer *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->th = th;
    atomic_init(&s->claim, pack(0, 0, 0));
    atomic_init(&s->done, 0);
    if (pthread_create(&s->thread, NULL, helper, s) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

void braid_scorer_stop(braid_scorer *s)
{
    if (!s) return;
    atomic_store_explicit(&s->claim, pack(JOB_STOP, 0, 0), memory_order_release);
    pthread_join(s->thread, NULL);
    free(s);
}

void braid_scorer_run(braid_scorer *s, const braid_threads *th, const tdoc *d,
                      const int32_t *tids, size_t n, double *ratios)
{
    if (!s || n < 2 || n > 0xFFFF) {
        for (size_t i = 0; i < n; i++) {
            ratios[i] = 0;
            braid_thread_cos(th, &th->thr[tids[i]], d, 1, &ratios[i]);
        }
        return;
    }
    s->d = d;
    s->tids = tids;
    s->ratios = ratios;
    s->job = s->job + 1 == JOB_STOP ? 1 : s->job + 1;
    atomic_store_explicit(&s->done, 0, memory_order_relaxed);
    atomic_store_explicit(&s->claim, pack(s->job, (uint32_t)n, 0), memory_order_release);
    uint64_t seen;
    int i;
    while ((i = take(s, &seen)) >= 0) score_one(s, i);
    unsigned spins = 0;
    while (atomic_load_explicit(&s->done, memory_order_acquire) < n)
        if (++spins % SPINS_BEFORE_YIELD == 0) sched_yield();
}
