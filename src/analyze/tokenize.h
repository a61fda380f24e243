/*
 * tokenize.h — Unicode-aware tokenization shared by every later stage
 * (classification, near-duplicates, threads).
 *
 * A token is a maximal run of letters/digits (with inner apostrophes,
 * hyphens and dots in numbers kept as the implementation documents),
 * normalised (NFKC, case-folded with utf8proc) and stemmed with the
 * Snowball stemmer of the document's language when one exists.  Token
 * strings live in one arena inside braid_tokens; they are addressed by
 * offset because the arena grows.
 */
#ifndef BRAID_ANALYZE_TOKENIZE_H
#define BRAID_ANALYZE_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"

#include <utf8proc.h>

enum {
    BRAID_TOK_CAPITALIZED = 1, /* first letter upper case in the source   */
    BRAID_TOK_NUMBER = 2,      /* all digits (possibly with . , inside)     */
    BRAID_TOK_STOPWORD = 4,    /* in the stopword list of the language      */
    BRAID_TOK_SENT_START = 8,  /* first token of a sentence / paragraph     */
    BRAID_TOK_ALLCAPS = 16     /* every letter upper case (РФ, NATO)        */
};

typedef struct braid_token {
    uint32_t src_off, src_len;   /* where it stands in the input          */
    uint32_t norm_off, norm_len; /* folded form, in arena                 */
    uint32_t stem_off, stem_len; /* stem, in arena                        */
    uint32_t flags;
} braid_token;

typedef struct braid_tokens {
    braid_token *v;
    size_t n, cap;
    buf arena;
} braid_tokens;

#define BRAID_TOK_NORM(ts, t) ((ts)->arena.data + (t)->norm_off)
#define BRAID_TOK_STEM(ts, t) ((ts)->arena.data + (t)->stem_off)

/* The character classes of a token, shared with every stage that splits
 * words itself (the classifier's stem cache must split exactly as the
 * tokenizer does).  A word character is a letter, a combining mark or a
 * digit; basic Cyrillic and ASCII skip the property lookup. */
static inline int braid_tok_is_letter(utf8proc_int32_t c)
{
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c >= 0x410 && c <= 0x44F) return 1; /* А..я */
    utf8proc_category_t cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static inline int braid_tok_is_word_cp(utf8proc_int32_t c)
{
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c >= 0x410 && c <= 0x44F) return 1;
    utf8proc_category_t cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* Decode one code point at s[i] (i < len); invalid bytes decode as U+FFFD,
 * length 1.  One- and two-byte sequences (ASCII, Latin, Cyrillic: nearly
 * all the text braid reads) are decoded inline; the rest goes to
 * utf8proc.  Shared by the tokenizer and the classifier's word splitter. */
static inline utf8proc_int32_t braid_tok_next_cp(const char *s, size_t len, size_t i,
                                                 size_t *adv)
{
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
        *adv = 1;
        return b;
    }
    if (b >= 0xC2 && b <= 0xDF && i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
        *adv = 2;
        return ((utf8proc_int32_t)(b & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F);
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &c);
    if (n <= 0) {
        *adv = 1;
        return 0xFFFD;
    }
    *adv = (size_t)n;
    return c;
}

/* Holds one Snowball stemmer per language (Snowball stemmers are not
 * re-entrant, so each engine owns its own tokenizer). */
typedef struct braid_tokenizer braid_tokenizer;

braid_tokenizer *braid_tokenizer_new(void);
void braid_tokenizer_free(braid_tokenizer *tk);

/* The stem cache (tokenize.c) on or off; off frees it.  Results are the
 * same either way.  Off suits a tokenizer behind a cache of its own (the
 * classifier's word cache, which leaves this one ~20% hits for its ~3.5
 * MB); off then on empties it (after the lexicon load, whose 46,000
 * headwords the articles mostly do not repeat). */
void braid_tokenizer_cache(braid_tokenizer *tk, int on);

void braid_tokens_init(braid_tokens *ts);
void braid_tokens_clear(braid_tokens *ts);
void braid_tokens_free(braid_tokens *ts);

/* Append the tokens of text[0..len) to `out`.  `lang` is an ISO 639-1 code
 * (or "und"); it chooses stemmer and stopwords.  Returns 0, -1 on OOM. */
int braid_tokenize(braid_tokenizer *tk, const char *lang, const char *text,
                   size_t len, braid_tokens *out);

#endif
