/*
 * html_guard.c — make the bytes safe for the HTML parser: bound the
 * nesting depth, blank NUL bytes and HTML5 "bogus comments".
 *
 * libxml2's HTML parser keeps a stack of open elements and scans it for
 * end tags that do not close the current element (to find their match,
 * or to learn that a <div> or table part in between forbids closing);
 * with nesting 100,000 deep those scans make it quadratic (measured:
 * 40,000 "<section><div></section>" then as many stray end tags, 10.8 s).
 * This pass is a light tag scanner — comments, doctype, quoted attribute
 * values, the raw-text elements libxml2 knows (script, style), void
 * elements, and libxml2's own implied end tags and end-tag priorities —
 * that tracks an estimate of libxml2's nesting depth, kept at or above
 * the real one.  Start tags beyond cfg->max_html_depth, and as many end
 * tags, are overwritten by spaces in a copy, so their content is
 * flattened into the ancestor at the limit: text is never dropped.  The
 * estimate decides nothing on ordinary pages, which stay far below the
 * limit.
 *
 * The same scan blanks, in the copy, what would otherwise lose text:
 * - NUL bytes: libxml2 takes a NUL between tags for the end of the input
 *   (1 page of trafilatura's set lost its last 80%), and NULs at the
 *   start make it guess UTF-16;
 * - "<![CDATA[…]>", "<![if …]>" and other "<!" that are not a comment or
 *   a doctype: HTML5 reads them as comments up to the next '>', libxml2
 *   as text;
 * - attributes of a start tag beyond the 256th (MAX_ATTRS).
 * Pages that need none of this are not copied.  No library offers it
 * (libxml2 has no depth option for its SAX interface), hence by hand.
 */
#include "extract/html_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* A tag name reduced to a 64-bit key: lower-cased, at most 12 letters. */
static uint64_t name_key(const char *s, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n && i < 12; i++) k = k * 37 + (uint64_t)((unsigned char)s[i] | 0x20);
    return k ^ n;
}

static int name_is(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (n != m) return 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] | 0x20) != (unsigned char)lit[i]) return 0;
    return 1;
}

static int name_in(const char *s, size_t n, const char *const *set)
{
    for (; *set; set++)
        if (name_is(s, n, *set)) return 1;
    return 0;
}

static const char *const void_tags[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image", "menuitem",
    "isindex", NULL};
/* libxml2 reads only these as raw text (nothing inside is a tag) */
static const char *const raw_tags[] = {"script", "style", NULL};

/* libxml2's implied end tags, measured on 2.9.14 ("<T>x<N>" leaves T
 * when N is listed): the open element T is closed by the start of any
 * N in its list, and libxml2 repeats that for the new current element.
 * Elements missing here are never closed by a start tag. */
static const struct {
    const char *top;
    const char *closers; /* space-separated, with a space at both ends */
} implied[] = {
    {"p", " address blockquote caption center col colgroup dd dir div dl dt fieldset form "
          "frameset h1 h2 h3 h4 h5 h6 hr li menu ol p pre table tbody td tfoot th tr ul "},
    {"li", " li "},
    {"dt", " dd dl "},
    {"dd", " dt "},
    {"option", " optgroup option "},
    {"a", " a fieldset table td th "},
    {"tr", " tbody tfoot tr "},
    {"td", " tbody td tfoot th tr "},
    {"th", " tbody td tfoot th tr "},
    {"thead", " tbody tfoot "},
    {"tbody", " tbody tfoot "},
    {"tfoot", " tbody "},
    {"caption", " col colgroup tbody tfoot thead tr "},
    {"colgroup", " colgroup tbody tfoot thead tr "},
    {"h1", " fieldset form li p table "},
    {"h2", " fieldset form li p table "},
    {"h3", " fieldset form li p table "},
    {"h4", " fieldset form li p table "},
    {"h5", " fieldset form li p table "},
    {"h6", " fieldset form li p table "},
    {"b", " center p td th "},
    {"i", " center p td th "},
    {"font", " center td th "},
    {"span", " td th "},
    {"ul", " address form menu ol pre "},
    {"ol", " form ul "},
    {"dl", " form li "},
    {"menu", " dd dl dt form ul "},
    {"dir", " dd dl dt form ul "},
    {"pre", " dd dl dt fieldset form li table ul "},
    {"address", " dd dl dt form li ul "},
    {"form", " form "},
};
#define N_IMPLIED (int)(sizeof implied / sizeof *implied)

static int implied_rule(const char *s, size_t n)
{
    for (int r = 0; r < N_IMPLIED; r++)
        if (name_is(s, n, implied[r].top)) return r;
    return -1;
}

/* Is the tag name s[0..n) one of the rule's closers? */
static int closes(int rule, const char *s, size_t n)
{
    if (rule < 0 || n == 0 || n > 12) return 0;
    char w[16];
    w[0] = ' ';
    for (size_t i = 0; i < n; i++) w[i + 1] = (char)((unsigned char)s[i] | 0x20);
    w[n + 1] = ' ';
    w[n + 2] = '\0';
    return strstr(implied[rule].closers, w) != NULL;
}

/* libxml2's end-tag priority: an end tag closes the elements open above
 * its match only when none of them has a higher priority (an unclosed
 * <div> inside a <section> keeps "</section>" from closing it). */
static uint8_t end_priority(const char *s, size_t n)
{
    if (name_is(s, n, "div")) return 150;
    if (name_is(s, n, "td") || name_is(s, n, "th")) return 160;
    if (name_is(s, n, "tr")) return 170;
    if (name_is(s, n, "thead") || name_is(s, n, "tbody") || name_is(s, n, "tfoot")) return 180;
    if (name_is(s, n, "table")) return 190;
    if (name_is(s, n, "head") || name_is(s, n, "body")) return 200;
    if (name_is(s, n, "html")) return 220;
    return 100;
}

/* Attributes of one start tag beyond this many are blanked: parsers
 * check each new attribute against all earlier ones of the tag, so
 * 100,000 attributes in one tag cost 18 s in libxml2 (and in gumbo
 * before it); real pages stay far below (the most on one tag in
 * extract-dev and contest hours 10 and 15 is 41). */
#define MAX_ATTRS 256

/* Find the end of a tag starting after its name at `i`: the '>' outside
 * quotes, or len.  Returns the index of '>' (or len); `*cut` (when not
 * NULL) receives where attribute number MAX_ATTRS + 1 starts, or 0. */
static size_t tag_end(const char *s, size_t len, size_t i, size_t *cut)
{
    char q = 0, prev = 0; /* prev: the last byte that is not white space */
    int space = 1;
    unsigned n = 0;
    if (cut) *cut = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (q) {
            if (c == q) q = 0, prev = c;
            continue;
        }
        if (c == '>') return i;
        if (is_space((unsigned char)c)) {
            space = 1;
            continue;
        }
        /* a quote only opens a value right after '=' (and spaces) */
        if ((c == '"' || c == '\'') && prev == '=') q = c;
        else if (space && c != '/' && c != '=' && prev != '=' && ++n == MAX_ATTRS + 1 && cut) *cut = i;
        space = 0;
        prev = c;
    }
    return len;
}

/* Case-insensitive search for "</name" from i; returns its index or len. */
static size_t find_end_tag(const char *s, size_t len, size_t i, const char *name, size_t n)
{
    for (; i + 2 + n <= len; i++) {
        const char *p = memchr(s + i, '<', len - i);
        if (!p) return len;
        i = (size_t)(p - s);
        if (i + 2 + n <= len && s[i + 1] == '/' && name_is(s + i + 2, n, name)) return i;
    }
    return len;
}

struct open_el {
    uint64_t key;
    uint8_t prio;
    int8_t rule;
};

int braid_html_guard(const char *s, size_t len, int max_depth, buf *out)
{
    if (max_depth < 1) max_depth = 1;
    struct open_el *stack = malloc((size_t)max_depth * sizeof *stack);
    if (!stack) return -1;
    size_t depth = 0;     /* entries on stack                    */
    size_t over = 0;      /* start tags blanked, not yet closed  */
    int copied = 0;
    size_t i = 0;

#define COPY()                                                       \
    do {                                                             \
        if (!copied) {                                               \
            buf_clear(out);                                          \
            buf_append(out, s, len);                                 \
            if (out->oom) { free(stack); return -1; }                \
            copied = 1;                                              \
        }                                                            \
    } while (0)
#define BLANK(a, b)                                                  \
    do {                                                             \
        COPY();                                                      \
        memset(out->data + (a), ' ', (b) - (a));                     \
    } while (0)

    if (memchr(s, '\0', len)) {
        COPY();
        for (char *p = out->data; (p = memchr(p, '\0', len - (size_t)(p - out->data))) != NULL;) *p = ' ';
    }

    while (i < len) {
        const char *p = memchr(s + i, '<', len - i);
        if (!p) break;
        i = (size_t)(p - s);
        if (i + 1 >= len) break;
        unsigned char c = (unsigned char)s[i + 1];
        if (c == '!') {
            if (i + 3 < len && s[i + 2] == '-' && s[i + 3] == '-') {
                size_t j = i + 4;
                const char *e = NULL;
                while (j + 2 < len && (e = memchr(s + j, '-', len - j)) != NULL) {
                    j = (size_t)(e - s);
                    if (j + 2 < len && s[j + 1] == '-' && s[j + 2] == '>') break;
                    j++;
                    e = NULL;
                }
                i = e ? j + 3 : len;
            } else {
                const char *e = memchr(s + i, '>', len - i);
                size_t stop = e ? (size_t)(e - s) + 1 : len;
                if (!(i + 9 <= len && name_is(s + i + 2, 7, "doctype"))) BLANK(i, stop);
                i = stop;
            }
            continue;
        }
        if (c == '?') {
            const char *e = memchr(s + i, '>', len - i);
            i = e ? (size_t)(e - s) + 1 : len;
            continue;
        }
        int end = c == '/';
        size_t ns = i + 1 + (size_t)end, ne = ns;
        if (ns >= len || !is_alpha((unsigned char)s[ns])) { i++; continue; }
        while (ne < len && !is_space((unsigned char)s[ne]) && s[ne] != '>' && s[ne] != '/') ne++;
        size_t cut;
        size_t gt = tag_end(s, len, ne, end ? NULL : &cut);
        size_t stop = gt < len ? gt + 1 : len;
        if (!end && cut) BLANK(cut, gt < len && s[gt - 1] == '/' ? gt - 1 : gt);
        const char *name = s + ns;
        size_t nlen = ne - ns;
        if (end) {
            if (over > 0) {
                BLANK(i, stop);
                over--;
            } else {
                uint64_t k = name_key(name, nlen);
                uint8_t pr = end_priority(name, nlen);
                /* close the nearest open element of that name (a few up),
                 * unless one of higher priority is open above it */
                for (size_t d = depth, look = 0; d > 0 && look < 16; d--, look++) {
                    if (stack[d - 1].key == k) { depth = d - 1; break; }
                    if (stack[d - 1].prio > pr) break;
                }
            }
            i = stop;
            continue;
        }
        /* libxml2 closes what the new element implies closed, then opens
         * it — unless it is void, written "<div/>" (libxml2 closes it at
         * once) or raw text (a leaf: its content is no tag) */
        while (depth > 0 && closes(stack[depth - 1].rule, name, nlen)) depth--;
        int self_closed = gt < len && gt > ne && s[gt - 1] == '/';
        if (!self_closed && name_in(name, nlen, raw_tags)) {
            char lower[16];
            size_t m = nlen < sizeof lower - 1 ? nlen : sizeof lower - 1;
            for (size_t t = 0; t < m; t++) lower[t] = (char)((unsigned char)name[t] | 0x20);
            lower[m] = '\0';
            size_t j = find_end_tag(s, len, stop, lower, m);
            const char *e = j < len ? memchr(s + j, '>', len - j) : NULL;
            stop = e ? (size_t)(e - s) + 1 : len;
        } else if (!self_closed && !name_in(name, nlen, void_tags)) {
            if (over > 0 || depth >= (size_t)max_depth) {
                BLANK(i, stop);
                over++;
            } else {
                stack[depth++] = (struct open_el){name_key(name, nlen), end_priority(name, nlen),
                                                  (int8_t)implied_rule(name, nlen)};
            }
        }
        i = stop;
    }
#undef BLANK
#undef COPY
    free(stack);
    return copied;
}
