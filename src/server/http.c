/*
 * http.c — the HTTP side of `braid serve`, on libmicrohttpd.
 *
 * libmicrohttpd does HTTP/1.1, keep-alive, chunked bodies, header parsing
 * and its limits; this file only collects request bodies, enforces braid's
 * own limits with the right status, and hands complete requests to
 * routes.c.  Threading: one thread per connection (MHD's own), because a
 * PUT blocks until its group commit is on disk and must not hold up other
 * connections; the number of connections is capped.
 *
 * Limits and their answers:
 *   body over server_max_body           413 (at once when Content-Length
 *                                           says so, the body unread)
 *   request line + headers over
 *   server_max_header                   431 (answered by libmicrohttpd)
 *   body not received in
 *   server_request_timeout seconds      408
 *   idle connection (server_timeout)    closed
 *   over server_max_connections         refused (closed at accept)
 * A PUT or DELETE without the token (when one is set) is refused with 401
 * before its body is read.
 */
#include "server/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "error.h"

typedef struct conn_ctx {
    buf body;
    double start;
    int reject;          /* status to answer once the body is consumed */
    char why[160];
} conn_ctx;

static const char *get_arg(void *conn, const char *key)
{
    return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, key);
}

static const char *get_header(void *conn, const char *key)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, key);
}

static enum MHD_Result send_resp(braid_server *s, struct MHD_Connection *c, conn_ctx *x,
                                 const char *method, braid_resp *rs, int close_conn)
{
    struct MHD_Response *r;
    if (rs->fixed)
        r = MHD_create_response_from_buffer(rs->fixed_len, (void *)rs->fixed,
                                            MHD_RESPMEM_PERSISTENT);
    else if (rs->body.data) {
        /* hand the buffer over: no copy of a megabyte answer */
        size_t len = rs->body.len;
        r = MHD_create_response_from_buffer(len, buf_take(&rs->body), MHD_RESPMEM_MUST_FREE);
    } else
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        buf_free(&rs->body);
        return MHD_NO;
    }
    (void)method;
    if (rs->ctype) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->ctype);
    if (rs->cache_control) MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, rs->cache_control);
    if (rs->auth_challenge) MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    if (rs->allow) MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
    if (rs->retry_after) {
        char v[16];
        snprintf(v, sizeof v, "%d", rs->retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, v);
    }
    if (close_conn) MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    braid_server_observe(s, rs->route, rs->status, braid_server_clock() - x->start);
    buf_free(&rs->body);
    return ok;
}

static enum MHD_Result reject_now(braid_server *s, struct MHD_Connection *c, conn_ctx *x,
                                  const char *method, int status, const char *why, int route)
{
    braid_resp rs;
    memset(&rs, 0, sizeof rs);
    rs.route = route;
    braid_server_error(&rs, status, "%s", why);
    if (status == 401) rs.auth_challenge = 1;
    return send_resp(s, c, x, method, &rs, 1);
}

static int is_write(const char *method)
{
    return !strcmp(method, "PUT") || !strcmp(method, "DELETE") || !strcmp(method, "POST") ||
           !strcmp(method, "PATCH");
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version,
                               const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)version;
    braid_server *s = cls;
    conn_ctx *x = *con_cls;
    if (!x) {
        x = calloc(1, sizeof *x);
        if (!x) return MHD_NO;
        x->start = braid_server_clock();
        buf_init(&x->body);
        *con_cls = x;
        if (is_write(method)) {
            /* refuse before reading a byte of the body */
            const char *tok = s->cfg.server_token;
            if (tok[0] && (!strcmp(method, "PUT") || !strcmp(method, "DELETE"))) {
                const char *auth = get_header(c, MHD_HTTP_HEADER_AUTHORIZATION);
                int good = 0;
                if (auth && !strncmp(auth, "Bearer ", 7)) {
                    const char *given = auth + 7;
                    size_t n = strlen(tok), m = strlen(given);
                    unsigned char diff = (unsigned char)(n != m);
                    for (size_t i = 0; i < n; i++) diff |= (unsigned char)(tok[i] ^ given[i < m ? i : 0]);
                    good = !diff;
                }
                if (!good)
                    return reject_now(s, c, x, method, 401, "a valid bearer token is required",
                                      !strcmp(method, "PUT") ? R_PUT : R_DELETE);
            }
            const char *cl = get_header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (cl) {
                char *end;
                unsigned long long n = strtoull(cl, &end, 10);
                if (n > s->cfg.server_max_body) {
                    char why[128];
                    snprintf(why, sizeof why, "body of %llu bytes exceeds the limit of %zu", n,
                             s->cfg.server_max_body);
                    return reject_now(s, c, x, method, 413, why, R_PUT);
                }
            }
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (x->reject) return MHD_YES; /* discard */
        if (braid_server_clock() - x->start > s->cfg.server_request_timeout) {
            x->reject = 408;
            snprintf(x->why, sizeof x->why, "request not received within %d s",
                     s->cfg.server_request_timeout);
            buf_free(&x->body);
            return MHD_YES;
        }
        if (x->body.len + n > s->cfg.server_max_body) {
            x->reject = 413;
            snprintf(x->why, sizeof x->why, "body exceeds the limit of %zu bytes",
                     s->cfg.server_max_body);
            buf_free(&x->body);
            return MHD_YES;
        }
        buf_append(&x->body, upload_data, n);
        if (x->body.oom) {
            x->reject = 500;
            snprintf(x->why, sizeof x->why, "out of memory");
            buf_free(&x->body);
        }
        return MHD_YES;
    }
    if (x->reject) return reject_now(s, c, x, method, x->reject, x->why, R_PUT);

    braid_req rq = {method, url, x->body.data ? x->body.data : "", x->body.len, c, get_arg,
                    get_header};
    braid_resp rs;
    memset(&rs, 0, sizeof rs);
    rs.route = R_OTHER;
    buf_init(&rs.body);
    braid_server_route(s, &rq, &rs);
    return send_resp(s, c, x, method, &rs, 0);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn_ctx *x = *con_cls;
    if (!x) return;
    buf_free(&x->body);
    free(x);
    *con_cls = NULL;
}

void *braid_http_start(braid_server *s, braid_error *err)
{
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char port[16];
    snprintf(port, sizeof port, "%d", s->cfg.server_port);
    int rc = getaddrinfo(s->cfg.server_bind, port, &hints, &ai);
    if (rc != 0 || !ai) {
        braid_err_set(err, BRAID_EINVAL, "serve: cannot resolve bind address '%s': %s",
                      s->cfg.server_bind, gai_strerror(rc));
        return NULL;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG;
    if (ai->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, handler, s,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)s->cfg.server_max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->cfg.server_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, s->cfg.server_max_header,
        MHD_OPTION_NOTIFY_COMPLETED, completed, s,
        MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!d) {
        braid_err_set(err, BRAID_EIO, "serve: cannot listen on %s port %d (in use? no right?)",
                      s->cfg.server_bind, s->cfg.server_port);
        return NULL;
    }
    return d;
}

void braid_http_stop(void *daemon)
{
    if (daemon) MHD_stop_daemon(daemon);
}

int braid_http_port(void *daemon)
{
    const union MHD_DaemonInfo *i = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return i ? (int)i->port : 0;
}
