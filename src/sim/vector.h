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

typedef struct braid_vfeat {
    uint64_t id;
    float w;
    uint8_t kind;
} braid_vfeat;

typedef struct braid_vec {
    braid_vfeat *v; /* sorted by id, sum of w^2 = 1 (or n = 0) */
    size_t n;
} braid_vec;

/* Document frequencies of features over the articles seen so far. */
typedef struct braid_df {
    u64map df;
    size_t ndocs;
} braid_df;

void braid_df_init(braid_df *d);
void braid_df_free(braid_df *d);
int braid_df_add(braid_df *d, const braid_analysis *an);    /* 0 / -1 OOM */
void braid_df_remove(braid_df *d, const braid_analysis *an);
double braid_df_idf(const braid_df *d, uint64_t id);

/* Build the vector of an analysis: weight = kind weight (config) x
 * (1 + ln tf) x idf, the cfg->thread_max_features strongest kept, unit
 * length.  Returns 0 / -1 OOM. */
int braid_vec_build(const braid_analysis *an, const braid_df *df, const braid_config *cfg,
                    braid_vec *out);
void braid_vec_free(braid_vec *v);
/* Dot product (= cosine, both unit length). */
double braid_vec_dot(const braid_vec *a, const braid_vec *b);

#endif
