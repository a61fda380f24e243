/*
 * input.c — walk files, directories and stdin, and turn each file into
 * documents with braid_engine_read(), on several cores.
 *
 * Directories are read recursively in byte-wise sorted order so that the
 * same tree always yields the same document order (clustering is
 * deterministic for a given order).  Hidden entries (".name") are
 * skipped, symbolic links to directories are not followed (no cycles),
 * and a file over max_doc_bytes is reported from its size without being
 * read.
 *
 * Reading, decoding, extraction and language identification are
 * independent per file, so the walk first lists the files, then
 * `read_jobs` worker threads — each with its own engine, since an engine
 * is single-threaded — process them while the calling thread hands the
 * results to the callback strictly in list order.  The callback and the
 * progress function therefore always run on the caller's thread, and the
 * output is identical for any number of workers.
 */
#include "engine.h"
#include "error.h"
#include "util/buf.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIR_DEPTH 64
#define MAX_JOBS 8

/* What one input yielded: documents and errors, in order. */
struct result {
    braid_doc *doc;      /* NULL for an error */
    braid_error err;
};

struct item {
    char *path;          /* file, or "-" for stdin; NULL for a walk error */
    struct result *res;
    size_t nres, cap;
    int done;
    int counted;         /* a file (counts for progress) */
};

struct list {
    struct item *v;
    size_t n, cap;
    size_t max_bytes;
    int oom;
};

static struct item *list_push(struct list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        struct item *v = realloc(l->v, cap * sizeof *v);
        if (!v) { l->oom = 1; return NULL; }
        l->v = v;
        l->cap = cap;
    }
    struct item *it = &l->v[l->n++];
    memset(it, 0, sizeof *it);
    return it;
}

static int item_add(struct item *it, braid_doc *d, const braid_error *err)
{
    if (it->nres == it->cap) {
        size_t cap = it->cap ? it->cap * 2 : 2;
        struct result *r = realloc(it->res, cap * sizeof *r);
        if (!r) { braid_doc_free(d); return -1; }
        it->res = r;
        it->cap = cap;
    }
    struct result *r = &it->res[it->nres++];
    r->doc = d;
    if (err) r->err = *err;
    else r->err.code = BRAID_OK;
    return 0;
}

/* A problem found while walking becomes an item of its own, in place. */
static void walk_error(struct list *l, braid_status st, const char *fmt, const char *path,
                       const char *why)
{
    struct item *it = list_push(l);
    if (!it) return;
    braid_error err;
    braid_err_set(&err, st, fmt, path, why);
    item_add(it, NULL, &err);
    it->done = 1;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_hidden(const struct dirent *d) { return d->d_name[0] != '.'; }

static void walk_path(struct list *l, const char *path, int depth, int top)
{
    struct stat sb;
    if ((top ? stat(path, &sb) : lstat(path, &sb)) != 0) {
        walk_error(l, BRAID_ENOTFOUND, "%s: %s", path, strerror(errno));
        return;
    }
    if (S_ISLNK(sb.st_mode)) {
        if (stat(path, &sb) != 0 || S_ISDIR(sb.st_mode)) return; /* dangling, or dir link */
    }
    if (S_ISDIR(sb.st_mode)) {
        if (depth >= MAX_DIR_DEPTH) {
            walk_error(l, BRAID_EINVAL, "%s: %s", path, "directory nesting too deep");
            return;
        }
        struct dirent **names;
        int n = scandir(path, &names, not_hidden, by_name);
        if (n < 0) {
            walk_error(l, BRAID_EIO, "%s: cannot list: %s", path, strerror(errno));
            return;
        }
        buf child = BUF_INIT;
        for (int i = 0; i < n; i++) {
            buf_clear(&child);
            buf_puts(&child, path);
            if (child.len && child.data[child.len - 1] != '/') buf_putc(&child, '/');
            buf_puts(&child, names[i]->d_name);
            free(names[i]);
            if (!child.oom) walk_path(l, child.data, depth + 1, 0);
        }
        free(names);
        buf_free(&child);
        return;
    }
    if (!S_ISREG(sb.st_mode)) {
        if (top) walk_error(l, BRAID_EINVAL, "%s: %s", path, "not a regular file or directory");
        return;
    }
    if ((size_t)sb.st_size > l->max_bytes) {
        char lim[32];
        snprintf(lim, sizeof lim, "%zu", l->max_bytes);
        walk_error(l, BRAID_ETOOBIG, "%s: larger than the limit of %s bytes (max_doc_bytes)", path, lim);
        l->v[l->n - 1].counted = 1;
        return;
    }
    struct item *it = list_push(l);
    if (!it) return;
    it->path = strdup(path);
    it->counted = 1;
    if (!it->path) l->oom = 1;
}

/* ---- processing one item ------------------------------------------- */

static int collect(void *ctx, braid_doc *d, const braid_error *err)
{
    return item_add(ctx, d, err) != 0;
}

static void item_error(struct item *it, braid_status st, const char *fmt, const char *path,
                       const char *why)
{
    braid_error err;
    braid_err_set(&err, st, fmt, path, why);
    item_add(it, NULL, &err);
}

/* Read all of f (up to limit+1 bytes) into data. */
static int slurp(FILE *f, size_t limit, buf *data)
{
    buf_clear(data);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        buf_append(data, tmp, n);
        if (data->len > limit) break;
    }
    return ferror(f) || data->oom ? -1 : 0;
}

static void process_item(braid_engine *e, struct item *it, braid_format hint, buf *data)
{
    int is_stdin = !strcmp(it->path, "-");
    FILE *f = is_stdin ? stdin : fopen(it->path, "rb");
    if (!f) {
        item_error(it, BRAID_EIO, "%s: cannot open: %s", it->path, strerror(errno));
        return;
    }
    size_t limit = e->cfg.max_doc_bytes;
    int rc = slurp(f, limit, data);
    int saved = errno;
    if (!is_stdin) fclose(f);
    if (rc != 0) {
        item_error(it, BRAID_EIO, "%s: cannot read: %s", it->path, strerror(saved));
    } else if (data->len > limit) {
        char lim[32];
        snprintf(lim, sizeof lim, "%zu", limit);
        item_error(it, BRAID_ETOOBIG, "%s: larger than the limit of %s bytes (max_doc_bytes)",
                   it->path, lim);
    } else {
        braid_engine_read(e, it->path, data->data, data->len, hint, collect, it);
    }
}

/* ---- workers --------------------------------------------------------- */

struct pool {
    struct list *l;
    braid_format hint;
    const braid_engine *parent; /* each worker forks it */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next;
    int stop;
};

static void *worker(void *arg)
{
    struct pool *p = arg;
    braid_engine *e = braid_engine_fork(p->parent, NULL);
    buf data = BUF_INIT;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next;
        while (i < p->l->n && p->l->v[i].path == NULL) i++; /* walk errors are done */
        p->next = i + 1;
        int stop = p->stop || i >= p->l->n;
        pthread_mutex_unlock(&p->mu);
        if (stop) break;
        struct item *it = &p->l->v[i];
        if (e) process_item(e, it, p->hint, &data);
        else item_error(it, BRAID_ENOMEM, "%s: %s", it->path, "no engine for this worker");
        pthread_mutex_lock(&p->mu);
        it->done = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    buf_free(&data);
    braid_engine_free(e);
    return NULL;
}

static int job_count(const braid_config *cfg, size_t items)
{
    long n = cfg->read_jobs;
    if (n <= 0) {
        n = sysconf(_SC_NPROCESSORS_ONLN);
        if (n > MAX_JOBS) n = MAX_JOBS;
    }
    if (n < 1) n = 1;
    if ((size_t)n > items) n = (long)items;
    return n < 1 ? 1 : (int)n;
}

braid_status braid_engine_read_paths(braid_engine *e, const char *const *paths, size_t n,
                                     braid_format hint, braid_doc_fn fn, void *ctx,
                                     braid_progress_fn progress, void *progress_ctx)
{
    struct list l = {NULL, 0, 0, e->cfg.max_doc_bytes, 0};
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(paths[i], "-")) {
            struct item *it = list_push(&l);
            if (it && !(it->path = strdup("-"))) l.oom = 1;
            if (it) it->counted = 1;
        } else {
            walk_path(&l, paths[i], 0, 1);
        }
    }
    braid_status first = BRAID_OK;
    if (l.oom) {
        braid_error err;
        first = braid_err_set(&err, BRAID_ENOMEM, "reading: %s", "out of memory listing the inputs");
        fn(ctx, NULL, &err);
    }

    int jobs = job_count(&e->cfg, l.n);
    struct pool p = {&l, hint, e, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
    pthread_t tid[MAX_JOBS];
    int started = 0;
    if (jobs > 1)
        for (int j = 0; j < jobs; j++)
            if (pthread_create(&tid[started], NULL, worker, &p) == 0) started++;

    buf data = BUF_INIT;
    size_t files = 0, i = 0;
    for (; i < l.n; i++) {
        struct item *it = &l.v[i];
        if (!started && it->path) {
            process_item(e, it, hint, &data);
            it->done = 1;
        } else if (started) {
            pthread_mutex_lock(&p.mu);
            while (!it->done) pthread_cond_wait(&p.cv, &p.mu);
            pthread_mutex_unlock(&p.mu);
        }
        int stop = 0;
        for (size_t k = 0; k < it->nres; k++) {
            struct result *r = &it->res[k];
            if (stop) { braid_doc_free(r->doc); continue; }
            if (!r->doc && first == BRAID_OK) first = r->err.code;
            stop = fn(ctx, r->doc, r->doc ? NULL : &r->err) != 0;
        }
        it->nres = 0;
        if (it->counted) {
            files++;
            if (progress) progress(progress_ctx, files, it->path ? it->path : "");
        }
        if (stop) break;
    }
    if (started) {
        pthread_mutex_lock(&p.mu);
        p.stop = 1; /* after an early stop: workers take nothing new */
        pthread_mutex_unlock(&p.mu);
        for (int j = 0; j < started; j++) pthread_join(tid[j], NULL);
    }
    for (size_t k = 0; k < l.n; k++) { /* what was never delivered */
        for (size_t r = 0; r < l.v[k].nres; r++) braid_doc_free(l.v[k].res[r].doc);
        free(l.v[k].res);
        free(l.v[k].path);
    }
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    buf_free(&data);
    free(l.v);
    return first;
}
