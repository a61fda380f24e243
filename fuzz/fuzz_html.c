/*
 * fuzz_html.c — libFuzzer target for HTML extraction alone: arbitrary
 * bytes are made valid UTF-8 (as the reading stage guarantees) and handed
 * to braid_extract_html() on a fresh document, with a small depth limit
 * so the nesting guard is exercised as often as the parser.  Any crash,
 * hang, leak or sanitizer report is a bug; the text must be valid UTF-8
 * of the length the document claims.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "extract/extract.h"
#include "read/read.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf in = BUF_INIT;
    braid_utf8_repair((const char *)data, size, &in);
    if (in.oom) {
        buf_free(&in);
        return 0;
    }
    braid_config cfg;
    braid_config_init(&cfg);
    /* the first byte picks a depth limit: small ones hit the guard */
    if (size > 0) cfg.max_html_depth = 8 + data[0] % 64;
    braid_doc *d = braid_doc_new("fuzz", "fuzz");
    if (!d) {
        buf_free(&in);
        return 0;
    }
    braid_error err;
    if (braid_extract_html(in.data ? in.data : "", in.len, &cfg, d, &err) == BRAID_OK) {
        if (!d->text || strlen(d->text) != d->text_len) abort();
        buf check = BUF_INIT;
        if (braid_utf8_repair(d->text, d->text_len, &check) != 0) abort();
        buf_free(&check);
    }
    braid_doc_free(d);
    buf_free(&in);
    return 0;
}
