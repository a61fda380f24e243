/*
 * html_internal.h — what the HTML extraction files share.
 *
 * html.c is the entry point (guard → parse → metadata → main text);
 * html_guard.c bounds element nesting before gumbo sees the bytes;
 * html_meta.c reads title, url, site, time, author and description;
 * html_clean.c judges single elements (never content, hidden, boilerplate
 * by class/id words); html_extract.c scores the tree and writes the main
 * text.  Everything here walks the tree with explicit stacks: no function
 * recurses over the document.
 */
#ifndef BRAID_EXTRACT_HTML_INTERNAL_H
#define BRAID_EXTRACT_HTML_INTERNAL_H

#include <gumbo.h>
#include <stddef.h>

#include "braid.h"
#include "doc.h"
#include "util/buf.h"

/* ---- html_guard.c ---------------------------------------------------- */

/* Scan the tags of html[0..len) and, when element nesting would exceed
 * `max_depth`, write into `out` a copy in which every start tag beyond
 * that depth (and its end tag) is replaced by spaces, so the content is
 * flattened into the ancestor at the limit; self-closed raw-text
 * elements (`<iframe … />`, `<script … />`) are blanked the same way, as
 * parsers would otherwise read the rest of the page as their raw text.
 * Returns 1 when `out` holds
 * the rewritten copy, 0 when the input is within the limit (out untouched),
 * -1 when out of memory.  Linear in len. */
int braid_html_guard(const char *html, size_t len, int max_depth, buf *out);

/* ---- html_clean.c ---------------------------------------------------- */

enum html_kind {
    HK_INLINE = 0,   /* text-level: a, b, span, ...                        */
    HK_BLOCK,        /* breaks paragraphs: p, div, li, h2, ...              */
    HK_SKIP,         /* never content: script, style, nav, form controls...  */
};

/* How an element takes part in text: inline, block or skipped whole. */
enum html_kind braid_html_kind(const GumboNode *el);

/* The children of a document, element or template node (else NULL). */
const GumboVector *braid_html_children(const GumboNode *n);

/* Pre-order successor of `n` within the subtree of `root` (NULL at the
 * end).  `skip` = do not descend into n's children.  Uses the parent
 * links, so walks need neither recursion nor a stack. */
const GumboNode *braid_html_next(const GumboNode *n, const GumboNode *root, int skip);

/* Append the text of the subtree of `n` with white space collapsed to
 * single spaces (script/style skipped); stops after `max` bytes. */
void braid_html_text_of(const GumboNode *n, buf *out, size_t max);

/* Attribute value or NULL. */
const char *braid_html_attr(const GumboNode *el, const char *name);

/* Hidden by the page: hidden attribute, aria-hidden, display:none. */
int braid_html_hidden(const GumboNode *el);

/* Class/id judgement: < 0 boilerplate words (comments, share bars, related
 * lists, cookie notices...), > 0 content words (article, entry, story
 * body...), 0 neither.  `strong` (may be NULL) is set to 1 when the
 * negative word is one that never names a page wrapper (comments, share,
 * cookie), 2 when the element also carries content words, 3 when the
 * only negative word is one that may also name the article's own lead
 * ("teaser"), which the caller judges by the block's link text. */
int braid_html_class_weight(const GumboNode *el, int *strong);

/* A content container by markup: <article>, <main>, itemprop=articleBody,
 * role=main, itemtype schema.org Article.  2 for articleBody-like, 1 for
 * the others, 0 otherwise. */
int braid_html_container(const GumboNode *el);

/* ---- html_meta.c ----------------------------------------------------- */

/* Fill title, url, site, published, author, description of `doc` from the
 * head and body of the parsed page without overwriting present fields.
 * `ld_body` (may be NULL) receives the JSON-LD articleBody (or NULL), to be
 * freed by the caller.  Returns 0, or -1 when out of memory. */
int braid_html_meta(const GumboNode *root, braid_doc *doc, char **ld_body);

/* ---- html_extract.c -------------------------------------------------- */

/* Write the main text of the page into `out`: paragraphs separated by
 * "\n\n", white space collapsed.  `title` (may be NULL) is the page title,
 * used to drop a heading that repeats it.  `description` (may be NULL) is
 * the page's description, the lead of a page with next to no text (video
 * pages).  `ld_body` (may be NULL) is the JSON-LD articleBody, used when
 * it holds much more text than the HTML's article (script-rendered
 * pages).  Returns 0, or -1 when out of memory. */
int braid_html_main_text(const GumboNode *root, const char *title, const char *description,
                         const char *ld_body, const braid_config *cfg, buf *out);

#endif
