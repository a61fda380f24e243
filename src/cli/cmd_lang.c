/*
 * cmd_lang.c — `braid lang`: identify the language of each line on stdin.
 *
 * One line in, one code out (ISO 639-1, 639-3 when there is none, "und"
 * when unsure), so the verb composes with shell pipelines and doubles as
 * the throughput benchmark (bench/lang_bench.sh).  Lines of any length
 * are read with getline(); output is buffered by stdio.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: braid lang [--confidence] [--set key=value]... < LINES\n\n"
    "Print the language of each input line: ISO 639-1 (639-3 when there is\n"
    "none), or \"und\" below lang_min_confidence or without letters.\n\n"
    "  --confidence, -c   also print the confidence (code TAB confidence)\n"
    "  --set lid_model=PATH  fastText lid.176.ftz to use (see docs/LANG.md)\n";

static int extra(void *ctx, int argc, char **argv, int i)
{
    (void)argc;
    if (!strcmp(argv[i], "--confidence") || !strcmp(argv[i], "-c")) {
        *(int *)ctx = 1;
        return 1;
    }
    return 0;
}

int cmd_lang(int argc, char **argv)
{
    cli_opts o;
    int show_conf = 0;
    int rc = cli_parse(argc, argv, usage, &o, extra, &show_conf);
    if (rc >= 0) {
        free(o.paths);
        return rc;
    }
    if (o.npaths) {
        fprintf(stderr, "braid lang: reads lines on stdin, takes no paths\n");
        free(o.paths);
        return 2;
    }
    free(o.paths);
    braid_engine *e = cli_engine(&o);
    if (!e) return 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    rc = 0;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n') len--;
        if (len && line[len - 1] == '\r') len--;
        braid_lang_guess g;
        braid_engine_detect_lang(e, line, len, &g);
        if (show_conf) printf("%s\t%.3f\n", g.code, g.confidence);
        else fputs(g.code, stdout), putchar('\n');
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "braid lang: cannot write output\n");
        rc = 1;
    }
    free(line);
    braid_engine_free(e);
    return rc;
}
