/*
 * jsonl.c — JSON lines input: one article object per line.
 *
 *   {"id":"a1","url":"…","title":"…","text":"…"|"html":"…",
 *    "published":"2020-11-07T10:00:00Z"|1604743200,"source":"site",
 *    "author":"…"}
 *
 * Each line is parsed with jansson and becomes one document named by its
 * `id` (or FILE:LINE when it has none).  A bad line is reported with its
 * line number and reading goes on with the next one; blank lines are
 * skipped.  `text` goes through the plain-text cleaner, `html` through
 * the HTML extractor; fields given in the object win over what the body
 * says (the JSON is the publisher's own metadata).
 */
#include "engine.h"
#include "error.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *str_field(json_t *o, const char *k, size_t *len)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_string(v)) return NULL;
    *len = json_string_length(v);
    return json_string_value(v);
}

static braid_status one_line(braid_engine *e, const char *name, size_t lineno,
                             const char *line, size_t n, braid_doc **out,
                             braid_error *err)
{
    *out = NULL;
    json_error_t je;
    json_t *o = json_loadb(line, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!o)
        return braid_err_set(err, BRAID_EPARSE, "%s:%zu: invalid JSON: %s", name, lineno, je.text);
    if (!json_is_object(o)) {
        json_decref(o);
        return braid_err_set(err, BRAID_EPARSE, "%s:%zu: a line must be a JSON object", name, lineno);
    }
    char idbuf[64];
    const char *id = NULL;
    size_t l;
    json_t *idv = json_object_get(o, "id");
    if (json_is_string(idv) && json_string_length(idv) > 0) id = json_string_value(idv);
    else if (json_is_integer(idv)) {
        snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(idv));
        id = idbuf;
    }
    char fallback[1100];
    if (!id) {
        snprintf(fallback, sizeof fallback, "%s:%zu", name, lineno);
        id = fallback;
    }
    braid_doc *d = braid_doc_new(id, name);
    if (!d) { json_decref(o); return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", id); }
    d->format = BRAID_FORMAT_JSONL;
    strcpy(d->charset, "UTF-8");
    const char *s;
    int oom = 0;
    if ((s = str_field(o, "url", &l))) oom |= braid_doc_set(&d->url, s, l);
    if ((s = str_field(o, "title", &l))) oom |= braid_doc_set(&d->title, s, l);
    if ((s = str_field(o, "source", &l)) || (s = str_field(o, "site", &l)))
        oom |= braid_doc_set(&d->site, s, l);
    if ((s = str_field(o, "author", &l))) oom |= braid_doc_set(&d->author, s, l);
    if ((s = str_field(o, "description", &l))) oom |= braid_doc_set(&d->description, s, l);
    json_t *pub = json_object_get(o, "published");
    if (json_is_string(pub)) braid_doc_set_published(d, json_string_value(pub), json_string_length(pub));
    else if (json_is_integer(pub)) {
        char t[32];
        snprintf(t, sizeof t, "%lld", (long long)json_integer_value(pub));
        braid_doc_set_published(d, t, strlen(t));
    }
    braid_status st = BRAID_OK;
    if (oom) st = braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", id);
    else if ((s = str_field(o, "html", &l)))
        st = braid_engine_process(e, d, s, l, BRAID_FORMAT_HTML, err);
    else if ((s = str_field(o, "text", &l)))
        st = braid_engine_process(e, d, s, l, BRAID_FORMAT_TEXT, err);
    else
        st = braid_err_set(err, BRAID_ENOTEXT, "%s:%zu: no \"text\" or \"html\" field", name, lineno);
    json_decref(o);
    if (st != BRAID_OK) {
        braid_doc_free(d);
        return st;
    }
    *out = d;
    return BRAID_OK;
}

braid_status braid_jsonl_read(braid_engine *e, const char *name, const char *text,
                              size_t len, braid_doc_fn fn, void *ctx)
{
    braid_status first = BRAID_OK;
    size_t lineno = 0, docs = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        const char *a = p, *b = le;
        while (a < b && (*a == ' ' || *a == '\t' || *a == '\r')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r')) b--;
        p = nl ? nl + 1 : end;
        if (a == b) continue;
        braid_doc *d;
        braid_error err;
        braid_status st = one_line(e, name, lineno, a, (size_t)(b - a), &d, &err);
        if (st != BRAID_OK) {
            if (first == BRAID_OK) first = st;
            if (fn(ctx, NULL, &err)) return first;
            continue;
        }
        docs++;
        if (fn(ctx, d, NULL)) return first;
    }
    if (docs == 0 && first == BRAID_OK) {
        braid_error err;
        first = braid_err_set(&err, BRAID_EEMPTY, "%s: no JSON lines", name);
        fn(ctx, NULL, &err);
    }
    return first;
}
