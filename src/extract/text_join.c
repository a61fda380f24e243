/*
 * text_join.c — re-join hard-wrapped lines into paragraphs.
 *
 * Feeds deliver text either one paragraph per line or hard-wrapped at a
 * fixed width (mail, teletype, old CMS exports).  We first estimate the
 * wrap width from the document itself (the 90th percentile of text line
 * lengths, kept in a small histogram so it stays linear), and call the
 * document wrapped when that width is modest (≤ 160 characters) and a
 * good share of lines end mid-sentence.  Then, between two consecutive
 * kept lines (a, b):
 *
 *   - a blank or dropped line in between always ends the paragraph;
 *   - b continues a URL broken at the wrap (flagged earlier): glue;
 *   - a ends in a word hyphen and b starts with a lower-case letter:
 *     glue, removing the hyphen unless the word is a real compound
 *     (see keep_hyphen below);
 *   - b starts with a lower-case letter or continuing punctuation: join;
 *   - a ends a sentence and b starts a new one: in wrapped text this is a
 *     paragraph break only when a is visibly short of the wrap width (the
 *     last line of a paragraph); in unwrapped text always;
 *   - a does not end a sentence and b starts with a capital: in wrapped
 *     text join when a is long (it was wrapped before a name), break when
 *     a is short (a heading); in unwrapped text break unless a ends with
 *     ',' ';' or a conjunction-like dash.
 */
#include "extract/text_internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define WRAP_HIST 256

size_t braid_text_wrap_width(const char *s, const text_line *v, size_t n)
{
    size_t hist[WRAP_HIST] = {0};
    size_t total = 0, internal = 0, midsentence = 0;
    (void)s;
    for (size_t i = 0; i < n; i++) {
        if (v[i].drop || v[i].kind != TK_TEXT) continue;
        size_t c = v[i].nchars < WRAP_HIST ? v[i].nchars : WRAP_HIST - 1;
        hist[c]++;
        total++;
        if (i + 1 < n && !v[i + 1].drop && v[i + 1].kind == TK_TEXT) {
            internal++;
            const char *e = s + v[i].off + v[i].len - 1;
            if (!strchr(".!?\"')]", *e) && (unsigned char)*e < 0x80) midsentence++;
            else if ((unsigned char)*e >= 0x80 && (unsigned char)*e != 0xBB &&
                     (unsigned char)*e != 0xA6 && (unsigned char)*e != 0x9D)
                midsentence++;
        }
    }
    if (total < 3 || internal < 2) return 0;
    size_t want = total - total / 10, acc = 0, w = 0;
    for (size_t c = 0; c < WRAP_HIST; c++) {
        acc += hist[c];
        if (acc >= want) { w = c; break; }
    }
    if (w < 30 || w > 160) return 0;
    if (midsentence * 10 < internal * 3) return 0;
    return w;
}

/* ---- character helpers ---------------------------------------------- */

static utf8proc_int32_t first_cp(const char *s, size_t len)
{
    utf8proc_int32_t cp = -1;
    if (len) utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
    return cp;
}

/* The code point ending at s[len-1]. */
static utf8proc_int32_t last_cp(const char *s, size_t len, size_t *cplen)
{
    size_t i = len;
    while (i > 0 && len - i < 4) {
        i--;
        if (((unsigned char)s[i] & 0xC0) != 0x80) break;
    }
    utf8proc_int32_t cp = -1;
    if (len) utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (cplen) *cplen = len - i;
    return cp;
}

static int is_lower(utf8proc_int32_t cp)
{
    return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int is_letter(utf8proc_int32_t cp)
{
    if (cp < 0) return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int ends_sentence(const char *s, size_t len)
{
    for (;;) {
        size_t cl;
        utf8proc_int32_t cp = last_cp(s, len, &cl);
        if (cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0xBB ||
            cp == 0x201D || cp == 0x2019) {
            len -= cl;
            continue;
        }
        return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
    }
}

static int starts_new(const char *s, size_t len)
{
    utf8proc_int32_t cp = first_cp(s, len);
    if (cp < 0) return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_ND ||
           cp == '"' || cp == 0xAB || cp == 0x201C || cp == 0x201E || cp == '(' ||
           cp == 0x2014 || cp == 0x2013 || cp == '-' || cp == 0x2022 || cp == '*';
}

static int starts_continuation(const char *s, size_t len)
{
    utf8proc_int32_t cp = first_cp(s, len);
    return is_lower(cp) || cp == ',' || cp == ';' || cp == ')' || cp == ':' || cp == '%';
}

/* ---- hyphenation ---------------------------------------------------- */

/* Left parts that make real compounds ("well-", "self-", "вице-") and
 * right parts that are Russian particles ("-то", "-либо"). */
static const char *const compound_heads[] = {
    "well", "self", "so", "ex", "non", "anti", "long", "short", "high", "low",
    "full", "half", "all", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "twenty", "thirty", "forty", "fifty",
    "e", "x", "t", "cross", "multi", "semi", "vice", "right", "left", "first",
    "second", "third", "old", "much", "year", "day", "wide", "far",
    "кое", "вице", "экс", "пресс", "северо", "юго", "военно", "научно",
    "социально", "торгово", "премьер", "генерал", "обер", "контр", "штаб",
    "лейб", "интернет", "онлайн", "бизнес", "медиа", "веб", "супер", "гипер",
    "блиц", "вип", "кибер", "восточно", "западно", "финансово", "историко",
    "культурно", "общественно", "политико", "экономико",
    NULL
};
static const char *const particles[] = {
    "то", "либо", "нибудь", "ка", "таки", "де", "тка", "за", "под", NULL
};

static int word_in(const char *w, size_t wl, const char *const *list)
{
    char key[64];
    size_t kl = braid_text_fold(w, wl, key, sizeof key);
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == kl && memcmp(list[i], key, kl) == 0) return 1;
    return 0;
}

/* (The heads leave out short pieces that are also common syllable
 * breaks: "pre-" of "pre-vious", "по-" of "по-нятно", "из-" of
 * "из-вестно"; "из-за" is caught by its particle "за" instead.)
 *
 * The rule: a hyphen at the end of a wrapped line is a typesetter's
 * break ("informa-\ntion" → "information") unless the piece before it
 * or after it marks a real compound:
 *   - either piece has a digit or a capital after the first letter
 *     ("COVID-19", "Ростов-на-Дону", "18-year-old");
 *   - the piece before is one of the compound heads above ("well-known",
 *     "self-driving", "вице-премьер", "северо-запад") or the piece after
 *     is a Russian particle ("кто-то", "какой-нибудь");
 *   - the line already contains a hyphen inside the same word
 *     ("state-of-the-\nart").
 * Everything else loses the hyphen.  Without a dictionary this cannot be
 * exact; the list covers the common productive compound heads, and the
 * cost of a miss is one fused or one split token. */
static int keep_hyphen(const char *left, size_t ll, const char *right, size_t rl)
{
    int mid_hyphen = 0;
    for (size_t i = 0; i < ll; i++) {
        unsigned char c = (unsigned char)left[i];
        if (c >= '0' && c <= '9') return 1;
        if (c == '-') mid_hyphen = 1;
    }
    for (size_t i = 0; i < rl; i++) {
        unsigned char c = (unsigned char)right[i];
        if (c >= '0' && c <= '9') return 1;
    }
    if (mid_hyphen) return 1;
    /* upper case after the first letter: an acronym */
    {
        size_t i = 0;
        int first = 1;
        while (i < ll) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)left + i,
                                                  (utf8proc_ssize_t)(ll - i), &cp);
            if (n <= 0) break;
            if (!first && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU) return 1;
            first = 0;
            i += (size_t)n;
        }
    }
    if (word_in(left, ll, compound_heads)) return 1;
    if (word_in(right, rl, particles)) return 1;
    return 0;
}

/* If line a ends with "<word>-" (a hyphen right after a letter), set the
 * word's start and return the byte length of the hyphen, else 0. */
static size_t trailing_hyphen(const char *s, size_t len, size_t *word_start)
{
    size_t hl;
    utf8proc_int32_t cp = last_cp(s, len, &hl);
    if (cp != '-' && cp != 0x2010 && cp != 0xAD) return 0;
    size_t cl;
    utf8proc_int32_t prev = last_cp(s, len - hl, &cl);
    if (!is_letter(prev) && !(prev >= '0' && prev <= '9')) return 0;
    size_t i = len - hl;
    while (i > 0) {
        size_t l2;
        utf8proc_int32_t c = last_cp(s, i, &l2);
        if (!(is_letter(c) || (c >= '0' && c <= '9') || c == '-')) break;
        i -= l2;
    }
    *word_start = i;
    return hl;
}

/* ---- joining -------------------------------------------------------- */

static int push_para(text_paras *p, size_t end)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 32;
        size_t *ne = realloc(p->end, nc * sizeof *ne);
        if (!ne) return -1;
        p->end = ne;
        p->cap = nc;
    }
    p->end[p->n++] = end;
    return 0;
}

static int is_break(const char *a, size_t al, size_t anch, const char *b, size_t bl, size_t wrap)
{
    if (starts_continuation(b, bl)) return 0;
    int term = ends_sentence(a, al);
    int fresh = starts_new(b, bl);
    if (wrap) {
        if (term && fresh) return anch * 10 < wrap * 8;
        if (fresh) return anch * 2 < wrap;
        return 0;
    }
    if (term) return 1;
    if (fresh) {
        size_t cl;
        utf8proc_int32_t cp = last_cp(a, al, &cl);
        return !(cp == ',' || cp == ';' || cp == 0x2014 || cp == 0x2013);
    }
    /* b starts with something neither lower nor upper (a symbol): keep
     * lines apart unless a is clearly mid-sentence */
    return term;
}

int braid_text_join(const char *s, const text_line *v, size_t n, size_t wrap,
                    buf *out, text_paras *paras)
{
    int open = 0;      /* a paragraph is being written        */
    size_t prev = 0;   /* index of the previous kept line     */
    for (size_t i = 0; i < n; i++) {
        const text_line *l = &v[i];
        if (l->drop || l->kind == TK_BLANK) {
            if (open) {
                if (push_para(paras, out->len)) return -1;
                open = 0;
            }
            continue;
        }
        const char *b = s + l->off;
        if (open) {
            const text_line *pl = &v[prev];
            const char *a = s + pl->off;
            size_t ws;
            size_t hl;
            utf8proc_int32_t bc = first_cp(b, l->len);
            if (l->glue) {
                /* URL continuation: nothing in between */
            } else if (is_lower(bc) && (hl = trailing_hyphen(a, pl->len, &ws)) > 0) {
                size_t rl = 0;
                while (rl < l->len) {
                    utf8proc_int32_t cp;
                    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)b + rl,
                                                          (utf8proc_ssize_t)(l->len - rl), &cp);
                    if (k <= 0 || !is_letter(cp)) break;
                    rl += (size_t)k;
                }
                size_t wl = pl->len - hl - ws;
                int soft = hl == 2 && (unsigned char)a[pl->len - 2] == 0xC2;
                if (soft || !keep_hyphen(a + ws, wl, b, rl)) {
                    /* drop the hyphen already written */
                    out->len -= hl;
                    out->data[out->len] = '\0';
                }
            } else if (is_break(a, pl->len, pl->nchars, b, l->len, wrap)) {
                if (push_para(paras, out->len)) return -1;
                open = 0;
            } else {
                buf_putc(out, ' ');
            }
        }
        buf_append(out, b, l->len);
        open = 1;
        prev = i;
    }
    if (open && push_para(paras, out->len)) return -1;
    return out->oom ? -1 : 0;
}
