/*
 * centroid.c — a thread's per-language centroid as an open-addressing
 * table of (32-bit key, float sum) pairs.
 *
 * Centroids are the largest part of the clusterer after the articles
 * themselves (every thread of two or more articles holds one per
 * language, with a slot for every feature of every member's vector).
 * The general u64map spends 16 bytes a slot at a load of at most 1/2;
 * this table spends 8 at up to 3/4 — about a third of the memory.  A
 * float sum is exact enough: it adds at most a few hundred unit-vector
 * weights, and the cosines built from it are compared against thresholds
 * read off data to two digits.  No deletion: a centroid that loses a
 * member is rebuilt from the remaining ones (cluster.c).  Linear probing
 * from a multiplicative mix of the key (keys are hash halves, but the
 * mix costs nothing and keeps clustered keys apart), in Robin Hood order:
 * an entry further from its home slot takes the place of one nearer to
 * its own, so the entries of a run are sorted by distance and a lookup
 * stops as soon as it meets an entry nearer home than it has come.
 * Most lookups are of absent keys (an article shares a fraction of its
 * features with a thread), and at 3/4 load plain linear probing walks
 * ~8 slots to find a key absent, Robin Hood ~2-3.
 */
#include "thread/centroid.h"

#include <stdlib.h>
#include <string.h>

void csum_init(csum *c)
{
    memset(c, 0, sizeof *c);
}

void csum_free(csum *c)
{
    free(c->s);
    csum_init(c);
}

static uint32_t home(uint32_t key, uint32_t cap)
{
    return (uint32_t)(((uint64_t)key * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

static uint32_t dist(uint32_t key, uint32_t slot, uint32_t cap)
{
    return (slot - home(key, cap)) & (cap - 1);
}

float *csum_get(const csum *c, uint32_t key)
{
    if (!c->cap || !key) return NULL;
    for (uint32_t i = home(key, c->cap), d = 0;; i = (i + 1) & (c->cap - 1), d++) {
        uint32_t k = c->s[i].key;
        if (k == key) return &c->s[i].sum;
        if (!k || dist(k, i, c->cap) < d) return NULL;
    }
}

/* Put e into the table (its key absent, a free slot exists); returns the
 * slot it took. */
static uint32_t place_entry(csum_slot *s, uint32_t cap, csum_slot e)
{
    uint32_t at = UINT32_MAX;
    for (uint32_t i = home(e.key, cap), d = 0;; i = (i + 1) & (cap - 1), d++) {
        if (!s[i].key) {
            s[i] = e;
            return at == UINT32_MAX ? i : at;
        }
        uint32_t od = dist(s[i].key, i, cap);
        if (od < d) { /* take its place; carry it on */
            csum_slot t = s[i];
            s[i] = e;
            if (at == UINT32_MAX) at = i;
            e = t;
            d = od;
        }
    }
}

static int grow(csum *c)
{
    if (c->cap > UINT32_MAX / 4) return -1;
    uint32_t nc = c->cap ? c->cap * 2 : 64;
    csum_slot *ns = calloc(nc, sizeof *ns);
    if (!ns) return -1;
    for (uint32_t i = 0; i < c->cap; i++)
        if (c->s[i].key) place_entry(ns, nc, c->s[i]);
    free(c->s);
    c->s = ns;
    c->cap = nc;
    return 0;
}

float *csum_put(csum *c, uint32_t key)
{
    if (!key) return NULL;
    float *p = csum_get(c, key);
    if (p) return p;
    if ((uint64_t)(c->n + 1) * 4 > (uint64_t)c->cap * 3 && grow(c) < 0) return NULL;
    c->n++;
    return &c->s[place_entry(c->s, c->cap, (csum_slot){key, 0})].sum;
}
