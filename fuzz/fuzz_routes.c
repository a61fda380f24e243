/*
 * fuzz_routes.c — libFuzzer target for the server's request handling
 * above libmicrohttpd: path and name validation, query parameters
 * (period, lang_code, category), Cache-Control parsing, the JSON API's
 * ids and names, and PUT bodies through ingestion into the store.
 *
 * Input layout (so the fuzzer can mutate each part):
 *   byte 0          method: 0 GET, 1 PUT, 2 DELETE, 3 HEAD, other POST
 *   line 1          the path ("/threads", "/name.html", "/api/threads/3")
 *   line 2          query, "k=v&k=v"
 *   lines 3..blank  headers, "Name: value"
 *   rest            the body
 * One server (store in /dev/shm, any free port on 127.0.0.1) lives for
 * the whole run, so state carries over between inputs like a real one.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "server/server.h"

#define MAX_KV 16

struct kv {
    char *k[MAX_KV], *v[MAX_KV];
    int n;
};

struct conn {
    struct kv args, headers;
};

static const char *lookup(const struct kv *kv, const char *key, int ci)
{
    for (int i = 0; i < kv->n; i++)
        if (ci ? !strcasecmp(kv->k[i], key) : !strcmp(kv->k[i], key)) return kv->v[i];
    return NULL;
}

static const char *get_arg(void *c, const char *key) { return lookup(&((struct conn *)c)->args, key, 0); }
static const char *get_header(void *c, const char *key) { return lookup(&((struct conn *)c)->headers, key, 1); }

/* split s at `sep` into key/value pairs (value after `kvsep`) */
static void split(struct kv *kv, char *s, char sep, char kvsep)
{
    while (s && *s && kv->n < MAX_KV) {
        char *next = strchr(s, sep);
        if (next) *next++ = '\0';
        char *eq = strchr(s, kvsep);
        if (eq) {
            *eq++ = '\0';
            while (*eq == ' ') eq++;
        }
        kv->k[kv->n] = s;
        kv->v[kv->n] = eq ? eq : (char *)"";
        kv->n++;
        s = next;
    }
}

static braid_server *server_once(void)
{
    static braid_server *s; /* one server for the whole fuzzing run */
    if (s) return s;
    braid_config cfg;
    braid_config_init(&cfg);
    cfg.server_port = 0;
    snprintf(cfg.server_db, sizeof cfg.server_db, "/dev/shm/braid-fuzz-%d.db", (int)getpid());
    cfg.server_workers = 1;
    braid_error err;
    s = braid_server_new(&cfg, &err);
    if (!s) {
        fprintf(stderr, "fuzz_routes: %s\n", err.message);
        abort();
    }
    size_t loaded;
    if (braid_server_load(s, &loaded, &err) != BRAID_OK) {
        fprintf(stderr, "fuzz_routes: %s\n", err.message);
        abort();
    }
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    braid_server *s = server_once();
    static const char *methods[] = {"GET", "PUT", "DELETE", "HEAD", "POST"};
    const char *method = methods[data[0] < 4 ? data[0] : 4];
    char *copy = malloc(size);
    if (!copy) return 0;
    memcpy(copy, data + 1, size - 1);
    copy[size - 1] = '\0';
    size_t n = size - 1;

    /* path: first line, must start with '/' as the HTTP layer guarantees */
    char *path = copy, *rest = memchr(copy, '\n', n);
    if (rest) *rest++ = '\0';
    char pathbuf[4096];
    snprintf(pathbuf, sizeof pathbuf, "/%s", path[0] == '/' ? path + 1 : path);

    struct conn c = {{{0}, {0}, 0}, {{0}, {0}, 0}};
    const char *body = "";
    size_t body_len = 0;
    if (rest) {
        char *q = rest, *h = strchr(rest, '\n');
        if (h) *h++ = '\0';
        split(&c.args, q, '&', '=');
        if (h) {
            char *end = strstr(h, "\n\n");
            if (end) {
                *end = '\0';
                body = end + 2;
                body_len = n - (size_t)(body - copy);
            }
            split(&c.headers, h, '\n', ':');
        }
    }
    braid_req rq = {method, pathbuf, body, body_len, &c, get_arg, get_header};
    braid_resp rs;
    memset(&rs, 0, sizeof rs);
    braid_server_route(s, &rq, &rs);
    if (rs.status < 100 || rs.status > 599) abort(); /* every request gets a real status */
    buf_free(&rs.body);
    free(copy);
    return 0;
}
