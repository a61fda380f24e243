/*
 * testutil.h — what every braid test program includes: cmocka, and small
 * helpers to read fixture files and build an engine.
 */
#ifndef BRAID_TESTUTIL_H
#define BRAID_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "braid.h"

#ifndef BRAID_SOURCE_DIR
#define BRAID_SOURCE_DIR "."
#endif

/* Read tests/fixtures/<rel> (relative to the source tree); fails the test
 * when it is missing.  Caller frees.  *len gets the size. */
static inline char *fixture(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/%s", BRAID_SOURCE_DIR, rel);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("missing fixture %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    p[n] = '\0';
    fclose(f);
    if (len) *len = (size_t)n;
    return p;
}

/* Does haystack contain needle? */
static inline int contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

#endif
