/*
 * extract.h — the extraction stage: main text and metadata out of a
 * decoded (UTF-8) document.
 *
 * Both extractors fill the braid_doc they are given: text (paragraphs
 * separated by "\n\n"), and whatever metadata the source carries (title,
 * url, site, published, author, description).  They never fail on odd
 * input: the worst case is a document with empty text, which the engine
 * reports.  They return BRAID_ENOMEM only on allocation failure (and the
 * HTML one BRAID_ETOOBIG for a page over 2 GB, its parser's limit).
 */
#ifndef BRAID_EXTRACT_H
#define BRAID_EXTRACT_H

#include <stddef.h>
#include "braid.h"
#include "doc.h"

/* HTML: contest (Telegram Instant View) pages and arbitrary web pages. */
braid_status braid_extract_html(const char *html, size_t len,
                                const braid_config *cfg, braid_doc *doc,
                                braid_error *err);

/* Plain text as feeds deliver it: drops comment sections, related-headline
 * lists, promo paragraphs, photo credits, source trailers and bare URLs;
 * re-joins hard-wrapped lines; takes the first line as the title when it
 * reads like a headline.  Does not overwrite a title the doc already has
 * (JSON lines carry their own). */
braid_status braid_extract_text(const char *text, size_t len,
                                const braid_config *cfg, braid_doc *doc,
                                braid_error *err);

#endif
