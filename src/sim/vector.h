/*
 * vector.h — weighted, unit-length sparse feature vectors (tf-idf) and the
 * document-frequency table they are weighted with.
 */
#ifndef BRAID_SIM_VECTOR_H
#define BRAID_SIM_VECTOR_H

#include <stddef.h>
#include <stdint.h>
#include "analyze/analyzer.h"
#include "braid.h"
#include "util/u64map.h"

/* One weighted feature, by its 32-bit key (analyzer.h: braid_feat_key):
 * 8 bytes, because the clusterer keeps every placed article's vector. */
typedef struct braid_vfeat {
    uint32_t key;
    float w;
} braid_vfeat;

typedef struct braid_vec {
    braid_vfeat *v; /* sorted by key, sum of w^2 = 1 (or n = 0); one
                       allocation that also holds `shared`           */
    uint8_t *shared; /* bit i: feature i is one other languages can share
                        (braid_feat_shared of its kind)               */
    size_t n;
    double xnorm;   /* norm of the cross-lingual part: everything but the
                       terms of a non-English article (1 for English) */
} braid_vec;

static inline int braid_vec_shared(const braid_vec *v, size_t i)
{
    return (v->shared[i >> 3] >> (i & 7)) & 1;
}

/* Is a feature of this kind, in an article of language `lang`, one that
 * other languages can share?  (Names, numbers, dates, dictionary terms,
 * and English terms, which are the shared space.) */
int braid_feat_shared(int kind, const char *lang);

/* Document frequencies of features over the articles seen so far, with
 * how many of them came from the feature's first source (see vector.c:
 * words only one site uses are its boilerplate). */
typedef struct braid_df {
    u64map df;
    u64map nlang;  /* hash(language) → articles in it */
    size_t ndocs;
} braid_df;

void braid_df_init(braid_df *d);
void braid_df_free(braid_df *d);
/* `site` names the source (NULL = unknown: never counted as one site);
 * `lang` the article's language. */
int braid_df_add(braid_df *d, const braid_analysis *an, const char *lang, const char *site);
void braid_df_remove(braid_df *d, const braid_analysis *an, const char *lang, const char *site);
/* Is the feature used (nearly) only by one source, in >= 3 articles?
 * (Features are counted by key: braid_feat_key.) */
int braid_df_site_bound(const braid_df *d, uint64_t id);
double braid_df_idf(const braid_df *d, uint64_t id);

/* Build the vector of an analysis: weight = kind weight (config) x
 * (1 + ln tf) x idf, the cfg->thread_max_features strongest kept, unit
 * length.  Returns 0 / -1 OOM. */
int braid_vec_build(const braid_analysis *an, const char *lang, const braid_df *df,
                    const braid_config *cfg, braid_vec *out);
void braid_vec_free(braid_vec *v);
/* Dot product (= cosine, both unit length). */
double braid_vec_dot(const braid_vec *a, const braid_vec *b);
/* Weight of the feature with key `key` in v (0 when absent). */
double braid_vec_weight(const braid_vec *v, uint32_t key);
/* Cosine of the cross-lingual parts: dot / (a->xnorm b->xnorm). */
double braid_vec_xcos(const braid_vec *a, const braid_vec *b);

#endif
