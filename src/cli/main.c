/*
 * main.c — the `braid` command: dispatch to one verb per file.
 *
 * The front end is thin on purpose: each verb parses its options, asks the
 * library for documents or results, and renders them.  Everything that
 * decides something about an article lives in libbraid.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct verb {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
};

static const struct verb verbs[] = {
    {"extract", cmd_extract, "print each document's text and metadata as NDJSON"},
    {"languages", cmd_languages, "group documents by language (contest JSON)"},
    {"lang", cmd_lang, "identify the language of each line on stdin"},
    {"threads", cmd_threads, "group articles into event threads (contest JSON, NDJSON)"},
    {"top", cmd_top, "threads by importance, grouped by category (contest JSON)"},
    /* (verbs: threads) */
    /* (verbs: classify) */
    {"serve", cmd_serve, "serve the news index over HTTP (tgnews protocol, JSON API, web page)"},
    {"server", cmd_serve, "the same as serve: `braid server PORT` (contest spelling)"},
    {"news", cmd_news, "list the English/Russian documents that are news (contest JSON)"},
    {"categories", cmd_categories, "file news documents under seven categories (contest JSON)"},
    {"train", cmd_train, "train a news or category model from labelled data"},
    {"eval", cmd_eval, "measure quality on labelled data (extract, lang, ...)"},
    {"config", cmd_config, "print the effective configuration"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: braid VERB [OPTIONS] [FILE|DIR]...\n\n"
               "braid " BRAID_VERSION " — a news story engine.\n\nverbs:\n");
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        fprintf(f, "  %-11s %s\n", verbs[i].name, verbs[i].help);
    fprintf(f, "\n`braid VERB --help` describes a verb; docs/CLI.md describes "
               "every verb and output format.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        puts("braid " BRAID_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (!strcmp(argv[1], verbs[i].name)) return verbs[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "braid: unknown verb '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
