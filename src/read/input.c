/*
 * input.c — walk files, directories and stdin, and hand each file's bytes
 * to braid_engine_read().
 *
 * Directories are read recursively in byte-wise sorted order so that the
 * same tree always yields the same document order (clustering is
 * deterministic for a given order).  Hidden entries (".name") are
 * skipped, symbolic links to directories are not followed (no cycles),
 * and a file over max_doc_bytes is reported from its size without being
 * read.  One read buffer is reused across files.
 */
#include "engine.h"
#include "error.h"
#include "util/buf.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DIR_DEPTH 64

struct walk {
    braid_engine *e;
    braid_format hint;
    braid_doc_fn fn;
    void *ctx;
    braid_progress_fn progress;
    void *progress_ctx;
    size_t done;
    buf data;
    braid_status first;
};

static void report(struct walk *w, braid_status st, const char *fmt, const char *path,
                   const char *why)
{
    braid_error err;
    braid_err_set(&err, st, fmt, path, why);
    if (w->first == BRAID_OK) w->first = st;
    w->fn(w->ctx, NULL, &err);
}

/* Read all of f (up to limit+1 bytes) into w->data. */
static int slurp(struct walk *w, FILE *f, size_t limit)
{
    buf_clear(&w->data);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        buf_append(&w->data, tmp, n);
        if (w->data.len > limit) break;
    }
    return ferror(f) || w->data.oom ? -1 : 0;
}

static void read_stream(struct walk *w, const char *path, FILE *f)
{
    size_t limit = w->e->cfg.max_doc_bytes;
    if (slurp(w, f, limit) != 0) {
        report(w, BRAID_EIO, "%s: cannot read: %s", path, strerror(errno));
        return;
    }
    if (w->data.len > limit) {
        char why[64];
        snprintf(why, sizeof why, "%zu", limit);
        report(w, BRAID_ETOOBIG, "%s: larger than the limit of %s bytes (max_doc_bytes)", path, why);
        return;
    }
    braid_status st = braid_engine_read(w->e, path, w->data.data, w->data.len, w->hint, w->fn, w->ctx);
    if (st != BRAID_OK && w->first == BRAID_OK) w->first = st;
}

static void read_file(struct walk *w, const char *path, const struct stat *sb)
{
    if ((size_t)sb->st_size > w->e->cfg.max_doc_bytes) {
        char why[64];
        snprintf(why, sizeof why, "%zu", w->e->cfg.max_doc_bytes);
        report(w, BRAID_ETOOBIG, "%s: larger than the limit of %s bytes (max_doc_bytes)", path, why);
        return;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        report(w, BRAID_EIO, "%s: cannot open: %s", path, strerror(errno));
        return;
    }
    read_stream(w, path, f);
    fclose(f);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_hidden(const struct dirent *d) { return d->d_name[0] != '.'; }

static void walk_path(struct walk *w, const char *path, int depth, int top)
{
    struct stat sb;
    if ((top ? stat(path, &sb) : lstat(path, &sb)) != 0) {
        report(w, BRAID_ENOTFOUND, "%s: %s", path, strerror(errno));
        return;
    }
    if (S_ISLNK(sb.st_mode)) {
        if (stat(path, &sb) != 0 || S_ISDIR(sb.st_mode)) return; /* dangling, or dir link */
    }
    if (S_ISDIR(sb.st_mode)) {
        if (depth >= MAX_DIR_DEPTH) {
            report(w, BRAID_EINVAL, "%s: %s", path, "directory nesting too deep");
            return;
        }
        struct dirent **list;
        int n = scandir(path, &list, not_hidden, by_name);
        if (n < 0) {
            report(w, BRAID_EIO, "%s: cannot list: %s", path, strerror(errno));
            return;
        }
        buf child = BUF_INIT;
        for (int i = 0; i < n; i++) {
            buf_clear(&child);
            buf_puts(&child, path);
            if (child.len && child.data[child.len - 1] != '/') buf_putc(&child, '/');
            buf_puts(&child, list[i]->d_name);
            free(list[i]);
            if (!child.oom) walk_path(w, child.data, depth + 1, 0);
        }
        free(list);
        buf_free(&child);
        return;
    }
    if (!S_ISREG(sb.st_mode)) {
        if (top) report(w, BRAID_EINVAL, "%s: %s", path, "not a regular file or directory");
        return;
    }
    read_file(w, path, &sb);
    w->done++;
    if (w->progress) w->progress(w->progress_ctx, w->done, path);
}

braid_status braid_engine_read_paths(braid_engine *e, const char *const *paths, size_t n,
                                     braid_format hint, braid_doc_fn fn, void *ctx,
                                     braid_progress_fn progress, void *progress_ctx)
{
    struct walk w = {e, hint, fn, ctx, progress, progress_ctx, 0, BUF_INIT, BRAID_OK};
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(paths[i], "-")) {
            read_stream(&w, "-", stdin);
            w.done++;
        } else {
            walk_path(&w, paths[i], 0, 1);
        }
    }
    buf_free(&w.data);
    return w.first;
}
