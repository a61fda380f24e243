/*
 * translit.c — transliteration (ICU) and spelling-tolerant name keys.
 *
 * Transliteration is ICU's job (utrans): "Russian-Latin/BGN; Latin-ASCII"
 * for Cyrillic words and "Any-Latin; Latin-ASCII" for other non-ASCII
 * words.  What no library does is the matching key: the same name is
 * spelled differently by each language's transliteration conventions
 * (Эрдоган → Erdogan, Чавушоглу → Chavushoglu vs Turkish Çavuşoğlu →
 * Cavusoglu, Азербайджан → Azerbaydzhan vs Azerbaijan, Карабах →
 * Karabakh; Turkish ş becomes s in Latin-ASCII but sh in BGN).  The key (see translit.h) merges the letter groups that
 * differ between these conventions and drops vowels, which carry most of
 * the variation; Russian case endings that contain a consonant (-ом, -ым,
 * -ого, -ами, -ах ...) are stripped before transliteration, the vowel-only
 * ones vanish with the vowels.  This follows the measured recipe in
 * shared/design/CROSSLINGUAL.md.
 *
 * ICU calls cost microseconds each and the same few thousand names recur
 * in every article, so keys are cached in a per-object hash map.
 */
#include "analyze/translit.h"
#include "error.h"
#include "analyze/tokenize.h"
#include "util/u64map.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <xxhash.h>

/* Name keys are cached per handle (ICU transliteration is the slow part
 * of name matching and names repeat); the cache starts over past these. */
#define KEY_CACHE_MAX (1u << 18)
#define KEY_CACHE_BYTES (4u << 20)

struct braid_translit {
    UTransliterator *ru;  /* Russian-Latin/BGN; Latin-ASCII */
    UTransliterator *any; /* Any-Latin; Latin-ASCII         */
    u64map cache;         /* hash(word) → offset+1 into keys (len in top bits) */
    buf keys;
    UChar *u16;
    size_t u16cap;
};

static UTransliterator *open_tr(const char *id, braid_error *err)
{
    UChar uid[64];
    int32_t n = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(uid, 64, &n, id, -1, &st);
    if (U_FAILURE(st)) return NULL;
    UTransliterator *t = utrans_openU(uid, n, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_FAILURE(st)) {
        braid_err_set(err, BRAID_ENOTFOUND, "ICU transliterator '%s': %s", id, u_errorName(st));
        return NULL;
    }
    return t;
}

braid_translit *braid_translit_new(braid_error *err)
{
    braid_translit *t = calloc(1, sizeof *t);
    if (!t) {
        braid_err_set(err, BRAID_ENOMEM, "translit: out of memory");
        return NULL;
    }
    buf_init(&t->keys);
    u64map_init(&t->cache);
    t->ru = open_tr("Russian-Latin/BGN; Latin-ASCII", err);
    t->any = t->ru ? open_tr("Any-Latin; Latin-ASCII", err) : NULL;
    if (!t->ru || !t->any) {
        braid_translit_free(t);
        return NULL;
    }
    return t;
}

void braid_translit_free(braid_translit *t)
{
    if (!t) return;
    if (t->ru) utrans_close(t->ru);
    if (t->any) utrans_close(t->any);
    u64map_free(&t->cache);
    buf_free(&t->keys);
    free(t->u16);
    free(t);
}

static int is_cyrillic(const char *w, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if ((unsigned char)w[i] == 0xD0 || (unsigned char)w[i] == 0xD1) return 1;
    return 0;
}

/* Russian-Latin/BGN for the lower-case Russian alphabet, U+0430..U+044F
 * (index 0..31) then ё; е/ё are "ye" at the start of a word and after a
 * vowel, ъ, ь or й (cyr_latin below). */
static const char *const bgn_lower[33] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
    "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "\"", "y", "'", "e", "yu", "ya", "e"};

/* Index of a lower-case Russian letter at w[i..i+1], or -1. */
static int ru_lower(const char *w, size_t len, size_t i)
{
    if (i + 1 >= len) return -1;
    unsigned char a = (unsigned char)w[i], b = (unsigned char)w[i + 1];
    if (a == 0xD0 && b >= 0xB0 && b <= 0xBF) return b - 0xB0;      /* а..п */
    if (a == 0xD1 && b >= 0x80 && b <= 0x8F) return b - 0x80 + 16; /* р..я */
    if (a == 0xD1 && b == 0x91) return 32;                         /* ё */
    return -1;
}

/* The fast path of braid_translit_latin for a word written only in the
 * lower-case Russian alphabet (every case-folded Russian name): a table
 * instead of ICU's rule-based transliterator, which costs ~10 us a word
 * and was 5% of the contest day's CPU.  The output is ICU's
 * "Russian-Latin/BGN; Latin-ASCII" without the middle dots BGN puts
 * between ambiguous letter pairs (т·с, й·а, consonant·э) — which the
 * ASCII filter of the ICU path drops too: identical on all 138,882
 * words of Debian's Russian hunspell dictionary, and checked against
 * ICU for every letter pair by test_analyze.  Returns 0 when the word
 * holds anything else (ICU handles it). */
static int cyr_latin(const char *w, size_t len, buf *out)
{
    if (!len || len % 2) return 0;
    for (size_t i = 0; i < len; i += 2)
        if (ru_lower(w, len, i) < 0) return 0;
    int prev = -1;
    for (size_t i = 0; i < len; i += 2) {
        int c = ru_lower(w, len, i);
        /* е (5), ё (32) after nothing, а е и о у ы э ю я ё, ъ ь й */
        static const char after_y[33] = {1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0,
                                         0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
        if ((c == 5 || c == 32) && (prev < 0 || after_y[prev])) buf_putc(out, 'y');
        buf_puts(out, bgn_lower[c]);
        prev = c;
    }
    return out->oom ? -1 : 1;
}

/* Han, kana, Hangul, Bopomofo and Yi: scripts without letter case, so
 * never a name candidate on their own (entities.c), but a token may mix
 * them with Latin ("Huawei华为").  Their transliteration is not a name
 * key other texts would share, and ICU's Han-Latin alone takes ~0.5 s to
 * build in every analyzer that meets one such token. */
static int ideographic(utf8proc_int32_t c)
{
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0x2FDF) ||
           (c >= 0x3040 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF66 && c <= 0xFFDC) || (c >= 0x20000 && c <= 0x3FFFF);
}

int braid_translit_latin(braid_translit *t, const char *w, size_t len, buf *out)
{
    /* drop ideographic code points first (a copy, only when there are any) */
    buf kept = BUF_INIT;
    int dropped = 0;
    for (size_t i = 0; i < len;) {
        size_t adv;
        utf8proc_int32_t c = braid_tok_next_cp(w, len, i, &adv);
        if (ideographic(c)) {
            if (!dropped) buf_append(&kept, w, i);
            dropped = 1;
        } else if (dropped) {
            buf_append(&kept, w + i, adv);
        }
        i += adv;
    }
    if (dropped) {
        int r = kept.oom ? -1 : braid_translit_latin(t, kept.data ? kept.data : "", kept.len, out);
        buf_free(&kept);
        return r;
    }
    int ascii = 1;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)w[i] >= 128) ascii = 0;
    if (ascii) {
        for (size_t i = 0; i < len; i++) {
            char c = w[i];
            buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
        }
        return out->oom ? -1 : 0;
    }
    int r = cyr_latin(w, len, out);
    if (r) return r < 0 ? -1 : 0;
    return braid_translit_latin_icu(t, w, len, out);
}

int braid_translit_latin_icu(braid_translit *t, const char *w, size_t len, buf *out)
{
    /* ICU works in UTF-16; transliteration may grow the text ~4x */
    size_t need = len * 4 + 16;
    if (need > t->u16cap) {
        UChar *nu = realloc(t->u16, need * sizeof *nu);
        if (!nu) return -1;
        t->u16 = nu;
        t->u16cap = need;
    }
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(t->u16, (int32_t)t->u16cap, &n, w, (int32_t)len, &st);
    if (U_FAILURE(st)) return -1;
    int32_t limit = n;
    utrans_transUChars(is_cyrillic(w, len) ? t->ru : t->any, t->u16, &n, (int32_t)t->u16cap, 0,
                       &limit, &st);
    if (U_FAILURE(st)) return -1;
    for (int32_t i = 0; i < n; i++) {
        UChar c = t->u16[i];
        if (c < 128) buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
    }
    return out->oom ? -1 : 0;
}

/* Russian case endings holding a consonant, longest first (UTF-8). */
/* (-ах/-ях are left out: they end too many names, Карабах, Аллах) */
static const char *const ru_endings[] = {"ами", "ями", "ого", "его", "ому", "ему",
                                         "ом",  "ем",  "ым",  "им"};

static size_t strip_ending(const char *w, size_t len)
{
    if (len >= 2 && w[len - 2] == '\'' && w[len - 1] == 's') return len - 2; /* Erdogan's */
    if (!is_cyrillic(w, len)) return len;
    for (size_t i = 0; i < sizeof ru_endings / sizeof ru_endings[0]; i++) {
        size_t el = strlen(ru_endings[i]);
        /* keep at least 3 Cyrillic letters (6 bytes) of stem */
        if (len >= el + 6 && !memcmp(w + len - el, ru_endings[i], el)) return len - el;
    }
    return len;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

size_t braid_name_key_ascii(const char *w, size_t len, char *out, size_t cap)
{
    char tmp[128];
    size_t n = 0;
    /* letters only, lower case, with 'x' expanded to "ks" */
    for (size_t i = 0; i < len && n + 2 < sizeof tmp; i++) {
        char c = w[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c < 'a' || c > 'z') continue;
        if (c == 'x') {
            tmp[n++] = 'k';
            tmp[n++] = 's';
        } else {
            tmp[n++] = c;
        }
    }
    char k[128];
    size_t m = 0;
    int consonants = 0;
    for (size_t i = 0; i < n && m + 1 < sizeof k;) {
        const char *p = tmp + i;
        size_t rest = n - i;
        char c;
        size_t adv = 1;
        if (rest >= 4 && !memcmp(p, "shch", 4)) { c = 's'; adv = 4; }
        else if (rest >= 3 && !memcmp(p, "sch", 3)) { c = 's'; adv = 3; }
        else if (rest >= 3 && !memcmp(p, "dzh", 3)) { c = 'j'; adv = 3; }
        else if (rest >= 2 && !memcmp(p, "sh", 2)) { c = 's'; adv = 2; }
        else if (rest >= 2 && !memcmp(p, "zh", 2)) { c = 'j'; adv = 2; }
        else if (rest >= 2 && !memcmp(p, "dj", 2)) { c = 'j'; adv = 2; }
        else if (rest >= 2 && !memcmp(p, "kh", 2)) { c = 'h'; adv = 2; }
        else if (rest >= 2 && !memcmp(p, "ch", 2)) { c = 'k'; adv = 2; }
        else if (rest >= 2 && !memcmp(p, "ck", 2)) { c = 'k'; adv = 2; }
        else if (rest >= 2 && !memcmp(p, "ph", 2)) { c = 'f'; adv = 2; }
        else if (rest >= 2 && !memcmp(p, "th", 2)) { c = 't'; adv = 2; }
        else if (rest >= 2 && !memcmp(p, "gh", 2)) { c = 'g'; adv = 2; }
        else if (rest >= 2 && (!memcmp(p, "ts", 2) || !memcmp(p, "tz", 2))) { c = 's'; adv = 2; }
        /* a word-initial y before a vowel is the consonant j: Russian
         * spells the German/Scandinavian J with Й (Йенс = Jens), and BGN
         * writes Й, Ю, Я, Е at the start as Y (Юрий = Yuri, Ярослав) */
        else if (i == 0 && rest >= 2 && p[0] == 'y' && is_vowel(p[1])) c = 'j';
        else {
            c = *p;
            if (c == 'c' || c == 'q') c = 'k';
            else if (c == 'z') c = 's';
            else if (c == 'w') c = 'v';
        }
        i += adv;
        if (is_vowel(c)) {
            if (m == 0) k[m++] = 'a'; /* a leading vowel, whatever it is */
            continue;
        }
        if (m > 0 && k[m - 1] == c) continue; /* doubled letters */
        k[m++] = c;
        consonants++;
    }
    if (consonants < 2 || m + 1 > cap) {
        if (cap) out[0] = '\0';
        return 0;
    }
    memcpy(out, k, m);
    out[m] = '\0';
    return m;
}

size_t braid_translit_name_key(braid_translit *t, const char *w, size_t len, char *out,
                               size_t cap)
{
    if (!cap) return 0;
    out[0] = '\0';
    uint64_t h = u64map_key(XXH3_64bits(w, len));
    uint64_t *v = u64map_get(&t->cache, h);
    if (v) {
        size_t off = (size_t)(*v & 0xFFFFFFFFu), kl = (size_t)(*v >> 32);
        if (kl + 1 > cap) return 0;
        memcpy(out, t->keys.data + off, kl);
        out[kl] = '\0';
        return kl;
    }
    if (t->cache.n >= KEY_CACHE_MAX || t->keys.len >= KEY_CACHE_BYTES) {
        /* bounded: a long-running server meets an endless stream of names */
        u64map_clear(&t->cache);
        buf_clear(&t->keys);
    }
    buf lat = BUF_INIT;
    size_t kl = 0;
    char key[128];
    if (braid_translit_latin(t, w, strip_ending(w, len), &lat) == 0)
        kl = braid_name_key_ascii(lat.data ? lat.data : "", lat.len, key, sizeof key);
    buf_free(&lat);
    size_t off = t->keys.len;
    buf_append(&t->keys, key, kl);
    uint64_t *slot = t->keys.oom ? NULL : u64map_put(&t->cache, h);
    if (slot) *slot = ((uint64_t)kl << 32) | off;
    if (kl + 1 > cap) return 0;
    memcpy(out, key, kl);
    out[kl] = '\0';
    return kl;
}
