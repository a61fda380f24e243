/*
 * sniff.c — what are these bytes?  Binary, HTML, JSON lines or plain text.
 *
 * Decisions are made on a bounded prefix (a few KB) so sniffing costs the
 * same for a 1 KB page and a 100 MB file.  Binary detection looks for the
 * magic numbers of common non-text formats and for NUL/control bytes,
 * after allowing for UTF-16 byte order marks (UTF-16 text is full of NULs).
 */
#include "read/read.h"

#include <ctype.h>
#include <string.h>

#define SNIFF_PREFIX 8192

int braid_sniff_binary(const void *bytes, size_t len)
{
    const unsigned char *p = bytes;
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return 0; /* UTF-16 text */
    static const struct { const char *magic; size_t n; } magics[] = {
        {"%PDF-", 5}, {"PK\x03\x04", 4}, {"\x89PNG", 4}, {"GIF8", 4},
        {"\xFF\xD8\xFF", 3}, {"\x1F\x8B", 2}, {"\x7F" "ELF", 4}, {"BZh", 3},
        {"\xFD" "7zXZ", 5}, {"7z\xBC\xAF", 4}, {"Rar!", 4}, {"OggS", 4},
        {"ID3", 3}, {"RIFF", 4}, {"\x00\x00\x01\x00", 4}, {"wOFF", 4},
        {"SQLite format 3", 15},
    };
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (len >= magics[i].n && memcmp(p, magics[i].magic, magics[i].n) == 0) return 1;
    size_t n = len < SNIFF_PREFIX ? len : SNIFF_PREFIX, ctrl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == 0) return 1;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F)
            ctrl++;
    }
    return n > 0 && ctrl * 20 > n; /* more than 5% control bytes */
}

static int has_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && tolower((unsigned char)s[i + j]) == needle[j]) j++;
        if (j == k) return 1;
    }
    return 0;
}

braid_format braid_sniff_format(const char *s, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < len && isspace((unsigned char)s[i])) i++;
    if (i >= len) return BRAID_FORMAT_TEXT;
    const char *p = s + i;
    size_t n = len - i < SNIFF_PREFIX ? len - i : SNIFF_PREFIX;
    if (*p == '{') {
        /* JSON lines: the first line is a whole object */
        const char *nl = memchr(p, '\n', len - i);
        const char *e = nl ? nl : s + len;
        while (e > p && isspace((unsigned char)e[-1])) e--;
        if (e > p && e[-1] == '}') return BRAID_FORMAT_JSONL;
    }
    if (*p == '<') {
        static const char *starts[] = {"<!doctype", "<html", "<head", "<body", "<?xml",
                                       "<!--", "<meta", "<div", "<p", "<article", "<title",
                                       "<h1", "<section", "<main", "<table", "<span", "<a "};
        for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
            if (has_ci(p, strlen(starts[k]) <= n ? strlen(starts[k]) : n, starts[k]))
                return BRAID_FORMAT_HTML;
    }
    /* text that starts with prose but is full of markup is still HTML */
    if (has_ci(p, n, "<html") || has_ci(p, n, "<body") ||
        (has_ci(p, n, "<p>") && has_ci(p, n, "</p>")) || has_ci(p, n, "<br>") ||
        has_ci(p, n, "<div"))
        return BRAID_FORMAT_HTML;
    return BRAID_FORMAT_TEXT;
}
