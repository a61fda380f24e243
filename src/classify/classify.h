/*
 * classify.h — the classification stage, internal side: features, linear
 * models (scoring, SGD training, file format), distant labels and the
 * training data sets.  docs/CLASSIFY.md explains the choices.
 *
 *   features.c   text → sparse hashed feature vector (stems, bigrams, title)
 *   linear.c     model scoring (softmax) and the SGD trainer
 *   model_io.c   the model file format: save, load, validate
 *   labels.c     category names and distant labels from URLs
 *   dataset.c    labelled examples from TSV (toloka), JSON lines, WMT XML
 *   classify.c   the public braid_classifier (news + category models)
 */
#ifndef BRAID_CLASSIFY_H
#define BRAID_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>
#include "braid.h"
#include "util/buf.h"

/* ---- features ------------------------------------------------------- */

/* Version of the feature recipe; stored in model files so that a model
 * trained with another recipe is refused instead of scoring garbage. */
#define BRAID_FEATURES_VERSION 4u

typedef struct braid_feat {
    uint32_t idx;  /* bucket, < 2^dim_bits */
    float val;
} braid_feat;

typedef struct braid_feats {
    braid_feat *v;
    size_t n, cap;
} braid_feats;

void braid_feats_free(braid_feats *f);

typedef struct braid_featurizer braid_featurizer;

braid_featurizer *braid_features_new(void);
void braid_features_free(braid_featurizer *fz);

/* Replace `out` with the features of one article: L2-normalised,
 * sorted by bucket, one entry per bucket.  `lang` picks the stemmer.
 * Returns 0, or -1 when out of memory. */
int braid_features_extract(braid_featurizer *fz, unsigned dim_bits,
                           const char *lang, const char *title,
                           size_t title_len, const char *text,
                           size_t text_len, braid_feats *out);

/* The same from tokens the caller already has (the analysis stage
 * tokenizes every article anyway): `body` must be the tokens of the text's
 * first MAX_BODY_BYTES (6,000) bytes, or pass `body_max_tokens` to cut it
 * by token count (600 at most); either may be NULL. */
struct braid_tokens;
int braid_features_from_tokens(braid_featurizer *fz, unsigned dim_bits,
                               const char *lang, const struct braid_tokens *title,
                               const struct braid_tokens *body,
                               size_t body_max_tokens, braid_feats *out);

/* ---- linear models --------------------------------------------------- */

#define BRAID_CLS_MAX_CLASSES 16
#define BRAID_CLS_NAME_MAX 32
#define BRAID_CLS_MIN_BITS 8
#define BRAID_CLS_MAX_BITS 24

/* A trained, quantised model: for class k and bucket i the weight is
 * scale[k] * q[i * nclasses + k] (int8, bucket-major so that scoring one
 * feature touches one cache line). */
typedef struct braid_cls_model {
    char task[BRAID_CLS_NAME_MAX];          /* "news" or "category"      */
    int nclasses;
    char names[BRAID_CLS_MAX_CLASSES][BRAID_CLS_NAME_MAX];
    unsigned dim_bits;
    uint32_t features_version;
    float bias[BRAID_CLS_MAX_CLASSES];
    float scale[BRAID_CLS_MAX_CLASSES];
    int8_t *q;                              /* (1 << dim_bits) * nclasses */
    float lut[256];                         /* μ-law code + 128 → weight/scale */
} braid_cls_model;

void braid_cls_model_free(braid_cls_model *m);
/* Fill m->lut (after q and the header fields are set). */
void braid_cls_model_prepare(braid_cls_model *m);

/* Class probabilities (softmax) of one feature vector into probs[nclasses];
 * returns the index of the most probable class. */
int braid_cls_model_predict(const braid_cls_model *m, const braid_feat *f,
                            size_t n, double *probs);

/* Index of a class name, or -1. */
int braid_cls_model_class(const braid_cls_model *m, const char *name);

typedef struct braid_train_opts {
    unsigned dim_bits; /* buckets = 2^dim_bits                     (18) */
    int epochs;        /* passes over the data                      (8) */
    double lr;         /* initial learning rate, decays linearly  (0.5) */
    double l2;         /* L2 penalty per example                 (1e-6) */
    double balance;    /* 0 = none, 1 = full inverse class freq  (1.0)  */
    uint64_t seed;     /* shuffling                                 (1) */
    double average;    /* average the weights over the last fraction
                          of the steps (0 = last iterate)            (0) */
} braid_train_opts;

void braid_train_opts_init(braid_train_opts *o);

typedef struct braid_train_example {
    braid_feat *f;
    size_t n;
    int label;      /* class index */
} braid_train_example;

/* Train a softmax regression by SGD over `ex` (order is shuffled with the
 * seed; results are deterministic) and return it quantised in `out`
 * (task and class names copied).  `log` (FILE *, may be NULL) receives one
 * line per epoch. */
braid_status braid_cls_train(const char *task, int nclasses,
                             const char names[][BRAID_CLS_NAME_MAX],
                             const braid_train_example *ex, size_t n,
                             const braid_train_opts *o, void *log,
                             braid_cls_model *out, braid_error *err);

/* ---- model files ------------------------------------------------------ */

braid_status braid_cls_model_save(const braid_cls_model *m, const char *path,
                                  braid_error *err);
/* Parse a model from bytes (the loader of outside data: every field is
 * checked, the checksum too).  `name` names it in messages. */
braid_status braid_cls_model_parse(const char *name, const void *bytes,
                                   size_t len, braid_cls_model *out,
                                   braid_error *err);
braid_status braid_cls_model_load(const char *path, braid_cls_model *out,
                                  braid_error *err);

/* ---- labels ----------------------------------------------------------- */

/* A distant label from a URL's path segments ("/sport/", "/politics/",
 * "/proisshestviya/" …): a category name, "not_news", or NULL when the URL
 * says nothing trusted.  Patterns are listed in labels.c and
 * docs/CLASSIFY.md. */
const char *braid_classify_url_label(const char *url, size_t len);

/* "en" or "ru" by the share of Cyrillic letters in the first few KB —
 * enough for training data that is known to be one of the two. */
const char *braid_classify_guess_enru(const char *text, size_t len);

/* ---- the classifier on tokens ------------------------------------------ */

/* braid_classify_text() for a caller that has already tokenized the title
 * and the body (see braid_features_from_tokens), e.g. the engine's analysis
 * stage: saves the tokenizer's time, about 60% of classification. */
braid_status braid_classify_tokens(braid_classifier *cls, const char *lang,
                                   const struct braid_tokens *title,
                                   const struct braid_tokens *body,
                                   size_t body_max_tokens,
                                   braid_classification *out, braid_error *err);

/* ---- data sets --------------------------------------------------------- */

typedef struct braid_example {
    char *title, *text, *url;
    char lang[8];
    char label[BRAID_CLS_NAME_MAX]; /* category name or "not_news" */
    char source[32];                /* "toloka", "bbc", "url", "wmt" …   */
} braid_example;

typedef struct braid_dataset {
    braid_example *v;
    size_t n, cap;
} braid_dataset;

void braid_dataset_free(braid_dataset *d);
/* Append a copy; returns 0 or -1 on OOM. */
int braid_dataset_add(braid_dataset *d, const char *title, size_t title_len,
                      const char *text, size_t text_len, const char *url,
                      const char *lang, const char *label,
                      const char *source);

/* Toloka TSV (header with INPUT:url, INPUT:title, INPUT:text, GOLDEN:res;
 * rows without a gold label are skipped). */
braid_status braid_dataset_read_tsv(braid_dataset *d, const char *name,
                                    const char *s, size_t len,
                                    braid_error *err);
/* JSON lines {"title","text","url","label","lang"} (lang optional). */
braid_status braid_dataset_read_jsonl(braid_dataset *d, const char *name,
                                      const char *s, size_t len,
                                      braid_error *err);
/* WMT test set XML: each <doc> gives its source and first reference text;
 * domain "news" (or an id without a domain prefix) → news, social /
 * e-commerce / reviews / manuals → not_news; labels "news"/"not_news". */
braid_status braid_dataset_read_wmt(braid_dataset *d, const char *name,
                                    const char *s, size_t len,
                                    braid_error *err);
/* BBC News layout: DIR/{business,entertainment,politics,sport,tech}/ *.txt,
 * the title on the first line (mapped to economy, entertainment, society,
 * sports, technology). */
braid_status braid_dataset_read_bbc(braid_dataset *d, const char *dir,
                                    braid_error *err);
/* og:url, og:title and <p> text of an Instant View page (appended). */
int braid_dataset_parse_page(const char *html, size_t len, buf *url, buf *title,
                             buf *text);
/* Read a file and dispatch on its extension (.tsv, .jsonl/.ndjson, .xml). */
braid_status braid_dataset_read_file(braid_dataset *d, const char *path,
                                     braid_error *err);

/* ---- metrics ----------------------------------------------------------- */

/* A confusion matrix over K classes: m[gold][pred]. */
typedef struct braid_confusion {
    int k;
    size_t m[BRAID_CLS_MAX_CLASSES][BRAID_CLS_MAX_CLASSES];
} braid_confusion;

void braid_confusion_init(braid_confusion *c, int k);
void braid_confusion_add(braid_confusion *c, int gold, int pred);
size_t braid_confusion_total(const braid_confusion *c);
double braid_confusion_accuracy(const braid_confusion *c);
/* Precision, recall, F1 of class i (0 when undefined). */
void braid_confusion_prf(const braid_confusion *c, int i, double *p, double *r, double *f);
/* Mean F1 over the classes that occur in gold or predictions. */
double braid_confusion_macro_f1(const braid_confusion *c);
/* One line per class (P/R/F1/support) then accuracy and macro-F1, each
 * line prefixed with `prefix`, to `out` (a FILE *). */
void braid_confusion_print(const braid_confusion *c,
                           const char names[][BRAID_CLS_NAME_MAX],
                           const char *prefix, void *out);

#endif
