/*
 * buf.h — a growable byte buffer, the one string builder every stage uses.
 *
 * Always NUL-terminated after any append (so `b.data` can be handed to C
 * string functions), with the length kept explicitly so embedded NULs are
 * preserved.  Growth doubles; an allocation failure sets `b.oom` and makes
 * further appends no-ops, so callers check once at the end.
 */
#ifndef BRAID_UTIL_BUF_H
#define BRAID_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data;
    size_t len;
    size_t cap;
    int oom;
} buf;

#define BUF_INIT {NULL, 0, 0, 0}

void buf_init(buf *b);
void buf_free(buf *b);
void buf_clear(buf *b);
int buf_reserve(buf *b, size_t extra);
void buf_append(buf *b, const void *data, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Detach the data (caller frees); the buffer is left empty. */
char *buf_take(buf *b);
/* Remove trailing ASCII white space. */
void buf_rtrim(buf *b);

#endif
