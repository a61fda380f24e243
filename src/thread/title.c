/*
 * title.c — the headline that names a thread.
 *
 * The title of a thread in a language is the headline of its most
 * representative article in that language: relevance (cosine to the
 * thread's centroid in that language) times a headline quality score.
 * Quality penalises what makes a bad thread title even when the article
 * is central: fragments (under 4 words), questions and exclamations,
 * clickbait and format markers ("you won't believe", "watch:", "видео",
 * "смотрите") and shouting capitals.  The factors are judgement, checked
 * by reading the titles the contest day gets (docs/THREADS.md); they only
 * reorder candidates, so a thread whose every headline is poor still gets
 * the best of them.
 */
#include "thread/threads_impl.h"

#include <string.h>

static const char *const clickbait[] = {
    "you won't believe", "you wont believe", "here's why", "here is why", "this is why",
    "what you need to know", "watch:", "video:", "photos:", "in pictures", "live updates",
    "live:", "quiz", "opinion:", "смотрите", "видео", "фото", "вы не поверите", "вот почему",
    "шок", "онлайн-трансляция", "тест:",
};

/* lower-case ASCII letters and the Cyrillic capitals А-Я (D0 90..D0 AF) */
static void lower_copy(const char *s, char *out, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        out[i] = (char)c;
    }
    out[i] = '\0';
    for (size_t k = 0; k + 1 < i; k++) {
        unsigned char a = (unsigned char)out[k], b = (unsigned char)out[k + 1];
        if (a == 0xD0 && b >= 0x90 && b <= 0x9F) out[k + 1] = (char)(b + 0x20);
        else if (a == 0xD0 && b >= 0xA0 && b <= 0xAF) {
            out[k] = (char)0xD1;
            out[k + 1] = (char)(b - 0x20);
        }
    }
}

double braid_title_quality(const char *title)
{
    if (!title || !title[0]) return 0;
    size_t len = strlen(title), words = 0, upper = 0, letters = 0;
    int in_word = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)title[i];
        int space = c == ' ' || c == '\t' || c == '\n';
        if (!space && !in_word) words++;
        in_word = !space;
        if (c >= 'A' && c <= 'Z') upper++, letters++;
        else if (c >= 'a' && c <= 'z') letters++;
        else if (c == 0xD0 && i + 1 < len) {
            unsigned char b = (unsigned char)title[i + 1];
            letters++;
            if (b >= 0x90 && b <= 0xAF) upper++;
        } else if (c == 0xD1) letters++;
    }
    double q = 1.0;
    if (words < 3) q *= 0.3;
    else if (words < 4) q *= 0.6;
    else if (words > 25) q *= 0.6;
    size_t e = len;
    while (e > 0 && (title[e - 1] == ' ' || title[e - 1] == '"')) e--;
    if (e > 0 && title[e - 1] == '?') q *= 0.5;
    if (strchr(title, '!')) q *= 0.6;
    if (letters >= 8 && upper * 10 > letters * 6) q *= 0.5;
    char low[1024];
    lower_copy(title, low, sizeof low);
    for (size_t i = 0; i < sizeof clickbait / sizeof clickbait[0]; i++)
        if (strstr(low, clickbait[i])) {
            q *= 0.4;
            break;
        }
    return q;
}

/* the language most of t's members are in (ties: the language the thread
 * began in, whose centroid slot came first) */
static const char *majority_lang(const braid_threads *th, const tthread *t)
{
    const char *best = NULL;
    int best_n = 0;
    for (int i = 0; i < t->nslots; i++)
        if (t->slots[i].n > best_n) best_n = t->slots[i].n, best = t->slots[i].lang;
    if (!best && t->n) best = th->docs[t->m[0]].lang;
    return best;
}

int32_t braid_thread_title(const braid_threads *th, const tthread *t, const char *lang)
{
    /* no language asked for: the thread's own, the language most of its
     * reports are in (a tight group of ten copies of one French dispatch
     * is more alike than 39 English reports, but the thread is English) */
    if (!lang) lang = majority_lang(th, t);
    int32_t best = -1;
    double best_s = -1;
    for (int pass = 0; pass < 2 && best < 0; pass++) {
        for (size_t i = 0; i < t->n; i++) {
            const tdoc *d = &th->docs[t->m[i]];
            if (pass == 0 && lang && strcmp(d->lang, lang)) continue;
            if (!d->title || !d->title[0]) continue;
            double s = (0.2 + d->rel) * braid_title_quality(d->title);
            /* members are in relevance order: ties keep the earlier one */
            if (s > best_s) {
                best_s = s;
                best = t->m[i];
            }
        }
        if (!lang) break;
    }
    return best;
}
