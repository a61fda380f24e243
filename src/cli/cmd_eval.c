/*
 * cmd_eval.c — `braid eval WHAT ...`: dispatch to the measurement verbs.
 * Each prints its figures and a last summary line `WHAT: metric=value ...`.
 */
#include "cli/cli.h"

#include <string.h>

struct evaluator {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
};

static const struct evaluator evaluators[] = {
    {"extract", eval_extract, "DIR   main-text extraction on trafilatura's set (P/R/F1)"},
    {"lang", eval_lang, "DIR      language identification on the lid samples"},
    {"pairs", eval_pairs, "FILE.tsv...  same-thread decision on toloka pairs (P/R/F1)"},
    {"xling", eval_xling, "FILE.xml[.xz] ru-en threading on WMT (recall, purity)"},
    /* (evals: classify) */
    {"categories", eval_categories, "DATA  news/not-news and category quality (toloka TSV, BBC)"},
};

int cmd_eval(int argc, char **argv)
{
    size_t n = sizeof evaluators / sizeof evaluators[0];
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        FILE *f = argc < 2 ? stderr : stdout;
        fprintf(f, "usage: braid eval WHAT [ARGS]\n\nMeasure quality on labelled data:\n");
        for (size_t i = 0; i < n; i++)
            fprintf(f, "  braid eval %-8s %s\n", evaluators[i].name, evaluators[i].help);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < n; i++)
        if (!strcmp(argv[1], evaluators[i].name)) return evaluators[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "braid eval: unknown evaluation '%s'\n", argv[1]);
    return 2;
}
