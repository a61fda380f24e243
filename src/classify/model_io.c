/*
 * model_io.c — the classifier model file: write, and parse from outside
 * bytes.
 *
 * A model file is small, flat and little-endian, so that it is portable
 * and can be checked field by field before any of it is trusted:
 *
 *   "BRAIDCLS"            8 bytes magic
 *   u32 format version    (1)
 *   u32 features version  (BRAID_FEATURES_VERSION of the trainer)
 *   u32 dim_bits          (8..24)
 *   u32 nclasses K        (2..16)
 *   u8 len + task name    ("news", "category"; 1..31 bytes [a-z_])
 *   K × (u8 len + name)   class names, same alphabet, distinct
 *   K × f32 bias, K × f32 scale   (finite; scale > 0)
 *   2^dim_bits × K × i8   μ-law weight codes, bucket-major (-128 refused)
 *   u64 XXH64 of every byte before it (seed 0)
 *
 * The parser is what a corrupt or hostile file meets (fuzz/fuzz_model.c
 * runs it): it never reads past `len`, checks the exact total size before
 * allocating, and says which field is wrong.
 */
#include "classify/classify.h"
#include "error.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define MAGIC "BRAIDCLS"
#define FORMAT_VERSION 1u

static void put_u32(buf *b, uint32_t v)
{
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    buf_append(b, c, 4);
}

static void put_f32(buf *b, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    put_u32(b, v);
}

static void put_name(buf *b, const char *s)
{
    size_t n = strlen(s);
    unsigned char c = (unsigned char)n;
    buf_append(b, &c, 1);
    buf_append(b, s, n);
}

braid_status braid_cls_model_save(const braid_cls_model *m, const char *path,
                                  braid_error *err)
{
    buf b = BUF_INIT;
    buf_append(&b, MAGIC, 8);
    put_u32(&b, FORMAT_VERSION);
    put_u32(&b, m->features_version);
    put_u32(&b, m->dim_bits);
    put_u32(&b, (uint32_t)m->nclasses);
    put_name(&b, m->task);
    for (int k = 0; k < m->nclasses; k++) put_name(&b, m->names[k]);
    for (int k = 0; k < m->nclasses; k++) put_f32(&b, m->bias[k]);
    for (int k = 0; k < m->nclasses; k++) put_f32(&b, m->scale[k]);
    buf_append(&b, m->q, ((size_t)1 << m->dim_bits) * (size_t)m->nclasses);
    if (b.oom) {
        buf_free(&b);
        return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", path);
    }
    uint64_t h = XXH64(b.data, b.len, 0);
    put_u32(&b, (uint32_t)h);
    put_u32(&b, (uint32_t)(h >> 32));

    FILE *f = fopen(path, "wb");
    if (!f) {
        braid_status st = braid_err_set(err, BRAID_EIO, "%s: cannot create: %s", path,
                                        strerror(errno));
        buf_free(&b);
        return st;
    }
    int ok = fwrite(b.data, 1, b.len, f) == b.len;
    ok &= fclose(f) == 0;
    buf_free(&b);
    if (!ok) return braid_err_set(err, BRAID_EIO, "%s: write failed", path);
    return BRAID_OK;
}

/* a bounds-checked reader */
struct rd {
    const unsigned char *p;
    size_t len, off;
};

static int get_u32(struct rd *r, uint32_t *v)
{
    if (r->len - r->off < 4) return -1;
    const unsigned char *c = r->p + r->off;
    *v = (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
    r->off += 4;
    return 0;
}

static int get_f32(struct rd *r, float *f)
{
    uint32_t v;
    if (get_u32(r, &v)) return -1;
    memcpy(f, &v, 4);
    return 0;
}

/* 0 ok, -1 truncated, -2 bad name */
static int get_name(struct rd *r, char out[BRAID_CLS_NAME_MAX])
{
    if (r->off >= r->len) return -1;
    size_t n = r->p[r->off++];
    if (n == 0 || n >= BRAID_CLS_NAME_MAX) return -2;
    if (r->len - r->off < n) return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = r->p[r->off + i];
        if (!((c >= 'a' && c <= 'z') || c == '_')) return -2;
        out[i] = (char)c;
    }
    out[n] = '\0';
    r->off += n;
    return 0;
}

braid_status braid_cls_model_parse(const char *name, const void *bytes, size_t len,
                                   braid_cls_model *out, braid_error *err)
{
    memset(out, 0, sizeof *out);
    struct rd r = {bytes, len, 0};
    if (len < 8 || memcmp(bytes, MAGIC, 8) != 0)
        return braid_err_set(err, BRAID_EPARSE, "%s: not a braid classifier model (bad magic)",
                             name);
    r.off = 8;
    uint32_t version, fver, bits, K;
    if (get_u32(&r, &version) || get_u32(&r, &fver) || get_u32(&r, &bits) || get_u32(&r, &K))
        return braid_err_set(err, BRAID_EPARSE, "%s: model truncated in its header", name);
    if (version != FORMAT_VERSION)
        return braid_err_set(err, BRAID_EPARSE, "%s: model format version %u (this braid reads %u)",
                             name, version, FORMAT_VERSION);
    if (fver != BRAID_FEATURES_VERSION)
        return braid_err_set(err, BRAID_EPARSE,
                             "%s: model trained with feature recipe %u, this braid computes %u "
                             "(rebuild with `make models`)",
                             name, fver, BRAID_FEATURES_VERSION);
    if (bits < BRAID_CLS_MIN_BITS || bits > BRAID_CLS_MAX_BITS)
        return braid_err_set(err, BRAID_EPARSE, "%s: dim_bits %u outside [%d, %d]", name, bits,
                             BRAID_CLS_MIN_BITS, BRAID_CLS_MAX_BITS);
    if (K < 2 || K > BRAID_CLS_MAX_CLASSES)
        return braid_err_set(err, BRAID_EPARSE, "%s: %u classes outside [2, %d]", name, K,
                             BRAID_CLS_MAX_CLASSES);
    int rc = get_name(&r, out->task);
    for (uint32_t k = 0; rc == 0 && k < K; k++) {
        rc = get_name(&r, out->names[k]);
        for (uint32_t j = 0; rc == 0 && j < k; j++)
            if (!strcmp(out->names[j], out->names[k])) rc = -3;
    }
    if (rc == -1) return braid_err_set(err, BRAID_EPARSE, "%s: model truncated in its names", name);
    if (rc == -2) return braid_err_set(err, BRAID_EPARSE, "%s: invalid task or class name", name);
    if (rc == -3) return braid_err_set(err, BRAID_EPARSE, "%s: duplicate class name", name);
    for (uint32_t k = 0; k < K; k++)
        if (get_f32(&r, &out->bias[k]))
            return braid_err_set(err, BRAID_EPARSE, "%s: model truncated in its biases", name);
    for (uint32_t k = 0; k < K; k++)
        if (get_f32(&r, &out->scale[k]))
            return braid_err_set(err, BRAID_EPARSE, "%s: model truncated in its scales", name);
    for (uint32_t k = 0; k < K; k++)
        if (!isfinite(out->bias[k]) || !isfinite(out->scale[k]) || !(out->scale[k] > 0) ||
            fabsf(out->bias[k]) > 1e6f || out->scale[k] > 1e6f)
            return braid_err_set(err, BRAID_EPARSE, "%s: class %u has an invalid bias or scale",
                                 name, k);
    size_t nw = ((size_t)1 << bits) * K;
    if (len - r.off != nw + 8)
        return braid_err_set(err, BRAID_EPARSE,
                             "%s: model is %zu bytes, its header announces %zu (truncated or "
                             "corrupt)",
                             name, len, r.off + nw + 8);
    const unsigned char *w = r.p + r.off;
    r.off += nw;
    uint32_t lo, hi;
    get_u32(&r, &lo);
    get_u32(&r, &hi);
    if (XXH64(bytes, len - 8, 0) != ((uint64_t)hi << 32 | lo))
        return braid_err_set(err, BRAID_EPARSE, "%s: model checksum mismatch (corrupt file)", name);
    for (size_t i = 0; i < nw; i++)
        if (w[i] == 0x80)
            return braid_err_set(err, BRAID_EPARSE, "%s: invalid weight code at %zu", name, i);
    out->q = malloc(nw);
    if (!out->q) return braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", name);
    memcpy(out->q, w, nw);
    out->features_version = fver;
    out->dim_bits = bits;
    out->nclasses = (int)K;
    braid_cls_model_prepare(out);
    return BRAID_OK;
}

braid_status braid_cls_model_load(const char *path, braid_cls_model *out, braid_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return braid_err_set(err, errno == ENOENT ? BRAID_ENOTFOUND : BRAID_EIO,
                             "%s: cannot open model: %s", path, strerror(errno));
    buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    /* the largest valid model is 2^24 * 16 + header: refuse beyond that */
    const size_t max = ((size_t)1 << BRAID_CLS_MAX_BITS) * BRAID_CLS_MAX_CLASSES + 4096;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= max) buf_append(&b, chunk, n);
    int rerr = ferror(f);
    fclose(f);
    braid_status st;
    if (rerr) st = braid_err_set(err, BRAID_EIO, "%s: read error", path);
    else if (b.oom) st = braid_err_set(err, BRAID_ENOMEM, "%s: out of memory", path);
    else if (b.len > max) st = braid_err_set(err, BRAID_EPARSE, "%s: too large for a model", path);
    else st = braid_cls_model_parse(path, b.data ? b.data : "", b.len, out, err);
    buf_free(&b);
    return st;
}
