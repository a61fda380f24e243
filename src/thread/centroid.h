/*
 * centroid.h — the sparse sum of a thread's member vectors in one
 * language: feature key (analyzer.h: braid_feat_key, never 0) → summed
 * weight.
 */
#ifndef BRAID_THREAD_CENTROID_H
#define BRAID_THREAD_CENTROID_H

#include <stddef.h>
#include <stdint.h>

typedef struct csum_slot {
    uint32_t key; /* 0 = empty */
    float sum;
} csum_slot;

typedef struct csum {
    csum_slot *s;
    uint32_t cap, n; /* cap: 0 or a power of two */
} csum;

void csum_init(csum *c);
void csum_free(csum *c);
/* Pointer to the sum of `key`, or NULL when absent. */
float *csum_get(const csum *c, uint32_t key);
/* Pointer to the sum of `key`, inserted as 0 when absent; NULL on OOM. */
float *csum_put(csum *c, uint32_t key);
/* Bytes held. */
static inline size_t csum_bytes(const csum *c)
{
    return (size_t)c->cap * sizeof(csum_slot);
}

#endif
