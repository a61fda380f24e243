/*
 * store.c — the backend-independent side of the article store: picks a
 * backend from the location string and forwards every call to it.
 *
 * Adding a backend means one more entry in `backends` below and one file
 * implementing braid_store_vtab; the pipeline and the server only ever see
 * braid_store_*.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

struct braid_store {
    const braid_store_vtab *vt;
    void *self;
};

static const braid_store_vtab *const backends[] = {
    &braid_store_sqlite_vtab,
};

void braid_store_record_free(braid_store_record *r)
{
    if (!r) return;
    free(r->name);
    free(r->url);
    free(r->site);
    free(r->title);
    free(r->description);
    free(r->author);
    free(r->text);
    memset(r, 0, sizeof *r);
}

braid_store *braid_store_open(const char *location, braid_error *err)
{
    if (!location || !*location) {
        braid_err_set(err, BRAID_EINVAL, "store: empty location");
        return NULL;
    }
    const braid_store_vtab *vt = backends[0];
    const char *rest = location;
    const char *colon = strchr(location, ':');
    if (colon && colon > location) {
        size_t n = (size_t)(colon - location);
        int found = 0;
        for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
            if (strlen(backends[i]->scheme) == n && !strncmp(backends[i]->scheme, location, n)) {
                vt = backends[i];
                rest = colon + 1;
                found = 1;
            }
        /* "postgres://..." and friends: a scheme we do not have */
        if (!found && !strncmp(colon, "://", 3)) {
            braid_err_set(err, BRAID_EINVAL, "store: %.*s: no such backend (have: sqlite)",
                          (int)n, location);
            return NULL;
        }
    }
    braid_store *st = calloc(1, sizeof *st);
    if (!st) {
        braid_err_set(err, BRAID_ENOMEM, "store: out of memory");
        return NULL;
    }
    st->vt = vt;
    st->self = vt->open(rest, err);
    if (!st->self) {
        free(st);
        return NULL;
    }
    return st;
}

void braid_store_close(braid_store *st)
{
    if (!st) return;
    st->vt->close(st->self);
    free(st);
}

const char *braid_store_scheme(const braid_store *st)
{
    return st->vt->scheme;
}

braid_status braid_store_apply(braid_store *st, const braid_store_op *ops, size_t n,
                               braid_error *err)
{
    if (n == 0) return BRAID_OK;
    return st->vt->apply(st->self, ops, n, err);
}

braid_status braid_store_load(braid_store *st, braid_store_fn fn, void *ctx, braid_error *err)
{
    return st->vt->load(st->self, fn, ctx, err);
}

braid_status braid_store_get(braid_store *st, const char *name, braid_store_record **out,
                             braid_error *err)
{
    *out = NULL;
    return st->vt->get(st->self, name, out, err);
}

braid_status braid_store_count(braid_store *st, size_t *out, braid_error *err)
{
    return st->vt->count(st->self, out, err);
}
