/*
 * eval_pairs.c — `braid eval pairs FILE.tsv...`: precision, recall and F1
 * of the "same event thread?" decision on crowd-labelled article pairs
 * (Toloka format: INPUT:first_title, INPUT:second_title, INPUT:first_text,
 * INPUT:second_text, GOLDEN:quality OK = same thread / BAD = not; other
 * columns ignored).
 *
 * The decision is the clusterer's own (braid_threads_pair_score: cosine
 * of the two articles' vectors against the threshold for their language
 * pair).  idf needs a corpus: each file's distinct texts are the
 * background (braid_threads_observe) before its pairs are scored.  Texts
 * go through the engine's plain-text reader (extraction + language
 * identification) like any other input; the TSV's titles are kept.  The
 * pairs carry no publication times, so the time window does not apply.
 *
 * --sweep also prints P/R/F1 at a range of score ratios, for calibrating
 * thresholds (docs/THREADS.md records the runs); --errors lists the
 * pairs decided wrongly with their scores.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/file.h"

static const char usage[] =
    "usage: braid eval pairs [--sweep] [--errors] [--set KEY=VALUE] FILE.tsv...\n\n"
    "Pairwise precision/recall/F1 of the same-thread decision on Toloka\n"
    "clustering pairs (GOLDEN:quality OK/BAD).  Last line:\n"
    "  pairs: precision=P recall=R f1=F n=N\n";

struct side {
    braid_doc *doc;
    char *title;
};

struct row {
    struct side s[2];
    int ok;
    double score;
};

/* split line in place at tabs; returns number of fields */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

/* Toloka's TSV quotes a field holding quotation marks the CSV way: the
 * whole field in "...", each inner " doubled.  Undo it in place, so a
 * headline reads as published ("Слуга народа" исключила ..., not
 * """Слуга народа"" исключила ..."). */
static void unquote(char *f)
{
    size_t n = strlen(f);
    if (n < 2 || f[0] != '"' || f[n - 1] != '"') return;
    size_t j = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        f[j++] = f[i];
        if (f[i] == '"' && f[i + 1] == '"') i++;
    }
    f[j] = '\0';
}

static void art_of(const struct side *s, braid_article *a)
{
    memset(a, 0, sizeof *a);
    a->name = braid_doc_name(s->doc);
    a->lang = braid_doc_lang(s->doc);
    a->title = s->title;
    a->text = braid_doc_text(s->doc, &a->text_len);
    a->published_unix = INT64_MIN;
}

struct counts {
    size_t tp, fp, fn, tn;
};

static void prf(const struct counts *c, double *p, double *r, double *f)
{
    *p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
    *r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0;
    *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

static int eval_file(braid_engine *e, const braid_config *cfg, const char *path, int sweep,
                     int errors,
                     struct counts *total, struct row **all, size_t *nall)
{
    size_t len;
    char *text = braid_file_slurp(path, &len);
    if (!text) {
        fprintf(stderr, "braid eval pairs: %s: cannot read\n", path);
        return 1;
    }
    char *save = NULL;
    char *line = strtok_r(text, "\n", &save);
    int col[5] = {-1, -1, -1, -1, -1};
    static const char *names[5] = {"INPUT:first_title", "INPUT:second_title", "INPUT:first_text",
                                   "INPUT:second_text", "GOLDEN:quality"};
    char *f[64];
    int nf = line ? split_tabs(line, f, 64) : 0;
    for (int i = 0; i < nf; i++) {
        size_t l = strlen(f[i]);
        if (l && f[i][l - 1] == '\r') f[i][l - 1] = '\0';
        for (int k = 0; k < 5; k++)
            if (!strcmp(f[i], names[k])) col[k] = i;
    }
    for (int k = 0; k < 5; k++)
        if (col[k] < 0) {
            fprintf(stderr, "braid eval pairs: %s: no column %s\n", path, names[k]);
            free(text);
            return 1;
        }
    braid_error err;
    braid_threads *th = braid_threads_new(cfg, &err);
    if (!th) {
        fprintf(stderr, "braid eval pairs: %s\n", err.message);
        free(text);
        return 2;
    }
    struct row *rows = NULL;
    size_t nr = 0, cap = 0;
    int lineno = 1;
    while ((line = strtok_r(NULL, "\n", &save))) {
        lineno++;
        nf = split_tabs(line, f, 64);
        int need = 0;
        for (int k = 0; k < 5; k++)
            if (col[k] >= need) need = col[k] + 1;
        if (nf < need) continue;
        for (int k = 0; k < 4; k++) unquote(f[col[k]]);
        const char *q = f[col[4]];
        int ok = !strncmp(q, "OK", 2);
        if (!ok && strncmp(q, "BAD", 3)) continue;
        if (nr == cap) {
            cap = cap ? cap * 2 : 64;
            struct row *nrw = realloc(rows, cap * sizeof *nrw);
            if (!nrw) break;
            rows = nrw;
        }
        struct row *r = &rows[nr];
        memset(r, 0, sizeof *r);
        r->ok = ok;
        int good = 1;
        for (int s = 0; s < 2; s++) {
            char name[64];
            snprintf(name, sizeof name, "%d%c", lineno, s ? 'b' : 'a');
            const char *t = f[col[2 + s]];
            if (braid_engine_read_one(e, name, t, strlen(t), &r->s[s].doc, &err) != BRAID_OK) {
                /* an empty text still has a title to compare */
                if (braid_engine_read_one(e, name, f[col[s]], strlen(f[col[s]]), &r->s[s].doc,
                                          NULL) != BRAID_OK) {
                    good = 0;
                    break;
                }
            }
            r->s[s].title = strdup(f[col[s]]);
        }
        if (!good) {
            for (int s = 0; s < 2; s++) {
                braid_doc_free(r->s[s].doc);
                free(r->s[s].title);
            }
            continue;
        }
        nr++;
    }
    /* background: every distinct text once */
    for (size_t i = 0; i < nr; i++)
        for (int s = 0; s < 2; s++) {
            size_t tl, ol;
            const char *t = braid_doc_text(rows[i].s[s].doc, &tl);
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++)
                for (int u = 0; u < 2 && !seen; u++) {
                    const char *o = braid_doc_text(rows[j].s[u].doc, &ol);
                    seen = tl == ol && t && o && !memcmp(t, o, tl);
                }
            if (seen) continue;
            braid_article a;
            art_of(&rows[i].s[s], &a);
            braid_threads_observe(th, &a, NULL);
        }
    struct counts c = {0, 0, 0, 0};
    for (size_t i = 0; i < nr; i++) {
        braid_article a, b;
        art_of(&rows[i].s[0], &a);
        art_of(&rows[i].s[1], &b);
        rows[i].score = braid_threads_pair_score(th, &a, &b, NULL);
        int same = rows[i].score >= 1.0;
        if (same && rows[i].ok) c.tp++;
        else if (same) c.fp++;
        else if (rows[i].ok) c.fn++;
        else c.tn++;
        if (errors && same != rows[i].ok)
            printf("  %s %.2f [%s] %s | [%s] %s\n", rows[i].ok ? "missed" : "wrong ",
                   rows[i].score, braid_doc_lang(rows[i].s[0].doc), rows[i].s[0].title,
                   braid_doc_lang(rows[i].s[1].doc), rows[i].s[1].title);
    }
    double p, r, f1;
    prf(&c, &p, &r, &f1);
    printf("%s: precision=%.3f recall=%.3f f1=%.3f n=%zu (tp=%zu fp=%zu fn=%zu tn=%zu)\n", path, p,
           r, f1, nr, c.tp, c.fp, c.fn, c.tn);
    total->tp += c.tp;
    total->fp += c.fp;
    total->fn += c.fn;
    total->tn += c.tn;
    if (sweep) {
        for (double t = 0.3; t <= 2.01; t += 0.1) {
            struct counts s = {0, 0, 0, 0};
            for (size_t i = 0; i < nr; i++) {
                int same = rows[i].score >= t;
                if (same && rows[i].ok) s.tp++;
                else if (same) s.fp++;
                else if (rows[i].ok) s.fn++;
            }
            prf(&s, &p, &r, &f1);
            printf("  ratio>=%.1f: precision=%.3f recall=%.3f f1=%.3f\n", t, p, r, f1);
        }
    }
    for (size_t i = 0; i < nr; i++)
        for (int s = 0; s < 2; s++) {
            braid_doc_free(rows[i].s[s].doc);
            rows[i].s[s].doc = NULL;
            free(rows[i].s[s].title);
        }
    (void)all;
    (void)nall;
    free(rows);
    braid_threads_free(th);
    free(text);
    return 0;
}

struct opts {
    int sweep, errors;
};

static int extra(void *ctx, int argc, char **argv, int i)
{
    (void)argc;
    struct opts *o = ctx;
    if (!strcmp(argv[i], "--sweep")) {
        o->sweep = 1;
        return 1;
    }
    if (!strcmp(argv[i], "--errors")) {
        o->errors = 1;
        return 1;
    }
    return 0;
}

int eval_pairs(int argc, char **argv)
{
    cli_opts o;
    struct opts x = {0};
    int rc = cli_parse(argc, argv, usage, &o, extra, &x);
    if (rc >= 0) {
        free(o.paths);
        return rc;
    }
    if (!o.npaths) {
        fputs(usage, stderr);
        free(o.paths);
        return 2;
    }
    braid_engine *e = cli_engine(&o);
    if (!e) {
        free(o.paths);
        return 2;
    }
    struct counts total = {0, 0, 0, 0};
    int status = 0;
    for (int i = 0; i < o.npaths; i++) {
        int r = eval_file(e, &o.cfg, o.paths[i], x.sweep, x.errors, &total, NULL, NULL);
        if (r > status) status = r;
    }
    double p, r, f1;
    prf(&total, &p, &r, &f1);
    printf("pairs: precision=%.3f recall=%.3f f1=%.3f n=%zu\n", p, r, f1,
           total.tp + total.fp + total.fn + total.tn);
    braid_engine_free(e);
    free(o.paths);
    return status;
}
