/*
 * doc.c — the document record: allocation, field setters, accessors and
 * publication-time normalisation.
 *
 * Times arrive in many shapes (ISO 8601 with or without zone and
 * fraction, RFC 2822 from feeds, bare Unix seconds from JSON); they are all
 * normalised here to one UTC ISO 8601 string plus Unix seconds so later
 * stages (thread windows, "now" in the server) compare numbers.
 */
#define _DEFAULT_SOURCE
#include "doc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

braid_doc *braid_doc_new(const char *name, const char *path)
{
    braid_doc *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->published_unix = INT64_MIN;
    strcpy(d->lang, "und");
    if (braid_doc_setz(&d->name, name ? name : "-") ||
        braid_doc_setz(&d->path, path ? path : "-")) {
        braid_doc_free(d);
        return NULL;
    }
    return d;
}

void braid_doc_free(braid_doc *d)
{
    if (!d) return;
    free(d->name);
    free(d->path);
    free(d->url);
    free(d->site);
    free(d->title);
    free(d->description);
    free(d->author);
    free(d->published);
    free(d->text);
    free(d);
}

/* Copies before freeing, so a field may be set from (a part of) itself. */
int braid_doc_set(char **field, const char *s, size_t len)
{
    char *p = NULL;
    if (s) {
        if (!(p = malloc(len + 1))) return -1;
        memcpy(p, s, len);
        p[len] = '\0';
    }
    free(*field);
    *field = p;
    return 0;
}

int braid_doc_setz(char **field, const char *s)
{
    return braid_doc_set(field, s, s ? strlen(s) : 0);
}

void braid_doc_take_text(braid_doc *d, char *text, size_t len)
{
    free(d->text);
    d->text = text;
    d->text_len = text ? len : 0;
}

/* ---- time parsing ---------------------------------------------------- */

static int digits(const char **p, const char *end, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (*p >= end || !isdigit((unsigned char)**p)) return -1;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    *out = v;
    return 0;
}

static int month_index(const char *p, const char *end)
{
    static const char *m[] = {"jan", "feb", "mar", "apr", "may", "jun",
                              "jul", "aug", "sep", "oct", "nov", "dec"};
    if (end - p < 3) return -1;
    for (int i = 0; i < 12; i++)
        if (tolower((unsigned char)p[0]) == m[i][0] &&
            tolower((unsigned char)p[1]) == m[i][1] &&
            tolower((unsigned char)p[2]) == m[i][2])
            return i;
    return -1;
}

/* "+03:00", "+0300", "Z", "GMT", "UTC" → offset seconds; -1 on garbage */
static int zone(const char **p, const char *end, long *off)
{
    *off = 0;
    while (*p < end && **p == ' ') (*p)++;
    if (*p >= end) return 0;
    if (**p == 'Z' || **p == 'z') { (*p)++; return 0; }
    if (end - *p >= 3 && (!strncmp(*p, "GMT", 3) || !strncmp(*p, "UTC", 3))) {
        *p += 3;
        if (*p >= end) return 0;
    }
    if (**p != '+' && **p != '-') return -1;
    int sign = **p == '-' ? -1 : 1;
    (*p)++;
    int hh, mm = 0;
    if (digits(p, end, 2, &hh)) return -1;
    if (*p < end && **p == ':') (*p)++;
    if (*p < end && isdigit((unsigned char)**p) && digits(p, end, 2, &mm)) return -1;
    if (hh > 14 || mm > 59) return -1;
    *off = sign * (hh * 3600L + mm * 60L);
    return 0;
}

static int valid_date(int y, int mo, int d, int h, int mi, int s)
{
    return y >= 1970 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 &&
           d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 &&
           s <= 60;
}

static int64_t to_unix(int y, int mo, int d, int h, int mi, int s, long off)
{
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return (int64_t)timegm(&tm) - off;
}

static int parse_iso(const char *p, const char *end, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, s = 0;
    long off = 0;
    if (digits(&p, end, 4, &y) || p >= end || *p++ != '-' ||
        digits(&p, end, 2, &mo) || p >= end || *p++ != '-' ||
        digits(&p, end, 2, &d))
        return -1;
    if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
        p++;
        if (digits(&p, end, 2, &h) || p >= end || *p++ != ':' ||
            digits(&p, end, 2, &mi))
            return -1;
        if (p < end && *p == ':') {
            p++;
            if (digits(&p, end, 2, &s)) return -1;
            if (p < end && (*p == '.' || *p == ',')) {
                p++;
                while (p < end && isdigit((unsigned char)*p)) p++;
            }
        }
        if (zone(&p, end, &off)) return -1;
    }
    while (p < end && isspace((unsigned char)*p)) p++;
    if (p != end || !valid_date(y, mo, d, h, mi, s)) return -1;
    *out = to_unix(y, mo, d, h, mi, s, off);
    return 0;
}

/* RFC 2822: "[Mon, ]18 Nov 2019 23:39[:00] +0000" */
static int parse_rfc2822(const char *p, const char *end, int64_t *out)
{
    int y, mo, d, h, mi, s = 0;
    long off = 0;
    if (p < end && isalpha((unsigned char)*p)) {
        while (p < end && *p != ',') p++;
        if (p >= end) return -1;
        p++;
    }
    while (p < end && *p == ' ') p++;
    if (digits(&p, end, 1, &d)) return -1;
    if (p < end && isdigit((unsigned char)*p)) d = d * 10 + (*p++ - '0');
    while (p < end && *p == ' ') p++;
    if ((mo = month_index(p, end)) < 0) return -1;
    while (p < end && isalpha((unsigned char)*p)) p++;
    while (p < end && *p == ' ') p++;
    if (digits(&p, end, 4, &y)) return -1;
    while (p < end && *p == ' ') p++;
    if (digits(&p, end, 2, &h) || p >= end || *p++ != ':' ||
        digits(&p, end, 2, &mi))
        return -1;
    if (p < end && *p == ':') {
        p++;
        if (digits(&p, end, 2, &s)) return -1;
    }
    if (zone(&p, end, &off)) return -1;
    while (p < end && isspace((unsigned char)*p)) p++;
    if (p != end || !valid_date(y, mo + 1, d, h, mi, s)) return -1;
    *out = to_unix(y, mo + 1, d, h, mi, s, off);
    return 0;
}

int braid_doc_set_published(braid_doc *d, const char *v, size_t len)
{
    if (!v) return -1;
    const char *p = v, *end = v + len;
    while (p < end && isspace((unsigned char)*p)) p++;
    while (end > p && isspace((unsigned char)end[-1])) end--;
    if (p == end) return -1;
    int64_t t;
    int all_digits = 1;
    for (const char *q = p; q < end; q++)
        if (!isdigit((unsigned char)*q)) { all_digits = 0; break; }
    if (all_digits && end - p <= 12) {
        t = 0;
        for (const char *q = p; q < end; q++) t = t * 10 + (*q - '0');
        if (t < 0 || t > 7258118400LL) return -1; /* up to 2200 */
    } else if (parse_iso(p, end, &t) != 0 && parse_rfc2822(p, end, &t) != 0) {
        return -1;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) return -1;
    char iso[40];
    strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
    if (braid_doc_setz(&d->published, iso)) return -1;
    d->published_unix = t;
    return 0;
}

/* ---- public accessors ---------------------------------------------- */

const char *braid_doc_name(const braid_doc *d) { return d->name; }
const char *braid_doc_path(const braid_doc *d) { return d->path; }
braid_format braid_doc_format(const braid_doc *d) { return d->format; }
const char *braid_doc_url(const braid_doc *d) { return d->url; }
const char *braid_doc_site(const braid_doc *d) { return d->site; }
const char *braid_doc_title(const braid_doc *d) { return d->title; }
const char *braid_doc_description(const braid_doc *d) { return d->description; }
const char *braid_doc_author(const braid_doc *d) { return d->author; }
const char *braid_doc_published(const braid_doc *d) { return d->published; }
int64_t braid_doc_published_unix(const braid_doc *d) { return d->published_unix; }
const char *braid_doc_charset(const braid_doc *d) { return d->charset; }
const char *braid_doc_lang(const braid_doc *d) { return d->lang; }
double braid_doc_lang_confidence(const braid_doc *d) { return d->lang_conf; }

const char *braid_doc_text(const braid_doc *d, size_t *len)
{
    if (len) *len = d->text ? d->text_len : 0;
    return d->text ? d->text : "";
}
