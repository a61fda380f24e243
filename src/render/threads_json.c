/*
 * threads_json.c — threads as the contest's JSON, as NDJSON, and `top`.
 *
 * Contest (`braid threads`): [{"title": "...", "articles": ["a.html",
 * ...]}, ...] — every thread, singletons included, most important first,
 * articles by relevance.
 *
 * NDJSON (`--format ndjson`): one object per thread:
 *   {"thread": id, "story": id, "title": "...", "titles": {"en": "...",
 *    "ru": "..."}, "languages": ["en","ru"], "size": n, "sources": k,
 *    "importance": x, "category": c|null, "first": ISO|null, "last":
 *    ISO|null, "articles": [names], "duplicates": [[original, copy...]],
 *    "entities": [names as written], "dates": ["2019-11-18", ...]}
 *
 * Top (`braid top`, contest round 1): [{"category": "any", "threads":
 * [{"title", "category", "articles"}]}, {"category": "society",
 * "threads": [{"title", "articles"}]}, ...] — one group per category the
 * articles carry, threads by importance.
 */
#include "thread/threads_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze/dates.h"
#include "error.h"
#include "util/json_write.h"

static void title_of(const braid_threads *th, const tthread *t, const char *lang, buf *b)
{
    int32_t ti = braid_thread_title(th, t, lang);
    json_cstr_or_null(b, ti >= 0 ? th->docs[ti].title : "");
}

static void articles(const braid_threads *th, const tthread *t, buf *b)
{
    buf_putc(b, '[');
    for (size_t i = 0; i < t->n; i++) {
        if (i) buf_putc(b, ',');
        json_cstr_or_null(b, th->docs[t->m[i]].name);
    }
    buf_putc(b, ']');
}

static void iso_time(buf *b, int64_t t)
{
    if (t == INT64_MIN) {
        buf_puts(b, "null");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    buf_printf(b, "\"%s\"", s);
}

static void ndjson_thread(const braid_threads *th, int32_t tid, const char *lang, buf *b)
{
    const tthread *t = &th->thr[tid];
    int first = 1;
    buf_putc(b, '{');
    json_key(b, "thread", &first);
    buf_printf(b, "%d", tid);
    json_key(b, "story", &first);
    buf_printf(b, "%d", t->story);
    json_key(b, "title", &first);
    title_of(th, t, lang, b);
    /* languages, in order of first appearance by relevance */
    char langs[16][8];
    int nl = 0;
    for (size_t i = 0; i < t->n && nl < 16; i++) {
        const char *l = th->docs[t->m[i]].lang;
        int k = 0;
        while (k < nl && strcmp(langs[k], l)) k++;
        if (k == nl) memcpy(langs[nl++], l, 8);
    }
    json_key(b, "titles", &first);
    buf_putc(b, '{');
    for (int k = 0; k < nl; k++) {
        if (k) buf_putc(b, ',');
        json_cstr_or_null(b, langs[k]);
        buf_putc(b, ':');
        title_of(th, t, langs[k], b);
    }
    buf_putc(b, '}');
    json_key(b, "languages", &first);
    buf_putc(b, '[');
    for (int k = 0; k < nl; k++) {
        if (k) buf_putc(b, ',');
        json_cstr_or_null(b, langs[k]);
    }
    buf_putc(b, ']');
    json_key(b, "size", &first);
    buf_printf(b, "%zu", t->n);
    json_key(b, "sources", &first);
    buf_printf(b, "%d", t->sources);
    json_key(b, "importance", &first);
    buf_printf(b, "%.3f", t->importance);
    json_key(b, "category", &first);
    json_cstr_or_null(b, t->category);
    json_key(b, "first", &first);
    iso_time(b, t->tmin);
    json_key(b, "last", &first);
    iso_time(b, t->tmax);
    json_key(b, "articles", &first);
    articles(th, t, b);
    /* duplicate groups: original first, then its copies */
    json_key(b, "duplicates", &first);
    buf_putc(b, '[');
    int ng = 0;
    for (size_t i = 0; i < t->n; i++) {
        int32_t orig = t->m[i];
        if (th->docs[orig].dup_of >= 0) continue;
        int open = 0;
        for (size_t j = 0; j < t->n; j++) {
            if (th->docs[t->m[j]].dup_of != orig) continue;
            if (!open) {
                if (ng++) buf_putc(b, ',');
                buf_putc(b, '[');
                json_cstr_or_null(b, th->docs[orig].name);
                open = 1;
            }
            buf_putc(b, ',');
            json_cstr_or_null(b, th->docs[t->m[j]].name);
        }
        if (open) buf_putc(b, ']');
    }
    buf_putc(b, ']');
    /* entities and dates: shared with the server's thread view */
    json_key(b, "entities", &first);
    buf dates = BUF_INIT;
    braid_threads_keys_json(th, t, 8, b, &dates);
    json_key(b, "dates", &first);
    buf_append(b, dates.data, dates.len);
    buf_free(&dates);
    buf_puts(b, "}\n");
}

/* The key names of thread t — the `max_names` names most of its articles
 * mention, as first written — appended to `names` as a JSON array, and the
 * dates at least two of its articles mention (one for a singleton) to
 * `dates`.  Used by the NDJSON renderer and by the server's thread view,
 * so both show the same keys. */
void braid_threads_keys_json(const braid_threads *th, const tthread *t, int max_names,
                             buf *names, buf *dates)
{
    enum { MAX_CAND = 16, MAX_DATES = 32 };
    uint32_t ids[MAX_CAND];
    int cnt[MAX_CAND], ne = 0;
    const char *shown[MAX_CAND];
    int32_t dv[MAX_DATES];
    int dc[MAX_DATES], nd = 0;
    for (size_t i = 0; t && i < t->n; i++) {
        const tdoc *d = &th->docs[t->m[i]];
        for (size_t k = 0; k < d->an.nnames; k++) {
            int q = 0;
            while (q < ne && ids[q] != d->an.name_ids[k]) q++;
            if (q < ne) cnt[q]++;
            else if (ne < MAX_CAND) {
                ids[ne] = d->an.name_ids[k];
                cnt[ne] = 1;
                shown[ne++] = d->an.names[k];
            }
        }
        for (size_t k = 0; k < d->an.ndates; k++) {
            if (d->an.dates[k] < 0) continue; /* unresolved weekday */
            int q = 0;
            while (q < nd && dv[q] != d->an.dates[k]) q++;
            if (q < nd) dc[q]++;
            else if (nd < MAX_DATES) {
                dv[nd] = d->an.dates[k];
                dc[nd++] = 1;
            }
        }
    }
    buf_putc(names, '[');
    for (int out = 0; out < max_names; out++) {
        int bi = -1;
        for (int q = 0; q < ne; q++)
            if (cnt[q] > 0 && (bi < 0 || cnt[q] > cnt[bi])) bi = q;
        if (bi < 0) break;
        if (out) buf_putc(names, ',');
        json_cstr_or_null(names, shown[bi]);
        cnt[bi] = -1;
    }
    buf_putc(names, ']');
    buf_putc(dates, '[');
    int outd = 0;
    for (int q = 0; t && q < nd; q++) {
        if (dc[q] < (t->n > 1 ? 2 : 1)) continue;
        int y, m, dd;
        braid_civil_from_days(dv[q], &y, &m, &dd);
        if (outd++) buf_putc(dates, ',');
        buf_printf(dates, "\"%04d-%02d-%02d\"", y, m, dd);
    }
    buf_putc(dates, ']');
}

braid_status braid_threads_render(braid_threads *th, braid_threads_format fmt, const char *lang,
                                  char **out, size_t *len, braid_error *err)
{
    if (braid_threads_finalize(th, fmt == BRAID_THREADS_NDJSON) < 0)
        return braid_err_set(err, BRAID_ENOMEM, "threads: out of memory");
    buf b = BUF_INIT;
    if (fmt == BRAID_THREADS_JSON) buf_puts(&b, "[");
    for (size_t i = 0; i < th->norder; i++) {
        const tthread *t = &th->thr[th->order[i]];
        if (fmt == BRAID_THREADS_NDJSON) {
            ndjson_thread(th, th->order[i], lang, &b);
            continue;
        }
        buf_puts(&b, i ? ",\n  {\"title\": " : "\n  {\"title\": ");
        title_of(th, t, lang, &b);
        buf_puts(&b, ", \"articles\": ");
        articles(th, t, &b);
        buf_putc(&b, '}');
    }
    if (fmt == BRAID_THREADS_JSON) buf_puts(&b, th->norder ? "\n]\n" : "]\n");
    if (b.oom) {
        buf_free(&b);
        return braid_err_set(err, BRAID_ENOMEM, "threads: out of memory");
    }
    if (len) *len = b.len;
    *out = b.data ? buf_take(&b) : calloc(1, 1);
    return *out ? BRAID_OK : braid_err_set(err, BRAID_ENOMEM, "threads: out of memory");
}

static void top_group(const braid_threads *th, const char *cat, const char *lang, size_t limit,
                      buf *b, int *first_group)
{
    if (!*first_group) buf_puts(b, ",\n");
    *first_group = 0;
    buf_puts(b, "  {\"category\": ");
    json_cstr_or_null(b, cat ? cat : "any");
    buf_puts(b, ", \"threads\": [");
    size_t shown = 0;
    for (size_t i = 0; i < th->norder && (!limit || shown < limit); i++) {
        const tthread *t = &th->thr[th->order[i]];
        if (cat && (!t->category || strcmp(t->category, cat))) continue;
        buf_puts(b, shown++ ? ",\n    {\"title\": " : "\n    {\"title\": ");
        title_of(th, t, lang, b);
        if (!cat) {
            buf_puts(b, ", \"category\": ");
            json_cstr_or_null(b, t->category ? t->category : "any");
        }
        buf_puts(b, ", \"articles\": ");
        articles(th, t, b);
        buf_putc(b, '}');
    }
    buf_puts(b, shown ? "\n  ]}" : "]}");
}

braid_status braid_threads_render_top(braid_threads *th, const char *lang, size_t limit,
                                      char **out, size_t *len, braid_error *err)
{
    if (braid_threads_finalize(th, 0) < 0)
        return braid_err_set(err, BRAID_ENOMEM, "threads: out of memory");
    buf b = BUF_INIT;
    buf_puts(&b, "[\n");
    int first = 1;
    top_group(th, NULL, lang, limit, &b, &first);
    /* the categories present, in order of first appearance by importance */
    const char *cats[64];
    size_t nc = 0;
    for (size_t i = 0; i < th->norder; i++) {
        const char *c = th->thr[th->order[i]].category;
        if (!c) continue;
        size_t k = 0;
        while (k < nc && strcmp(cats[k], c)) k++;
        if (k == nc && nc < 64) cats[nc++] = c;
    }
    for (size_t k = 0; k < nc; k++) top_group(th, cats[k], lang, limit, &b, &first);
    buf_puts(&b, "\n]\n");
    if (b.oom) {
        buf_free(&b);
        return braid_err_set(err, BRAID_ENOMEM, "threads: out of memory");
    }
    if (len) *len = b.len;
    *out = buf_take(&b);
    return BRAID_OK;
}
