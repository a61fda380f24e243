/*
 * words.c — the per-language character n-gram model of single words
 * (words.h): its trainer, reading Debian's hunspell dictionaries and the
 * plain-text corpus scripts/lang-corpus.py builds, its file format and
 * loader, and scoring.
 *
 * Why: on one or two words fastText's pruned model often has nothing to
 * go on, and close languages share most n-grams.  Counting the character
 * n-grams of a language's words gives its spelling habits (Portuguese
 * -ção/-lh-, Spanish -ción/-ll-, Slovak ä/ô, ...) in a table small enough
 * to ship (a few MB) and load in milliseconds, where loading the
 * dictionaries themselves costs up to 690 MB (dicts.c).  Two kinds of
 * training data: word forms (hunspell stems expanded by their affix
 * rules; Tesseract's word lists), one count per form, which covers the
 * vocabulary, and running text (LibreOffice's translations), one count
 * per occurrence, which gives frequent words their weight — and brings
 * in languages with no dictionary (Zulu, Sesotho, Tswana ...).
 *
 * Model: for each language L and hashed n-gram bucket b (1- to 5-grams
 * of lower-cased code points, the word padded by a boundary mark on each
 * side), P(b | L) = (1 - lambda) * (w * forms(b) / forms + (1 - w) *
 * text(b) / text) + lambda / buckets (w = LW_FORMS_SHARE when L has
 * both kinds), its log quantised to 4 bits (lo + q * step, q = 0..15:
 * -17 to -2 nats).  A word's log-likelihood under L is the sum over its
 * n-grams.
 *
 * Frequent words: per language with running text, its LW_FREQ_TOP most
 * frequent words (hashed, 32 bits) with their log relative frequency,
 * one sorted table for all languages (braid_lw_words: binary search).
 *
 * File (little-endian): "BRLW0004", u32 nlangs (1..128), u32 bits
 * (10..20; 2^bits buckets), u32 maxn (1..8), f32 lo, f32 step, u32
 * nwords (<= 2^22), nlangs codes of 8 bytes (NUL-padded lower-case
 * letters), then 2^bits rows of ceil(nlangs / 2) bytes (language 2k in
 * the low nibble, 2k+1 in the high one), then nwords entries of 6 bytes
 * sorted by hash: u32 word hash, u8 language, u8 minus the log-frequency
 * in sixteenths of a nat (BRLW0003 had 8-byte entries: u16 language,
 * i16 hundredths).  The loader checks every field, the order
 * and the exact size: the file is outside bytes (fuzz/fuzz_langwords.c).
 */
#include "lang/words.h"

#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#define LW_MAGIC "BRLW0004"
/* Bytes of one frequent-word entry: u32 hash, u8 language, u8 minus the
 * log-frequency in sixteenths of a nat (0..255: 0 to -15.94 nats; rarer
 * words never get a bonus, lang.c's WORDS_TAU is -13). */
#define LW_ENTRY 6
#define LW_LOGF_SCALE 16.0
#define LW_HEADER (8 + 4 * 3 + 4 * 2 + 4)
#define LW_MAXN 5
/* 2^16 buckets (3.5 MB for 108 languages): 2^17 is 0.7 point better on
 * the development set's single words with the same frequent words, but
 * the space buys more as frequent words (docs/LANG.md, round 6). */
#define LW_BITS_DEFAULT 16
#define LW_LO (-17.0f)
#define LW_STEP 1.0f
/* Interpolation with the uniform distribution over buckets: an unseen
 * n-gram costs the same in every language, however small its training
 * data (additive smoothing made the smallest languages catch every odd
 * word). */
#define LW_LAMBDA 0.01
/* Share of the word forms (dictionaries, word lists) against running
 * text when a language has both (development set, lingua's languages:
 * 0.25 0.720, 0.5 0.712, 0.75 0.686). */
#define LW_FORMS_SHARE 0.25
/* Longest word scored, in code points (longer words are cut). */
#define LW_MAX_CP 48
#define LW_MAX_LANGS 128 /* < 256: a frequent-word entry's language is a byte */
/* Frequent words: per language, the LW_FREQ_TOP most frequent words of
 * its running text that occur at least LW_FREQ_MIN times, each with its
 * log-frequency (log of occurrences / words), stored in sixteenths of a
 * nat.  Every word (round 6; round 5 kept 3,000 seen at least 3 times):
 * +0.8 point of the development set's single words, mostly close
 * languages and small ones, whose catalogues hold few repeated words. */
#define LW_FREQ_TOP 16000
#define LW_FREQ_MIN 1
#define LW_MAX_WORDS (1u << 22)

struct braid_lw {
    int nlangs;
    int bits;
    int maxn;
    float lo, step;
    char (*codes)[8];
    unsigned char *table; /* (1 << bits) rows of nlangs nibbles */
    uint32_t nwords;
    unsigned char *words; /* nwords entries of LW_ENTRY bytes, by hash: u32 hash, u8 lang, u8 -16 log-frequency */
    atomic_int refs;      /* braid_lw_ref / braid_lw_free; 0 = one owner */
};

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float rdf(const unsigned char *p)
{
    uint32_t u = rd32(p);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void wrf(unsigned char *p, float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    wr32(p, u);
}

braid_lw *braid_lw_parse(const void *data, size_t n, char *why, size_t why_len)
{
    const unsigned char *p = data;
    if (n < LW_HEADER || memcmp(p, LW_MAGIC, 8) != 0) {
        snprintf(why, why_len, "not a braid word model (bad magic)");
        return NULL;
    }
    uint32_t nl = rd32(p + 8), bits = rd32(p + 12), maxn = rd32(p + 16), nw = rd32(p + 28);
    float lo = rdf(p + 20), step = rdf(p + 24);
    if (nl < 1 || nl > LW_MAX_LANGS || bits < 10 || bits > 20 || maxn < 1 || maxn > 8 || nw > LW_MAX_WORDS ||
        !isfinite(lo) || !isfinite(step) || !(step > 0) || fabsf(lo) > 1e6f || step > 1e3f) {
        snprintf(why, why_len, "bad word model header");
        return NULL;
    }
    size_t rows = (size_t)1 << bits;
    size_t rowb = ((size_t)nl + 1) / 2;
    size_t need = LW_HEADER + (size_t)nl * 8 + rows * rowb + (size_t)nw * LW_ENTRY;
    if (n != need) {
        snprintf(why, why_len, "word model size %zu, expected %zu", n, need);
        return NULL;
    }
    const unsigned char *c = p + LW_HEADER;
    for (uint32_t i = 0; i < nl; i++) {
        const unsigned char *s = c + 8 * i;
        if (s[0] == 0 || s[7] != 0) goto badcode;
        int end = 0;
        for (int k = 0; k < 8; k++) {
            if (s[k] == 0) end = 1;
            else if (end || s[k] < 'a' || s[k] > 'z') goto badcode;
        }
    }
    braid_lw *m = calloc(1, sizeof *m);
    if (!m) goto nomem;
    atomic_init(&m->refs, 0);
    m->nlangs = (int)nl;
    m->bits = (int)bits;
    m->maxn = (int)maxn;
    m->lo = lo;
    m->step = step;
    m->codes = malloc((size_t)nl * 8);
    m->table = malloc(rows * rowb);
    if (!m->codes || !m->table) {
        braid_lw_free(m);
        goto nomem;
    }
    memcpy(m->codes, c, (size_t)nl * 8);
    memcpy(m->table, c + (size_t)nl * 8, rows * rowb);
    const unsigned char *wd = c + (size_t)nl * 8 + rows * rowb;
    for (uint32_t i = 0; i < nw; i++) {
        const unsigned char *e = wd + LW_ENTRY * (size_t)i;
        unsigned lang = e[4];
        if (lang >= nl || (i > 0 && rd32(e) < rd32(e - LW_ENTRY))) {
            braid_lw_free(m);
            snprintf(why, why_len, "bad frequent-word entry %u in word model", i);
            return NULL;
        }
    }
    m->nwords = nw;
    if (nw) {
        m->words = malloc((size_t)nw * LW_ENTRY);
        if (!m->words) {
            braid_lw_free(m);
            goto nomem;
        }
        memcpy(m->words, wd, (size_t)nw * LW_ENTRY);
    }
    return m;
badcode:
    snprintf(why, why_len, "bad language code in word model");
    return NULL;
nomem:
    snprintf(why, why_len, "out of memory");
    return NULL;
}

braid_lw *braid_lw_load(const char *path, char *why, size_t why_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_len, "%s", strerror(errno));
        return NULL;
    }
    size_t cap = (size_t)1 << 20, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            unsigned char *nb = cap < ((size_t)1 << 28) ? realloc(buf, cap * 2) : NULL;
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        snprintf(why, why_len, bad ? "read error" : "out of memory or too large");
        return NULL;
    }
    braid_lw *m = braid_lw_parse(buf, n, why, why_len);
    free(buf);
    return m;
}

braid_lw *braid_lw_ref(braid_lw *m)
{
    if (m) atomic_fetch_add(&m->refs, 1);
    return m;
}

void braid_lw_free(braid_lw *m)
{
    if (!m || atomic_fetch_sub(&m->refs, 1) > 0) return;
    free(m->codes);
    free(m->table);
    free(m->words);
    free(m);
}

int braid_lw_nlangs(const braid_lw *m)
{
    return m ? m->nlangs : 0;
}

const char *braid_lw_code(const braid_lw *m, int i)
{
    return m && i >= 0 && i < m->nlangs ? m->codes[i] : NULL;
}

int braid_lw_index(const braid_lw *m, const char *code)
{
    if (!m || !code) return -1;
    for (int i = 0; i < m->nlangs; i++)
        if (!strncmp(m->codes[i], code, 8)) return i;
    return -1;
}

/* The lower-cased code points of w[0..n), padded with a boundary mark
 * (a space) on both sides; returns the padded length, 0 on bad UTF-8 or
 * no code point. */
static int word_cps(const char *w, size_t n, int32_t *cp)
{
    int k = 0;
    cp[k++] = ' ';
    size_t i = 0;
    while (i < n && k < LW_MAX_CP + 1) {
        utf8proc_int32_t c;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)w + i, (utf8proc_ssize_t)(n - i), &c);
        if (r <= 0) return 0;
        i += (size_t)r;
        cp[k++] = utf8proc_tolower(c);
    }
    if (k == 1) return 0;
    cp[k++] = ' ';
    return k;
}

/* Bucket of the n-gram cp[0..len) (FNV-1a over the code points). */
static size_t gram_bucket(const int32_t *cp, int len, int bits)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)len;
    for (int i = 0; i < len; i++) {
        uint32_t c = (uint32_t)cp[i];
        for (int b = 0; b < 4; b++) {
            h ^= (c >> (8 * b)) & 0xFF;
            h *= 1099511628211ULL;
        }
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return (size_t)(h >> (64 - bits));
}

/* Calls fn(bucket, ctx) for every n-gram of the padded word. */
static int each_gram(const int32_t *cp, int k, int maxn, int bits, void (*fn)(size_t, void *), void *ctx)
{
    int count = 0;
    for (int len = 1; len <= maxn; len++)
        for (int i = 0; i + len <= k; i++) {
            if (len == 1 && cp[i] == ' ') continue;
            fn(gram_bucket(cp + i, len, bits), ctx);
            count++;
        }
    return count;
}

/* Scoring gathers the word's buckets first (prefetching their rows, so
 * the cache misses overlap), then sums the 4-bit codes per language in
 * integers: ll = grams * lo + step * sum. */
#define LW_MAX_GRAMS ((LW_MAX_CP + 2) * 8)

typedef struct {
    const braid_lw *m;
    size_t *rows;
    int n;
} score_ctx;

static void gather_one(size_t b, void *ctx)
{
    score_ctx *s = ctx;
    if (s->n == LW_MAX_GRAMS) return;
    size_t off = b * (size_t)((s->m->nlangs + 1) / 2);
    __builtin_prefetch(s->m->table + off);
    s->rows[s->n++] = off;
}

int braid_lw_score(const braid_lw *m, const char *w, size_t n, double *ll)
{
    if (!m || !w || !ll) return 0;
    int32_t cp[LW_MAX_CP + 3];
    int k = word_cps(w, n, cp);
    if (k == 0) return 0;
    size_t rows[LW_MAX_GRAMS];
    score_ctx s = {m, rows, 0};
    each_gram(cp, k, m->maxn, m->bits, gather_one, &s);
    uint32_t sum[LW_MAX_LANGS] = {0};
    int half = m->nlangs / 2;
    for (int g = 0; g < s.n; g++) {
        const unsigned char *row = m->table + rows[g];
        for (int j = 0; j < half; j++) {
            sum[2 * j] += row[j] & 15u;
            sum[2 * j + 1] += (unsigned)row[j] >> 4;
        }
        if (m->nlangs % 2) sum[m->nlangs - 1] += row[half] & 15u;
    }
    for (int l = 0; l < m->nlangs; l++) ll[l] += (double)s.n * m->lo + (double)m->step * sum[l];
    return s.n;
}

/* Hash of a lower-cased word (code points, without the boundary marks). */
static uint32_t word_hash(const int32_t *cp, int n)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < n; i++) {
        h ^= (uint32_t)cp[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    return (uint32_t)(h >> 32);
}

int braid_lw_words(const braid_lw *m, const char *w, size_t n, double *logf)
{
    if (!m || !w || !logf || !m->nwords) return 0;
    int32_t cp[LW_MAX_CP + 3];
    int k = word_cps(w, n, cp);
    if (k == 0) return 0;
    uint32_t h = word_hash(cp + 1, k - 2);
    size_t lo = 0, hi = m->nwords;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rd32(m->words + LW_ENTRY * mid) < h) lo = mid + 1;
        else hi = mid;
    }
    int found = 0;
    for (size_t i = lo; i < m->nwords && rd32(m->words + LW_ENTRY * i) == h; i++) {
        const unsigned char *e = m->words + LW_ENTRY * i;
        logf[e[4]] = -(double)e[5] / LW_LOGF_SCALE;
        found++;
    }
    return found;
}

/* ---- training ------------------------------------------------------- */

/* Each language and its dictionaries (file stems under the directory);
 * a missing file is skipped, a language with none is left out. */
static const struct {
    const char *code;
    const char *files[3];
} lw_dicts[] = {
    {"af", {"af_ZA"}}, {"be", {"be_BY"}}, {"bg", {"bg_BG"}}, {"bs", {"bs_BA"}},
    {"ca", {"ca"}}, {"cs", {"cs_CZ"}}, {"da", {"da_DK"}}, {"de", {"de_DE"}},
    {"en", {"en_US"}}, {"eo", {"eo"}}, {"es", {"es_ES"}}, {"et", {"et_EE"}},
    {"eu", {"eu"}}, {"fr", {"fr_FR", "fr"}}, {"gl", {"gl_ES"}}, {"hr", {"hr_HR"}},
    {"hu", {"hu_HU"}}, {"id", {"id_ID"}}, {"is", {"is_IS"}}, {"it", {"it_IT"}},
    {"kk", {"kk_KZ"}}, {"lt", {"lt_LT"}}, {"lv", {"lv_LV"}}, {"mn", {"mn_MN"}},
    {"nl", {"nl_NL", "nl"}}, {"nn", {"nn_NO"}}, {"no", {"nb_NO"}}, {"oc", {"oc_FR"}},
    {"pl", {"pl_PL"}}, {"pt", {"pt_PT", "pt_BR"}}, {"ro", {"ro_RO"}}, {"ru", {"ru_RU"}},
    {"sk", {"sk_SK"}}, {"sl", {"sl_SI"}}, {"sr", {"sr_RS", "sr_Latn_RS"}}, {"sv", {"sv_SE"}},
    {"sw", {"sw_TZ"}}, {"tr", {"tr_TR"}}, {"uk", {"uk_UA"}}, {"uz", {"uz_UZ"}},
    {"vi", {"vi_VN"}},
};
#define LW_NDICTS (sizeof lw_dicts / sizeof lw_dicts[0])

/* The character set named by the .aff file's SET line ("UTF-8" when
 * none). */
static void aff_charset(const char *path, char *out, size_t cap)
{
    snprintf(out, cap, "UTF-8");
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *s = line;
        if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF) s += 3;
        while (*s == ' ' || *s == '\t') s++;
        if (strncmp(s, "SET", 3) || (s[3] != ' ' && s[3] != '\t')) continue;
        s += 3;
        while (*s == ' ' || *s == '\t') s++;
        size_t k = strcspn(s, " \t\r\n");
        if (k > 0 && k < cap) {
            memcpy(out, s, k);
            out[k] = '\0';
        }
        break;
    }
    fclose(f);
}

typedef struct {
    uint32_t *counts;
    uint64_t total;
} train_ctx;

static void count_one(size_t b, void *ctx)
{
    train_ctx *t = ctx;
    if (t->counts[b] < UINT32_MAX) t->counts[b]++;
    t->total++;
}

/* A dictionary word worth counting: letters (and inner ' or -) only. */
static int good_word(const char *w, size_t n, int *letters)
{
    size_t i = 0;
    *letters = 0;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)w + i, (utf8proc_ssize_t)(n - i), &c);
        if (r <= 0) return 0;
        i += (size_t)r;
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME) (*letters)++;
        else if (c != '-' && c != '\'' && c != 0x2019) return 0;
    }
    return *letters > 0;
}

/* ---- hunspell affix rules (enough to expand stems into word forms) -- */

#define AFF_MAX_CP 64   /* longest stem or form, in code points */
#define AFF_MAX_COND 16 /* condition positions */
#define AFF_MAX_SET 24  /* code points in one [...] set */
/* Forms counted per stem (the stem itself included): bounds the cost of
 * the richly inflecting languages (hu, tr, et) without losing their
 * typical endings. */
#define AFF_MAX_FORMS 48

typedef struct {
    int32_t set[AFF_MAX_SET];
    int nset;
    int neg, any;
} aff_pos;

typedef struct {
    uint32_t flag;
    int prefix, cross;
    int32_t strip[8], add[24];
    int nstrip, nadd;
    aff_pos cond[AFF_MAX_COND];
    int ncond;
} aff_rule;

typedef struct {
    int mode; /* 0 one code point per flag, 1 long (two), 2 num */
    aff_rule *rules;
    size_t nrules, cap;
    char **alias; /* AF aliases, 1-based in .dic files */
    size_t nalias, acap;
    int af_header_seen;
} aff_set;

static void aff_free(aff_set *a)
{
    free(a->rules);
    for (size_t i = 0; i < a->nalias; i++) free(a->alias[i]);
    free(a->alias);
    memset(a, 0, sizeof *a);
}

/* UTF-8 to code points; returns the count, -1 when longer than cap or
 * invalid. */
static int to_cps(const char *s, size_t n, int32_t *cp, int cap)
{
    int k = 0;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
        if (r <= 0 || k == cap) return -1;
        cp[k++] = c;
        i += (size_t)r;
    }
    return k;
}

/* The flags of s[0..n) in the aff file's flag mode; returns the count. */
static int parse_flags(const aff_set *a, const char *s, size_t n, uint32_t *out, int cap)
{
    int k = 0;
    if (a->mode == 2) {
        size_t i = 0;
        while (i < n && k < cap) {
            uint32_t v = 0;
            int dig = 0;
            while (i < n && s[i] >= '0' && s[i] <= '9') {
                v = v * 10 + (uint32_t)(s[i] - '0');
                if (v > 10000000) v = 10000000;
                i++;
                dig = 1;
            }
            if (dig) out[k++] = v;
            while (i < n && !(s[i] >= '0' && s[i] <= '9')) i++;
        }
        return k;
    }
    int32_t cp[128];
    int m = to_cps(s, n, cp, 128);
    if (m < 0) return 0;
    if (a->mode == 1) {
        for (int i = 0; i + 1 < m && k < cap; i += 2) out[k++] = ((uint32_t)cp[i] << 16) ^ (uint32_t)cp[i + 1];
    } else {
        for (int i = 0; i < m && k < cap; i++) out[k++] = (uint32_t)cp[i];
    }
    return k;
}

/* The condition "." or "ab[^cd]e" as positions; -1 when unusable. */
static int parse_cond(const char *s, aff_pos *pos)
{
    int32_t cp[128];
    int m = to_cps(s, strlen(s), cp, 128);
    if (m < 0) return -1;
    int np = 0;
    for (int i = 0; i < m;) {
        if (np == AFF_MAX_COND) return -1;
        aff_pos *p = &pos[np++];
        memset(p, 0, sizeof *p);
        if (cp[i] == '.') {
            p->any = 1;
            i++;
        } else if (cp[i] == '[') {
            i++;
            if (i < m && cp[i] == '^') {
                p->neg = 1;
                i++;
            }
            while (i < m && cp[i] != ']') {
                if (p->nset == AFF_MAX_SET) return -1;
                p->set[p->nset++] = cp[i++];
            }
            if (i == m) return -1;
            i++;
        } else {
            p->set[p->nset++] = cp[i++];
        }
    }
    if (np == 1 && pos[0].any) return 0;
    return np;
}

static int pos_match(const aff_pos *p, int32_t c)
{
    if (p->any) return 1;
    int in = 0;
    for (int i = 0; i < p->nset; i++) in |= p->set[i] == c;
    return p->neg ? !in : in;
}

/* A whitespace-separated field: start and length; 0 when none left. */
static int field(const char **s, const char **f, size_t *n)
{
    const char *p = *s;
    while (*p == ' ' || *p == '\t') p++;
    if (!*p || *p == '\n' || *p == '\r') return 0;
    *f = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
    *n = (size_t)(p - *f);
    *s = p;
    return 1;
}

/* One .aff line (already UTF-8). */
static void aff_line(aff_set *a, const char *line)
{
    const char *s = line, *f[6];
    size_t fn[6];
    int nf = 0;
    while (nf < 6 && field(&s, &f[nf], &fn[nf])) nf++;
    if (nf < 2) return;
    if (fn[0] == 4 && !memcmp(f[0], "FLAG", 4)) {
        if (fn[1] == 4 && !memcmp(f[1], "long", 4)) a->mode = 1;
        else if (fn[1] == 3 && !memcmp(f[1], "num", 3)) a->mode = 2;
        return;
    }
    if (fn[0] == 2 && !memcmp(f[0], "AF", 2)) {
        if (!a->af_header_seen) {
            a->af_header_seen = 1;
            return;
        }
        if (a->nalias == a->acap) {
            size_t nc = a->acap ? a->acap * 2 : 256;
            char **na = realloc(a->alias, nc * sizeof *na);
            if (!na) return;
            a->alias = na;
            a->acap = nc;
        }
        char *c = malloc(fn[1] + 1);
        if (!c) return;
        memcpy(c, f[1], fn[1]);
        c[fn[1]] = '\0';
        a->alias[a->nalias++] = c;
        return;
    }
    int pfx = fn[0] == 3 && !memcmp(f[0], "PFX", 3);
    int sfx = fn[0] == 3 && !memcmp(f[0], "SFX", 3);
    if ((!pfx && !sfx) || nf < 4) return;
    uint32_t flag;
    if (parse_flags(a, f[1], fn[1], &flag, 1) != 1) return;
    if (nf < 5) return; /* the header line "SFX A Y n" has 4 fields */
    aff_rule r;
    memset(&r, 0, sizeof r);
    r.flag = flag;
    r.prefix = pfx;
    if (!(fn[2] == 1 && f[2][0] == '0')) {
        r.nstrip = to_cps(f[2], fn[2], r.strip, 8);
        if (r.nstrip < 0) return;
    }
    size_t addn = fn[3];
    const char *sl = memchr(f[3], '/', fn[3]);
    if (sl) addn = (size_t)(sl - f[3]);
    if (!(addn == 1 && f[3][0] == '0') && addn > 0) {
        r.nadd = to_cps(f[3], addn, r.add, 24);
        if (r.nadd < 0) return;
    }
    char cond[256];
    if (fn[4] >= sizeof cond) return;
    memcpy(cond, f[4], fn[4]);
    cond[fn[4]] = '\0';
    r.ncond = parse_cond(cond, r.cond);
    if (r.ncond < 0) return;
    if (a->nrules == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 1024;
        aff_rule *nr = realloc(a->rules, nc * sizeof *nr);
        if (!nr) return;
        a->rules = nr;
        a->cap = nc;
    }
    a->rules[a->nrules++] = r;
}

static int rule_cmp(const void *x, const void *y)
{
    const aff_rule *a = x, *b = y;
    return a->flag < b->flag ? -1 : a->flag > b->flag;
}

/* Read the .aff file (converting with cd when not UTF-8). */
static void aff_read(const char *path, iconv_t cd, aff_set *a)
{
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[2048], conv[8192];
    while (fgets(line, sizeof line, f)) {
        const char *u = line;
        if (cd != (iconv_t)-1) {
            char *in = line, *o = conv;
            size_t il = strlen(line), ol = sizeof conv - 1;
            iconv(cd, NULL, NULL, NULL, NULL);
            if (iconv(cd, &in, &il, &o, &ol) == (size_t)-1) continue;
            *o = '\0';
            u = conv;
        }
        if ((unsigned char)u[0] == 0xEF && (unsigned char)u[1] == 0xBB && (unsigned char)u[2] == 0xBF) u += 3;
        aff_line(a, u);
    }
    fclose(f);
    if (a->nrules) qsort(a->rules, a->nrules, sizeof *a->rules, rule_cmp);
}

/* Apply rule r to the stem; the form goes to out, returns its length or
 * -1 when the rule does not apply. */
static int apply_rule(const aff_rule *r, const int32_t *w, int n, int32_t *out)
{
    if (n < r->nstrip || n < r->ncond) return -1;
    if (r->prefix) {
        for (int i = 0; i < r->ncond; i++)
            if (!pos_match(&r->cond[i], w[i])) return -1;
        for (int i = 0; i < r->nstrip; i++)
            if (w[i] != r->strip[i]) return -1;
        if (n - r->nstrip + r->nadd > AFF_MAX_CP) return -1;
        memcpy(out, r->add, (size_t)r->nadd * sizeof *out);
        memcpy(out + r->nadd, w + r->nstrip, (size_t)(n - r->nstrip) * sizeof *out);
        return n - r->nstrip + r->nadd;
    }
    for (int i = 0; i < r->ncond; i++)
        if (!pos_match(&r->cond[i], w[n - r->ncond + i])) return -1;
    for (int i = 0; i < r->nstrip; i++)
        if (w[n - r->nstrip + i] != r->strip[i]) return -1;
    if (n - r->nstrip + r->nadd > AFF_MAX_CP) return -1;
    memcpy(out, w, (size_t)(n - r->nstrip) * sizeof *out);
    memcpy(out + n - r->nstrip, r->add, (size_t)r->nadd * sizeof *out);
    return n - r->nstrip + r->nadd;
}

/* Count one form (code points, not yet lower-cased and padded). */
static void count_form(const int32_t *w, int n, train_ctx *t, int bits)
{
    int32_t cp[LW_MAX_CP + 3];
    int k = 0;
    cp[k++] = ' ';
    for (int i = 0; i < n && k < LW_MAX_CP + 1; i++) cp[k++] = utf8proc_tolower(w[i]);
    cp[k++] = ' ';
    each_gram(cp, k, LW_MAXN, bits, count_one, t);
}

/* The stem and its forms (up to AFF_MAX_FORMS) into forms[]; returns
 * the count. */
static int expand(const aff_set *a, const int32_t *w, int n, const uint32_t *flags, int nfl,
                  int32_t (*forms)[AFF_MAX_CP], int *flen)
{
    int nf = 0, maxf = AFF_MAX_FORMS;
    memcpy(forms[0], w, (size_t)n * sizeof *w);
    flen[nf++] = n;
    for (int j = 0; j < nfl && nf < maxf; j++) {
        /* first rule with this flag (binary search) */
        size_t lo = 0, hi = a->nrules;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (a->rules[mid].flag < flags[j]) lo = mid + 1;
            else hi = mid;
        }
        for (size_t i = lo; i < a->nrules && a->rules[i].flag == flags[j] && nf < maxf; i++) {
            int m = apply_rule(&a->rules[i], w, n, forms[nf]);
            if (m > 0) flen[nf++] = m;
        }
    }
    return nf;
}

/* Count one dictionary's word forms; -1 when it cannot be read. */
static int train_file(const char *dir, const char *stem, const char *code, train_ctx *t, int holdout,
                      FILE *dev, long *seen, int bits)
{
    char path[1024], cs[64];
    snprintf(path, sizeof path, "%s/%s.aff", dir, stem);
    aff_charset(path, cs, sizeof cs);
    iconv_t cd = (iconv_t)-1;
    if (strcasecmp(cs, "UTF-8") && strcasecmp(cs, "UTF8")) {
        cd = iconv_open("UTF-8", cs);
        if (cd == (iconv_t)-1) return -1;
    }
    aff_set a;
    memset(&a, 0, sizeof a);
    aff_read(path, cd, &a);
    snprintf(path, sizeof path, "%s/%s.dic", dir, stem);
    FILE *f = fopen(path, "r");
    if (!f) {
        aff_free(&a);
        if (cd != (iconv_t)-1) iconv_close(cd);
        return -1;
    }
    int32_t(*forms)[AFF_MAX_CP] = malloc(AFF_MAX_FORMS * sizeof *forms);
    int flen[AFF_MAX_FORMS];
    char line[2048], conv[8192];
    int first = 1;
    while (forms && fgets(line, sizeof line, f)) {
        char *s = line;
        if (cd != (iconv_t)-1) {
            char *in = line, *o = conv;
            size_t il = strlen(line), ol = sizeof conv - 1;
            iconv(cd, NULL, NULL, NULL, NULL);
            if (iconv(cd, &in, &il, &o, &ol) == (size_t)-1) continue;
            *o = '\0';
            s = conv;
        }
        if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF) s += 3;
        if (first) { /* the word count */
            first = 0;
            continue;
        }
        /* the word ends at an unescaped '/', or at white space */
        size_t n = 0;
        while (s[n] && s[n] != '\t' && s[n] != ' ' && s[n] != '\r' && s[n] != '\n') {
            if (s[n] == '/' && (n == 0 || s[n - 1] != '\\')) break;
            n++;
        }
        if (n == 0) continue;
        int letters;
        if (!good_word(s, n, &letters)) continue;
        int32_t w[AFF_MAX_CP];
        int wn = to_cps(s, n, w, AFF_MAX_CP);
        if (wn <= 0) continue;
        uint32_t flags[64];
        int nfl = 0;
        if (s[n] == '/') {
            const char *fs = s + n + 1;
            size_t fl = strcspn(fs, " \t\r\n");
            if (a.nalias && fl > 0 && fs[0] >= '0' && fs[0] <= '9') {
                size_t idx = (size_t)strtoul(fs, NULL, 10);
                if (idx >= 1 && idx <= a.nalias) nfl = parse_flags(&a, a.alias[idx - 1], strlen(a.alias[idx - 1]), flags, 64);
            } else {
                nfl = parse_flags(&a, fs, fl, flags, 64);
            }
        }
        int nf = expand(&a, w, wn, flags, nfl, forms, flen);
        (*seen)++;
        if (holdout > 1 && *seen % holdout == 0) {
            /* one form of the held-out stem (rotating), 3+ letters */
            int pick = (int)((*seen / holdout) % nf);
            if (dev && flen[pick] >= 3) {
                char out[AFF_MAX_CP * 4 + 1];
                size_t on = 0;
                for (int i = 0; i < flen[pick]; i++) {
                    utf8proc_ssize_t r = utf8proc_encode_char(utf8proc_tolower(forms[pick][i]), (utf8proc_uint8_t *)out + on);
                    if (r > 0) on += (size_t)r;
                }
                fprintf(dev, "%s\t%.*s\n", code, (int)on, out);
            }
            continue;
        }
        for (int i = 0; i < nf; i++) count_form(forms[i], flen[i], t, bits);
    }
    free(forms);
    aff_free(&a);
    if (cd != (iconv_t)-1) iconv_close(cd);
    fclose(f);
    return 0;
}

/* ---- plain-text training data (scripts/lang-corpus.py) -------------- */

/* Count the n-grams of one word (code points, any case; cut into pieces of
 * at most LW_MAX_CP, so a long unspaced run of Han or kana counts whole). */
static void count_cps(const int32_t *w, int n, train_ctx *t, int bits)
{
    for (int i = 0; i < n; i += LW_MAX_CP) count_form(w + i, n - i < LW_MAX_CP ? n - i : LW_MAX_CP, t, bits);
}

static int is_letter_cp(int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME;
}

/* Calls fn(code points, count, ctx) for every word of a file: with
 * `running` (running text, one string a line) every run of letters (with
 * inner apostrophes and hyphens), as often as it occurs; otherwise (a
 * word list) each line that is one word.  Returns the number of words,
 * -1 when the file cannot be read. */
static long each_word(const char *path, int running, void (*fn)(const int32_t *, int, void *), void *ctx)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[8192];
    int32_t cp[4096];
    long words = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        if (!running) {
            int letters;
            if (n == 0 || !good_word(line, n, &letters)) continue;
            int k = to_cps(line, n, cp, 4096);
            if (k <= 0) continue;
            fn(cp, k, ctx);
            words++;
            continue;
        }
        int k = 0;
        size_t i = 0;
        while (i <= n) {
            utf8proc_int32_t c = ' ';
            utf8proc_ssize_t r = 1;
            if (i < n) {
                r = utf8proc_iterate((const utf8proc_uint8_t *)line + i, (utf8proc_ssize_t)(n - i), &c);
                if (r <= 0) { c = ' '; r = 1; }
            }
            i += (size_t)r;
            if (is_letter_cp(c) && k < 4096) {
                cp[k++] = c;
                continue;
            }
            int inner = (c == '\'' || c == 0x2019 || c == '-') && k > 0 && i < n;
            if (inner) {
                utf8proc_int32_t d;
                if (utf8proc_iterate((const utf8proc_uint8_t *)line + i, (utf8proc_ssize_t)(n - i), &d) > 0 &&
                    is_letter_cp(d) && k < 4096) {
                    cp[k++] = c;
                    continue;
                }
            }
            if (k > 0) {
                fn(cp, k, ctx);
                words++;
            }
            k = 0;
        }
    }
    fclose(f);
    return words;
}

typedef struct {
    train_ctx *t;
    int bits;
} gram_ctx;

static void count_word(const int32_t *cp, int k, void *ctx)
{
    gram_ctx *g = ctx;
    count_cps(cp, k, g->t, g->bits);
}

static long count_file(const char *path, int running, train_ctx *t, int bits)
{
    gram_ctx g = {t, bits};
    return each_word(path, running, count_word, &g);
}

/* ---- frequent words ------------------------------------------------- */

#define FREQ_SLOTS (1u << 20)

typedef struct {
    uint32_t *key, *count; /* open addressing; key 0 = empty */
    long total;
} freq_ctx;

static void freq_word(const int32_t *cp, int k, void *ctx)
{
    freq_ctx *q = ctx;
    int32_t low[LW_MAX_CP];
    if (k > LW_MAX_CP) k = LW_MAX_CP;
    for (int i = 0; i < k; i++) low[i] = utf8proc_tolower(cp[i]);
    uint32_t h = word_hash(low, k);
    if (h == 0) h = 1;
    q->total++;
    for (uint32_t s = h & (FREQ_SLOTS - 1), probe = 0; probe < FREQ_SLOTS; s = (s + 1) & (FREQ_SLOTS - 1), probe++) {
        if (q->key[s] == h) { q->count[s]++; return; }
        if (q->key[s] == 0) {
            q->key[s] = h;
            q->count[s] = 1;
            return;
        }
    }
}

typedef struct {
    uint32_t hash;
    uint8_t lang;
    uint8_t logf; /* minus the log-frequency, in 1 / LW_LOGF_SCALE nats */
} freq_entry;

typedef struct {
    uint32_t count, hash;
} freq_pair;

static int pair_cmp(const void *a, const void *b)
{
    const freq_pair *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static int entry_cmp(const void *a, const void *b)
{
    const freq_entry *x = a, *y = b;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    return x->lang < y->lang ? -1 : x->lang > y->lang;
}

/* The frequent words of language `lang`'s running text appended to
 * *v; returns 0, -1 when out of memory. */
static int freq_lang(const char *path, int lang, freq_entry **v, size_t *nv, size_t *cap)
{
    freq_ctx q = {calloc(FREQ_SLOTS, 4), calloc(FREQ_SLOTS, 4), 0};
    freq_pair *pairs = malloc(FREQ_SLOTS * sizeof *pairs);
    int rc = -1;
    if (!q.key || !q.count || !pairs) goto out;
    if (each_word(path, 1, freq_word, &q) <= 0) {
        rc = 0;
        goto out;
    }
    /* the LW_FREQ_TOP words with the highest counts (ties: smaller hash) */
    size_t ns = 0;
    for (uint32_t s = 0; s < FREQ_SLOTS; s++)
        if (q.key[s] && q.count[s] >= LW_FREQ_MIN) {
            pairs[ns].count = q.count[s];
            pairs[ns++].hash = q.key[s];
        }
    qsort(pairs, ns, sizeof *pairs, pair_cmp);
    for (size_t i = 0; i < ns && i < LW_FREQ_TOP; i++) {
        if (*nv == *cap) {
            size_t nc = *cap ? *cap * 2 : 65536;
            freq_entry *nw = realloc(*v, nc * sizeof *nw);
            if (!nw) goto out;
            *v = nw;
            *cap = nc;
        }
        double lf = -log((double)pairs[i].count / (double)q.total) * LW_LOGF_SCALE;
        (*v)[*nv].hash = pairs[i].hash;
        (*v)[*nv].lang = (uint8_t)lang;
        (*v)[*nv].logf = (uint8_t)(lf > 255 ? 255 : lf < 0 ? 0 : floor(lf + 0.5));
        (*nv)++;
    }
    rc = 0;
out:
    free(q.key);
    free(q.count);
    free(pairs);
    return rc;
}

static int code_cmp(const void *a, const void *b)
{
    return strncmp(a, b, 8);
}

/* The languages to train: those of the hunspell table and those with a
 * corpus file (CODE.txt under corpus/text or corpus/words), sorted, at
 * most LW_MAX_LANGS.  Returns the count. */
static int train_langs(const char *corpus, char (*codes)[8])
{
    int n = 0;
    for (size_t d = 0; d < LW_NDICTS && n < LW_MAX_LANGS; d++) snprintf(codes[n++], 8, "%s", lw_dicts[d].code);
    const char *sub[2] = {"text", "words"};
    for (int s = 0; corpus && s < 2; s++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", corpus, sub[s]);
        DIR *dh = opendir(path);
        if (!dh) continue;
        struct dirent *e;
        while ((e = readdir(dh)) && n < LW_MAX_LANGS) {
            size_t k = strlen(e->d_name);
            if (k < 5 || k > 11 || strcmp(e->d_name + k - 4, ".txt")) continue;
            char code[8];
            memcpy(code, e->d_name, k - 4);
            code[k - 4] = '\0';
            int ok = 1, dup = 0;
            for (size_t j = 0; code[j]; j++) ok &= code[j] >= 'a' && code[j] <= 'z';
            for (int j = 0; j < n; j++) dup |= !strcmp(codes[j], code);
            if (ok && !dup) snprintf(codes[n++], 8, "%s", code);
        }
        closedir(dh);
    }
    qsort(codes, (size_t)n, 8, code_cmp);
    return n;
}

/* One language's training counts as two distributions over buckets,
 * its word forms' (one count per form: dictionaries, word lists) and its
 * running text's (one count per occurrence), with their numbers of
 * n-grams in n[0], n[1].  0 when it has no data. */
static int lang_dists(const char *dir, const char *corpus, const char *code, int bits, int holdout, FILE *dev,
                      uint32_t *counts, uint32_t *tcounts, float *forms, float *text, double n[2])
{
    size_t rows = (size_t)1 << bits;
    memset(counts, 0, rows * sizeof *counts);
    train_ctx t = {counts, 0};
    long seen = 0, listed = 0, running = 0;
    for (size_t d = 0; d < LW_NDICTS; d++) {
        if (strcmp(lw_dicts[d].code, code)) continue;
        for (int k = 0; k < 3 && lw_dicts[d].files[k]; k++)
            train_file(dir, lw_dicts[d].files[k], code, &t, holdout, dev, &seen, bits);
    }
    memset(tcounts, 0, rows * sizeof *tcounts);
    train_ctx tt = {tcounts, 0};
    if (corpus) {
        char path[1024];
        snprintf(path, sizeof path, "%s/words/%s.txt", corpus, code);
        listed = count_file(path, 0, &t, bits);
        snprintf(path, sizeof path, "%s/text/%s.txt", corpus, code);
        running = count_file(path, 1, &tt, bits);
    }
    if (t.total == 0 && tt.total == 0) return 0;
    double df = t.total ? (double)t.total : 1.0, dt = tt.total ? (double)tt.total : 1.0;
    for (size_t b = 0; b < rows; b++) {
        forms[b] = (float)(counts[b] / df);
        text[b] = (float)(tcounts[b] / dt);
    }
    n[0] = (double)t.total;
    n[1] = (double)tt.total;
    fprintf(stderr, "lang-words: %s %ld stems, %ld listed words, %ld running words; %llu + %llu n-grams\n", code,
            seen, listed > 0 ? listed : 0, running > 0 ? running : 0, (unsigned long long)t.total,
            (unsigned long long)tt.total);
    return 1;
}

int braid_lw_train(const char *dir, const char *corpus, const char *out, int bits, int holdout, FILE *dev,
                   char *why, size_t why_len)
{
    if (!dir) dir = "/usr/share/hunspell";
    if (bits < 10 || bits > 20) bits = LW_BITS_DEFAULT;
    size_t rows = (size_t)1 << bits;
    uint32_t *counts = malloc(rows * sizeof *counts);
    uint32_t *tcounts = malloc(rows * sizeof *tcounts);
    char(*all)[8] = calloc(LW_MAX_LANGS, 8);
    int nall = all ? train_langs(corpus, all) : 0;
    size_t rowb = ((size_t)nall + 1) / 2; /* nibbles, however many languages are found */
    unsigned char *table = calloc(rows, rowb ? rowb : 1);
    char(*codes)[8] = calloc(LW_MAX_LANGS, 8);
    float *mix = malloc((size_t)(nall ? nall : 1) * 2 * rows * sizeof *mix);
    double ns[LW_MAX_LANGS][2];
    freq_entry *fw = NULL;
    size_t nfw = 0, capfw = 0;
    int nl = 0, rc = -1;
    if (!counts || !tcounts || !table || !codes || !all || !mix) {
        snprintf(why, why_len, "out of memory");
        goto done;
    }
    for (int a = 0; a < nall; a++) {
        float *fm = mix + (size_t)nl * 2 * rows;
        if (lang_dists(dir, corpus, all[a], bits, holdout, dev, counts, tcounts, fm, fm + rows, ns[nl]))
            snprintf(codes[nl++], 8, "%s", all[a]);
    }
    if (nl == 0) {
        snprintf(why, why_len, "no training data: no hunspell dictionary under %s%s%s", dir,
                 corpus ? " and no corpus under " : "", corpus ? corpus : "");
        goto done;
    }
    /* each language's two kinds mixed, in place of the first:
     * w forms(b) + (1 - w) text(b), w = LW_FORMS_SHARE when it has both */
    for (int i = 0; i < nl; i++) {
        float *fm = mix + (size_t)i * 2 * rows;
        double wf = ns[i][0] == 0 ? 0.0 : ns[i][1] == 0 ? 1.0 : LW_FORMS_SHARE;
        for (size_t b = 0; b < rows; b++) fm[b] = (float)(wf * fm[b] + (1 - wf) * fm[rows + b]);
    }
    /* P(b | L) = (1 - lambda) mix_L(b) + lambda / rows */
    rowb = ((size_t)nl + 1) / 2;
    for (int i = 0; i < nl; i++) {
        const float *m = mix + (size_t)i * 2 * rows;
        for (size_t b = 0; b < rows; b++) {
            double p = (1 - LW_LAMBDA) * m[b] + LW_LAMBDA / (double)rows;
            double q = floor((log(p) - LW_LO) / LW_STEP + 0.5);
            unsigned v = (unsigned)(q < 0 ? 0 : q > 15 ? 15 : q);
            table[b * rowb + (size_t)i / 2] |= (unsigned char)(i % 2 ? v << 4 : v);
        }
    }
    /* the frequent words of each language's running text */
    for (int i = 0; i < nl && corpus; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/text/%s.txt", corpus, codes[i]);
        if (freq_lang(path, i, &fw, &nfw, &capfw) != 0) {
            snprintf(why, why_len, "out of memory");
            goto done;
        }
    }
    if (nfw) qsort(fw, nfw, sizeof *fw, entry_cmp);
    FILE *f = fopen(out, "wb");
    if (!f) {
        snprintf(why, why_len, "%s: %s", out, strerror(errno));
        goto done;
    }
    unsigned char h[LW_HEADER];
    memcpy(h, LW_MAGIC, 8);
    wr32(h + 8, (uint32_t)nl);
    wr32(h + 12, (uint32_t)bits);
    wr32(h + 16, LW_MAXN);
    wrf(h + 20, LW_LO);
    wrf(h + 24, LW_STEP);
    wr32(h + 28, (uint32_t)nfw);
    int bad = fwrite(h, 1, sizeof h, f) != sizeof h || fwrite(codes, 8, (size_t)nl, f) != (size_t)nl;
    for (size_t b = 0; b < rows && !bad; b++)
        bad = fwrite(table + b * rowb, 1, rowb, f) != rowb;
    for (size_t i = 0; i < nfw && !bad; i++) {
        unsigned char e[LW_ENTRY];
        wr32(e, fw[i].hash);
        e[4] = fw[i].lang;
        e[5] = fw[i].logf;
        bad = fwrite(e, 1, LW_ENTRY, f) != LW_ENTRY;
    }
    if (fclose(f) != 0) bad = 1;
    if (bad) {
        snprintf(why, why_len, "%s: write error", out);
        goto done;
    }
    rc = 0;
done:
    free(counts);
    free(tcounts);
    free(table);
    free(codes);
    free(all);
    free(mix);
    free(fw);
    return rc;
}
