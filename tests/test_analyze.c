/*
 * test_analyze.c — language-free anchors: name keys across scripts,
 * dates in their common forms, SimHash near-duplicates, the lexicon.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "analyze/analyzer.h"
#include "analyze/dates.h"
#include "analyze/entities.h"
#include "analyze/lexicon.h"
#include "analyze/speaker.h"
#include "analyze/tokenize.h"
#include "analyze/translit.h"
#include "sim/fingerprint.h"

static void key_of(braid_translit *t, const char *w, char *out)
{
    braid_translit_name_key(t, w, strlen(w), out, 64);
}

static void same_key(braid_translit *t, const char *a, const char *b)
{
    char ka[64], kb[64];
    key_of(t, a, ka);
    key_of(t, b, kb);
    if (!ka[0] || strcmp(ka, kb)) fail_msg("%s -> '%s' but %s -> '%s'", a, ka, b, kb);
}

static void test_name_keys(void **state)
{
    (void)state;
    braid_translit *t = braid_translit_new(NULL);
    assert_non_null(t);
    same_key(t, "эрдоган", "erdogan");
    same_key(t, "эрдогана", "erdogan"); /* genitive */
    same_key(t, "эрдоганом", "erdogan's");
    same_key(t, "путин", "putin");
    same_key(t, "путиным", "putin");
    same_key(t, "азербайджан", "azerbaijan");
    same_key(t, "карабах", "karabakh");
    same_key(t, "чавушоглу", "cavusoglu");
    same_key(t, "чавушоглу", "çavuşoğlu");
    same_key(t, "зеленский", "zelensky");
    same_key(t, "байден", "biden");
    same_key(t, "йенс", "jens"); /* Й for a German/Scandinavian J */
    same_key(t, "йенса", "jens");
    same_key(t, "юрий", "yuri");
    same_key(t, "ярослав", "yaroslav");
    same_key(t, "huawei华为", "huawei"); /* ideographs are no part of a key */
    /* and different names stay apart */
    char a[64], b[64];
    key_of(t, "путин", a);
    key_of(t, "трамп", b);
    assert_string_not_equal(a, b);
    key_of(t, "\xe4\xb8\xad\xe5\x9b\xbd", a); /* 中国 alone: no key */
    assert_string_equal(a, "");
    /* one consonant is too little to match on */
    assert_int_equal(braid_name_key_ascii("abe", 3, a, sizeof a), 0);
    /* cached answers are the same as fresh ones */
    key_of(t, "эрдогана", a);
    key_of(t, "эрдогана", b);
    assert_string_equal(a, b);
    braid_translit_free(t);
}

/* The table for the Russian alphabet gives ICU's Russian-Latin/BGN (whose
 * middle dots the ICU path drops as non-ASCII): every letter alone and
 * after every letter, the only context the rules look at. */
static void test_cyrillic_table_is_bgn(void **state)
{
    (void)state;
    braid_translit *t = braid_translit_new(NULL);
    assert_non_null(t);
    char w[8];
    int checked = 0;
    for (int a = -1; a < 33; a++)
        for (int b = 0; b < 33; b++) {
            size_t n = 0;
            int cp[2] = {a < 0 ? -1 : a == 32 ? 0x451 : 0x430 + a, b == 32 ? 0x451 : 0x430 + b};
            for (int k = 0; k < 2; k++)
                if (cp[k] >= 0) {
                    w[n++] = (char)(0xC0 | (cp[k] >> 6));
                    w[n++] = (char)(0x80 | (cp[k] & 0x3F));
                }
            buf fast = BUF_INIT, ref = BUF_INIT;
            assert_int_equal(braid_translit_latin(t, w, n, &fast), 0);
            assert_int_equal(braid_translit_latin_icu(t, w, n, &ref), 0);
            buf_putc(&fast, 0);
            buf_putc(&ref, 0);
            if (strcmp(fast.data, ref.data))
                fail_msg("'%.*s': table '%s', ICU '%s'", (int)n, w, fast.data, ref.data);
            buf_free(&fast);
            buf_free(&ref);
            checked++;
        }
    assert_int_equal(checked, 34 * 33);
    /* not the lower-case Russian alphabet: ICU's answer (Ukrainian і,
     * upper case, Latin mixed in) */
    static const char *const others[] = {"\xd1\x96\xd0\xb2", "\xd0\x9f\xd1\x83", "x\xd0\xb5"};
    for (size_t k = 0; k < 3; k++) {
        buf a = BUF_INIT, b = BUF_INIT;
        assert_int_equal(braid_translit_latin(t, others[k], strlen(others[k]), &a), 0);
        assert_int_equal(braid_translit_latin_icu(t, others[k], strlen(others[k]), &b), 0);
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        buf_free(&a);
        buf_free(&b);
    }
    braid_translit_free(t);
}

static size_t dates_of(braid_tokenizer *tk, const char *lang, const char *text, int64_t pub,
                       int32_t *out)
{
    braid_tokens ts;
    braid_tokens_init(&ts);
    assert_int_equal(braid_tokenize(tk, lang, text, strlen(text), &ts), 0);
    size_t n = braid_dates_find(text, &ts, pub, out, 16);
    braid_tokens_free(&ts);
    return n;
}

static void test_dates(void **state)
{
    (void)state;
    braid_tokenizer *tk = braid_tokenizer_new();
    int32_t d[16];
    const int32_t nov7 = braid_days_from_civil(2020, 11, 7);
    const int64_t pub = (int64_t)braid_days_from_civil(2020, 11, 9) * 86400 + 3600; /* Monday */
    const char *forms[] = {"7 ноября", "November 7", "Nov. 7", "7 Nov", "07.11.2020",
                           "2020-11-07", "7-го ноября", "on November 7, 2020", "7 ноября 2020 года"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        size_t n = dates_of(tk, i % 2 ? "en" : "ru", forms[i], pub, d);
        if (n != 1 || d[0] != nov7) fail_msg("'%s' gave %zu dates", forms[i], n);
    }
    /* weekdays resolve within three days of publication: Saturday the 7th */
    assert_int_equal(dates_of(tk, "en", "on Saturday", pub, d), 1);
    assert_int_equal(d[0], nov7);
    assert_int_equal(dates_of(tk, "ru", "в субботу", pub, d), 1);
    assert_int_equal(d[0], nov7);
    /* no publication time: weekdays still match each other */
    int32_t e[16];
    assert_int_equal(dates_of(tk, "en", "on Saturday", INT64_MIN, d), 1);
    assert_int_equal(dates_of(tk, "ru", "в субботу", INT64_MIN, e), 1);
    assert_int_equal(d[0], e[0]);
    /* not dates: "may" the verb, impossible days, bare numbers */
    assert_int_equal(dates_of(tk, "en", "they may 2 times", pub, d), 0);
    assert_int_equal(dates_of(tk, "en", "31.02.2020 and 45 November", pub, d), 0);
    /* a date late in the year read in January belongs to last year */
    int64_t jan = (int64_t)braid_days_from_civil(2021, 1, 3) * 86400;
    assert_int_equal(dates_of(tk, "en", "December 30", jan, d), 1);
    assert_int_equal(d[0], braid_days_from_civil(2020, 12, 30));
    braid_tokenizer_free(tk);
}

static void test_civil(void **state)
{
    (void)state;
    assert_int_equal(braid_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(braid_days_from_civil(2000, 3, 1), 11017);
    int y, m, d;
    braid_civil_from_days(braid_days_from_civil(2019, 11, 18), &y, &m, &d);
    assert_int_equal(y, 2019);
    assert_int_equal(m, 11);
    assert_int_equal(d, 18);
}

static uint64_t simhash_of(braid_tokenizer *tk, const char *text)
{
    braid_tokens ts;
    braid_tokens_init(&ts);
    assert_int_equal(braid_tokenize(tk, "en", text, strlen(text), &ts), 0);
    uint64_t h = braid_simhash(&ts, 0);
    braid_tokens_free(&ts);
    return h;
}

static void test_simhash(void **state)
{
    (void)state;
    braid_tokenizer *tk = braid_tokenizer_new();
    const char *a =
        "Turkish President Recep Tayyip Erdogan and Russian President Vladimir Putin agreed on "
        "Tuesday in Sochi to a joint patrol plan for northeast Syria, where Kurdish fighters must "
        "withdraw within 150 hours from a strip along the border, the Kremlin said in a statement "
        "after six hours of talks between the two leaders in the Black Sea resort.";
    /* the same wire copy with a byline and a trailer */
    const char *b =
        "By Staff Reporter. Turkish President Recep Tayyip Erdogan and Russian President Vladimir "
        "Putin agreed on Tuesday in Sochi to a joint patrol plan for northeast Syria, where Kurdish "
        "fighters must withdraw within 150 hours from a strip along the border, the Kremlin said "
        "in a statement after six hours of talks between the two leaders in the Black Sea resort. "
        "Read more.";
    const char *c =
        "The central bank kept its key rate unchanged at 6.5 percent on Friday, saying inflation "
        "slowed faster than expected in October while consumer lending kept growing and the "
        "economy showed signs of recovery after a weak first half of the year, analysts said.";
    uint64_t ha = simhash_of(tk, a), hb = simhash_of(tk, b), hc = simhash_of(tk, c);
    assert_true(braid_simhash_distance(ha, hb) <= 6);
    assert_true(braid_simhash_distance(ha, hc) > 12);
    assert_int_equal(simhash_of(tk, "too short to fingerprint"), 0);
    braid_tokenizer_free(tk);
}

static void test_lexicon(void **state)
{
    (void)state;
    struct stat st;
    if (stat(BRAID_LEXICON_DEFAULT, &st) != 0) {
        print_message("skipped: %s not installed (mueller7-dict)\n", BRAID_LEXICON_DEFAULT);
        skip();
    }
    braid_tokenizer *tk = braid_tokenizer_new();
    braid_lexicon *lx = braid_lexicon_load(NULL, tk, NULL);
    assert_non_null(lx);
    assert_true(braid_lexicon_size(lx) > 20000);
    /* война → war, землетрясение → earthquake, президент → president */
    struct { const char *ru, *en; } cases[] = {
        {"войн", "war"}, {"землетрясен", "earthquak"}, {"президент", "presid"}, {"матч", "match"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const braid_lex_tr *tr;
        size_t n = braid_lexicon_lookup(lx, cases[i].ru, strlen(cases[i].ru), &tr);
        int found = 0;
        for (size_t k = 0; k < n; k++) found |= !strcmp(tr[k].en_stem, cases[i].en);
        if (!found) fail_msg("%s has no translation %s", cases[i].ru, cases[i].en);
    }
    /* a missing file is an error, not a crash */
    braid_error err;
    assert_null(braid_lexicon_load("/nonexistent/mueller.dict.dz", tk, &err));
    assert_int_equal(err.code, BRAID_ENOTFOUND);
    braid_lexicon_free(lx);
    braid_tokenizer_free(tk);
}

static void test_analysis(void **state)
{
    (void)state;
    braid_analyzer *a = braid_analyzer_new(NULL, NULL);
    assert_non_null(a);
    const char *ru_title = "Путин и Эрдоган провели переговоры в Сочи";
    const char *ru = "Президент России Владимир Путин и президент Турции Реджеп Тайип Эрдоган "
                     "провели переговоры в Сочи 22 октября.";
    const char *en_title = "Putin and Erdogan hold talks in Sochi";
    const char *en = "Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan "
                     "held talks in Sochi on October 22.";
    braid_analysis x, y;
    int64_t pub = (int64_t)braid_days_from_civil(2019, 10, 22) * 86400;
    assert_int_equal(braid_analyze(a, "ru", ru_title, strlen(ru_title), ru, strlen(ru), pub, &x), 0);
    assert_int_equal(braid_analyze(a, "en", en_title, strlen(en_title), en, strlen(en), pub, &y), 0);
    /* shared names and the date, in features of both */
    size_t shared = 0;
    for (size_t i = 0, j = 0; i < x.n && j < y.n;) {
        if (x.f[i].id == y.f[j].id) {
            if (x.f[i].kind != BRAID_FEAT_TERM) shared++;
            i++, j++;
        } else if (x.f[i].id < y.f[j].id) i++;
        else j++;
    }
    assert_true(shared >= 5); /* Путин, Эрдоган, Сочи, Владимир, Реджеп..., 22 Oct */
    assert_int_equal(x.ndates, 1);
    assert_int_equal(y.ndates, 1);
    assert_int_equal(x.dates[0], y.dates[0]);
    assert_true(x.nnames >= 2);
    braid_analysis_free(&x);
    braid_analysis_free(&y);
    braid_analyzer_free(a);
}

/* is the token whose folded form is w marked as a name?  (fails when
 * no token is w) */
static int marked(const braid_tokens *ts, const uint8_t *ent, const char *w)
{
    for (size_t i = 0; i < ts->n; i++)
        if (ts->v[i].norm_len == strlen(w) && !memcmp(BRAID_TOK_NORM(ts, &ts->v[i]), w, strlen(w)))
            return ent[i];
    fail_msg("no token '%s'", w);
    return 0;
}

/* weekdays and months are capitalised in English but are not names, nor
 * are the words naming a page's format (ВИДЕО) or common-noun
 * abbreviations (ДТП) */
static void test_date_words_not_names(void **state)
{
    (void)state;
    braid_tokenizer *tk = braid_tokenizer_new();
    assert_non_null(tk);
    braid_tokens ts;
    braid_tokens_init(&ts);
    const char *t = "Storm hits coast. On Saturday, Mayor Lindqvist said the November repairs "
                    "in Marhaven would start.";
    const char *r = "Богдан поссорился с козлом (ВИДЕО) в Киеве, ФОТО";
    uint8_t ent[64];
    assert_int_equal(braid_tokenize(tk, "en", t, strlen(t), &ts), 0);
    assert_true(ts.n <= sizeof ent);
    braid_entities_mark(&ts, 0, ent);
    assert_false(marked(&ts, ent, "saturday"));
    assert_false(marked(&ts, ent, "november"));
    assert_true(marked(&ts, ent, "lindqvist"));
    assert_true(marked(&ts, ent, "marhaven"));
    assert_true(braid_date_word("saturday", 8));
    assert_false(braid_date_word("may", 3)); /* Theresa May */
    braid_tokens_clear(&ts);
    assert_int_equal(braid_tokenize(tk, "ru", r, strlen(r), &ts), 0);
    assert_true(ts.n <= sizeof ent);
    braid_entities_mark(&ts, 0, ent);
    assert_false(marked(&ts, ent, "видео"));
    assert_false(marked(&ts, ent, "фото"));
    assert_true(marked(&ts, ent, "киеве"));
    /* abbreviations of common nouns are no names; agencies are */
    const char *a = "В ДТП под Тулой пострадали восемь человек, сообщили СМИ и ГИБДД";
    braid_tokens_clear(&ts);
    assert_int_equal(braid_tokenize(tk, "ru", a, strlen(a), &ts), 0);
    assert_true(ts.n <= sizeof ent);
    braid_entities_mark(&ts, 0, ent);
    assert_false(marked(&ts, ent, "дтп"));
    assert_false(marked(&ts, ent, "сми"));
    assert_true(marked(&ts, ent, "гибдд"));
    assert_true(marked(&ts, ent, "тулой"));
    braid_tokens_free(&ts);
    braid_tokenizer_free(tk);
}

/* the folded forms of the title tokens speaker.c names, space-separated
 * ("" for none); body text confirms sentence-initial names */
static void speakers_of(braid_tokenizer *tk, const char *lang, const char *title,
                        const char *body, char *out, size_t cap)
{
    braid_tokens ts;
    braid_tokens_init(&ts);
    assert_int_equal(braid_tokenize(tk, lang, title, strlen(title), &ts), 0);
    size_t nt = ts.n;
    assert_int_equal(braid_tokenize(tk, lang, body, strlen(body), &ts), 0);
    uint8_t *ent = calloc(ts.n ? ts.n : 1, 1);
    assert_non_null(ent);
    braid_entities_mark(&ts, nt, ent);
    size_t sp[8];
    size_t n = braid_title_speakers(&ts, nt, ent, title, strlen(title), lang, sp, 8);
    out[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        const braid_token *t = &ts.v[sp[k]];
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s%.*s", l ? " " : "", (int)t->norm_len, BRAID_TOK_NORM(&ts, t));
    }
    free(ent);
    braid_tokens_free(&ts);
}

static void speaker_is(braid_tokenizer *tk, const char *lang, const char *title, const char *body,
                       const char *want)
{
    char got[256];
    speakers_of(tk, lang, title, body, got, sizeof got);
    if (strcmp(got, want)) fail_msg("'%s': speakers '%s', want '%s'", title, got, want);
}

/* who a headline says is speaking (speaker.c) */
static void test_title_speakers(void **state)
{
    (void)state;
    braid_tokenizer *tk = braid_tokenizer_new();
    assert_non_null(tk);
    const char *body = "Об этом сообщили Вострецов, Пушков, Кудрин, Холанд и Степанов.";
    speaker_is(tk, "ru", "ПНС Ливии заметает следы: Вострецов заявил, что террористы боятся фильма",
               body, "вострецов");
    speaker_is(tk, "ru", "Пушков назвал материал Bloomberg враждебным", body, "пушков");
    speaker_is(tk, "ru", "Кудрин: На борьбу с бедностью уйдет 2,5 трлн рублей", body, "кудрин");
    speaker_is(tk, "ru", "Холанд о голе в ворота «Шальке»: Не удивлен, я усердно работал", body,
               "холанд");
    speaker_is(tk, "ru", "До 22 июня проведение концертов в Украине невозможно – Степанов", body,
               "степанов");
    speaker_is(tk, "en", "Johnson's Brexit would be Thatcherism on steroids, says Corbyn",
               "Labour leader Jeremy Corbyn spoke in London.", "corbyn");
    speaker_is(tk, "en", "Corbyn tells voters Brexit can be settled in six months",
               "Labour leader Jeremy Corbyn spoke in London.", "corbyn");
    /* the clause after "says" has a subject of its own */
    speaker_is(tk, "en", "Vostretsov says GNA militants fear the film",
               "MP Sergei Vostretsov spoke of the GNA.", "vostretsov");
    /* no speaker: a place where someone spoke, the press, a name inside
     * a phrase, a format marker, a site's name after a dash, a language
     * without a list of verbs of saying */
    speaker_is(tk, "ru", "В Кабмине рассказали о коллапсе в бюджетах", "В Кабмине решили.", "");
    speaker_is(tk, "ru", "СМИ: хакеры раскрыли часть компромата на Трампа", "СМИ и Трамп.", "");
    speaker_is(tk, "ru", "Схваченного боевиками ИГ жителя России признали погибшим",
               "Житель России погиб.", "");
    speaker_is(tk, "ru", "СРОЧНО: в Москве выпал снег", "В Москве выпал снег, сообщает СРОЧНО.",
               "");
    speaker_is(tk, "en", "Samsung W20 5G appears in hands-on video - Gizmochina",
               "The phone from Samsung, says Gizmochina.", "");
    speaker_is(tk, "fr", "Italie: léger répit pour Venise sous les eaux", "En Italie, Venise.", "");
    /* the verbs of saying are listed as Snowball stems: each form here
     * must stem to a listed one */
    const char *forms[2] = {"заявил заявила заявили сообщил сообщила рассказал назвала призвал "
                            "отметил предупредил ответил пообещал объяснил уточнил",
                            "says said tells told claims warns urges denies admits insists"};
    const char *langs[2] = {"ru", "en"};
    for (int l = 0; l < 2; l++) {
        braid_tokens ts;
        braid_tokens_init(&ts);
        assert_int_equal(braid_tokenize(tk, langs[l], forms[l], strlen(forms[l]), &ts), 0);
        assert_true(ts.n >= 10);
        for (size_t i = 0; i < ts.n; i++) {
            const braid_token *t = &ts.v[i];
            if (!braid_speech_stem(langs[l], BRAID_TOK_STEM(&ts, t), t->stem_len))
                fail_msg("%.*s -> %.*s is not a verb of saying", (int)t->norm_len,
                         BRAID_TOK_NORM(&ts, t), (int)t->stem_len, BRAID_TOK_STEM(&ts, t));
        }
        braid_tokens_free(&ts);
    }
    assert_false(braid_speech_stem("ru", "похит", 10)); /* похитили: an act, not a statement */
    braid_tokenizer_free(tk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_keys),
        cmocka_unit_test(test_cyrillic_table_is_bgn), cmocka_unit_test(test_dates),
        cmocka_unit_test(test_civil),     cmocka_unit_test(test_simhash),
        cmocka_unit_test(test_lexicon),   cmocka_unit_test(test_analysis),
        cmocka_unit_test(test_date_words_not_names),
        cmocka_unit_test(test_title_speakers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
