/*
 * html_meta.c — page metadata: title, canonical url, site name,
 * publication time, author and description.
 *
 * One pass over the tree collects every candidate (meta tags by property,
 * name or itemprop; link rel=canonical; <title>; the first <h1>; <time
 * datetime>; rel=author links; JSON-LD blocks, parsed with jansson); then
 * each field takes the first candidate in a fixed order of trust: Open
 * Graph and article:* tags (what Telegram Instant View and most
 * publishers fill), then JSON-LD, then generic meta names, then visible
 * markup.  Fields the document already has (JSON lines pre-fill url,
 * title, published) are never overwritten.
 */
#include "extract/html_internal.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>

/* Candidate slots, in order of trust within each field. */
enum slot {
    T_OG, T_TWITTER, T_LD, T_H1, T_TITLE, T_N,
    U_OG, U_CANON, U_LD, U_N,
    S_OG, S_LD, S_APP, S_N,
    P_ARTICLE, P_LD, P_ITEMPROP, P_META, P_TIME, P_N,
    A_META, A_ARTICLE, A_LD, A_REL, A_ITEMPROP, A_N,
    D_OG, D_META, D_TWITTER, D_LD, D_N,
    SLOT_N
};

#define MAX_H1 8

struct meta {
    char *v[SLOT_N];
    char *h1[MAX_H1];   /* every <h1>'s text, in order */
    int nh1;
    int oom;
};

static void put(struct meta *m, enum slot s, const char *v, size_t n)
{
    if (m->v[s] || !v) return;
    while (n && (unsigned char)*v <= ' ') v++, n--;
    while (n && (unsigned char)v[n - 1] <= ' ') n--;
    if (!n) return;
    if (braid_doc_set(&m->v[s], v, n)) m->oom = 1;
}

static void putz(struct meta *m, enum slot s, const char *v)
{
    if (v) put(m, s, v, strlen(v));
}

static int eq(const char *a, const char *b) { return a && !strcasecmp(a, b); }

static void meta_tag(struct meta *m, const GumboNode *n)
{
    const char *c = braid_html_attr(n, "content");
    if (!c) return;
    const char *p = braid_html_attr(n, "property");
    const char *nm = braid_html_attr(n, "name");
    const char *ip = braid_html_attr(n, "itemprop");
    const char *k = p ? p : nm;
    if (k) {
        if (eq(k, "og:title")) putz(m, T_OG, c);
        else if (eq(k, "twitter:title")) putz(m, T_TWITTER, c);
        else if (eq(k, "og:url")) putz(m, U_OG, c);
        else if (eq(k, "og:site_name")) putz(m, S_OG, c);
        else if (eq(k, "application-name")) putz(m, S_APP, c);
        else if (eq(k, "article:published_time") || eq(k, "og:article:published_time") ||
                 eq(k, "og:published_time"))
            putz(m, P_ARTICLE, c);
        else if (eq(k, "pubdate") || eq(k, "publishdate") || eq(k, "publish-date") ||
                 eq(k, "date") || eq(k, "dc.date") || eq(k, "dc.date.issued") ||
                 eq(k, "dcterms.date") || eq(k, "dcterms.created") || eq(k, "sailthru.date") ||
                 eq(k, "parsely-pub-date") || eq(k, "article.published") ||
                 eq(k, "published_time") || eq(k, "datepublished") || eq(k, "citation_date") ||
                 eq(k, "citation_publication_date") || eq(k, "created") || eq(k, "og:updated_time") ||
                 eq(k, "article:modified_time") || eq(k, "last-modified"))
            putz(m, P_META, c);
        else if (eq(k, "author") || eq(k, "dc.creator") || eq(k, "sailthru.author") ||
                 eq(k, "parsely-author") || eq(k, "byl"))
            putz(m, A_META, c);
        else if (eq(k, "article:author") && strncmp(c, "http", 4) != 0)
            putz(m, A_ARTICLE, c);
        else if (eq(k, "og:description")) putz(m, D_OG, c);
        else if (eq(k, "description")) putz(m, D_META, c);
        else if (eq(k, "twitter:description")) putz(m, D_TWITTER, c);
    }
    if (ip) {
        if (eq(ip, "datePublished")) putz(m, P_ITEMPROP, c);
        else if (eq(ip, "dateCreated") || eq(ip, "dateModified")) putz(m, P_META, c);
        else if (eq(ip, "headline")) putz(m, T_LD, c);
        else if (eq(ip, "author")) putz(m, A_ITEMPROP, c);
    }
}

/* A JSON-LD "author"/"publisher" value: a string, an object with name,
 * or an array of either (first wins). */
static const char *ld_name(json_t *v)
{
    if (json_is_array(v)) v = json_array_get(v, 0);
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_object(v)) {
        json_t *n = json_object_get(v, "name");
        if (json_is_string(n)) return json_string_value(n);
    }
    return NULL;
}

static int ld_is_article(json_t *o)
{
    json_t *t = json_object_get(o, "@type");
    const char *s = NULL;
    if (json_is_array(t)) t = json_array_get(t, 0);
    if (json_is_string(t)) s = json_string_value(t);
    if (!s) return 0;
    return strstr(s, "Article") || strstr(s, "Posting") || strstr(s, "NewsArticle") ||
           !strcmp(s, "Report") || !strcmp(s, "WebPage") || !strcmp(s, "ItemPage");
}

static void ld_object(struct meta *m, json_t *o)
{
    if (!ld_is_article(o)) {
        json_t *pub = json_object_get(o, "@type");
        if (json_is_string(pub) && (!strcmp(json_string_value(pub), "WebSite") ||
                                    !strcmp(json_string_value(pub), "Organization") ||
                                    !strcmp(json_string_value(pub), "NewsMediaOrganization")))
            putz(m, S_LD, ld_name(o));
        return;
    }
    json_t *v;
    if (json_is_string(v = json_object_get(o, "headline"))) putz(m, T_LD, json_string_value(v));
    if (json_is_string(v = json_object_get(o, "datePublished"))) putz(m, P_LD, json_string_value(v));
    if (json_is_string(v = json_object_get(o, "dateCreated"))) putz(m, P_LD, json_string_value(v));
    if (json_is_string(v = json_object_get(o, "description"))) putz(m, D_LD, json_string_value(v));
    if (json_is_string(v = json_object_get(o, "url"))) putz(m, U_LD, json_string_value(v));
    if ((v = json_object_get(o, "author"))) putz(m, A_LD, ld_name(v));
    if ((v = json_object_get(o, "publisher"))) putz(m, S_LD, ld_name(v));
}

static void ld_block(struct meta *m, const char *s, size_t n)
{
    json_error_t je;
    json_t *root = json_loadb(s, n, JSON_DECODE_ANY, &je);
    if (!root) return;
    /* objects at the top, in a top-level array, or in an @graph */
    json_t *todo[64];
    size_t nt = 0;
    todo[nt++] = root;
    for (size_t i = 0; i < nt; i++) {
        json_t *v = todo[i];
        if (json_is_array(v)) {
            for (size_t k = 0; k < json_array_size(v) && nt < 64; k++) todo[nt++] = json_array_get(v, k);
        } else if (json_is_object(v)) {
            ld_object(m, v);
            json_t *g = json_object_get(v, "@graph");
            if (g && nt < 64) todo[nt++] = g;
        }
    }
    json_decref(root);
}

static void text_slot(struct meta *m, enum slot s, const GumboNode *n, buf *tmp)
{
    if (m->v[s]) return;
    buf_clear(tmp);
    braid_html_text_of(n, tmp, 1024);
    if (tmp->len) put(m, s, tmp->data, tmp->len);
}

/* Host of an absolute URL, without "www.". */
static int host_of(const char *url, const char **h, size_t *n)
{
    const char *p = strstr(url, "://");
    if (!p) return 0;
    p += 3;
    size_t k = strcspn(p, "/?#:");
    if (!k) return 0;
    if (k > 4 && !strncasecmp(p, "www.", 4)) p += 4, k -= 4;
    *h = p;
    *n = k;
    return 1;
}

static int fill(char **field, char *const *cands, size_t n)
{
    if (*field) return 0;
    for (size_t i = 0; i < n; i++)
        if (cands[i]) return braid_doc_setz(field, cands[i]);
    return 0;
}

/* The longest part of a title split at " | ", " - ", " – ", " — ",
 * " :: ", " » ", " · " (site names ride along as prefix or suffix). */
static void longest_part(const char *t, const char **p, size_t *n)
{
    static const char *const seps[] = {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
                                       " \xc2\xbb ", " \xc2\xb7 ", NULL};
    *p = t;
    *n = strlen(t);
    const char *best = t;
    size_t bn = *n;
    int split = 0;
    const char *seg = t;
    for (const char *q = t; *q; q++) {
        for (const char *const *sp = seps; *sp; sp++) {
            size_t k = strlen(*sp);
            if (strncmp(q, *sp, k)) continue;
            size_t len = (size_t)(q - seg);
            if (!split || len > bn) best = seg, bn = len;
            split = 1;
            seg = q + k;
            q = seg - 1;
            break;
        }
    }
    if (!split) return;
    size_t last = strlen(seg);
    if (last > bn) best = seg, bn = last;
    *p = best;
    *n = bn;
}

/* The title: an <h1> that the og:/JSON-LD/<title> title contains (the
 * headline without the site's name); else that title cut to its longest
 * part; else the first <h1>. */
static int pick_title(struct meta *m, braid_doc *doc)
{
    const char *c = m->v[T_OG] ? m->v[T_OG] : m->v[T_TWITTER] ? m->v[T_TWITTER] : m->v[T_LD];
    const char *t = c ? c : m->v[T_TITLE];
    if (t) {
        const char *best = NULL;
        for (int i = 0; i < m->nh1; i++)
            if (strlen(m->h1[i]) >= 8 && strstr(t, m->h1[i]) && (!best || strlen(m->h1[i]) > strlen(best)))
                best = m->h1[i];
        if (best) return braid_doc_setz(&doc->title, best);
        const char *p;
        size_t n;
        if (c) return braid_doc_setz(&doc->title, c);
        longest_part(t, &p, &n);
        return braid_doc_set(&doc->title, p, n);
    }
    if (m->nh1) return braid_doc_setz(&doc->title, m->h1[0]);
    return 0;
}

int braid_html_meta(const GumboNode *root, braid_doc *doc)
{
    struct meta m;
    memset(&m, 0, sizeof m);
    buf tmp = BUF_INIT;
    for (const GumboNode *n = root; n;) {
        int skip = 0;
        if (n->type == GUMBO_NODE_ELEMENT) {
            switch (n->v.element.tag) {
            case GUMBO_TAG_META: meta_tag(&m, n); break;
            case GUMBO_TAG_LINK: {
                const char *rel = braid_html_attr(n, "rel");
                if (eq(rel, "canonical")) putz(&m, U_CANON, braid_html_attr(n, "href"));
                break;
            }
            case GUMBO_TAG_TITLE: text_slot(&m, T_TITLE, n, &tmp); skip = 1; break;
            case GUMBO_TAG_H1:
                text_slot(&m, T_H1, n, &tmp);
                if (m.nh1 < MAX_H1 && m.v[T_H1]) {
                    buf_clear(&tmp);
                    braid_html_text_of(n, &tmp, 1024);
                    if (tmp.len && braid_doc_set(&m.h1[m.nh1++], tmp.data, tmp.len)) m.oom = 1;
                }
                skip = 1;
                break;
            case GUMBO_TAG_TIME: {
                const char *dt = braid_html_attr(n, "datetime");
                if (dt) putz(&m, P_TIME, dt);
                break;
            }
            case GUMBO_TAG_A: {
                const char *rel = braid_html_attr(n, "rel");
                if (eq(rel, "author")) text_slot(&m, A_REL, n, &tmp);
                break;
            }
            case GUMBO_TAG_SCRIPT: {
                const char *ty = braid_html_attr(n, "type");
                const GumboVector *c = &n->v.element.children;
                if (eq(ty, "application/ld+json") && c->length == 1 &&
                    ((const GumboNode *)c->data[0])->type == GUMBO_NODE_TEXT) {
                    const GumboText *t = &((const GumboNode *)c->data[0])->v.text;
                    ld_block(&m, t->text, strlen(t->text));
                }
                skip = 1;
                break;
            }
            case GUMBO_TAG_STYLE: skip = 1; break;
            default: {
                const char *ip = braid_html_attr(n, "itemprop");
                if (ip && eq(ip, "author") && !braid_html_attr(n, "content"))
                    text_slot(&m, A_ITEMPROP, n, &tmp);
                break;
            }
            }
        }
        n = braid_html_next(n, root, skip);
    }
    buf_free(&tmp);
    int rc = m.oom ? -1 : 0;
    if (!doc->title) rc |= pick_title(&m, doc);
    rc |= fill(&doc->url, m.v + U_OG, U_N - U_OG);
    rc |= fill(&doc->site, m.v + S_OG, S_N - S_OG);
    if (!doc->site && doc->url) {
        const char *h;
        size_t hn;
        if (host_of(doc->url, &h, &hn)) rc |= braid_doc_set(&doc->site, h, hn);
    }
    if (!doc->published)
        for (int s = P_ARTICLE; s < P_N; s++)
            if (m.v[s] && braid_doc_set_published(doc, m.v[s], strlen(m.v[s])) == 0) break;
    rc |= fill(&doc->author, m.v + A_META, A_N - A_META);
    rc |= fill(&doc->description, m.v + D_OG, D_N - D_OG);
    for (int s = 0; s < SLOT_N; s++) free(m.v[s]);
    for (int i = 0; i < m.nh1; i++) free(m.h1[i]);
    return rc ? -1 : 0;
}
