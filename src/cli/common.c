/*
 * common.c — option parsing, engine creation and document loading shared
 * by the CLI verbs.
 *
 * Per-document problems are printed as "braid: PATH: reason" and counted,
 * never fatal; progress is drawn on stderr only when it is a terminal so
 * that pipes and CI logs stay clean.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void clocks(double *wall, double *cpu)
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    *wall = (double)w.tv_sec + (double)w.tv_nsec / 1e9;
    *cpu = (double)c.tv_sec + (double)c.tv_nsec / 1e9;
}

void cli_stage(cli_opts *o, const char *stage)
{
    if (!o->timings) return;
    double w, c;
    clocks(&w, &c);
    fprintf(stderr, "braid: timings: %-24s wall %7.3f s, cpu %7.3f s\n", stage, w - o->t_wall,
            c - o->t_cpu);
    o->t_wall = w;
    o->t_cpu = c;
}

int cli_parse(int argc, char **argv, const char *usage, cli_opts *o,
              cli_extra_fn extra, void *extra_ctx)
{
    memset(o, 0, sizeof *o);
    clocks(&o->t_wall, &o->t_cpu);
    braid_config_init(&o->cfg);
    o->format = "json";
    o->paths = calloc((size_t)argc + 1, sizeof *o->paths);
    if (!o->paths) return 2;
    braid_error err;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (extra && a[0] == '-' && a[1]) {
            int used = extra(extra_ctx, argc, argv, i);
            if (used < 0) { fputs(usage, stderr); return 2; }
            if (used > 0) { i += used - 1; continue; }
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            o->quiet = 1;
        } else if (!strcmp(a, "--timings")) {
            o->timings = 1;
        } else if ((!strcmp(a, "--set") || !strcmp(a, "--config") || !strcmp(a, "--format") ||
                    !strcmp(a, "--lang")) && i + 1 >= argc) {
            fprintf(stderr, "braid %s: %s needs a value\n", argv[0], a);
            return 2;
        } else if (!strcmp(a, "--set")) {
            char *kv = argv[++i], *eq = strchr(kv, '=');
            if (!eq) {
                fprintf(stderr, "braid %s: --set wants key=value, got '%s'\n", argv[0], kv);
                return 2;
            }
            *eq = '\0';
            braid_status st = braid_config_set(&o->cfg, kv, eq + 1, &err);
            *eq = '=';
            if (st != BRAID_OK) {
                fprintf(stderr, "braid %s: %s\n", argv[0], err.message);
                return 2;
            }
        } else if (!strcmp(a, "--config")) {
            if (braid_config_load(&o->cfg, argv[++i], &err) != BRAID_OK) {
                fprintf(stderr, "braid %s: %s\n", argv[0], err.message);
                return 2;
            }
        } else if (!strcmp(a, "--format")) {
            o->format = argv[++i];
            if (strcmp(o->format, "json") && strcmp(o->format, "ndjson")) {
                fprintf(stderr, "braid %s: --format is json or ndjson, not '%s'\n", argv[0], o->format);
                return 2;
            }
        } else if (!strcmp(a, "--lang")) {
            o->lang = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "braid %s: unknown option '%s'\n\n", argv[0], a);
            fputs(usage, stderr);
            return 2;
        } else {
            o->paths[o->npaths++] = a;
        }
    }
    return -1;
}

braid_engine *cli_engine(const cli_opts *o)
{
#ifdef __GLIBC__
    /* Allocator policy for a batch run (process-wide, so the front end
     * sets it; `braid serve` has its own).  glibc gives freed memory at
     * the top of a heap back to the kernel past 128 KB and raises its
     * mmap threshold as large blocks are freed, so a run that grows and
     * frees big tables (a day of news: token arenas, maps, the thread
     * index) faults the same pages in again and again: page faults were
     * ~10% of `braid threads` on the contest day (perf).  Keeping freed
     * memory, 64 MB of headroom and blocks under 32 MB in the heap:
     * system time 3.6-4.2 -> 3.2-3.6 s of ~30 s CPU, user time and peak
     * RSS the same, output identical (3 runs each). */
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
    braid_error err;
    braid_engine *e = braid_engine_new(&o->cfg, &err);
    if (!e) fprintf(stderr, "braid: %s\n", err.message);
    return e;
}

struct load_ctx {
    cli_docs *out;
    int quiet;
};

static int collect(void *vctx, braid_doc *d, const braid_error *err)
{
    struct load_ctx *c = vctx;
    cli_docs *out = c->out;
    if (!d) {
        out->failed++;
        if (!c->quiet) fprintf(stderr, "braid: %s\n", err->message);
        return 0;
    }
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 256;
        braid_doc **v = realloc(out->v, cap * sizeof *v);
        if (!v) {
            fprintf(stderr, "braid: out of memory\n");
            braid_doc_free(d);
            return 1;
        }
        out->v = v;
        out->cap = cap;
    }
    out->v[out->n++] = d;
    return 0;
}

struct progress {
    struct timespec last;
};

static void show_progress(void *vctx, size_t done, const char *path)
{
    (void)path;
    struct progress *p = vctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - p->last.tv_sec) * 1000 + (now.tv_nsec - p->last.tv_nsec) / 1000000 < 200) return;
    p->last = now;
    fprintf(stderr, "\rbraid: %zu files read", done);
}

int cli_load_docs(braid_engine *e, const cli_opts *o, cli_docs *out)
{
    memset(out, 0, sizeof *out);
    struct load_ctx c = {out, o->quiet};
    static const char *stdin_path[] = {"-"};
    const char *const *paths = o->npaths ? o->paths : stdin_path;
    size_t n = o->npaths ? (size_t)o->npaths : 1;
    int tty = isatty(STDERR_FILENO);
    struct progress p = {{0, 0}};
    braid_engine_read_paths(e, paths, n, BRAID_FORMAT_AUTO, collect, &c,
                            tty ? show_progress : NULL, &p);
    if (tty && p.last.tv_sec) fprintf(stderr, "\r\033[K");
    return 0;
}

void cli_docs_free(cli_docs *d)
{
    for (size_t i = 0; i < d->n; i++) braid_doc_free(d->v[i]);
    free(d->v);
    memset(d, 0, sizeof *d);
}

int cli_write(const char *data, size_t len)
{
    if (len && fwrite(data, 1, len, stdout) != len) {
        fprintf(stderr, "braid: cannot write output: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}

/* ---- classification on every core ------------------------------------ */

#define CLASSIFY_MAX_JOBS 16

struct cls_job {
    braid_classifier *cls;
    braid_doc *const *docs;
    braid_classification *out;
    unsigned char *ok;
    size_t from, to;
};

static void *classify_share(void *arg)
{
    struct cls_job *j = arg;
    for (size_t i = j->from; i < j->to; i++)
        j->ok[i] = braid_classify_doc(j->cls, j->docs[i], &j->out[i], NULL) == BRAID_OK;
    return NULL;
}

int cli_classify_docs(const cli_opts *o, braid_doc *const *docs, size_t n,
                      braid_classification *out, unsigned char *ok, braid_error *err)
{
    long jobs = o->cfg.read_jobs > 0 ? o->cfg.read_jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1) jobs = 1;
    if (jobs > CLASSIFY_MAX_JOBS) jobs = CLASSIFY_MAX_JOBS;
    if ((size_t)jobs > n / 256 + 1) jobs = (long)(n / 256 + 1); /* small inputs: one thread */
    struct cls_job j[CLASSIFY_MAX_JOBS];
    pthread_t tid[CLASSIFY_MAX_JOBS];
    int started[CLASSIFY_MAX_JOBS] = {0};
    long made = 0;
    for (long w = 0; w < jobs; w++) {
        braid_classifier *c = braid_classifier_new(o->cfg.model_dir, o->cfg.news_min_score, err);
        if (!c) break;
        j[made++] = (struct cls_job){c, docs, out, ok, 0, 0};
    }
    if (!made) return -1;
    for (long w = 0; w < made; w++) {
        j[w].from = n * (size_t)w / (size_t)made;
        j[w].to = n * (size_t)(w + 1) / (size_t)made;
        if (w > 0) started[w] = pthread_create(&tid[w], NULL, classify_share, &j[w]) == 0;
    }
    classify_share(&j[0]);
    for (long w = 1; w < made; w++) {
        if (started[w]) pthread_join(tid[w], NULL);
        else classify_share(&j[w]);
    }
    for (long w = 0; w < made; w++) braid_classifier_free(j[w].cls);
    return 0;
}
