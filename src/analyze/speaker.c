/*
 * speaker.c — the names a headline attributes a statement to.
 *
 * A statement is an event whose who is its author: "Вострецов заявил,
 * что террористы боятся резонанса фильма" and "Боевики ПНС похитили
 * замглавы Аудиторского бюро из-за фильма" share a story and most of
 * their words, but the first is Vostretsov's statement and the second an
 * abduction, and a report that never names Vostretsov does not report
 * what he said.  Headlines mark their speaker in a few fixed ways, read
 * here from the title's tokens and the punctuation between them:
 *
 *   - a name right before a verb of saying ("Пушков назвал", "Corbyn
 *     says", "В Кремле заявили"), or, in English, right after say/said/
 *     tell ("..., says Corbyn");
 *   - a name opening the headline before a colon ("Кудрин: ...",
 *     "Lippi: ..."), or before "о/об/про/on ... :" ("Холанд о голе в
 *     ворота «Шальке»: Не удивлен");
 *   - a name closing the headline after a dash ("... невозможно –
 *     Степанов").
 *
 * A name is a run of up to three consecutive name tokens (entities.c).
 * The verbs of saying are a short list of Snowball stems per language
 * (Russian and English, the languages with a lexicon); words that name
 * the press in general (СМИ, ЗМІ, media, sources) are no speakers: "СМИ: хакеры
 * раскрыли компромат" is the hackers' act, reported.  Other languages
 * get the colon and dash patterns only.
 */
#include "analyze/speaker.h"

#include <string.h>

/* Snowball stems (libstemmer) of verbs of saying: past, present and
 * future forms of заявить, сообщить, рассказать, назвать ... and says,
 * said, told, warns ...; checked against the stemmer's output in
 * tests/test_analyze.c. */
static const char *const ru_speech[] = {
    "возмут",  "высказа", "выступ", "говор",  "гроз",     "допуст",   "заяв",
    "заявля",  "назва",   "называ", "напомн", "обвин",    "обеща",    "объясн",
    "опроверг", "опровергл", "ответ", "отмет", "оцен",     "подел",    "подтверд",
    "пожалова", "пообеща", "посоветова", "потребова", "поясн", "предлож", "предупред",
    "пригроз", "призва",  "призна", "призыва", "прокомментирова", "раскритикова", "рассказа",
    "рассказыва", "сказа", "сообщ", "сообща", "сочл", "счел", "счита", "увер", "указа",
    "уточн",
};

static const char *const en_speech[] = {
    "accus", "admit", "argu",   "ask",    "blast",   "claim",  "comment", "confirm",
    "critic", "criticis", "defend", "deni", "explain", "hail",  "insist",  "predict",
    "repli", "respond", "reveal", "said",   "say",     "slam",   "suggest", "tell",
    "threaten", "told",  "urg",    "vow",    "warn",
};

/* English verbs after which the speaker follows: "..., says Corbyn" */
static const char *const en_speech_after[] = {"said", "say", "tell", "told"};

/* prepositions: a name after one is a place or an institution where
 * someone spoke ("в Кабмине рассказали"), not the speaker */
static const char *const ru_prep[] = {"в", "во", "на", "у", "из", "при", "от", "с", "со", "к", "по", "за"};
static const char *const en_prep[] = {"in", "at", "from", "of", "to", "by", "for", "on"};

/* the press in general, not a speaker (folded forms) */
static const char *const press[] = {"сми",    "змі",    "медиа",   "источник", "источники",
                                    "джерело", "media", "report", "reports",  "source",
                                    "sources"};

static int in_list(const char *const *list, size_t n, const char *s, size_t len)
{
    if (len < 2) return 0; /* every entry has two bytes or more */
    for (size_t i = 0; i < n; i++) /* two bytes first: this runs per title token */
        if (list[i][0] == s[0] && list[i][1] == s[1] && strlen(list[i]) == len &&
            !memcmp(list[i], s, len))
            return 1;
    return 0;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* characters (not bytes) of a UTF-8 string */
static size_t letters(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

int braid_speech_stem(const char *lang, const char *stem, size_t len)
{
    if (!lang) return 0;
    if (!strcmp(lang, "ru")) return in_list(ru_speech, N(ru_speech), stem, len);
    if (!strcmp(lang, "en")) return in_list(en_speech, N(en_speech), stem, len);
    return 0;
}

/* the source bytes between tokens a and b (a < b), or after a when b is
 * past the end */
static int gap_has(const braid_tokens *ts, size_t a, size_t b, size_t nt, const char *title,
                   size_t title_len, const char *what)
{
    size_t from = ts->v[a].src_off + ts->v[a].src_len;
    size_t to = b < nt ? ts->v[b].src_off : title_len;
    if (to > title_len) to = title_len;
    size_t wl = strlen(what);
    for (size_t i = from; i + wl <= to; i++)
        if (!memcmp(title + i, what, wl)) return 1;
    return 0;
}

static int gap_dash(const braid_tokens *ts, size_t a, size_t b, size_t nt, const char *title,
                    size_t title_len)
{
    return gap_has(ts, a, b, nt, title, title_len, " - ") ||
           gap_has(ts, a, b, nt, title, title_len, "\xE2\x80\x94") || /* — */
           gap_has(ts, a, b, nt, title, title_len, "\xE2\x80\x93");   /* – */
}

/* a token that can be part of a speaker's name: a name, not the press,
 * and not a long word in capitals (URGENTE:, ОФИЦИАЛНО:, WATCH: are
 * format markers; capitalised names of speakers are abbreviations: МИД,
 * ВОЗ, FBI) */
static int name_tok(const braid_tokens *ts, const uint8_t *is_ent, size_t i)
{
    if (!is_ent[i]) return 0;
    const braid_token *t = &ts->v[i];
    if ((t->flags & BRAID_TOK_ALLCAPS) && letters(BRAID_TOK_NORM(ts, t), t->norm_len) >= 5) return 0;
    return !in_list(press, N(press), BRAID_TOK_NORM(ts, t), t->norm_len);
}

/* append the run of name tokens [from, to) */
static size_t add_run(size_t *out, size_t n, size_t max, size_t from, size_t to)
{
    for (size_t i = from; i < to && n < max; i++) {
        size_t k = 0;
        while (k < n && out[k] != i) k++;
        if (k == n) out[n++] = i;
    }
    return n;
}

/* the run of name tokens ending at `last` (inclusive), at most 3 long,
 * with nothing but spaces between its tokens; returns its first index */
static size_t run_back(const braid_tokens *ts, const uint8_t *is_ent, size_t last,
                       const char *title)
{
    size_t first = last;
    while (first > 0 && last - first < 2 && name_tok(ts, is_ent, first - 1)) {
        const braid_token *p = &ts->v[first - 1], *q = &ts->v[first];
        size_t gap = q->src_off - (p->src_off + p->src_len);
        int spaces = 1;
        for (size_t k = 0; k < gap; k++) spaces &= title[p->src_off + p->src_len + k] == ' ';
        if (!spaces) break;
        first--;
    }
    return first;
}

static size_t run_fwd(const braid_tokens *ts, const uint8_t *is_ent, size_t first, size_t nt,
                      const char *title)
{
    size_t end = first + 1;
    while (end < nt && end - first < 3 && name_tok(ts, is_ent, end)) {
        const braid_token *p = &ts->v[end - 1], *q = &ts->v[end];
        size_t gap = q->src_off - (p->src_off + p->src_len);
        int spaces = 1;
        for (size_t k = 0; k < gap; k++) spaces &= title[p->src_off + p->src_len + k] == ' ';
        if (!spaces) break;
        end++;
    }
    return end;
}

/* conjunctions after which a new clause, and so a subject, may start */
static const char *const ru_conj[] = {"и", "а", "но", "что", "как", "когда", "пока"};
static const char *const en_conj[] = {"and", "as", "but", "while", "after", "when", "that"};

/* Does the name run starting at token `first` open a clause, where a
 * subject stands?  At the headline's start (its first three tokens:
 * "Глава Минобороны Украины оценил"), after punctuation ("...следы:
 * Вострецов заявил", "«...», — Песков") or after a conjunction.  A name
 * inside a phrase is an attribute or an object: "Схваченного боевиками
 * ИГ жителя России признали погибшим" is not Russia speaking. */
static int clause_start(const braid_tokens *ts, size_t first, const char *title, int ru)
{
    if (first <= 2) return 1;
    const braid_token *p = &ts->v[first - 1], *q = &ts->v[first];
    for (size_t k = p->src_off + p->src_len; k < q->src_off; k++) {
        unsigned char c = (unsigned char)title[k];
        if (c && strchr(":;,.!?(|\"'-", c)) return 1;
        /* a non-ASCII character between words: quotes and dashes (« — “),
         * not the no-break space (C2 A0) */
        if (c >= 0xC2 && !(c == 0xC2 && (unsigned char)title[k + 1] == 0xA0)) return 1;
    }
    const char *w = BRAID_TOK_NORM(ts, p);
    return ru ? in_list(ru_conj, N(ru_conj), w, p->norm_len)
              : in_list(en_conj, N(en_conj), w, p->norm_len);
}

size_t braid_title_speakers(const braid_tokens *ts, size_t nt, const uint8_t *is_ent,
                            const char *title, size_t title_len, const char *lang, size_t *out,
                            size_t max)
{
    size_t n = 0;
    const int en = lang && !strcmp(lang, "en"), ru = lang && !strcmp(lang, "ru");
    if (!nt || !title || !(en || ru)) return 0;
    /* a name before (or, for say/said/tell, after) a verb of saying */
    for (size_t i = 0; i < nt; i++) {
        const braid_token *t = &ts->v[i];
        const char *stem = BRAID_TOK_STEM(ts, t);
        if (!braid_speech_stem(lang, stem, t->stem_len)) continue;
        if (i > 0 && name_tok(ts, is_ent, i - 1) && !gap_has(ts, i - 1, i, nt, title, title_len, ":")) {
            size_t first = run_back(ts, is_ent, i - 1, title);
            const braid_token *p = first > 0 ? &ts->v[first - 1] : NULL;
            const char *pw = p ? BRAID_TOK_NORM(ts, p) : NULL;
            int prep = p && ((ru && in_list(ru_prep, N(ru_prep), pw, p->norm_len)) ||
                             (en && in_list(en_prep, N(en_prep), pw, p->norm_len)));
            if (!prep && clause_start(ts, first, title, ru)) n = add_run(out, n, max, first, i);
        }
        /* "..., says Corbyn": after a comma or a quotation, closing the
         * headline or its clause ("Vostretsov says GNA militants fear"
         * is Vostretsov speaking, not GNA) */
        if (en && i > 0 && i + 1 < nt && name_tok(ts, is_ent, i + 1) &&
            in_list(en_speech_after, N(en_speech_after), stem, t->stem_len) &&
            (gap_has(ts, i - 1, i, nt, title, title_len, ",") ||
             gap_has(ts, i - 1, i, nt, title, title_len, "'") ||
             gap_has(ts, i - 1, i, nt, title, title_len, "\"") ||
             gap_has(ts, i - 1, i, nt, title, title_len, "\xE2\x80\x99") ||
             gap_has(ts, i - 1, i, nt, title, title_len, "\xE2\x80\x9D"))) {
            size_t end = run_fwd(ts, is_ent, i + 1, nt, title);
            if (end == nt || clause_start(ts, end, title, 0))
                n = add_run(out, n, max, i + 1, end);
        }
    }
    /* "Name: ..." and "Name о/on ...: ..." opening the headline */
    if (name_tok(ts, is_ent, 0)) {
        size_t end = run_fwd(ts, is_ent, 0, nt, title);
        int colon = gap_has(ts, end - 1, end, nt, title, title_len, ":");
        if (!colon && end < nt) {
            const braid_token *t = &ts->v[end];
            const char *w = BRAID_TOK_NORM(ts, t);
            int about = (ru && ((t->norm_len == 2 && !memcmp(w, "о", 2)) ||
                                (t->norm_len == 4 && !memcmp(w, "об", 4)) ||
                                (t->norm_len == 6 && !memcmp(w, "про", 6)))) ||
                        (en && t->norm_len == 2 && !memcmp(w, "on", 2));
            if (about) colon = gap_has(ts, end, nt, nt, title, title_len, ":");
        }
        if (colon) n = add_run(out, n, max, 0, end);
    }
    /* "... – Name" closing the headline (Russian: in English the tail
     * after a dash is mostly the site's or the wire's name, "- Gizmochina",
     * "- RTRS") */
    if (ru && nt >= 2 && name_tok(ts, is_ent, nt - 1)) {
        size_t first = run_back(ts, is_ent, nt - 1, title);
        if (first > 0 && gap_dash(ts, first - 1, first, nt, title, title_len))
            n = add_run(out, n, max, first, nt);
    }
    return n;
}
