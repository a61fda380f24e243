/*
 * json_write.h — append JSON values to a buf.
 *
 * Output is on the hot path (every verb prints JSON for tens of thousands
 * of documents), so strings are escaped straight into the buffer rather
 * than built as jansson trees.  Input strings must be valid UTF-8 (every
 * string braid holds is); control characters are escaped as \uXXXX.
 */
#ifndef BRAID_UTIL_JSON_WRITE_H
#define BRAID_UTIL_JSON_WRITE_H

#include <stddef.h>
#include "util/buf.h"

/* Append `s` (len bytes) as a quoted JSON string. */
void json_str(buf *b, const char *s, size_t len);
/* Append a NUL-terminated string, or `null` when s is NULL. */
void json_cstr_or_null(buf *b, const char *s);
/* Append "key": (with a leading comma unless *first) */
void json_key(buf *b, const char *key, int *first);

#endif
