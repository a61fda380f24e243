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

/* The 8 bits of byte x spread to one per byte: bit k of x becomes byte
 * k = 0 or 1 (the multiply copies x into every byte, the mask keeps bit
 * k in byte k, adding 0x7F per byte carries a non-zero byte into its top
 * bit, without carry between bytes). */
static uint64_t spread8(uint64_t x)
{
    uint64_t y = (x * 0x0101010101010101ull) & 0x8040201008040201ull;
    return ((y + 0x7F7F7F7F7F7F7F7Full) >> 7) & 0x0101010101010101ull;
}

/* Votes are counted as the number of 3-grams with each bit set: eight
 * byte-wide counters per 64-bit word, added eight bits at a time and
 * emptied into 32-bit counts before a byte can overflow — a quarter of
 * the instructions of a loop over 64 bits (the SimHash was 8% of the
 * analysis); the result is the same. */
uint64_t braid_simhash(const braid_tokens *ts, size_t from)
{
    if (ts->n < from + 8) return 0;
    uint32_t ones[64] = {0};
    uint64_t lanes[8] = {0};
    unsigned pending = 0;
    size_t grams = 0;
    uint64_t h0 = 0, h1 = 0;
    for (size_t i = from; i < ts->n; i++) {
        const braid_token *t = &ts->v[i];
        uint64_t h2 = XXH3_64bits(BRAID_TOK_NORM(ts, t), t->norm_len);
        if (i >= from + 2) {
            uint64_t h = mix(h0, h1, h2);
            for (int j = 0; j < 8; j++) lanes[j] += spread8((h >> (8 * j)) & 0xFF);
            grams++;
            if (++pending == 255 || i + 1 == ts->n) {
                for (int j = 0; j < 8; j++) {
                    for (int k = 0; k < 8; k++) ones[8 * j + k] += (uint32_t)((lanes[j] >> (8 * k)) & 0xFF);
                    lanes[j] = 0;
                }
                pending = 0;
            }
        }
        h0 = h1;
        h1 = h2;
    }
    uint64_t r = 0;
    for (int b = 0; b < 64; b++)
        if (2 * (uint64_t)ones[b] > grams) r |= 1ull << b; /* more votes for 1 than for 0 */
    return r ? r : 1;
}
