/*
 * html.c — braid_extract_html(): main text and metadata of an HTML page.
 *
 * Steps: make the bytes safe for the parser (html_guard.c: nesting
 * bounded, NUL bytes blanked), parse with libxml2 into braid's tree
 * (html_tree.c), read metadata (html_meta.c), write the main text
 * (html_extract.c).  The text never includes the title (it is metadata).
 * The parser choice and its measurements are in html_tree.c and
 * docs/EXTRACT.md.
 */
#include "extract/extract.h"
#include "extract/html_internal.h"
#include "error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

braid_status braid_extract_html(const char *html, size_t len, const braid_config *cfg,
                                braid_doc *doc, braid_error *err)
{
    if (!doc || (!html && len)) return braid_err_set(err, BRAID_EINVAL, "extract html: no document");
    braid_config defaults;
    if (!cfg) {
        braid_config_init(&defaults);
        cfg = &defaults;
    }
    const char *name = doc->path ? doc->path : "html";
    buf guarded = BUF_INIT;
    int g = braid_html_guard(html ? html : "", len, cfg->max_html_depth, &guarded);
    if (g < 0) return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", name);
    const char *src = g ? guarded.data : (html ? html : "");

    if (len > INT_MAX) {
        buf_free(&guarded);
        return braid_err_set(err, BRAID_ETOOBIG, "%s: page too large for the HTML parser (%zu bytes)", name, len);
    }
    html_tree *tree = braid_html_tree_new(src, len);
    if (!tree) {
        buf_free(&guarded);
        return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory parsing HTML", name);
    }
    const html_node *root = braid_html_tree_root(tree);
    char *ld_body = NULL;
    int rc = braid_html_meta(root, doc, &ld_body);
    buf text = BUF_INIT;
    if (rc == 0) rc = braid_html_main_text(root, doc->title, doc->description, ld_body, cfg, &text);
    free(ld_body);
    braid_html_tree_free(tree);
    buf_free(&guarded);
    if (rc != 0 || text.oom) {
        buf_free(&text);
        return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory extracting text", name);
    }
    size_t n = text.len;
    char *t = buf_take(&text);
    if (!t) {
        t = calloc(1, 1);
        if (!t) return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", name);
        n = 0;
    }
    braid_doc_take_text(doc, t, n);
    return BRAID_OK;
}
