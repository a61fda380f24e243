/*
 * entities.c — named-entity candidates from capitalisation.
 *
 * Without a trained tagger (none is packaged for Russian and English in
 * Debian), the dependable signal is the one writers give: a word written
 * with a capital letter inside a sentence is a name (Erdogan, Карабах,
 * NATO, РФ).  A capitalised first word of a sentence is ambiguous; it
 * counts when the same word is also capitalised mid-sentence somewhere
 * in the text (compared by stem, so "Бресте" in a title meets "Брест"
 * in the text).  A title in title case ("Erdogan Meets Putin In Sochi",
 * half or more of its words capitalised) is not trusted on its own; a
 * title in sentence case is read like a sentence.  Stopwords, numbers,
 * weekdays and month names are never names, nor are one-letter tokens,
 * the words naming a page's format (ВИДЕО, PHOTOS: a headline anchor
 * missing from another report of the event, it cost the Toloka pair
 * "Богдан ... поссорился с козлом (ВИДЕО)" its match; ru honey 0.876 ->
 * 0.883) or abbreviations of common nouns (ДТП, СМИ, CEO: see not_names).  Names are matched per token, not per multi-word
 * sequence, because a token is what survives translation ("Владимир
 * Путин" / "Putin", "президент Турции Реджеп Тайип Эрдоган" / "Turkish
 * President Recep Tayyip Erdogan").
 */
#include "analyze/entities.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyze/dates.h"
#include "util/u64map.h"

/* Capitalised words that are no names (folded forms, byte-sorted in each
 * group; looked up by length and first byte):
 * - words naming the page's format, written in capitals in headlines
 *   ("Богдан в Киевском зоопарке поссорился с козлом (ВИДЕО)", "PHOTOS:"):
 *   as a headline anchor missing from the other report of the event they
 *   cost it the anchor penalty;
 * - abbreviations of common nouns, written in capitals like the names of
 *   organisations but naming a kind of thing: ДТП (a road accident), ЧП,
 *   СМИ, ЖКХ, CEO, GDP.  As names they were headline anchors every report
 *   of their kind shares: on the contest day "ДТП" held 47 road accidents
 *   in a dozen regions together as one thread (the anchor checks saw one
 *   name in all their headlines).  Organisations (МЧС, ГИБДД, NATO, ФСБ)
 *   stay names: an agency is one actor. */
#define W(s) {s, sizeof s - 1}
static const struct {
    const char *w;
    size_t len;
} not_names[] = {
    /* formats */
    W("audio"),  W("foto"),   W("fotos"),       W("infographic"), W("photo"),
    W("photos"), W("podcast"), W("updated"),    W("video"),       W("videos"),
    W("аудио"),  W("видео"),  W("відео"),       W("инфографика"), W("інфографіка"),
    W("обновлено"), W("оновлено"), W("подкаст"), W("фото"),       W("фоторепортаж"),
    /* common-noun abbreviations */
    W("atm"),    W("ceo"),    W("dna"),         W("gdp"),         W("hiv"),
    W("ipo"),    W("suv"),    W("ufo"),         W("vat"),
    W("азс"),    W("ввп"),    W("вич"),         W("вуз"),         W("днк"),
    W("дтп"),    W("жкх"),    W("ндс"),         W("орви"),        W("пдд"),
    W("пдв"),    W("сизо"),   W("сми"),         W("трц"),         W("тц"),
    W("чп"),
};
#undef W

/* called for every name candidate of pass 1: lengths first */
static int not_name(const char *w, size_t len)
{
    if (len < 3 || len > 24) return 0;
    for (size_t i = 0; i < sizeof not_names / sizeof not_names[0]; i++)
        if (not_names[i].len == len && not_names[i].w[0] == w[0] &&
            !memcmp(not_names[i].w, w, len))
            return 1;
    return 0;
}

static int candidate_shape(const braid_tokens *ts, const braid_token *t)
{
    if (t->flags & (BRAID_TOK_STOPWORD | BRAID_TOK_NUMBER)) return 0;
    if (!(t->flags & BRAID_TOK_CAPITALIZED)) return 0;
    /* English capitalises weekdays and months; dates.c reads those */
    if (braid_date_word(BRAID_TOK_NORM(ts, t), t->norm_len)) return 0;
    return t->norm_len >= 2;
}

static uint64_t stem_key(const braid_tokens *ts, const braid_token *t)
{
    return u64map_key(XXH3_64bits(BRAID_TOK_STEM(ts, t), t->stem_len));
}

size_t braid_entities_mark(const braid_tokens *ts, size_t body_start, uint8_t *is_ent)
{
    u64map sure;
    u64map_init(&sure);
    memset(is_ent, 0, ts->n);
    /* is the title in sentence case? */
    size_t words = 0, caps = 0;
    for (size_t i = 0; i < body_start; i++) {
        const braid_token *t = &ts->v[i];
        if (t->flags & BRAID_TOK_NUMBER) continue;
        words++;
        caps += (t->flags & BRAID_TOK_CAPITALIZED) != 0;
    }
    size_t from = caps * 2 < words ? 0 : body_start;
    /* pass 1: mid-sentence capitals and all-caps words */
    for (size_t i = from; i < ts->n; i++) {
        const braid_token *t = &ts->v[i];
        if (!candidate_shape(ts, t)) continue;
        if (!(t->flags & BRAID_TOK_SENT_START) || (t->flags & BRAID_TOK_ALLCAPS)) {
            if (not_name(BRAID_TOK_NORM(ts, t), t->norm_len)) continue;
            is_ent[i] = 1;
            uint64_t *v = u64map_put(&sure, stem_key(ts, t));
            if (v) *v = 1;
        }
    }
    /* pass 2: sentence-initial and title words known from pass 1 */
    size_t n = 0;
    for (size_t i = 0; i < ts->n; i++) {
        const braid_token *t = &ts->v[i];
        /* (a format word shares its stem with a name now and then:
         * "Update" / "Updated") */
        if (!is_ent[i] && candidate_shape(ts, t) && u64map_get(&sure, stem_key(ts, t)) &&
            !not_name(BRAID_TOK_NORM(ts, t), t->norm_len))
            is_ent[i] = 1;
        n += is_ent[i];
    }
    u64map_free(&sure);
    return n;
}
