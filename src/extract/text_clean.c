/*
 * text_clean.c — braid_extract_text(): plain text as feeds deliver it,
 * cleaned to the article's own paragraphs.
 *
 * The work is split by concept (see text_internal.h): text_lines.c gives
 * every line a kind, this file applies the rules that need context —
 * which line is the title, where a reader-comment section starts, which
 * lines belong to a related-headlines block — then text_join.c re-joins
 * wrapped lines and text_para.c cleans paragraphs and drops teasers.
 *
 * Context rules, and why they are shaped this way:
 *   - Comment sections sit at the end of a page; once one starts,
 *     everything after it is comments or page furniture.  A section starts
 *     at a "Comments" header followed within a few lines by a comment
 *     marker (presence "Online", "Reply", "name + timestamp"), or at two
 *     markers close together of which one is a Reply/presence marker or
 *     both are name+timestamp heads with a comment between them.  It
 *     never starts before the first prose line, so a byline with a date
 *     at the top cannot swallow an article.
 *   - A related block starts at a header ("Related articles", "Читайте
 *     также", "Новости") seen after the article began, and takes the
 *     headline-like lines after it (short, no final period, or ending in
 *     "…", dated headlines, URLs) plus one teaser line under a headline;
 *     the first prose paragraph ends it.  Two or more consecutive dated
 *     headlines are a list of other stories even without a header.
 *   - Lines dropped anywhere else are the single-line kinds (credits,
 *     sources, promo, bare URLs, dates, bylines, reply widgets, share
 *     buttons).
 *   - A dateline in the header area gives doc->published when the
 *     document has none (plain text has no other metadata).
 * docs/TEXT.md describes every rule with its limits and measurements.
 */
#include "extract/extract.h"
#include "extract/text_internal.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define TITLE_MIN_CHARS 8
#define TITLE_MAX_CHARS 200
#define COMMENT_WINDOW 8       /* non-blank lines to look ahead            */
#define HEADER_WINDOW 12
#define RELATED_HEAD_MAX 160   /* characters in a related headline          */
#define RELATED_TEASER_MAX 300
#define PROSE_MIN 60           /* a line this long (or a sentence) is prose */

static int line_ends_sentence(const char *s, size_t len)
{
    while (len) {
        unsigned char c = (unsigned char)s[len - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']') { len--; continue; }
        if (len >= 2 && c == 0xBB && (unsigned char)s[len - 2] == 0xC2) { len -= 2; continue; }
        if (len >= 3 && (c == 0x9D || c == 0x99) && (unsigned char)s[len - 2] == 0x80 &&
            (unsigned char)s[len - 3] == 0xE2) { len -= 3; continue; }
        break;
    }
    if (!len) return 0;
    char c = s[len - 1];
    return c == '.' || c == '!' || c == '?';
}

static int line_ends_ellipsis(const char *s, size_t len)
{
    return (len >= 3 && memcmp(s + len - 3, "...", 3) == 0) ||
           (len >= 3 && memcmp(s + len - 3, "\xE2\x80\xA6", 3) == 0);
}

static int starts_lower(const char *s, size_t len)
{
    utf8proc_int32_t cp = -1;
    if (len) utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
    return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int is_marker(int kind)
{
    return kind == TK_PRESENCE || kind == TK_REPLY || kind == TK_META;
}

static int is_prose(const char *s, const text_line *l)
{
    return l->kind == TK_TEXT &&
           (l->nchars >= PROSE_MIN || (l->nchars >= 25 && line_ends_sentence(s + l->off, l->len)));
}

/* Index of the first line of a comment section, or n. */
static size_t find_comments(const char *s, const text_line *v, size_t n)
{
    int prose = 0;
    for (size_t i = 0; i < n; i++) {
        int k = v[i].kind;
        if (!prose) {
            prose = is_prose(s, &v[i]);
            if (k != TK_COMMENTS) continue;
        }
        if (k == TK_COMMENTS) {
            size_t seen = 0;
            for (size_t j = i + 1; j < n && seen < HEADER_WINDOW; j++) {
                if (v[j].kind == TK_BLANK) continue;
                seen++;
                if (is_marker(v[j].kind) || v[j].kind == TK_DATE) {
                    if (prose) return i;
                    break;
                }
            }
            continue;
        }
        if (!is_marker(k)) continue;
        size_t seen = 0, between = 0;
        for (size_t j = i + 1; j < n && seen < COMMENT_WINDOW; j++) {
            int kj = v[j].kind;
            if (kj == TK_BLANK) continue;
            seen++;
            if (kj == TK_TEXT) between++;
            int strong = k == TK_REPLY || k == TK_PRESENCE || kj == TK_REPLY || kj == TK_PRESENCE;
            int heads = k == TK_META && kj == TK_META && between > 0;
            if ((is_marker(kj) || kj == TK_DATE) && (strong || heads)) {
                /* back up over a user name / reply number just above */
                size_t start = i, back = 0;
                while (start > 0 && back < 2) {
                    size_t p = start - 1;
                    if (v[p].kind == TK_BLANK) break;
                    if (!(v[p].kind == TK_COUNT ||
                          (v[p].kind == TK_TEXT && v[p].nchars <= 40 &&
                           !line_ends_sentence(s + v[p].off, v[p].len))))
                        break;
                    start = p;
                    back++;
                }
                return start;
            }
        }
    }
    return n;
}

/* Does line i end with a URL (its last space-separated token)? */
static int ends_with_url(const char *s, const text_line *l)
{
    size_t e = l->off + l->len, a = e;
    while (a > l->off && s[a - 1] != ' ' && s[a - 1] != '\t') a--;
    return braid_text_is_url(s + a, e - a);
}

static void glue_urls(const char *s, text_line *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        text_line *p = &v[i - 1], *l = &v[i];
        if (p->kind == TK_BLANK || l->kind == TK_BLANK) continue;
        if (p->nchars < 40) continue;
        if (!braid_text_is_url_tail(s + l->off, l->len)) continue;
        if (!(p->kind == TK_URL || ends_with_url(s, p))) continue;
        /* a short all-letter tail ("html") only after a full-width line */
        int mark = 0;
        for (size_t j = 0; j < l->len; j++)
            if (strchr("/?=&%#_.", s[l->off + j])) mark = 1;
        if (!mark && p->nchars < 60) continue;
        if (p->kind == TK_URL) l->kind = TK_URL;
        else l->glue = 1;
    }
}

static int drop_by_kind(int kind)
{
    switch (kind) {
    case TK_URL: case TK_CREDIT: case TK_SOURCE: case TK_PROMO: case TK_RELATED:
    case TK_COMMENTS: case TK_REPLY: case TK_COUNT: case TK_UI: case TK_DATE:
    case TK_META: case TK_RELITEM: case TK_BYLINE:
        return 1;
    default:
        return 0;
    }
}

static int add_head(text_heads *heads, const char *s, const text_line *l)
{
    size_t nw;
    uint64_t h = braid_text_hash(s + l->off, l->len, &nw);
    return nw ? braid_text_heads_add(heads, h) : 0;
}

static int is_headline_line(const char *s, const text_line *l)
{
    if (l->kind == TK_DATED) return 1;
    if (l->kind != TK_TEXT) return 0;
    const char *p = s + l->off;
    if (l->nchars <= RELATED_HEAD_MAX && !line_ends_sentence(p, l->len)) return 1;
    return l->nchars <= RELATED_HEAD_MAX + 90 && line_ends_ellipsis(p, l->len);
}

/* Related blocks and dated-headline lists; fills `heads`. */
static int mark_related(const char *s, text_line *v, size_t n, text_heads *heads)
{
    int prose = 0, in_rel = 0, last_head = 0, blank = 0;
    for (size_t i = 0; i < n; i++) {
        text_line *l = &v[i];
        if (l->drop && l->kind != TK_RELATED) continue;
        if (l->kind == TK_RELATED) {
            l->drop = 1;
            if (prose) { in_rel = 1; last_head = 0; blank = 0; }
            continue;
        }
        if (in_rel) {
            if (l->kind == TK_BLANK) { blank = 1; continue; }
            if (drop_by_kind(l->kind)) { l->drop = 1; continue; }
            if (is_headline_line(s, l)) {
                l->drop = 1;
                if (add_head(heads, s, l)) return -1;
                last_head = 1;
                blank = 0;
                continue;
            }
            if (last_head && !blank && l->nchars <= RELATED_TEASER_MAX) {
                l->drop = 1;
                if (add_head(heads, s, l)) return -1;
                last_head = 0;
                continue;
            }
            in_rel = 0;
        }
        if (l->kind == TK_DATED) {
            size_t j = i, count = 0;
            while (j < n && (v[j].kind == TK_DATED || v[j].kind == TK_BLANK)) {
                count += v[j].kind == TK_DATED;
                j++;
            }
            if (count >= 2) {
                for (size_t m = i; m < j; m++)
                    if (v[m].kind == TK_DATED) {
                        v[m].drop = 1;
                        if (add_head(heads, s, &v[m])) return -1;
                    }
                i = j - 1;
                continue;
            }
        }
        if (!l->drop && is_prose(s, l)) prose = 1;
    }
    return 0;
}

/* Does line l read like a headline? */
static int headline_like(const char *s, const text_line *l)
{
    if (l->kind != TK_TEXT && l->kind != TK_DATED) return 0;
    if (l->nchars < TITLE_MIN_CHARS || l->nchars > TITLE_MAX_CHARS) return 0;
    const char *p = s + l->off;
    if (line_ends_sentence(p, l->len) && p[l->len - 1] == '.') return 0;
    if (line_ends_ellipsis(p, l->len)) return 0;
    char c = p[l->len - 1];
    if (c == ',' || c == ':' || c == ';' || c == '-') return 0;
    if (starts_lower(p, l->len)) return 0;
    size_t nw;
    braid_text_hash(p, l->len, &nw);
    return nw >= 2 && nw <= 30;
}

static size_t first_kept(const text_line *v, size_t n, size_t from)
{
    for (size_t i = from; i < n; i++)
        if (!v[i].drop && v[i].kind != TK_BLANK) return i;
    return n;
}

static braid_status pick_title(const char *s, text_line *v, size_t n, size_t wrap,
                               braid_doc *doc)
{
    size_t t = first_kept(v, n, 0);
    if (t == n) return BRAID_OK;
    if (doc->title && *doc->title) {
        size_t nw1, nw2;
        uint64_t a = braid_text_hash(doc->title, strlen(doc->title), &nw1);
        uint64_t b = braid_text_hash(s + v[t].off, v[t].len, &nw2);
        if (nw1 && a == b) v[t].drop = 1;
        return BRAID_OK;
    }
    if (!headline_like(s, &v[t])) return BRAID_OK;
    /* the next line must not continue it */
    if (t + 1 < n && v[t + 1].kind != TK_BLANK && !v[t + 1].drop &&
        starts_lower(s + v[t + 1].off, v[t + 1].len))
        return BRAID_OK;
    /* in hard-wrapped text a full-width line running straight into the
     * next one is the start of a paragraph, not a headline */
    if (wrap && v[t].nchars * 10 >= wrap * 8 && t + 1 < n && v[t + 1].kind != TK_BLANK &&
        !v[t + 1].drop)
        return BRAID_OK;
    /* and something must remain as text */
    if (first_kept(v, n, t + 1) == n) return BRAID_OK;
    if (braid_doc_set(&doc->title, s + v[t].off, v[t].len)) return BRAID_ENOMEM;
    v[t].drop = 1;
    return BRAID_OK;
}

/* A dateline above the article ("13.03.2024 23:40", "By X | 15 March
 * 2024 07:20") gives the publication time when the document has none:
 * plain text carries no other metadata.  Only the header area — lines
 * before the first article sentence — is read. */
static void pick_published(const char *s, const text_line *v, size_t n, braid_doc *doc)
{
    if (doc->published) return;
    for (size_t i = 0; i < n && i < 12; i++) {
        /* article sentences end the header area (a headline does not) */
        if (v[i].kind == TK_TEXT &&
            (v[i].nchars >= 200 || (v[i].nchars >= 25 && line_ends_sentence(s + v[i].off, v[i].len))))
            return;
        int k = v[i].kind;
        if (k != TK_DATE && k != TK_BYLINE && k != TK_META && k != TK_DATED) continue;
        char iso[64];
        if (braid_text_read_date(s + v[i].off, v[i].len, iso) == 0 &&
            braid_doc_set_published(doc, iso, strlen(iso)) == 0)
            return;
    }
}

braid_status braid_extract_text(const char *text, size_t len, const braid_config *cfg,
                                braid_doc *doc, braid_error *err)
{
    (void)cfg;
    text_lines L = {0};
    text_heads heads = {0};
    text_paras paras = {0};
    buf joined = BUF_INIT, out = BUF_INIT;
    braid_status st = BRAID_ENOMEM;
    const char *name = doc && doc->path ? doc->path : "text";

    if (!doc || (!text && len)) return braid_err_set(err, BRAID_EINVAL, "%s: no document", name);
    if (!text) text = "";
    if (braid_text_split(text, len, &L)) goto oom;

    for (size_t i = 0; i < L.n; i++) {
        text_line *l = &L.v[i];
        l->kind = (unsigned char)braid_text_classify(text + l->off, l->len, l->nchars);
    }
    glue_urls(text, L.v, L.n);
    for (size_t i = 0; i < L.n; i++) L.v[i].drop = (unsigned char)drop_by_kind(L.v[i].kind);

    size_t c = find_comments(text, L.v, L.n);
    for (size_t i = c; i < L.n; i++) L.v[i].drop = 1;
    if (mark_related(text, L.v, L.n, &heads)) goto oom;
    pick_published(text, L.v, L.n, doc);
    size_t wrap = braid_text_wrap_width(text, L.v, L.n);
    st = pick_title(text, L.v, L.n, wrap, doc);
    if (st != BRAID_OK) goto oom;
    st = BRAID_ENOMEM;

    if (braid_text_join(text, L.v, L.n, wrap, &joined, &paras)) goto oom;
    if (braid_text_paras_clean(joined.data ? joined.data : "", &paras, doc->title, &heads, &out))
        goto oom;
    if (out.oom) goto oom;
    {
        size_t n = out.len;
        char *t = buf_take(&out);
        if (!t) goto oom;
        braid_doc_take_text(doc, t, n);
    }
    st = BRAID_OK;
    goto done;
oom:
    st = braid_err_set(err, BRAID_ENOMEM, "%s: out of memory cleaning text", name);
done:
    braid_text_lines_free(&L);
    free(heads.h);
    free(paras.end);
    buf_free(&joined);
    buf_free(&out);
    return st;
}
