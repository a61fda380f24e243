/*
 * dicts.h — spelling dictionaries as evidence for one or two words.
 *
 * On a single word fastText's character n-grams often cannot tell close
 * languages apart (es/pt/gl, hr/sr/bs, cs/sk, da/no/sv, be/uk/ru); a
 * dictionary can: "coração" is a Portuguese word form and not a Spanish
 * one.  Debian's hunspell dictionaries (stems plus affix rules, checked
 * with libhunspell's Hunspell_spell) answer "is this a word form of
 * language X?".  lang.c asks only about the few candidates fastText
 * proposes, and only on short text; each dictionary is loaded the first
 * time it is needed and kept by the handle.  A dictionary that is not
 * installed simply gives no evidence.
 */
#ifndef BRAID_LANG_DICTS_H
#define BRAID_LANG_DICTS_H

#include <stddef.h>

typedef struct braid_dicts braid_dicts;

/* Dictionaries under `dir` (NULL: /usr/share/hunspell); nothing is
 * loaded yet.  NULL only when out of memory. */
braid_dicts *braid_dicts_new(const char *dir);
void braid_dicts_free(braid_dicts *d);

/* Is there (or could there be) a dictionary for language `code`?  Loads
 * it on first use; 0 when not installed or not loadable. */
int braid_dicts_has(braid_dicts *d, const char *code);

/* Does language `code`'s dictionary accept the word w[0..n) (valid
 * UTF-8, no spaces)?  1 yes, 0 no, -1 no dictionary. */
int braid_dicts_spell(braid_dicts *d, const char *code, const char *w, size_t n);

/* Number of dictionaries loaded so far (for tests and measurements). */
int braid_dicts_loaded(const braid_dicts *d);

#endif
