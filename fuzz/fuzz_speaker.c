/*
 * fuzz_speaker.c — libFuzzer target for the headline speaker finder.
 *
 * braid_title_speakers reads the punctuation between a title's tokens by
 * their byte offsets, so arbitrary titles are the input to try.  Bytes
 * are made valid UTF-8 first (the reading stage hands the analyzer
 * decoded text), tokenized as a Russian and as an English title with the
 * bytes after a first newline as the body, names marked, speakers found.
 * Checks: no crash, no leak, every index returned is a title token and
 * none repeats.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/entities.h"
#include "analyze/speaker.h"
#include "analyze/tokenize.h"
#include "read/read.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static braid_tokenizer *tk;
    if (!tk && !(tk = braid_tokenizer_new())) return 0;
    buf in = BUF_INIT;
    braid_utf8_repair((const char *)data, size, &in);
    if (in.oom) {
        buf_free(&in);
        return 0;
    }
    const char *s = in.data ? in.data : "";
    const char *nl = memchr(s, '\n', in.len);
    size_t tl = nl ? (size_t)(nl - s) : in.len;
    const char *body = nl ? nl + 1 : "";
    size_t bl = nl ? in.len - tl - 1 : 0;
    static const char *const langs[] = {"ru", "en"};
    for (int l = 0; l < 2; l++) {
        braid_tokens ts;
        braid_tokens_init(&ts);
        if (braid_tokenize(tk, langs[l], s, tl, &ts) == 0) {
            size_t nt = ts.n;
            if (braid_tokenize(tk, langs[l], body, bl, &ts) == 0) {
                uint8_t *ent = calloc(ts.n ? ts.n : 1, 1);
                if (ent) {
                    if (ts.n) braid_entities_mark(&ts, nt, ent);
                    size_t sp[8];
                    size_t n = braid_title_speakers(&ts, nt, ent, s, tl, langs[l], sp, 8);
                    if (n > 8) abort();
                    for (size_t i = 0; i < n; i++) {
                        if (sp[i] >= nt) abort();
                        for (size_t j = 0; j < i; j++)
                            if (sp[j] == sp[i]) abort();
                    }
                    free(ent);
                }
            }
        }
        braid_tokens_free(&ts);
    }
    buf_free(&in);
    return 0;
}
