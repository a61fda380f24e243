/*
 * html_internal.h — what the HTML extraction files share.
 *
 * html.c is the entry point (guard → parse → metadata → main text);
 * html_guard.c bounds element nesting before the parser sees the bytes;
 * html_tree.c parses with libxml2 into braid's own compact tree (below);
 * html_meta.c reads title, url, site, time, author and description;
 * html_clean.c judges single elements (never content, hidden, boilerplate
 * by class/id words); html_extract.c scores the tree and writes the main
 * text.  Everything here walks the tree with explicit stacks: no function
 * recurses over the document.
 */
#ifndef BRAID_EXTRACT_HTML_INTERNAL_H
#define BRAID_EXTRACT_HTML_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "braid.h"
#include "doc.h"
#include "util/buf.h"

/* ---- html_guard.c ---------------------------------------------------- */

/* Scan the tags of html[0..len) and, when element nesting in libxml2's
 * parser would exceed `max_depth`, write into `out` a copy in which every
 * start tag beyond that depth (and its end tag) is replaced by spaces, so
 * the content is flattened into the ancestor at the limit; NUL bytes and
 * HTML5 bogus comments ("<![CDATA[…]>") are blanked the same way.
 * Returns 1 when `out` holds the rewritten copy, 0 when the input needs
 * none of this (out untouched), -1 when out of memory.  Linear in len. */
int braid_html_guard(const char *html, size_t len, int max_depth, buf *out);

/* ---- html_tree.c ----------------------------------------------------- */

/* The elements any rule looks at, in alphabetical order (the order is
 * the lookup table's: keep it sorted).  Every other element is HT_OTHER,
 * which extraction treats as inline. */
#define BRAID_HTML_TAGS(X)                                                        \
    X(A, "a") X(ADDRESS, "address") X(APPLET, "applet") X(ARTICLE, "article")        \
    X(ASIDE, "aside") X(AUDIO, "audio") X(BASE, "base") X(BASEFONT, "basefont")      \
    X(BGSOUND, "bgsound") X(BLOCKQUOTE, "blockquote") X(BODY, "body") X(BR, "br")    \
    X(BUTTON, "button") X(CANVAS, "canvas") X(CAPTION, "caption") X(CENTER, "center") \
    X(DD, "dd") X(DETAILS, "details") X(DIALOG, "dialog") X(DIR, "dir") X(DIV, "div") \
    X(DL, "dl") X(DT, "dt") X(EMBED, "embed") X(FIELDSET, "fieldset")                \
    X(FIGCAPTION, "figcaption") X(FIGURE, "figure") X(FOOTER, "footer") X(FORM, "form") \
    X(FRAMESET, "frameset") X(H1, "h1") X(H2, "h2") X(H3, "h3") X(H4, "h4") X(H5, "h5") \
    X(H6, "h6") X(HEAD, "head") X(HEADER, "header") X(HGROUP, "hgroup") X(HR, "hr")  \
    X(HTML, "html") X(IFRAME, "iframe") X(IMAGE, "image") X(IMG, "img")              \
    X(INPUT, "input") X(LABEL, "label") X(LI, "li") X(LINK, "link")                  \
    X(LISTING, "listing") X(MAIN, "main") X(MAP, "map") X(MARQUEE, "marquee")        \
    X(MATH, "math") X(MENU, "menu") X(META, "meta") X(NAV, "nav")                    \
    X(NOFRAMES, "noframes") X(NOSCRIPT, "noscript") X(OBJECT, "object") X(OL, "ol")  \
    X(OPTION, "option") X(P, "p") X(PRE, "pre") X(SCRIPT, "script")                  \
    X(SECTION, "section") X(SELECT, "select") X(SOURCE, "source") X(STYLE, "style")  \
    X(SUMMARY, "summary") X(SVG, "svg") X(TABLE, "table") X(TBODY, "tbody")          \
    X(TD, "td") X(TEMPLATE, "template") X(TEXTAREA, "textarea") X(TFOOT, "tfoot")    \
    X(TH, "th") X(THEAD, "thead") X(TIME, "time") X(TITLE, "title") X(TR, "tr")      \
    X(UL, "ul") X(VIDEO, "video")

enum html_tag {
    HT_OTHER = 0,
#define BRAID_HTML_TAG_ENUM(e, s) HT_##e,
    BRAID_HTML_TAGS(BRAID_HTML_TAG_ENUM)
#undef BRAID_HTML_TAG_ENUM
    HT_N
};

/* The attributes any rule reads, sorted likewise; the tree keeps only
 * these (a rule that needs another one adds it here). */
#define BRAID_HTML_ATTRS(X)                                                       \
    X(ARIA_HIDDEN, "aria-hidden") X(CLASS, "class") X(CONTENT, "content")            \
    X(DATETIME, "datetime") X(HIDDEN, "hidden") X(HREF, "href") X(ID, "id")          \
    X(ITEMPROP, "itemprop") X(ITEMTYPE, "itemtype") X(NAME, "name")                  \
    X(PROPERTY, "property") X(REL, "rel") X(ROLE, "role") X(STYLE, "style")          \
    X(TYPE, "type")

enum html_attr_name {
    HA_NONE = 0,
#define BRAID_HTML_ATTR_ENUM(e, s) HA_##e,
    BRAID_HTML_ATTRS(BRAID_HTML_ATTR_ENUM)
#undef BRAID_HTML_ATTR_ENUM
    HA_N
};

enum html_node_type { HN_DOCUMENT = 0, HN_ELEMENT, HN_TEXT };

typedef struct html_attr {
    const char *value;   /* NUL-terminated, entities decoded; "" when bare */
    uint8_t name;        /* enum html_attr_name */
} html_attr;

typedef struct html_node html_node;
struct html_node {
    html_node *parent, *first, *last, *next;  /* first/last child, next sibling */
    const char *text;        /* HN_TEXT: NUL-terminated UTF-8 */
    const html_attr *attr;   /* HN_ELEMENT: nattr entries */
    uint16_t tag;            /* HN_ELEMENT: enum html_tag */
    uint8_t type;            /* enum html_node_type */
    uint8_t nattr;
    uint8_t open;            /* tree building only */
};

typedef struct html_tree html_tree;

/* Parse html[0..len) (valid UTF-8, at most INT_MAX bytes) into a tree.
 * NULL when out of memory. */
html_tree *braid_html_tree_new(const char *html, size_t len);
void braid_html_tree_free(html_tree *t);
/* The document node (HN_DOCUMENT). */
const html_node *braid_html_tree_root(const html_tree *t);

/* Tag of a lower-case element name (HT_OTHER when not listed), and back. */
enum html_tag braid_html_tag(const char *name);
const char *braid_html_tag_name(enum html_tag t);

/* ---- html_clean.c ---------------------------------------------------- */

enum html_kind {
    HK_INLINE = 0,   /* text-level: a, b, span, ...                        */
    HK_BLOCK,        /* breaks paragraphs: p, div, li, h2, ...              */
    HK_SKIP,         /* never content: script, style, nav, form controls...  */
};

/* How an element takes part in text: inline, block or skipped whole. */
enum html_kind braid_html_kind(const html_node *el);

/* Pre-order successor of `n` within the subtree of `root` (NULL at the
 * end).  `skip` = do not descend into n's children.  Uses the parent
 * links, so walks need neither recursion nor a stack. */
const html_node *braid_html_next(const html_node *n, const html_node *root, int skip);

/* Append the text of the subtree of `n` with white space collapsed to
 * single spaces (script/style skipped); stops after `max` bytes. */
void braid_html_text_of(const html_node *n, buf *out, size_t max);

/* Attribute value or NULL. */
const char *braid_html_attr(const html_node *el, enum html_attr_name name);

/* Hidden by the page: hidden attribute, aria-hidden, display:none. */
int braid_html_hidden(const html_node *el);

/* Class/id judgement: < 0 boilerplate words (comments, share bars, related
 * lists, cookie notices...), > 0 content words (article, entry, story
 * body...), 0 neither.  `strong` (may be NULL) is set to 1 when the
 * negative word is one that never names a page wrapper (comments, share,
 * cookie), 2 when the element also carries content words, 3 when the
 * only negative word is one that may also name the article's own lead
 * ("teaser"), which the caller judges by the block's link text. */
int braid_html_class_weight(const html_node *el, int *strong);

/* A content container by markup: <article>, <main>, itemprop=articleBody,
 * role=main, itemtype schema.org Article.  2 for articleBody-like, 1 for
 * the others, 0 otherwise. */
int braid_html_container(const html_node *el);

/* ---- html_meta.c ----------------------------------------------------- */

/* Fill title, url, site, published, author, description of `doc` from the
 * head and body of the parsed page without overwriting present fields.
 * `ld_body` (may be NULL) receives the JSON-LD articleBody (or NULL), to be
 * freed by the caller.  Returns 0, or -1 when out of memory. */
int braid_html_meta(const html_node *root, braid_doc *doc, char **ld_body);

/* ---- html_extract.c -------------------------------------------------- */

/* Write the main text of the page into `out`: paragraphs separated by
 * "\n\n", white space collapsed.  `title` (may be NULL) is the page title,
 * used to drop a heading that repeats it.  `description` (may be NULL) is
 * the page's description, the lead of a page with next to no text (video
 * pages).  `ld_body` (may be NULL) is the JSON-LD articleBody, used when
 * it holds much more text than the HTML's article (script-rendered
 * pages).  Returns 0, or -1 when out of memory. */
int braid_html_main_text(const html_node *root, const char *title, const char *description,
                         const char *ld_body, const braid_config *cfg, buf *out);

#endif
