/*
 * error.c — status phrases and the error-filling helper (see error.h).
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

const char *braid_status_str(braid_status s)
{
    switch (s) {
    case BRAID_OK: return "ok";
    case BRAID_EINVAL: return "invalid argument";
    case BRAID_ENOMEM: return "out of memory";
    case BRAID_EIO: return "input/output error";
    case BRAID_EEMPTY: return "document is empty";
    case BRAID_ETOOBIG: return "document exceeds the size limit";
    case BRAID_EBINARY: return "document is binary, not text";
    case BRAID_EENCODING: return "document could not be decoded";
    case BRAID_EPARSE: return "document could not be parsed";
    case BRAID_ENOTFOUND: return "not found";
    case BRAID_ENOTEXT: return "document holds no text";
    }
    return "unknown error";
}

braid_status braid_err_set(braid_error *err, braid_status code,
                           const char *fmt, ...)
{
    if (err) {
        err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}
