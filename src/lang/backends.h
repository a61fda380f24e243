/*
 * backends.h — the C face of the two C++ detectors braid combines:
 * fastText (lid.176.ftz, 176 languages, good on short text) and CLD2
 * (compiled-in tables, ~80 languages, very reliable on long text).
 *
 * Both shims take text that is already valid UTF-8 on one line (lang.c
 * normalises it first); they never throw across the C boundary.
 */
#ifndef BRAID_LANG_BACKENDS_H
#define BRAID_LANG_BACKENDS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- fastText ---------------------------------------------------------- */
typedef struct braid_ft braid_ft;

/* Load a fastText supervised model; NULL with a message in `why` on error. */
braid_ft *braid_ft_new(const char *path, char *why, size_t why_len);
void braid_ft_free(braid_ft *ft);
/* A handle for another thread that shares `parent`'s model, dense rows
 * and token memo (~25 MB for lid.176); either may be freed first.  NULL
 * when out of memory. */
braid_ft *braid_ft_fork(const braid_ft *parent);
/* Number of labels and the code of label i (without "__label__"). */
int braid_ft_nlabels(const braid_ft *ft);
const char *braid_ft_label(const braid_ft *ft, int i);
/* Probability of every label for one line of text (`text` must end in
 * '\n', as fastText's training lines did).  `probs` has nlabels slots,
 * labels not predicted get 0.  Returns 0, or -1 if nothing was scored. */
int braid_ft_predict(braid_ft *ft, const char *text, size_t len, float *probs);

/* ---- CLD2 -------------------------------------------------------------- */
typedef struct braid_cld2_result {
    char code[3][8];   /* ISO 639-1/-3 codes of the top 3, "" when none   */
    int percent[3];    /* share of the text's bytes in each               */
    int reliable;      /* CLD2's own reliability flag                     */
    int text_bytes;    /* letters CLD2 actually scored                    */
} braid_cld2_result;

/* Run CLD2 on valid UTF-8 plain text. */
void braid_cld2_detect(const char *text, size_t len, braid_cld2_result *out);

/* Is `code` one of the languages CLD2 is known to detect (and fastText's
 * lid.176 lacks)?  Used when reporting what braid supports. */
int braid_cld2_knows(const char *code);

/* Are CLD2's extended tables (libcld2_full) linked?  (See cld2_shim.cc.) */
int braid_cld2_has_extended(void);

#ifdef __cplusplus
}
#endif
#endif
