/*
 * fingerprint.c — Charikar's SimHash over word 3-grams.
 *
 * Syndicated copies and re-posts of one wire story differ by a headline
 * tweak, a byline, a trailing "read more": their 3-gram sets overlap
 * almost entirely, so their 64-bit SimHashes differ in a few bits while
 * independent reports differ in ~32.  SimHash was chosen over MinHash
 * because one 64-bit word per article is enough at braid's scale and
 * comparing two is one popcount; duplicates are only looked for inside a
 * thread (copies always land in the same thread), so no LSH banding is
 * needed.  Each word is hashed with xxHash (XXH3), three word hashes are mixed
 * into the 3-gram's hash, and every 3-gram votes on every bit.
 */
#include "sim/fingerprint.h"

#include <xxhash.h>

static uint64_t mix(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t h = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    h ^= c * 0x165667B19E3779F9ull;
    h ^= h >> 31;
    h *= 0xD6E8FEB86659FD93ull;
    return h ^ (h >> 32);
}

uint64_t braid_simhash(const braid_tokens *ts, size_t from)
{
    if (ts->n < from + 8) return 0;
    int32_t votes[64] = {0};
    uint64_t h0 = 0, h1 = 0;
    for (size_t i = from; i < ts->n; i++) {
        const braid_token *t = &ts->v[i];
        uint64_t h2 = XXH3_64bits(BRAID_TOK_NORM(ts, t), t->norm_len);
        if (i >= from + 2) {
            uint64_t h = mix(h0, h1, h2);
            for (int b = 0; b < 64; b++) votes[b] += (h >> b) & 1 ? 1 : -1;
        }
        h0 = h1;
        h1 = h2;
    }
    uint64_t r = 0;
    for (int b = 0; b < 64; b++)
        if (votes[b] > 0) r |= 1ull << b;
    return r ? r : 1;
}
