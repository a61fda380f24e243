/*
 * u64map.c — open addressing with linear probing; see u64map.h.
 *
 * Keys are already hashes, but ids are small consecutive integers, so the
 * slot is chosen from a multiplicative mix of the key.
 */
#include "util/u64map.h"

#include <stdlib.h>
#include <string.h>

void u64map_init(u64map *m)
{
    memset(m, 0, sizeof *m);
}

void u64map_free(u64map *m)
{
    free(m->keys);
    free(m->vals);
    u64map_init(m);
}

void u64map_clear(u64map *m)
{
    if (m->keys) memset(m->keys, 0, m->cap * sizeof *m->keys);
    m->n = 0;
}

static size_t slot_of(uint64_t key, size_t cap)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    return (size_t)h & (cap - 1);
}

uint64_t *u64map_get(const u64map *m, uint64_t key)
{
    if (!m->cap || !key) return NULL;
    for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key) return &m->vals[i];
        if (!m->keys[i]) return NULL;
    }
}

static int grow(u64map *m)
{
    size_t nc = m->cap ? m->cap * 2 : 16;
    uint64_t *nk = calloc(nc, sizeof *nk);
    uint64_t *nv = calloc(nc, sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = slot_of(m->keys[i], nc);
        while (nk[j]) j = (j + 1) & (nc - 1);
        nk[j] = m->keys[i];
        nv[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = nc;
    return 0;
}

uint64_t *u64map_put(u64map *m, uint64_t key)
{
    if (!key) return NULL;
    if ((m->n + 1) * 2 > m->cap && grow(m) < 0) return NULL;
    size_t i = slot_of(key, m->cap);
    while (m->keys[i] && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->vals[i] = 0;
        m->n++;
    }
    return &m->vals[i];
}
