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
 * mix costs nothing and keeps clustered keys apart).
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

float *csum_get(const csum *c, uint32_t key)
{
    if (!c->cap || !key) return NULL;
    for (uint32_t i = home(key, c->cap);; i = (i + 1) & (c->cap - 1)) {
        if (c->s[i].key == key) return &c->s[i].sum;
        if (!c->s[i].key) return NULL;
    }
}

static int grow(csum *c)
{
    if (c->cap > UINT32_MAX / 4) return -1;
    uint32_t nc = c->cap ? c->cap * 2 : 64;
    csum_slot *ns = calloc(nc, sizeof *ns);
    if (!ns) return -1;
    for (uint32_t i = 0; i < c->cap; i++) {
        if (!c->s[i].key) continue;
        uint32_t j = home(c->s[i].key, nc);
        while (ns[j].key) j = (j + 1) & (nc - 1);
        ns[j] = c->s[i];
    }
    free(c->s);
    c->s = ns;
    c->cap = nc;
    return 0;
}

float *csum_put(csum *c, uint32_t key)
{
    if (!key) return NULL;
    if ((uint64_t)(c->n + 1) * 4 > (uint64_t)c->cap * 3 && grow(c) < 0) return NULL;
    uint32_t i = home(key, c->cap);
    while (c->s[i].key && c->s[i].key != key) i = (i + 1) & (c->cap - 1);
    if (!c->s[i].key) {
        c->s[i].key = key;
        c->s[i].sum = 0;
        c->n++;
    }
    return &c->s[i].sum;
}
