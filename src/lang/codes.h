/*
 * codes.h — language code conversion (see codes.c).
 */
#ifndef BRAID_LANG_CODES_H
#define BRAID_LANG_CODES_H

/* The code braid reports for an ISO 639-3 code: its ISO 639-1 code when
 * it has one (individual languages map to their macrolanguage: arb → ar,
 * cmn → zh, nob → no), else the input unchanged.  Note franc's "als" is
 * Tosk Albanian (→ sq), not Alemannic. */
const char *braid_lang_iso1(const char *code);

#endif
