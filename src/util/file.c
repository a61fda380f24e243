/*
 * file.c — whole-file reading with transparent .xz decompression (see
 * file.h).  Plain reads go in 64 KiB blocks; .xz files are decoded by
 * liblzma as a stream into the output buffer, never holding both the
 * compressed and the decompressed copy longer than needed.
 */
#include "util/file.h"

#include <errno.h>
#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_all(FILE *f, buf *out)
{
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_append(out, tmp, n);
    if (ferror(f)) { errno = EIO; return -1; }
    if (out->oom) { errno = ENOMEM; return -1; }
    return 0;
}

static int unxz(const buf *raw, buf *out)
{
    lzma_stream s = LZMA_STREAM_INIT;
    if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK) { errno = ENOMEM; return -1; }
    s.next_in = (const uint8_t *)raw->data;
    s.avail_in = raw->len;
    lzma_ret r = LZMA_OK;
    while (r == LZMA_OK) {
        uint8_t o[65536];
        s.next_out = o;
        s.avail_out = sizeof o;
        r = lzma_code(&s, LZMA_FINISH);
        buf_append(out, o, sizeof o - s.avail_out);
    }
    lzma_end(&s);
    if (out->oom) { errno = ENOMEM; return -1; }
    if (r != LZMA_STREAM_END) { errno = EIO; return -1; }
    return 0;
}

int braid_file_read(const char *path, buf *out)
{
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) return -1;
    buf_clear(out);
    size_t pl = strlen(path);
    int xz = pl > 3 && !strcmp(path + pl - 3, ".xz");
    buf raw = BUF_INIT;
    int rc = read_all(f, xz ? &raw : out);
    int saved = errno;
    if (!is_stdin) fclose(f);
    if (rc == 0 && xz) rc = unxz(&raw, out), saved = errno;
    buf_free(&raw);
    if (rc == 0 && !out->data) buf_reserve(out, 0); /* an empty file is "" */
    errno = saved;
    return rc;
}

char *braid_file_slurp(const char *path, size_t *len)
{
    buf b = BUF_INIT;
    if (braid_file_read(path, &b) != 0) {
        int saved = errno;
        buf_free(&b);
        errno = saved;
        return NULL;
    }
    *len = b.len;
    return buf_take(&b);
}
