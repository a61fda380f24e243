/*
 * fingerprint.h — SimHash fingerprints for near-duplicate detection.
 */
#ifndef BRAID_SIM_FINGERPRINT_H
#define BRAID_SIM_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>
#include "analyze/tokenize.h"

/* 64-bit SimHash of the word 3-grams of ts->v[from..n) (folded forms,
 * stopwords included: syndicated copies keep them).  0 when there are
 * fewer than 8 words — too short to call anything a copy. */
uint64_t braid_simhash(const braid_tokens *ts, size_t from);

/* Number of differing bits. */
static inline int braid_simhash_distance(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}

#endif
