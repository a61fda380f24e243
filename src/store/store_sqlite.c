/*
 * store_sqlite.c — the embedded store backend: one SQLite file in WAL mode.
 *
 * Durability: journal_mode=WAL with synchronous=FULL makes every committed
 * transaction reach the disk before COMMIT returns, so a batch applied here
 * survives kill -9 and power loss.  A batch is one transaction: the server
 * gathers the requests that arrive while the previous commit is syncing and
 * commits them together (group commit), which is how a disk good for ~200
 * fsyncs a second takes thousands of acknowledged writes a second.
 *
 * Two connections: the writer (apply, load; used by one thread at a time,
 * the server's committer) and a reader behind its own mutex (get, count),
 * so that reading one article never waits for a commit's fsync — WAL lets
 * readers proceed while a writer commits.
 *
 * Order: `seq` is the rowid; INSERT OR REPLACE deletes the old row of a
 * name and inserts a new one with a larger rowid, so ORDER BY seq is the
 * order records were last written.
 */
#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define SCHEMA_VERSION 1

typedef struct sq {
    sqlite3 *w, *r;
    sqlite3_stmt *put, *del, *get, *count, *load;
    pthread_mutex_t rmu;
    char path[1024];
} sq;

static braid_status sqerr(braid_error *err, sqlite3 *db, const char *path, const char *what)
{
    return braid_err_set(err, BRAID_EIO, "store %s: %s: %s", path, what,
                         db ? sqlite3_errmsg(db) : "cannot allocate");
}

static const char *SCHEMA =
    "CREATE TABLE IF NOT EXISTS articles ("
    " seq INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " url TEXT, site TEXT, title TEXT, description TEXT, author TEXT,"
    " published INTEGER NOT NULL, max_age INTEGER NOT NULL, received INTEGER NOT NULL,"
    " lang TEXT NOT NULL, lang_conf REAL NOT NULL,"
    " is_news INTEGER NOT NULL, category TEXT NOT NULL, news_score REAL NOT NULL,"
    " format INTEGER NOT NULL, text TEXT NOT NULL);";

#define COLS "name, url, site, title, description, author, published, max_age, received, " \
             "lang, lang_conf, is_news, category, news_score, format, text"

static int open_conn(const char *path, int flags, sqlite3 **db)
{
    int rc = sqlite3_open_v2(path, db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_busy_timeout(*db, 10000);
    sqlite3_extended_result_codes(*db, 1);
    return SQLITE_OK;
}

static void sq_close(void *self)
{
    sq *s = self;
    if (!s) return;
    sqlite3_finalize(s->put);
    sqlite3_finalize(s->del);
    sqlite3_finalize(s->load);
    sqlite3_finalize(s->get);
    sqlite3_finalize(s->count);
    if (s->w) sqlite3_close(s->w);
    if (s->r) sqlite3_close(s->r);
    pthread_mutex_destroy(&s->rmu);
    free(s);
}

static void *sq_open(const char *path, braid_error *err)
{
    sq *s = calloc(1, sizeof *s);
    if (!s) {
        braid_err_set(err, BRAID_ENOMEM, "store: out of memory");
        return NULL;
    }
    pthread_mutex_init(&s->rmu, NULL);
    if (strlen(path) >= sizeof s->path) {
        braid_err_set(err, BRAID_EINVAL, "store: path too long");
        sq_close(s);
        return NULL;
    }
    strcpy(s->path, path);
    char *msg = NULL;
    if (open_conn(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &s->w) != SQLITE_OK) {
        sqerr(err, s->w, path, "cannot open");
        sq_close(s);
        return NULL;
    }
    /* WAL + FULL: a commit is on disk when it returns */
    if (sqlite3_exec(s->w, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(s->w, SCHEMA, NULL, NULL, &msg) != SQLITE_OK) {
        braid_err_set(err, BRAID_EIO, "store %s: %s", path, msg ? msg : "cannot initialise");
        sqlite3_free(msg);
        sq_close(s);
        return NULL;
    }
    sqlite3_stmt *v = NULL;
    int version = 0;
    if (sqlite3_prepare_v2(s->w, "PRAGMA user_version", -1, &v, NULL) == SQLITE_OK &&
        sqlite3_step(v) == SQLITE_ROW)
        version = sqlite3_column_int(v, 0);
    sqlite3_finalize(v);
    if (version == 0) {
        sqlite3_exec(s->w, "PRAGMA user_version=" "1", NULL, NULL, NULL);
    } else if (version != SCHEMA_VERSION) {
        braid_err_set(err, BRAID_EINVAL, "store %s: schema version %d, this braid reads %d",
                      path, version, SCHEMA_VERSION);
        sq_close(s);
        return NULL;
    }
    if (open_conn(path, SQLITE_OPEN_READONLY, &s->r) != SQLITE_OK) {
        sqerr(err, s->r, path, "cannot open for reading");
        sq_close(s);
        return NULL;
    }
    if (sqlite3_prepare_v2(s->w, "INSERT OR REPLACE INTO articles (" COLS ") VALUES "
                           "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &s->put, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->w, "DELETE FROM articles WHERE name = ?", -1, &s->del, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->w, "SELECT " COLS " FROM articles ORDER BY seq", -1, &s->load, NULL) != SQLITE_OK) {
        sqerr(err, s->w, path, "cannot prepare");
        sq_close(s);
        return NULL;
    }
    if (sqlite3_prepare_v2(s->r, "SELECT " COLS " FROM articles WHERE name = ?", -1, &s->get, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->r, "SELECT count(*) FROM articles", -1, &s->count, NULL) != SQLITE_OK) {
        sqerr(err, s->r, path, "cannot prepare");
        sq_close(s);
        return NULL;
    }
    return s;
}

static int bind_str(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

static int put_one(sq *s, const braid_store_record *r)
{
    sqlite3_stmt *p = s->put;
    sqlite3_reset(p);
    int i = 1;
    bind_str(p, i++, r->name);
    bind_str(p, i++, r->url);
    bind_str(p, i++, r->site);
    bind_str(p, i++, r->title);
    bind_str(p, i++, r->description);
    bind_str(p, i++, r->author);
    sqlite3_bind_int64(p, i++, r->published);
    sqlite3_bind_int64(p, i++, r->max_age);
    sqlite3_bind_int64(p, i++, r->received);
    bind_str(p, i++, r->lang);
    sqlite3_bind_double(p, i++, r->lang_conf);
    sqlite3_bind_int(p, i++, r->is_news);
    bind_str(p, i++, r->category);
    sqlite3_bind_double(p, i++, r->news_score);
    sqlite3_bind_int(p, i++, r->format);
    sqlite3_bind_text(p, i++, r->text ? r->text : "", r->text ? (int)r->text_len : 0, SQLITE_STATIC);
    int rc = sqlite3_step(p);
    sqlite3_reset(p);
    sqlite3_clear_bindings(p);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int del_one(sq *s, const char *name)
{
    sqlite3_reset(s->del);
    sqlite3_bind_text(s->del, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->del);
    sqlite3_reset(s->del);
    sqlite3_clear_bindings(s->del);
    return rc == SQLITE_DONE ? 0 : -1;
}

static braid_status sq_apply(void *self, const braid_store_op *ops, size_t n, braid_error *err)
{
    sq *s = self;
    if (sqlite3_exec(s->w, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return sqerr(err, s->w, s->path, "begin");
    for (size_t i = 0; i < n; i++) {
        int bad = ops[i].kind == BRAID_STORE_PUT ? put_one(s, ops[i].rec)
                                                 : del_one(s, ops[i].name);
        if (bad) {
            braid_status st = sqerr(err, s->w, s->path,
                                    ops[i].kind == BRAID_STORE_PUT ? "put" : "delete");
            sqlite3_exec(s->w, "ROLLBACK", NULL, NULL, NULL);
            return st;
        }
    }
    if (sqlite3_exec(s->w, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        braid_status st = sqerr(err, s->w, s->path, "commit");
        sqlite3_exec(s->w, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    return BRAID_OK;
}

static char *col_dup(sqlite3_stmt *st, int i, size_t *len)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL) {
        if (len) *len = 0;
        return NULL;
    }
    const unsigned char *t = sqlite3_column_text(st, i);
    size_t n = (size_t)sqlite3_column_bytes(st, i);
    char *p = malloc(n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, t, n);
    p[n] = '\0';
    if (len) *len = n;
    return p;
}

static void col_fixed(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    size_t n = t ? strlen((const char *)t) : 0;
    if (n >= cap) n = cap - 1;
    if (n) memcpy(dst, t, n);
    dst[n] = '\0';
}

static braid_store_record *row_record(sqlite3_stmt *st)
{
    braid_store_record *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    int i = 0;
    r->name = col_dup(st, i++, NULL);
    r->url = col_dup(st, i++, NULL);
    r->site = col_dup(st, i++, NULL);
    r->title = col_dup(st, i++, NULL);
    r->description = col_dup(st, i++, NULL);
    r->author = col_dup(st, i++, NULL);
    r->published = sqlite3_column_int64(st, i++);
    r->max_age = sqlite3_column_int64(st, i++);
    r->received = sqlite3_column_int64(st, i++);
    col_fixed(st, i++, r->lang, sizeof r->lang);
    r->lang_conf = sqlite3_column_double(st, i++);
    r->is_news = sqlite3_column_int(st, i++);
    col_fixed(st, i++, r->category, sizeof r->category);
    r->news_score = sqlite3_column_double(st, i++);
    r->format = sqlite3_column_int(st, i++);
    r->text = col_dup(st, i++, &r->text_len);
    if (!r->name || !r->text) {
        braid_store_record_free(r);
        free(r);
        return NULL;
    }
    return r;
}

static braid_status sq_load(void *self, braid_store_fn fn, void *ctx, braid_error *err)
{
    sq *s = self;
    sqlite3_reset(s->load);
    int rc;
    while ((rc = sqlite3_step(s->load)) == SQLITE_ROW) {
        braid_store_record *r = row_record(s->load);
        if (!r) {
            sqlite3_reset(s->load);
            return braid_err_set(err, BRAID_ENOMEM, "store %s: out of memory", s->path);
        }
        if (fn(ctx, r)) break;
    }
    braid_status out = BRAID_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) out = sqerr(err, s->w, s->path, "load");
    sqlite3_reset(s->load);
    return out;
}

static braid_status sq_get(void *self, const char *name, braid_store_record **out, braid_error *err)
{
    sq *s = self;
    braid_status st = BRAID_OK;
    pthread_mutex_lock(&s->rmu);
    sqlite3_reset(s->get);
    sqlite3_bind_text(s->get, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->get);
    if (rc == SQLITE_ROW) {
        *out = row_record(s->get);
        if (!*out) st = braid_err_set(err, BRAID_ENOMEM, "store: out of memory");
    } else if (rc == SQLITE_DONE) {
        st = braid_err_set(err, BRAID_ENOTFOUND, "%s: no such article", name);
    } else {
        st = sqerr(err, s->r, s->path, "get");
    }
    sqlite3_reset(s->get);
    sqlite3_clear_bindings(s->get);
    pthread_mutex_unlock(&s->rmu);
    return st;
}

static braid_status sq_count(void *self, size_t *out, braid_error *err)
{
    sq *s = self;
    braid_status st = BRAID_OK;
    pthread_mutex_lock(&s->rmu);
    sqlite3_reset(s->count);
    if (sqlite3_step(s->count) == SQLITE_ROW) *out = (size_t)sqlite3_column_int64(s->count, 0);
    else st = sqerr(err, s->r, s->path, "count");
    sqlite3_reset(s->count);
    pthread_mutex_unlock(&s->rmu);
    return st;
}

const braid_store_vtab braid_store_sqlite_vtab = {
    "sqlite", sq_open, sq_close, sq_apply, sq_load, sq_get, sq_count,
};
