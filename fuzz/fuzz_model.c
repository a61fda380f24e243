/*
 * fuzz_model.c — libFuzzer target for the classifier model loader, the one
 * place braid parses model bytes it did not write itself (a user's
 * model_dir, a damaged download).  Any crash, leak or sanitizer report is
 * a bug: every byte string must load or give a clear error.  A model that
 * does load is also used once, to check that scoring stays in bounds.
 */
#include <stddef.h>
#include <stdint.h>

#include "classify/classify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    braid_cls_model m;
    braid_error err;
    if (braid_cls_model_parse("fuzz", data, size, &m, &err) == BRAID_OK) {
        braid_feat f[3] = {{0, 0.5f}, {7, 0.5f}, {0xFFFFFFFFu, 0.7f}};
        double p[BRAID_CLS_MAX_CLASSES];
        braid_cls_model_predict(&m, f, 3, p);
        braid_cls_model_free(&m);
    }
    return 0;
}
