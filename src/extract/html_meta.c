/*
 * html_meta.c — page metadata: title, canonical url, site name,
 * publication time, author and description.
 *
 * One pass over the tree collects every candidate (meta tags by property,
 * name or itemprop; link rel=canonical; <title>; the first <h1>; <time
 * datetime>; rel=author links; class="author"/"byline"/"vcard fn"
 * elements; JSON-LD blocks, parsed with jansson); then
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
    A_META, A_ARTICLE, A_LD, A_REL, A_ITEMPROP, A_CLASS, A_N,
    D_OG, D_META, D_TWITTER, D_LD, D_N,
    B_LD, /* JSON-LD articleBody/text: the article when it is not in the HTML */
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

static void meta_tag(struct meta *m, const html_node *n)
{
    const char *c = braid_html_attr(n, HA_CONTENT);
    if (!c) return;
    const char *p = braid_html_attr(n, HA_PROPERTY);
    const char *nm = braid_html_attr(n, HA_NAME);
    const char *ip = braid_html_attr(n, HA_ITEMPROP);
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
    if (json_is_string(v = json_object_get(o, "articleBody")) ||
        json_is_string(v = json_object_get(o, "text")))
        putz(m, B_LD, json_string_value(v));
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

static void text_slot(struct meta *m, enum slot s, const html_node *n, buf *tmp)
{
    if (m->v[s]) return;
    buf_clear(tmp);
    braid_html_text_of(n, tmp, 1024);
    if (tmp->len) put(m, s, tmp->data, tmp->len);
}

/* The element's class names the author: a class name whose last word
 * is "author" or "byline" ("post-author", "article-byline"), that has
 * "author" followed by "name" ("herald-author-name"), or the hCard name
 * "fn" ("vcard fn"); never a comment's author. */
static int author_class(const html_node *n)
{
    const char *c = braid_html_attr(n, HA_CLASS);
    if (!c) return 0;
    int hit = 0;
    while (*c) {
        while (*c == ' ' || *c == '\t' || *c == '\n') c++;
        const char *e = c;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n') e++;
        /* words of one class name */
        char prev[12] = "", w[12];
        int last_author = 0;
        while (c < e) {
            while (c < e && !((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))) c++;
            size_t k = 0;
            while (c < e && ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))) {
                if (k < sizeof w - 1) w[k++] = (char)(*c | 0x20);
                c++;
            }
            if (!k) continue;
            w[k] = '\0';
            if (!strncmp(w, "comment", 7)) return 0;
            last_author = !strcmp(w, "author") || !strcmp(w, "byline");
            if (!strcmp(w, "name") && !strcmp(prev, "author")) hit = 1;
            memcpy(prev, w, k + 1);
        }
        if (last_author || !strcmp(prev, "fn")) hit = 1;
        c = e;
    }
    return hit;
}

/* An author candidate as a name: labels before it ("View all posts by
 * X", "Post author By X", "Veröffentlicht von X", "Autor: X") and a date
 * after it ("X am 26/10/13") are cut, as are separators at either end. */
static void clean_author(char *a)
{
    static const char *const marks[] = {"by", "By", "BY", "von", "Von", "vom", "Vom", "par", "Par",
                                        "por", "Por", "Author", "Autor", "Autorin", NULL};
    size_t n = strlen(a);
    const char *from = a;
    for (int k = 0; marks[k]; k++) {
        size_t ml = strlen(marks[k]);
        for (const char *p = a; (p = strstr(p, marks[k])) != NULL; p += ml) {
            if (p != a && p[-1] != ' ') continue;
            char c = p[ml];
            /* "by X", "Autor: X", or glued to the name: "AuthorAndreas" */
            if (c != ' ' && c != ':' && !(c >= 'A' && c <= 'Z') && (unsigned char)c != 0xC2) continue;
            if (p + ml > from && (size_t)(p + ml - a) < n) from = p + ml;
        }
    }
    /* a date after the name */
    const char *cut = NULL;
    static const char *const dates[] = {" am ", " on ", " le ", " Le ", ", ", " ", NULL};
    for (int k = 0; dates[k]; k++) {
        size_t dl = strlen(dates[k]);
        for (const char *p = from; (p = strstr(p, dates[k])) != NULL; p += dl)
            if (p[dl] >= '0' && p[dl] <= '9') {
                if (!cut || p < cut) cut = p;
                break;
            }
    }
    size_t len = cut ? (size_t)(cut - from) : strlen(from);
    while (len && (*from == ' ' || *from == '|' || *from == ':' || *from == '-' ||
                   ((unsigned char)*from == 0xC2 && len > 1 && (unsigned char)from[1] == 0xA0))) {
        size_t k = *from == ' ' || *from == '|' || *from == ':' || *from == '-' ? 1 : 2;
        from += k;
        len -= k;
    }
    while (len && (from[len - 1] == ' ' || from[len - 1] == '|' || from[len - 1] == ':' ||
                   from[len - 1] == '-' || from[len - 1] == ','))
        len--;
    if (!len) return; /* nothing but a label: keep as it was */
    memmove(a, from, len);
    a[len] = '\0';
}

/* A byline's text as an author name: "By ", "Von ", "Autor: "... cut,
 * kept only when short (2-59 bytes) like a name. */
static void author_text(struct meta *m, const html_node *n, buf *tmp)
{
    if (m->v[A_CLASS]) return;
    buf_clear(tmp);
    braid_html_text_of(n, tmp, 256);
    const char *a = tmp->data;
    size_t al = tmp->len;
    static const char *const pre[] = {"By ", "by ", "BY ", "Von ", "von ", "Autor: ", "Autorin: ",
                                      "Author: ", "Par ", "par ", "Por ", "por ", NULL};
    for (int k = 0; a && pre[k]; k++) {
        size_t pl = strlen(pre[k]);
        if (al > pl && !strncmp(a, pre[k], pl)) {
            a += pl;
            al -= pl;
            break;
        }
    }
    if (a && al >= 2 && al < 60) put(m, A_CLASS, a, al);
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

static int host_of(const char *url, const char **h, size_t *n);

/* Is `a` (a title's tail) the site's name `b`?  Letters and digits only,
 * ASCII case folded, `a`'s run searched in `b`'s: "DiEM25" is in
 * "diem25.org", "Backen macht glücklich" in "Backen macht glücklich". */
static int site_like(const char *a, size_t an, const char *b)
{
    char x[64], y[256];
    size_t nx = 0, ny = 0;
    for (size_t i = 0; i < an && nx < sizeof x - 1; i++) {
        char c = a[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80)
            x[nx++] = (char)((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
    }
    for (; *b && ny < sizeof y - 1; b++) {
        char c = *b;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80)
            y[ny++] = (char)((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
    }
    x[nx] = y[ny] = '\0';
    return nx >= 3 && strstr(y, x) != NULL;
}

/* A title's site-name tail: " | Site", " - Site", " – Site" at the end
 * whose text is the site's name or is in its host.  Returns the length
 * of the title without it (or the full length). */
static size_t cut_site(const char *t, const char *site, const char *url)
{
    static const char *const seps[] = {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
                                       " \xc2\xbb ", " \xc2\xb7 ", NULL};
    size_t n = strlen(t), best = n;
    for (const char *const *sp = seps; *sp; sp++) {
        size_t k = strlen(*sp);
        const char *last = NULL;
        for (const char *q = t; (q = strstr(q, *sp)) != NULL; q += k) last = q;
        if (!last || last == t) continue;
        const char *tail = last + k;
        size_t tn = n - (size_t)(tail - t);
        if (!tn || tn > 60) continue;
        char host[256] = "";
        const char *h;
        size_t hn;
        if (url && host_of(url, &h, &hn) && hn < sizeof host) {
            memcpy(host, h, hn);
            host[hn] = '\0';
        }
        if ((site && site_like(tail, tn, site)) || (host[0] && site_like(tail, tn, host)))
            if ((size_t)(last - t) < best) best = (size_t)(last - t);
    }
    return best;
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
        if (c) {
            const char *site = m->v[S_OG] ? m->v[S_OG] : m->v[S_LD] ? m->v[S_LD] : m->v[S_APP];
            const char *url = m->v[U_OG] ? m->v[U_OG] : m->v[U_CANON] ? m->v[U_CANON] : m->v[U_LD];
            if (doc->url) url = doc->url;
            return braid_doc_set(&doc->title, c, cut_site(c, site, url));
        }
        longest_part(t, &p, &n);
        return braid_doc_set(&doc->title, p, n);
    }
    if (m->nh1) return braid_doc_setz(&doc->title, m->h1[0]);
    return 0;
}

int braid_html_meta(const html_node *root, braid_doc *doc, char **ld_body)
{
    struct meta m;
    memset(&m, 0, sizeof m);
    buf tmp = BUF_INIT;
    for (const html_node *n = root; n;) {
        int skip = 0;
        if (n->type == HN_ELEMENT) {
            switch (n->tag) {
            case HT_META: meta_tag(&m, n); break;
            case HT_LINK: {
                const char *rel = braid_html_attr(n, HA_REL);
                if (eq(rel, "canonical")) putz(&m, U_CANON, braid_html_attr(n, HA_HREF));
                break;
            }
            case HT_TITLE: text_slot(&m, T_TITLE, n, &tmp); skip = 1; break;
            case HT_H1:
                text_slot(&m, T_H1, n, &tmp);
                if (m.nh1 < MAX_H1 && m.v[T_H1]) {
                    buf_clear(&tmp);
                    braid_html_text_of(n, &tmp, 1024);
                    if (tmp.len && braid_doc_set(&m.h1[m.nh1++], tmp.data, tmp.len)) m.oom = 1;
                }
                skip = 1;
                break;
            case HT_TIME: {
                const char *dt = braid_html_attr(n, HA_DATETIME);
                if (dt) putz(&m, P_TIME, dt);
                break;
            }
            case HT_A: {
                const char *rel = braid_html_attr(n, HA_REL);
                if (eq(rel, "author")) text_slot(&m, A_REL, n, &tmp);
                break;
            }
            case HT_SCRIPT: {
                const char *ty = braid_html_attr(n, HA_TYPE);
                const html_node *c = n->first;
                if (eq(ty, "application/ld+json") && c && !c->next && c->type == HN_TEXT)
                    ld_block(&m, c->text, strlen(c->text));
                skip = 1;
                break;
            }
            case HT_STYLE: skip = 1; break;
            default: {
                const char *ip = braid_html_attr(n, HA_ITEMPROP);
                if (ip && eq(ip, "author") && !braid_html_attr(n, HA_CONTENT))
                    text_slot(&m, A_ITEMPROP, n, &tmp);
                break;
            }
            }
        }
        if (!skip && n->type == HN_ELEMENT && !m.v[A_CLASS] && author_class(n))
            author_text(&m, n, &tmp);
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
    int had_author = doc->author != NULL;
    rc |= fill(&doc->author, m.v + A_META, A_N - A_META);
    if (!had_author && doc->author) clean_author(doc->author);
    rc |= fill(&doc->description, m.v + D_OG, D_N - D_OG);
    if (ld_body) {
        *ld_body = m.v[B_LD];
        m.v[B_LD] = NULL;
    }
    for (int s = 0; s < SLOT_N; s++) free(m.v[s]);
    for (int i = 0; i < m.nh1; i++) free(m.h1[i]);
    return rc ? -1 : 0;
}
