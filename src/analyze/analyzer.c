/*
 * analyzer.c — turn one article into the features every later stage uses.
 *
 * Terms: Snowball stems of content words (stopwords, one-letter words and
 * numbers excluded) in the article's own language.  English stems are also
 * the shared cross-lingual space: a Russian stem found in the Mueller
 * lexicon adds its English translations as XTERM features (weight by
 * sense rank), so a Russian and an English report of one event share
 * terms.  Names: tokens marked by entities.c, keyed by translit.c so
 * Эрдогана and Erdogan are one feature.  Numbers (>= 2 characters, "1,5"
 * = "1.5") and dates (dates.c) are language-free anchors.
 *
 * Each feature carries a raw count (title words count thread_title_boost
 * times, since the title states the event); weighting by idf and by kind
 * happens later in sim/vector.c, where corpus statistics live.
 *
 * SimHash (sim/fingerprint.c) is computed here on the body's word
 * 3-grams because the tokens are at hand.
 */
#include "analyze/analyzer.h"
#include "analyze/dates.h"
#include "analyze/entities.h"
#include "analyze/lexicon.h"
#include "analyze/speaker.h"
#include "analyze/tokenize.h"
#include "analyze/translit.h"
#include "error.h"
#include "sim/fingerprint.h"
#include "util/radix.h"
#include "util/u64map.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define MAX_TEXT_BYTES 30000 /* the first ~5,000 words say what the event is */

struct braid_analyzer {
    braid_config cfg;
    braid_tokenizer *tk;
    braid_translit *tr;
    braid_lexicon *lx;
    int owns_lx;
    braid_tokens ts;
    uint8_t *is_ent;
    size_t is_ent_cap;
    uint32_t *tkey; /* name key of each title token (0: none) */
    size_t tkey_cap;
    u64map acc; /* id → index into fv during one analysis */
    braid_feat *fv;
    size_t fn, fcap;
    buf tmp;
};

braid_analyzer *braid_analyzer_new(const braid_config *cfg, braid_error *err)
{
    braid_analyzer *a = calloc(1, sizeof *a);
    if (!a) {
        braid_err_set(err, BRAID_ENOMEM, "analyzer: out of memory");
        return NULL;
    }
    if (cfg) a->cfg = *cfg;
    else braid_config_init(&a->cfg);
    braid_tokens_init(&a->ts);
    u64map_init(&a->acc);
    buf_init(&a->tmp);
    a->tk = braid_tokenizer_new();
    if (!a->tk) {
        braid_err_set(err, BRAID_ENOMEM, "analyzer: out of memory");
        goto fail;
    }
    a->tr = braid_translit_new(err);
    if (!a->tr) goto fail;
    braid_error e2;
    a->lx = braid_lexicon_load(a->cfg.lexicon_path, a->tk, &e2);
    a->owns_lx = 1;
    braid_tokenizer_cache(a->tk, 1); /* empty it: the headwords' stems */
    if (!a->lx && a->cfg.lexicon_path[0]) { /* asked for and missing: an error */
        if (err) *err = e2;
        goto fail;
    }
    return a;
fail:
    braid_analyzer_free(a);
    return NULL;
}

braid_analyzer *braid_analyzer_fork(const braid_analyzer *parent, braid_error *err)
{
    braid_analyzer *a = calloc(1, sizeof *a);
    if (!a) {
        braid_err_set(err, BRAID_ENOMEM, "analyzer: out of memory");
        return NULL;
    }
    a->cfg = parent->cfg;
    braid_tokens_init(&a->ts);
    u64map_init(&a->acc);
    buf_init(&a->tmp);
    a->lx = parent->lx;
    a->owns_lx = 0;
    a->tk = braid_tokenizer_new();
    if (!a->tk) {
        braid_err_set(err, BRAID_ENOMEM, "analyzer: out of memory");
        braid_analyzer_free(a);
        return NULL;
    }
    a->tr = braid_translit_new(err);
    if (!a->tr) {
        braid_analyzer_free(a);
        return NULL;
    }
    return a;
}

void braid_analyzer_free(braid_analyzer *a)
{
    if (!a) return;
    braid_tokenizer_free(a->tk);
    braid_translit_free(a->tr);
    if (a->owns_lx) braid_lexicon_free(a->lx);
    braid_tokens_free(&a->ts);
    free(a->is_ent);
    free(a->tkey);
    u64map_free(&a->acc);
    free(a->fv);
    buf_free(&a->tmp);
    free(a);
}

int braid_analyzer_has_lexicon(const braid_analyzer *a)
{
    return a->lx != NULL;
}

/* seed = kind and language, so "ru" stem "мир" and English "mir" or a
 * number "10" and a term "10" never collide */
static uint64_t feat_seed(int kind, const char *lang)
{
    uint64_t seed = (uint64_t)kind * 0x100000001B3ull;
    if (kind == BRAID_FEAT_TERM || kind == BRAID_FEAT_XTERM) {
        seed = 0x51ED270B27ull; /* TERM and XTERM share the English space */
        if (lang) seed ^= XXH3_64bits(lang, strlen(lang));
    }
    return seed;
}

static uint64_t feat_id_seeded(uint64_t seed, const char *s, size_t len)
{
    return u64map_key(XXH3_64bits_withSeed(s, len, seed));
}

uint64_t braid_feat_id(int kind, const char *lang, const char *s, size_t len)
{
    return feat_id_seeded(feat_seed(kind, lang), s, len);
}

static int add_feat(braid_analyzer *a, uint64_t id, int kind, float tf)
{
    uint64_t *slot = u64map_put(&a->acc, id);
    if (!slot) return -1;
    if (*slot) {
        a->fv[*slot - 1].tf += tf;
        return 0;
    }
    if (a->fn == a->fcap) {
        size_t nc = a->fcap ? a->fcap * 2 : 256;
        braid_feat *nv = realloc(a->fv, nc * sizeof *nv);
        if (!nv) return -1;
        a->fv = nv;
        a->fcap = nc;
    }
    a->fv[a->fn] = (braid_feat){id, tf, (uint8_t)kind};
    *slot = ++a->fn;
    return 0;
}

static void add_tanchor(braid_analysis *out, uint64_t id_)
{
    uint32_t id = braid_feat_key(id_);
    for (size_t i = 0; i < out->ntanchors; i++)
        if (out->tanchors[i] == id) return;
    if (out->ntanchors < sizeof out->tanchors / sizeof out->tanchors[0])
        out->tanchors[out->ntanchors++] = id;
}

static void add_tterm(braid_analysis *out, uint64_t id_)
{
    uint32_t id = braid_feat_key(id_);
    for (size_t i = 0; i < out->ntterms; i++)
        if (out->tterms[i] == id) return;
    if (out->ntterms < sizeof out->tterms / sizeof out->tterms[0]) out->tterms[out->ntterms++] = id;
}

/* "1,5" → "1.5"; skip one-character numbers (list items, "1 of 2") */
static int add_number(braid_analyzer *a, const char *w, size_t len, float tf)
{
    if (len < 2) return 0;
    char tmp[64];
    if (len >= sizeof tmp) return 0;
    for (size_t i = 0; i < len; i++) tmp[i] = w[i] == ',' ? '.' : w[i];
    return add_feat(a, braid_feat_id(BRAID_FEAT_NUMBER, NULL, tmp, len), BRAID_FEAT_NUMBER, tf);
}

int braid_analysis_has(const braid_analysis *an, uint64_t id)
{
    size_t lo = 0, hi = an->n;
    if (an->f) {
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            uint64_t m = an->f[mid].id;
            if (m == id) return 1;
            if (m < id) lo = mid + 1;
            else hi = mid;
        }
        return 0;
    }
    return braid_analysis_has_key(an, braid_feat_key(id));
}

int braid_analysis_has_key(const braid_analysis *an, uint32_t key)
{
    size_t lo = 0, hi = an->n;
    while (lo < hi) { /* keys are non-decreasing in either form */
        size_t mid = (lo + hi) / 2;
        uint32_t m = braid_analysis_key(an, mid);
        if (m == key) return 1;
        if (m < key) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

int braid_analysis_compact(braid_analysis *an)
{
    if (!an->f) return 0;
    /* One block: the keys (sorted: the high half of sorted ids is
     * non-decreasing), the XTERM bits, and the names' characters.  A
     * placed article lives as long as the index, and the analysis was
     * made in another thread's allocator arena: one block, allocated
     * here, replaces up to ten scattered ones there. */
    size_t nb = an->n / 8 + 1, chars = 0;
    for (size_t i = 0; i < an->nnames; i++) chars += strlen(an->names[i]) + 1;
    char *block = malloc((an->n ? an->n : 1) * sizeof(uint32_t) + nb + chars);
    if (!block) return -1;
    uint32_t *keys = (uint32_t *)(void *)block;
    uint8_t *xb = (uint8_t *)(block + (an->n ? an->n : 1) * sizeof(uint32_t));
    char *names = (char *)(xb + nb);
    memset(xb, 0, nb);
    for (size_t i = 0; i < an->n; i++) {
        keys[i] = braid_feat_key(an->f[i].id);
        if (an->f[i].kind == BRAID_FEAT_XTERM) xb[i >> 3] |= (uint8_t)(1u << (i & 7));
    }
    for (size_t i = 0; i < an->nnames; i++) {
        size_t len = strlen(an->names[i]) + 1;
        memcpy(names, an->names[i], len);
        free(an->names[i]);
        an->names[i] = names;
        names += len;
    }
    free(an->f);
    an->f = NULL;
    an->keys = keys;
    an->xbits = xb;
    return 0;
}

void braid_analysis_free(braid_analysis *an)
{
    free(an->f);
    if (an->keys) free(an->keys); /* the compact block: xbits and names too */
    else
        for (size_t i = 0; i < an->nnames; i++) free(an->names[i]);
    memset(an, 0, sizeof *an);
}

struct name_count {
    uint64_t id;
    float tf;
    size_t tok; /* first occurrence */
};

static int cmp_name(const void *x, const void *y)
{
    const struct name_count *a = x, *b = y;
    if (a->tf != b->tf) return a->tf > b->tf ? -1 : 1;
    return (a->tok > b->tok) - (a->tok < b->tok);
}

int braid_analyze(braid_analyzer *a, const char *lang, const char *title, size_t title_len,
                  const char *text, size_t text_len, int64_t pub_unix, braid_analysis *out)
{
    memset(out, 0, sizeof *out);
    if (!lang || !lang[0]) lang = "und";
    if (text_len > MAX_TEXT_BYTES) {
        /* cut at a UTF-8 boundary */
        text_len = MAX_TEXT_BYTES;
        while (text_len > 0 && ((unsigned char)text[text_len] & 0xC0) == 0x80) text_len--;
    }
    braid_tokens_clear(&a->ts);
    if (title && braid_tokenize(a->tk, lang, title, title_len, &a->ts) < 0) return -1;
    size_t body_start = a->ts.n;
    if (text && braid_tokenize(a->tk, lang, text, text_len, &a->ts) < 0) return -1;
    braid_tokens *ts = &a->ts;
    out->ntokens = ts->n;
    if (ts->n > a->is_ent_cap) {
        uint8_t *ne = realloc(a->is_ent, ts->n);
        if (!ne) return -1;
        a->is_ent = ne;
        a->is_ent_cap = ts->n;
    }
    if (ts->n) braid_entities_mark(ts, body_start, a->is_ent);
    if (body_start > a->tkey_cap) {
        uint32_t *nk = realloc(a->tkey, body_start * sizeof *nk);
        if (!nk) return -1;
        a->tkey = nk;
        a->tkey_cap = body_start;
    }
    if (body_start) memset(a->tkey, 0, body_start * sizeof *a->tkey);

    /* about one feature per token (a stem, its translations and the
     * anchors, less the repeats): sized once rather than regrown from 16
     * slots per article, which was 2% of the contest day's CPU */
    if (u64map_reset(&a->acc, ts->n) < 0) return -1;
    a->fn = 0;
    const float boost = (float)a->cfg.thread_title_boost;
    const int is_en = !strcmp(lang, "en");
    const int use_lex = a->lx && !strcmp(lang, "ru");
    /* the seeds of this article's terms and of English translations,
     * once per article rather than once per word */
    const uint64_t term_seed = feat_seed(BRAID_FEAT_TERM, is_en ? "en" : lang);
    const uint64_t en_seed = feat_seed(BRAID_FEAT_XTERM, "en");
    struct name_count names[64];
    size_t nnames = 0;
    char key[128];

    for (size_t i = 0; i < ts->n; i++) {
        const braid_token *t = &ts->v[i];
        float tf = i < body_start ? boost : 1.0f;
        const char *norm = BRAID_TOK_NORM(ts, t);
        if (t->flags & BRAID_TOK_NUMBER) {
            if (add_number(a, norm, t->norm_len, tf) < 0) return -1;
            if (i < body_start && t->norm_len >= 2) {
                char tmp[64];
                if (t->norm_len < sizeof tmp) {
                    for (size_t k = 0; k < t->norm_len; k++) tmp[k] = norm[k] == ',' ? '.' : norm[k];
                    add_tanchor(out, braid_feat_id(BRAID_FEAT_NUMBER, NULL, tmp, t->norm_len));
                }
            }
            continue;
        }
        if (t->flags & BRAID_TOK_STOPWORD) continue;
        const char *stem = BRAID_TOK_STEM(ts, t);
        if (t->norm_len < 2 || t->stem_len < 2) continue;
        if (a->is_ent[i]) {
            size_t kl = braid_translit_name_key(a->tr, norm, t->norm_len, key, sizeof key);
            if (kl) {
                uint64_t id = braid_feat_id(BRAID_FEAT_ENTITY, NULL, key, kl);
                if (add_feat(a, id, BRAID_FEAT_ENTITY, tf) < 0) return -1;
                if (i < body_start) {
                    add_tanchor(out, id);
                    a->tkey[i] = braid_feat_key(id);
                }
                size_t k = 0;
                while (k < nnames && names[k].id != id) k++;
                if (k < nnames) names[k].tf += tf;
                else if (nnames < 64) names[nnames++] = (struct name_count){id, tf, i};
            }
        }
        uint64_t term_id = feat_id_seeded(term_seed, stem, t->stem_len);
        if (add_feat(a, term_id, BRAID_FEAT_TERM, tf) < 0) return -1;
        /* headline words, for the title cover (separate block, see .h) */
        if (i < body_start && !a->is_ent[i]) add_tterm(out, term_id);
        if (use_lex && !a->is_ent[i]) {
            const braid_lex_tr *tr;
            size_t ntr = braid_lexicon_lookup(a->lx, stem, t->stem_len, &tr);
            for (size_t k = 0; k < ntr; k++)
                if (add_feat(a, feat_id_seeded(en_seed, tr[k].en_stem, tr[k].len),
                             BRAID_FEAT_XTERM, tf * tr[k].weight) < 0)
                    return -1;
        }
    }
    /* who the headline says is speaking */
    size_t sp[8];
    size_t nsp = braid_title_speakers(ts, body_start, a->is_ent, title, title_len, lang, sp, 8);
    for (size_t k = 0; k < nsp; k++) {
        uint32_t key = a->tkey[sp[k]];
        size_t q = 0;
        while (q < out->nspeakers && out->speakers[q] != key) q++;
        if (key && q == out->nspeakers && out->nspeakers < sizeof out->speakers / sizeof out->speakers[0])
            out->speakers[out->nspeakers++] = key;
    }
    /* dates: title and body tokens were tokenized from two buffers, so
     * the "2019-11-07" source check only applies within the body */
    braid_tokens body = *ts;
    body.v = ts->v + body_start;
    body.n = ts->n - body_start;
    braid_tokens head = *ts;
    head.n = body_start;
    out->ndates = braid_dates_find(title, &head, pub_unix, out->dates, BRAID_ANALYSIS_MAX_DATES);
    for (size_t k = 0; k < out->ndates; k++) {
        char d[16];
        int dl = snprintf(d, sizeof d, "%d", (int)out->dates[k]);
        add_tanchor(out, braid_feat_id(BRAID_FEAT_DATE, NULL, d, (size_t)dl));
    }
    int32_t more[BRAID_ANALYSIS_MAX_DATES];
    size_t nm = braid_dates_find(text, &body, pub_unix, more, BRAID_ANALYSIS_MAX_DATES);
    for (size_t k = 0; k < nm && out->ndates < BRAID_ANALYSIS_MAX_DATES; k++) {
        size_t q = 0;
        while (q < out->ndates && out->dates[q] != more[k]) q++;
        if (q == out->ndates) out->dates[out->ndates++] = more[k];
    }
    for (size_t k = 0; k < out->ndates; k++) {
        char d[16];
        int dl = snprintf(d, sizeof d, "%d", (int)out->dates[k]);
        if (add_feat(a, braid_feat_id(BRAID_FEAT_DATE, NULL, d, (size_t)dl), BRAID_FEAT_DATE, 1.0f) < 0)
            return -1;
    }
    out->simhash = braid_simhash(ts, body_start);

    out->f = malloc((a->fn ? a->fn : 1) * sizeof *out->f);
    if (!out->f) return -1;
    if (a->fn) memcpy(out->f, a->fv, a->fn * sizeof *out->f);
    out->n = a->fn;
    /* by id; a->fv is free scratch from here on */
    radix_sort_u64(out->f, a->fv, out->n, sizeof *out->f, offsetof(braid_feat, id));

    qsort(names, nnames, sizeof names[0], cmp_name);
    for (size_t k = 0; k < nnames && out->nnames < BRAID_ANALYSIS_MAX_NAMES; k++) {
        const braid_token *t = &ts->v[names[k].tok];
        const char *src = names[k].tok < body_start ? title : text;
        char *s = malloc(t->src_len + 1);
        if (!s) return -1;
        memcpy(s, src + t->src_off, t->src_len);
        s[t->src_len] = '\0';
        out->names[out->nnames] = s;
        out->name_ids[out->nnames++] = braid_feat_key(names[k].id);
    }
    return 0;
}
