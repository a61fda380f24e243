/*
 * test_threads.c — event threads: one event across English and Russian
 * is one thread, the same leaders meeting a month later is another;
 * incremental add/remove; output formats; determinism; two fires in two
 * towns on one day are two threads; English and Russian threads of one
 * event that formed apart are merged; two reports on one club's fans
 * whose headlines tell different events are two threads; a thread's
 * members in an article's own language decide for it; a statement and
 * the act it comments on are two events; big threads sharing generic
 * words do not crowd a report's same-headline twin out of its candidates.
 */
#include "testutil.h"

#include <sys/stat.h>

#define DAY 86400
static const int64_t OCT22 = 1571702400; /* 2019-10-22 00:00 UTC */

static const braid_article arts[] = {
    {"sochi-en.html", "en", "Putin and Erdogan agree on Syria deal after talks in Sochi",
     "Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan agreed in "
     "Sochi on Tuesday, October 22, that Kurdish YPG fighters must withdraw from the Syrian "
     "border within 150 hours. After six hours of talks, the two leaders said Russian military "
     "police and Syrian border guards would enter the area, and joint Russian-Turkish patrols "
     "would start in a 10-kilometre strip. Erdogan called the memorandum historic.",
     0, OCT22 + 18 * 3600, "reuters.com", NULL, NULL, 0},
    {"sochi-ru.html", "ru", "Путин и Эрдоган договорились по Сирии после переговоров в Сочи",
     "Президент России Владимир Путин и президент Турции Реджеп Тайип Эрдоган во вторник, "
     "22 октября, договорились в Сочи, что курдские отряды YPG должны уйти от сирийской "
     "границы в течение 150 часов. После шести часов переговоров лидеры заявили, что "
     "российская военная полиция и сирийские пограничники войдут в этот район, а совместные "
     "российско-турецкие патрули начнутся в 10-километровой полосе. Эрдоган назвал меморандум "
     "историческим.",
     0, OCT22 + 20 * 3600, "ria.ru", NULL, NULL, 0},
    {"sochi-en-2.html", "en", "Erdogan, Putin strike deal in Sochi on Kurdish withdrawal",
     "Turkish President Tayyip Erdogan and Russian President Vladimir Putin reached a deal in "
     "Sochi on October 22 under which YPG fighters will leave the Syrian border strip within "
     "150 hours, followed by joint Russian and Turkish patrols, Erdogan said after talks.",
     0, OCT22 + 21 * 3600, "aljazeera.com", NULL, NULL, 0},
    {"call-en.html", "en", "Putin and Erdogan discuss Syria in phone call",
     "Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan discussed "
     "the situation in northern Syria in a phone call on Friday, November 22, the Kremlin said. "
     "The leaders reviewed joint patrols and agreed to keep in contact.",
     0, OCT22 + 31 * DAY, "tass.com", NULL, NULL, 0},
    {"bank-en.html", "en", "Central bank keeps key rate at 6.5 percent",
     "The central bank kept its key interest rate unchanged at 6.5 percent on Friday, saying "
     "inflation slowed faster than expected while consumer lending kept growing.",
     0, OCT22 + 3600, "ft.com", NULL, NULL, 0},
    {"match-ru.html", "ru", "Зенит обыграл ЦСКА в матче чемпионата России",
     "Петербургский Зенит на своем поле обыграл московский ЦСКА со счетом 2:0 в матче "
     "тринадцатого тура чемпионата России по футболу. Голы забили Дзюба и Азмун.",
     0, OCT22 + 5 * 3600, "sport.ru", NULL, NULL, 0},
    {"quake-en.html", "en", "Strong earthquake hits southern Philippines",
     "A magnitude 6.4 earthquake struck the southern Philippine island of Mindanao on Tuesday, "
     "damaging buildings and killing at least five people, officials said.",
     0, OCT22 + 7 * 3600, "apnews.com", NULL, NULL, 0},
};
#define NARTS (sizeof arts / sizeof arts[0])

static int have_lexicon(void)
{
    struct stat st;
    return stat("/usr/share/dictd/mueller7.dict.dz", &st) == 0;
}

static braid_threads *fill(void)
{
    braid_error err;
    braid_threads *th = braid_threads_new(NULL, &err);
    if (!th) fail_msg("braid_threads_new: %s", err.message);
    for (size_t i = 0; i < NARTS; i++) {
        braid_article a = arts[i];
        a.text_len = strlen(a.text);
        assert_int_equal(braid_threads_add_article(th, &a, &err), BRAID_OK);
    }
    return th;
}

static void test_one_event_two_languages(void **state)
{
    (void)state;
    braid_threads *th = fill();
    assert_int_equal(braid_threads_articles(th), NARTS);
    long sochi = braid_threads_find(th, "sochi-en.html");
    assert_true(sochi >= 0);
    assert_int_equal(braid_threads_find(th, "sochi-en-2.html"), sochi);
    if (have_lexicon()) assert_int_equal(braid_threads_find(th, "sochi-ru.html"), sochi);
    /* the phone call a month later is another event */
    assert_true(braid_threads_find(th, "call-en.html") != sochi);
    assert_true(braid_threads_find(th, "bank-en.html") != sochi);
    assert_true(braid_threads_find(th, "match-ru.html") != sochi);
    assert_int_equal(braid_threads_find(th, "nope.html"), -1);
    braid_threads_free(th);
}

static void test_window(void **state)
{
    (void)state;
    /* a report of the Sochi talks published five days later stays out */
    braid_threads *th = fill();
    braid_article late = arts[2];
    late.name = "late.html";
    late.published_unix += 5 * DAY;
    late.text_len = strlen(late.text);
    assert_int_equal(braid_threads_add_article(th, &late, NULL), BRAID_OK);
    assert_true(braid_threads_find(th, "late.html") != braid_threads_find(th, "sochi-en.html"));
    braid_threads_free(th);
}

static void test_remove_and_replace(void **state)
{
    (void)state;
    braid_threads *th = fill();
    size_t before = braid_threads_count(th);
    braid_error err;
    assert_int_equal(braid_threads_remove(th, "quake-en.html", &err), BRAID_OK);
    assert_int_equal(braid_threads_count(th), before - 1);
    assert_int_equal(braid_threads_find(th, "quake-en.html"), -1);
    assert_int_equal(braid_threads_remove(th, "quake-en.html", &err), BRAID_ENOTFOUND);
    /* re-adding a name replaces the article */
    braid_article a = arts[0];
    a.text_len = strlen(a.text);
    assert_int_equal(braid_threads_add_article(th, &a, &err), BRAID_OK);
    assert_int_equal(braid_threads_articles(th), NARTS - 1);
    assert_int_equal(braid_threads_find(th, "sochi-en.html"), braid_threads_find(th, "sochi-en-2.html"));
    braid_threads_free(th);
}

static void test_render(void **state)
{
    (void)state;
    braid_threads *th = fill();
    char *out;
    size_t len;
    assert_int_equal(braid_threads_render(th, BRAID_THREADS_JSON, "en", &out, &len, NULL), BRAID_OK);
    assert_int_equal(strlen(out), len);
    assert_true(contains(out, "\"title\": \"Putin and Erdogan agree on Syria deal after talks in Sochi\""));
    assert_true(contains(out, "\"articles\": [\""));
    assert_true(contains(out, "\"bank-en.html\""));
    free(out);
    /* no language asked for: the language most reports are in (two English,
     * one Russian), and the article alone in its language comes last
     * (it used to score 1, its cosine to itself) */
    if (have_lexicon()) {
        assert_int_equal(braid_threads_render(th, BRAID_THREADS_JSON, NULL, &out, &len, NULL),
                         BRAID_OK);
        assert_true(contains(out, "\"title\": \"Putin and Erdogan agree on Syria deal after talks in Sochi\""));
        assert_false(contains(out, "\"title\": \"Путин"));
        const char *ru = strstr(out, "\"sochi-ru.html\""), *en = strstr(out, "\"sochi-en.html\""),
                   *en2 = strstr(out, "\"sochi-en-2.html\"");
        assert_non_null(ru);
        assert_non_null(en);
        assert_non_null(en2);
        assert_true(en < ru && en2 < ru);
        free(out);
    }
    assert_int_equal(braid_threads_render(th, BRAID_THREADS_NDJSON, "ru", &out, &len, NULL), BRAID_OK);
    assert_true(contains(out, "\"thread\":"));
    assert_true(contains(out, "\"story\":"));
    assert_true(contains(out, "\"dates\":[\"2019-10-22\"]"));
    assert_true(contains(out, "\"entities\":[\""));
    if (have_lexicon()) {
        assert_true(contains(out, "\"languages\":[\"en\",\"ru\"]") ||
                    contains(out, "\"languages\":[\"ru\",\"en\"]"));
        assert_true(contains(out, "\"title\":\"Путин и Эрдоган договорились по Сирии"));
    }
    free(out);
    assert_int_equal(braid_threads_render_top(th, "en", 2, &out, &len, NULL), BRAID_OK);
    assert_true(contains(out, "{\"category\": \"any\", \"threads\": ["));
    /* the biggest thread comes first */
    const char *sochi = strstr(out, "Sochi");
    const char *bank = strstr(out, "Central bank");
    assert_non_null(sochi);
    assert_true(!bank || sochi < bank);
    free(out);
    braid_threads_free(th);
}

/* the thread's category: the majority of the classifier's answers; a
 * fallback ("other" for a language without a model) only counts when no
 * member has an answer */
static const char *sochi_category(int guessed)
{
    braid_error err;
    braid_threads *th = braid_threads_new(NULL, &err);
    if (!th) fail_msg("braid_threads_new: %s", err.message);
    /* one answer (society) and two "other": the English report's copy
     * and a report in a language taken to have no model */
    const size_t pick[] = {0, 2, 1};
    const char *cat[] = {"society", "other", "other"};
    for (size_t i = 0; i < 3; i++) {
        braid_article a = arts[pick[i]];
        a.text_len = strlen(a.text);
        a.category = cat[i];
        a.category_guessed = i > 0 && guessed;
        assert_int_equal(braid_threads_add_article(th, &a, &err), BRAID_OK);
    }
    long t = braid_threads_find(th, "sochi-en.html");
    assert_int_equal(braid_threads_find(th, "sochi-en-2.html"), t);
    char *out;
    assert_int_equal(braid_threads_render(th, BRAID_THREADS_NDJSON, NULL, &out, NULL, NULL),
                     BRAID_OK);
    const char *r = strstr(out, "\"category\":\"society\"") ? "society"
                    : strstr(out, "\"category\":\"other\"") ? "other" : "none";
    free(out);
    braid_threads_free(th);
    return r;
}

static void test_category_majority(void **state)
{
    (void)state;
    assert_string_equal(sochi_category(0), "other");   /* two answers of three */
    assert_string_equal(sochi_category(1), "society"); /* fallbacks do not vote */
}

static void test_deterministic(void **state)
{
    (void)state;
    char *a, *b;
    braid_threads *t1 = fill(), *t2 = fill();
    assert_int_equal(braid_threads_render(t1, BRAID_THREADS_NDJSON, NULL, &a, NULL, NULL), BRAID_OK);
    assert_int_equal(braid_threads_render(t2, BRAID_THREADS_NDJSON, NULL, &b, NULL, NULL), BRAID_OK);
    assert_string_equal(a, b);
    free(a);
    free(b);
    braid_threads_free(t1);
    braid_threads_free(t2);
}

static void test_pair_score(void **state)
{
    (void)state;
    braid_threads *th = fill();
    braid_article x = arts[0], y = arts[2], z = arts[4];
    x.text_len = strlen(x.text);
    y.text_len = strlen(y.text);
    z.text_len = strlen(z.text);
    assert_true(braid_threads_pair_score(th, &x, &y, NULL) >= 1.0);
    assert_true(braid_threads_pair_score(th, &x, &z, NULL) < 1.0);
    braid_threads_free(th);
}

static void test_empty(void **state)
{
    (void)state;
    braid_threads *th = braid_threads_new(NULL, NULL);
    assert_non_null(th);
    char *out;
    assert_int_equal(braid_threads_render(th, BRAID_THREADS_JSON, NULL, &out, NULL, NULL), BRAID_OK);
    assert_string_equal(out, "[]\n");
    free(out);
    braid_article a = {"empty.txt", "und", "", "", 0, INT64_MIN, NULL, NULL, NULL, 0};
    assert_int_equal(braid_threads_add_article(th, &a, NULL), BRAID_OK);
    assert_int_equal(braid_threads_count(th), 1);
    braid_article noname = {NULL, "en", "t", "x", 1, INT64_MIN, NULL, NULL, NULL, 0};
    assert_int_equal(braid_threads_add_article(th, &noname, NULL), BRAID_EINVAL);
    braid_threads_free(th);
}

/* two fuel-tanker fires near Moscow on one day, in two towns: the topic
 * words agree, the headline places conflict */
static const braid_article fires[] = {
    {"fire-balashikha.html", "ru", "Бензовоз загорелся в Балашихе",
     "Бензовоз загорелся утром в понедельник в Балашихе на шоссе Энтузиастов. Пламя охватило "
     "цистерну с топливом, площадь пожара составила 100 квадратных метров. На место прибыли "
     "пожарные расчеты МЧС, пострадавших нет, движение по шоссе перекрыто.",
     0, OCT22 + 8 * 3600, "mk.ru", NULL, NULL, 0},
    {"fire-khimki.html", "ru", "Бензовоз загорелся в Химках",
     "Бензовоз загорелся утром в понедельник в Химках на Ленинградском шоссе. Пламя охватило "
     "цистерну с топливом, площадь пожара составила 60 квадратных метров. На место прибыли "
     "пожарные расчеты МЧС, пострадавших нет, движение по шоссе перекрыто.",
     0, OCT22 + 10 * 3600, "ria.ru", NULL, NULL, 0},
};

static void test_fires_in_two_towns(void **state)
{
    (void)state;
    braid_error err;
    braid_threads *th = braid_threads_new(NULL, &err);
    assert_non_null(th);
    braid_article a[2] = {fires[0], fires[1]};
    for (int i = 0; i < 2; i++) a[i].text_len = strlen(a[i].text);
    assert_int_equal(braid_threads_add_articles(th, a, 2, &err), BRAID_OK);
    assert_true(braid_threads_find(th, "fire-balashikha.html") !=
                braid_threads_find(th, "fire-khimki.html"));
    assert_true(braid_threads_pair_score(th, &a[0], &a[1], NULL) < 1.0);
    /* without the conflict penalty the two fires read as one event */
    braid_config cfg;
    braid_config_init(&cfg);
    cfg.thread_anchor_conflict = 0;
    braid_threads *lax = braid_threads_new(&cfg, &err);
    assert_non_null(lax);
    assert_true(braid_threads_pair_score(lax, &a[0], &a[1], NULL) >
                braid_threads_pair_score(th, &a[0], &a[1], NULL));
    braid_threads_free(lax);
    braid_threads_free(th);
}

/* an English and a Russian thread of the Sochi talks, kept from meeting
 * article by article (thread_sim_cross = 1), are merged by centroids */
static void test_merge_languages(void **state)
{
    (void)state;
    if (!have_lexicon()) skip();
    static const braid_article ru2 = {
        "sochi-ru-2.html", "ru", "Эрдоган и Путин договорились в Сочи об отводе курдов",
        "Президент Турции Реджеп Тайип Эрдоган и президент России Владимир Путин 22 октября "
        "договорились в Сочи, что курдские отряды YPG в течение 150 часов уйдут от сирийской "
        "границы, после чего начнутся совместные российско-турецкие патрули, заявил Эрдоган "
        "после переговоров.",
        0, OCT22 + 22 * 3600, "tass.ru", NULL, NULL, 0};
    braid_article a[4] = {arts[0], arts[2], arts[1], ru2};
    for (int i = 0; i < 4; i++) a[i].text_len = strlen(a[i].text);
    for (int merge = 0; merge < 2; merge++) {
        braid_config cfg;
        braid_config_init(&cfg);
        cfg.thread_sim_cross = 1.0;
        if (!merge) cfg.thread_merge_cross = 0;
        braid_error err;
        braid_threads *th = braid_threads_new(&cfg, &err);
        assert_non_null(th);
        assert_int_equal(braid_threads_add_articles(th, a, 4, &err), BRAID_OK);
        long en = braid_threads_find(th, "sochi-en.html"), ru = braid_threads_find(th, "sochi-ru.html");
        assert_int_equal(braid_threads_find(th, "sochi-en-2.html"), en);
        assert_int_equal(braid_threads_find(th, "sochi-ru-2.html"), ru);
        if (merge) assert_int_equal(en, ru);
        else assert_true(en != ru);
        assert_int_equal(braid_threads_count(th), merge ? 1 : 2);
        braid_threads_free(th);
    }
}

/* two reports about one club's fans on one day: the topic and the
 * circumstances agree, but not one word of either headline (what
 * happened) is in the other article, so they are two events */
static const braid_article fans[] = {
    {"fans-funeral.html", "en", "Mock funeral staged for Lokomotiv directors",
     "Lokomotiv Moscow supporters gathered on Sunday outside the Cherkizovo stadium after "
     "the team lost its third league match in a row. They laid wreaths and two coffins bearing "
     "the directors' names at the ticket office, a mock funeral. Supporters demanded changes "
     "in the management of the club. The club's press service declined to comment.",
     0, OCT22 + 8 * 3600, "sports.ru", NULL, NULL, 0},
    {"fans-graffiti.html", "en", "Graffiti backing Semin painted near Lokomotiv arena",
     "Lokomotiv Moscow supporters gathered on Sunday outside the Cherkizovo stadium after "
     "the team lost its third league match in a row. Overnight they painted a huge graffiti "
     "of coach Yuri Semin on a wall near the arena, backing him. Supporters demanded changes "
     "in the management of the club. The club's press service declined to comment.",
     0, OCT22 + 9 * 3600, "sport-express.ru", NULL, NULL, 0},
};

static void test_headline_words(void **state)
{
    (void)state;
    braid_error err;
    braid_article a[2] = {fans[0], fans[1]};
    for (int i = 0; i < 2; i++) a[i].text_len = strlen(a[i].text);
    double score[2];
    for (int strict = 0; strict < 2; strict++) {
        braid_config cfg;
        braid_config_init(&cfg);
        /* without the headline rule (and the anchor penalty it shares)
         * the common text makes the two one event */
        if (!strict) cfg.thread_anchor_penalty = 0;
        braid_threads *th = braid_threads_new(&cfg, &err);
        assert_non_null(th);
        assert_int_equal(braid_threads_add_articles(th, a, 2, &err), BRAID_OK);
        score[strict] = braid_threads_pair_score(th, &a[0], &a[1], NULL);
        long t0 = braid_threads_find(th, "fans-funeral.html");
        long t1 = braid_threads_find(th, "fans-graffiti.html");
        if (strict) assert_true(t0 != t1);
        else assert_int_equal(t0, t1);
        braid_threads_free(th);
    }
    assert_true(score[0] >= 1.0);
    assert_true(score[1] < 1.0);
    /* a paraphrased headline of the same event shares a word with the
     * other report, and stays with it */
    braid_article same = fans[0];
    same.name = "fans-funeral-2.html";
    same.title = "Lokomotiv supporters hold a mock funeral at Cherkizovo";
    same.site = "rbc.ru";
    same.text_len = strlen(same.text);
    braid_threads *th = braid_threads_new(NULL, &err);
    assert_non_null(th);
    braid_article b[3] = {a[0], a[1], same};
    assert_int_equal(braid_threads_add_articles(th, b, 3, &err), BRAID_OK);
    assert_true(braid_threads_pair_score(th, &b[0], &b[2], NULL) >= 1.0);
    assert_int_equal(braid_threads_find(th, "fans-funeral-2.html"),
                     braid_threads_find(th, "fans-funeral.html"));
    braid_threads_free(th);
}

/* a thread holding the Russian and English versions of one report
 * (vitamin B9 and cancer); a Russian report of another study by the same
 * tabloid (alcohol and colon cancer) matches the English version across
 * languages (the cross threshold set near 0 here) but not the Russian
 * one: the thread's Russian member decides, so it stays out */
static void test_own_language_decides(void **state)
{
    (void)state;
    if (!have_lexicon()) skip();
    static const braid_article b9[] = {
        {"b9-ru.html", "ru", "Специалисты предупредили об угрозе рака из-за витамина B9",
         "Избыток витамина B9, известного также как фолиевая кислота, может привести к раку, "
         "предупреждает газета Daily Express. Врачи советуют не превышать суточную дозу "
         "фолиевой кислоты и принимать ее только по назначению.",
         0, OCT22 + 8 * 3600, "lenta.ru", NULL, NULL, 0},
        {"b9-en.html", "en", "Specialists warned about the threat of cancer due to vitamin B9",
         "An excess of vitamin B9, also known as folic acid, can lead to cancer, the Daily "
         "Express warned. Doctors advise not to exceed the daily dose of folic acid and to take "
         "it only when prescribed.",
         0, OCT22 + 8 * 3600, "lenta.ru", NULL, NULL, 0},
        {"alcohol-ru.html", "ru", "Определена опасная недельная норма алкоголя",
         "Американские ученые определили недельный объем алкогольных напитков, который "
         "повышает риск рака толстой кишки, сообщает газета Daily Express. Исследование "
         "охватило тысячи добровольцев старше пятидесяти лет.",
         0, OCT22 + 9 * 3600, "rosbalt.ru", NULL, NULL, 0},
    };
    braid_article a[3] = {b9[0], b9[1], b9[2]};
    for (int i = 0; i < 3; i++) a[i].text_len = strlen(a[i].text);
    braid_config cfg;
    braid_config_init(&cfg);
    cfg.thread_sim_cross = 0.01;
    braid_error err;
    braid_threads *th = braid_threads_new(&cfg, &err);
    assert_non_null(th);
    assert_int_equal(braid_threads_add_articles(th, a, 3, &err), BRAID_OK);
    /* across languages the two would be one event, in Russian they are not */
    assert_true(braid_threads_pair_score(th, &a[2], &a[1], NULL) >= 1.0);
    assert_true(braid_threads_pair_score(th, &a[2], &a[0], NULL) < 1.0);
    long t = braid_threads_find(th, "b9-ru.html");
    assert_int_equal(braid_threads_find(th, "b9-en.html"), t);
    assert_true(braid_threads_find(th, "alcohol-ru.html") != t);
    braid_threads_free(th);
}

/* two reports of one event, each copied by a second site, kept from
 * meeting article by article (thread_sim_same near 1): their threads
 * merge by centroids; the fans' two events, copied alike, do not (their
 * headlines' words are not in the other thread) */
static void test_merge_same_language(void **state)
{
    (void)state;
    static const char *body =
        "Ukraine's State Bureau of Investigation sent the prosecutor general a draft notice "
        "of suspicion for former president Petro Poroshenko on Monday, the bureau said. "
        "The case concerns the appointment of the head of the foreign intelligence service "
        "in 2018. Poroshenko's lawyer called the draft notice political pressure and said "
        "the former president would answer every question of the investigators.";
    static const char *body2 =
        "Ukraine's State Bureau of Investigation sent the prosecutor general a draft notice "
        "of suspicion for former president Petro Poroshenko on Monday, the bureau said. "
        "The case concerns the appointment of the head of the foreign intelligence service "
        "in 2018. Lawmakers may be asked to lift the immunity of Poroshenko, now a member "
        "of parliament, before the suspicion can be served.";
    braid_article a[8] = {
        {"p1.html", "en", "A draft notice of suspicion for Poroshenko", body, 0,
         OCT22 + 8 * 3600, "kyivpost.com", NULL, NULL, 0},
        {"p2.html", "en", "A draft notice of suspicion for Poroshenko", body, 0,
         OCT22 + 9 * 3600, "unian.info", NULL, NULL, 0},
        {"q1.html", "en", "Poroshenko may lose his immunity over the suspicion draft", body2, 0,
         OCT22 + 10 * 3600, "rferl.org", NULL, NULL, 0},
        {"q2.html", "en", "Poroshenko may lose his immunity over the suspicion draft", body2, 0,
         OCT22 + 11 * 3600, "112.ua", NULL, NULL, 0},
        fans[0], fans[1], fans[0], fans[1]};
    a[6].name = "fans-funeral-2.html";
    a[6].site = "rbc.ru";
    a[7].name = "fans-graffiti-2.html";
    a[7].site = "gazeta.ru";
    for (int i = 0; i < 8; i++) a[i].text_len = strlen(a[i].text);
    /* merge: 0 off, 1 the default bar, 2 a bar so low that only the
     * headline checks keep the fans' threads apart */
    for (int merge = 0; merge < 3; merge++) {
        braid_config cfg;
        braid_config_init(&cfg);
        cfg.thread_sim_same = 0.95;
        if (merge == 0) cfg.thread_merge_same = 0;
        if (merge == 2) cfg.thread_merge_same = 0.2;
        braid_error err;
        braid_threads *th = braid_threads_new(&cfg, &err);
        assert_non_null(th);
        assert_int_equal(braid_threads_add_articles(th, a, 8, &err), BRAID_OK);
        long p = braid_threads_find(th, "p1.html"), q = braid_threads_find(th, "q1.html");
        assert_int_equal(braid_threads_find(th, "p2.html"), p);
        assert_int_equal(braid_threads_find(th, "q2.html"), q);
        if (merge) assert_int_equal(p, q);
        else assert_true(p != q);
        long f = braid_threads_find(th, "fans-funeral.html");
        long g = braid_threads_find(th, "fans-graffiti.html");
        assert_int_equal(braid_threads_find(th, "fans-funeral-2.html"), f);
        assert_int_equal(braid_threads_find(th, "fans-graffiti-2.html"), g);
        assert_true(f != g);
        braid_threads_free(th);
    }
}

/* a statement about an event and the event: the two texts tell one
 * story, but the first headline is Vostretsov's statement, and a report
 * of the abduction that never names him does not report what he said */
static const braid_article statement[] = {
    {"said.html", "en", "Vostretsov says GNA militants fear the Shugaley film",
     "Russian MP Sergei Vostretsov said on Thursday that the militants of the Government of "
     "National Accord fear the film Shugaley. In his view, the abduction of a Libyan auditor "
     "shows how nervous the Tripoli authorities have become since the premiere. Vostretsov "
     "called on the United Nations and on human rights groups to react, and said the State "
     "Duma would discuss the case next week.",
     0, OCT22 + 8 * 3600, "riafan.ru", NULL, NULL, 0},
    {"abducted.html", "en", "GNA militants abduct Libyan auditor over the Shugaley film",
     "Militants of the Government of National Accord in Libya abducted the deputy head of the "
     "Audit Bureau, Redha Qarqab, media reported on Thursday. The official, who looks like an "
     "actor of the film Shugaley, was taken from his home in Tripoli by armed men in two cars. "
     "His family has had no news from him since. The bureau audits the accounts of state "
     "companies and ministries. Witnesses said the kidnappers wore police uniforms, and the "
     "bureau confirmed the disappearance on its website.",
     0, OCT22 + 9 * 3600, "news.ru", NULL, NULL, 0},
    {"said-2.html", "en", "Vostretsov: GNA militants fear the Shugaley film",
     "MP Sergei Vostretsov said the militants of the Government of National Accord fear the "
     "film Shugaley, commenting on the abduction of a Libyan auditor. He called on the United "
     "Nations to react and said the State Duma would discuss the case.",
     0, OCT22 + 11 * 3600, "iz.ru", NULL, NULL, 0},
    {"abducted-said.html", "en", "GNA militants abduct Libyan auditor over the Shugaley film",
     "Militants of the Government of National Accord in Libya abducted the deputy head of the "
     "Audit Bureau, Redha Qarqab, media reported on Thursday. The official, who looks like an "
     "actor of the film Shugaley, was taken from his home in Tripoli by armed men in two cars. "
     "His family has had no news from him since. The bureau audits the accounts of state "
     "companies and ministries. Witnesses said the kidnappers wore police uniforms, and the "
     "bureau confirmed the disappearance on its website. MP Sergei Vostretsov said the "
     "militants fear the film.",
     0, OCT22 + 10 * 3600, "lenta.ru", NULL, NULL, 0},
};

/* Stories: two meetings of the same leaders four days apart are two
 * threads of one story; two road accidents in two towns share their
 * words but no name, and stay two stories. */
static const braid_article story_arts[] = {
    {"meet1.html", "en", "Putin and Erdogan agree on Syria deal after talks in Sochi",
     "Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan agreed in "
     "Sochi that Kurdish fighters must withdraw from the Syrian border. Joint Russian-Turkish "
     "patrols will start in a strip along the border, the two presidents said after six hours "
     "of talks on Syria.",
     0, OCT22 + 18 * 3600, "reuters.com", NULL, NULL, 0},
    {"meet1b.html", "en", "Erdogan and Putin strike Syria deal in Sochi",
     "Turkish President Recep Tayyip Erdogan and Russian President Vladimir Putin reached a deal "
     "in Sochi on the withdrawal of Kurdish fighters from the Syrian border, followed by joint "
     "patrols, after long talks on Syria.",
     0, OCT22 + 19 * 3600, "aljazeera.com", NULL, NULL, 0},
    {"meet2.html", "en", "Putin and Erdogan review Syria patrols by phone",
     "Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan reviewed the "
     "first joint patrols in northern Syria in a phone call, the Kremlin said. The presidents "
     "said the Kurdish withdrawal from the border was complete and talks on Syria would go on.",
     0, OCT22 + 5 * DAY, "tass.com", NULL, NULL, 0},
    {"crash1.html", "en", "Bus and car collide in Irkutsk, one woman killed",
     "A bus and a passenger car collided on a road in Irkutsk on Monday morning. One woman was "
     "killed and four passengers of the bus were injured, the regional traffic police said. "
     "The driver of the car was taken to hospital.",
     0, OCT22 + 20 * 3600, "irk.ru", NULL, NULL, 0},
    {"crash2.html", "en", "Truck and car collide near Tula, eight injured",
     "A truck and a passenger car collided on a road near Tula on Monday evening. Eight people "
     "were injured and taken to hospital, the regional traffic police said. The driver of the "
     "truck was detained.",
     0, OCT22 + 22 * 3600, "tula.ru", NULL, NULL, 0},
};

/* the story id of the thread holding `name` in NDJSON output, -1 if none */
static long story_of(const char *out, const char *name)
{
    char q[64];
    snprintf(q, sizeof q, "\"%s\"", name);
    const char *at = strstr(out, q);
    if (!at) return -1;
    const char *line = at;
    while (line > out && line[-1] != '\n') line--;
    const char *st = strstr(line, "\"story\":");
    return st && st < at ? strtol(st + 8, NULL, 10) : -1;
}

static void test_stories(void **state)
{
    (void)state;
    braid_error err;
    braid_threads *th = braid_threads_new(NULL, &err);
    if (!th) fail_msg("braid_threads_new: %s", err.message);
    for (size_t i = 0; i < sizeof story_arts / sizeof story_arts[0]; i++) {
        braid_article a = story_arts[i];
        a.text_len = strlen(a.text);
        assert_int_equal(braid_threads_add_article(th, &a, &err), BRAID_OK);
    }
    /* five days apart: two threads */
    assert_int_equal(braid_threads_find(th, "meet1b.html"), braid_threads_find(th, "meet1.html"));
    assert_true(braid_threads_find(th, "meet2.html") != braid_threads_find(th, "meet1.html"));
    assert_true(braid_threads_find(th, "crash1.html") != braid_threads_find(th, "crash2.html"));
    char *out;
    assert_int_equal(braid_threads_render(th, BRAID_THREADS_NDJSON, NULL, &out, NULL, NULL),
                     BRAID_OK);
    long m1 = story_of(out, "meet1.html"), m2 = story_of(out, "meet2.html");
    long c1 = story_of(out, "crash1.html"), c2 = story_of(out, "crash2.html");
    assert_true(m1 >= 0 && c1 >= 0 && c2 >= 0);
    assert_int_equal(m1, m2);  /* one subject */
    assert_true(c1 != c2);     /* one topic, two events, no shared name */
    assert_true(c1 != m1);
    free(out);
    braid_threads_free(th);
}

static void test_statement_and_act(void **state)
{
    (void)state;
    braid_error err;
    /* the other test articles as a background for the statistics */
    size_t nb = sizeof arts / sizeof arts[0];
    braid_article a[sizeof arts / sizeof arts[0] + 4];
    for (size_t i = 0; i < nb; i++) a[i] = arts[i];
    for (size_t i = 0; i < 4; i++) a[nb + i] = statement[i];
    for (size_t i = 0; i < nb + 4; i++) a[i].text_len = strlen(a[i].text);
    const braid_article *said = &a[nb], *act = &a[nb + 1], *quoted = &a[nb + 3];
    braid_threads *th = braid_threads_new(NULL, &err);
    assert_non_null(th);
    /* the abduction report without the speaker: another event */
    assert_int_equal(braid_threads_add_articles(th, a, nb + 2, &err), BRAID_OK);
    assert_true(braid_threads_pair_score(th, said, act, NULL) < 1.0);
    assert_true(braid_threads_find(th, "said.html") != braid_threads_find(th, "abducted.html"));
    /* the same report naming him reports the statement too: the one
     * sentence naming him is what decides */
    assert_true(braid_threads_pair_score(th, said, quoted, NULL) >= 1.0);
    braid_threads_free(th);
    /* a thread of two reports of the statement (its speaker in both
     * headlines) and the abduction report: it stays out */
    braid_article b[sizeof arts / sizeof arts[0] + 3];
    for (size_t i = 0; i < nb; i++) b[i] = a[i];
    b[nb] = a[nb];         /* said */
    b[nb + 1] = a[nb + 2]; /* said-2 */
    b[nb + 2] = a[nb + 1]; /* abducted, after both */
    th = braid_threads_new(NULL, &err);
    assert_non_null(th);
    assert_int_equal(braid_threads_add_articles(th, b, nb + 3, &err), BRAID_OK);
    assert_int_equal(braid_threads_find(th, "said.html"), braid_threads_find(th, "said-2.html"));
    assert_true(braid_threads_find(th, "said.html") != braid_threads_find(th, "abducted.html"));
    braid_threads_free(th);
}

/* Candidate crowding: eleven threads of ten reports each share the
 * generic words of a London court case (court, London, Ukrainian bank,
 * hearing) with a report of another case, published once before.  Its
 * second report, same headline, must still meet it: ranked by summed
 * posting weight (a thread counted once per member in a feature's list)
 * the eleven big threads fill all ten places, so a few places go to the
 * threads sharing the most distinct features (cluster.c, place()). */
static void test_candidate_crowding(void **state)
{
    (void)state;
    static const char *names[] = {"Dravenko", "Holubets", "Marchuk", "Seredin", "Tkachuk",
                                  "Voronov", "Lysenko", "Kravets", "Bondar", "Melnyk", "Shevchuk"};
    static const char *what[] = {"pipeline", "steel", "airline", "port", "grain", "railway",
                                 "fertiliser", "shipyard", "coal", "cement", "timber"};
    enum { BIG = 11, MEMBERS = 10, N = BIG * MEMBERS + 2 };
    static const char *generic =
        "The High Court in London ruled on Monday in the case brought by the Ukrainian bank, "
        "lawyers for both sides said after the hearing. The judge set the next hearing for "
        "December, and the parties will file their arguments in writing. The bank says the "
        "former owners moved its money abroad; they deny it.";
    char titles[BIG][96], texts[BIG][512], sites[N][24], names_[N][48];
    braid_article *a = calloc(N, sizeof *a);
    assert_non_null(a);
    for (int i = 0; i < BIG; i++) {
        snprintf(titles[i], sizeof titles[i], "%s loses %s appeal in London court", names[i],
                 what[i]);
        snprintf(texts[i], sizeof texts[i], "%s %s had appealed against the ruling on the %s "
                 "company, and %s's %s business is at stake.", generic, names[i], what[i],
                 names[i], what[i]);
    }
    size_t n = 0;
    for (int j = 0; j < MEMBERS; j++) /* interleaved: each posting list alternates threads */
        for (int i = 0; i < BIG; i++, n++) {
            snprintf(names_[n], sizeof names_[n], "big-%d-%d.html", i, j);
            snprintf(sites[n], sizeof sites[n], "site%d.ua", j);
            a[n] = (braid_article){names_[n], "en", titles[i], texts[i], strlen(texts[i]),
                                   OCT22 + (int64_t)(i + j) * 600, sites[n], NULL, NULL, 0};
        }
    static const char *twin_title = "London court grants Kolomoisky delay in PrivatBank case";
    char twin_text[512];
    snprintf(twin_text, sizeof twin_text, "%s The court granted Kolomoisky a delay in the PrivatBank case.",
             generic);
    a[n++] = (braid_article){"twin-1.html", "en", twin_title, twin_text, strlen(twin_text),
                             OCT22 + 4 * 3600, "nv.ua", NULL, NULL, 0};
    a[n++] = (braid_article){"twin-2.html", "en", twin_title, twin_text, strlen(twin_text),
                             OCT22 + 7 * 3600, "nikvesti.com", NULL, NULL, 0};
    braid_error err;
    braid_threads *th = braid_threads_new(NULL, &err);
    assert_non_null(th);
    assert_int_equal(braid_threads_add_articles(th, a, n, &err), BRAID_OK);
    for (int i = 0; i < BIG; i++) { /* the big threads formed as they should */
        char b0[48], b9[48];
        snprintf(b0, sizeof b0, "big-%d-0.html", i);
        snprintf(b9, sizeof b9, "big-%d-%d.html", i, MEMBERS - 1);
        assert_int_equal(braid_threads_find(th, b0), braid_threads_find(th, b9));
        assert_true(braid_threads_find(th, b0) != braid_threads_find(th, "twin-1.html"));
    }
    assert_int_equal(braid_threads_find(th, "twin-1.html"), braid_threads_find(th, "twin-2.html"));
    braid_threads_free(th);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_event_two_languages),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_remove_and_replace),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_category_majority),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_pair_score),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_fires_in_two_towns),
        cmocka_unit_test(test_merge_languages),
        cmocka_unit_test(test_headline_words),
        cmocka_unit_test(test_own_language_decides),
        cmocka_unit_test(test_merge_same_language),
        cmocka_unit_test(test_statement_and_act),
        cmocka_unit_test(test_stories),
        cmocka_unit_test(test_candidate_crowding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
