/*
 * tgnews.c — the contest's server protocol (Telegram Data Clustering
 * Contest 2019, server round): PUT /<name>, DELETE /<name>,
 * GET /threads?period=&lang_code=&category=.
 *
 * A PUT reads the body into an article record on the caller's thread
 * (ingest.c, in parallel with other requests), then hands it to the
 * committer and answers only when the record is on disk and indexed: 201
 * for a new name, 204 for a replacement.  A body that holds no article
 * (empty, binary, no text) is answered 400 with the reason and not kept.
 */
#include "server/server.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n)) return hay;
    return NULL;
}

/* max-age from Cache-Control: -1 when absent, -2 when malformed */
static int64_t max_age_of(const char *cc)
{
    if (!cc) return -1;
    const char *p = cc;
    while ((p = find_ci(p, "max-age"))) {
        const char *q = p + 7;
        while (*q == ' ') q++;
        if (*q != '=') {
            p = q;
            continue;
        }
        q++;
        while (*q == ' ') q++;
        if (*q == '"') q++;
        if (!isdigit((unsigned char)*q)) return -2;
        errno = 0;
        char *end;
        long long v = strtoll(q, &end, 10);
        if (errno || v < 0) return -2;
        if (v > (long long)1e12) v = (long long)1e12;
        return (int64_t)v;
    }
    return -1;
}

static int status_of(braid_status st)
{
    switch (st) {
    case BRAID_ETOOBIG: return 413;
    case BRAID_ENOMEM:
    case BRAID_EIO: return 500;
    default: return 400;
    }
}

void braid_tgnews_put(braid_server *s, const braid_req *rq, const char *name, braid_resp *rs)
{
    int64_t max_age = max_age_of(rq->header(rq->conn, "Cache-Control"));
    if (max_age == -2) {
        braid_server_error(rs, 400, "Cache-Control: max-age must be a number of seconds");
        return;
    }
    braid_store_record rec;
    braid_prepared *prep = NULL;
    braid_error err;
    braid_status st = braid_ingest_body(s->ig, name, rq->body, rq->body_len,
                                        rq->header(rq->conn, "Content-Type"), max_age, &rec,
                                        &prep, &err);
    if (st != BRAID_OK) {
        braid_server_error(rs, status_of(st), "%s", err.message);
        return;
    }
    braid_commit_req req;
    memset(&req, 0, sizeof req);
    req.kind = BRAID_STORE_PUT;
    req.rec = &rec;
    req.prep = prep;
    braid_committer_submit(s->cm, &req);
    braid_store_record_free(&rec);
    if (req.status != BRAID_OK) {
        braid_server_error(rs, 500, "%s: not stored: %s", name, req.message);
        return;
    }
    rs->status = req.result == 1 ? 204 : 201;
}

void braid_tgnews_delete(braid_server *s, const braid_req *rq, const char *name, braid_resp *rs)
{
    (void)rq;
    braid_commit_req req;
    memset(&req, 0, sizeof req);
    req.kind = BRAID_STORE_DELETE;
    req.name = name;
    braid_committer_submit(s->cm, &req);
    if (req.status != BRAID_OK) {
        braid_server_error(rs, 500, "%s: not deleted: %s", name, req.message);
        return;
    }
    if (req.result < 0) {
        braid_server_error(rs, 404, "%s: no such article", name);
        return;
    }
    rs->status = 204;
}

static int parse_count(const char *v, long long max, long long *out)
{
    if (!v || !*v) return -1;
    for (const char *p = v; *p; p++)
        if (!isdigit((unsigned char)*p)) return -1;
    errno = 0;
    long long n = strtoll(v, NULL, 10);
    if (errno || n > max) return -1;
    *out = n;
    return 0;
}

int braid_server_query(const braid_req *rq, braid_index_query *q, int api, braid_resp *rs)
{
    memset(q, 0, sizeof *q);
    q->period = -1;
    q->category = -1;
    const char *period = rq->arg(rq->conn, "period");
    const char *lang = rq->arg(rq->conn, "lang_code");
    if (!lang && api) lang = rq->arg(rq->conn, "lang");
    const char *cat = rq->arg(rq->conn, "category");
    long long n;
    if (period && *period) {
        if (parse_count(period, (long long)1e12, &n) < 0) {
            braid_server_error(rs, 400, "period must be a number of seconds, not '%s'", period);
            return -1;
        }
        q->period = n;
    }
    if (lang && *lang && strcmp(lang, "any")) {
        size_t l = strlen(lang);
        int ok = l >= 2 && l < sizeof q->lang;
        for (size_t i = 0; ok && i < l; i++) ok = islower((unsigned char)lang[i]) != 0;
        if (!ok) {
            braid_server_error(rs, 400, "lang_code must be a language code like en or ru, not '%s'",
                               lang);
            return -1;
        }
        memcpy(q->lang, lang, l + 1);
    }
    if (cat && *cat && strcmp(cat, "any")) {
        braid_category c = braid_category_from_name(cat, strlen(cat));
        if (c == BRAID_CAT_COUNT) {
            braid_server_error(rs, 400, "unknown category '%s' (any, society, economy, technology, "
                                        "sports, entertainment, science, other)", cat);
            return -1;
        }
        q->category = (int)c;
    }
    if (api) {
        const char *limit = rq->arg(rq->conn, "limit"), *offset = rq->arg(rq->conn, "offset");
        q->limit = 50;
        if (limit) {
            if (parse_count(limit, 100000, &n) < 0) {
                braid_server_error(rs, 400, "limit must be a count, not '%s'", limit);
                return -1;
            }
            q->limit = (size_t)n;
        }
        if (offset) {
            if (parse_count(offset, (long long)1e9, &n) < 0) {
                braid_server_error(rs, 400, "offset must be a count, not '%s'", offset);
                return -1;
            }
            q->offset = (size_t)n;
        }
    }
    return 0;
}

void braid_tgnews_threads(braid_server *s, const braid_req *rq, braid_resp *rs)
{
    braid_index_query q;
    if (braid_server_query(rq, &q, 0, rs) < 0) return;
    braid_error err;
    if (braid_index_threads_tgnews(s->ix, &q, &rs->body, &err) != BRAID_OK) {
        braid_server_error(rs, 500, "%s", err.message);
        return;
    }
    rs->status = 200;
    rs->ctype = "application/json";
}
