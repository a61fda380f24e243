/*
 * cmd_threads.c — `braid threads` and `braid top`: read documents, group
 * them into event threads, print the contest's JSON (or NDJSON).
 *
 * When the classification models load, articles the classifier calls
 * not-news are left out (the contest threads news only; --all keeps
 * them) and each article's category groups `top`.  Without models every
 * article is threaded and `top` has only the "any" group.  Articles are
 * added as one batch (braid_threads_add_batch) in input order.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static const char threads_usage[] =
    "usage: braid threads [OPTIONS] [FILE|DIR|-]...\n\n"
    "Group news articles into event threads (reports of one event, in any\n"
    "language), in the data clustering contest's format:\n"
    "  [{\"title\": \"...\", \"articles\": [\"a.html\", ...]}, ...]\n"
    "most important first, singletons included.  --format ndjson prints one\n"
    "object per thread with thread and story ids, languages, titles per\n"
    "language, duplicates, entities and dates (docs/THREADS.md).\n\n"
    "options: --lang xx (title language), --all (keep not-news),\n"
    "         --set KEY=VALUE, --config FILE, --format json|ndjson, --quiet,\n"
    "         --timings (wall and CPU time per stage on stderr)\n";

static const char top_usage[] =
    "usage: braid top [OPTIONS] [FILE|DIR|-]...\n\n"
    "Threads by importance (distinct sources, languages, recency, growth),\n"
    "in the contest's round-1 format:\n"
    "  [{\"category\": \"any\", \"threads\": [{\"title\", \"category\", \"articles\"}]},\n"
    "   {\"category\": \"society\", \"threads\": [{\"title\", \"articles\"}]}, ...]\n\n"
    "options: --lang xx, --limit N (threads per group, default all), --all,\n"
    "         --set KEY=VALUE, --config FILE, --quiet, --timings\n";

struct extra {
    int all;
    long limit;
};

static int extra_opt(void *ctx, int argc, char **argv, int i)
{
    struct extra *x = ctx;
    if (!strcmp(argv[i], "--all")) {
        x->all = 1;
        return 1;
    }
    if (!strcmp(argv[i], "--limit")) {
        if (i + 1 >= argc) return -1;
        char *end;
        x->limit = strtol(argv[i + 1], &end, 10);
        return (*end || x->limit < 0) ? -1 : 2;
    }
    return 0;
}

static int run(int argc, char **argv, const char *usage, int top)
{
    cli_opts o;
    struct extra x = {0, 0};
    int rc = cli_parse(argc, argv, usage, &o, extra_opt, &x);
    if (rc >= 0) {
        free(o.paths);
        return rc;
    }
    braid_engine *e = cli_engine(&o);
    if (!e) {
        free(o.paths);
        return 2;
    }
    braid_error err;
    braid_threads *th = braid_threads_new(&o.cfg, &err);
    if (!th) {
        fprintf(stderr, "braid %s: %s\n", argv[0], err.message);
        braid_engine_free(e);
        free(o.paths);
        return 2;
    }
    cli_stage(&o, "start (models, lexicon)");
    cli_docs docs;
    cli_load_docs(e, &o, &docs);
    cli_stage(&o, "read+extract+language");

    /* classification: news filter and categories, when models exist */
    braid_doc **keep = malloc((docs.n ? docs.n : 1) * sizeof *keep);
    const char **cats = malloc((docs.n ? docs.n : 1) * sizeof *cats);
    braid_classification *cl = malloc((docs.n ? docs.n : 1) * sizeof *cl);
    unsigned char *ok = calloc(docs.n ? docs.n : 1, 1);
    size_t nk = 0;
    int status = 0;
    if (!keep || !cats || !cl || !ok) {
        fprintf(stderr, "braid %s: out of memory\n", argv[0]);
        status = 2;
    } else if (cli_classify_docs(&o, docs.v, docs.n, cl, ok, &err) < 0 && !o.quiet) {
        fprintf(stderr, "braid %s: no classifier (%s): threading every document, "
                        "top has only the \"any\" group\n", argv[0], err.message);
    }
    for (size_t i = 0; i < docs.n && !status; i++) {
        const char *cat = NULL;
        if (ok[i]) {
            /* languages without a model are kept, filed under "other" */
            if (cl[i].supported && !cl[i].is_news && !x.all) continue;
            cat = braid_category_name(cl[i].category);
        }
        cats[nk] = cat;
        keep[nk++] = docs.v[i];
    }
    free(cl);
    free(ok);
    cli_stage(&o, "classify");
    if (!status && braid_threads_add_batch(th, keep, cats, nk, &err) != BRAID_OK) {
        fprintf(stderr, "braid %s: %s\n", argv[0], err.message);
        status = 2;
    }
    cli_stage(&o, "analyse+place");
    char *out = NULL;
    size_t len = 0;
    if (!status) {
        braid_status st =
            top ? braid_threads_render_top(th, o.lang, (size_t)x.limit, &out, &len, &err)
                : braid_threads_render(th, strcmp(o.format, "ndjson") ? BRAID_THREADS_JSON
                                                                      : BRAID_THREADS_NDJSON,
                                       o.lang, &out, &len, &err);
        if (st != BRAID_OK) {
            fprintf(stderr, "braid %s: %s\n", argv[0], err.message);
            status = 2;
        } else if (cli_write(out, len)) {
            status = 2;
        }
    }
    cli_stage(&o, "rank+render+write");
    size_t failed = docs.failed;
    free(out);
    free(keep);
    free(cats);
    braid_threads_free(th);
    cli_docs_free(&docs);
    braid_engine_free(e);
    free(o.paths);
    return status ? status : failed ? 1 : 0;
}

int cmd_threads(int argc, char **argv)
{
    return run(argc, argv, threads_usage, 0);
}

int cmd_top(int argc, char **argv)
{
    return run(argc, argv, top_usage, 1);
}
