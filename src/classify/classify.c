/*
 * classify.c — braid_classifier: the news model and the category model
 * behind one call per document.
 *
 * Two separate models rather than one eight-way model, because the two
 * questions are trained on different evidence: news/not-news learns from
 * not-news collections (WMT social and e-commerce texts, recipe and
 * review sections) that carry no category, and categories learn from
 * section-labelled news that says nothing about not-news.  Both share one
 * feature extraction when their bucket counts agree.
 *
 * Languages without training data get no guess: supported = 0, not news,
 * category "other" with score 0 — a wrong confident label would be worse
 * for the aggregator than an honest "don't know".
 */
#include "classify/classify.h"
#include "doc.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BRAID_PREFIX
#define BRAID_PREFIX "/usr/local"
#endif
#define BRAID_MODEL_INSTALL_DIR BRAID_PREFIX "/share/braid"

struct braid_classifier {
    braid_featurizer *fz;
    braid_feats feats, feats2;
    braid_cls_model news, cat;
    int news_idx;                       /* index of class "news"       */
    int cat_of[BRAID_CLS_MAX_CLASSES];  /* model class → braid_category */
    double news_min_score;
};

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

static braid_status load_model(const char *dir, const char *file, braid_cls_model *m,
                               braid_error *err)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return braid_cls_model_load(path, m, err);
}

braid_classifier *braid_classifier_new(const char *model_dir, double news_min_score,
                                       braid_error *err)
{
    const char *dir = model_dir;
    if (!dir || !dir[0]) {
        dir = "models";
        if (!file_exists("models/category.model") && file_exists(BRAID_MODEL_INSTALL_DIR
                                                                  "/category.model"))
            dir = BRAID_MODEL_INSTALL_DIR;
    }
    braid_classifier *c = calloc(1, sizeof *c);
    if (!c) {
        braid_err_set(err, BRAID_ENOMEM, "classifier: out of memory");
        return NULL;
    }
    c->news_min_score = news_min_score;
    if (load_model(dir, "news.model", &c->news, err) != BRAID_OK ||
        load_model(dir, "category.model", &c->cat, err) != BRAID_OK)
        goto fail;
    c->news_idx = braid_cls_model_class(&c->news, "news");
    if (strcmp(c->news.task, "news") != 0 || c->news_idx < 0 ||
        braid_cls_model_class(&c->news, "not_news") < 0) {
        braid_err_set(err, BRAID_EPARSE, "%s/news.model: not a news model (task '%s')", dir,
                      c->news.task);
        goto fail;
    }
    if (strcmp(c->cat.task, "category") != 0) {
        braid_err_set(err, BRAID_EPARSE, "%s/category.model: not a category model (task '%s')",
                      dir, c->cat.task);
        goto fail;
    }
    for (int k = 0; k < c->cat.nclasses; k++) {
        braid_category cat = braid_category_from_name(c->cat.names[k], strlen(c->cat.names[k]));
        if (cat == BRAID_CAT_COUNT) {
            braid_err_set(err, BRAID_EPARSE, "%s/category.model: unknown category '%s'", dir,
                          c->cat.names[k]);
            goto fail;
        }
        c->cat_of[k] = (int)cat;
    }
    c->fz = braid_features_new();
    if (!c->fz) {
        braid_err_set(err, BRAID_ENOMEM, "classifier: out of memory");
        goto fail;
    }
    return c;
fail:
    braid_classifier_free(c);
    return NULL;
}

void braid_classifier_free(braid_classifier *c)
{
    if (!c) return;
    braid_features_free(c->fz);
    braid_feats_free(&c->feats);
    braid_feats_free(&c->feats2);
    braid_cls_model_free(&c->news);
    braid_cls_model_free(&c->cat);
    free(c);
}

/* Score the features in c->feats (and c->feats2 when the models' bucket
 * counts differ) with both models. */
static void score(braid_classifier *c, braid_classification *out)
{
    const braid_feats *fc = c->cat.dim_bits != c->news.dim_bits ? &c->feats2 : &c->feats;
    double p[BRAID_CLS_MAX_CLASSES];
    braid_cls_model_predict(&c->news, c->feats.v, c->feats.n, p);
    out->news_score = p[c->news_idx];
    out->is_news = out->news_score >= c->news_min_score;
    int best = braid_cls_model_predict(&c->cat, fc->v, fc->n, p);
    for (int k = 0; k < c->cat.nclasses; k++) out->scores[c->cat_of[k]] = p[k];
    out->category = (braid_category)c->cat_of[best];
    out->category_score = p[best];
}

int braid_classify_supports(const char *lang)
{
    return lang && (!strcmp(lang, "en") || !strcmp(lang, "ru"));
}

braid_status braid_classify_text(braid_classifier *c, const char *lang, const char *title,
                                 size_t title_len, const char *text, size_t text_len,
                                 braid_classification *out, braid_error *err)
{
    if (!c || !out) return braid_err_set(err, BRAID_EINVAL, "classify: NULL argument");
    memset(out, 0, sizeof *out);
    out->category = BRAID_CAT_OTHER;
    if (!braid_classify_supports(lang)) return BRAID_OK;
    out->supported = 1;
    if (!title) title_len = 0;
    if (!text) text_len = 0;
    if (braid_features_extract(c->fz, c->news.dim_bits, lang, title, title_len, text, text_len,
                               &c->feats) ||
        (c->cat.dim_bits != c->news.dim_bits &&
         braid_features_extract(c->fz, c->cat.dim_bits, lang, title, title_len, text, text_len,
                                &c->feats2)))
        return braid_err_set(err, BRAID_ENOMEM, "classify: out of memory");
    score(c, out);
    return BRAID_OK;
}

braid_status braid_classify_tokens(braid_classifier *c, const char *lang,
                                   const struct braid_tokens *title,
                                   const struct braid_tokens *body, size_t body_max_tokens,
                                   braid_classification *out, braid_error *err)
{
    if (!c || !out) return braid_err_set(err, BRAID_EINVAL, "classify: NULL argument");
    memset(out, 0, sizeof *out);
    out->category = BRAID_CAT_OTHER;
    if (!braid_classify_supports(lang)) return BRAID_OK;
    out->supported = 1;
    if (braid_features_from_tokens(c->fz, c->news.dim_bits, lang, title, body, body_max_tokens,
                                   &c->feats) ||
        (c->cat.dim_bits != c->news.dim_bits &&
         braid_features_from_tokens(c->fz, c->cat.dim_bits, lang, title, body, body_max_tokens,
                                    &c->feats2)))
        return braid_err_set(err, BRAID_ENOMEM, "classify: out of memory");
    score(c, out);
    return BRAID_OK;
}

braid_status braid_classify_doc(braid_classifier *c, const braid_doc *doc,
                                braid_classification *out, braid_error *err)
{
    if (!doc) return braid_err_set(err, BRAID_EINVAL, "classify: NULL document");
    const char *title = doc->title ? doc->title : "";
    return braid_classify_text(c, doc->lang, title, strlen(title), doc->text,
                               doc->text ? doc->text_len : 0, out, err);
}
