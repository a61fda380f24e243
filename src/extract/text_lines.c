/*
 * text_lines.c — split plain text into lines and say what each line is.
 *
 * Feed text carries its boilerplate as whole lines: "Фото: ТАСС", "Reply",
 * "ivan_k Online", "8 November 2020 11: 40", "Читайте также".  A line is
 * classified from a folded key (lower case, normalised quotes, dashes and
 * spaces; utf8proc does the Unicode case mapping and categories) built
 * from at most TEXT_KEY_MAX bytes of it, by matching small static tables
 * of phrases and a token scanner for dates.  Tables rather than PCRE2:
 * the rules are "the whole line is one of these words" or "the line
 * starts with one of these markers", which a table says more plainly
 * than a regex, needs no compiled state, and stays linear.
 *
 * Precision first: a class that would drop a line is only given when the
 * line is short enough that it cannot be an article paragraph that merely
 * mentions the phrase (limits next to each rule).
 */
#include "extract/text_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define CREDIT_WORDS_MAX 16 /* words after "Photo:" in a credit/caption   */
#define SOURCE_WORDS_MAX 12 /* words after "Source:" in a source trailer  */

/* ---- splitting ------------------------------------------------------ */

size_t braid_text_nchars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Length of a white-space character at s[i] (ASCII space/tab/FF/VT,
 * NBSP, U+2000–U+200B, U+202F, U+205F, U+3000, BOM), 0 if none. */
static size_t space_at(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v') return 1;
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) return 2;
    if (c == 0xE2 && i + 2 < len) {
        unsigned char c1 = (unsigned char)s[i + 1], c2 = (unsigned char)s[i + 2];
        if (c1 == 0x80 && c2 <= 0x8B) return 3;
        if (c1 == 0x80 && c2 == 0xAF) return 3;
        if (c1 == 0x81 && c2 == 0x9F) return 3;
    }
    if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80) return 3;
    if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBB &&
        (unsigned char)s[i + 2] == 0xBF) return 3;
    return 0;
}

static int push_line(text_lines *out, const char *s, size_t a, size_t b)
{
    /* trim both ends */
    for (;;) {
        size_t k = a < b ? space_at(s, b, a) : 0;
        if (!k) break;
        a += k;
    }
    while (b > a) {
        size_t k = 0;
        /* look back for a space ending exactly at b */
        if (b - a >= 1 && space_at(s, b, b - 1) == 1) k = 1;
        else if (b - a >= 2 && space_at(s, b, b - 2) == 2) k = 2;
        else if (b - a >= 3 && space_at(s, b, b - 3) == 3) k = 3;
        if (!k) break;
        b -= k;
    }
    if (out->n == out->cap) {
        size_t nc = out->cap ? out->cap * 2 : 64;
        text_line *nv = realloc(out->v, nc * sizeof *nv);
        if (!nv) return -1;
        out->v = nv;
        out->cap = nc;
    }
    text_line *l = &out->v[out->n++];
    memset(l, 0, sizeof *l);
    l->off = a;
    l->len = b - a;
    l->nchars = braid_text_nchars(s + a, b - a);
    return 0;
}

int braid_text_split(const char *s, size_t len, text_lines *out)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\n' && s[i] != '\r') continue;
        if (push_line(out, s, start, i)) return -1;
        if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') i++;
        start = i + 1;
    }
    if (start < len && push_line(out, s, start, len)) return -1;
    return 0;
}

void braid_text_lines_free(text_lines *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* ---- folding -------------------------------------------------------- */

size_t braid_text_fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0, i = 0;
    int space = 0;
    if (cap == 0) return 0;
    while (i < len && o + 8 < cap) {
        size_t k = space_at(s, len, i);
        if (k || s[i] == '\n' || s[i] == '\r') {
            space = o > 0;
            i += k ? k : 1;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) { i++; continue; }
        i += (size_t)n;
        if (space) { out[o++] = ' '; space = 0; }
        switch (cp) {
        case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0x60:
            out[o++] = '\''; continue;
        case 0x201C: case 0x201D: case 0x201E: case 0xAB: case 0xBB: case 0x2033:
            out[o++] = '"'; continue;
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
        case 0x2015: case 0x2212:
            out[o++] = '-'; continue;
        case 0xA9: /* © */
            if (o + 3 < cap) { memcpy(out + o, "(c)", 3); o += 3; }
            continue;
        case 0x0451: cp = 0x0435; break; /* ё → е */
        case 0x0401: cp = 0x0435; break; /* Ё → е */
        default: break;
        }
        if (cp < 0x80) {
            out[o++] = (char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        if ((cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_SO) ||
            cat == UTF8PROC_CATEGORY_CF) {
            if (cp == 0x2026) { out[o++] = '.'; out[o++] = '.'; out[o++] = '.'; }
            else if (cp != 0xAD && cp != 0x200C && cp != 0x200D) out[o++] = '|';
            continue;
        }
        o += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)out + o);
    }
    out[o] = '\0';
    return o;
}

/* ---- tables (folded forms) ------------------------------------------ */

/* A whole line equal to one of these (ignoring a trailing ':' and a
 * count like "(12)") opens a related-articles block. */
static const char *const related_heads[] = {
    "related", "related articles", "related news", "related stories",
    "related posts", "related content", "related coverage", "editor's choice",
    "editors' choice", "editors choice", "popular", "most popular", "most read",
    "popular now", "trending", "trending now", "news", "latest news",
    "more news", "more stories", "top stories", "read also", "read more",
    "see also", "also read", "you may also like", "you might also like",
    "recommended", "recommended for you", "more from", "other news",
    "читайте также", "читать также", "смотрите также", "похожие новости",
    "похожие статьи", "похожие материалы", "по теме", "еще по теме",
    "материалы по теме", "выбор редакции", "популярное", "популярные новости",
    "самое популярное", "самое читаемое", "самые читаемые", "новости",
    "последние новости", "главные новости", "другие новости", "лента новостей",
    "все новости", "новости партнеров", "рекомендуем", "рекомендуем прочитать",
    "вам может быть интересно", "вам также может понравиться", "читайте еще",
    "читайте ещё", "топ новостей", "актуально", "сейчас читают",
    NULL
};

/* "Читайте также: …" on one short line: a link to another story. */
static const char *const related_items[] = {
    "читайте также:", "читайте также -", "читайте также ", "читать также:",
    "смотрите также:", "read also:", "read also -", "read more:", "see also:",
    "also read:", "related:", "по теме:", "читайте:", "read:",
    NULL
};

static const char *const comment_heads[] = {
    "comments", "comment", "reader comments", "readers' comments",
    "leave a comment", "leave a reply", "add comment", "add a comment",
    "post a comment", "discussion", "join the discussion", "show comments",
    "комментарии", "комментарий", "комментариев", "комментария",
    "оставить комментарий", "добавить комментарий", "написать комментарий",
    "обсуждение", "обсуждение закрыто", "мнения читателей", "отзывы",
    "показать комментарии", "все комментарии",
    NULL
};

/* Whole-line words of comment widgets (a line made only of these). */
static const char *const reply_words[] = {
    "reply", "replies", "ответить", "ответ", "ответы", "like", "likes",
    "dislike", "нравится", "report", "пожаловаться", "quote", "цитировать",
    "upvote", "downvote", "permalink", "жалоба", "цитата", "edit",
    "редактировать", "hide", "скрыть", "show", "показать", "more", "еще",
    "ещё", "replied", "ответил", "ответила", "votes", "vote", "points",
    "point", "лайк", "лайки", "share", "поделиться", "flag",
    NULL
};
/* … at least one of which must be comment-specific: */
static const char *const reply_core[] = {
    "reply", "replies", "ответить", "ответ", "ответы", "like", "likes",
    "dislike", "нравится", "report", "пожаловаться", "quote", "цитировать",
    "upvote", "downvote", "permalink", "replied", "ответил", "ответила", "лайк",
    NULL
};

/* Page chrome on a line of its own. */
static const char *const ui_lines[] = {
    "share", "share this", "share this article", "share on facebook",
    "share on twitter", "tweet", "email", "print", "facebook", "twitter",
    "vk", "vkontakte", "telegram", "whatsapp", "поделиться", "печать",
    "версия для печати", "вконтакте", "одноклассники", "твиттер", "фейсбук",
    "load more", "show more", "показать еще", "загрузить еще", "подробнее",
    "advertisement", "реклама", "sponsored", "close", "закрыть", "menu", "меню",
    "back to top", "наверх", "previous", "next", "предыдущая", "следующая",
    "continue reading", "читать далее", "читать дальше", "читать полностью",
    "click here to see the video", "continue reading below", "video", "видео",
    "online", "offline", "онлайн", "оффлайн", "офлайн",
    NULL
};

static const char *const presence_words[] = {
    "online", "offline", "онлайн", "оффлайн", "офлайн", NULL
};

/* Line starts: credits and sources.  The line must be short. */
static const char *const credit_marks[] = {
    "photo:", "photos:", "photo -", "photo by ", "photo credit", "photograph:",
    "photographs:", "image:", "images:", "image credit", "image source:",
    "picture:", "pictures:", "pictured:", "used photos", "photos used",
    "illustration:", "cover photo", "main photo", "top photo", "video:",
    "фото:", "фото -", "фото |", "фото ", "фотография:", "фотографии:",
    "на фото", "на фотографии", "иллюстрация:", "иллюстративное фото",
    "коллаж:", "кадр:", "кадр из", "скриншот:", "источник фото", "фото/видео:",
    "видео:", "(c) ", "(с) ", "(c)", "автор фото", "фото автора",
    NULL
};
static const char *const source_marks[] = {
    "source:", "sources:", "source -", "original url:", "original url -",
    "original article:", "original:", "originally published", "via:",
    "read the original", "first published", "источник:", "источник -",
    "источники:", "первоисточник:", "по материалам", "материал подготовлен",
    "оригинал:", "оригинал статьи", "ссылка на источник", "источник |",
    NULL
};

/* Byline starts (the line must be short and not a sentence). */
static const char *const byline_marks[] = {
    "by ", "written by ", "reporting by ", "text:", "text by ", "автор:",
    "автор -", "автор материала:", "текст:", "текст -", "корреспондент:",
    NULL
};

/* Promo and recruiting phrases, matched anywhere in a (short) key. */
static const char *const promo_phrases[] = {
    "open to cooperation with authors", "open to cooperation with bloggers",
    "open to cooperation with writers",
    "to leave comments you must", "to leave a comment you must",
    "to leave a comment, you must", "to leave comments, you must",
    "you must be logged in", "you must sign in", "you must be signed in",
    "sign in to comment", "log in to comment", "login to comment",
    "sign in to leave a comment", "subscribe to our", "sign up for our",
    "sign up to our", "follow us on", "join our telegram", "join us on telegram",
    "like us on facebook", "download our app", "click here to subscribe",
    "found a typo", "if you found an error", "if you find an error",
    "ctrl+enter", "ctrl + enter", "all rights reserved", "support our journalism",
    "become a patron", "our newsletter", "get our newsletter",
    "we invite authors", "send us your story", "write for us",
    "подписывайтесь на", "подпишитесь на", "подписывайся на",
    "подписывайтесь, чтобы", "подписаться на наш", "подписывайтесь в",
    "чтобы оставить комментарий", "для того чтобы оставить комментарий",
    "чтобы комментировать", "комментарии могут оставлять",
    "оставлять комментарии могут", "войдите или зарегистрируйтесь",
    "войдите, чтобы", "авторизуйтесь, чтобы", "зарегистрируйтесь, чтобы",
    "мы открыты к сотрудничеству", "открыты для сотрудничества",
    "приглашаем к сотрудничеству", "приглашаем авторов", "читайте нас в",
    "читайте наши новости в", "следите за новостями в", "самые важные новости",
    "самые интересные новости", "самое важное в telegram",
    "самое важное в телеграм", "будь в курсе", "будьте в курсе",
    "присоединяйтесь к нам", "наш telegram", "нашем telegram", "наш телеграм",
    "нашем телеграм", "наш канал в", "нашем канале в", "наш канал на",
    "если вы нашли ошибку", "нашли ошибку?", "нашли опечатку",
    "все права защищены", "при использовании материалов",
    "при копировании материалов", "перепечатка материалов",
    "в избранные источники", "написать автору", "сообщить новость",
    "поделиться в соцсетях", "получай последние", "получайте последние",
    NULL
};

/* ---- helpers -------------------------------------------------------- */

static int starts(const char *k, size_t kl, const char *p)
{
    if (kl == 0 || k[0] != p[0]) return 0;
    size_t pl = strlen(p);
    return kl >= pl && memcmp(k, p, pl) == 0;
}

static int in_list(const char *w, size_t wl, const char *const *list)
{
    if (wl == 0) return 0;
    for (size_t i = 0; list[i]; i++)
        /* w may hold NUL bytes: compare lengths first, then bytes */
        if (list[i][0] == w[0] && strnlen(list[i], wl + 1) == wl && memcmp(list[i], w, wl) == 0)
            return 1;
    return 0;
}

/* Strip decoration from a folded key: leading/trailing spaces, '|',
 * ':', '-', '.', '>' and a trailing count "(12)" / "12". */
static void strip_deco(const char **k, size_t *kl, int strip_count)
{
    const char *p = *k;
    size_t n = *kl;
    while (n && strchr(" |:->.#*", p[0])) { p++; n--; }
    for (;;) {
        while (n && strchr(" |:->.#*", p[n - 1])) n--;
        if (!strip_count || n == 0) break;
        size_t m = n;
        if (p[m - 1] == ')') {
            m--;
            while (m && p[m - 1] >= '0' && p[m - 1] <= '9') m--;
            if (m && p[m - 1] == '(' && m < n - 1) { n = m - 1; continue; }
            break;
        }
        while (m && p[m - 1] >= '0' && p[m - 1] <= '9') m--;
        if (m < n && m > 0 && p[m - 1] == ' ') { n = m; continue; }
        break;
    }
    /* a leading count: "12 comments" */
    if (strip_count) {
        size_t m = 0;
        while (m < n && p[m] >= '0' && p[m] <= '9') m++;
        if (m > 0 && m < n && p[m] == ' ') { p += m + 1; n -= m + 1; }
    }
    *k = p;
    *kl = n;
}

/* Phrases start at word starts, so only those positions are tried, and
 * the first two bytes are compared inline before memcmp (Cyrillic text
 * shares its first byte everywhere, which made a memchr scan slow). */
int braid_text_is_promo(const char *key, size_t klen)
{
    if (klen < 10) return 0;  /* shorter than any phrase */
    for (size_t i = 0; i + 2 <= klen; i++) {
        if (i > 0 && key[i - 1] != ' ' && key[i - 1] != '"' && key[i - 1] != '(' &&
            key[i - 1] != '|')
            continue;
        for (size_t j = 0; promo_phrases[j]; j++) {
            const char *p = promo_phrases[j];
            if (p[0] != key[i] || p[1] != key[i + 1]) continue;
            size_t pl = strlen(p);
            if (pl <= klen - i && memcmp(key + i, p, pl) == 0) return 1;
        }
    }
    return 0;
}

static size_t marker_in(const char *key, size_t klen, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (starts(key, klen, list[i])) return strlen(list[i]);
    return 0;
}

size_t braid_text_trailer_marker(const char *key, size_t klen)
{
    size_t m = marker_in(key, klen, source_marks);
    if (m) return m;
    /* "фото " alone is too loose inside running text: require a colon or
     * dash form there */
    for (size_t i = 0; credit_marks[i]; i++) {
        const char *c = credit_marks[i];
        size_t cl = strlen(c);
        if (c[cl - 1] == ' ' && strcmp(c, "(c) ") && strcmp(c, "(с) "))
            continue;
        if (starts(key, klen, c)) return cl;
    }
    return 0;
}

/* Inside running text only the explicit two-word markers count: "Read:"
 * or "По теме:" also open ordinary sentences and quotes (found on the
 * toloka texts: "…Read: 'I Wouldn't Be Against Pep Coming Back' The
 * Bavarians currently sit third…" lost an article sentence). */
static const char *const related_inline[] = {
    "читайте также:", "читайте также -", "читать также:", "смотрите также:",
    "read also:", "also read:", "see also:", "read more:", NULL
};

size_t braid_text_relitem_marker(const char *key, size_t klen)
{
    return marker_in(key, klen, related_inline);
}

/* ---- URLs ----------------------------------------------------------- */

static int url_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("-._~:/?#[]@!$&'()*+,;=%", c) != NULL || c >= 0x80;
}

static int has_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == ' ' || s[i] == '\t') return 1;
    return 0;
}

int braid_text_is_url(const char *s, size_t len)
{
    /* allow <…> or (…) around it */
    while (len && strchr("<([", s[0])) { s++; len--; }
    while (len && strchr(">)].,;", s[len - 1])) len--;
    if (len < 8 || has_space(s, len)) return 0;
    if (!(len > 7 && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
                      strncmp(s, "www.", 4) == 0 || strncmp(s, "ftp://", 6) == 0)))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!url_char((unsigned char)s[i])) return 0;
    return 1;
}

int braid_text_is_url_tail(const char *s, size_t len)
{
    if (len == 0 || len > 400 || has_space(s, len)) return 0;
    int mark = 0, letters = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) return 0;             /* URLs are percent-encoded */
        if (!url_char(c)) return 0;
        if (strchr("/?=&%#_", c)) mark = 1;
        if (c == '.' && i + 1 < len) mark = 1;
        letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    /* "html", "php" alone, or a path piece */
    return mark || (len <= 6 && letters == (int)len);
}

/* ---- dates ---------------------------------------------------------- */

static const char *const month_words[] = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
    "сентября", "октября", "ноября", "декабря", "январь", "февраль", "март",
    "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
    "декабрь", "янв", "фев", "мар", "апр", "июн", "июл", "авг", "сен", "сент",
    "окт", "ноя", "дек",
    NULL
};
static const char *const date_fill[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "понедельник", "вторник",
    "среда", "среду", "четверг", "пятница", "пятницу", "суббота", "субботу",
    "воскресенье", "пн", "вт", "ср", "чт", "пт", "сб", "вс", "at", "on", "в",
    "г", "года", "год", "am", "pm", "a", "p", "m", "utc", "gmt", "msk", "мск",
    "est", "edt", "pst", "cet", "ago", "назад", "min", "mins", "minute", "minutes",
    "hour", "hours", "h", "hr", "hrs", "day", "days", "week", "weeks", "мин",
    "минуту", "минуты", "минут", "час", "часа", "часов", "ч", "дня", "дней",
    "день", "неделю", "недели", "updated", "обновлено", "published",
    "опубликовано", "posted", "st", "nd", "rd", "th", "today", "yesterday",
    "сегодня", "вчера", "just", "now", "только", "что", "and", "и",
    NULL
};
static const char *const date_anchor[] = {
    "today", "yesterday", "сегодня", "вчера", "ago", "назад", NULL
};

typedef struct date_run {
    size_t tokens, numbers, year, months, anchors;
    int time;         /* "11:40" or "11: 40"                        */
    int numeric_date; /* 12.11.2019, 2019-11-12, 12/11/2019         */
} date_run;

/* Tokens of a folded key: runs of letters/digits (bytes ≥ 0x80 count as
 * letters; ASCII punctuation, '|' and spaces separate).  `sep` is the
 * last punctuation character before the token (' ' when only spaces). */
typedef struct tok { size_t a, b; char sep; unsigned char cls; } tok;

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '_' || c == '\'';
}

static size_t tokenize(const char *k, size_t kl, tok *t, size_t max)
{
    size_t n = 0, i = 0;
    char sep = 0;
    while (i < kl && n < max) {
        unsigned char c = (unsigned char)k[i];
        /* '|' stands for non-ASCII punctuation: a separator, not a letter */
        if (!word_byte(c) || c == '|') {
            if (c != ' ') sep = (char)c;
            else if (!sep) sep = ' ';
            i++;
            continue;
        }
        size_t a = i;
        while (i < kl && word_byte((unsigned char)k[i]) && k[i] != '|') i++;
        t[n].a = a;
        t[n].b = i;
        t[n].sep = sep;
        t[n].cls = 0;
        n++;
        sep = 0;
    }
    return n;
}

enum { DW_NONE = 0, DW_NUM, DW_MONTH, DW_ANCHOR, DW_FILL };

static int all_digits(const char *w, size_t wl)
{
    if (!wl) return 0;
    for (size_t i = 0; i < wl; i++)
        if (w[i] < '0' || w[i] > '9') return 0;
    return 1;
}

static int date_word(const char *w, size_t wl)
{
    if (all_digits(w, wl)) return wl <= 4 ? DW_NUM : DW_NONE;
    if (wl >= 3 && wl <= 4 && w[0] >= '0' && w[0] <= '9') { /* 8th, 21st */
        size_t d = 0;
        while (d < wl && w[d] >= '0' && w[d] <= '9') d++;
        if (in_list(w + d, wl - d, date_fill)) return DW_NUM;
    }
    if (in_list(w, wl, month_words)) return DW_MONTH;
    if (in_list(w, wl, date_anchor)) return DW_ANCHOR;
    if (in_list(w, wl, date_fill)) return DW_FILL;
    return DW_NONE;
}

static int run_is_date(const date_run *r)
{
    if (r->tokens == 0) return 0;
    if (r->time || r->numeric_date) return 1;
    if (r->months && r->numbers) return 1;
    if (r->anchors && (r->numbers || r->tokens <= 2)) return 1;
    return 0;
}

static int run_is_strong_date(const date_run *r)
{
    return r->time || r->numeric_date || (r->months && r->numbers && r->year);
}

/* Longest run of date tokens at the start (dir > 0) or end (dir < 0);
 * its statistics count links (':' '.' '/' '-') only inside the run. */
static size_t date_edge(const char *k, tok *t, size_t n, int dir, date_run *r)
{
    memset(r, 0, sizeof *r);
    size_t c = 0;
    while (c < n) {
        size_t i = dir > 0 ? c : n - 1 - c;
        if (!t[i].cls) t[i].cls = (unsigned char)(date_word(k + t[i].a, t[i].b - t[i].a) + 1);
        if (t[i].cls == DW_NONE + 1) break;
        c++;
    }
    size_t lo = dir > 0 ? 0 : n - c, hi = dir > 0 ? c : n;
    for (size_t i = lo; i < hi; i++) {
        size_t wl = t[i].b - t[i].a;
        int cls = t[i].cls - 1;
        if (cls == DW_NUM) {
            r->numbers++;
            if (wl == 4 && all_digits(k + t[i].a, wl) && (k[t[i].a] == '1' || k[t[i].a] == '2'))
                r->year++;
        }
        if (cls == DW_MONTH) r->months++;
        if (cls == DW_ANCHOR) r->anchors++;
        if (i > lo && cls == DW_NUM && t[i - 1].cls - 1 == DW_NUM) {
            size_t pl = t[i - 1].b - t[i - 1].a;
            if (t[i].sep == ':' && pl <= 2 && wl == 2) r->time = 1;
            /* 12.11.2019: separators tight, no spaces ("9 - 25 - 34" is a
             * list of numbers, not a date) */
            if (i > lo + 1 && (t[i].sep == '.' || t[i].sep == '/' || t[i].sep == '-') &&
                t[i - 1].sep == t[i].sep && t[i - 2].cls - 1 == DW_NUM &&
                t[i].a == t[i - 1].b + 1 && t[i - 1].a == t[i - 2].b + 1)
                r->numeric_date = 1;
        }
    }
    r->tokens = c;
    return c;
}

/* ---- classification ------------------------------------------------- */

static int ends_sentence(const char *s, size_t len)
{
    while (len && strchr("\"')]", s[len - 1])) len--;
    if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xBB) len -= 2;
    if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 && (unsigned char)s[len - 2] == 0x80 &&
        ((unsigned char)s[len - 1] == 0x9D || (unsigned char)s[len - 1] == 0x99))
        len -= 3;
    if (!len) return 0;
    char c = s[len - 1];
    return c == '.' || c == '!' || c == '?';
}

/* Sentence boundaries inside a line: a terminator, a space, then a
 * character that is not a lower-case letter.  A line with several
 * sentences is left to the sentence-level rules of text_para.c. */
static size_t sentence_breaks(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i + 2 < len; i++) {
        if (s[i] != '.' && s[i] != '!' && s[i] != '?') continue;
        if (s[i + 1] != ' ') continue;
        utf8proc_int32_t cp;
        if (utf8proc_iterate((const utf8proc_uint8_t *)s + i + 2, (utf8proc_ssize_t)(len - i - 2), &cp) > 0 &&
            utf8proc_category(cp) != UTF8PROC_CATEGORY_LL)
            n++;
    }
    return n;
}

/* Wrapped continuation lines start in lower case ("by the operator…"):
 * a byline starts with a capital. */
static int starts_upper(const char *s, size_t len)
{
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp) <= 0) return 0;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

text_kind braid_text_classify(const char *s, size_t len, size_t nchars)
{
    if (len == 0) return TK_BLANK;
    if (braid_text_is_url(s, len)) return TK_URL;

    char keybuf[TEXT_KEY_MAX];
    size_t kl = braid_text_fold(s, len, keybuf, sizeof keybuf);
    const char *k = keybuf;

    /* only punctuation/symbols: decoration (rules, bullets, "***") */
    {
        int alnum = 0;
        for (size_t i = 0; i < kl && !alnum; i++) {
            unsigned char c = (unsigned char)k[i];
            alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
        }
        if (!alnum) return nchars <= 80 ? TK_UI : TK_TEXT;
    }

    /* a quotation is somebody speaking, not the site's promo */
    if (nchars <= 300 && k[0] != '"' && sentence_breaks(s, len) <= 1 &&
        braid_text_is_promo(k, kl))
        return TK_PROMO;

    if (nchars <= 200) {
        /* the marker must be followed by a name, not a sentence:
         * "Source: Reuters" goes, "Source: a council official said …"
         * stays */
        tok mt[24];
        size_t cm = marker_in(k, kl, credit_marks);
        /* "фото " (no colon) only with a short tail: "Фото ТАСС" */
        if (cm && !(k[cm - 1] == ' ' && nchars > 60 && k[0] != '(') &&
            tokenize(k + cm, kl - cm, mt, 24) <= CREDIT_WORDS_MAX)
            return TK_CREDIT;
        size_t sm = marker_in(k, kl, source_marks);
        if (sm && tokenize(k + sm, kl - sm, mt, 24) <= SOURCE_WORDS_MAX) return TK_SOURCE;
    }

    const char *d = k;
    size_t dl = kl;
    if (nchars <= 60) {
        strip_deco(&d, &dl, 1);
        if (in_list(d, dl, related_heads)) return TK_RELATED;
        if (in_list(d, dl, comment_heads)) return TK_COMMENTS;
        d = k; dl = kl;
        strip_deco(&d, &dl, 0);
        if (in_list(d, dl, ui_lines)) {
            if (in_list(d, dl, presence_words)) return TK_PRESENCE;
            return TK_UI;
        }
    }
    if (nchars <= 200 && !ends_sentence(s, len)) {
        for (size_t i = 0; related_items[i]; i++)
            if (starts(k, kl, related_items[i]) && kl > strlen(related_items[i]) + 3)
                return TK_RELITEM;
    }

    /* bylines: "By Jane Doe", "By Coastal Times staff | 15 March 2024" */
    if (nchars <= 90 && !ends_sentence(s, len) && starts_upper(s, len) &&
        marker_in(k, kl, byline_marks)) {
        tok bt[24];
        size_t bn = tokenize(k, kl, bt, 24);
        if (bn >= 2 && bn <= 14) return TK_BYLINE;
    }

    if (nchars > 90) return TK_TEXT;

    tok t[24];
    size_t n = tokenize(k, kl, t, 24);
    if (n == 0) return TK_UI;
    if (n == 24) return TK_TEXT;

    /* bare counts: "12", "+3", "2." */
    if (n == 1) {
        int digits = 1;
        for (size_t i = t[0].a; i < t[0].b; i++)
            if (k[i] < '0' || k[i] > '9') digits = 0;
        if (digits && t[0].b - t[0].a <= 6 && nchars <= 10) return TK_COUNT;
    }

    /* reply widgets: every token a reply word or a number, one core word */
    {
        int all = 1, core = 0;
        for (size_t i = 0; i < n && all; i++) {
            const char *w = k + t[i].a;
            size_t wl = t[i].b - t[i].a;
            int num = 1;
            for (size_t j = 0; j < wl; j++)
                if (w[j] < '0' || w[j] > '9') num = 0;
            if (num) continue;
            if (!in_list(w, wl, reply_words)) all = 0;
            else if (in_list(w, wl, reply_core)) core = 1;
        }
        if (all && core) return TK_REPLY;
    }

    /* presence: "ivan_k Online", "Мария Online" (≤ 4 tokens) */
    if (n >= 2 && n <= 4 && nchars <= 50) {
        const char *w = k + t[n - 1].a;
        size_t wl = t[n - 1].b - t[n - 1].a;
        if (in_list(w, wl, presence_words)) return TK_PRESENCE;
        /* "в сети" / "не в сети" */
        if (n >= 3 && wl == 8 && memcmp(w, "сети", 8) == 0 &&
            t[n - 2].b - t[n - 2].a == 2 && memcmp(k + t[n - 2].a, "в", 2) == 0)
            return TK_PRESENCE;
    }

    /* dates */
    date_run head, tail;
    size_t h = date_edge(k, t, n, 1, &head);
    if (h == n && run_is_date(&head)) return TK_DATE;
    size_t tl = date_edge(k, t, n, -1, &tail);
    if (tl > 0 && tl < n && run_is_strong_date(&tail)) {
        size_t pre = n - tl;
        if (pre <= 3 && nchars <= 70 && !ends_sentence(s, len)) return TK_META;
        if (pre >= 3) return TK_DATED;
    }
    if (h > 0 && h < n && run_is_strong_date(&head) && n - h >= 3) return TK_DATED;
    return TK_TEXT;
}

/* ---- reading a date line ---------------------------------------------- */

static const struct { const char *w; int m; } month_nums[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5},
    {"june", 6}, {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10},
    {"november", 11}, {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3},
    {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sep", 9}, {"sept", 9},
    {"oct", 10}, {"nov", 11}, {"dec", 12},
    {"января", 1}, {"февраля", 2}, {"марта", 3}, {"апреля", 4}, {"мая", 5},
    {"июня", 6}, {"июля", 7}, {"августа", 8}, {"сентября", 9}, {"октября", 10},
    {"ноября", 11}, {"декабря", 12}, {"янв", 1}, {"фев", 2}, {"мар", 3},
    {"апр", 4}, {"май", 5}, {"июн", 6}, {"июл", 7}, {"авг", 8}, {"сен", 9},
    {"сент", 9}, {"окт", 10}, {"ноя", 11}, {"дек", 12},
    {NULL, 0}
};

static int tok_num(const char *k, const tok *t, int *v)
{
    size_t wl = t->b - t->a;
    if (!all_digits(k + t->a, wl) || wl > 4) return 0;
    int n = 0;
    for (size_t i = t->a; i < t->b; i++) n = n * 10 + (k[i] - '0');
    *v = n;
    return 1;
}

/* The first absolute date (and time, when there is one) in a line:
 * "13.03.2024 23:40", "2024-03-13", "15 March 2024 07:20",
 * "8 ноября 2020 в 11: 40".  Writes "YYYY-MM-DDTHH:MM" (UTC assumed: a
 * plain-text dateline carries no zone) and returns 0, or -1. */
int braid_text_read_date(const char *s, size_t len, char out[64])
{
    char key[TEXT_KEY_MAX];
    size_t kl = braid_text_fold(s, len < 200 ? len : 200, key, sizeof key);
    tok t[24];
    size_t n = tokenize(key, kl, t, 24);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, v, w, x;
    for (size_t i = 0; i < n && !y; i++) {
        /* numeric: d.m.yyyy or yyyy-mm-dd, separators tight */
        if (i + 2 < n && tok_num(key, &t[i], &v) && tok_num(key, &t[i + 1], &w) &&
            tok_num(key, &t[i + 2], &x) && t[i + 1].sep == t[i + 2].sep &&
            (t[i + 1].sep == '.' || t[i + 1].sep == '-' || t[i + 1].sep == '/') &&
            t[i + 1].a == t[i].b + 1 && t[i + 2].a == t[i + 1].b + 1) {
            if (t[i].b - t[i].a == 4) { y = v; mo = w; d = x; }
            else if (t[i + 2].b - t[i + 2].a == 4) { d = v; mo = w; y = x; }
            if (y) { i += 2; continue; }
        }
        /* day month-word year */
        if (i + 2 < n && tok_num(key, &t[i], &v) && tok_num(key, &t[i + 2], &x) &&
            t[i + 2].b - t[i + 2].a == 4) {
            for (size_t m = 0; month_nums[m].w; m++) {
                size_t ml = strlen(month_nums[m].w);
                if (ml == t[i + 1].b - t[i + 1].a && memcmp(key + t[i + 1].a, month_nums[m].w, ml) == 0) {
                    d = v; mo = month_nums[m].m; y = x;
                    break;
                }
            }
        }
        /* month-word day year: "March 15, 2024" */
        if (!y && i + 2 < n && tok_num(key, &t[i + 1], &v) && tok_num(key, &t[i + 2], &x) &&
            t[i + 2].b - t[i + 2].a == 4) {
            for (size_t m = 0; month_nums[m].w; m++) {
                size_t ml = strlen(month_nums[m].w);
                if (ml == t[i].b - t[i].a && memcmp(key + t[i].a, month_nums[m].w, ml) == 0) {
                    d = v; mo = month_nums[m].m; y = x;
                    break;
                }
            }
        }
    }
    if (!y || mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1970 || y > 2200) return -1;
    for (size_t i = 0; i + 1 < n; i++) {
        if (tok_num(key, &t[i], &v) && tok_num(key, &t[i + 1], &w) && t[i + 1].sep == ':' &&
            t[i].b - t[i].a <= 2 && t[i + 1].b - t[i + 1].a == 2 && v < 24 && w < 60) {
            h = v;
            mi = w;
            break;
        }
    }
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d", y, mo, d, h, mi);
    return 0;
}
