/*
 * fuzz_read.c — libFuzzer target for the whole reading path: sniffing,
 * charset detection and decoding, JSON lines, and whichever extractor the
 * sniffed format selects.  Any crash, hang or sanitizer report is a bug:
 * braid must turn every byte string into documents or clear errors.
 */
#include <stddef.h>
#include <stdint.h>

#include "braid.h"

static int drop(void *ctx, braid_doc *d, const braid_error *err)
{
    (void)ctx;
    (void)err;
    if (d) {
        size_t n;
        const char *t = braid_doc_text(d, &n);
        (void)t;
        braid_doc_free(d);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static braid_engine *e; /* one engine for the whole run: models load once */
    if (!e) {
        braid_config c;
        braid_config_init(&c);
        e = braid_engine_new(&c, NULL);
        if (!e) return 0;
    }
    braid_engine_read(e, "fuzz", data, size, BRAID_FORMAT_AUTO, drop, NULL);
    return 0;
}
