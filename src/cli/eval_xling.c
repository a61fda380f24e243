/*
 * eval_xling.c — `braid eval xling FILE.xml[.xz]`: do a Russian article
 * and its English version land in one thread?
 *
 * Reads a WMT test set (<doc id=...><src lang="ru"><p><seg>…</seg>…
 * </src><ref lang="en">…</ref><hyp …>…</hyp></doc>): each document's
 * Russian source and first English reference become two articles (first
 * segment = title, the rest = text; machine-translation hypotheses are
 * ignored).  By default only the news documents (domain="news", or an id
 * "news_…") are taken, --all takes every domain.
 * Everything is threaded as one batch (braid_threads_add_articles) in
 * file order, and it prints
 *   recall = Russian documents sharing a thread with their own English
 *            version / documents,
 *   purity = threads holding versions of one document only / threads
 *            holding any of them.
 * Last line: `xling: recall=R purity=P docs=N threads=T`.  Documents whose
 * versions landed apart are listed on stderr with their pair score.
 *
 * .xz files are decompressed with liblzma.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/file.h"

static const char usage[] =
    "usage: braid eval xling [--all] [--set KEY=VALUE] FILE.xml[.xz]\n\n"
    "Cross-lingual threading on a WMT ru-en test set: recall (Russian\n"
    "documents threaded with their English reference) and purity.\n";

/* attribute value of name="..." inside the tag s[0..len) */
static int attr(const char *s, size_t len, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i + nl + 2 < len; i++) {
        if (memcmp(s + i, name, nl) || s[i + nl] != '=' || s[i + nl + 1] != '"') continue;
        if (i && s[i - 1] != ' ') continue;
        const char *v = s + i + nl + 2;
        const char *e = memchr(v, '"', len - (size_t)(v - s));
        if (!e || (size_t)(e - v) >= cap) return 0;
        memcpy(out, v, (size_t)(e - v));
        out[e - v] = '\0';
        return 1;
    }
    return 0;
}

static void unescape_into(buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '&') {
            static const struct { const char *e; char c; } ents[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
            int done = 0;
            for (size_t k = 0; k < 5 && !done; k++) {
                size_t el = strlen(ents[k].e);
                if (i + el <= len && !memcmp(s + i, ents[k].e, el)) {
                    buf_putc(b, ents[k].c);
                    i += el - 1;
                    done = 1;
                }
            }
            if (done) continue;
        }
        buf_putc(b, s[i]);
    }
}

/* segments of the element starting at s (up to `end`): first → title,
 * rest → text (one paragraph per segment) */
static void segments(const char *s, const char *end, buf *title, buf *text)
{
    int first = 1;
    const char *p = s;
    while ((p = strstr(p, "<seg")) && p < end) {
        const char *a = strchr(p, '>');
        const char *z = a ? strstr(a, "</seg>") : NULL;
        if (!a || !z || z > end) break;
        if (first) unescape_into(title, a + 1, (size_t)(z - a - 1));
        else {
            if (text->len) buf_puts(text, "\n\n");
            unescape_into(text, a + 1, (size_t)(z - a - 1));
        }
        first = 0;
        p = z + 6;
    }
}

struct xdoc {
    char id[128];
    char *title[2], *text[2]; /* ru, en */
};

int eval_xling(int argc, char **argv)
{
    int all = 0;
    cli_opts o;
    int rc;
    {
        /* --all is ours */
        int j = 0;
        char **av = malloc(((size_t)argc + 1) * sizeof *av);
        if (!av) return 2;
        for (int i = 0; i < argc; i++) {
            if (i && !strcmp(argv[i], "--all")) all = 1;
            else av[j++] = argv[i];
        }
        av[j] = NULL;
        rc = cli_parse(j, av, usage, &o, NULL, NULL);
        free(av);
    }
    if (rc >= 0) {
        free(o.paths);
        return rc;
    }
    if (o.npaths != 1) {
        fputs(usage, stderr);
        free(o.paths);
        return 2;
    }
    buf x = BUF_INIT;
    if (braid_file_read(o.paths[0], &x) < 0) {
        fprintf(stderr, "braid eval xling: %s: cannot read\n", o.paths[0]);
        buf_free(&x);
        free(o.paths);
        return 2;
    }
    braid_error err;
    braid_threads *th = braid_threads_new(&o.cfg, &err);
    if (!th) {
        fprintf(stderr, "braid eval xling: %s\n", err.message);
        buf_free(&x);
        free(o.paths);
        return 2;
    }
    struct xdoc *docs = NULL;
    size_t nd = 0, cap = 0;
    const char *p = x.data ? x.data : "";
    const char *eof = p + x.len;
    int status = 0;
    while ((p = strstr(p, "<doc ")) != NULL) {
        const char *te = strchr(p, '>');
        const char *de = te ? strstr(te, "</doc>") : NULL;
        if (!te || !de) break;
        char id[128] = "", dom[64] = "";
        attr(p, (size_t)(te - p), "id", id, sizeof id);
        attr(p, (size_t)(te - p), "domain", dom, sizeof dom);
        int news = !strncmp(id, "news", 4) || !strcmp(dom, "news");
        const char *src = strstr(te, "<src");
        const char *ref = strstr(te, "<ref");
        if ((news || all) && src && ref && src < de && ref < de) {
            const char *src_end = strstr(src, "</src>");
            const char *ref_end = strstr(ref, "</ref>");
            if (src_end && ref_end) {
                if (nd == cap) {
                    cap = cap ? cap * 2 : 128;
                    struct xdoc *n2 = realloc(docs, cap * sizeof *n2);
                    if (!n2) break;
                    docs = n2;
                }
                snprintf(docs[nd].id, sizeof docs[nd].id, "%s", id);
                for (int s = 0; s < 2; s++) {
                    buf title = BUF_INIT, text = BUF_INIT;
                    segments(s ? ref : src, s ? ref_end : src_end, &title, &text);
                    char name[160];
                    snprintf(name, sizeof name, "%s.%s", id, s ? "en" : "ru");
                    docs[nd].title[s] = title.data ? buf_take(&title) : strdup("");
                    docs[nd].text[s] = text.data ? buf_take(&text) : strdup("");
                    buf_free(&title);
                    buf_free(&text);
                }
                nd++;
            }
        }
        p = de + 6;
        if (p >= eof) break;
    }
    /* one batch, in file order: Russian then English version of each */
    braid_article *arts = calloc(2 * nd + 1, sizeof *arts);
    char (*names)[160] = calloc(2 * nd + 1, sizeof *names);
    if (!arts || !names) status = 2;
    for (size_t i = 0; i < nd && !status; i++)
        for (int s = 0; s < 2; s++) {
            snprintf(names[2 * i + s], sizeof names[0], "%s.%s", docs[i].id, s ? "en" : "ru");
            arts[2 * i + s] = (braid_article){names[2 * i + s], s ? "en" : "ru", docs[i].title[s],
                                              docs[i].text[s], strlen(docs[i].text[s]), INT64_MIN,
                                              NULL, NULL, NULL, 0};
        }
    if (!status && braid_threads_add_articles(th, arts, 2 * nd, &err) != BRAID_OK) {
        fprintf(stderr, "braid eval xling: %s\n", err.message);
        status = 2;
    }
    free(arts);
    free(names);
    /* recall */
    size_t same = 0;
    for (size_t i = 0; i < nd; i++) {
        char a[160], b[160];
        snprintf(a, sizeof a, "%s.ru", docs[i].id);
        snprintf(b, sizeof b, "%s.en", docs[i].id);
        long ta = braid_threads_find(th, a), tb = braid_threads_find(th, b);
        if (ta >= 0 && ta == tb) {
            same++;
        } else if (!o.quiet) {
            braid_article x = {a, "ru", docs[i].title[0], docs[i].text[0], strlen(docs[i].text[0]),
                               INT64_MIN, NULL, NULL, NULL, 0};
            braid_article y = {b, "en", docs[i].title[1], docs[i].text[1], strlen(docs[i].text[1]),
                               INT64_MIN, NULL, NULL, NULL, 0};
            fprintf(stderr, "  apart: %s (threads %ld, %ld; pair score %.2f) %s\n", docs[i].id, ta,
                    tb, braid_threads_pair_score(th, &x, &y, NULL), docs[i].title[1]);
        }
    }
    /* purity: threads (by id) and how many distinct documents they hold */
    size_t nthreads = 0, pure = 0;
    long *tid = malloc((2 * nd + 1) * sizeof *tid);
    size_t *owner = malloc((2 * nd + 1) * sizeof *owner);
    if (tid && owner) {
        size_t n = 0;
        for (size_t i = 0; i < nd; i++)
            for (int s = 0; s < 2; s++) {
                char a[160];
                snprintf(a, sizeof a, "%s.%s", docs[i].id, s ? "en" : "ru");
                tid[n] = braid_threads_find(th, a);
                owner[n++] = i;
            }
        for (size_t i = 0; i < n; i++) {
            int first = 1, one = 1;
            for (size_t j = 0; j < i; j++)
                if (tid[j] == tid[i]) first = 0;
            if (!first) continue;
            for (size_t j = i + 1; j < n; j++)
                if (tid[j] == tid[i] && owner[j] != owner[i]) one = 0;
            nthreads++;
            pure += one;
            if (!one && !o.quiet) {
                fprintf(stderr, "  mixed thread %ld:", tid[i]);
                for (size_t j = i; j < n; j++)
                    if (tid[j] == tid[i])
                        fprintf(stderr, " %s.%s", docs[owner[j]].id, j % 2 ? "en" : "ru");
                fprintf(stderr, "\n");
                /* the same-language pair scores that joined two documents */
                for (size_t j = i; j < n; j++)
                    for (size_t k = j + 1; k < n; k++) {
                        if (tid[j] != tid[i] || tid[k] != tid[i] || owner[j] == owner[k] ||
                            j % 2 != k % 2)
                            continue;
                        int s = (int)(j % 2);
                        const char *l = s ? "en" : "ru";
                        braid_article x = {"x", l, docs[owner[j]].title[s], docs[owner[j]].text[s],
                                           strlen(docs[owner[j]].text[s]), INT64_MIN, NULL, NULL,
                                           NULL, 0};
                        braid_article y = {"y", l, docs[owner[k]].title[s], docs[owner[k]].text[s],
                                           strlen(docs[owner[k]].text[s]), INT64_MIN, NULL, NULL,
                                           NULL, 0};
                        fprintf(stderr, "    %s %s ~ %s: pair score %.2f\n", l, docs[owner[j]].id,
                                docs[owner[k]].id, braid_threads_pair_score(th, &x, &y, NULL));
                    }
            }
        }
    }
    free(tid);
    free(owner);
    printf("xling: recall=%.3f purity=%.3f docs=%zu threads=%zu\n",
           nd ? (double)same / (double)nd : 0, nthreads ? (double)pure / (double)nthreads : 0, nd,
           nthreads);
    for (size_t i = 0; i < nd; i++)
        for (int s = 0; s < 2; s++) {
            free(docs[i].title[s]);
            free(docs[i].text[s]);
        }
    free(docs);
    braid_threads_free(th);
    buf_free(&x);
    free(o.paths);
    return status;
}
