/*
 * json_write.c — JSON string escaping into a buf (see json_write.h).
 *
 * Runs of safe bytes are copied in one memcpy; only quotes, backslashes
 * and control characters take the slow path.
 */
#include "util/json_write.h"

#include <string.h>

void json_str(buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': buf_append(b, "\\\"", 2); break;
        case '\\': buf_append(b, "\\\\", 2); break;
        case '\n': buf_append(b, "\\n", 2); break;
        case '\r': buf_append(b, "\\r", 2); break;
        case '\t': buf_append(b, "\\t", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_append(b, u, 6);
        }
        }
    }
    buf_append(b, s + run, len - run);
    buf_putc(b, '"');
}

void json_cstr_or_null(buf *b, const char *s)
{
    if (!s) buf_append(b, "null", 4);
    else json_str(b, s, strlen(s));
}

void json_key(buf *b, const char *key, int *first)
{
    if (!*first) buf_putc(b, ',');
    *first = 0;
    json_str(b, key, strlen(key));
    buf_putc(b, ':');
}
