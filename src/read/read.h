/*
 * read.h — the reading stage: raw bytes to decoded UTF-8 documents.
 *
 * sniff.c decides what the bytes are (binary, HTML, JSON lines, text);
 * charset.c decodes them to UTF-8 (BOM, <meta charset>, detection for
 * unlabelled cp1251/koi8-r/latin-1); jsonl.c splits JSON lines into
 * documents; input.c walks files, directories and stdin.
 */
#ifndef BRAID_READ_H
#define BRAID_READ_H

#include <stddef.h>
#include "braid.h"
#include "util/buf.h"

/* Non-zero when the bytes look like a binary file (NULs, many control
 * bytes, known magic numbers), judged on the first few KB. */
int braid_sniff_binary(const void *bytes, size_t len);

/* Format of decoded text (HTML, JSON lines or plain text). */
braid_format braid_sniff_format(const char *text, size_t len);

/* Decode `bytes` to valid UTF-8 in `out`.  `is_html` enables <meta
 * charset> lookup.  `charset` (32 bytes) receives the source charset name.
 * Invalid sequences that survive are replaced by U+FFFD.  Fails with
 * BRAID_EENCODING only when no decoding yields text. */
braid_status braid_charset_decode(const void *bytes, size_t len, int is_html,
                                  buf *out, char charset[32], braid_error *err);

/* Replace invalid UTF-8 in s[0..len) by U+FFFD into out; returns the number
 * of replacements. */
size_t braid_utf8_repair(const char *s, size_t len, buf *out);

#endif
