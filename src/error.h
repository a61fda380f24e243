/*
 * error.h — the library's one error convention, internal side.
 *
 * Every fallible function returns a braid_status and takes an optional
 * braid_error *; braid_err_set() fills it (when non-NULL) with a message
 * that names the object and the reason, and returns the status so callers
 * can write `return braid_err_set(err, BRAID_EIO, "%s: %s", path, why);`.
 */
#ifndef BRAID_ERROR_H
#define BRAID_ERROR_H

#include "braid.h"

braid_status braid_err_set(braid_error *err, braid_status code,
                           const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
