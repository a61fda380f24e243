/*
 * script.h — the first pass of language identification: one walk over
 * the text that validates UTF-8, normalises it for the statistical
 * detectors, and counts letters per Unicode script.
 *
 * The script is evidence no statistical model should overrule: a word in
 * Hangul is Korean, kana make it Japanese, a Latin-script word is not
 * Russian.  lang.c uses these counts to answer outright for one-language
 * scripts and to restrict the models' candidates for the others.
 */
#ifndef BRAID_LANG_SCRIPT_H
#define BRAID_LANG_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

typedef enum braid_script {
    BS_NONE = 0,
    BS_LATIN, BS_CYRILLIC, BS_GREEK, BS_ARMENIAN, BS_HEBREW, BS_ARABIC,
    BS_SYRIAC, BS_THAANA, BS_DEVANAGARI, BS_BENGALI, BS_GURMUKHI,
    BS_GUJARATI, BS_ORIYA, BS_TAMIL, BS_TELUGU, BS_KANNADA, BS_MALAYALAM,
    BS_SINHALA, BS_THAI, BS_LAO, BS_TIBETAN, BS_MYANMAR, BS_GEORGIAN,
    BS_HANGUL, BS_ETHIOPIC, BS_KHMER, BS_MONGOLIAN, BS_KANA, BS_HAN,
    BS_JAVANESE, BS_OLCHIKI, BS_YI, BS_TIFINAGH, BS_CHEROKEE, BS_CANADIAN,
    BS_OTHER,
    BS_COUNT
} braid_script;

typedef struct braid_script_stats {
    size_t letters;              /* letters (and combining marks) seen     */
    size_t count[BS_COUNT];      /* ... per script                          */
    size_t cyr[256];             /* lowercase Cyrillic U+0400..U+04FF       */
    uint64_t cyr_seen[4];        /* bit i: cyr[i] > 0                       */
    size_t cyr_total;            /* sum of cyr[]                            */
    braid_script top;            /* most frequent script (BS_NONE: none)    */
    size_t invalid;              /* invalid UTF-8 sequences replaced        */
} braid_script_stats;

/* Scan text[0..len) and write a normalised copy to `out` (capacity
 * `cap`, at least len + 2): valid UTF-8 only (bad bytes become spaces),
 * letters lower-cased when `lower`, control characters and line breaks
 * turned into spaces, runs of spaces collapsed, ending in one '\n' (the
 * line terminator fastText was trained with).  Returns the bytes written,
 * without a terminating NUL (out[ret] is set to NUL when room allows). */
size_t braid_script_scan(const char *text, size_t len, int lower,
                         char *out, size_t cap, braid_script_stats *st);

/* Name of a script ("Cyrillic"), for messages. */
const char *braid_script_name(braid_script s);

/* Is language `code` (as the detectors return it) written in script
 * `s`?  Most languages have one script; some several (sr: Cyrillic and
 * Latin; uz, az, kk, tk: Latin and Cyrillic).  Codes braid has no entry
 * for are taken to be Latin-only. */
int braid_script_lang_uses(const char *code, braid_script s);

/* For one-language scripts (Greek, Hangul, Thai, ...) the language; NULL
 * when the script is shared and a model must choose. */
const char *braid_script_only_lang(braid_script s);

/* Share of the Cyrillic letters in `st` that language `code` does not
 * use (e.g. "ы" for Ukrainian, "і" for Russian), or -1 when braid has
 * no alphabet for `code`. */
double braid_script_cyr_foreign(const braid_script_stats *st, const char *code);

/* The same in two steps, for callers that check many texts: the alphabet
 * of `code` as a bit set over U+0400..U+04FF (returns 0 when unknown), and
 * the share of letters outside a given set. */
int braid_script_cyr_alphabet(const char *code, uint64_t mask[4]);
double braid_script_cyr_outside(const braid_script_stats *st, const uint64_t mask[4]);

#endif
