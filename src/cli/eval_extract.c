/*
 * eval_extract.c — `braid eval extract DIR`: main-text extraction quality
 * on trafilatura's evaluation set (DIR/evaldata.json, pages in DIR/eval
 * and DIR/cache).
 *
 * Each page goes through the whole reading path (braid_engine_read_one on
 * the file's bytes), so charset detection is part of what is measured.
 * The extracted main text — without the title, which braid keeps as
 * metadata, as trafilatura's own evaluation does — is compared with the
 * entry's snippets after white space (including no-break spaces) is
 * collapsed to single spaces and soft hyphens (U+00AD, invisible, which
 * braid drops from its text) are removed on both sides: a `with` snippet found is a
 * true positive, missed a false negative; a `without` snippet found is a
 * false positive, absent a true negative.  `comments` snippets are
 * counted separately (how many were kept out), and `title` and `author`
 * are compared with the document's (equal after collapsing white space).
 * --verbose lists each wrong snippet, --pages one line per page with an
 * error, so that whole-page failures stand out from partial ones.
 */
#include "cli/cli.h"
#include "util/buf.h"
#include "util/file.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: braid eval extract [OPTIONS] DIR\n\n"
    "Main-text extraction on trafilatura's evaluation set: DIR holds\n"
    "evaldata.json and the pages (eval/, cache/).  Prints precision, recall,\n"
    "F1 and accuracy of the snippets, comment removal and title accuracy.\n\n"
    "options:\n"
    "  --verbose         list every missed and wrongly kept snippet\n"
    "  --pages           one line per page with an error: file, `with` found\n"
    "                    of all, `without` kept, comment snippets kept\n"
    "  --set KEY=VALUE   override one configuration key\n";

struct flags {
    int verbose, pages;
};

static int extra(void *ctx, int argc, char **argv, int i)
{
    (void)argc;
    struct flags *fl = ctx;
    if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
        fl->verbose = 1;
        return 1;
    }
    if (!strcmp(argv[i], "--pages")) {
        fl->pages = 1;
        return 1;
    }
    return 0;
}

/* Collapse runs of white space (ASCII and U+00A0) to one space, trim. */
static void norm(const char *s, size_t n, buf *out)
{
    buf_clear(out);
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) ws = 1, i++;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAD) { i++; continue; }
        if (ws) { sp = 1; continue; }
        if (sp && out->len) buf_putc(out, ' ');
        sp = 0;
        buf_putc(out, (char)c);
    }
    if (!out->data) buf_putc(out, '\0'), out->len = 0;
}

struct counts {
    long tp, fn, fp, tn, cm_out, cm_all, title_ok, title_all, author_ok, author_all, files, missing,
        failed;
};

/* Count the snippets of `arr` present in `text`; report them when verbose. */
static void snippets(json_t *arr, const buf *text, buf *tmp, long *found, long *absent,
                     int verbose, const char *file, const char *what, int report_found)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v)) continue;
        norm(json_string_value(v), json_string_length(v), tmp);
        if (!tmp->len) continue;
        int in = text->data && strstr(text->data, tmp->data) != NULL;
        if (in) (*found)++;
        else (*absent)++;
        if (verbose && in == report_found) {
            if (in) /* where in the text: 0% = start, 100% = end */
                printf("  %s %s (at %d%%): %s\n", file, what,
                       (int)(100.0 * (double)(strstr(text->data, tmp->data) - text->data) /
                             (double)(text->len ? text->len : 1)),
                       tmp->data);
            else
                printf("  %s %s: %s\n", file, what, tmp->data);
        }
    }
}

int eval_extract(int argc, char **argv)
{
    struct flags fl = {0, 0};
    cli_opts o;
    int rc = cli_parse(argc, argv, usage, &o, extra, &fl);
    int verbose = fl.verbose;
    if (rc >= 0) { free(o.paths); return rc; }
    if (o.npaths != 1) {
        fputs(usage, stderr);
        free(o.paths);
        return 2;
    }
    const char *dir = o.paths[0];
    char path[4096];
    snprintf(path, sizeof path, "%s/evaldata.json", dir);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root || !json_is_object(root)) {
        fprintf(stderr, "braid eval extract: %s: %s (line %d)\n", path,
                root ? "not a JSON object" : je.text, je.line);
        json_decref(root);
        free(o.paths);
        return 2;
    }
    braid_engine *e = cli_engine(&o);
    if (!e) { json_decref(root); free(o.paths); return 1; }
    struct counts c = {0};
    buf text = BUF_INIT, tmp = BUF_INIT, t2 = BUF_INIT;
    clock_t t0 = clock();
    const char *url;
    json_t *ent;
    json_object_foreach(root, url, ent) {
        json_t *file = json_object_get(ent, "file");
        if (!json_is_string(file)) continue;
        const char *fn = json_string_value(file);
        size_t len = 0;
        char *bytes = NULL;
        const char *sub[] = {"eval", "cache"};
        for (int k = 0; k < 2 && !bytes; k++) {
            snprintf(path, sizeof path, "%s/%s/%s", dir, sub[k], fn);
            bytes = braid_file_slurp(path, &len);
        }
        if (!bytes) {
            c.missing++;
            if (!o.quiet) fprintf(stderr, "braid eval extract: %s: missing\n", fn);
            continue;
        }
        c.files++;
        braid_doc *d = NULL;
        braid_error err;
        if (braid_engine_read_one(e, path, bytes, len, &d, &err) != BRAID_OK) {
            c.failed++;
            if (verbose) printf("  %s failed: %s\n", fn, err.message);
        }
        free(bytes);
        size_t tl = 0;
        const char *t = d ? braid_doc_text(d, &tl) : NULL;
        norm(t ? t : "", t ? tl : 0, &text);
        long tp = 0, fnn = 0, fp = 0, tn = 0, cin = 0, cout = 0;
        snippets(json_object_get(ent, "with"), &text, &tmp, &tp, &fnn, verbose, fn, "missed", 0);
        snippets(json_object_get(ent, "without"), &text, &tmp, &fp, &tn, verbose, fn, "kept", 1);
        snippets(json_object_get(ent, "comments"), &text, &tmp, &cin, &cout, verbose, fn, "comment", 1);
        c.tp += tp, c.fn += fnn, c.fp += fp, c.tn += tn;
        if (fl.pages && (fnn || fp || cin))
            printf("page %s: with %ld/%ld, without kept %ld, comments kept %ld, text %zu bytes\n", fn,
                   tp, tp + fnn, fp, cin, text.len);
        c.cm_out += cout;
        c.cm_all += cin + cout;
        json_t *title = json_object_get(ent, "title");
        if (json_is_string(title) && json_string_length(title)) {
            c.title_all++;
            const char *dt = d ? braid_doc_title(d) : NULL;
            norm(json_string_value(title), json_string_length(title), &tmp);
            norm(dt ? dt : "", dt ? strlen(dt) : 0, &t2);
            if (tmp.len == t2.len && !memcmp(tmp.data, t2.data, t2.len)) c.title_ok++;
            else if (verbose) printf("  %s title: got '%s' want '%s'\n", fn, t2.data, tmp.data);
        }
        json_t *author = json_object_get(ent, "author");
        if (json_is_string(author) && json_string_length(author)) {
            c.author_all++;
            const char *da = d ? braid_doc_author(d) : NULL;
            norm(json_string_value(author), json_string_length(author), &tmp);
            norm(da ? da : "", da ? strlen(da) : 0, &t2);
            if (tmp.len == t2.len && !memcmp(tmp.data, t2.data, t2.len)) c.author_ok++;
            else if (verbose) printf("  %s author: got '%s' want '%s'\n", fn, t2.data, tmp.data);
        }
        braid_doc_free(d);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    double p = c.tp + c.fp ? (double)c.tp / (double)(c.tp + c.fp) : 0;
    double r = c.tp + c.fn ? (double)c.tp / (double)(c.tp + c.fn) : 0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    long all = c.tp + c.fn + c.fp + c.tn;
    printf("pages:      %ld read, %ld failed (counted with empty text), %ld missing, %.1f s CPU\n",
           c.files, c.failed, c.missing, secs);
    printf("snippets:   TP=%ld FN=%ld FP=%ld TN=%ld\n", c.tp, c.fn, c.fp, c.tn);
    printf("precision:  %.4f\nrecall:     %.4f\nf1:         %.4f\naccuracy:   %.4f\n", p, r, f1,
           all ? (double)(c.tp + c.tn) / (double)all : 0);
    printf("comments:   %ld of %ld comment snippets kept out (%.4f)\n", c.cm_out, c.cm_all,
           c.cm_all ? (double)c.cm_out / (double)c.cm_all : 0);
    printf("title:      %ld of %ld equal (%.4f)\n", c.title_ok, c.title_all,
           c.title_all ? (double)c.title_ok / (double)c.title_all : 0);
    printf("author:     %ld of %ld equal (%.4f)\n", c.author_ok, c.author_all,
           c.author_all ? (double)c.author_ok / (double)c.author_all : 0);
    printf("extract: precision=%.4f recall=%.4f f1=%.4f n=%ld\n", p, r, f1, c.files);
    buf_free(&text);
    buf_free(&tmp);
    buf_free(&t2);
    braid_engine_free(e);
    json_decref(root);
    free(o.paths);
    return 0;
}
