/*
 * store.h — durable storage of article records, behind one interface.
 *
 * The server keeps its whole state as a set of article records (the
 * extracted text and metadata, language, classification, lifetime), so a
 * restart rebuilds every thread from the store alone.  A backend only has
 * to do four things:
 *
 *   apply   a batch of puts and deletes, atomically and durably: when it
 *           returns BRAID_OK every operation of the batch survives a crash
 *           (the server acknowledges a request only after this);
 *   load    call a function once per record, in the order records were
 *           last written (replaying that order rebuilds the same threads);
 *   get     one record by name;
 *   count   the number of records.
 *
 * Backends are chosen by the location string: a plain path or
 * "sqlite:PATH" is SQLite (store_sqlite.c, WAL mode, one file).  A second
 * backend (e.g. "postgres://..." for several servers over one database)
 * adds a file implementing braid_store_vtab and one row in store.c's
 * table; nothing above this interface changes.
 */
#ifndef BRAID_STORE_H
#define BRAID_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "braid.h"

/* One article as stored.  Strings are NUL-terminated UTF-8 (NULL when
 * absent); `text` has an explicit length.  Records returned by the store
 * own their strings (free with braid_store_record_free); records passed in
 * are only read. */
typedef struct braid_store_record {
    char *name;
    char *url, *site, *title, *description, *author;
    int64_t published;    /* Unix seconds (the server fills arrival time
                             when the page has none)                       */
    int64_t max_age;      /* lifetime in seconds from `published`           */
    int64_t received;     /* Unix seconds when the server acknowledged it   */
    char lang[8];
    double lang_conf;
    int is_news;
    char category[16];    /* "society" ... "other"                          */
    double news_score;
    int format;           /* braid_format it was read as                    */
    char *text;
    size_t text_len;
} braid_store_record;

void braid_store_record_free(braid_store_record *r);

typedef enum braid_store_op_kind { BRAID_STORE_PUT = 1, BRAID_STORE_DELETE } braid_store_op_kind;

typedef struct braid_store_op {
    braid_store_op_kind kind;
    const braid_store_record *rec; /* PUT */
    const char *name;              /* DELETE */
} braid_store_op;

typedef struct braid_store braid_store;

/* Called once per record by load; the callee takes ownership of `rec`
 * (a malloc'd record, free with braid_store_record_free then free()).
 * Return non-zero to stop. */
typedef int (*braid_store_fn)(void *ctx, braid_store_record *rec);

/* What a backend implements.  `self` is the backend's own state. */
typedef struct braid_store_vtab {
    const char *scheme; /* "sqlite" */
    void *(*open)(const char *location, braid_error *err);
    void (*close)(void *self);
    braid_status (*apply)(void *self, const braid_store_op *ops, size_t n, braid_error *err);
    braid_status (*load)(void *self, braid_store_fn fn, void *ctx, braid_error *err);
    braid_status (*get)(void *self, const char *name, braid_store_record **out, braid_error *err);
    braid_status (*count)(void *self, size_t *out, braid_error *err);
} braid_store_vtab;

extern const braid_store_vtab braid_store_sqlite_vtab;

/* Open the store at `location` ("PATH", "sqlite:PATH"); creates it when
 * missing.  NULL + err on failure. */
braid_store *braid_store_open(const char *location, braid_error *err);
void braid_store_close(braid_store *st);
/* The backend's scheme ("sqlite"). */
const char *braid_store_scheme(const braid_store *st);

/* Apply puts (insert or replace by name) and deletes (absent names are
 * ignored) in order, all or nothing, durable on return. */
braid_status braid_store_apply(braid_store *st, const braid_store_op *ops, size_t n,
                               braid_error *err);
/* Every record in the order it was last written. */
braid_status braid_store_load(braid_store *st, braid_store_fn fn, void *ctx, braid_error *err);
/* One record (BRAID_ENOTFOUND when absent); *out is malloc'd. */
braid_status braid_store_get(braid_store *st, const char *name, braid_store_record **out,
                             braid_error *err);
braid_status braid_store_count(braid_store *st, size_t *out, braid_error *err);

#endif
