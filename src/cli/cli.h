/*
 * cli.h — what the `braid` front end's files share: the verb signature,
 * common option parsing, and loading documents from paths.
 *
 * Every verb is `int cmd_x(int argc, char **argv)` with argv[0] the verb
 * name; it returns the process exit status: 0 success, 1 when some
 * document failed (and was reported on stderr), 2 on usage errors.
 */
#ifndef BRAID_CLI_H
#define BRAID_CLI_H

#include <stdio.h>
#include "braid.h"

/* Options every verb that reads documents accepts. */
typedef struct cli_opts {
    braid_config cfg;
    const char *format;   /* --format: "json" (contest), "ndjson"          */
    const char *lang;     /* --lang xx                                      */
    int quiet;            /* --quiet: no per-document errors on stderr       */
    int timings;          /* --timings: wall and CPU time per stage, stderr  */
    double t_wall, t_cpu; /* (cli_stage: the last mark)                      */
    const char **paths;   /* positional arguments                           */
    int npaths;
} cli_opts;

/* Parse the common options (--set k=v, --config FILE, --format F,
 * --lang L, --quiet, --help) and positional paths.  `usage` is printed for
 * --help (exit 0) and for bad options (exit 2).  `extra` (may be NULL) is
 * offered options this parser does not know first: it returns how many
 * argv entries it consumed (0 = not its option, -1 = usage error).
 * Returns -1 to continue, or an exit status to return now. */
typedef int (*cli_extra_fn)(void *ctx, int argc, char **argv, int i);
int cli_parse(int argc, char **argv, const char *usage, cli_opts *o,
              cli_extra_fn extra, void *extra_ctx);

/* All documents from o->paths (or stdin when none), in input order.
 * Problems are reported on stderr as "braid: NAME: reason"; *failed
 * counts them.  Progress goes to stderr when it is a terminal. */
typedef struct cli_docs {
    braid_doc **v;
    size_t n, cap;
    size_t failed;
} cli_docs;

braid_engine *cli_engine(const cli_opts *o);
int cli_load_docs(braid_engine *e, const cli_opts *o, cli_docs *out);
void cli_docs_free(cli_docs *d);

/* Classify docs[0..n) into out[] on read_jobs threads (0 = one per CPU),
 * one classifier each (a classifier serves one thread at a time).
 * ok[i] = 1 where out[i] is filled.  Returns 0, or -1 when the models do
 * not load (err says why). */
int cli_classify_docs(const cli_opts *o, braid_doc *const *docs, size_t n,
                      braid_classification *out, unsigned char *ok, braid_error *err);

/* With --timings, print "braid: timings: STAGE wall W s, cpu C s" for the
 * time since the previous mark (or since cli_parse) to stderr. */
void cli_stage(cli_opts *o, const char *stage);

/* Write a whole buffer to stdout; returns 0 or -1 (error reported). */
int cli_write(const char *data, size_t len);

/* Verbs.  Files: cmd_read.c (extract, languages, config), cmd_lang.c
 * (lang), cmd_eval.c (eval dispatch), eval_extract.c, eval_lang.c,
 * cmd_threads.c, cmd_classify.c, cmd_serve.c. */
int cmd_serve(int argc, char **argv);
int cmd_threads(int argc, char **argv);
int cmd_top(int argc, char **argv);
int eval_pairs(int argc, char **argv);
int eval_xling(int argc, char **argv);
int cmd_news(int argc, char **argv);
int cmd_categories(int argc, char **argv);
int cmd_train(int argc, char **argv);
int eval_categories(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_languages(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_lang(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int eval_extract(int argc, char **argv);
int eval_lang(int argc, char **argv);

#endif
