/*
 * u64map.h — an open-addressing hash map from 64-bit keys to 64-bit values.
 *
 * Keys are feature hashes and ids; key 0 is reserved (means "empty"), so
 * callers hash to non-zero keys (u64map_key() does) or add 1 to ids.
 * Linear probing, power-of-two capacity, load factor <= 1/2, no deletion
 * (the maps it serves — document frequencies, centroids, caches — only
 * grow or are rebuilt).  A key and its value sit side by side in one
 * 16-byte entry: the day's document-frequency table is ~64 MB, far
 * beyond the caches, and a lookup then costs one cache miss, not two.
 */
#ifndef BRAID_UTIL_U64MAP_H
#define BRAID_UTIL_U64MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct u64map_entry {
    uint64_t key; /* 0 = empty slot */
    uint64_t val;
} u64map_entry;

typedef struct u64map {
    u64map_entry *e; /* cap entries; iterate over them for the whole map */
    size_t cap, n;
} u64map;

void u64map_init(u64map *m);
void u64map_free(u64map *m);
/* Empty the map (a mostly empty large one is freed: see u64map.c). */
void u64map_clear(u64map *m);
/* Empty the map and size it for about `expect` entries: kept (and zeroed)
 * when its capacity is within a factor of 8 of what they need, else
 * reallocated, so neither regrowth nor zeroing a huge table is paid per
 * use.  Returns -1 on OOM (the map is then empty and unallocated). */
int u64map_reset(u64map *m, size_t expect);
/* Pointer to the value of `key`, or NULL. */
uint64_t *u64map_get(const u64map *m, uint64_t key);
/* Pointer to the value of `key`, inserting 0 when absent; NULL on OOM. */
uint64_t *u64map_put(u64map *m, uint64_t key);
/* Start loading the cache line `key` would be looked up in (a hint, no
 * effect on the map): loops over a large map ask a few keys ahead so
 * that the misses overlap instead of coming one after another. */
static inline void u64map_prefetch(const u64map *m, uint64_t key)
{
    if (!m->cap) return;
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    __builtin_prefetch(&m->e[(size_t)h & (m->cap - 1)]);
}

/* Doubles stored in the value slot. */
static inline double u64map_d(uint64_t v)
{
    union { uint64_t u; double d; } x;
    x.u = v;
    return x.d;
}
static inline uint64_t u64map_u(double d)
{
    union { uint64_t u; double d; } x;
    x.d = d;
    return x.u;
}
/* Never-zero key from a hash. */
static inline uint64_t u64map_key(uint64_t h)
{
    return h ? h : 0x9E3779B97F4A7C15ull;
}

#endif
