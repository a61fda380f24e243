/*
 * html_guard.c — bound element nesting before the HTML parser sees it.
 *
 * gumbo builds the tree without recursion, but several steps of the HTML5
 * tree builder scan the stack of open elements or the list of active
 * formatting elements for every token ("has an element in scope",
 * reconstructing formatting), and gumbo 0.10.1 frees its tree
 * recursively.  A page nested 100,000 deep therefore costs O(n^2) time
 * (measured: 100,000 nested <div> did not finish in 60 s) and a deep C
 * stack on destroy.  This pass is a light tag scanner — comments,
 * doctype, quoted attribute values, raw-text elements (script, style,
 * textarea, ...), void elements and the common implied end tags (p, li,
 * td, ...) — that tracks an estimate of the nesting depth.  Start tags
 * beyond cfg->max_html_depth, and as many end tags, are overwritten by
 * spaces in a copy, so their content is flattened into the ancestor at
 * the limit.  The estimate only needs to be close: it decides nothing on
 * ordinary pages, which stay far below the limit and are not copied.
 * The same scan blanks self-closed raw-text and media elements
 * (`<iframe … />`, `<script src=… />`, `<video … />`), which HTML5 parsers
 * open and never close, swallowing the rest of the page as raw text or as
 * children of an element extraction skips (1.4% of the contest pages lost
 * all their text this way).
 * No library offers this (gumbo has no depth option), hence by hand.
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
    "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image", "menuitem", NULL};
static const char *const raw_tags[] = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    "plaintext", "noscript", NULL};
/* never content; written self-closed (<video … />) they would hold the
 * rest of the page as children, which extraction skips */
static const char *const media_tags[] = {
    "video", "audio", "canvas", "object", "map", "template", NULL};
/* elements whose start tag implicitly closes an open one of the same name */
static const char *const self_closing_siblings[] = {
    "p", "li", "dt", "dd", "option", "tr", "td", "th", "a", "optgroup", "rb", "rt", "rp", NULL};
/* block starts that close an open <p> */
static const char *const closes_p[] = {
    "address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main",
    "nav", "ol", "p", "pre", "section", "table", "ul", "details", "figcaption", NULL};

/* Find the end of a tag starting after its name at `i`: the '>' outside
 * quotes, or len.  Returns the index of '>' (or len). */
static size_t tag_end(const char *s, size_t len, size_t i)
{
    char q = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (q) {
            if (c == q) q = 0;
        } else if (c == '"' || c == '\'') {
            /* a quote only opens a value right after '=' (and spaces) */
            size_t j = i;
            while (j > 0 && is_space((unsigned char)s[j - 1])) j--;
            if (j > 0 && s[j - 1] == '=') q = c;
        } else if (c == '>') {
            return i;
        }
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
        if (i + 2 + n <= len && s[i + 1] == '/' && name_is(s + i + 2, n, name) &&
            (i + 2 + n == len || !is_alpha((unsigned char)s[i + 2 + n])))
            return i;
    }
    return len;
}

int braid_html_guard(const char *s, size_t len, int max_depth, buf *out)
{
    if (max_depth < 1) max_depth = 1;
    uint64_t *stack = malloc((size_t)max_depth * sizeof *stack);
    if (!stack) return -1;
    size_t depth = 0;     /* entries on stack                    */
    size_t over = 0;      /* start tags blanked, not yet closed  */
    int copied = 0;
    size_t i = 0;

#define BLANK(a, b)                                                  \
    do {                                                             \
        if (!copied) {                                               \
            buf_clear(out);                                          \
            buf_append(out, s, len);                                 \
            if (out->oom) { free(stack); return -1; }                \
            copied = 1;                                              \
        }                                                            \
        memset(out->data + (a), ' ', (b) - (a));                     \
    } while (0)

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
                i = e ? (size_t)(e - s) + 1 : len;
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
        size_t gt = tag_end(s, len, ne);
        size_t stop = gt < len ? gt + 1 : len;
        const char *name = s + ns;
        size_t nlen = ne - ns;
        if (end) {
            if (over > 0) {
                BLANK(i, stop);
                over--;
            } else {
                uint64_t k = name_key(name, nlen);
                /* close the nearest open element of that name (a few up) */
                for (size_t d = depth, look = 0; d > 0 && look < 16; d--, look++)
                    if (stack[d - 1] == k) { depth = d - 1; break; }
            }
            i = stop;
            continue;
        }
        if (gt < len && gt > ne && s[gt - 1] == '/' &&
            (name_in(name, nlen, raw_tags) || name_in(name, nlen, media_tags))) {
            /* <iframe … /> (Telegram Instant View writes these): HTML5 has
             * no self-closing iframe or script, so the parser would take
             * the rest of the page as the element's raw text.  The element
             * is never content: blank it. */
            BLANK(i, stop);
            i = stop;
            continue;
        }
        if (!name_in(name, nlen, void_tags)) {
            uint64_t k = name_key(name, nlen);
            if (depth > 0 && name_in(name, nlen, self_closing_siblings) && stack[depth - 1] == k)
                depth--;
            else if (depth > 0 && stack[depth - 1] == name_key("p", 1) && name_in(name, nlen, closes_p))
                depth--;
            if (over > 0 || depth >= (size_t)max_depth) {
                BLANK(i, stop);
                over++;
            } else {
                stack[depth++] = k;
            }
            if (name_in(name, nlen, raw_tags)) {
                /* raw text: nothing inside is a tag; its end tag closes it */
                char lower[16];
                size_t m = nlen < sizeof lower - 1 ? nlen : sizeof lower - 1;
                for (size_t t = 0; t < m; t++) lower[t] = (char)((unsigned char)name[t] | 0x20);
                lower[m] = '\0';
                stop = find_end_tag(s, len, stop, lower, m);
            }
        }
        i = stop;
    }
#undef BLANK
    free(stack);
    return copied;
}
