/*
 * file.h — read a whole file into memory, decompressing `.xz` files.
 *
 * Every evaluation and training command reads data sets whole (TSV, JSON,
 * WMT's .xml.xz); this is the one place that does it.  Documents that
 * braid processes go through src/read/input.c instead, which enforces
 * max_doc_bytes and reads in parallel.
 */
#ifndef BRAID_UTIL_FILE_H
#define BRAID_UTIL_FILE_H

#include <stddef.h>
#include "util/buf.h"

/* Replace out's contents with the file at `path` ("-" = stdin); a name
 * ending in ".xz" is decompressed (liblzma).  Returns 0, or -1 with errno
 * set (ENOENT and friends from open, EIO on a read or xz error, ENOMEM). */
int braid_file_read(const char *path, buf *out);

/* The same as a malloc'd NUL-terminated string (*len bytes); NULL on
 * failure with errno set. */
char *braid_file_slurp(const char *path, size_t *len);

#endif
