/*
 * doc.h — the document record every stage fills in (internal layout of
 * the public opaque braid_doc).
 *
 * One record flows down the pipeline: reading sets name/path/format and
 * the decoded source; extraction sets text and metadata; language
 * identification sets lang.  Later stages (analysis, classification,
 * threading) add their own fields here.  All strings are NUL-terminated
 * UTF-8 owned by the record; NULL means "absent".
 */
#ifndef BRAID_DOC_H
#define BRAID_DOC_H

#include <stddef.h>
#include <stdint.h>
#include "braid.h"

struct braid_doc {
    char *name;          /* base name / JSON id                          */
    char *path;          /* where it was read from                       */
    braid_format format; /* what it was read as                          */
    char charset[32];    /* source charset                               */

    char *url;
    char *site;
    char *title;
    char *description;
    char *author;
    char *published;     /* ISO 8601                                     */
    int64_t published_unix; /* INT64_MIN when unknown                    */

    char *text;          /* main text, paragraphs separated by "\n\n"    */
    size_t text_len;

    char lang[8];
    double lang_conf;
};

braid_doc *braid_doc_new(const char *name, const char *path);

/* Replace a string field with a copy of s[0..len) (NULL clears it).
 * Returns 0, or -1 when out of memory. */
int braid_doc_set(char **field, const char *s, size_t len);
/* Same for NUL-terminated strings. */
int braid_doc_setz(char **field, const char *s);
/* Take ownership of a malloc'd text buffer. */
void braid_doc_take_text(braid_doc *doc, char *text, size_t len);

/* Parse an ISO 8601 / RFC 3339 / RFC 2822 / Unix-seconds time string and
 * set published (normalised ISO 8601 UTC) and published_unix.  Returns 0
 * when it understood the value, -1 otherwise (fields left unchanged). */
int braid_doc_set_published(braid_doc *doc, const char *value, size_t len);

#endif
