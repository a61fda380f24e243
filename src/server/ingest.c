/*
 * ingest.c — from an HTTP body to a storable article record.
 *
 * An engine (and a classifier) may be used by one thread at a time, and
 * reading a page (decode, extract, identify the language, classify) and
 * the clusterer's analysis of it (tokens, stems, names, dates: a
 * braid_threads_preparer) are the expensive part of a PUT, so the server
 * keeps a small pool of them and a request borrows one for the duration
 * of its body's processing — outside any lock, in parallel with other
 * requests.  The single committer then only places the analysed article
 * (measured: the analysis was ~0.7 ms of the committer's time per PUT,
 * which capped a server at ~1,400 PUT/s whatever its cores).
 *
 * Without models (no news.model/category.model in model_dir), every
 * article counts as news in category "other" and news_score is -1, so the
 * server still threads articles; the log says so once at start.
 */
#include "server/ingest.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "error.h"

typedef struct slot {
    braid_engine *engine;
    braid_classifier *cls;
    braid_threads_preparer *prep; /* the clusterer's analysis (NULL: none) */
    int busy;
} slot;

struct braid_ingest {
    slot *s;
    int n;
    int classifies;
    pthread_mutex_t mu;
    pthread_cond_t freed;
};

void braid_ingest_free(braid_ingest *ig)
{
    if (!ig) return;
    for (int i = 0; i < ig->n; i++) {
        braid_engine_free(ig->s[i].engine);
        braid_classifier_free(ig->s[i].cls);
        braid_threads_preparer_free(ig->s[i].prep);
    }
    free(ig->s);
    pthread_mutex_destroy(&ig->mu);
    pthread_cond_destroy(&ig->freed);
    free(ig);
}

braid_ingest *braid_ingest_new(const braid_config *cfg, int workers, braid_index *ix,
                               braid_error *err)
{
    if (workers <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        workers = n < 1 ? 1 : n > 8 ? 8 : (int)n;
    }
    braid_ingest *ig = calloc(1, sizeof *ig);
    if (!ig || !(ig->s = calloc((size_t)workers, sizeof *ig->s))) {
        free(ig);
        braid_err_set(err, BRAID_ENOMEM, "ingest: out of memory");
        return NULL;
    }
    pthread_mutex_init(&ig->mu, NULL);
    pthread_cond_init(&ig->freed, NULL);
    ig->classifies = 1;
    for (int i = 0; i < workers; i++) {
        ig->s[i].engine = i ? braid_engine_fork(ig->s[0].engine, err) : braid_engine_new(cfg, err);
        if (!ig->s[i].engine) {
            braid_ingest_free(ig);
            return NULL;
        }
        ig->n++;
        ig->s[i].prep = ix ? braid_index_preparer_new(ix) : NULL;
        if (ig->classifies) {
            braid_error e2;
            ig->s[i].cls = braid_classifier_new(cfg->model_dir, cfg->news_min_score, &e2);
            if (!ig->s[i].cls) {
                ig->classifies = 0;
                fprintf(stderr, "braid serve: no classification (%s): every article is news, "
                                "category other\n", e2.message);
            }
        }
    }
    return ig;
}

int braid_ingest_classifies(const braid_ingest *ig) { return ig->classifies; }
int braid_ingest_workers(const braid_ingest *ig) { return ig->n; }

static slot *acquire(braid_ingest *ig)
{
    pthread_mutex_lock(&ig->mu);
    for (;;) {
        for (int i = 0; i < ig->n; i++)
            if (!ig->s[i].busy) {
                ig->s[i].busy = 1;
                pthread_mutex_unlock(&ig->mu);
                return &ig->s[i];
            }
        pthread_cond_wait(&ig->freed, &ig->mu);
    }
}

static void release(braid_ingest *ig, slot *s)
{
    pthread_mutex_lock(&ig->mu);
    s->busy = 0;
    pthread_cond_signal(&ig->freed);
    pthread_mutex_unlock(&ig->mu);
}

struct first {
    braid_doc *doc;
    braid_error err;
    int failed;
};

static int take_first(void *vctx, braid_doc *doc, const braid_error *err)
{
    struct first *f = vctx;
    if (doc) f->doc = doc;
    else {
        f->failed = 1;
        f->err = *err;
    }
    return 1;
}

static int ctype_is(const char *ct, const char *what)
{
    size_t n = strlen(what);
    return ct && !strncasecmp(ct, what, n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static char *dupz(const char *s)
{
    return s ? strdup(s) : NULL;
}

braid_status braid_ingest_body(braid_ingest *ig, const char *name, const char *body, size_t len,
                               const char *content_type, int64_t max_age,
                               braid_store_record *out, braid_prepared **prep, braid_error *err)
{
    memset(out, 0, sizeof *out);
    if (prep) *prep = NULL;
    braid_format hint = BRAID_FORMAT_AUTO;
    char *compact = NULL;
    if (ctype_is(content_type, "text/html") || ctype_is(content_type, "application/xhtml+xml"))
        hint = BRAID_FORMAT_HTML;
    else if (ctype_is(content_type, "text/plain"))
        hint = BRAID_FORMAT_TEXT;
    else if (ctype_is(content_type, "application/json")) {
        /* one JSON object, possibly pretty-printed: make it one line */
        json_error_t je;
        json_t *o = json_loadb(body, len, 0, &je);
        if (!json_is_object(o)) {
            json_decref(o);
            return braid_err_set(err, BRAID_EPARSE, "%s: not a JSON object (%s)", name,
                                 o ? "another JSON value" : je.text);
        }
        compact = json_dumps(o, JSON_COMPACT);
        json_decref(o);
        if (!compact) return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", name);
        body = compact;
        len = strlen(compact);
        hint = BRAID_FORMAT_JSONL;
    } else if (ctype_is(content_type, "application/x-ndjson") ||
               ctype_is(content_type, "application/jsonl")) {
        hint = BRAID_FORMAT_JSONL;
    }

    slot *s = acquire(ig);
    struct first f = {NULL, {BRAID_OK, ""}, 0};
    braid_engine_read(s->engine, name, body, len, hint, take_first, &f);
    braid_classification c;
    int classified = 0;
    if (f.doc && s->cls && ig->classifies && braid_classify_doc(s->cls, f.doc, &c, NULL) == BRAID_OK) classified = 1;
    free(compact);
    if (!f.doc) {
        release(ig, s);
        if (f.failed) {
            if (err) *err = f.err;
            return f.err.code;
        }
        return braid_err_set(err, BRAID_EEMPTY, "%s: no document in the body", name);
    }

    braid_doc *d = f.doc;
    size_t tl = 0;
    const char *text = braid_doc_text(d, &tl);
    out->name = strdup(name);
    out->url = dupz(braid_doc_url(d));
    out->site = dupz(braid_doc_site(d));
    out->title = dupz(braid_doc_title(d));
    out->description = dupz(braid_doc_description(d));
    out->author = dupz(braid_doc_author(d));
    out->published = braid_doc_published_unix(d);
    out->max_age = max_age;
    out->received = (int64_t)time(NULL);
    snprintf(out->lang, sizeof out->lang, "%s", braid_doc_lang(d) ? braid_doc_lang(d) : "und");
    out->lang_conf = braid_doc_lang_confidence(d);
    out->format = (int)braid_doc_format(d);
    out->text = malloc(tl + 1);
    if (out->text) {
        if (tl) memcpy(out->text, text, tl);
        out->text[tl] = '\0';
        out->text_len = tl;
    }
    if (classified) {
        out->is_news = c.is_news;
        out->news_score = c.news_score;
        snprintf(out->category, sizeof out->category, "%s", braid_category_name(c.category));
    } else {
        out->is_news = 1;
        out->news_score = -1;
        snprintf(out->category, sizeof out->category, "other");
    }
    /* the clusterer's analysis too, here in parallel with other requests
     * (not when the page has no date: the committer gives it one, and
     * the text's dates must be read against that day) */
    if (prep && s->prep && out->is_news && out->text && out->published != INT64_MIN) {
        braid_article art = {out->name, out->lang, out->title, out->text, out->text_len,
                             out->published, out->site, out->url, out->category,
                             !braid_classify_supports(out->lang)};
        *prep = braid_threads_prepare(s->prep, &art, NULL); /* NULL: the committer analyses */
    }
    release(ig, s);
    braid_doc_free(d);
    if (!out->name || !out->text) {
        if (prep) {
            braid_prepared_free(*prep);
            *prep = NULL;
        }
        braid_store_record_free(out);
        return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", name);
    }
    return BRAID_OK;
}
