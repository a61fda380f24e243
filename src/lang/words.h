/*
 * words.h — a small model of single words, per language, that braid
 * trains itself from Debian packages: hunspell dictionaries, and the
 * LibreOffice translations, CLDR data and Tesseract word lists that
 * scripts/lang-corpus.py gathers (models/lang-words.bin; docs/LANG.md).
 *
 * fastText's pruned lid.176.ftz has no n-grams for many words, mixes up
 * close languages (es/pt/gl, hr/sr/bs, cs/sk, da/no/sv, be/uk/ru) on a
 * single word and does not know Zulu, Xhosa, Sesotho, Tswana ...  This
 * model knows each language's spelling (1- to 5-grams of code points
 * with word boundaries, log-probabilities hashed into one table of
 * buckets x languages, quantised to 4 bits) and its most frequent words.
 * lang.c uses it on one or two words only: it weighs fastText's
 * candidates and proposes its own.
 */
#ifndef BRAID_LANG_WORDS_H
#define BRAID_LANG_WORDS_H

#include <stddef.h>
#include <stdio.h>

typedef struct braid_lw braid_lw;

/* Parse a model from bytes (copied); NULL with a reason in `why` when
 * the bytes are not a valid model. */
braid_lw *braid_lw_parse(const void *data, size_t n, char *why, size_t why_len);
/* Read and parse a model file. */
braid_lw *braid_lw_load(const char *path, char *why, size_t why_len);
/* Releases one reference: the model is freed with its last one. */
void braid_lw_free(braid_lw *m);
/* One more reference to a model (read-only, so threads may share it). */
braid_lw *braid_lw_ref(braid_lw *m);

int braid_lw_nlangs(const braid_lw *m);
const char *braid_lw_code(const braid_lw *m, int i);
/* Index of language `code`, or -1. */
int braid_lw_index(const braid_lw *m, const char *code);

/* Add the log-likelihood (natural log) of the word w[0..n) (UTF-8,
 * lower-cased here) under each language to ll[0..nlangs).  Returns the
 * number of n-grams scored (0: nothing, e.g. invalid UTF-8). */
int braid_lw_score(const braid_lw *m, const char *w, size_t n, double *ll);

/* Frequent words: for each language in whose running training text the
 * word w[0..n) (lower-cased here) is among the most frequent, sets
 * logf[language] to the log of its relative frequency (natural log, < 0);
 * other entries are left alone.  Returns the number of languages set. */
int braid_lw_words(const braid_lw *m, const char *w, size_t n, double *logf);

/* Train from the hunspell dictionaries under `dir` (NULL:
 * /usr/share/hunspell) and, when `corpus` is not NULL, from the plain
 * text files scripts/lang-corpus.py writes there (corpus/text/CODE.txt:
 * running text, corpus/words/CODE.txt: one word a line), and write the
 * model, with 2^bits buckets (0: the default, 17), to `out`.  When holdout > 1,
 * every holdout-th dictionary word is left out of training and written to
 * `dev` as "code\tword\n" (a development set for tuning how lang.c uses
 * the model).  0 on success, else -1 with a reason in `why`. */
int braid_lw_train(const char *dir, const char *corpus, const char *out, int bits, int holdout, FILE *dev,
                   char *why, size_t why_len);

#endif
