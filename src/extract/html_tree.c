/*
 * html_tree.c — the parsed page: libxml2's HTML parser, driven through
 * its SAX interface, builds braid's own compact tree.
 *
 * Why libxml2 and why SAX: parsing 400 pages of contest hour 10 into
 * this tree and freeing it costs 0.54 M instructions a page (callgrind),
 * gumbo's parse and free 1.73 M (native: 113 against 369 us a page);
 * libxml2's own tree (htmlCtxtReadMemory + xmlFreeDoc) would cost 0.66 M
 * (one malloc per node, per attribute and per text, names as strings).
 * Our nodes live in a few large blocks freed at once, carry the tag as
 * an enum (rules switch on it) and keep only the attributes rules read
 * (html_internal.h lists both).
 *
 * libxml2 follows HTML 4, not the HTML5 tree builder, so the HTML5 rules
 * that decide where text lands are applied here, on the events (each
 * measured on trafilatura's extract-dev set and contest hours 10, 15):
 * - libxml2 ignores an end tag when a <div> or table part is open inside
 *   its element ("</nav>" over an unclosed <div>: the rest of the page
 *   stays in the <nav>, never read) and reports it as an error; HTML5
 *   closes through (on_error).  Without it extract-dev F1 is 0.9351
 *   (4 pages lose text), with it 0.9369 (gumbo: 0.9367);
 * - a heading's start closes an open heading, a heading's end tag closes
 *   any open one ("<h1>Title<h4>By …", "<h1>…</h2>"): 1 author, 1 date;
 * - the start of an HTML5 block (<section>, <figure>, <header>, which
 *   libxml2 does not know) closes an open <p>, which would otherwise hold
 *   the whole article; an element that does not belong in <head> closes
 *   an unclosed <head> (libxml2 keeps <article>, <header>… in it, out of
 *   the main text); content after </body> or </html> goes back into the
 *   body.  These change no page of either set (in extract-dev the <p>
 *   rule fires 45 times, the <head> rule 85) and keep those failures away;
 * - "</br>" is a <br> (libxml2 drops it: one page's paragraphs ran
 *   together); C1 controls become the windows-1252 characters ("&#150;"
 *   is "–" in HTML5, libxml2 gives U+0096): 5 contest pages; CR LF in
 *   attribute values is LF (3 descriptions).
 * libxml2's events stay balanced (every start has its end), so each
 * start pushes the node it made (or NULL) on an event stack and its end
 * closes that node if it is still open; elements closed early by the
 * rules above are simply already closed.  On the contest pages the tree
 * is closer to the page than gumbo's: libxml2 honours "<a … />" (Telegram
 * pages write "<related><a href=… /></related>"), which HTML5 leaves
 * open, so gumbo put every later paragraph inside a link and dropped it
 * as link text (148 + 172 pages of hours 10, 15 get paragraphs back).
 *
 * Options: RECOVER (a "</div>" inside a script does not end it),
 * IGNORE_ENC and an explicit UTF-8 decoder (the input is UTF-8 after
 * read/charset.c: a <meta charset> must not make libxml2 re-decode it),
 * NOERROR/NOWARNING and our structured error handler (nothing is
 * printed; libxml2 still formats each message, 1.4% of the parse), NONET.
 * No depth limit applies: libxml2's 256-level limit is in its own tree
 * builder, which SAX does not use; html_guard.c bounds nesting before
 * parsing and blanks the NUL bytes at which libxml2 would stop.
 *
 * Threads: every parse has its own parser context and SAX handler copy;
 * libxml2 (built with thread support, as Debian's is) keeps its error
 * state per thread.  xmlInitParser() is the library's process-wide,
 * idempotent initialisation, which its documentation asks to be called
 * once before parsing from several threads: pthread_once does that.
 * (Checked: `braid extract --set read_jobs=4` on hour 10 under
 * ThreadSanitizer, no report, output identical.)
 */
#include "extract/html_internal.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* ---- names ---------------------------------------------------------- */

static const char *const tag_names[HT_N] = {
    "",
#define BRAID_HTML_TAG_NAME(e, s) s,
    BRAID_HTML_TAGS(BRAID_HTML_TAG_NAME)
#undef BRAID_HTML_TAG_NAME
};

static const char *const attr_names[HA_N] = {
    "",
#define BRAID_HTML_ATTR_NAME(e, s) s,
    BRAID_HTML_ATTRS(BRAID_HTML_ATTR_NAME)
#undef BRAID_HTML_ATTR_NAME
};

/* Binary search of names[1..n) (sorted); 0 when absent. */
static int find_name(const char *const *names, int n, const char *s)
{
    int lo = 1, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(s, names[mid]);
        if (!c) return mid;
        if (c < 0) hi = mid - 1;
        else lo = mid + 1;
    }
    return 0;
}

enum html_tag braid_html_tag(const char *name)
{
    return (enum html_tag)find_name(tag_names, HT_N, name);
}

const char *braid_html_tag_name(enum html_tag t)
{
    return t > HT_OTHER && t < HT_N ? tag_names[t] : "?";
}

/* ---- storage ---------------------------------------------------------- */

struct block {
    struct block *next;
    size_t used, cap;
    _Alignas(16) char data[];
};

struct html_tree {
    html_node root;
    struct block *blocks;
    size_t next_cap;
};

static void *tree_alloc(html_tree *t, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    struct block *b = t->blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = t->next_cap;
        if (cap < n) cap = n;
        b = malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->next = t->blocks;
        b->used = 0;
        b->cap = cap;
        t->blocks = b;
        if (t->next_cap < (1u << 20)) t->next_cap *= 2;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

void braid_html_tree_free(html_tree *t)
{
    if (!t) return;
    for (struct block *b = t->blocks, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    free(t);
}

const html_node *braid_html_tree_root(const html_tree *t) { return &t->root; }

/* ---- building ----------------------------------------------------------- */

struct builder {
    html_tree *t;
    htmlParserCtxtPtr ctxt;
    html_node **open;     /* our open elements, the document first        */
    size_t nopen, capopen;
    html_node **ev;       /* per element libxml2 has open: ours, or NULL  */
    size_t nev, capev;
    unsigned open_p;      /* <p> elements among ours                      */
    html_node *html, *head, *body;
    buf text;             /* text for the current node, not yet stored    */
    int oom;
};

static void fail(struct builder *b)
{
    if (!b->oom) xmlStopParser(b->ctxt);
    b->oom = 1;
}

static int grow(struct builder *b, html_node ***v, size_t *cap, size_t n)
{
    if (n < *cap) return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    html_node **p = realloc(*v, nc * sizeof *p);
    if (!p) {
        fail(b);
        return -1;
    }
    *v = p;
    *cap = nc;
    return 0;
}

static html_node *cur(const struct builder *b) { return b->open[b->nopen - 1]; }

static void append(html_node *parent, html_node *n)
{
    n->parent = parent;
    if (parent->last) parent->last->next = n;
    else parent->first = n;
    parent->last = n;
}

/* Store the pending text as a text node of the current node. */
static void flush_text(struct builder *b)
{
    if (!b->text.len || b->oom) return;
    html_node *n = tree_alloc(b->t, sizeof *n);
    char *s = tree_alloc(b->t, b->text.len + 1);
    if (!n || !s || b->text.oom) {
        fail(b);
        return;
    }
    memcpy(s, b->text.data, b->text.len + 1);
    memset(n, 0, sizeof *n);
    n->type = HN_TEXT;
    n->text = s;
    append(cur(b), n);
    buf_clear(&b->text);
}

static void push(struct builder *b, html_node *n)
{
    flush_text(b);
    if (grow(b, &b->open, &b->capopen, b->nopen)) return;
    b->open[b->nopen++] = n;
    n->open = 1;
    b->open_p += n->tag == HT_P;
}

/* Close n and everything opened inside it. */
static void pop_through(struct builder *b, html_node *n)
{
    flush_text(b);
    while (b->nopen > 1) {
        html_node *x = b->open[--b->nopen];
        x->open = 0;
        b->open_p -= x->tag == HT_P;
        if (x == n) break;
    }
}

static html_node *new_element(struct builder *b, enum html_tag tag, const xmlChar **atts)
{
    html_attr tmp[HA_N];
    int na = 0;
    for (; atts && atts[0] && na < HA_N; atts += 2) {
        int id = find_name(attr_names, HA_N, (const char *)atts[0]);
        int dup = 0;
        for (int i = 0; i < na; i++) dup |= tmp[i].name == id;
        if (!id || dup) continue;
        const char *v = atts[1] ? (const char *)atts[1] : "";
        size_t n = strlen(v);
        char *s = tree_alloc(b->t, n + 1);
        if (!s) {
            fail(b);
            return NULL;
        }
        memcpy(s, v, n + 1);
        /* HTML5 reads CR LF and a lone CR as LF; libxml2 keeps them in
         * attribute values (descriptions, titles: "…\r\nSie wollen…") */
        if (memchr(s, '\r', n)) {
            char *w = s;
            for (const char *r = s; *r; r++)
                if (*r != '\r') *w++ = *r;
                else if (r[1] != '\n') *w++ = '\n';
            *w = '\0';
        }
        tmp[na].name = (uint8_t)id;
        tmp[na].value = s;
        na++;
    }
    html_node *n = tree_alloc(b->t, sizeof *n);
    html_attr *a = na ? tree_alloc(b->t, (size_t)na * sizeof *a) : NULL;
    if (!n || (na && !a)) {
        fail(b);
        return NULL;
    }
    memset(n, 0, sizeof *n);
    if (na) memcpy(a, tmp, (size_t)na * sizeof *a);
    n->type = HN_ELEMENT;
    n->tag = (uint16_t)tag;
    n->attr = a;
    n->nattr = (uint8_t)na;
    return n;
}

/* Store n as the last child of the current node and make it current. */
static void add(struct builder *b, html_node *n)
{
    flush_text(b);
    append(cur(b), n);
    push(b, n);
}

/* Make <body> the current node: close <head>, reopen <html> and <body>
 * when they were closed, create them when missing (with `atts`). */
static void open_body(struct builder *b, const xmlChar **atts)
{
    if (b->head && b->head->open) pop_through(b, b->head);
    if (b->body && b->body->open) return;
    if (!b->html) {
        b->html = new_element(b, HT_HTML, NULL);
        if (!b->html) return;
        pop_through(b, NULL);
        add(b, b->html);
    } else if (!b->html->open) {
        pop_through(b, NULL);
        push(b, b->html);
    } else {
        while (b->nopen > 1 && cur(b) != b->html) pop_through(b, cur(b));
    }
    if (b->body) {
        push(b, b->body);
        return;
    }
    b->body = new_element(b, HT_BODY, atts);
    if (b->body) add(b, b->body);
}

/* Elements HTML5 keeps in <head>. */
static int head_element(enum html_tag t)
{
    switch (t) {
    case HT_BASE: case HT_BASEFONT: case HT_BGSOUND: case HT_LINK: case HT_META:
    case HT_TITLE: case HT_NOSCRIPT: case HT_NOFRAMES: case HT_STYLE: case HT_SCRIPT:
    case HT_TEMPLATE:
        return 1;
    default:
        return 0;
    }
}

/* Start tags that close an open <p> in HTML5 (libxml2 knows only the
 * HTML 4 ones, and only when the <p> is the current node). */
static int closes_p(enum html_tag t)
{
    switch (t) {
    case HT_ADDRESS: case HT_ARTICLE: case HT_ASIDE: case HT_BLOCKQUOTE: case HT_CENTER:
    case HT_DETAILS: case HT_DIALOG: case HT_DIR: case HT_DIV: case HT_DL: case HT_FIELDSET:
    case HT_FIGCAPTION: case HT_FIGURE: case HT_FOOTER: case HT_HEADER: case HT_HGROUP:
    case HT_MAIN: case HT_MENU: case HT_NAV: case HT_OL: case HT_P: case HT_SECTION:
    case HT_SUMMARY: case HT_UL: case HT_H1: case HT_H2: case HT_H3: case HT_H4: case HT_H5:
    case HT_H6: case HT_PRE: case HT_LISTING: case HT_FORM: case HT_TABLE: case HT_HR:
        return 1;
    default:
        return 0;
    }
}

/* The edge of HTML5's "button scope": a <p> beyond it stays open. */
static int scope_edge(enum html_tag t)
{
    switch (t) {
    case HT_APPLET: case HT_CAPTION: case HT_HTML: case HT_BODY: case HT_TABLE: case HT_TD:
    case HT_TH: case HT_MARQUEE: case HT_OBJECT: case HT_TEMPLATE: case HT_BUTTON:
    case HT_SVG: case HT_MATH:
        return 1;
    default:
        return 0;
    }
}

static void close_p(struct builder *b)
{
    /* a <p> is near the top when it is open at all; 64 levels bound the
     * look on pathological nests */
    for (size_t i = b->nopen, look = 0; i-- > 1 && look < 64; look++) {
        html_node *x = b->open[i];
        if (x->tag == HT_P) {
            pop_through(b, x);
            return;
        }
        if (x->type == HN_ELEMENT && scope_edge(x->tag)) return;
    }
}

static void ev_push(struct builder *b, html_node *n)
{
    if (grow(b, &b->ev, &b->capev, b->nev)) return;
    b->ev[b->nev++] = n;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    struct builder *b = ctx;
    if (b->oom) return;
    enum html_tag tag = braid_html_tag((const char *)name);
    html_node *n = NULL;
    switch (tag) {
    case HT_HTML:
        if (!b->html) {
            b->html = new_element(b, tag, atts);
            if (b->html) add(b, b->html);
        } else if (!b->html->open) {
            pop_through(b, NULL);
            push(b, b->html);
        }
        ev_push(b, b->html);
        return;
    case HT_HEAD:
        if (b->head || b->body) {
            ev_push(b, NULL);
            return;
        }
        break;
    case HT_BODY:
        if (b->body && !b->body->nattr && atts) {
            /* HTML5 gives a late <body>'s attributes to the body */
            html_node *tmp = new_element(b, tag, atts);
            if (tmp) b->body->attr = tmp->attr, b->body->nattr = tmp->nattr;
        }
        open_body(b, atts);
        ev_push(b, b->body);
        return;
    default: {
        html_node *c = cur(b);
        if (b->head && b->head->open ? !head_element(tag)
                                     : (c == &b->t->root || c == b->html) && (b->body || !head_element(tag)))
            open_body(b, NULL);
        if (b->open_p && closes_p(tag)) close_p(b);
        /* a heading does not nest in a heading ("<h1>Title<h4>By …") */
        if (tag >= HT_H1 && tag <= HT_H6 && cur(b)->tag >= HT_H1 && cur(b)->tag <= HT_H6 &&
            cur(b)->type == HN_ELEMENT)
            pop_through(b, cur(b));
        break;
    }
    }
    if (b->oom) return;
    n = new_element(b, tag, atts);
    if (!n) return;
    if (tag == HT_HEAD) b->head = n;
    add(b, n);
    ev_push(b, n);
}

static void on_end(void *ctx, const xmlChar *name)
{
    struct builder *b = ctx;
    (void)name;
    if (b->oom || !b->nev) return;
    html_node *n = b->ev[--b->nev];
    if (n && n->open) pop_through(b, n);
}

/* C1 control characters (U+0080-U+009F) in text are windows-1252
 * bytes that went through a Latin-1 decoder, or numeric references such
 * as "&#150;", which HTML5 maps to windows-1252 too and libxml2 does
 * not: they become the characters meant ("–", "“", "€"); the five
 * positions windows-1252 leaves undefined are dropped. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static void append_text(buf *t, const char *s, size_t len)
{
    const char *end = s + len, *p;
    while ((p = memchr(s, 0xC2, (size_t)(end - s))) != NULL && p + 1 < end) {
        unsigned char c = (unsigned char)p[1];
        if (c < 0x80 || c > 0x9F) {
            buf_append(t, s, (size_t)(p + 2 - s));
            s = p + 2;
            continue;
        }
        buf_append(t, s, (size_t)(p - s));
        unsigned u = cp1252_c1[c - 0x80];
        if (u) {
            char w[3] = {(char)(0xE0 | (u >> 12)), (char)(0x80 | ((u >> 6) & 0x3F)), (char)(0x80 | (u & 0x3F))};
            if (u < 0x800) buf_append(t, (char[2]){(char)(0xC0 | (u >> 6)), (char)(0x80 | (u & 0x3F))}, 2);
            else buf_append(t, w, 3);
        }
        s = p + 2;
    }
    buf_append(t, s, (size_t)(end - s));
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
    struct builder *b = ctx;
    if (b->oom || len <= 0) return;
    /* text in <head> itself (or in a <noscript> there) belongs to the body */
    if (b->head && b->head->open) {
        html_node *c = cur(b);
        if (c == b->head || c->tag == HT_NOSCRIPT) {
            int ws = 1;
            for (int i = 0; i < len && ws; i++)
                ws = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f';
            if (!ws) open_body(b, NULL);
        }
    }
    append_text(&b->text, (const char *)s, (size_t)len);
    if (b->text.oom) fail(b);
}

/* End tags that HTML5 honours through whatever is open inside them
 * ("has an element in scope"), where libxml2 ignores them when a <div>
 * or a table part is open inside (its end-tag priorities). */
static int closes_through(enum html_tag t)
{
    switch (t) {
    case HT_LI: case HT_DD: case HT_DT: case HT_BUTTON:
        return 1;
    default:
        return closes_p(t) && t != HT_TABLE && t != HT_HR && t != HT_FORM;
    }
}

/* libxml2 reports every end tag it does not honour as a tag mismatch
 * (XML_ERR_TAG_NAME_MISMATCH, the end tag's name in str1): an unclosed
 * <div> inside a <nav> keeps the whole rest of the page inside that
 * <nav>, which extraction never reads; an "<h1>…</h2>" keeps it in the
 * heading.  HTML5 closes the element
 * through what is open inside it (up to a scope edge such as a table
 * cell), so the builder does that on its own tree; libxml2's later end
 * events for those elements then find them closed already.  The same
 * error also comes just before libxml2 closes elements itself: closing
 * them first changes nothing. */
static void on_error(void *ctx, xmlErrorPtr e)
{
    struct builder *b = ctx;
    if (b->oom || !e || e->code != XML_ERR_TAG_NAME_MISMATCH || !e->str1) return;
    enum html_tag t = braid_html_tag(e->str1);
    if (t == HT_BR) {
        /* "</br>" is a line break in HTML5 (travanto.de writes its
         * paragraphs apart so); libxml2 drops it */
        html_node *br = new_element(b, HT_BR, NULL);
        if (br) {
            flush_text(b);
            append(cur(b), br);
        }
        return;
    }
    if (!closes_through(t)) return;
    int heading = t >= HT_H1 && t <= HT_H6;
    for (size_t i = b->nopen, look = 0; i-- > 1 && look < 64; look++) {
        html_node *x = b->open[i];
        /* any heading's end tag closes the open heading ("<h1>…</h2>") */
        if (x->tag == t || (heading && x->tag >= HT_H1 && x->tag <= HT_H6)) {
            pop_through(b, x);
            return;
        }
        if (scope_edge(x->tag) || (t == HT_LI && (x->tag == HT_UL || x->tag == HT_OL))) return;
    }
}

static const htmlSAXHandler sax = {
    .startElement = on_start,
    .endElement = on_end,
    .characters = on_text,
    .ignorableWhitespace = on_text,
    .cdataBlock = on_text,
    .initialized = XML_SAX2_MAGIC,
    .serror = on_error,
};

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void) { xmlInitParser(); }

html_tree *braid_html_tree_new(const char *html, size_t len)
{
    if (len > INT_MAX) return NULL;
    pthread_once(&xml_once, xml_init);
    html_tree *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->root.type = HN_DOCUMENT;
    t->next_cap = 16384;
    struct builder b;
    memset(&b, 0, sizeof b);
    b.t = t;
    buf_init(&b.text);
    push(&b, &t->root);
    if (len && !b.oom) {
        b.ctxt = htmlCreateMemoryParserCtxt(html, (int)len);
        if (!b.ctxt) {
            b.oom = 1;
        } else {
            memcpy(b.ctxt->sax, &sax, sizeof sax);
            b.ctxt->userData = &b;
            htmlCtxtUseOptions(b.ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                           HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD);
            xmlCharEncodingHandlerPtr utf8 = xmlFindCharEncodingHandler("UTF-8");
            if (utf8) xmlSwitchToEncoding(b.ctxt, utf8);
            htmlParseDocument(b.ctxt);
            flush_text(&b);
            if (b.ctxt->myDoc) xmlFreeDoc(b.ctxt->myDoc);
            htmlFreeParserCtxt(b.ctxt);
        }
    }
    free(b.open);
    free(b.ev);
    buf_free(&b.text);
    if (b.oom) {
        braid_html_tree_free(t);
        return NULL;
    }
    return t;
}
