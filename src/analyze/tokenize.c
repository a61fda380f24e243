/*
 * tokenize.c — split UTF-8 text into normalised, stemmed tokens.
 *
 * A token is a maximal run of letters, digits and combining marks
 * (Unicode categories L*, N*, M* via utf8proc).  Kept inside a token:
 *   - an apostrophe (' or ’) between two letters ("don't", "O'Neill");
 *   - '.' or ',' between two digits ("07.11.2020", "1,5", "3.14").
 * Hyphens split ("Нагорный-Карабах" → two tokens) because the parts are
 * the words that match across outlets and languages.
 *
 * Normalisation: the folded form is NFKC + case folding (utf8proc), with
 * ё folded to е (Russian outlets use both spellings of one word) and ’ to
 * '.  ASCII and Cyrillic — nearly every token braid sees — take a fast
 * per-code-point path that gives the same result as utf8proc_map() for
 * those blocks; anything else goes through utf8proc_map().  That keeps the
 * tokenizer at one allocation per text rather than one per token.
 *
 * Stemming uses libstemmer (Snowball) for every language it knows, by ISO
 * 639-1 code; numbers are not stemmed.  Snowball stemmers keep state and
 * are not re-entrant, so each braid_tokenizer owns its stemmers, created
 * lazily per language.
 *
 * Stem cache.  Word frequencies are Zipfian: most tokens of a batch are
 * words the tokenizer has stemmed before, and Snowball plus the stopword
 * lookup were ~8% of the contest-day pipeline's CPU.  Each tokenizer keeps
 * a direct-mapped cache (STEM_CACHE slots, keyed by xxHash of language
 * slot + folded form, the folded form compared byte for byte on a hit)
 * of stem and stopword flag, its strings in one arena that is emptied
 * when it passes STEM_ARENA bytes: memory stays bounded, results are the
 * same with or without the cache.
 */
#include "analyze/tokenize.h"
#include "analyze/stopwords.h"

#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#define MAX_TOKEN_BYTES 256 /* longer runs are cut (URLs, base64 junk) */

struct stemmer_slot {
    char lang[8];
    struct sb_stemmer *sb; /* NULL = Snowball has no stemmer for it */
};

/* Measured on the contest day (hits / lookups of an analyzer's
 * tokenizer): 65,536 slots with an 8 MB arena 0.675, with 2 MB 0.66,
 * 1 MB 0.64; 262,144 slots 0.71.  The slots hold ~1.1 MB of strings at
 * most (~17 bytes an entry); the rest of the arena is strings of evicted
 * entries, so 2 MB costs ~2% more stemming and a reset every ~120,000
 * misses, and saves 6 MB per tokenizer (the server has five). */
#define STEM_CACHE 65536           /* slots, a power of two */
#define STEM_ARENA (2u << 20)      /* bytes of cached strings before a reset */

struct stem_entry {
    uint64_t h;                    /* 0 = empty */
    uint32_t off;                  /* folded form, then stem, in `arena` */
    uint16_t nlen, slen;
    uint8_t stop;
};

struct braid_tokenizer {
    /* one per language met, with or without a Snowball stemmer; as many
     * as the detector has languages (a fixed 32 once filled up on a day
     * of news in 40 languages, and the 33rd language went unstemmed in
     * this tokenizer only: analyses depended on what it had seen) */
    struct stemmer_slot *slot;
    int nslot, capslot;
    struct stem_entry *cache;      /* NULL until first use / if OOM */
    buf arena;
    int nocache;                   /* braid_tokenizer_cache(tk, 0) */
};

braid_tokenizer *braid_tokenizer_new(void)
{
    braid_tokenizer *tk = calloc(1, sizeof *tk);
    if (tk) {
        buf_init(&tk->arena);
    }
    return tk;
}

void braid_tokenizer_free(braid_tokenizer *tk)
{
    if (!tk) return;
    for (int i = 0; i < tk->nslot; i++)
        if (tk->slot[i].sb) sb_stemmer_delete(tk->slot[i].sb);
    free(tk->slot);
    buf_free(&tk->arena);
    free(tk->cache);
    free(tk);
}

void braid_tokenizer_cache(braid_tokenizer *tk, int on)
{
    free(tk->cache);
    tk->cache = NULL;
    buf_free(&tk->arena);
    buf_init(&tk->arena);
    tk->nocache = !on;
}

static struct sb_stemmer *get_stemmer(braid_tokenizer *tk, const char *lang)
{
    if (!lang || !lang[0] || !strcmp(lang, "und")) return NULL;
    if (strlen(lang) >= sizeof tk->slot[0].lang) return NULL; /* no such language code */
    for (int i = 0; i < tk->nslot; i++)
        if (!strcmp(tk->slot[i].lang, lang)) return tk->slot[i].sb;
    struct sb_stemmer *sb;
    /* libstemmer accepts ISO 639-1 codes ("en", "ru") as algorithm names */
    sb = sb_stemmer_new(lang, "UTF_8");
    if (tk->nslot == tk->capslot) {
        int nc = tk->capslot ? tk->capslot * 2 : 16;
        struct stemmer_slot *ns = realloc(tk->slot, (size_t)nc * sizeof *ns);
        if (!ns) { /* out of memory: unstemmed this once */
            if (sb) sb_stemmer_delete(sb);
            return NULL;
        }
        tk->slot = ns;
        tk->capslot = nc;
    }
    struct stemmer_slot *s = &tk->slot[tk->nslot++];
    snprintf(s->lang, sizeof s->lang, "%s", lang);
    s->sb = sb;
    return sb;
}

void braid_tokens_init(braid_tokens *ts)
{
    ts->v = NULL;
    ts->n = ts->cap = 0;
    buf_init(&ts->arena);
}

void braid_tokens_clear(braid_tokens *ts)
{
    ts->n = 0;
    buf_clear(&ts->arena);
}

void braid_tokens_free(braid_tokens *ts)
{
    free(ts->v);
    buf_free(&ts->arena);
    braid_tokens_init(ts);
}

static int is_digit(utf8proc_int32_t c)
{
    return c >= '0' && c <= '9';
}

static int is_upper(utf8proc_int32_t c)
{
    if (c < 128) return c >= 'A' && c <= 'Z';
    if (c >= 0x400 && c <= 0x45F) return c < 0x430; /* Ѐ..Я upper, а..џ lower */
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static void put_cp(buf *b, utf8proc_int32_t c)
{
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t n = utf8proc_encode_char(c, tmp);
    buf_append(b, tmp, (size_t)n);
}

/* Fold src[0..len) into b.  Returns 0 or -1 on OOM.
 * Fast paths, same result as the general one for their input: pure ASCII
 * is lower-cased byte by byte; ASCII + basic Cyrillic (U+0400..U+045F) +
 * U+2019 is folded per code point with the Cyrillic case mapping done
 * arithmetically (Ѐ..Џ +0x50, А..Я +0x20, ё/Ё → е).  Measured on the
 * contest day: fold() was 5% of the threads pipeline's CPU, most of it
 * utf8proc calls per code point. */
static int fold(buf *b, const char *src, size_t len)
{
    size_t i = 0;
    while (i < len && (unsigned char)src[i] < 0x80) i++;
    if (i == len) {
        if (buf_reserve(b, len) < 0) return -1;
        char *o = b->data + b->len;
        for (size_t k = 0; k < len; k++) {
            char c = src[k];
            o[k] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        }
        b->len += len;
        b->data[b->len] = '\0';
        return 0;
    }
    int simple = 1;
    for (i = 0; i < len;) {
        size_t adv;
        utf8proc_int32_t c = braid_tok_next_cp(src, len, i, &adv);
        i += adv;
        if (!(c < 128 || (c >= 0x400 && c <= 0x45F) || c == 0x2019)) {
            simple = 0;
            break;
        }
    }
    if (simple) {
        /* folding never lengthens these: ASCII and Cyrillic keep their
         * length, U+2019 (3 bytes) becomes 1 */
        if (buf_reserve(b, len) < 0) return -1;
        char *o = b->data + b->len, *o0 = o;
        for (i = 0; i < len;) {
            size_t adv;
            utf8proc_int32_t c = braid_tok_next_cp(src, len, i, &adv);
            i += adv;
            if (c < 128) {
                *o++ = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
                continue;
            }
            if (c == 0x2019) {
                *o++ = '\'';
                continue;
            }
            if (c == 0x401 || c == 0x451) c = 0x435;      /* Ё ё → е */
            else if (c >= 0x400 && c <= 0x40F) c += 0x50; /* Ѐ..Џ → ѐ..џ */
            else if (c >= 0x410 && c <= 0x42F) c += 0x20; /* А..Я → а..я */
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
        b->len += (size_t)(o - o0);
        b->data[b->len] = '\0';
        return 0;
    }
    /* NFKC + case folding: what utf8proc_map() does (decompose, compose,
     * encode), into a buffer of our own instead of a malloc per token */
    const utf8proc_option_t opt =
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;
    utf8proc_int32_t local[4 * MAX_TOKEN_BYTES], *cps = local;
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)len,
                                            cps, (utf8proc_ssize_t)(sizeof local / sizeof *local), opt);
    if (n > (utf8proc_ssize_t)(sizeof local / sizeof *local)) { /* rare: a long expansion */
        cps = malloc((size_t)n * sizeof *cps);
        if (!cps) return -1;
        n = utf8proc_decompose((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)len, cps, n, opt);
    }
    if (n >= 0) n = utf8proc_normalize_utf32(cps, n, opt);
    if (n < 0) { /* invalid UTF-8 (cannot happen after decoding): keep bytes */
        if (cps != local) free(cps);
        buf_append(b, src, len);
        return b->oom ? -1 : 0;
    }
    for (utf8proc_ssize_t k = 0; k < n; k++) {
        utf8proc_int32_t c = cps[k];
        if (c == 0x2019) c = '\'';
        else if (c == 0x451) c = 0x435;
        put_cp(b, c);
    }
    if (cps != local) free(cps);
    return b->oom ? -1 : 0;
}

static int push_token(braid_tokenizer *tk, struct sb_stemmer *sb, const char *lang,
                      const char *text, size_t start, size_t end, uint32_t flags,
                      braid_tokens *out)
{
    if (out->n == out->cap) {
        size_t nc = out->cap ? out->cap * 2 : 256;
        braid_token *nv = realloc(out->v, nc * sizeof *nv);
        if (!nv) return -1;
        out->v = nv;
        out->cap = nc;
    }
    if (end - start > MAX_TOKEN_BYTES) end = start + MAX_TOKEN_BYTES;
    braid_token *t = &out->v[out->n];
    t->src_off = (uint32_t)start;
    t->src_len = (uint32_t)(end - start);
    t->flags = flags;

    /* folded straight into the output arena, then NUL-terminated there */
    t->norm_off = (uint32_t)out->arena.len;
    if (fold(&out->arena, text + start, end - start) < 0) return -1;
    size_t nlen = out->arena.len - t->norm_off;
    t->norm_len = (uint32_t)nlen;
    buf_putc(&out->arena, '\0');
    if (out->arena.oom) return -1;
    /* valid until the next append to out->arena (the stem's, below, which
     * never reads it) */
    const char *norm = out->arena.data + t->norm_off;

    const char *stem = norm;
    size_t slen = nlen;
    int stop = -1;
    struct stem_entry *ce = NULL;
    uint64_t ch = 0;
    if (!(flags & BRAID_TOK_NUMBER) && nlen < UINT16_MAX && !tk->nocache) {
        if (!tk->cache) tk->cache = calloc(STEM_CACHE, sizeof *tk->cache);
        if (tk->cache) {
            ch = XXH3_64bits_withSeed(norm, nlen, (uint64_t)(uintptr_t)sb + 1) | 1;
            ce = &tk->cache[ch & (STEM_CACHE - 1)];
            if (ce->h == ch && ce->nlen == nlen && !memcmp(tk->arena.data + ce->off, norm, nlen)) {
                stop = ce->stop;
                slen = ce->slen;
                const char *cs = tk->arena.data + ce->off + nlen;
                if (slen != nlen || memcmp(cs, norm, nlen)) stem = cs;
                ce = NULL; /* hit: nothing to store */
            }
        }
    }
    if (stop < 0) {
        stop = braid_stopword_is(lang, norm, nlen) != 0;
        if (sb && !(flags & BRAID_TOK_NUMBER)) {
            const sb_symbol *s = sb_stemmer_stem(sb, (const sb_symbol *)norm, (int)nlen);
            if (s) {
                stem = (const char *)s;
                slen = (size_t)sb_stemmer_length(sb);
            }
        }
        if (ce && slen < UINT16_MAX) {
            if (tk->arena.len + nlen + slen > STEM_ARENA) {
                /* the arena is full: start over */
                memset(tk->cache, 0, STEM_CACHE * sizeof *tk->cache);
                buf_clear(&tk->arena);
            }
            size_t off = tk->arena.len;
            buf_append(&tk->arena, norm, nlen);
            buf_append(&tk->arena, stem, slen);
            if (!tk->arena.oom && off <= UINT32_MAX)
                *ce = (struct stem_entry){ch, (uint32_t)off, (uint16_t)nlen, (uint16_t)slen,
                                          (uint8_t)stop};
            else
                ce->h = 0;
        }
    }
    if (stop) t->flags |= BRAID_TOK_STOPWORD;
    if (stem == norm && slen == nlen) { /* share the folded form */
        t->stem_off = t->norm_off;
        t->stem_len = t->norm_len;
    } else {
        t->stem_off = (uint32_t)out->arena.len;
        t->stem_len = (uint32_t)slen;
        buf_append(&out->arena, stem, slen);
        buf_putc(&out->arena, '\0');
    }
    if (out->arena.oom) return -1;
    out->n++;
    return 0;
}

int braid_tokenize(braid_tokenizer *tk, const char *lang, const char *text, size_t len,
                   braid_tokens *out)
{
    if (!text || !len) return 0;
    if (len > UINT32_MAX) len = UINT32_MAX;
    struct sb_stemmer *sb = get_stemmer(tk, lang);
    int sent_start = 1;
    size_t i = 0;
    while (i < len) {
        size_t adv;
        utf8proc_int32_t c = braid_tok_next_cp(text, len, i, &adv);
        if (!braid_tok_is_word_cp(c)) {
            if (c == '.' || c == '!' || c == '?' || c == '\n' || c == 0x2026) sent_start = 1;
            i += adv;
            continue;
        }
        size_t start = i;
        int letters = 0, uppers = 0, digits = 0, first_upper = is_upper(c);
        utf8proc_int32_t prev = 0;
        for (;;) {
            if (i >= len) break;
            c = braid_tok_next_cp(text, len, i, &adv);
            if (braid_tok_is_word_cp(c)) {
                if (braid_tok_is_letter(c)) {
                    letters++;
                    if (is_upper(c)) uppers++;
                } else if (is_digit(c)) {
                    digits++;
                }
                prev = c;
                i += adv;
                continue;
            }
            /* inner joiners: look at the next code point */
            if (i + adv < len) {
                size_t adv2;
                utf8proc_int32_t d = braid_tok_next_cp(text, len, i + adv, &adv2);
                if ((c == '\'' || c == 0x2019) && braid_tok_is_letter(prev) && braid_tok_is_letter(d)) {
                    i += adv;
                    prev = c;
                    continue;
                }
                if ((c == '.' || c == ',') && is_digit(prev) && is_digit(d)) {
                    i += adv;
                    prev = c;
                    continue;
                }
            }
            break;
        }
        uint32_t flags = 0;
        if (first_upper) flags |= BRAID_TOK_CAPITALIZED;
        if (letters >= 2 && uppers == letters) flags |= BRAID_TOK_ALLCAPS;
        if (!letters && digits) flags |= BRAID_TOK_NUMBER;
        if (sent_start) flags |= BRAID_TOK_SENT_START;
        sent_start = 0;
        if (push_token(tk, sb, lang, text, start, i, flags, out) < 0) return -1;
    }
    return 0;
}
