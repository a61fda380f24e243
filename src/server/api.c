/*
 * api.c — the JSON API under /api/, for the web page and for programs:
 *
 *   GET /api/threads?lang=&category=&period=&limit=&offset=
 *   GET /api/threads/ID
 *   GET /api/articles/NAME
 *
 * Thread lists and thread views come from the index (index.c); an
 * article's full record (text, description, author, scores) comes from
 * the store, since the index keeps no text.  docs/SERVER.md shows every
 * field.
 */
#include "server/server.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/json_write.h"

static void iso(buf *b, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[40];
    strftime(s, sizeof s, "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
    buf_puts(b, s);
}

static void article(braid_server *s, const char *name, braid_resp *rs)
{
    braid_store_record *r = NULL;
    braid_error err;
    braid_status st = braid_store_get(s->store, name, &r, &err);
    if (st == BRAID_ENOTFOUND) {
        braid_server_error(rs, 404, "%s: no such article", name);
        return;
    }
    if (st != BRAID_OK) {
        braid_server_error(rs, 500, "%s", err.message);
        return;
    }
    /* the store may still hold an article the index has just expired */
    int64_t now = braid_index_now(s->ix);
    if (r->max_age >= 0 && now != INT64_MIN && r->published + r->max_age < now) {
        braid_store_record_free(r);
        free(r);
        braid_server_error(rs, 404, "%s: expired", name);
        return;
    }
    buf *b = &rs->body;
    int first = 1;
    buf_putc(b, '{');
    json_key(b, "name", &first);
    json_cstr_or_null(b, r->name);
    json_key(b, "title", &first);
    json_cstr_or_null(b, r->title);
    json_key(b, "url", &first);
    json_cstr_or_null(b, r->url);
    json_key(b, "site", &first);
    json_cstr_or_null(b, r->site);
    json_key(b, "description", &first);
    json_cstr_or_null(b, r->description);
    json_key(b, "author", &first);
    json_cstr_or_null(b, r->author);
    json_key(b, "time", &first);
    iso(b, r->published);
    json_key(b, "max_age", &first);
    if (r->max_age >= 0) buf_printf(b, "%lld", (long long)r->max_age);
    else buf_puts(b, "null");
    json_key(b, "expires", &first);
    if (r->max_age >= 0) iso(b, r->published + r->max_age);
    else buf_puts(b, "null");
    json_key(b, "received", &first);
    iso(b, r->received);
    json_key(b, "lang", &first);
    json_cstr_or_null(b, r->lang);
    json_key(b, "lang_confidence", &first);
    buf_printf(b, "%.3f", r->lang_conf);
    json_key(b, "is_news", &first);
    buf_puts(b, r->is_news ? "true" : "false");
    json_key(b, "news_score", &first);
    if (r->news_score >= 0) buf_printf(b, "%.3f", r->news_score);
    else buf_puts(b, "null");
    json_key(b, "category", &first);
    json_cstr_or_null(b, r->category);
    json_key(b, "thread", &first);
    long t = braid_index_thread_of(s->ix, name);
    if (t >= 0) buf_printf(b, "%ld", t);
    else buf_puts(b, "null");
    json_key(b, "text", &first);
    json_str(b, r->text, r->text_len);
    buf_puts(b, "}\n");
    braid_store_record_free(r);
    free(r);
    rs->status = 200;
    rs->ctype = "application/json";
}

void braid_api_route(braid_server *s, const braid_req *rq, braid_resp *rs)
{
    const char *p = rq->path;
    braid_error err;
    if (!strcmp(p, "/api/threads")) {
        rs->route = R_API_THREADS;
        braid_index_query q;
        if (braid_server_query(rq, &q, 1, rs) < 0) return;
        if (braid_index_threads_api(s->ix, &q, &rs->body, &err) != BRAID_OK) {
            braid_server_error(rs, 500, "%s", err.message);
            return;
        }
        rs->status = 200;
        rs->ctype = "application/json";
        return;
    }
    if (!strncmp(p, "/api/threads/", 13)) {
        rs->route = R_API_THREAD;
        const char *id = p + 13;
        char *end;
        long n = strtol(id, &end, 10);
        if (!*id || *end || n < 0) {
            braid_server_error(rs, 400, "thread id must be a number, not '%s'", id);
            return;
        }
        braid_status st = braid_index_thread_api(s->ix, n, &rs->body, &err);
        if (st != BRAID_OK) {
            braid_server_error(rs, st == BRAID_ENOTFOUND ? 404 : 500, "%s", err.message);
            return;
        }
        rs->status = 200;
        rs->ctype = "application/json";
        return;
    }
    if (!strncmp(p, "/api/articles/", 14)) {
        rs->route = R_API_ARTICLE;
        article(s, p + 14, rs);
        return;
    }
    rs->route = R_OTHER;
    braid_server_error(rs, 404, "%s: no such API path (see docs/SERVER.md)", p);
}
