/*
 * charset.c — decode a document's bytes to valid UTF-8.
 *
 * Order of evidence: a byte order mark; valid UTF-8 (by far the common
 * case, checked with an ASCII fast path); a charset the document declares
 * (<meta charset>, http-equiv Content-Type, <?xml encoding>); ICU's
 * statistical detector (ucsdet), which tells windows-1251 from KOI8-R and
 * the Latin code pages apart; windows-1252 as the last resort, since it
 * decodes almost any byte.  Conversion uses glibc iconv; undecodable bytes
 * become U+FFFD, so the output is always valid UTF-8.
 *
 * The UTF-8 validator and repairer are written here rather than taken from
 * utf8proc because they run over every byte of every document: a
 * word-at-a-time ASCII skip makes them several times faster than decoding
 * code point by code point.
 */
#include "read/read.h"
#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucsdet.h>

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;  /* overlong */
        if (c == 0xED && p[1] >= 0xA0) return 0; /* surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;
        if (c == 0xF4 && p[1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}

static size_t ascii_run(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ULL) break;
        i += 8;
    }
    while (i < n && p[i] < 0x80) i++;
    return i;
}

/* Number of invalid positions (0 = valid). Stops counting at `limit`. */
static size_t utf8_invalid_count(const unsigned char *p, size_t n, size_t limit)
{
    size_t i = 0, bad = 0;
    while (i < n) {
        i += ascii_run(p + i, n - i);
        if (i >= n) break;
        size_t k = utf8_seq(p + i, n - i);
        if (k == 0) {
            if (++bad >= limit) return bad;
            i++;
        } else {
            i += k;
        }
    }
    return bad;
}

size_t braid_utf8_repair(const char *s, size_t len, buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, bad = 0;
    buf_reserve(out, len);
    while (i < len) {
        size_t run = ascii_run(p + i, len - i);
        size_t j = i + run;
        while (j < len) { /* extend over valid multi-byte sequences */
            size_t k = utf8_seq(p + j, len - j);
            if (k == 0) break;
            j += k;
            j += ascii_run(p + j, len - j);
        }
        buf_append(out, s + i, j - i);
        i = j;
        if (i < len) {
            buf_append(out, "\xEF\xBF\xBD", 3);
            bad++;
            i++;
        }
    }
    return bad;
}

/* Find a declared charset in the first bytes of an HTML/XML document. */
static int declared_charset(const char *s, size_t len, char *name, size_t cap)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 < n; i++) {
        const char *kw = NULL;
        size_t kl = 0;
        if (!strncasecmp(s + i, "charset", 7)) { kw = s + i; kl = 7; }
        else if (!strncasecmp(s + i, "encoding", 8)) { kw = s + i; kl = 8; }
        if (!kw) continue;
        size_t j = i + kl;
        while (j < n && (s[j] == ' ' || s[j] == '\t')) j++;
        if (j >= n || s[j] != '=') continue;
        j++;
        while (j < n && (s[j] == ' ' || s[j] == '"' || s[j] == '\'')) j++;
        size_t k = 0;
        while (j < n && k + 1 < cap &&
               (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '_' || s[j] == ':' || s[j] == '.'))
            name[k++] = s[j++];
        name[k] = '\0';
        if (k > 0) return 1;
    }
    return 0;
}

static int is_utf8_name(const char *n)
{
    return !strcasecmp(n, "utf-8") || !strcasecmp(n, "utf8");
}

/* Convert with iconv; invalid input bytes become U+FFFD.  -1 if the
 * charset is unknown to iconv. */
static int convert(const char *from, const char *in, size_t len, buf *out)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return -1;
    char *src = (char *)in;
    size_t left = len;
    char tmp[8192];
    while (left > 0) {
        char *dst = tmp;
        size_t room = sizeof tmp;
        size_t r = iconv(cd, &src, &left, &dst, &room);
        buf_append(out, tmp, sizeof tmp - room);
        if (r == (size_t)-1) {
            if (errno == E2BIG) continue;
            /* EILSEQ or EINVAL: skip one byte, emit a replacement */
            buf_append(out, "\xEF\xBF\xBD", 3);
            src++;
            left--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    iconv_close(cd);
    return 0;
}

/* ICU's detector: its best guess with confidence >= 10, else NULL. */
static int detect_icu(const char *s, size_t len, char *name, size_t cap)
{
    UErrorCode st = U_ZERO_ERROR;
    UCharsetDetector *d = ucsdet_open(&st);
    if (U_FAILURE(st)) return 0;
    int32_t n = len > (1u << 20) ? (1 << 20) : (int32_t)len;
    ucsdet_setText(d, s, n, &st);
    const UCharsetMatch *m = ucsdet_detect(d, &st);
    int ok = 0;
    if (U_SUCCESS(st) && m) {
        const char *nm = ucsdet_getName(m, &st);
        int32_t conf = ucsdet_getConfidence(m, &st);
        if (U_SUCCESS(st) && nm && conf >= 10 && strlen(nm) < cap) {
            strcpy(name, nm);
            ok = 1;
        }
    }
    ucsdet_close(d);
    return ok;
}

braid_status braid_charset_decode(const void *bytes, size_t len, int is_html,
                                  buf *out, char charset[32], braid_error *err)
{
    const char *s = bytes;
    buf_clear(out);
    /* byte order marks */
    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s += 3;
        len -= 3;
        strcpy(charset, "UTF-8");
        braid_utf8_repair(s, len, out);
        return out->oom ? braid_err_set(err, BRAID_ENOMEM, "out of memory") : BRAID_OK;
    }
    if (len >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                     ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))) {
        const char *cs = (unsigned char)s[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        strcpy(charset, cs);
        if (convert(cs, s + 2, len - 2, out) != 0)
            return braid_err_set(err, BRAID_EENCODING, "cannot decode %s", cs);
        return out->oom ? braid_err_set(err, BRAID_ENOMEM, "out of memory") : BRAID_OK;
    }

    size_t bad = utf8_invalid_count((const unsigned char *)s, len, 64);
    char name[64];
    int declared = is_html && declared_charset(s, len, name, sizeof name);

    if (bad == 0 && (!declared || is_utf8_name(name) || !strcasecmp(name, "us-ascii") ||
                     !strcasecmp(name, "iso-8859-1") || !strcasecmp(name, "windows-1252"))) {
        /* valid UTF-8 wins over a Latin declaration (pages often lie); a
         * Cyrillic declaration on valid UTF-8 is honoured below only if the
         * text actually has high bytes that fail UTF-8, which it doesn't */
        strcpy(charset, "UTF-8");
        buf_append(out, s, len);
        return out->oom ? braid_err_set(err, BRAID_ENOMEM, "out of memory") : BRAID_OK;
    }
    if (bad == 0 && declared && !is_utf8_name(name)) {
        /* valid UTF-8 but declared otherwise: valid multi-byte UTF-8 by
         * accident in a single-byte charset is very unlikely, trust UTF-8 */
        strcpy(charset, "UTF-8");
        buf_append(out, s, len);
        return out->oom ? braid_err_set(err, BRAID_ENOMEM, "out of memory") : BRAID_OK;
    }
    /* invalid UTF-8: a declared non-UTF-8 charset, else detection */
    if (declared && !is_utf8_name(name) && convert(name, s, len, out) == 0) {
        snprintf(charset, 32, "%.31s", name);
        return out->oom ? braid_err_set(err, BRAID_ENOMEM, "out of memory") : BRAID_OK;
    }
    buf_clear(out);
    if (bad < 4 && len > 256) {
        /* mostly UTF-8 with a few broken bytes (truncation, a bad paste) */
        strcpy(charset, "UTF-8");
        braid_utf8_repair(s, len, out);
        return out->oom ? braid_err_set(err, BRAID_ENOMEM, "out of memory") : BRAID_OK;
    }
    if (detect_icu(s, len, name, sizeof name) && !is_utf8_name(name) &&
        convert(name, s, len, out) == 0) {
        snprintf(charset, 32, "%.31s", name);
        return out->oom ? braid_err_set(err, BRAID_ENOMEM, "out of memory") : BRAID_OK;
    }
    buf_clear(out);
    if (convert("WINDOWS-1252", s, len, out) == 0) {
        strcpy(charset, "WINDOWS-1252");
        return out->oom ? braid_err_set(err, BRAID_ENOMEM, "out of memory") : BRAID_OK;
    }
    return braid_err_set(err, BRAID_EENCODING, "no character set decodes these bytes");
}
