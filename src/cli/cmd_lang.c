/*
 * cmd_lang.c — `braid lang`: identify the language of each line on stdin.
 *
 * One line in, one code out (ISO 639-1, 639-3 when there is none, "und"
 * when unsure), so the verb composes with shell pipelines and doubles as
 * the throughput benchmark (bench/lang_bench.sh).  Standard input is
 * read in large blocks and cut into lines in place, and answers go out
 * through one output buffer: at 100k lines/s, getline() and a printf per
 * line were a measurable share of the time.  Lines of any length work
 * (the block grows to hold the longest line).
 */
#include "cli/cli.h"
#include "lang/words.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Input block (grown for longer lines) and output buffer sizes. */
#define LANG_IN_BLOCK ((size_t)1 << 20)
#define LANG_OUT_BUF ((size_t)1 << 16)

typedef struct {
    char buf[LANG_OUT_BUF];
    size_t n;
    int failed;
} out_buf;

static void out_flush(out_buf *o)
{
    if (o->n && fwrite(o->buf, 1, o->n, stdout) != o->n) o->failed = 1;
    o->n = 0;
}

/* One answer: "code\n" or "code\tconfidence\n" (as printf "%.3f"). */
static void out_answer(out_buf *o, const braid_lang_guess *g, int show_conf)
{
    if (o->n + 64 > sizeof o->buf) out_flush(o);
    size_t cl = strnlen(g->code, sizeof g->code);
    memcpy(o->buf + o->n, g->code, cl);
    o->n += cl;
    if (show_conf) {
        int k = snprintf(o->buf + o->n, sizeof o->buf - o->n, "\t%.3f", g->confidence);
        if (k > 0 && (size_t)k < sizeof o->buf - o->n) o->n += (size_t)k;
    }
    o->buf[o->n++] = '\n';
}

static void answer_line(braid_engine *e, out_buf *o, const char *line, size_t len, int show_conf)
{
    if (len && line[len - 1] == '\r') len--;
    braid_lang_guess g;
    braid_engine_detect_lang(e, line, len, &g);
    out_answer(o, &g, show_conf);
}

/* Every line of fd through the engine; -1 on a read or memory error. */
static int run_lines(braid_engine *e, int fd, out_buf *o, int show_conf)
{
    size_t cap = LANG_IN_BLOCK, have = 0;
    char *buf = malloc(cap);
    if (!buf) return -1;
    int rc = 0;
    for (;;) {
        if (have == cap) { /* one line longer than the block: grow */
            char *nb = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!nb) { rc = -1; break; }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + have, cap - have);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) { rc = -1; break; }
        if (r == 0) { /* end of input: a last line without '\n' */
            if (have) answer_line(e, o, buf, have, show_conf);
            break;
        }
        have += (size_t)r;
        size_t start = 0;
        for (;;) {
            char *nl = memchr(buf + start, '\n', have - start);
            if (!nl) break;
            answer_line(e, o, buf + start, (size_t)(nl - (buf + start)), show_conf);
            start = (size_t)(nl - buf) + 1;
        }
        memmove(buf, buf + start, have - start);
        have -= start;
    }
    free(buf);
    return rc;
}

static const char usage[] =
    "usage: braid lang [--confidence] [--set key=value]... < LINES\n"
    "       braid lang --train-words OUT [--dicts DIR] [--corpus DIR] [--bits B]\n"
    "                  [--holdout K --dev FILE]\n\n"
    "Print the language of each input line: ISO 639-1 (639-3 when there is\n"
    "none), or \"und\" below lang_min_confidence or without letters.\n\n"
    "  --confidence, -c   also print the confidence (code TAB confidence)\n"
    "  --set lid_model=PATH  fastText lid.176.ftz to use (see docs/LANG.md)\n"
    "  --train-words OUT  build the single-word model (models/lang-words.bin)\n"
    "                     from the hunspell dictionaries under --dicts DIR\n"
    "                     (default /usr/share/hunspell) and the text that\n"
    "                     scripts/lang-corpus.py wrote under --corpus DIR,\n"
    "                     with 2^B buckets (default 16); --holdout K leaves\n"
    "                     every K-th word out and writes it to --dev FILE\n";

struct lang_args {
    int show_conf;
    const char *train_out, *dicts, *dev, *corpus;
    int holdout, bits;
};

static int extra(void *ctx, int argc, char **argv, int i)
{
    struct lang_args *a = ctx;
    if (!strcmp(argv[i], "--confidence") || !strcmp(argv[i], "-c")) {
        a->show_conf = 1;
        return 1;
    }
    const char **slot = !strcmp(argv[i], "--train-words") ? &a->train_out
                        : !strcmp(argv[i], "--dicts")     ? &a->dicts
                        : !strcmp(argv[i], "--dev")       ? &a->dev
                        : !strcmp(argv[i], "--corpus")    ? &a->corpus
                                                          : NULL;
    int *num = !strcmp(argv[i], "--holdout") ? &a->holdout : !strcmp(argv[i], "--bits") ? &a->bits : NULL;
    if (!slot && !num) return 0;
    if (i + 1 >= argc) return -1;
    if (slot) *slot = argv[i + 1];
    else *num = atoi(argv[i + 1]);
    return 2;
}

/* `--train-words`: the single-word model from hunspell dictionaries. */
static int train_words(const struct lang_args *a)
{
    FILE *dev = NULL;
    if (a->dev && !(dev = fopen(a->dev, "w"))) {
        fprintf(stderr, "braid lang: cannot write %s\n", a->dev);
        return 1;
    }
    char why[512] = "";
    int rc = braid_lw_train(a->dicts, a->corpus, a->train_out, a->bits, a->holdout, dev, why, sizeof why);
    if (dev && fclose(dev) != 0) rc = -1;
    if (rc != 0) {
        fprintf(stderr, "braid lang: %s\n", why[0] ? why : "cannot write the dev set");
        return 1;
    }
    return 0;
}

int cmd_lang(int argc, char **argv)
{
    cli_opts o;
    struct lang_args a = {0, NULL, NULL, NULL, NULL, 0, 0};
    int rc = cli_parse(argc, argv, usage, &o, extra, &a);
    int show_conf = a.show_conf;
    if (rc >= 0) {
        free(o.paths);
        return rc;
    }
    if (a.train_out) {
        free(o.paths);
        return train_words(&a);
    }
    if (o.npaths) {
        fprintf(stderr, "braid lang: reads lines on stdin, takes no paths\n");
        free(o.paths);
        return 2;
    }
    free(o.paths);
    braid_engine *e = cli_engine(&o);
    if (!e) return 1;
    out_buf *ob = calloc(1, sizeof *ob);
    rc = 0;
    if (!ob) {
        fprintf(stderr, "braid lang: out of memory\n");
        braid_engine_free(e);
        return 1;
    }
    fflush(stdout);
    if (run_lines(e, STDIN_FILENO, ob, show_conf) != 0) {
        fprintf(stderr, "braid lang: cannot read input\n");
        rc = 1;
    }
    out_flush(ob);
    if (ob->failed || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "braid lang: cannot write output\n");
        rc = 1;
    }
    free(ob);
    braid_engine_free(e);
    return rc;
}
