/*
 * entities.h — named-entity candidates: which tokens look like names.
 */
#ifndef BRAID_ANALYZE_ENTITIES_H
#define BRAID_ANALYZE_ENTITIES_H

#include <stddef.h>
#include <stdint.h>
#include "analyze/tokenize.h"

/* Mark in is_ent[0..ts->n) the tokens that are name candidates.  Tokens
 * [0, body_start) are the title (English titles capitalise every word, so
 * a title token counts only when the same word is a candidate in the
 * body); the rest is body text.  Returns the number marked. */
size_t braid_entities_mark(const braid_tokens *ts, size_t body_start, uint8_t *is_ent);

#endif
