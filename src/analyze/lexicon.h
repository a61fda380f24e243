/*
 * lexicon.h — Russian → English word translations from the Mueller
 * English-Russian dictionary (Debian's mueller7-dict), stemmed on both
 * sides, so Russian content words land in the English term space.
 */
#ifndef BRAID_ANALYZE_LEXICON_H
#define BRAID_ANALYZE_LEXICON_H

#include <stddef.h>
#include "analyze/tokenize.h"
#include "braid.h"

#define BRAID_LEXICON_DEFAULT "/usr/share/dictd/mueller7.dict.dz"
#define BRAID_LEXICON_MAX_TR 8

typedef struct braid_lexicon braid_lexicon;

typedef struct braid_lex_tr {
    const char *en_stem; /* NUL-terminated, owned by the lexicon */
    size_t len;
    float weight;        /* (0, 1]: 1 for the likeliest translation */
} braid_lex_tr;

/* Load a dictd .dict or .dict.dz file (gzip-compatible) from `path`
 * (NULL or "" = BRAID_LEXICON_DEFAULT).  `tk` stems both sides.
 * Returns NULL and fills err when the file is missing or unreadable. */
braid_lexicon *braid_lexicon_load(const char *path, braid_tokenizer *tk, braid_error *err);
void braid_lexicon_free(braid_lexicon *lx);

/* Translations of a Russian Snowball stem, best first; returns how many
 * (0 when the word is not in the dictionary) and points *out at them. */
size_t braid_lexicon_lookup(const braid_lexicon *lx, const char *ru_stem, size_t len,
                            const braid_lex_tr **out);

/* Number of Russian stems with translations. */
size_t braid_lexicon_size(const braid_lexicon *lx);

#endif
