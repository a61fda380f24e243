/*
 * dates.c — recognise the common ways English and Russian news write a
 * date, and normalise them to a day number.
 *
 * Dates are language-free anchors: "7 ноября" in a Russian report and
 * "November 7" in an English one are the same feature, and two reports
 * naming different days are probably about different events.  The
 * recogniser works on the tokenizer's folded forms (so "НОЯБРЯ" and
 * "ноября", "Nov" and "nov" are one case) and is a small hand-written
 * matcher because no Debian library parses free-text dates in Russian
 * (ICU's date parser needs the exact pattern of one locale).
 */
#include "analyze/dates.h"

#include <stdlib.h>
#include <string.h>

int32_t braid_days_from_civil(int y, int m, int d)
{
    /* H. Hinnant's days_from_civil */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

void braid_civil_from_days(int32_t z0, int *y, int *m, int *d)
{
    int z = z0 + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yy + (*m <= 2);
}

struct word {
    const char *w;
    size_t len;
    int v;
};
#define W(s, v) {s, sizeof s - 1, v}

/* month names and abbreviations, folded; value 1..12 */
static const struct word months[] = {
    W("january", 1),  W("jan", 1),     W("february", 2), W("feb", 2),       W("march", 3),
    W("mar", 3),      W("april", 4),   W("apr", 4),      W("may", 5),       W("june", 6),
    W("jun", 6),      W("july", 7),    W("jul", 7),      W("august", 8),    W("aug", 8),
    W("september", 9), W("sep", 9),    W("sept", 9),     W("october", 10),  W("oct", 10),
    W("november", 11), W("nov", 11),   W("december", 12), W("dec", 12),
    W("января", 1),   W("февраля", 2), W("марта", 3),    W("апреля", 4),    W("мая", 5),
    W("июня", 6),     W("июля", 7),    W("августа", 8),  W("сентября", 9),  W("октября", 10),
    W("ноября", 11),  W("декабря", 12),
};

/* weekday names (Monday = 0); Russian in the forms "в/во ..." takes */
static const struct word weekdays[] = {
    W("monday", 0),      W("tuesday", 1),    W("wednesday", 2), W("thursday", 3),
    W("friday", 4),      W("saturday", 5),   W("sunday", 6),    W("понедельник", 0),
    W("вторник", 1),     W("среду", 2),      W("четверг", 3),   W("пятницу", 4),
    W("пятница", 4),     W("субботу", 5),    W("суббота", 5),   W("воскресенье", 6),
};

/* Whether w can start a month or weekday name of the tables above, by
 * its first letter: most words cannot, and the tables are scanned for
 * every token of every article (that scan was 4% of the pipeline). */
static int could_be_date_word(const char *w)
{
    unsigned char a = (unsigned char)w[0], b = (unsigned char)w[1];
    switch (a) {
    case 'a': case 'd': case 'f': case 'j': case 'm': case 'n': case 'o': case 's': case 't':
    case 'w':
        return 1;
    case 0xD0: /* а в д и м н о п */
        return b == 0xB0 || b == 0xB2 || b == 0xB4 || b == 0xB8 || (b >= 0xBC && b <= 0xBF);
    case 0xD1: /* с ф ч я */
        return b == 0x81 || b == 0x84 || b == 0x87 || b == 0x8F;
    default:
        return 0;
    }
}

static int lookup(const struct word *tab, size_t n, const char *w, size_t len)
{
    if (len < 3 || len > 22) return -1; /* "may" .. "воскресенье" */
    if (!could_be_date_word(w)) return -1;
    for (size_t i = 0; i < n; i++)
        if (tab[i].len == len && !memcmp(tab[i].w, w, len)) return tab[i].v;
    return -1;
}

int braid_date_word(const char *w, size_t len)
{
    if (lookup(weekdays, sizeof weekdays / sizeof weekdays[0], w, len) >= 0) return 1;
    return len >= 5 && lookup(months, sizeof months / sizeof months[0], w, len) > 0;
}

static int tok_month(const braid_tokens *ts, size_t i)
{
    const braid_token *t = &ts->v[i];
    const char *w = BRAID_TOK_NORM(ts, t);
    int m = lookup(months, sizeof months / sizeof months[0], w, t->norm_len);
    /* "may" is a modal verb unless capitalized */
    if (m == 5 && t->norm_len == 3 && !(t->flags & BRAID_TOK_CAPITALIZED)) return -1;
    return m;
}

/* value of an all-digit token of 1..maxdigits digits, else -1 */
static int tok_int(const braid_tokens *ts, size_t i, size_t maxdigits)
{
    const braid_token *t = &ts->v[i];
    if (!(t->flags & BRAID_TOK_NUMBER) || t->norm_len > maxdigits) return -1;
    const char *w = BRAID_TOK_NORM(ts, t);
    int v = 0;
    for (size_t k = 0; k < t->norm_len; k++) {
        if (w[k] < '0' || w[k] > '9') return -1;
        v = v * 10 + (w[k] - '0');
    }
    return v;
}

static int tok_year(const braid_tokens *ts, size_t i)
{
    if (i >= ts->n || ts->v[i].norm_len != 4) return -1;
    int y = tok_int(ts, i, 4);
    return (y >= 1900 && y <= 2100) ? y : -1;
}

static int valid_dm(int d, int m)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1];
}

struct ctx {
    int32_t *out;
    size_t n, cap;
    int have_pub;
    int32_t pub_day;
    int pub_year;
};

static void emit(struct ctx *c, int32_t v)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->out[i] == v) return;
    if (c->n < c->cap) c->out[c->n++] = v;
}

static void emit_dmy(struct ctx *c, int d, int m, int y)
{
    if (!valid_dm(d, m)) return;
    if (y < 0) {
        y = c->have_pub ? c->pub_year : 2000;
        if (c->have_pub && braid_days_from_civil(y, m, d) > c->pub_day + 300) y--;
    }
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100) || y % 400 == 0)) return;
    emit(c, braid_days_from_civil(y, m, d));
}

/* "07.11.2019" / "7.11.19" in one number token */
static void dotted(struct ctx *c, const char *w, size_t len)
{
    int part[3] = {0, 0, 0}, digits[3] = {0, 0, 0}, k = 0;
    for (size_t i = 0; i < len; i++) {
        if (w[i] == '.') {
            if (++k > 2) return;
            continue;
        }
        if (w[i] < '0' || w[i] > '9') return;
        part[k] = part[k] * 10 + (w[i] - '0');
        digits[k]++;
    }
    if (k != 2 || digits[0] > 2 || digits[1] > 2 || !digits[0] || !digits[1]) return;
    int y = part[2];
    if (digits[2] == 2) y += 2000;
    else if (digits[2] != 4) return;
    emit_dmy(c, part[0], part[1], y);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

size_t braid_dates_find(const char *text, const braid_tokens *ts, int64_t pub_unix,
                        int32_t *out, size_t cap)
{
    struct ctx c = {out, 0, cap, pub_unix != BRAID_DATES_NO_PUB, 0, 0};
    if (c.have_pub) {
        int64_t d = pub_unix >= 0 ? pub_unix / 86400 : -((-pub_unix + 86399) / 86400);
        c.pub_day = (int32_t)d;
        int m, dd;
        braid_civil_from_days(c.pub_day, &c.pub_year, &m, &dd);
    }
    for (size_t i = 0; i < ts->n; i++) {
        const braid_token *t = &ts->v[i];
        const char *w = BRAID_TOK_NORM(ts, t);
        if (t->flags & BRAID_TOK_NUMBER) {
            if (memchr(w, '.', t->norm_len)) {
                dotted(&c, w, t->norm_len);
                continue;
            }
            /* 2019-11-07: three number tokens joined by '-' in the source */
            int y = tok_year(ts, i);
            if (y > 0 && i + 2 < ts->n && text) {
                const braid_token *a = &ts->v[i + 1], *b = &ts->v[i + 2];
                int mm = tok_int(ts, i + 1, 2), dd = tok_int(ts, i + 2, 2);
                if (mm > 0 && dd > 0 && a->src_off == t->src_off + t->src_len + 1 &&
                    text[a->src_off - 1] == '-' && b->src_off == a->src_off + a->src_len + 1 &&
                    text[b->src_off - 1] == '-') {
                    emit_dmy(&c, dd, mm, y);
                    i += 2;
                    continue;
                }
            }
            /* 7 November [2019] / 7 ноября [2019] / 7-го ноября */
            int d = tok_int(ts, i, 2);
            if (d > 0) {
                size_t j = i + 1;
                if (j < ts->n && ts->v[j].norm_len == 4 &&
                    !memcmp(BRAID_TOK_NORM(ts, &ts->v[j]), "го", 4))
                    j++;
                int m = j < ts->n ? tok_month(ts, j) : -1;
                if (m > 0) {
                    emit_dmy(&c, d, m, tok_year(ts, j + 1));
                    i = j;
                }
            }
            continue;
        }
        /* November 7[, 2019] / Nov. 7 */
        int m = tok_month(ts, i);
        if (m > 0 && i + 1 < ts->n) {
            int d = tok_int(ts, i + 1, 2);
            if (d > 0) {
                emit_dmy(&c, d, m, i + 2 < ts->n ? tok_year(ts, i + 2) : -1);
                i++;
                continue;
            }
        }
        int wd = lookup(weekdays, sizeof weekdays / sizeof weekdays[0], w, t->norm_len);
        if (wd >= 0) {
            if (!c.have_pub) {
                emit(&c, -1 - wd);
            } else {
                /* 1970-01-01 was a Thursday (weekday 3) */
                int pub_wd = (int)(((c.pub_day % 7) + 7 + 3) % 7);
                int delta = wd - pub_wd; /* into -3..3 */
                while (delta > 3) delta -= 7;
                while (delta < -3) delta += 7;
                emit(&c, c.pub_day + delta);
            }
        }
    }
    qsort(out, c.n, sizeof *out, cmp_i32);
    return c.n;
}
