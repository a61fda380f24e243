/*
 * dates.h — dates mentioned in a text, normalised to days since 1970-01-01.
 */
#ifndef BRAID_ANALYZE_DATES_H
#define BRAID_ANALYZE_DATES_H

#include <stddef.h>
#include <stdint.h>
#include "analyze/tokenize.h"

/* Sentinel for an unknown publication time. */
#define BRAID_DATES_NO_PUB INT64_MIN

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int32_t braid_days_from_civil(int y, int m, int d);
/* Inverse: fills y/m/d. */
void braid_civil_from_days(int32_t days, int *y, int *m, int *d);

/* Find the dates in the tokens `ts` of `text` (tokenized by
 * braid_tokenize): "November 7, 2019", "7 Nov", "Nov. 7", "7 ноября
 * 2019 года", "7-го ноября", "07.11.2019", "2019-11-07", and weekday names
 * ("on Saturday", "в субботу").  A missing year is the publication year
 * (the previous one if that would put the date > 300 days after
 * publication), or 2000 when the publication time is unknown.  Weekdays
 * resolve to the one day within ±3 days of publication; with no
 * publication time they are returned as -1 - weekday (Monday = 0), which
 * still matches between two texts.  Writes up to `cap` distinct values,
 * sorted, to `out`; returns how many. */
size_t braid_dates_find(const char *text, const braid_tokens *ts, int64_t pub_unix,
                        int32_t *out, size_t cap);

/* Non-zero when the folded word `w` is a weekday or a full month name of
 * five or more letters ("saturday", "november", "ноября") — words that
 * are capitalised in English without being names.  "may", "june",
 * "july" and abbreviations are not counted: they are also names. */
int braid_date_word(const char *w, size_t len);

#endif
