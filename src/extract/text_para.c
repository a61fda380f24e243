/*
 * text_para.c — paragraph-level cleaning of plain text.
 *
 * Line rules cannot see boilerplate glued into a paragraph, which is how
 * many feeds deliver it (the whole article on one line):
 *   "…сказал Кудрин. Источник: РГ"   "…Фото: ФедералПресс / Андрей Гусий"
 *   "…в регионе. Подписывайтесь на наш канал в Telegram."
 * So each paragraph is cut into sentences (a terminator, spaces, then
 * something that is not lower case), and
 *   - a sentence holding a promo phrase is dropped (when it is short);
 *   - a credit/source/"read also" sentence near the end of the paragraph
 *     (at most TRAILER_MAX characters from it to the end) is cut off with
 *     everything after it.
 * Then duplicated teasers go: a paragraph whose words equal an earlier
 * paragraph, the title, or a headline dropped from a related block; and a
 * short paragraph ending in "…" whose words are the start of one of those
 * (a truncated teaser).  Words are compared as case-folded letter/digit
 * runs hashed with FNV-1a, in open-addressing sets, so this is linear.
 */
#include "extract/text_internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define PROMO_SENTENCE_MAX 300  /* characters                            */
#define TRAILER_MAX 200         /* characters from marker to the end     */
#define TEASER_MAX 400          /* characters in a truncated teaser      */
#define PREFIX_WORDS 40         /* prefix hashes kept per item           */
#define PREFIX_ITEMS 64         /* paragraphs whose prefixes are kept    */

/* ---- word hashes ---------------------------------------------------- */

#define FNV_OFF 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

/* Hash the case-folded words of s; when `pre` is given, pre[k-1] gets the
 * hash of the first k words (k ≤ PREFIX_WORDS). */
static uint64_t word_hash(const char *s, size_t len, size_t *nwords, uint64_t *pre)
{
    uint64_t h = FNV_OFF;
    size_t words = 0, i = 0;
    int in = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) { i++; continue; }
        i += (size_t)n;
        utf8proc_category_t c = utf8proc_category(cp);
        int alnum = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
                    (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
        if (alnum) {
            if (!in && words > 0) { h ^= 0x1F; h *= FNV_PRIME; }
            in = 1;
            if (cp == 0x0451 || cp == 0x0401) cp = 0x0435;
            utf8proc_uint8_t b[4];
            utf8proc_ssize_t bl = utf8proc_encode_char(utf8proc_tolower(cp), b);
            for (utf8proc_ssize_t j = 0; j < bl; j++) { h ^= b[j]; h *= FNV_PRIME; }
        } else if (in) {
            in = 0;
            words++;
            if (pre && words <= PREFIX_WORDS) pre[words - 1] = h;
        }
    }
    if (in) {
        words++;
        if (pre && words <= PREFIX_WORDS) pre[words - 1] = h;
    }
    if (nwords) *nwords = words;
    return h;
}

uint64_t braid_text_hash(const char *s, size_t len, size_t *nwords)
{
    return word_hash(s, len, nwords, NULL);
}

int braid_text_heads_add(text_heads *t, uint64_t h)
{
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 16;
        uint64_t *nh = realloc(t->h, nc * sizeof *nh);
        if (!nh) return -1;
        t->h = nh;
        t->cap = nc;
    }
    t->h[t->n++] = h;
    return 0;
}

/* ---- a hash set ----------------------------------------------------- */

typedef struct hset {
    uint64_t *v; /* 0 = empty; values are forced non-zero */
    size_t mask;
} hset;

static int hset_init(hset *s, size_t want)
{
    size_t cap = 16;
    while (cap < want * 2 + 1) cap *= 2;
    s->v = calloc(cap, sizeof *s->v);
    s->mask = cap - 1;
    return s->v ? 0 : -1;
}

static int hset_has_add(hset *s, uint64_t h, int add)
{
    if (!h) h = 1;
    size_t i = (size_t)(h ^ (h >> 29)) & s->mask;
    while (s->v[i]) {
        if (s->v[i] == h) return 1;
        i = (i + 1) & s->mask;
    }
    if (add) s->v[i] = h;
    return 0;
}

static uint64_t pkey(uint64_t h, size_t k)
{
    return h ^ ((uint64_t)k * 0x9E3779B97F4A7C15ULL);
}

/* ---- sentences ------------------------------------------------------ */

static int is_space_at(const char *s, size_t len, size_t i, size_t *k)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t') { *k = 1; return 1; }
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) { *k = 2; return 1; }
    return 0;
}

/* End of the sentence starting at `a` (exclusive), or len. */
static size_t sentence_end(const char *s, size_t len, size_t a)
{
    for (size_t i = a; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t after;
        if (c == '.' || c == '!' || c == '?') after = i + 1;
        else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                 (unsigned char)s[i + 2] == 0xA6) after = i + 3;
        else continue;
        /* closing quotes and brackets */
        for (;;) {
            if (after < len && strchr("\"')]", s[after])) { after++; continue; }
            if (after + 1 < len && (unsigned char)s[after] == 0xC2 &&
                (unsigned char)s[after + 1] == 0xBB) { after += 2; continue; }
            if (after + 2 < len && (unsigned char)s[after] == 0xE2 &&
                (unsigned char)s[after + 1] == 0x80 &&
                ((unsigned char)s[after + 2] == 0x9D || (unsigned char)s[after + 2] == 0x99)) {
                after += 3;
                continue;
            }
            break;
        }
        size_t k, j = after;
        int sp = 0;
        while (j < len && is_space_at(s, len, j, &k)) { j += k; sp = 1; }
        if (!sp || j >= len) continue;
        utf8proc_int32_t cp;
        if (utf8proc_iterate((const utf8proc_uint8_t *)s + j, (utf8proc_ssize_t)(len - j), &cp) <= 0)
            continue;
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LL) continue;
        return after;
    }
    return len;
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
    size_t k;
    while (i < len && is_space_at(s, len, i, &k)) i += k;
    return i;
}

/* Clean one paragraph p[0..len) into `o`. */
static void clean_para(const char *p, size_t len, buf *o)
{
    size_t start = o->len;
    size_t a = skip_space(p, len, 0);
    size_t total = braid_text_nchars(p, len);
    size_t seen = 0;  /* characters before sentence a */
    char key[TEXT_KEY_MAX];
    while (a < len) {
        size_t e = sentence_end(p, len, a);
        size_t nch = braid_text_nchars(p + a, e - a);
        size_t kl = braid_text_fold(p + a, e - a < 400 ? e - a : 400, key, sizeof key);
        size_t rest = total - seen;  /* from this sentence to the end */
        int drop = 0;
        if (rest <= TRAILER_MAX && a > 0 &&
            (braid_text_trailer_marker(key, kl) || braid_text_relitem_marker(key, kl)))
            break;
        if (nch <= PROMO_SENTENCE_MAX && braid_text_is_promo(key, kl)) drop = 1;
        if (!drop) {
            if (o->len > start) buf_putc(o, ' ');
            buf_append(o, p + a, e - a);
        }
        seen += braid_text_nchars(p + a, skip_space(p, len, e) - a);
        a = skip_space(p, len, e);
    }
    while (o->len > start && (o->data[o->len - 1] == ' ')) o->len--;
    if (o->data) o->data[o->len] = '\0';
}

static int ends_ellipsis(const char *s, size_t len)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == ']' || s[len - 1] == ')')) len--;
    if (len >= 3 && memcmp(s + len - 3, "...", 3) == 0) return 1;
    if (len >= 3 && memcmp(s + len - 3, "\xE2\x80\xA6", 3) == 0) return 1;
    return 0;
}

int braid_text_paras_clean(const char *in, const text_paras *paras, const char *title,
                           const text_heads *heads, buf *out)
{
    hset full = {0}, pref = {0};
    buf tmp = BUF_INIT;
    int rc = -1;
    size_t nitems = paras->n + heads->n + 1;
    if (hset_init(&full, nitems)) goto done;
    if (hset_init(&pref, (PREFIX_ITEMS + heads->n + 1) * PREFIX_WORDS)) goto done;

    uint64_t pre[PREFIX_WORDS];
    size_t nw;
    if (title) {
        uint64_t h = word_hash(title, strlen(title), &nw, pre);
        if (nw) hset_has_add(&full, h, 1);
        for (size_t k = 4; k <= nw && k <= PREFIX_WORDS; k++) hset_has_add(&pref, pkey(pre[k - 1], k), 1);
    }
    for (size_t i = 0; i < heads->n; i++) hset_has_add(&full, heads->h[i], 1);

    size_t kept = 0, start = 0;
    for (size_t i = 0; i < paras->n; i++) {
        size_t end = paras->end[i];
        buf_clear(&tmp);
        clean_para(in + start, end - start, &tmp);
        start = end;
        if (tmp.oom) goto done;
        if (tmp.len == 0) continue;
        uint64_t h = word_hash(tmp.data, tmp.len, &nw, pre);
        if (nw == 0) continue;
        if (hset_has_add(&full, h, 0)) continue;             /* a repeat */
        if (nw >= 5 && nw - 1 <= PREFIX_WORDS && ends_ellipsis(tmp.data, tmp.len) &&
            braid_text_nchars(tmp.data, tmp.len) <= TEASER_MAX &&
            hset_has_add(&pref, pkey(pre[nw - 2], nw - 1), 0))
            continue;                                        /* a truncated teaser */
        hset_has_add(&full, h, 1);
        if (kept < PREFIX_ITEMS)
            for (size_t k = 4; k <= nw && k <= PREFIX_WORDS; k++)
                hset_has_add(&pref, pkey(pre[k - 1], k), 1);
        if (kept++) buf_append(out, "\n\n", 2);
        buf_append(out, tmp.data, tmp.len);
    }
    rc = out->oom ? -1 : 0;
done:
    free(full.v);
    free(pref.v);
    buf_free(&tmp);
    return rc;
}
