/*
 * html_clean.c — judging single elements: what never carries article text
 * and what the page's own class and id words say about a block.
 *
 * Tags are judged from the tree's tag enum (a switch, no string work).
 * Class and id values are split into words at every non-alphanumeric
 * byte ("article-comments__list" → article, comments, list) and each word
 * is looked up in two short static tables; a few words are matched as
 * prefixes ("comment" covers comments, commentlist).  Matching whole words
 * instead of substrings keeps "ad" from firing on "header" or "shadow".
 * The word lists follow the boilerplate vocabulary that readability,
 * jusText and trafilatura documented; the weights are ours.  A word that
 * names both a teaser list and an article's lead ("teaser") is reported
 * apart, for the caller to judge by link text.
 */
#include "extract/html_internal.h"

#include <string.h>
#include <strings.h>

enum html_kind braid_html_kind(const html_node *el)
{
    switch (el->tag) {
    case HT_SCRIPT: case HT_STYLE: case HT_NOSCRIPT:
    case HT_TEMPLATE: case HT_SVG: case HT_MATH:
    case HT_IFRAME: case HT_OBJECT: case HT_EMBED:
    case HT_CANVAS: case HT_VIDEO: case HT_AUDIO:
    case HT_MAP: case HT_HEAD: case HT_TITLE:
    case HT_NAV: case HT_ASIDE: case HT_FOOTER:
    case HT_BUTTON: case HT_SELECT: case HT_TEXTAREA:
    case HT_INPUT: case HT_OPTION: case HT_LABEL:
    case HT_FIGCAPTION: case HT_FIGURE: case HT_ADDRESS: case HT_MENU:
    case HT_IMG: case HT_IMAGE:
    case HT_SOURCE: case HT_FRAMESET: case HT_NOFRAMES:
        return HK_SKIP;
    case HT_P: case HT_DIV: case HT_BR: case HT_HR:
    case HT_H1: case HT_H2: case HT_H3: case HT_H4:
    case HT_H5: case HT_H6: case HT_UL: case HT_OL:
    case HT_LI: case HT_DL: case HT_DT: case HT_DD:
    case HT_TABLE: case HT_TR: case HT_TD: case HT_TH:
    case HT_TBODY: case HT_THEAD: case HT_TFOOT:
    case HT_CAPTION: case HT_BLOCKQUOTE: case HT_PRE:
    case HT_SECTION: case HT_ARTICLE: case HT_MAIN:
    case HT_HEADER: case HT_FORM:
    case HT_FIELDSET: case HT_DETAILS: case HT_SUMMARY:
    case HT_CENTER: case HT_BODY: case HT_HTML:
    case HT_LISTING: case HT_HGROUP:
        return HK_BLOCK;
    default:
        return HK_INLINE;
    }
}

const char *braid_html_attr(const html_node *el, enum html_attr_name name)
{
    for (unsigned i = 0; i < el->nattr; i++)
        if (el->attr[i].name == name) return el->attr[i].value;
    return NULL;
}

static int has_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return 1;
    return 0;
}

int braid_html_hidden(const html_node *el)
{
    if (braid_html_attr(el, HA_HIDDEN)) return 1;
    const char *a = braid_html_attr(el, HA_ARIA_HIDDEN);
    if (a && !strcasecmp(a, "true")) return 1;
    const char *st = braid_html_attr(el, HA_STYLE);
    if (st && (has_ci(st, "display:none") || has_ci(st, "display: none") ||
               has_ci(st, "visibility:hidden") || has_ci(st, "visibility: hidden")))
        return 1;
    return 0;
}

/* A word list entry: `prefix` matches any word starting with it. */
struct word {
    const char *w;
    int prefix;
    int strong; /* names a part, never a page-wide wrapper; 3 = may name
                   the article's own lead (judged by its links) */
};

static const struct word negative[] = {
    /* parts that are never article text, whatever their size */
    {"comment", 1, 1}, {"kommentar", 1, 1}, {"disqus", 1, 1}, {"respond", 0, 1},
    {"replies", 0, 1}, {"reviews", 0, 1}, {"discussion", 0, 1}, {"share", 1, 1}, {"sharing", 0, 1},
    {"social", 1, 1}, {"shariff", 1, 1}, {"addthis", 0, 1}, {"sharethis", 0, 1},
    {"related", 1, 1}, {"recommend", 1, 1}, {"outbrain", 0, 1}, {"taboola", 0, 1},
    {"cookie", 1, 1}, {"cookies", 0, 1}, {"consent", 1, 1}, {"gdpr", 0, 1},
    {"newsletter", 1, 1}, {"subscribe", 1, 1}, {"subscription", 0, 1}, {"signup", 0, 1},
{"breadcrumb", 1, 1}, {"breadcrumbs", 0, 1}, {"advert", 1, 1},
    {"advertisement", 0, 1}, {"ad", 0, 1}, {"ads", 0, 1}, {"anzeige", 0, 1},
    {"werbung", 0, 1}, {"sponsor", 1, 1}, {"popup", 1, 1}, {"modal", 0, 1},
    {"byline", 1, 1}, {"author", 0, 1}, {"authors", 0, 1}, {"login", 0, 1},
    {"cta", 0, 1}, {"donation", 1, 1}, {"donate", 0, 1}, {"affiliate", 1, 1},
    /* wrapper-like words: removed only when the block is a small part */
    {"nav", 0, 0}, {"navi", 1, 0}, {"navbar", 0, 0}, {"menu", 1, 0}, {"sidebar", 1, 0},
    {"widget", 1, 0}, {"footer", 1, 0}, {"masthead", 0, 0}, {"topbar", 0, 0},
    {"teaser", 1, 3}, {"banner", 1, 0}, {"promo", 0, 0}, {"more", 0, 0}, {"also", 0, 0},
    {"popular", 0, 0}, {"trending", 0, 0}, {"mostread", 0, 0}, {"readmore", 0, 0},
    {"meta", 0, 0}, {"postmeta", 0, 0}, {"entrymeta", 0, 0}, {"tags", 0, 0},
    {"tagcloud", 0, 0}, {"dateline", 0, 0}, {"timestamp", 0, 0}, {"caption", 0, 0}, {"legend", 0, 0}, {"bildunterschrift", 0, 0}, {"bilduntertitel", 0, 0},
    {"credit", 0, 0}, {"credits", 0, 0}, {"copyright", 0, 0}, {"disclaimer", 0, 0},
    {"pagination", 0, 0}, {"pager", 0, 0}, {"gallery", 0, 0}, {"slider", 0, 0},
    {"carousel", 0, 0}, {"rating", 1, 0}, {"toolbar", 0, 0}, {"tools", 0, 0},
    {"secondary", 0, 0}, {"complementary", 0, 0}, {"sitemap", 0, 0}, {"legal", 0, 0},
    {"imprint", 0, 0}, {"impressum", 0, 0}, {"ticker", 0, 0}, {"newsticker", 0, 0},
    {"search", 0, 0}, {"skip", 0, 0}, {"paywall", 0, 0}, {"bio", 0, 0}, {"community", 0, 0}, {"contact", 0, 0},
    {NULL, 0, 0}};

static const struct word positive[] = {
    {"article", 1, 0}, {"artikel", 1, 0}, {"content", 1, 0}, {"entry", 0, 0},
    {"post", 0, 0}, {"story", 1, 0}, {"text", 0, 0}, {"body", 0, 0}, {"main", 0, 0},
    {"blog", 0, 0}, {"news", 0, 0}, {"articlebody", 0, 0}, {"entrycontent", 0, 0},
    {"postcontent", 0, 0}, {"storybody", 0, 0}, {"hentry", 0, 0}, {"page", 0, 0},
    {"column", 0, 0}, {"inhalt", 0, 0}, {"beitrag", 0, 0}, {"single", 0, 0},
    {NULL, 0, 0}};

static const struct word *lookup(const struct word *t, const char *w, size_t n)
{
    for (; t->w; t++) {
        size_t m = strlen(t->w);
        if (t->prefix ? (n >= m && !strncmp(w, t->w, m)) : (n == m && !memcmp(w, t->w, m)))
            return t;
    }
    return NULL;
}

static int alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Class names that label a post's taxonomy, not a part of the page
 * (WordPress: "tag-travel", "category-news", "format-standard"). */
static int taxonomy(const char *w, size_t n)
{
    static const char *const pre[] = {"tag-", "tags-", "category-", "status-", "format-",
                                      "has-", "type-", "author-", "postid-", "comments-", NULL};
    /* but "author-bio", "author-box", "author-info"… name the box about
     * the author under an article, not the post's author */
    static const char *const part[] = {"bio", "box", "info", "profile", "description", "details",
                                       "about", "card", "block", "wrap", NULL};
    for (const char *const *p = pre; *p; p++) {
        size_t m = strlen(*p);
        if (n > m && !strncasecmp(w, *p, m)) {
            if (!strcmp(*p, "author-"))
                for (const char *const *q = part; *q; q++) {
                    size_t k = strlen(*q);
                    if (n >= m + k && !strncasecmp(w + m, *q, k) &&
                        (n == m + k || !alnum(w[m + k])))
                        return 0;
                }
            return 1;
        }
    }
    return 0;
}

static void judge(const char *v, int *neg, int *pos, int *strong, int *lead)
{
    char w[40];
    while (v && *v) {
        /* one class name at a time */
        while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '\f') v++;
        const char *e = v;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r' && *e != '\f') e++;
        if (taxonomy(v, (size_t)(e - v))) { v = e; continue; }
        int nw = 0, before = *neg, st = *strong, bl = *lead, tax = 0;
        while (v < e) {
            while (v < e && !alnum(*v)) v++;
            size_t n = 0;
            while (v < e && alnum(*v)) {
                if (n < sizeof w - 1) w[n++] = (char)(*v | ((*v >= 'A' && *v <= 'Z') ? 0x20 : 0));
                v++;
            }
            if (!n) continue;
            w[n] = '\0';
            nw++;
            if (!strcmp(w, "tag") || !strcmp(w, "tags") || !strcmp(w, "topic") ||
                !strcmp(w, "topics") || !strcmp(w, "category") || !strcmp(w, "categories") ||
                !strcmp(w, "keywords") || !strcmp(w, "sdg"))
                tax = 1;
            const struct word *h = lookup(negative, w, n);
            /* a wrapper-like word counts only at either end of the class
             * name: "sidebar-left", "main-nav", but not
             * "elementor-widget-container" */
            int end_tok = nw == 1;
            if (!end_tok) {
                const char *q = v;
                while (q < e && !alnum(*q)) q++;
                end_tok = q >= e;
            }
            if (h && h->strong != 1 && !end_tok) h = NULL;
            if (h && h->strong == 3) {
                (*lead)++;
            } else if (h) {
                (*neg)++;
                if (h->strong) *strong = 1;
            } else if (lookup(positive, w, n)) {
                (*pos)++;
            }
        }
        /* "custom_tags-werbung", "topics-social": a taxonomy value */
        if (tax && nw > 1) {
            *neg = before;
            *strong = st;
            *lead = bl;
        }
    }
}

int braid_html_class_weight(const html_node *el, int *strong)
{
    int neg = 0, pos = 0, st = 0, lead = 0;
    judge(braid_html_attr(el, HA_CLASS), &neg, &pos, &st, &lead);
    judge(braid_html_attr(el, HA_ID), &neg, &pos, &st, &lead);
    const char *role = braid_html_attr(el, HA_ROLE);
    if (role && (!strcasecmp(role, "navigation") || !strcasecmp(role, "complementary") ||
                 !strcasecmp(role, "banner") || !strcasecmp(role, "contentinfo") ||
                 !strcasecmp(role, "dialog") || !strcasecmp(role, "alert")))
        neg++, st = 1;
    const char *ip = braid_html_attr(el, HA_ITEMPROP);
    if (ip && (has_ci(ip, "comment") || !strcasecmp(ip, "author")))
        neg++, st = 1;
    if (strong) *strong = st ? (pos ? 2 : 1) : 0;
    if (neg) return -1;
    /* "teaser" alone: a list of other articles' teasers, or (TYPO3 and
     * other CMSes: "teaser-text", "article-teaser") the article's own
     * lead; the caller tells them apart by link text */
    if (lead) {
        if (strong) *strong = 3;
        return -1;
    }
    return pos ? 1 : 0;
}

int braid_html_container(const html_node *el)
{
    const char *ip = braid_html_attr(el, HA_ITEMPROP);
    if (ip && (has_ci(ip, "articlebody") || !strcasecmp(ip, "text"))) return 2;
    switch (el->tag) {
    case HT_ARTICLE: case HT_MAIN: return 1;
    default: break;
    }
    const char *role = braid_html_attr(el, HA_ROLE);
    if (role && (!strcasecmp(role, "main") || !strcasecmp(role, "article"))) return 1;
    const char *it = braid_html_attr(el, HA_ITEMTYPE);
    if (it && (strstr(it, "Article") || strstr(it, "BlogPosting"))) return 1;
    return 0;
}

const html_node *braid_html_next(const html_node *n, const html_node *root, int skip)
{
    if (!skip && n->first) return n->first;
    for (; n && n != root; n = n->parent)
        if (n->next) return n->next;
    return NULL;
}

void braid_html_text_of(const html_node *root, buf *out, size_t max)
{
    size_t start = out->len;
    int space = out->len > 0 && out->data[out->len - 1] != ' ';
    for (const html_node *n = root; n && out->len - start < max;) {
        int skip = 0;
        if (n->type == HN_ELEMENT) {
            enum html_tag t = n->tag;
            skip = t == HT_SCRIPT || t == HT_STYLE || t == HT_TEMPLATE;
            if (braid_html_kind(n) == HK_BLOCK) space = 1;
        } else if (n->type == HN_TEXT) {
            for (const char *s = n->text; *s; s++) {
                unsigned char c = (unsigned char)*s;
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                    space = 1;
                } else {
                    if (space && out->len > start) buf_putc(out, ' ');
                    space = 0;
                    buf_putc(out, (char)c);
                }
            }
        }
        n = braid_html_next(n, root, skip);
    }
}
