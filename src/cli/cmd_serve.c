/*
 * cmd_serve.c — `braid serve` (also `braid server PORT`, the contest's
 * spelling): run the persistent news index over HTTP until SIGTERM/SIGINT.
 *
 * Signals are blocked before any thread starts and waited for with
 * sigwait() here, so no handler runs inside library code and shutdown is
 * an ordinary, orderly call to braid_server_free().
 */
#include "cli/cli.h"

#include <signal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/server.h"

static const char usage_serve[] =
    "usage: braid serve [--port N] [--bind ADDR] [--db FILE] [--token T] [OPTIONS]\n"
    "       braid server PORT [OPTIONS]\n\n"
    "Serve the news index over HTTP: PUT/DELETE /<name> with articles, GET\n"
    "/threads (the tgnews protocol), the JSON API under /api/, a web page at /.\n"
    "Articles are kept in a SQLite file and reloaded at start.\n\n"
    "  --port N       TCP port (default 8080; 0 = any free port, printed)\n"
    "  --bind ADDR    address to listen on (default 127.0.0.1)\n"
    "  --db FILE      the store (default braid.db; also sqlite:FILE)\n"
    "  --token T      PUT and DELETE need 'Authorization: Bearer T'\n"
    "  --set K=V      any configuration key (server_max_body, server_timeout...)\n"
    "  --config FILE  configuration file\n\n"
    "docs/SERVER.md describes the protocol, the API and every limit.\n";

struct serve_opts {
    const char *port, *bind, *db, *token;
};

static int serve_extra(void *ctx, int argc, char **argv, int i)
{
    struct serve_opts *o = ctx;
    const char *a = argv[i];
    const char **slot = !strcmp(a, "--port") ? &o->port
                        : !strcmp(a, "--bind") ? &o->bind
                        : !strcmp(a, "--db") ? &o->db
                        : !strcmp(a, "--token") ? &o->token
                                                : NULL;
    if (!slot) return 0;
    if (i + 1 >= argc) {
        fprintf(stderr, "braid %s: %s needs a value\n", argv[0], a);
        return -1;
    }
    *slot = argv[i + 1];
    return 2;
}

static int set_key(cli_opts *o, const char *key, const char *value)
{
    braid_error err;
    if (braid_config_set(&o->cfg, key, value, &err) != BRAID_OK) {
        fprintf(stderr, "braid serve: %s\n", err.message);
        return -1;
    }
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    struct serve_opts so = {NULL, NULL, NULL, NULL};
    cli_opts o;
    int rc = cli_parse(argc, argv, usage_serve, &o, serve_extra, &so);
    if (rc >= 0) {
        free(o.paths);
        return rc;
    }
    /* `braid server 8080`: the port as the one positional argument */
    if (o.npaths == 1 && !so.port) so.port = o.paths[0];
    else if (o.npaths) {
        fprintf(stderr, "braid %s: unexpected argument '%s'\n\n%s", argv[0], o.paths[0], usage_serve);
        free(o.paths);
        return 2;
    }
    free(o.paths);
    if ((so.port && set_key(&o, "server_port", so.port)) ||
        (so.bind && set_key(&o, "server_bind", so.bind)) ||
        (so.db && set_key(&o, "server_db", so.db)) ||
        (so.token && set_key(&o, "server_token", so.token)))
        return 2;

#ifdef __GLIBC__
    /* Allocator policy for a long-running server (process-wide, so the
     * front end sets it, not the library).  glibc gives every thread that
     * allocates its own arena, up to 8 per core, and each request
     * thread's arena keeps the freed pages of the bodies it parsed: two
     * arenas held 25 MB less after the contest day's 40,132 PUTs (303 vs
     * 328 MB RSS).  And glibc raises its mmap threshold each time a large
     * block is freed, so large per-request buffers move into the arenas
     * and stay there; a fixed 256 KB threshold keeps them in mmap,
     * returned at free: 288 vs 300 MB after the same PUTs, 197 vs 221 MB
     * after a restart (make bench-server, one run each). */
    mallopt(M_ARENA_MAX, 2);
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    braid_error err;
    braid_server *s = braid_server_new(&o.cfg, &err);
    if (!s) {
        fprintf(stderr, "braid serve: %s\n", err.message);
        return 1;
    }
    fprintf(stderr, "braid serve: listening on http://%s:%d/ (store %s)\n", o.cfg.server_bind,
            braid_server_port(s), o.cfg.server_db);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t n = 0;
    if (braid_server_load(s, &n, &err) != BRAID_OK) {
        fprintf(stderr, "braid serve: %s\n", err.message);
        braid_server_free(s);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "braid serve: ready: %zu articles loaded in %.2f s (stories %.2f s)\n", n,
            (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
            braid_server_story_seconds(s));
    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "braid serve: %s: stopping\n", sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "SIGHUP");
    braid_server_free(s);
    fprintf(stderr, "braid serve: stopped\n");
    return 0;
}
