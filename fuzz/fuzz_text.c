/*
 * fuzz_text.c — libFuzzer target for the plain-text cleaner.
 *
 * Arbitrary bytes are made valid UTF-8 first (braid_extract_text's
 * contract: the reading stage hands it decoded text) by replacing every
 * invalid sequence with U+FFFD, then cleaned into a fresh document, with
 * and without a preset title (the JSON-lines path).  Checks: no crash, no
 * leak, text_len matches the string and never grows past the input plus
 * the separators it may add.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "braid.h"
#include "doc.h"
#include "extract/extract.h"
#include "read/read.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf in = BUF_INIT;
    braid_utf8_repair((const char *)data, size, &in);
    if (in.oom) { buf_free(&in); return 0; }
    const char *s = in.data ? in.data : "";
    braid_config cfg;
    braid_config_init(&cfg);
    for (int pass = 0; pass < 2; pass++) {
        braid_doc *d = braid_doc_new("fuzz", "fuzz");
        if (!d) break;
        if (pass == 1 && size > 0) {
            size_t t = size < 40 ? size : 40;
            while (t > 0 && ((unsigned char)s[t < in.len ? t : in.len] & 0xC0) == 0x80) t--;
            braid_doc_set(&d->title, s, t < in.len ? t : in.len);
        }
        braid_error err;
        if (braid_extract_text(s, in.len, &cfg, d, &err) == BRAID_OK) {
            if (!d->text || strlen(d->text) > d->text_len) abort();
            if (d->text_len > in.len * 2 + 2) abort();
        }
        braid_doc_free(d);
    }
    buf_free(&in);
    return 0;
}
