/*
 * cmd_read.c — the reading verbs: `extract` (NDJSON of text and
 * metadata), `languages` (contest JSON grouping by language) and `config`
 * (the effective configuration).
 */
#include "cli/cli.h"
#include "util/buf.h"
#include "util/json_write.h"

#include <stdlib.h>
#include <string.h>

static const char extract_usage[] =
    "usage: braid extract [OPTIONS] [FILE|DIR|-]...\n\n"
    "Read documents (HTML, plain text, JSON lines; directories recursively;\n"
    "stdin when no path or '-') and print one JSON object per document:\n"
    "  {\"file\",\"url\",\"site\",\"title\",\"published\",\"author\",\"description\",\n"
    "   \"lang\",\"lang_confidence\",\"charset\",\"format\",\"text\"}\n"
    "Problems are reported on stderr as 'braid: FILE: reason'; the exit status\n"
    "is 1 when any document failed.\n\n"
    "options:\n"
    "  --set KEY=VALUE   override one configuration key (see `braid config`)\n"
    "  --config FILE     read configuration from FILE (key = value lines)\n"
    "  --quiet           do not report failed documents on stderr\n";

static const char *format_name(braid_format f)
{
    switch (f) {
    case BRAID_FORMAT_HTML: return "html";
    case BRAID_FORMAT_JSONL: return "jsonl";
    case BRAID_FORMAT_TEXT: return "text";
    default: return "auto";
    }
}

/* Printing as documents arrive keeps memory flat for huge inputs. */
struct extract_ctx {
    buf out;
    size_t failed;
    int quiet;
};

static int print_doc(void *vctx, braid_doc *d, const braid_error *err)
{
    struct extract_ctx *c = vctx;
    if (!d) {
        c->failed++;
        if (!c->quiet) fprintf(stderr, "braid: %s\n", err->message);
        return 0;
    }
    buf *b = &c->out;
    int first = 1;
    size_t tlen;
    const char *text = braid_doc_text(d, &tlen);
    buf_putc(b, '{');
    json_key(b, "file", &first); json_cstr_or_null(b, braid_doc_name(d));
    json_key(b, "url", &first); json_cstr_or_null(b, braid_doc_url(d));
    json_key(b, "site", &first); json_cstr_or_null(b, braid_doc_site(d));
    json_key(b, "title", &first); json_cstr_or_null(b, braid_doc_title(d));
    json_key(b, "published", &first); json_cstr_or_null(b, braid_doc_published(d));
    json_key(b, "author", &first); json_cstr_or_null(b, braid_doc_author(d));
    json_key(b, "description", &first); json_cstr_or_null(b, braid_doc_description(d));
    json_key(b, "lang", &first); json_cstr_or_null(b, braid_doc_lang(d));
    json_key(b, "lang_confidence", &first); buf_printf(b, "%.3f", braid_doc_lang_confidence(d));
    json_key(b, "charset", &first); json_cstr_or_null(b, braid_doc_charset(d));
    json_key(b, "format", &first); json_cstr_or_null(b, format_name(braid_doc_format(d)));
    json_key(b, "text", &first); json_str(b, text, tlen);
    buf_puts(b, "}\n");
    braid_doc_free(d);
    if (b->len > (1 << 16)) {
        int rc = cli_write(b->data, b->len);
        buf_clear(b);
        return rc != 0;
    }
    return 0;
}

int cmd_extract(int argc, char **argv)
{
    cli_opts o;
    int rc = cli_parse(argc, argv, extract_usage, &o, NULL, NULL);
    if (rc >= 0) { free(o.paths); return rc; }
    braid_engine *e = cli_engine(&o);
    if (!e) { free(o.paths); return 2; }
    struct extract_ctx c = {BUF_INIT, 0, o.quiet};
    static const char *stdin_path[] = {"-"};
    braid_engine_read_paths(e, o.npaths ? o.paths : stdin_path, o.npaths ? (size_t)o.npaths : 1,
                            BRAID_FORMAT_AUTO, print_doc, &c, NULL, NULL);
    int wrc = cli_write(c.out.data, c.out.len);
    buf_free(&c.out);
    braid_engine_free(e);
    free(o.paths);
    return wrc ? 2 : c.failed ? 1 : 0;
}

static const char languages_usage[] =
    "usage: braid languages [OPTIONS] [FILE|DIR|-]...\n\n"
    "Group documents by detected language, in the data clustering contest's\n"
    "format: [{\"lang_code\":\"en\",\"articles\":[\"file.html\",...]},...]\n"
    "Groups are ordered by size (largest first), articles in input order;\n"
    "every detected language is a group (\"und\" collects the undecided).\n"
    "--format ndjson prints {\"file\",\"lang\",\"confidence\"} per document.\n\n"
    "options: --set KEY=VALUE, --config FILE, --format json|ndjson, --quiet\n";

struct group {
    char code[8];
    size_t *idx, n, cap;
};

int cmd_languages(int argc, char **argv)
{
    cli_opts o;
    int rc = cli_parse(argc, argv, languages_usage, &o, NULL, NULL);
    if (rc >= 0) { free(o.paths); return rc; }
    braid_engine *e = cli_engine(&o);
    if (!e) { free(o.paths); return 2; }
    cli_docs docs;
    cli_load_docs(e, &o, &docs);
    buf b = BUF_INIT;
    if (!strcmp(o.format, "ndjson")) {
        for (size_t i = 0; i < docs.n; i++) {
            int first = 1;
            buf_putc(&b, '{');
            json_key(&b, "file", &first); json_cstr_or_null(&b, braid_doc_name(docs.v[i]));
            json_key(&b, "lang", &first); json_cstr_or_null(&b, braid_doc_lang(docs.v[i]));
            json_key(&b, "confidence", &first);
            buf_printf(&b, "%.3f", braid_doc_lang_confidence(docs.v[i]));
            buf_puts(&b, "}\n");
        }
    } else {
        struct group *g = NULL;
        size_t ng = 0;
        for (size_t i = 0; i < docs.n; i++) {
            const char *code = braid_doc_lang(docs.v[i]);
            size_t k = 0;
            while (k < ng && strcmp(g[k].code, code)) k++;
            if (k == ng) {
                struct group *ng2 = realloc(g, (ng + 1) * sizeof *g);
                if (!ng2) break;
                g = ng2;
                memset(&g[ng], 0, sizeof g[ng]);
                snprintf(g[ng].code, sizeof g[ng].code, "%s", code);
                ng++;
            }
            if (g[k].n == g[k].cap) {
                size_t cap = g[k].cap ? g[k].cap * 2 : 16;
                size_t *v = realloc(g[k].idx, cap * sizeof *v);
                if (!v) break;
                g[k].idx = v;
                g[k].cap = cap;
            }
            g[k].idx[g[k].n++] = i;
        }
        /* largest groups first; stable for equal sizes (first seen first) */
        for (size_t i = 1; i < ng; i++)
            for (size_t j = i; j > 0 && g[j].n > g[j - 1].n; j--) {
                struct group t = g[j]; g[j] = g[j - 1]; g[j - 1] = t;
            }
        buf_putc(&b, '[');
        for (size_t k = 0; k < ng; k++) {
            buf_puts(&b, k ? ",\n  {\"lang_code\":" : "\n  {\"lang_code\":");
            json_str(&b, g[k].code, strlen(g[k].code));
            buf_puts(&b, ",\"articles\":[");
            for (size_t j = 0; j < g[k].n; j++) {
                if (j) buf_putc(&b, ',');
                json_cstr_or_null(&b, braid_doc_name(docs.v[g[k].idx[j]]));
            }
            buf_puts(&b, "]}");
            free(g[k].idx);
        }
        buf_puts(&b, ng ? "\n]\n" : "]\n");
        free(g);
    }
    int wrc = cli_write(b.data, b.len);
    buf_free(&b);
    size_t failed = docs.failed;
    cli_docs_free(&docs);
    braid_engine_free(e);
    free(o.paths);
    return wrc ? 2 : failed ? 1 : 0;
}

static const char config_usage[] =
    "usage: braid config [--set KEY=VALUE]... [--config FILE]\n\n"
    "Print the effective configuration as `key = value` lines (the format\n"
    "--config reads).  docs/CONFIG.md describes every key.\n";

int cmd_config(int argc, char **argv)
{
    cli_opts o;
    int rc = cli_parse(argc, argv, config_usage, &o, NULL, NULL);
    if (rc >= 0) { free(o.paths); return rc; }
    braid_config_print(&o.cfg, stdout);
    free(o.paths);
    return 0;
}
