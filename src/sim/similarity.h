/*
 * similarity.h — the one "same event?" decision, shared by the clusterer
 * and `braid eval pairs`.
 */
#ifndef BRAID_SIM_SIMILARITY_H
#define BRAID_SIM_SIMILARITY_H

#include <stdint.h>
#include "braid.h"
#include "sim/vector.h"

/* Similarity an article pair (or article and thread) needs, by languages. */
double braid_sim_threshold(const braid_config *cfg, const char *la, const char *lb);

/* How two articles' vectors are compared: 0 = whole vectors (same
 * language, or a language pair with no dictionary between them), 1 = the
 * cross-lingual parts (English and Russian, which the lexicon joins). */
int braid_sim_xlingual(const char *la, const char *lb);

/* Are two publication times (Unix seconds, INT64_MIN = unknown) within
 * the thread window?  Unknown times never separate. */
int braid_sim_in_window(const braid_config *cfg, int64_t pa, int64_t pb);

/* Fraction (0..1) of the title anchors (names, numbers, dates of the
 * headline) of `a` that the features of `b` lack; -1 when `a` has no
 * title anchors. */
double braid_sim_anchor_miss(const braid_analysis *a, const braid_analysis *b);

/* The factor (1 - thread_anchor_penalty x miss) for the two misses
 * (either may be -1 = no anchors on that side), times (1 -
 * thread_anchor_conflict) when both misses are > 0 and `same_lang`. */
double braid_sim_anchor_factor(const braid_config *cfg, double miss_a, double miss_b, int same_lang);

/* Share (0..1) of the weight of a's headline words (a->tterms, weighted
 * by their weight in a's vector `va`) that the features of `b` hold;
 * -1 when the title has no weighted words. */
double braid_sim_title_cover(const braid_analysis *a, const braid_vec *va, const braid_analysis *b);

/* The factor scaling two articles' cosine: the anchor factor, times (1 -
 * thread_anchor_penalty) when, in one language, not one headline word
 * of either article occurs in the other, and again when either
 * headline's speaker is missing from the other article (similarity.c). */
double braid_sim_pair_factor(const braid_config *cfg, const braid_analysis *aa, const braid_vec *a,
                             const braid_analysis *ab, const braid_vec *b, int same_lang);

/* 1 when a's headline names a speaker (analysis.speakers, counted when
 * the name has weight in a's vector va: a site's furniture has none) and
 * b's features hold none of a's speakers' names. */
int braid_sim_speaker_missed(const braid_analysis *a, const braid_vec *va, const braid_analysis *b);

/* 1 when both languages are known and equal. */
int braid_sim_same_lang(const char *la, const char *lb);

/* The decision score of two articles: cosine / threshold for their
 * languages x anchor factor (>= 1 means same event thread), 0 outside
 * the time window. */
double braid_sim_score(const braid_config *cfg, const braid_analysis *aa, const braid_vec *a,
                       const char *la, int64_t pa, const braid_analysis *ab,
                       const braid_vec *b, const char *lb, int64_t pb);

#endif
