/*
 * engine.c — the braid_engine handle and the per-document pipeline.
 *
 * The engine owns the configuration and the language models, and runs
 * each document down the reading stages in one direction: limits →
 * binary check → charset → format → extract → language.  Analysis,
 * classification and threading keep handles of their own, made from the
 * same configuration (braid.h sections 7 and 8), so a front end combines
 * them as it needs.  Problems are reported per document through the
 * caller's callback, so one bad file never stops a batch.
 */
#include "engine.h"
#include "error.h"
#include "extract/extract.h"
#include "read/read.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

/* Language identification reads the title and this much of the text:
 * enough for a confident answer, bounded so long articles cost the same.
 * Measured on the 40,133 contest pages: 4,096 bytes → 2,048 cut the
 * language stage's CPU by a quarter (CLD2's time is linear in its input)
 * and changed 9 pages, every one for the better — pages whose later
 * half switches language (a Japanese games list ending in English
 * titles, an Italian article quoting an English press release). */
#define LANG_SAMPLE_BYTES 2048

braid_engine *braid_engine_new(const braid_config *cfg, braid_error *err)
{
    braid_engine *e = calloc(1, sizeof *e);
    if (!e) {
        braid_err_set(err, BRAID_ENOMEM, "engine: out of memory");
        return NULL;
    }
    if (cfg) e->cfg = *cfg;
    else braid_config_init(&e->cfg);
    e->lang = braid_lang_new(&e->cfg, err);
    if (!e->lang) {
        braid_engine_free(e);
        return NULL;
    }
    return e;
}

braid_engine *braid_engine_fork(const braid_engine *parent, braid_error *err)
{
    if (!parent) {
        braid_err_set(err, BRAID_EINVAL, "engine: no parent to fork");
        return NULL;
    }
    braid_engine *e = calloc(1, sizeof *e);
    if (!e) {
        braid_err_set(err, BRAID_ENOMEM, "engine: out of memory");
        return NULL;
    }
    e->cfg = parent->cfg;
    e->lang = braid_lang_fork(parent->lang, err);
    if (!e->lang) {
        braid_engine_free(e);
        return NULL;
    }
    return e;
}

void braid_engine_free(braid_engine *e)
{
    if (!e) return;
    braid_lang_free(e->lang);
    free(e);
}

const braid_config *braid_engine_config(const braid_engine *e) { return &e->cfg; }

braid_status braid_engine_detect_lang(braid_engine *e, const char *text, size_t len,
                                      braid_lang_guess *out)
{
    if (!e || !out || (!text && len)) return BRAID_EINVAL;
    braid_lang_detect(e->lang, text ? text : "", len, out);
    return BRAID_OK;
}

/* Cut at most `max` bytes of UTF-8 without splitting a character. */
static size_t utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max) return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return n;
}

static void detect_doc_lang(braid_engine *e, braid_doc *d)
{
    buf sample = BUF_INIT;
    if (d->title) {
        buf_puts(&sample, d->title);
        buf_puts(&sample, "\n");
    }
    if (d->text) buf_append(&sample, d->text, utf8_prefix(d->text, d->text_len, LANG_SAMPLE_BYTES));
    if (sample.len == 0 && d->description) buf_puts(&sample, d->description);
    braid_lang_guess g;
    braid_lang_detect(e->lang, sample.data ? sample.data : "", sample.len, &g);
    memcpy(d->lang, g.code, sizeof d->lang);
    d->lang[sizeof d->lang - 1] = '\0';
    d->lang_conf = g.confidence;
    buf_free(&sample);
}

braid_status braid_engine_process(braid_engine *e, braid_doc *d, const char *body,
                                  size_t len, braid_format fmt, braid_error *err)
{
    braid_status st;
    if (fmt == BRAID_FORMAT_HTML)
        st = braid_extract_html(body, len, &e->cfg, d, err);
    else
        st = braid_extract_text(body, len, &e->cfg, d, err);
    if (st != BRAID_OK) return st;
    size_t chars = 0;
    for (size_t i = 0; i < d->text_len; i++) chars += ((unsigned char)d->text[i] & 0xC0) != 0x80;
    if ((chars == 0 || chars < (size_t)e->cfg.min_text_chars) && !(d->title && *d->title))
        return braid_err_set(err, BRAID_ENOTEXT, "%s: no text found", d->path);
    detect_doc_lang(e, d);
    return BRAID_OK;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return 0;
    }
    return 1;
}

braid_status braid_engine_read(braid_engine *e, const char *name, const void *bytes,
                               size_t len, braid_format hint, braid_doc_fn fn, void *ctx)
{
    braid_error err;
    braid_status st = BRAID_OK;
    buf text = BUF_INIT;
    char charset[32] = "UTF-8";
    if (!name) name = "-";

    if (len == 0 || !bytes) {
        st = braid_err_set(&err, BRAID_EEMPTY, "%s: empty document", name);
        goto fail;
    }
    if (len > e->cfg.max_doc_bytes) {
        st = braid_err_set(&err, BRAID_ETOOBIG, "%s: %zu bytes is over the limit of %zu (max_doc_bytes)",
                           name, len, e->cfg.max_doc_bytes);
        goto fail;
    }
    if (braid_sniff_binary(bytes, len)) {
        st = braid_err_set(&err, BRAID_EBINARY, "%s: binary file, not a text document", name);
        goto fail;
    }
    /* a cheap look at the raw bytes decides whether <meta charset> applies */
    int looks_html = hint == BRAID_FORMAT_HTML ||
                     (hint == BRAID_FORMAT_AUTO &&
                      braid_sniff_format(bytes, len < 4096 ? len : 4096) == BRAID_FORMAT_HTML);
    if ((st = braid_charset_decode(bytes, len, looks_html, &text, charset, &err)) != BRAID_OK) {
        braid_error e2 = err;
        st = braid_err_set(&err, st, "%s: %s", name, e2.message);
        goto fail;
    }
    if (only_space(text.data, text.len)) {
        st = braid_err_set(&err, BRAID_EEMPTY, "%s: document holds only white space", name);
        goto fail;
    }
    braid_format fmt = hint != BRAID_FORMAT_AUTO ? hint : braid_sniff_format(text.data, text.len);
    if (fmt == BRAID_FORMAT_JSONL) {
        st = braid_jsonl_read(e, name, text.data, text.len, fn, ctx);
        buf_free(&text);
        return st;
    }
    braid_doc *d = braid_doc_new(base_name(name), name);
    if (!d) {
        st = braid_err_set(&err, BRAID_ENOMEM, "%s: out of memory", name);
        goto fail;
    }
    d->format = fmt;
    memcpy(d->charset, charset, sizeof d->charset);
    if ((st = braid_engine_process(e, d, text.data, text.len, fmt, &err)) != BRAID_OK) {
        braid_doc_free(d);
        goto fail;
    }
    buf_free(&text);
    fn(ctx, d, NULL);
    return BRAID_OK;
fail:
    buf_free(&text);
    fn(ctx, NULL, &err);
    return st;
}

struct one_ctx {
    braid_doc *doc;
    braid_error err;
    int have_err;
};

static int take_first(void *vctx, braid_doc *d, const braid_error *err)
{
    struct one_ctx *c = vctx;
    if (d) {
        if (c->doc) braid_doc_free(d);
        else c->doc = d;
    } else if (!c->have_err) {
        c->err = *err;
        c->have_err = 1;
    }
    return c->doc != NULL;
}

braid_status braid_engine_read_one(braid_engine *e, const char *name, const void *bytes,
                                   size_t len, braid_doc **out, braid_error *err)
{
    struct one_ctx c = {0};
    braid_engine_read(e, name, bytes, len, BRAID_FORMAT_AUTO, take_first, &c);
    *out = c.doc;
    if (c.doc) return BRAID_OK;
    if (err) *err = c.err;
    return c.have_err ? c.err.code : BRAID_EEMPTY;
}
