/*
 * buf.c — growable byte buffer (see buf.h).
 *
 * Kept deliberately small: doubling growth, a sticky out-of-memory flag
 * instead of per-call error returns, and a NUL terminator maintained after
 * every append.
 */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(buf *b) { b->data = NULL; b->len = b->cap = 0; b->oom = 0; }

void buf_free(buf *b) { free(b->data); buf_init(b); }

void buf_clear(buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

int buf_reserve(buf *b, size_t extra)
{
    if (b->oom) return -1;
    if (extra > (size_t)-1 / 2 - b->len) { b->oom = 1; return -1; }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) { b->oom = 1; return -1; }
    p[b->len] = '\0'; /* terminated even when nothing is appended after */
    b->data = p;
    b->cap = cap;
    return 0;
}

void buf_append(buf *b, const void *data, size_t len)
{
    if (buf_reserve(b, len) != 0) return;
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_putc(buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || buf_reserve(b, (size_t)n) != 0) return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *buf_take(buf *b)
{
    if (!b->data) {
        char *e = malloc(1);
        if (e) e[0] = '\0';
        return e;
    }
    char *p = b->data;
    buf_init(b);
    return p;
}

void buf_rtrim(buf *b)
{
    while (b->len > 0) {
        char c = b->data[b->len - 1];
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r') break;
        b->len--;
    }
    if (b->data) b->data[b->len] = '\0';
}
