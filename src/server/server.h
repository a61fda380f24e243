/*
 * server.h — `braid serve`: the persistent, incremental news index over
 * HTTP.  docs/SERVER.md documents the protocol and the JSON API.
 *
 *   server.c   lifecycle: store → index (replayed) → committer → HTTP
 *   http.c     libmicrohttpd glue: bodies, limits (413/431/408), timing
 *   routes.c   request → handler, names, auth, errors, metrics, health
 *   tgnews.c   the contest protocol: PUT/DELETE /<name>, GET /threads
 *   api.c      the JSON API under /api/
 *   page.c     the embedded web page (page_assets.c, from page/)
 *   ingest.c   body → article record (a pool of engines)
 *   commit.c   group commit: store first, then index, in order
 *   index.c    articles ↔ threads, queries
 */
#ifndef BRAID_SERVER_H
#define BRAID_SERVER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "braid.h"
#include "server/commit.h"
#include "server/index.h"
#include "server/ingest.h"
#include "store/store.h"
#include "util/buf.h"

typedef struct braid_server braid_server;

/* Open the store, start the HTTP listener (answering 503 until ready).
 * NULL + err on failure (port taken, store unreadable...). */
braid_server *braid_server_new(const braid_config *cfg, braid_error *err);
/* Rebuild the index from the store; then the server is ready. */
braid_status braid_server_load(braid_server *s, size_t *loaded, braid_error *err);
/* The port actually bound (useful with server_port = 0). */
int braid_server_port(const braid_server *s);
/* Seconds the last braid_server_load spent linking stories. */
double braid_server_story_seconds(const braid_server *s);
/* Stop listening, finish the writes under way, close the store. */
void braid_server_free(braid_server *s);

/* ---- what the server's files share ------------------------------------ */

typedef struct braid_req {
    const char *method;
    const char *path;        /* decoded path, starts with '/'              */
    const char *body;
    size_t body_len;
    void *conn;              /* for arg() and header()                      */
    const char *(*arg)(void *conn, const char *key);
    const char *(*header)(void *conn, const char *key);
} braid_req;

typedef struct braid_resp {
    int status;
    const char *ctype;
    buf body;
    const unsigned char *fixed; /* static body (page assets) instead of buf */
    size_t fixed_len;
    const char *cache_control;
    int auth_challenge;      /* add WWW-Authenticate: Bearer               */
    int retry_after;         /* seconds, 0 = none                          */
    const char *allow;       /* Allow: header for 405                       */
    int route;               /* metrics label (enum route)                 */
} braid_resp;

enum route {
    R_PUT, R_DELETE, R_THREADS, R_API_THREADS, R_API_THREAD, R_API_ARTICLE,
    R_HEALTH, R_METRICS, R_PAGE, R_OTHER, R_COUNT
};

#define LAT_BUCKETS 14
#define N_CODES 14

typedef struct braid_metrics {
    pthread_mutex_t mu;
    unsigned long long requests[R_COUNT][N_CODES];
    unsigned long long lat[R_COUNT][LAT_BUCKETS + 1];
    double lat_sum[R_COUNT];
    unsigned long long lat_n[R_COUNT];
} braid_metrics;

struct braid_server {
    braid_config cfg;
    braid_store *store;
    braid_index *ix;
    braid_ingest *ig;
    braid_committer *cm;
    void *daemon;            /* struct MHD_Daemon */
    int port;
    double started;          /* monotonic seconds */
    double load_seconds;
    double story_seconds;   /* of which linking stories */
    braid_metrics m;
};

double braid_server_clock(void);

/* routes.c */
void braid_server_route(braid_server *s, const braid_req *rq, braid_resp *rs);
void braid_server_error(braid_resp *rs, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void braid_server_observe(braid_server *s, int route, int status, double seconds);
void braid_server_metrics(braid_server *s, buf *out);
/* tgnews.c */
void braid_tgnews_put(braid_server *s, const braid_req *rq, const char *name, braid_resp *rs);
void braid_tgnews_delete(braid_server *s, const braid_req *rq, const char *name, braid_resp *rs);
void braid_tgnews_threads(braid_server *s, const braid_req *rq, braid_resp *rs);
/* shared by tgnews.c and api.c: parse period/lang/category; 0 or an error
 * response already filled */
int braid_server_query(const braid_req *rq, braid_index_query *q, int api, braid_resp *rs);
/* api.c */
void braid_api_route(braid_server *s, const braid_req *rq, braid_resp *rs);
/* page.c: 1 when `path` is a page asset (response filled) */
int braid_page_serve(const char *path, braid_resp *rs);
/* http.c */
void *braid_http_start(braid_server *s, braid_error *err);
void braid_http_stop(void *daemon);
int braid_http_port(void *daemon);

#endif
