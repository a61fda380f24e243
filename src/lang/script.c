/*
 * script.c — Unicode script counting and text normalisation in one pass
 * (see script.h for why this pass comes first).
 *
 * ICU's uscript_getScript() names the script of each code point and
 * utf8proc lower-cases and classifies it; ASCII takes a fast path because
 * most text braid sees is ASCII-heavy.  What no library has is written
 * here by hand: which languages a script implies, and the Cyrillic
 * alphabets of the languages that share that script (facts from the
 * languages' standard orthographies).
 */
#include "lang/script.h"

#include <string.h>
#include <unicode/uscript.h>
#include <utf8proc.h>

static braid_script from_icu(UScriptCode s)
{
    switch (s) {
    case USCRIPT_LATIN: return BS_LATIN;
    case USCRIPT_CYRILLIC: return BS_CYRILLIC;
    case USCRIPT_GREEK: return BS_GREEK;
    case USCRIPT_ARMENIAN: return BS_ARMENIAN;
    case USCRIPT_HEBREW: return BS_HEBREW;
    case USCRIPT_ARABIC: return BS_ARABIC;
    case USCRIPT_SYRIAC: return BS_SYRIAC;
    case USCRIPT_THAANA: return BS_THAANA;
    case USCRIPT_DEVANAGARI: return BS_DEVANAGARI;
    case USCRIPT_BENGALI: return BS_BENGALI;
    case USCRIPT_GURMUKHI: return BS_GURMUKHI;
    case USCRIPT_GUJARATI: return BS_GUJARATI;
    case USCRIPT_ORIYA: return BS_ORIYA;
    case USCRIPT_TAMIL: return BS_TAMIL;
    case USCRIPT_TELUGU: return BS_TELUGU;
    case USCRIPT_KANNADA: return BS_KANNADA;
    case USCRIPT_MALAYALAM: return BS_MALAYALAM;
    case USCRIPT_SINHALA: return BS_SINHALA;
    case USCRIPT_THAI: return BS_THAI;
    case USCRIPT_LAO: return BS_LAO;
    case USCRIPT_TIBETAN: return BS_TIBETAN;
    case USCRIPT_MYANMAR: return BS_MYANMAR;
    case USCRIPT_GEORGIAN: return BS_GEORGIAN;
    case USCRIPT_HANGUL: return BS_HANGUL;
    case USCRIPT_ETHIOPIC: return BS_ETHIOPIC;
    case USCRIPT_KHMER: return BS_KHMER;
    case USCRIPT_MONGOLIAN: return BS_MONGOLIAN;
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_KATAKANA_OR_HIRAGANA: return BS_KANA;
    case USCRIPT_HAN: return BS_HAN;
    case USCRIPT_JAVANESE: return BS_JAVANESE;
    case USCRIPT_OL_CHIKI: return BS_OLCHIKI;
    case USCRIPT_YI: return BS_YI;
    case USCRIPT_TIFINAGH: return BS_TIFINAGH;
    case USCRIPT_CHEROKEE: return BS_CHEROKEE;
    case USCRIPT_CANADIAN_ABORIGINAL: return BS_CANADIAN;
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
    case USCRIPT_INVALID_CODE: return BS_NONE;
    default: return BS_OTHER;
    }
}

static const char *const script_names[BS_COUNT] = {
    "none", "Latin", "Cyrillic", "Greek", "Armenian", "Hebrew", "Arabic",
    "Syriac", "Thaana", "Devanagari", "Bengali", "Gurmukhi", "Gujarati",
    "Oriya", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai",
    "Lao", "Tibetan", "Myanmar", "Georgian", "Hangul", "Ethiopic", "Khmer",
    "Mongolian", "Kana", "Han", "Javanese", "Ol Chiki", "Yi", "Tifinagh",
    "Cherokee", "Canadian Aboriginal", "other"};

const char *braid_script_name(braid_script s)
{
    return (unsigned)s < BS_COUNT ? script_names[s] : "?";
}

/* Decode one UTF-8 sequence at s[0..n); returns its length (>= 1) and the
 * code point, or -1 in *cp for an invalid sequence (length 1). */
static size_t decode(const unsigned char *s, size_t n, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &c);
    if (k <= 0) { *cp = -1; return 1; }
    *cp = c;
    return (size_t)k;
}

static int looks_like_url(const unsigned char *s, size_t n)
{
    return (n >= 7 && !memcmp(s, "http://", 7)) || (n >= 8 && !memcmp(s, "https://", 8)) ||
           (n >= 4 && !memcmp(s, "www.", 4));
}

static size_t put_space(char *out, size_t o)
{
    if (o > 0 && out[o - 1] != ' ') out[o++] = ' ';
    return o;
}

size_t braid_script_scan(const char *text, size_t len, int lower,
                         char *out, size_t cap, braid_script_stats *st)
{
    memset(st, 0, sizeof *st);
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0, i = 0;
    /* Every output sequence is no longer than its input sequence except
     * lower-casing, which we only apply when the result fits in the same
     * bytes; so len + 2 bytes (space, '\n', NUL) always suffice. */
    if (!out || cap < 2) cap = 0;
    while (i < len && cap) {
        unsigned char b = s[i];
        /* URLs and e-mail-like tokens say nothing about the language
         * (a Russian page full of https://…/Financial_market/… links is
         * still Russian): skip them to the next white space. */
        if ((b == 'h' || b == 'w') && (i == 0 || s[i - 1] <= ' ') && looks_like_url(s + i, len - i)) {
            while (i < len && s[i] > ' ') i++;
            o = put_space(out, o);
            continue;
        }
        if (b < 0x80) {
            i++;
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) {
                if (lower && b <= 'Z') b = (unsigned char)(b + 32);
                out[o++] = (char)b;
                /* The rest of the word in a tight loop: ASCII letters
                 * follow a letter here, so no URL can start among them,
                 * and nothing but the copy and the count is needed (the
                 * script pass was ~9% of the time on descriptions). */
                size_t run = 1;
                while (i < len && o + 2 <= cap) {
                    unsigned char c = s[i];
                    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) break;
                    if (lower && c <= 'Z') c = (unsigned char)(c + 32);
                    out[o++] = (char)c;
                    i++;
                    run++;
                }
                st->letters += run;
                st->count[BS_LATIN] += run;
            } else if (b <= ' ' || b == 0x7f) {
                o = put_space(out, o);
            } else {
                out[o++] = (char)b;
            }
            if (o + 2 > cap) break;
            continue;
        }
        /* Fast path for the basic Cyrillic block U+0400..U+045F (two
         * bytes D0 80 .. D1 9F): all letters, and their lower case is
         * arithmetic (same result as utf8proc/ICU; Russian news is half
         * of what braid reads). */
        if ((b == 0xD0 || (b == 0xD1 && i + 1 < len && s[i + 1] <= 0x9F)) && i + 1 < len &&
            (s[i + 1] & 0xC0) == 0x80) {
            int32_t cp = ((b & 0x1F) << 6) | (s[i + 1] & 0x3F);
            int32_t low = cp < 0x410 ? cp + 0x50 : cp < 0x430 ? cp + 0x20 : cp;
            st->letters++;
            st->count[BS_CYRILLIC]++;
            st->cyr[low - 0x400]++;
            st->cyr_seen[(low - 0x400) >> 6] |= (uint64_t)1 << ((low - 0x400) & 63);
            st->cyr_total++;
            int32_t c = lower ? low : cp;
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
            i += 2;
            if (o + 2 > cap) break;
            continue;
        }
        int32_t cp;
        size_t k = decode(s + i, len - i, &cp);
        if (cp < 0) {
            st->invalid++;
            i += k;
            o = put_space(out, o);
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        int is_letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME;
        if (cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_ZS ||
            cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP ||
            cat == UTF8PROC_CATEGORY_CF) {
            i += k;
            /* zero-width joiners and soft hyphens vanish, spaces stay */
            if (cat != UTF8PROC_CATEGORY_CF) o = put_space(out, o);
            continue;
        }
        int32_t lc = cp;
        if (is_letter) {
            UErrorCode ue = U_ZERO_ERROR;
            braid_script sc = from_icu(uscript_getScript(cp, &ue));
            if (U_FAILURE(ue)) sc = BS_OTHER;
            if (sc != BS_NONE) {
                st->letters++;
                st->count[sc]++;
            }
            int32_t low = utf8proc_tolower(cp);
            if (lower) lc = low;
            if (sc == BS_CYRILLIC && low >= 0x400 && low <= 0x4ff) {
                st->cyr[low - 0x400]++;
                st->cyr_seen[(low - 0x400) >> 6] |= (uint64_t)1 << ((low - 0x400) & 63);
                st->cyr_total++;
            }
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(lc, enc);
        if (el <= 0 || (size_t)el > k) { /* keep the original bytes */
            memcpy(out + o, s + i, k);
            o += k;
        } else {
            memcpy(out + o, enc, (size_t)el);
            o += (size_t)el;
        }
        i += k;
        if (o + 2 > cap) break;
    }
    if (cap) {
        while (o > 0 && out[o - 1] == ' ') o--;
        out[o++] = '\n';
        if (o < cap) out[o] = '\0';
    }
    size_t best = 0;
    st->top = BS_NONE;
    for (int sc = 1; sc < BS_COUNT; sc++)
        if (st->count[sc] > best) { best = st->count[sc]; st->top = (braid_script)sc; }
    /* Latin-script names and brands fill news in other scripts ("Google
     * Stadia", "Destiny 2" in a Russian article); the reverse is rare.  So
     * a non-Latin script with at least a third of the letters leads. */
    if (st->top == BS_LATIN) {
        braid_script other = BS_NONE;
        size_t oc = 0;
        for (int sc = 1; sc < BS_COUNT; sc++)
            if (sc != BS_LATIN && st->count[sc] > oc) { oc = st->count[sc]; other = (braid_script)sc; }
        if (other != BS_NONE && oc * 2 >= st->count[BS_LATIN]) st->top = other;
    }
    /* Japanese mixes kanji and kana: any real share of kana makes the
     * Han/kana text Japanese, so count it as kana-led. */
    if (st->top == BS_HAN && st->count[BS_KANA] * 10 >= st->count[BS_HAN])
        st->top = BS_KANA;
    return o;
}

struct lang_script { const char *code; braid_script script; };

/* Second scripts of languages written in more than one. */
static const struct lang_script also_scripts[] = {
    {"sr", BS_LATIN}, {"uz", BS_CYRILLIC}, {"az", BS_CYRILLIC}, {"kk", BS_LATIN},
    {"tk", BS_CYRILLIC}, {"ku", BS_ARABIC}, {"mn", BS_MONGOLIAN}, {"pa", BS_ARABIC},
    {"ug", BS_CYRILLIC}, {"tt", BS_LATIN}, {"ky", BS_ARABIC}, {"bs", BS_CYRILLIC},
    {"ja", BS_HAN}, {"sh", BS_CYRILLIC},
};

/* Languages braid's detectors can return that are not written in Latin
 * script (by default).  Sorted by nothing; the list is short. */
static const struct lang_script lang_scripts[] = {
    {"ru", BS_CYRILLIC}, {"uk", BS_CYRILLIC}, {"be", BS_CYRILLIC},
    {"bg", BS_CYRILLIC}, {"sr", BS_CYRILLIC}, {"mk", BS_CYRILLIC},
    {"kk", BS_CYRILLIC}, {"ky", BS_CYRILLIC}, {"tg", BS_CYRILLIC},
    {"mn", BS_CYRILLIC}, {"tt", BS_CYRILLIC}, {"ba", BS_CYRILLIC},
    {"cv", BS_CYRILLIC}, {"ce", BS_CYRILLIC}, {"os", BS_CYRILLIC},
    {"av", BS_CYRILLIC}, {"kv", BS_CYRILLIC}, {"sah", BS_CYRILLIC},
    {"bxr", BS_CYRILLIC}, {"krc", BS_CYRILLIC}, {"lez", BS_CYRILLIC},
    {"mhr", BS_CYRILLIC}, {"mrj", BS_CYRILLIC}, {"myv", BS_CYRILLIC},
    {"rue", BS_CYRILLIC}, {"tyv", BS_CYRILLIC}, {"xal", BS_CYRILLIC},
    {"udm", BS_CYRILLIC}, {"ab", BS_CYRILLIC}, {"koi", BS_CYRILLIC},
    {"el", BS_GREEK}, {"hy", BS_ARMENIAN}, {"ka", BS_GEORGIAN},
    {"xmf", BS_GEORGIAN}, {"he", BS_HEBREW}, {"yi", BS_HEBREW},
    {"ar", BS_ARABIC}, {"arz", BS_ARABIC}, {"fa", BS_ARABIC},
    {"ur", BS_ARABIC}, {"ps", BS_ARABIC}, {"ckb", BS_ARABIC},
    {"sd", BS_ARABIC}, {"ug", BS_ARABIC}, {"azb", BS_ARABIC},
    {"pnb", BS_ARABIC}, {"mzn", BS_ARABIC}, {"lrc", BS_ARABIC},
    {"glk", BS_ARABIC}, {"ks", BS_ARABIC}, {"prs", BS_ARABIC},
    {"syr", BS_SYRIAC}, {"dv", BS_THAANA},
    {"hi", BS_DEVANAGARI}, {"mr", BS_DEVANAGARI}, {"ne", BS_DEVANAGARI},
    {"sa", BS_DEVANAGARI}, {"bh", BS_DEVANAGARI}, {"mai", BS_DEVANAGARI},
    {"new", BS_DEVANAGARI}, {"gom", BS_DEVANAGARI}, {"dty", BS_DEVANAGARI},
    {"bho", BS_DEVANAGARI}, {"awa", BS_DEVANAGARI}, {"mag", BS_DEVANAGARI},
    {"bn", BS_BENGALI}, {"as", BS_BENGALI}, {"bpy", BS_BENGALI},
    {"pa", BS_GURMUKHI}, {"gu", BS_GUJARATI}, {"or", BS_ORIYA},
    {"ta", BS_TAMIL}, {"te", BS_TELUGU}, {"kn", BS_KANNADA},
    {"ml", BS_MALAYALAM}, {"si", BS_SINHALA}, {"th", BS_THAI},
    {"lo", BS_LAO}, {"bo", BS_TIBETAN}, {"dz", BS_TIBETAN},
    {"my", BS_MYANMAR}, {"ko", BS_HANGUL}, {"am", BS_ETHIOPIC},
    {"ti", BS_ETHIOPIC}, {"km", BS_KHMER}, {"ja", BS_KANA},
    {"zh", BS_HAN}, {"wuu", BS_HAN}, {"yue", BS_HAN},
};

int braid_script_lang_uses(const char *code, braid_script s)
{
    for (size_t i = 0; i < sizeof also_scripts / sizeof also_scripts[0]; i++)
        if (also_scripts[i].script == s && !strcmp(also_scripts[i].code, code)) return 1;
    for (size_t i = 0; i < sizeof lang_scripts / sizeof lang_scripts[0]; i++)
        if (!strcmp(lang_scripts[i].code, code)) return lang_scripts[i].script == s;
    return s == BS_LATIN;
}

const char *braid_script_only_lang(braid_script s)
{
    switch (s) {
    case BS_GREEK: return "el";
    case BS_ARMENIAN: return "hy";
    case BS_GEORGIAN: return "ka";
    case BS_HANGUL: return "ko";
    case BS_KANA: return "ja";
    case BS_THAI: return "th";
    case BS_LAO: return "lo";
    case BS_KHMER: return "km";
    case BS_MYANMAR: return "my";
    case BS_SINHALA: return "si";
    case BS_TAMIL: return "ta";
    case BS_TELUGU: return "te";
    case BS_KANNADA: return "kn";
    case BS_MALAYALAM: return "ml";
    case BS_GUJARATI: return "gu";
    case BS_GURMUKHI: return "pa";
    case BS_ORIYA: return "or";
    case BS_THAANA: return "dv";
    case BS_SYRIAC: return "syr";
    case BS_JAVANESE: return "jv";
    case BS_OLCHIKI: return "sat";
    case BS_YI: return "ii";
    case BS_TIFINAGH: return "zgh";
    case BS_CHEROKEE: return "chr";
    case BS_CANADIAN: return "iu";
    default: return NULL;
    }
}

/* Lower-case alphabets of the Cyrillic-script languages that are most
 * often confused with each other. */
static const struct { const char *code, *alphabet; } cyr_alphabets[] = {
    {"ru", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"},
    {"uk", "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"},
    {"be", "абвгдеёжзійклмнопрстуўфхцчшыьэюя"},
    {"bg", "абвгдежзийклмнопрстуфхцчшщъьюяѝ"},
    {"sr", "абвгдђежзијклљмнњопрстћуфхцчџш"},
    {"mk", "абвгдѓежзѕијклљмнњопрстќуфхцчџшѐѝ"},
    {"kk", "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"},
    {"ky", "абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөү"},
    {"tt", "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәөүҗңһ"},
    {"ba", "абвгдеёжзийклмнопрстуфхцчшщъыьэюяғҙҡңөҫүһә"},
    {"mn", "абвгдеёжзийклмнопрстуфхцчшщъыьэюяөү"},
    {"tg", "абвгдеёжзийклмнопрстуфхчшъэюяғӣқӯҳҷ"},
};

int braid_script_cyr_alphabet(const char *code, uint64_t mask[4])
{
    memset(mask, 0, 4 * sizeof *mask);
    for (size_t a = 0; a < sizeof cyr_alphabets / sizeof cyr_alphabets[0]; a++) {
        if (strcmp(cyr_alphabets[a].code, code)) continue;
        const unsigned char *p = (const unsigned char *)cyr_alphabets[a].alphabet;
        size_t n = strlen((const char *)p);
        for (size_t i = 0; i < n;) {
            int32_t cp;
            i += decode(p + i, n - i, &cp);
            if (cp >= 0x400 && cp <= 0x4ff)
                mask[(cp - 0x400) >> 6] |= (uint64_t)1 << ((cp - 0x400) & 63);
        }
        return 1;
    }
    return 0;
}

double braid_script_cyr_outside(const braid_script_stats *st, const uint64_t mask[4])
{
    if (!st->cyr_total) return 0.0;
    size_t foreign = 0;
    for (int w = 0; w < 4; w++) {
        uint64_t out = st->cyr_seen[w] & ~mask[w];
        while (out) {
            int b = __builtin_ctzll(out);
            foreign += st->cyr[w * 64 + b];
            out &= out - 1;
        }
    }
    return (double)foreign / (double)st->cyr_total;
}

double braid_script_cyr_foreign(const braid_script_stats *st, const char *code)
{
    uint64_t m[4];
    if (!braid_script_cyr_alphabet(code, m)) return -1;
    return braid_script_cyr_outside(st, m);
}
