/*
 * speaker.h — who a headline says is speaking.
 *
 * "Вострецов заявил, что ...", "Corbyn says ...", "Кудрин: ...", "... —
 * Бокерия": when a headline reports a statement, the statement's author
 * is the event's who.  speaker.c finds those names among the title's
 * tokens (sim/similarity.c uses them).
 */
#ifndef BRAID_ANALYZE_SPEAKER_H
#define BRAID_ANALYZE_SPEAKER_H

#include <stddef.h>
#include <stdint.h>
#include "analyze/tokenize.h"

/* The title is tokens [0, nt) of ts, tokenized from `title` (offsets of
 * the tokens point into it); is_ent[i] marks name tokens (entities.c).
 * Writes the indices of the tokens that name a speaker to out (at most
 * max) and returns how many. */
size_t braid_title_speakers(const braid_tokens *ts, size_t nt, const uint8_t *is_ent,
                            const char *title, size_t title_len, const char *lang, size_t *out,
                            size_t max);

/* Is this stem (of language lang) a verb of saying (заявил, says, told...)? */
int braid_speech_stem(const char *lang, const char *stem, size_t len);

#endif
