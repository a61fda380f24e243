/*
 * fuzz_langwords.c — libFuzzer target for the single-word language model
 * loader (src/lang/words.c): models/lang-words.bin is read from disk at
 * run time, so its bytes are outside input.  Every byte string must parse
 * or give a clear error; a model that parses is used once on a word (and
 * on the input itself as a word), to check that scoring stays in bounds.
 */
#include <stddef.h>
#include <stdint.h>

#include "lang/words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[256];
    braid_lw *m = braid_lw_parse(data, size, why, sizeof why);
    if (m) {
        double ll[128] = {0};
        braid_lw_score(m, "coração", sizeof "coração" - 1, ll);
        braid_lw_score(m, (const char *)data, size < 200 ? size : 200, ll);
        braid_lw_words(m, "the", 3, ll);
        braid_lw_words(m, (const char *)data, size < 200 ? size : 200, ll);
        (void)braid_lw_index(m, "pt");
        (void)braid_lw_code(m, braid_lw_nlangs(m) - 1);
        braid_lw_free(m);
    }
    return 0;
}
