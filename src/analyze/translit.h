/*
 * translit.h — names across scripts: Cyrillic (and any script) to Latin
 * with ICU, and a spelling-tolerant key so Эрдогана = Erdogan.
 */
#ifndef BRAID_ANALYZE_TRANSLIT_H
#define BRAID_ANALYZE_TRANSLIT_H

#include <stddef.h>
#include "braid.h"
#include "util/buf.h"

typedef struct braid_translit braid_translit;

braid_translit *braid_translit_new(braid_error *err);
void braid_translit_free(braid_translit *t);

/* Append the lower-case ASCII transliteration of the case-folded word
 * w[0..len) to `out` (Russian-Latin/BGN for Cyrillic, Any-Latin then
 * Latin-ASCII for other scripts).  Returns 0 or -1 on OOM/ICU failure. */
int braid_translit_latin(braid_translit *t, const char *w, size_t len, buf *out);

/* The same through ICU alone (braid_translit_latin takes a table for the
 * lower-case Russian alphabet); for tests that compare the two. */
int braid_translit_latin_icu(braid_translit *t, const char *w, size_t len, buf *out);

/* The name key of the case-folded word w[0..len) in any script: Russian
 * case endings stripped, transliterated, then reduced by
 * braid_name_key_ascii().  Writes a NUL-terminated key to out (cap bytes)
 * and returns its length; 0 when the word is too short to be a usable key.
 * Results are cached per braid_translit. */
size_t braid_translit_name_key(braid_translit *t, const char *w, size_t len, char *out,
                               size_t cap);

/* The key of an ASCII word: lower-cased, letter groups merged (kh→h,
 * ch/c/q→k, sh/shch→s, zh/dzh/j→j, z→s, ts→s, ph→f, w→v, x→ks, y/j
 * vowels), vowels dropped except that a leading vowel is kept as 'a',
 * doubled letters collapsed.  Returns the length, 0 when fewer than two
 * consonants remain (too ambiguous to match names on). */
size_t braid_name_key_ascii(const char *w, size_t len, char *out, size_t cap);

#endif
