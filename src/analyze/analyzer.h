/*
 * analyzer.h — per-article analysis reused by every later stage: weighted
 * features (terms in the article's language, terms in the shared English
 * space, names, numbers, dates), the dates themselves, and a SimHash.
 */
#ifndef BRAID_ANALYZE_ANALYZER_H
#define BRAID_ANALYZE_ANALYZER_H

#include <stddef.h>
#include <stdint.h>
#include "braid.h"

enum braid_feat_kind {
    BRAID_FEAT_TERM = 0,   /* stem in the article's own language (English
                              stems double as the shared space)           */
    BRAID_FEAT_XTERM = 1,  /* English stem reached through the lexicon    */
    BRAID_FEAT_ENTITY = 2, /* name key (script-free)                      */
    BRAID_FEAT_NUMBER = 3, /* number, normalised                          */
    BRAID_FEAT_DATE = 4,   /* day mentioned                               */
    BRAID_FEAT_KINDS = 5
};

typedef struct braid_feat {
    uint64_t id;  /* hash, unique per (kind, language, value)            */
    float tf;     /* occurrences, title occurrences counted title_boost x */
    uint8_t kind;
} braid_feat;

#define BRAID_ANALYSIS_MAX_DATES 16
#define BRAID_ANALYSIS_MAX_NAMES 8

typedef struct braid_analysis {
    braid_feat *f;  /* sorted by id; NULL once compacted (below)        */
    size_t n;
    /* After braid_analysis_compact(): the features' 32-bit keys alone
     * (braid_feat_key, sorted) and a bit per key set for
     * BRAID_FEAT_XTERM — all a placed article's features are still needed
     * for (membership tests, undoing the corpus statistics), at a quarter
     * of the memory. */
    uint32_t *keys;  /* one allocation with xbits and the names' text */
    uint8_t *xbits;
    int32_t dates[BRAID_ANALYSIS_MAX_DATES]; /* days since 1970, see dates.h */
    size_t ndates;
    uint64_t simhash;  /* of the body's word 3-grams; 0 = too short     */
    size_t ntokens;
    /* names, numbers and dates of the title: what the headline says
     * happened, checked against the other article (sim/similarity.c) */
    uint32_t tanchors[16];   /* feature keys (braid_feat_key) */
    size_t ntanchors;
    /* the most frequent names, as written (for display), with their ids */
    char *names[BRAID_ANALYSIS_MAX_NAMES];
    uint32_t name_ids[BRAID_ANALYSIS_MAX_NAMES]; /* feature keys */
    size_t nnames;
    /* --- headline words (sim/similarity.c, title cover) ---------------
     * TERM ids of the title's content words (not stopwords, numbers or
     * names: names are anchors above), in title order */
    uint32_t tterms[24];     /* feature keys */
    size_t ntterms;
    /* --- the headline's speakers (analyze/speaker.c) ------------------
     * name keys of whom the title attributes a statement to ("Пушков
     * назвал", "Corbyn says", "Кудрин: ...") */
    uint32_t speakers[4];    /* feature keys */
    size_t nspeakers;
} braid_analysis;

typedef struct braid_analyzer braid_analyzer;

/* Opens the stemmers, ICU transliterators and the lexicon (cfg->lexicon_path,
 * default the installed Mueller dictionary; when that default is missing
 * the analyzer works without cross-lingual terms).  NULL on failure. */
braid_analyzer *braid_analyzer_new(const braid_config *cfg, braid_error *err);
void braid_analyzer_free(braid_analyzer *a);
/* A second analyzer sharing `a`'s lexicon (read-only), for analysing in
 * parallel: each thread uses its own analyzer.  Free it before `a`. */
braid_analyzer *braid_analyzer_fork(const braid_analyzer *a, braid_error *err);
/* Does the analyzer have its Russian-English lexicon? */
int braid_analyzer_has_lexicon(const braid_analyzer *a);

/* Analyze one article.  `lang` ISO 639-1 (or "und").  Returns 0, -1 OOM. */
int braid_analyze(braid_analyzer *a, const char *lang, const char *title, size_t title_len,
                  const char *text, size_t text_len, int64_t pub_unix, braid_analysis *out);
void braid_analysis_free(braid_analysis *an);
/* The 32-bit key a feature is known by from its vector on: the high half
 * of its id, never 0 (hash maps reserve 0).  Vectors, centroids, postings
 * and the corpus statistics are keyed by it: the clusterer keeps a few
 * hundred features of every indexed article, and half of a 64-bit id
 * buys nothing — two of the ~2 million distinct features of a 40,000-
 * article day share a key with odds of about 1 in 2,000 per feature, and
 * a shared key only merges two rare features' document counts. */
static inline uint32_t braid_feat_key(uint64_t id)
{
    uint32_t k = (uint32_t)(id >> 32);
    return k ? k : 1;
}
/* Does the analysis hold feature `id`?  (Either form; the compact one
 * compares keys.) */
int braid_analysis_has(const braid_analysis *an, uint64_t id);
/* Does it hold a feature with this key?  (Either form.) */
int braid_analysis_has_key(const braid_analysis *an, uint32_t key);
/* Feature i's key and whether it is a BRAID_FEAT_XTERM.  (Either form.) */
static inline uint32_t braid_analysis_key(const braid_analysis *an, size_t i)
{
    return an->f ? braid_feat_key(an->f[i].id) : an->keys[i];
}
static inline int braid_analysis_xterm(const braid_analysis *an, size_t i)
{
    return an->f ? an->f[i].kind == BRAID_FEAT_XTERM : (an->xbits[i >> 3] >> (i & 7)) & 1;
}
/* Drop tf and kind, keep the keys and the XTERM bit (0, or -1 when out
 * of memory: then nothing changed). */
int braid_analysis_compact(braid_analysis *an);

/* Feature id of an English stem / a name key (tests and tools use these). */
uint64_t braid_feat_id(int kind, const char *lang, const char *s, size_t len);

#endif
