/*
 * dataset.c — labelled examples for training and evaluation, from the
 * formats the real data comes in.
 *
 *   .tsv      the toloka crowd-labelling export: a header row naming the
 *             columns (INPUT:url, INPUT:title, INPUT:text, GOLDEN:res), one
 *             article per line, no quoting.  Column order differs between
 *             files, so columns are found by name.
 *   .jsonl    {"title","text","url","label","lang"} per line (braid's own).
 *   .xml      a WMT test set: <doc id domain> holding <src> and <ref>
 *             translations as <p><seg> lists.  Its social / e-commerce /
 *             reviews / manuals documents are not news; its news documents
 *             are news (label "news": usable by the news task only).
 *   BBC       a folder of section folders of .txt files (title on the
 *             first line), read by braid_dataset_read_bbc().
 *   pages     Telegram Instant View HTML (the contest day) are read through
 *             the engine; braid_dataset_parse_page() is a small stand-in
 *             that takes og:url, og:title and the <p> text when the engine
 *             gives no URL (extraction not wired in yet).
 *
 * Strings are repaired to valid UTF-8 on the way in (one BBC file is
 * Latin-1).  The language of TSV/XML rows without one is guessed between
 * English and Russian by script: these sets hold nothing else.
 */
#include "classify/classify.h"
#include "error.h"
#include "read/read.h"
#include "util/file.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void braid_dataset_free(braid_dataset *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].title);
        free(d->v[i].text);
        free(d->v[i].url);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}

static char *dup_utf8(const char *s, size_t len)
{
    buf b = BUF_INIT;
    braid_utf8_repair(s ? s : "", s ? len : 0, &b);
    if (b.oom) {
        buf_free(&b);
        return NULL;
    }
    if (!b.data) return calloc(1, 1);
    return buf_take(&b);
}

int braid_dataset_add(braid_dataset *d, const char *title, size_t title_len,
                      const char *text, size_t text_len, const char *url,
                      const char *lang, const char *label, const char *source)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 256;
        braid_example *v = realloc(d->v, cap * sizeof *v);
        if (!v) return -1;
        d->v = v;
        d->cap = cap;
    }
    braid_example *e = &d->v[d->n];
    memset(e, 0, sizeof *e);
    e->title = dup_utf8(title, title_len);
    e->text = dup_utf8(text, text_len);
    e->url = dup_utf8(url, url ? strlen(url) : 0);
    if (!e->title || !e->text || !e->url) {
        free(e->title);
        free(e->text);
        free(e->url);
        return -1;
    }
    if (!lang || !lang[0]) lang = braid_classify_guess_enru(e->text, strlen(e->text));
    snprintf(e->lang, sizeof e->lang, "%s", lang);
    snprintf(e->label, sizeof e->label, "%s", label);
    snprintf(e->source, sizeof e->source, "%s", source);
    d->n++;
    return 0;
}

/* ---- TSV ---------------------------------------------------------------- */

#define MAX_COLS 32

static int split_tab(const char *s, size_t len, const char **f, size_t *fl)
{
    int n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len && n < MAX_COLS; i++) {
        if (i == len || s[i] == '\t') {
            f[n] = s + start;
            fl[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    return n;
}

braid_status braid_dataset_read_tsv(braid_dataset *d, const char *name, const char *s,
                                    size_t len, braid_error *err)
{
    int c_url = -1, c_title = -1, c_text = -1, c_res = -1, ncol = 0;
    size_t pos = 0, lineno = 0;
    while (pos < len) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len;
        size_t l = end - pos;
        if (l && s[pos + l - 1] == '\r') l--;
        const char *f[MAX_COLS];
        size_t fl[MAX_COLS];
        int n = split_tab(s + pos, l, f, fl);
        lineno++;
        if (lineno == 1) {
            ncol = n;
            for (int i = 0; i < n; i++) {
#define COL(var, label) \
    if (fl[i] == strlen(label) && !memcmp(f[i], label, fl[i])) var = i
                COL(c_url, "INPUT:url");
                COL(c_title, "INPUT:title");
                COL(c_text, "INPUT:text");
                COL(c_res, "GOLDEN:res");
#undef COL
            }
            if (c_title < 0 || c_text < 0 || c_res < 0)
                return braid_err_set(err, BRAID_EPARSE,
                                     "%s: header lacks INPUT:title, INPUT:text or GOLDEN:res",
                                     name);
        } else if (l > 0) {
            if (n != ncol)
                return braid_err_set(err, BRAID_EPARSE, "%s:%zu: %d columns, header has %d",
                                     name, lineno, n, ncol);
            char label[BRAID_CLS_NAME_MAX];
            if (fl[c_res] > 0 && fl[c_res] < sizeof label) {
                memcpy(label, f[c_res], fl[c_res]);
                label[fl[c_res]] = '\0';
                char url[2048] = "";
                if (c_url >= 0 && fl[c_url] < sizeof url) {
                    memcpy(url, f[c_url], fl[c_url]);
                    url[fl[c_url]] = '\0';
                }
                if (braid_dataset_add(d, f[c_title], fl[c_title], f[c_text], fl[c_text], url,
                                      NULL, label, "toloka"))
                    return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", name);
            }
        }
        pos = end + 1;
    }
    if (lineno == 0) return braid_err_set(err, BRAID_EEMPTY, "%s: empty", name);
    return BRAID_OK;
}

/* ---- JSON lines ------------------------------------------------------- */

static const char *jstr(json_t *o, const char *key, size_t *len)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) {
        *len = 0;
        return NULL;
    }
    *len = json_string_length(v);
    return json_string_value(v);
}

braid_status braid_dataset_read_jsonl(braid_dataset *d, const char *name, const char *s,
                                      size_t len, braid_error *err)
{
    size_t pos = 0, lineno = 0;
    while (pos < len) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len;
        lineno++;
        size_t l = end - pos;
        while (l && (s[pos + l - 1] == '\r' || s[pos + l - 1] == ' ')) l--;
        if (l) {
            json_error_t je;
            json_t *o = json_loadb(s + pos, l, 0, &je);
            if (!json_is_object(o)) {
                json_decref(o);
                return braid_err_set(err, BRAID_EPARSE, "%s:%zu: not a JSON object", name,
                                     lineno);
            }
            size_t tl, xl, ul, ll, gl;
            const char *title = jstr(o, "title", &tl), *text = jstr(o, "text", &xl);
            const char *url = jstr(o, "url", &ul), *label = jstr(o, "label", &ll);
            const char *lang = jstr(o, "lang", &gl);
            int rc = 0;
            if (label && ll > 0 && ll < BRAID_CLS_NAME_MAX && (title || text))
                rc = braid_dataset_add(d, title, tl, text, xl, url,
                                       (lang && gl < 8) ? lang : NULL, label, "jsonl");
            json_decref(o);
            if (rc) return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", name);
        }
        pos = end + 1;
    }
    return BRAID_OK;
}

/* ---- WMT XML ----------------------------------------------------------- */

static const char *find(const char *s, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = s; p && p + n <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p));
        if (!p || p + n > end) return NULL;
        if (!memcmp(p, needle, n)) return p;
    }
    return NULL;
}

/* attribute value of `attr` inside the tag [tag, tag_end) */
static int attr(const char *tag, const char *tag_end, const char *name, char *out, size_t cap)
{
    char pat[32];
    snprintf(pat, sizeof pat, " %s=\"", name);
    const char *p = find(tag, tag_end, pat);
    out[0] = '\0';
    if (!p) return -1;
    p += strlen(pat);
    const char *q = memchr(p, '"', (size_t)(tag_end - p));
    if (!q) return -1;
    size_t n = (size_t)(q - p) < cap - 1 ? (size_t)(q - p) : cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    return 0;
}

static void unescape_into(buf *b, const char *s, const char *e)
{
    static const struct { const char *ent; char c; } ents[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    while (s < e) {
        if (*s == '&') {
            int done = 0;
            for (size_t i = 0; i < 5 && !done; i++) {
                size_t n = strlen(ents[i].ent);
                if ((size_t)(e - s) >= n && !memcmp(s, ents[i].ent, n)) {
                    buf_putc(b, ents[i].c);
                    s += n;
                    done = 1;
                }
            }
            if (done) continue;
        }
        buf_putc(b, *s++);
    }
}

/* Collect the <seg> texts of [s, e): first segment → title, the others →
 * text (segments joined by spaces, <p> blocks by blank lines). */
static void segs(const char *s, const char *e, buf *title, buf *text)
{
    const char *p = s;
    int first = 1;
    const char *last_p = s;
    while ((p = find(p, e, "<seg")) != NULL) {
        const char *gt = memchr(p, '>', (size_t)(e - p));
        if (!gt) break;
        const char *close = find(gt, e, "</seg>");
        if (!close) break;
        if (first) {
            unescape_into(title, gt + 1, close);
            first = 0;
        } else {
            const char *para = find(last_p, p, "<p>");
            if (text->len) buf_puts(text, para ? "\n\n" : " ");
            unescape_into(text, gt + 1, close);
        }
        last_p = close;
        p = close + 6;
    }
}

braid_status braid_dataset_read_wmt(braid_dataset *d, const char *name, const char *s,
                                    size_t len, braid_error *err)
{
    const char *end = s + len, *p = s;
    size_t ndocs = 0;
    buf title = BUF_INIT, text = BUF_INIT;
    braid_status st = BRAID_OK;
    while ((p = find(p, end, "<doc ")) != NULL) {
        const char *gt = memchr(p, '>', (size_t)(end - p));
        const char *dend = gt ? find(gt, end, "</doc>") : NULL;
        if (!dend) {
            st = braid_err_set(err, BRAID_EPARSE, "%s: unterminated <doc>", name);
            break;
        }
        char id[128], domain[64];
        attr(p, gt, "id", id, sizeof id);
        attr(p, gt, "domain", domain, sizeof domain);
        if (!domain[0]) { /* ids like social_ru_197 carry the domain */
            const char *u = strchr(id, '_');
            size_t n = u ? (size_t)(u - id) : 0;
            if (n && n < sizeof domain) {
                memcpy(domain, id, n);
                domain[n] = '\0';
            }
        }
        const char *label = NULL;
        if (!strcmp(domain, "news")) label = "news";
        else if (!strcmp(domain, "social") || !strcmp(domain, "ecommerce") ||
                 !strcmp(domain, "e-commerce") || !strcmp(domain, "reviews") ||
                 !strcmp(domain, "manuals") || !strcmp(domain, "conversation"))
            label = "not_news";
        /* the source, and the first reference translation */
        const char *parts[2][2] = {{"<src", "</src>"}, {"<ref", "</ref>"}};
        for (int k = 0; label && k < 2; k++) {
            const char *a = find(gt, dend, parts[k][0]);
            const char *agt = a ? memchr(a, '>', (size_t)(dend - a)) : NULL;
            const char *b = agt ? find(agt, dend, parts[k][1]) : NULL;
            if (!b) continue;
            char lang[16];
            attr(a, agt, "lang", lang, sizeof lang);
            buf_clear(&title);
            buf_clear(&text);
            segs(agt, b, &title, &text);
            if (title.oom || text.oom) {
                st = braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", name);
                break;
            }
            if (!text.len) continue;
            char url[160];
            snprintf(url, sizeof url, "wmt:%s:%s", id, lang);
            if (braid_dataset_add(d, title.data, title.len, text.data, text.len, url,
                                  strlen(lang) < 8 ? lang : NULL, label, "wmt")) {
                st = braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", name);
                break;
            }
        }
        if (st != BRAID_OK) break;
        ndocs++;
        p = dend;
    }
    buf_free(&title);
    buf_free(&text);
    if (st == BRAID_OK && ndocs == 0)
        st = braid_err_set(err, BRAID_EPARSE, "%s: no <doc> elements", name);
    return st;
}

/* ---- files ----------------------------------------------------------------- */

static braid_status slurp(const char *path, buf *b, braid_error *err)
{
    if (braid_file_read(path, b) == 0) return BRAID_OK;
    return braid_err_set(err, errno == ENOENT ? BRAID_ENOTFOUND : errno == ENOMEM ? BRAID_ENOMEM : BRAID_EIO,
                         "%s: cannot read: %s", path, strerror(errno));
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

braid_status braid_dataset_read_file(braid_dataset *d, const char *path, braid_error *err)
{
    buf b = BUF_INIT;
    braid_status st = slurp(path, &b, err);
    if (st == BRAID_OK) {
        const char *s = b.data ? b.data : "";
        if (ends_with(path, ".tsv")) st = braid_dataset_read_tsv(d, path, s, b.len, err);
        else if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson"))
            st = braid_dataset_read_jsonl(d, path, s, b.len, err);
        else if (ends_with(path, ".xml")) st = braid_dataset_read_wmt(d, path, s, b.len, err);
        else
            st = braid_err_set(err, BRAID_EINVAL,
                               "%s: unknown data format (want .tsv, .jsonl, .xml or a folder)",
                               path);
    }
    buf_free(&b);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

braid_status braid_dataset_read_bbc(braid_dataset *d, const char *dir, braid_error *err)
{
    static const struct { const char *folder, *label; } map[] = {
        {"business", "economy"}, {"entertainment", "entertainment"}, {"politics", "society"},
        {"sport", "sports"}, {"tech", "technology"}};
    size_t found = 0;
    for (size_t m = 0; m < 5; m++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, map[m].folder);
        DIR *dh = opendir(path);
        if (!dh) continue;
        char **names = NULL;
        size_t nn = 0, cap = 0;
        struct dirent *de;
        while ((de = readdir(dh)) != NULL) {
            if (!ends_with(de->d_name, ".txt")) continue;
            if (nn == cap) {
                cap = cap ? cap * 2 : 512;
                char **v = realloc(names, cap * sizeof *v);
                if (!v) break;
                names = v;
            }
            if (nn < cap && (names[nn] = strdup(de->d_name)) != NULL) nn++;
        }
        closedir(dh);
        if (nn) qsort(names, nn, sizeof *names, cmp_str);
        braid_status st = BRAID_OK;
        for (size_t i = 0; i < nn; i++) {
            char fp[8192];
            snprintf(fp, sizeof fp, "%s/%s", path, names[i]);
            buf b = BUF_INIT;
            if (st == BRAID_OK) st = slurp(fp, &b, err);
            if (st == BRAID_OK && b.len) {
                const char *nl = memchr(b.data, '\n', b.len);
                size_t tl = nl ? (size_t)(nl - b.data) : b.len;
                size_t off = nl ? tl + 1 : b.len;
                char url[160];
                snprintf(url, sizeof url, "bbc:%s/%s", map[m].folder, names[i]);
                if (braid_dataset_add(d, b.data, tl, b.data + off, b.len - off, url, "en",
                                      map[m].label, "bbc"))
                    st = braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", fp);
                found++;
            }
            buf_free(&b);
            free(names[i]);
        }
        free(names);
        if (st != BRAID_OK) return st;
    }
    if (!found)
        return braid_err_set(err, BRAID_ENOTFOUND, "%s: no BBC section folders with .txt files",
                             dir);
    return BRAID_OK;
}

/* ---- Instant View pages ------------------------------------------------ */

static void meta_content(const char *s, const char *e, const char *prop, buf *out)
{
    char pat[64];
    snprintf(pat, sizeof pat, "property=\"%s\" content=\"", prop);
    const char *p = find(s, e, pat);
    if (!p) return;
    p += strlen(pat);
    const char *q = memchr(p, '"', (size_t)(e - p));
    if (q) unescape_into(out, p, q);
}

static void text_of(buf *out, const char *s, const char *e)
{
    int space = out->len > 0 && out->data[out->len - 1] != '\n';
    while (s < e) {
        if (*s == '<') {
            const char *gt = memchr(s, '>', (size_t)(e - s));
            if (!gt) break;
            s = gt + 1;
            continue;
        }
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            space = 1;
            s++;
            continue;
        }
        if (space && out->len && out->data[out->len - 1] != '\n') buf_putc(out, ' ');
        space = 0;
        if (*s == '&') {
            static const struct { const char *ent; const char *rep; } ents[] = {
                {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                {"&#39;", "'"}, {"&nbsp;", " "}, {"&apos;", "'"}};
            int done = 0;
            for (size_t i = 0; i < sizeof ents / sizeof ents[0] && !done; i++) {
                size_t n = strlen(ents[i].ent);
                if ((size_t)(e - s) >= n && !memcmp(s, ents[i].ent, n)) {
                    buf_puts(out, ents[i].rep);
                    s += n;
                    done = 1;
                }
            }
            if (done) continue;
        }
        buf_putc(out, *s++);
    }
}

int braid_dataset_parse_page(const char *html, size_t len, buf *url, buf *title, buf *text)
{
    const char *e = html + len;
    const char *head_end = find(html, e, "</head>");
    if (!head_end) head_end = e;
    meta_content(html, head_end, "og:url", url);
    meta_content(html, head_end, "og:title", title);
    const char *p = head_end;
    while ((p = find(p, e, "<p")) != NULL) {
        if (p + 2 < e && p[2] != '>' && p[2] != ' ') {
            p += 2;
            continue;
        }
        const char *gt = memchr(p, '>', (size_t)(e - p));
        const char *close = gt ? find(gt, e, "</p>") : NULL;
        if (!close) break;
        if (text->len) buf_puts(text, "\n\n");
        text_of(text, gt + 1, close);
        p = close + 4;
    }
    return url->oom || title->oom || text->oom ? -1 : 0;
}
