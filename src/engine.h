/*
 * engine.h — the engine's internal layout, shared by the stages it drives.
 */
#ifndef BRAID_ENGINE_H
#define BRAID_ENGINE_H

#include "braid.h"
#include "doc.h"
#include "lang/lang.h"

struct braid_engine {
    braid_config cfg;
    braid_lang *lang;
};

/* Run extract → language on one decoded UTF-8 body of the given format
 * (HTML or TEXT), filling `doc`. */
braid_status braid_engine_process(braid_engine *e, braid_doc *doc,
                                  const char *body, size_t len,
                                  braid_format fmt, braid_error *err);

/* Read JSON lines (decoded UTF-8) calling fn per document/problem. */
braid_status braid_jsonl_read(braid_engine *e, const char *name,
                              const char *text, size_t len,
                              braid_doc_fn fn, void *ctx);

#endif
