/*
 * lexicon.c — a Russian → English lexicon read at run time from the
 * installed Mueller 7 dictionary (mueller7-dict, dictd format).
 *
 * The dictionary goes English → Russian: a headword at column 0, then
 * indented lines with a transcription, part-of-speech labels (_n., _v.),
 * numbered senses ("1)", "2.", "а)"), glosses separated by ';' and ',',
 * parenthesised notes and English usage examples followed by their
 * translation.  Following the measured recipe (shared/design/
 * CROSSLINGUAL.md): wrapped lines are re-joined before splitting (else
 * false entries appear), parentheses, transcriptions and labels are
 * dropped, only single-word Cyrillic glosses are kept (anything holding a
 * Latin letter is an example), and a gloss's rank within its entry sets
 * its weight (earlier senses are likelier translations).  The table is
 * then reversed — Russian stem → English stems — keeping the
 * BRAID_LEXICON_MAX_TR best by weight.  Both sides are Snowball-stemmed
 * with the caller's tokenizer, so lookups use the stems documents have.
 *
 * The .dz file is dictzip, which is gzip-compatible: zlib's gzread reads
 * it.  Parsing takes ~0.3 s; the table takes ~10 MB.
 */
#include "analyze/lexicon.h"
#include "error.h"
#include "util/u64map.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include <zlib.h>

struct pair {
    uint64_t ru;      /* hash of the Russian stem */
    uint32_t en_off;  /* English stem in arena */
    uint32_t en_len;
    float w;
};

struct braid_lexicon {
    buf arena;          /* English stems, NUL-terminated            */
    u64map index;       /* hash(ru stem) → (first << 8 | count)      */
    braid_lex_tr *tr;   /* grouped translations                      */
    size_t ntr;
    const char *arena_base;
};

static char *read_all(const char *path, size_t *len, braid_error *err)
{
    gzFile f = gzopen(path, "rb");
    if (!f) {
        braid_err_set(err, BRAID_ENOTFOUND,
                      "lexicon %s: cannot open (install the mueller7-dict package)", path);
        return NULL;
    }
    buf b = BUF_INIT;
    char tmp[65536];
    int n;
    while ((n = gzread(f, tmp, sizeof tmp)) > 0) buf_append(&b, tmp, (size_t)n);
    int bad = n < 0;
    gzclose(f);
    if (bad || b.oom) {
        buf_free(&b);
        braid_err_set(err, bad ? BRAID_EIO : BRAID_ENOMEM, "lexicon %s: %s", path,
                      bad ? "read error" : "out of memory");
        return NULL;
    }
    *len = b.len;
    return buf_take(&b);
}

/* A Cyrillic word: only Cyrillic letters (2-byte D0/D1 sequences) and an
 * inner hyphen, at least 2 letters. */
static int cyrillic_word(const char *s, size_t len)
{
    size_t letters = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if ((c == 0xD0 || c == 0xD1) && i + 1 < len) {
            letters++;
            i += 2;
        } else if (c == '-' && i > 0 && i + 1 < len) {
            i++;
        } else {
            return 0;
        }
    }
    return letters >= 2;
}

struct builder {
    struct pair *v;
    size_t n, cap;
    braid_tokenizer *tk;
    braid_tokens ts;
    braid_lexicon *lx;
};

static int add_pair(struct builder *b, const char *en_stem, size_t en_len, const char *gloss,
                    size_t glen, int rank)
{
    braid_tokens_clear(&b->ts);
    if (braid_tokenize(b->tk, "ru", gloss, glen, &b->ts) < 0) return -1;
    if (b->ts.n != 1 || (b->ts.v[0].flags & BRAID_TOK_STOPWORD)) return 0;
    const braid_token *t = &b->ts.v[0];
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 65536;
        struct pair *nv = realloc(b->v, nc * sizeof *nv);
        if (!nv) return -1;
        b->v = nv;
        b->cap = nc;
    }
    struct pair *p = &b->v[b->n++];
    p->ru = u64map_key(XXH3_64bits(BRAID_TOK_STEM(&b->ts, t), t->stem_len));
    p->en_off = (uint32_t)b->lx->arena.len;
    p->en_len = (uint32_t)en_len;
    p->w = 1.0f / (1.0f + 0.5f * (float)rank);
    buf_append(&b->lx->arena, en_stem, en_len);
    buf_putc(&b->lx->arena, '\0');
    return b->lx->arena.oom ? -1 : 0;
}

/* One entry: headword h, body (lines joined) in s[0..len). */
static int parse_entry(struct builder *b, const char *h, size_t hlen, char *s, size_t len)
{
    /* headword: one English word */
    char hw[64];
    if (hlen < 2 || hlen >= sizeof hw) return 0;
    for (size_t i = 0; i < hlen; i++) {
        char c = h[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c < 'a' || c > 'z') return 0;
        hw[i] = c;
    }
    braid_tokens_clear(&b->ts);
    if (braid_tokenize(b->tk, "en", hw, hlen, &b->ts) < 0) return -1;
    if (b->ts.n != 1 || (b->ts.v[0].flags & BRAID_TOK_STOPWORD)) return 0;
    char en[64];
    size_t en_len = b->ts.v[0].stem_len;
    if (en_len >= sizeof en) return 0;
    memcpy(en, BRAID_TOK_STEM(&b->ts, &b->ts.v[0]), en_len);

    /* blank out [transcriptions], (notes) and _labels; turn sense markers
     * ("1)", "2.", "а)") into separators */
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '(' || c == '[') { depth++; s[i] = ' '; continue; }
        if (c == ')' || c == ']') {
            if (depth > 0) { depth--; s[i] = ' '; continue; }
            /* sense marker: digits or one Cyrillic letter before ')' */
            s[i] = ';';
            size_t j = i;
            while (j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9') s[--j] = ' ';
            if (j == i && j >= 2 && ((unsigned char)s[j - 2] == 0xD0 || (unsigned char)s[j - 2] == 0xD1)) {
                s[j - 1] = ' ';
                s[j - 2] = ' ';
            }
            continue;
        }
        if (depth > 0) { s[i] = ' '; continue; }
        if (c == '_') {
            while (i < len && s[i] != ' ') s[i++] = ' ';
            continue;
        }
        if (c >= '0' && c <= '9') {
            size_t j = i;
            while (j < len && s[j] >= '0' && s[j] <= '9') j++;
            if (j < len && s[j] == '.') {
                for (size_t k = i; k < j; k++) s[k] = ' ';
                s[j] = ';';
                i = j;
            }
        }
    }
    int rank = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != ';' && s[j] != ',') j++;
        size_t a = i, z = j;
        while (a < z && (s[a] == ' ' || s[a] == '\t')) a++;
        while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '.')) z--;
        if (z > a && cyrillic_word(s + a, z - a)) {
            if (add_pair(b, en, en_len, s + a, z - a, rank) < 0) return -1;
            rank++;
        }
        i = j + 1;
    }
    return 0;
}

/* Group the pairs by Russian stem, each group in (weight desc, English
 * stem in dictionary order) order, into `out`.  Only the grouping
 * matters (lookups go through the index), so this is a counting scatter
 * through a map of groups plus an insertion sort of each (small) group —
 * not a qsort of ~10^5 pairs, which was ~40% of a small run's
 * instructions (lexicon loading is part of every `braid threads`). */
static int group_pairs(const struct pair *v, size_t n, struct pair *out)
{
    u64map g;
    u64map_init(&g);
    size_t ng = 0;
    uint32_t *gid = malloc((n ? n : 1) * sizeof *gid);
    size_t *start = NULL;
    if (!gid) return -1;
    for (size_t i = 0; i < n; i++) {
        uint64_t *slot = u64map_put(&g, u64map_key(v[i].ru));
        if (!slot) goto fail;
        if (!*slot) *slot = ++ng;
        gid[i] = (uint32_t)(*slot - 1);
    }
    start = calloc(ng + 1, sizeof *start);
    if (!start) goto fail;
    for (size_t i = 0; i < n; i++) start[gid[i] + 1]++;
    for (size_t k = 0; k < ng; k++) start[k + 1] += start[k];
    for (size_t i = 0; i < n; i++) out[start[gid[i]]++] = v[i]; /* stable */
    /* start[k] is now the end of group k */
    for (size_t k = 0, from = 0; k < ng; from = start[k++]) {
        for (size_t i = from + 1; i < start[k]; i++) {
            struct pair x = out[i];
            size_t j = i;
            while (j > from && out[j - 1].w < x.w) { /* stable: equal weights keep order */
                out[j] = out[j - 1];
                j--;
            }
            out[j] = x;
        }
    }
    free(start);
    free(gid);
    u64map_free(&g);
    return 0;
fail:
    free(gid);
    u64map_free(&g);
    return -1;
}

braid_lexicon *braid_lexicon_load(const char *path, braid_tokenizer *tk, braid_error *err)
{
    if (!path || !path[0]) path = BRAID_LEXICON_DEFAULT;
    size_t len = 0;
    char *text = read_all(path, &len, err);
    if (!text) return NULL;
    braid_lexicon *lx = calloc(1, sizeof *lx);
    struct builder b = {0};
    if (!lx) goto oom;
    buf_init(&lx->arena);
    u64map_init(&lx->index);
    b.tk = tk;
    b.lx = lx;
    braid_tokens_init(&b.ts);

    buf body = BUF_INIT;
    const char *head = NULL;
    size_t hlen = 0;
    size_t i = 0;
    while (i <= len) {
        size_t e = i;
        while (e < len && text[e] != '\n') e++;
        int is_head = e > i && text[i] != ' ' && text[i] != '\t';
        if (is_head || e >= len) {
            if (head && parse_entry(&b, head, hlen, body.data ? body.data : "", body.len) < 0) {
                buf_free(&body);
                goto oom;
            }
            head = is_head ? text + i : NULL;
            hlen = e - i;
            buf_clear(&body);
        } else {
            buf_putc(&body, ' ');
            buf_append(&body, text + i, e - i);
        }
        i = e + 1;
    }
    buf_free(&body);
    if (body.oom) goto oom;

    /* reverse: group by Russian stem, best weights first, dedupe English
     * stems, keep the best BRAID_LEXICON_MAX_TR */
    struct pair *grouped = malloc((b.n ? b.n : 1) * sizeof *grouped);
    if (!grouped || group_pairs(b.v, b.n, grouped) < 0) {
        free(grouped);
        goto oom;
    }
    free(b.v);
    b.v = grouped;
    lx->tr = malloc((b.n ? b.n : 1) * sizeof *lx->tr);
    if (!lx->tr) goto oom;
    lx->arena_base = lx->arena.data;
    for (size_t s = 0; s < b.n;) {
        size_t e = s;
        while (e < b.n && b.v[e].ru == b.v[s].ru) e++;
        size_t first = lx->ntr, cnt = 0;
        for (size_t k = s; k < e && cnt < BRAID_LEXICON_MAX_TR; k++) {
            const char *st = lx->arena.data + b.v[k].en_off;
            int dup = 0;
            for (size_t q = first; q < lx->ntr; q++)
                if (lx->tr[q].len == b.v[k].en_len && !memcmp(lx->tr[q].en_stem, st, b.v[k].en_len))
                    dup = 1;
            if (dup) continue;
            lx->tr[lx->ntr++] = (braid_lex_tr){st, b.v[k].en_len, b.v[k].w};
            cnt++;
        }
        /* weights relative to the best translation */
        float top = lx->tr[first].weight;
        for (size_t q = first; q < lx->ntr; q++) lx->tr[q].weight /= top;
        uint64_t *slot = u64map_put(&lx->index, b.v[s].ru);
        if (!slot) goto oom;
        *slot = ((uint64_t)first << 8) | cnt;
        s = e;
    }
    free(b.v);
    braid_tokens_free(&b.ts);
    free(text);
    return lx;
oom:
    free(b.v);
    braid_tokens_free(&b.ts);
    free(text);
    braid_lexicon_free(lx);
    braid_err_set(err, BRAID_ENOMEM, "lexicon %s: out of memory", path);
    return NULL;
}

void braid_lexicon_free(braid_lexicon *lx)
{
    if (!lx) return;
    buf_free(&lx->arena);
    u64map_free(&lx->index);
    free(lx->tr);
    free(lx);
}

size_t braid_lexicon_lookup(const braid_lexicon *lx, const char *ru_stem, size_t len,
                            const braid_lex_tr **out)
{
    uint64_t *v = u64map_get(&lx->index, u64map_key(XXH3_64bits(ru_stem, len)));
    if (!v) return 0;
    *out = lx->tr + (*v >> 8);
    return (size_t)(*v & 0xFF);
}

size_t braid_lexicon_size(const braid_lexicon *lx)
{
    return lx->index.n;
}
