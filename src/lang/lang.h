/*
 * lang.h — the language identification stage.
 *
 * A braid_lang owns whatever models identification needs (loaded once per
 * engine) and answers for any UTF-8 text, from one word to a whole
 * article.  Codes are ISO 639-1 where one exists, else ISO 639-3; "und"
 * when the text gives no usable evidence or confidence is below
 * cfg->lang_min_confidence.  docs/LANG.md describes the method.
 *
 * Capability: with the fastText model (lid.176.ftz) braid knows 176
 * languages; when no model is found braid_lang_new() still succeeds with
 * CLD2 and the script pass only (about 80 languages, weak on very short
 * text), prints one warning on stderr and keeps it for
 * braid_lang_warning().  A model that is configured explicitly
 * (lid_model or BRAID_LID_MODEL) but cannot be loaded is an error.
 */
#ifndef BRAID_LANG_H
#define BRAID_LANG_H

#include <stddef.h>
#include "braid.h"

typedef struct braid_lang braid_lang;

braid_lang *braid_lang_new(const braid_config *cfg, braid_error *err);
void braid_lang_free(braid_lang *lang);
/* A detector for another thread that shares `parent`'s models (fastText
 * with its token memo, the word model) and gives the same answers;
 * either may be freed first.  NULL and `err` on failure. */
braid_lang *braid_lang_fork(const braid_lang *parent, braid_error *err);

void braid_lang_detect(braid_lang *lang, const char *text, size_t len,
                       braid_lang_guess *out);

/* Like braid_lang_detect() but never answers "und" for low confidence:
 * the best guess and its confidence (still "und" without letters). */
void braid_lang_detect_best(braid_lang *lang, const char *text, size_t len,
                            braid_lang_guess *out);

/* Path of the fastText model in use, or NULL when running without one. */
const char *braid_lang_model_path(const braid_lang *lang);
/* The reduced-capability warning (no model found), or NULL. */
const char *braid_lang_warning(const braid_lang *lang);
/* Can braid answer `code` (an ISO 639-1/-3 code as braid reports it)? */
int braid_lang_supports(const braid_lang *lang, const char *code);

/* For measurements (`braid eval lang --engine`): answer with one backend
 * alone instead of the combination. */
enum { BRAID_LANG_COMBINED = 0, BRAID_LANG_FASTTEXT_ONLY, BRAID_LANG_CLD2_ONLY };
void braid_lang_set_mode(braid_lang *lang, int mode);

#endif
