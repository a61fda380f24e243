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
    free(m->e);
    u64map_init(m);
}

/* Emptying costs a pass over the capacity, so a map that one large use
 * grew (an article's features accumulated for a 30 KB text, the biggest
 * thread's vector in the story pass) and that now holds few entries is
 * freed instead: clearing stays proportional to what was put since, and
 * regrowing from 16 slots is cheaper than zeroing 64k.  (Measured: the
 * analyzer's per-article map cleared at ~63,000 instructions an article
 * after the first long one.) */
void u64map_clear(u64map *m)
{
    if (m->cap > 1024 && m->n * 8 < m->cap) {
        u64map_free(m);
        return;
    }
    if (m->e) memset(m->e, 0, m->cap * sizeof *m->e);
    m->n = 0;
}

int u64map_reset(u64map *m, size_t expect)
{
    size_t need = 16;
    while (need < expect * 2) need *= 2;
    if (m->e && m->cap >= need && m->cap / 8 <= need) {
        memset(m->e, 0, m->cap * sizeof *m->e);
        m->n = 0;
        return 0;
    }
    u64map_free(m);
    m->e = calloc(need, sizeof *m->e);
    if (!m->e) return -1;
    m->cap = need;
    return 0;
}

/* (u64map_prefetch in the header computes the same slot) */
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
        if (m->e[i].key == key) return &m->e[i].val;
        if (!m->e[i].key) return NULL;
    }
}

static int grow(u64map *m)
{
    size_t nc = m->cap ? m->cap * 2 : 16;
    u64map_entry *ne = calloc(nc, sizeof *ne);
    if (!ne) return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->e[i].key) continue;
        size_t j = slot_of(m->e[i].key, nc);
        while (ne[j].key) j = (j + 1) & (nc - 1);
        ne[j] = m->e[i];
    }
    free(m->e);
    m->e = ne;
    m->cap = nc;
    return 0;
}

uint64_t *u64map_put(u64map *m, uint64_t key)
{
    if (!key) return NULL;
    if ((m->n + 1) * 2 > m->cap && grow(m) < 0) return NULL;
    size_t i = slot_of(key, m->cap);
    while (m->e[i].key && m->e[i].key != key) i = (i + 1) & (m->cap - 1);
    if (!m->e[i].key) {
        m->e[i].key = key;
        m->e[i].val = 0;
        m->n++;
    }
    return &m->e[i].val;
}
