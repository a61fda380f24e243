/*
 * test_extract_text.c — the plain-text cleaner (src/extract/text_*.c).
 *
 * Each fixture in tests/fixtures/text/ is a feed-style article written
 * for these tests; each test asserts what must stay (the article's own
 * sentences, the title) and what must go (comments, related headlines,
 * promo, credits, sources, bare URLs), plus how wrapped lines and
 * hyphenated breaks are re-joined.  The robustness tests feed empty,
 * binary-ish, huge and many-line input and check time-independent facts
 * (no crash, output within bounds).
 */
#include "testutil.h"
#include "doc.h"
#include "extract/extract.h"

typedef struct run {
    braid_doc *doc;
    char *src;
} run;

static run clean_with_title(const char *name, const char *title)
{
    run r;
    size_t n;
    char path[256];
    snprintf(path, sizeof path, "text/%s", name);
    r.src = fixture(path, &n);
    r.doc = braid_doc_new(name, path);
    assert_non_null(r.doc);
    if (title) assert_int_equal(braid_doc_setz(&r.doc->title, title), 0);
    braid_config cfg;
    braid_config_init(&cfg);
    braid_error err;
    assert_int_equal(braid_extract_text(r.src, n, &cfg, r.doc, &err), BRAID_OK);
    assert_non_null(r.doc->text);
    assert_int_equal(strlen(r.doc->text), r.doc->text_len);
    return r;
}

static run clean(const char *name) { return clean_with_title(name, NULL); }

static void done(run *r)
{
    braid_doc_free(r->doc);
    free(r->src);
}

static void has(const run *r, const char *s)
{
    if (!contains(r->doc->text, s)) fail_msg("expected in text: \"%s\"\n--- text:\n%s", s, r->doc->text);
}

static void lacks(const run *r, const char *s)
{
    if (contains(r->doc->text, s)) fail_msg("unexpected in text: \"%s\"\n--- text:\n%s", s, r->doc->text);
}

static void title_is(const run *r, const char *t)
{
    assert_non_null(r->doc->title);
    assert_string_equal(r->doc->title, t);
}

static size_t paragraphs(const run *r)
{
    size_t n = r->doc->text_len ? 1 : 0;
    for (const char *p = r->doc->text; (p = strstr(p, "\n\n")); p += 2) n++;
    return n;
}

/* ---- comment sections ------------------------------------------------ */

static void test_en_comments(void **state)
{
    (void)state;
    run r = clean("en_comments.txt");
    title_is(&r, "Harbour bridge to close for three weeks of repairs");
    has(&r, "replace corroded steel bearings");
    has(&r, "Doing the work now is far cheaper than an emergency closure next winter.");
    lacks(&r, "Comments");
    lacks(&r, "harbourwatcher");
    lacks(&r, "Online");
    lacks(&r, "8 November 2020");
    lacks(&r, "The ferry will be packed");
    lacks(&r, "they finally fix it");
    lacks(&r, "Reply");
    assert_int_equal(paragraphs(&r), 3);
    /* comment time stamps are not the article's date */
    assert_null(r.doc->published);
    done(&r);
}

static void test_ru_comments(void **state)
{
    (void)state;
    run r = clean("ru_comments.txt");
    title_is(&r, "В Самаре открыли новый пешеходный мост через Волгу");
    has(&r, "Длина моста составляет 640 метров.");
    has(&r, "заявил мэр на церемонии открытия");
    lacks(&r, "Комментарии");
    lacks(&r, "Андрей_63");
    lacks(&r, "Ждали этот мост");
    lacks(&r, "Ответить");
    lacks(&r, "Обещали, что будут");
    done(&r);
}

/* ---- related blocks and teasers -------------------------------------- */

static void test_en_related(void **state)
{
    (void)state;
    run r = clean("en_related.txt");
    title_is(&r, "Northfield wins regional cup after penalty shootout");
    has(&r, "Goalkeeper Tom Birch saved two penalties");
    has(&r, "we never stopped running");
    has(&r, "Northfield will now play in the national qualifying round next month.");
    lacks(&r, "Related articles");
    lacks(&r, "Eastmoor sack coach");
    lacks(&r, "Editor's choice");
    lacks(&r, "new stadium plan");
    lacks(&r, "25,000 spectators");
    lacks(&r, "ferry timetable");
    /* the repeated teaser at the end appears once */
    const char *first = strstr(r.doc->text, "national qualifying round");
    assert_non_null(first);
    assert_null(strstr(first + 1, "national qualifying round"));
    assert_int_equal(paragraphs(&r), 4);
    done(&r);
}

static void test_ru_related(void **state)
{
    (void)state;
    run r = clean("ru_related.txt");
    has(&r, "Две шайбы у россиян забросил нападающий Кирилл Семёнов");
    has(&r, "«Ребята выполнили установку полностью», — сказал он.");
    lacks(&r, "Читайте также");
    lacks(&r, "Финны назвали состав");
    lacks(&r, "Похожие новости");
    lacks(&r, "Шведы разгромили чехов");
    lacks(&r, "Выбор редакции");
    lacks(&r, "чемпионат КХЛ");
    lacks(&r, "Популярное");
    lacks(&r, "лучшим бомбардиром");
    const char *first = strstr(r.doc->text, "одержала победу");
    assert_non_null(first);
    assert_null(strstr(first + 1, "одержала победу"));
    assert_int_equal(paragraphs(&r), 3);
    done(&r);
}

/* ---- promo, credits, sources, URLs ----------------------------------- */

static void test_en_promo(void **state)
{
    (void)state;
    run r = clean("en_promo.txt");
    has(&r, "Sales of household heat pumps doubled");
    /* a URL inside a sentence stays */
    has(&r, "Its full report is available at https://example.org/reports/heat-pumps-2022 for anyone");
    has(&r, "as long as government grants remain in place.");
    lacks(&r, "Photo:");
    lacks(&r, "Karen Miles");
    lacks(&r, "Used photos");
    lacks(&r, "open to cooperation");
    lacks(&r, "sign in");
    lacks(&r, "Source:");
    lacks(&r, "Original url");
    lacks(&r, "heat-pump-sales-double");
    assert_int_equal(paragraphs(&r), 3);
    done(&r);
}

static void test_ru_promo(void **state)
{
    (void)state;
    run r = clean("ru_promo.txt");
    title_is(&r, "В Новосибирске запустили первый электробус");
    has(&r, "вышел первый электробус");
    has(&r, "Зарядные станции установят на двух конечных остановках.");
    lacks(&r, "Фото:");
    lacks(&r, "На фото");
    lacks(&r, "Подписывайтесь");
    lacks(&r, "оставить комментарий");
    lacks(&r, "открыты к сотрудничеству");
    lacks(&r, "Источник:");
    assert_int_equal(paragraphs(&r), 2);
    done(&r);
}

static void test_en_urls(void **state)
{
    (void)state;
    run r = clean("en_urls.txt");
    has(&r, "at www.example-museum.org/charts and downloaded");
    has(&r, "Curators said another 12,000 charts would follow next year.");
    lacks(&r, "collection?id=2291");
    lacks(&r, "maps-online-announcement");
    lacks(&r, "researchers-full-text.pdf");
    done(&r);
}

/* ---- one-line feeds: boilerplate glued into the paragraph ------------- */

static void test_en_oneline(void **state)
{
    (void)state;
    run r = clean("en_oneline.txt");
    assert_null(r.doc->title);   /* a whole article is not a headline */
    has(&r, "raised its key interest rate by half a percentage point");
    has(&r, "The krona strengthened by 0.8% against the euro after the announcement.");
    lacks(&r, "Subscribe");
    lacks(&r, "Source:");
    assert_int_equal(paragraphs(&r), 1);
    done(&r);
}

static void test_ru_oneline(void **state)
{
    (void)state;
    run r = clean("ru_oneline.txt");
    has(&r, "повысил ключевую ставку на 0,5 процентного пункта");
    has(&r, "Аналитики ожидали более скромного повышения.");
    lacks(&r, "Telegram");
    lacks(&r, "Подписывайтесь");
    lacks(&r, "Фото:");
    done(&r);
}

static void test_ru_oneline_read_also(void **state)
{
    (void)state;
    run r = clean("ru_oneline_readalso.txt");
    has(&r, "Музыканты сыграют 40 концертов в 32 городах.");
    has(&r, "Билеты поступят в продажу в пятницу.");
    lacks(&r, "Читайте также");
    lacks(&r, "первый альбом");
    lacks(&r, "новом проекте");
    done(&r);
}

/* ---- wrapped lines and hyphenation ----------------------------------- */

static void test_en_wrapped(void **state)
{
    (void)state;
    run r = clean("en_wrapped.txt");
    title_is(&r, "Storm Agnes leaves thousands without power");
    /* lines joined with one space */
    has(&r, "bringing gusts of up to 120 km/h and leaving about 40,000 homes without electricity, the grid operator");
    /* broken words re-joined, real compounds kept */
    has(&r, "could wait until Friday.");
    has(&r, "the well-known sea wall");
    has(&r, "the latest travel information on the council website");
    /* a URL broken at its own hyphen */
    has(&r, "https://example.org/travel/storm-agnes-road-closures-list.html and will be");
    /* short last lines end paragraphs */
    has(&r, "until Friday.\n\nThe seafront");
    has(&r, "every hour.\n\nSchools in three counties remain closed.");
    lacks(&r, "\n ");
    assert_int_equal(paragraphs(&r), 4);
    done(&r);
}

static void test_ru_wrapped(void **state)
{
    (void)state;
    run r = clean("ru_wrapped.txt");
    has(&r, "без электричества остались жители 34 населённых пунктов");
    has(&r, "По данным регионального правительства, больше всего");
    has(&r, "на северо-западе полуострова");
    has(&r, "Кто-то из жителей уже получил помощь");
    has(&r, "управлении МЧС.\n\nПо данным");
    assert_int_equal(paragraphs(&r), 3);
    done(&r);
}

static void test_wrapped_first_line_not_title(void **state)
{
    (void)state;
    run r = clean("en_wrapped_notitle.txt");
    assert_null(r.doc->title);
    has(&r, "The regional parliament voted on Tuesday to extend the fishing season by Three weeks, after");
    has(&r, "passed by 41 to 12.\n\nEnvironmental groups");
    done(&r);
}

/* ---- titles ----------------------------------------------------------- */

static void test_title_after_dates(void **state)
{
    (void)state;
    run r = clean("en_dateline.txt");
    title_is(&r, "Glassworks reopens after two-year restoration");
    /* the dateline above the headline gives the publication time */
    assert_non_null(r.doc->published);
    assert_string_equal(r.doc->published, "2020-11-12T09:30:00+00:00");
    has(&r, "reopened to visitors on Thursday");
    lacks(&r, "12 November 2020");
    lacks(&r, "Updated");
    lacks(&r, "Tweet");
    lacks(&r, "Share");
    done(&r);
}

static void test_no_title_for_sentence(void **state)
{
    (void)state;
    run r = clean("en_notitle.txt");
    assert_null(r.doc->title);
    has(&r, "The ministry said on Friday that it had approved the merger");
    has(&r, "Unions said they would seek guarantees");
    assert_int_equal(paragraphs(&r), 3);
    done(&r);
}

static void test_existing_title_kept(void **state)
{
    (void)state;
    const char *t = "Фонд «Северный ветер» построит ветропарк под Мурманском";
    run r = clean_with_title("ru_jsontitle.txt", t);
    title_is(&r, t);
    lacks(&r, "построит ветропарк под Мурманском");
    has(&r, "подписал соглашение с правительством Мурманской области");
    done(&r);

    /* a different JSON title: the first line stays in the text; a
     * published time the document already has is kept */
    r = clean_with_title("ru_jsontitle.txt", "Ветропарк за 27 млрд");
    title_is(&r, "Ветропарк за 27 млрд");
    assert_null(r.doc->published);
    has(&r, "построит ветропарк под Мурманском");
    done(&r);
}

/* ---- precision: article sentences that merely look like boilerplate --- */

static void test_en_precision(void **state)
{
    (void)state;
    run r = clean("en_precision.txt");
    has(&r, "more than 2,000 comments on its plan");
    has(&r, "Source: a council official who asked not to be named said");
    has(&r, "Residents who reply to the consultation");
    has(&r, "News of the decision spread quickly");
    has(&r, "Popular opposition to parking fees");
    has(&r, "\"We are open to cooperation with the council, but not on these terms,\"");
    has(&r, "Photographs taken by residents");
    assert_int_equal(paragraphs(&r), 8);
    done(&r);
}

static void test_ru_precision(void **state)
{
    (void)state;
    run r = clean("ru_precision.txt");
    has(&r, "сообщил источник в правоохранительных органах");
    has(&r, "Источник в силовых структурах сообщил");
    has(&r, "Фотографии из зала суда публикует пресс-служба ведомства.");
    has(&r, "Новости о задержании появились");
    has(&r, "Популярное в городе кафе");
    has(&r, "Комментарии к делу в администрации давать отказались.");
    assert_int_equal(paragraphs(&r), 8);
    done(&r);
}

static void test_en_feed_misc(void **state)
{
    (void)state;
    run r = clean("en_feed_misc.txt");
    title_is(&r, "Ferry operator orders two electric vessels");
    lacks(&r, "Tom Reeve");                          /* byline */
    assert_non_null(r.doc->published);               /* …and its date */
    assert_string_equal(r.doc->published, "2023-06-04T08:10:00+00:00");
    has(&r, "The ferries will carry 400 passengers and 60 cars each.");
    has(&r, "9 – 25 – 34 – 43 – 12.");                /* numbers, not a date */
    lacks(&r, "shipyard…");                          /* truncated teaser */
    lacks(&r, "Harbour fees");                       /* dated headline list */
    lacks(&r, "Port workers vote");
    assert_int_equal(paragraphs(&r), 3);
    done(&r);
}

/* ---- robustness -------------------------------------------------------- */

static braid_status clean_bytes(const char *s, size_t n, braid_doc **out)
{
    braid_doc *d = braid_doc_new("x", "x");
    assert_non_null(d);
    braid_config cfg;
    braid_config_init(&cfg);
    braid_status st = braid_extract_text(s, n, &cfg, d, NULL);
    *out = d;
    return st;
}

static void test_empty_and_blank(void **state)
{
    (void)state;
    braid_doc *d;
    assert_int_equal(clean_bytes("", 0, &d), BRAID_OK);
    assert_int_equal(d->text_len, 0);
    assert_string_equal(d->text, "");
    braid_doc_free(d);
    assert_int_equal(clean_bytes(" \n\r\n\t\n\xC2\xA0\n", 9, &d), BRAID_OK);
    assert_int_equal(d->text_len, 0);
    assert_null(d->title);
    braid_doc_free(d);
    /* embedded NUL and control bytes */
    static const char z[] = "Fire at depot\n\nA fire\0 broke out.\x01\n";
    assert_int_equal(clean_bytes(z, sizeof z - 1, &d), BRAID_OK);
    assert_true(d->text_len > 0);
    braid_doc_free(d);
    /* a NUL right after a table word ("Comment\0…", "at\0"): found by
     * fuzzing, read past the table entry before */
    static const char y[] = "Museum opens at 10.\n\nComment\0\0\0\xEF\xBF\xBD" "arboue.\n"
                            "at\0\nReply\0\n";
    assert_int_equal(clean_bytes(y, sizeof y - 1, &d), BRAID_OK);
    assert_true(contains(d->text, "Museum opens at 10."));
    braid_doc_free(d);
}

static void test_huge_line(void **state)
{
    (void)state;
    size_t n = 8u << 20; /* 8 MB, one line */
    char *s = malloc(n);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) s[i] = (i % 97 == 96) ? '.' : (i % 7 == 6 ? ' ' : 'a');
    braid_doc *d;
    assert_int_equal(clean_bytes(s, n, &d), BRAID_OK);
    assert_true(d->text_len > n / 2 && d->text_len <= n);
    braid_doc_free(d);
    free(s);
}

static void test_many_lines(void **state)
{
    (void)state;
    /* a million short lines, alternating boilerplate kinds */
    const char *pat[] = {"Reply\n", "12\n", "word-\n", "x\n", "\n", "Online\n", "http://a.b/c\n"};
    size_t n = 0, m = 1000000;
    char *s = malloc(m * 16);
    assert_non_null(s);
    for (size_t i = 0; i < m; i++) {
        const char *p = pat[i % 7];
        size_t l = strlen(p);
        memcpy(s + n, p, l);
        n += l;
    }
    braid_doc *d;
    assert_int_equal(clean_bytes(s, n, &d), BRAID_OK);
    assert_true(d->text_len <= n);
    braid_doc_free(d);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_en_comments),
        cmocka_unit_test(test_ru_comments),
        cmocka_unit_test(test_en_related),
        cmocka_unit_test(test_ru_related),
        cmocka_unit_test(test_en_promo),
        cmocka_unit_test(test_ru_promo),
        cmocka_unit_test(test_en_urls),
        cmocka_unit_test(test_en_oneline),
        cmocka_unit_test(test_ru_oneline),
        cmocka_unit_test(test_ru_oneline_read_also),
        cmocka_unit_test(test_en_wrapped),
        cmocka_unit_test(test_ru_wrapped),
        cmocka_unit_test(test_wrapped_first_line_not_title),
        cmocka_unit_test(test_title_after_dates),
        cmocka_unit_test(test_no_title_for_sentence),
        cmocka_unit_test(test_existing_title_kept),
        cmocka_unit_test(test_en_precision),
        cmocka_unit_test(test_ru_precision),
        cmocka_unit_test(test_en_feed_misc),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_many_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
