/*
 * text_internal.h — what the plain-text cleaner's files share.
 *
 * The cleaner works in four passes, one file each:
 *   text_lines.c  split the input into trimmed lines and give each a kind
 *                 (text, blank, URL, photo credit, comment marker, …);
 *   text_clean.c  the entry point: title, section rules (comment sections,
 *                 related-headline blocks) that need more than one line;
 *   text_join.c   re-join hard-wrapped lines into paragraphs;
 *   text_para.c   paragraph-level cleaning: promo sentences, trailing
 *                 credits/sources, duplicated teasers.
 * Every pass is linear in the input; keys used for matching are bounded
 * prefixes (TEXT_KEY_MAX bytes) so a 100 MB line costs one scan.
 */
#ifndef BRAID_EXTRACT_TEXT_INTERNAL_H
#define BRAID_EXTRACT_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"

/* Longest folded key built for a line or sentence (bytes). */
#define TEXT_KEY_MAX 640

typedef enum text_kind {
    TK_BLANK = 0,
    TK_TEXT,      /* ordinary text                                        */
    TK_URL,       /* the line is only a URL                               */
    TK_CREDIT,    /* "Photo: …", "Фото: …", "Used photos: …"              */
    TK_SOURCE,    /* "Source: …", "Источник: …", "Original url: …"        */
    TK_PROMO,     /* subscribe / sign in to comment / open to authors     */
    TK_RELATED,   /* "Related articles", "Читайте также", "Новости" …     */
    TK_COMMENTS,  /* "Comments (12)", "Комментарии", "Leave a comment"    */
    TK_PRESENCE,  /* "ivan_k Online", "Offline"                           */
    TK_REPLY,     /* "Reply", "Ответить", "Like · Report"                 */
    TK_COUNT,     /* a bare number: like count, reply number "2."         */
    TK_UI,        /* share buttons and other page chrome                  */
    TK_DATE,      /* only a date or time                                  */
    TK_META,      /* short name + date/time (a comment's header)          */
    TK_DATED,     /* a headline with a date before or after it            */
    TK_RELITEM,   /* "Читайте также: <headline>" on one line              */
    TK_BYLINE     /* "By Jane Doe | 15 March 2024", "Автор: Иван Петров"  */
} text_kind;

typedef struct text_line {
    size_t off, len;     /* trimmed line within the input               */
    size_t nchars;       /* code points                                 */
    unsigned char kind;  /* text_kind                                   */
    unsigned char drop;  /* non-zero: not part of the text              */
    unsigned char glue;  /* join to the previous line with no space     */
} text_line;

typedef struct text_lines {
    text_line *v;
    size_t n, cap;
} text_lines;

/* text_lines.c */
int braid_text_split(const char *s, size_t len, text_lines *out);
void braid_text_lines_free(text_lines *l);
/* Lower-case s[0..len) into out (at most cap-1 bytes, NUL-terminated):
 * white space runs become one ' ', typographic quotes/dashes/apostrophes
 * become ASCII, 'ё' becomes 'е', other non-ASCII punctuation '|'. */
size_t braid_text_fold(const char *s, size_t len, char *out, size_t cap);
text_kind braid_text_classify(const char *s, size_t len, size_t nchars);
/* Does the folded key contain a promo / recruiting phrase? */
int braid_text_is_promo(const char *key, size_t klen);
/* Length of a credit or source marker ("фото:", "source:") at the start
 * of the folded key, 0 when there is none. */
size_t braid_text_trailer_marker(const char *key, size_t klen);
/* Length of a "read also" marker ("читайте также:", "read more:") at
 * the start of the folded key, 0 when there is none. */
size_t braid_text_relitem_marker(const char *key, size_t klen);
/* Is s[0..len) a URL with nothing around it? */
int braid_text_is_url(const char *s, size_t len);
/* Does it look like the rest of a URL broken across lines? */
int braid_text_is_url_tail(const char *s, size_t len);
size_t braid_text_nchars(const char *s, size_t len);
/* The first absolute date in a line as "YYYY-MM-DDTHH:MM" (0), or -1. */
int braid_text_read_date(const char *s, size_t len, char out[64]);

/* text_join.c: kept lines → paragraphs appended back to back to `out`;
 * paras->end[i] is the offset one past paragraph i.  `wrap` is the
 * estimated wrap width (0 = not wrapped). */
typedef struct text_paras {
    size_t *end;
    size_t n, cap;
} text_paras;
size_t braid_text_wrap_width(const char *s, const text_line *v, size_t n);
int braid_text_join(const char *s, const text_line *v, size_t n,
                    size_t wrap, buf *out, text_paras *paras);

/* text_para.c: clean the paragraphs in `in` and write the final text
 * (paragraphs separated by "\n\n") to `out`.  `title` (may be NULL) and
 * the dropped related headlines `heads` take part in teaser detection. */
typedef struct text_heads {
    uint64_t *h;
    size_t n, cap;
} text_heads;
uint64_t braid_text_hash(const char *s, size_t len, size_t *nwords);
int braid_text_heads_add(text_heads *t, uint64_t h);
int braid_text_paras_clean(const char *in, const text_paras *paras,
                           const char *title, const text_heads *heads,
                           buf *out);

#endif
