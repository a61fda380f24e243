/*
 * test_lang.c — language identification: real sentences in many
 * languages, short titles and greetings, and every kind of bad input
 * (empty, invalid UTF-8, NUL bytes, digits only, a megabyte of text).
 *
 * The sentences were written for this test (one news sentence translated
 * into each language).  Quality on real data is measured by `braid eval
 * lang`, not here; these cases must simply never regress.  Cases that
 * need the fastText model skip when it is not installed (`npm ci`).
 */
#include "testutil.h"

#include <pthread.h>
#include <unistd.h>

#include "lang/dicts.h"
#include "lang/lang.h"

struct sample {
    const char *code;
    const char *text;
};

/* "The government announced new measures to support small businesses on
 * Tuesday." in 35 languages. */
static const struct sample sentences[] = {
    {"en", "The government announced new measures to support small businesses on Tuesday."},
    {"ru", "Правительство объявило о новых мерах поддержки малого бизнеса во вторник."},
    {"uk", "Уряд оголосив про нові заходи підтримки малого бізнесу у вівторок."},
    {"be", "Урад абвясціў пра новыя меры падтрымкі малога бізнесу ў аўторак."},
    {"bg", "Правителството обяви нови мерки за подкрепа на малкия бизнес във вторник."},
    {"sr", "Влада је у уторак најавила нове мере подршке малим предузећима."},
    {"mk", "Владата во вторникот најави нови мерки за поддршка на малите бизниси."},
    {"kk", "Үкімет сейсенбі күні шағын бизнесті қолдаудың жаңа шараларын жариялады."},
    {"de", "Die Regierung hat am Dienstag neue Maßnahmen zur Unterstützung kleiner Unternehmen angekündigt."},
    {"fr", "Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les petites entreprises."},
    {"es", "El gobierno anunció el martes nuevas medidas para apoyar a las pequeñas empresas."},
    {"it", "Il governo ha annunciato martedì nuove misure a sostegno delle piccole imprese."},
    {"pt", "O governo anunciou na terça-feira novas medidas para apoiar as pequenas empresas."},
    {"nl", "De regering heeft dinsdag nieuwe maatregelen aangekondigd om kleine bedrijven te steunen."},
    {"pl", "Rząd ogłosił we wtorek nowe środki wsparcia dla małych firm."},
    {"cs", "Vláda v úterý oznámila nová opatření na podporu malých podniků."},
    {"tr", "Hükümet salı günü küçük işletmeleri desteklemek için yeni önlemler açıkladı."},
    {"sv", "Regeringen presenterade på tisdagen nya åtgärder för att stödja småföretag."},
    {"fi", "Hallitus ilmoitti tiistaina uusista toimista pienyritysten tukemiseksi."},
    {"hu", "A kormány kedden új intézkedéseket jelentett be a kisvállalkozások támogatására."},
    {"ro", "Guvernul a anunțat marți noi măsuri de sprijin pentru întreprinderile mici."},
    {"ar", "أعلنت الحكومة يوم الثلاثاء عن إجراءات جديدة لدعم الشركات الصغيرة."},
    {"fa", "دولت روز سه‌شنبه اقدامات جدیدی برای حمایت از کسب و کارهای کوچک اعلام کرد."},
    {"ur", "حکومت نے منگل کو چھوٹے کاروباروں کی مدد کے لیے نئے اقدامات کا اعلان کیا۔"},
    {"he", "הממשלה הודיעה ביום שלישי על צעדים חדשים לתמיכה בעסקים קטנים."},
    {"el", "Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα στήριξης των μικρών επιχειρήσεων."},
    {"zh", "政府周二宣布了支持小企业的新措施。"},
    {"ja", "政府は火曜日、中小企業を支援する新たな措置を発表した。"},
    {"ko", "정부는 화요일 소기업을 지원하기 위한 새로운 조치를 발표했다."},
    {"hi", "सरकार ने मंगलवार को छोटे व्यवसायों की मदद के लिए नए उपायों की घोषणा की।"},
    {"th", "รัฐบาลประกาศมาตรการใหม่เพื่อสนับสนุนธุรกิจขนาดเล็กเมื่อวันอังคาร"},
    {"ka", "მთავრობამ სამშაბათს მცირე ბიზნესის მხარდაჭერის ახალი ზომები გამოაცხადა."},
    {"hy", "Կառավարությունը երեքշաբթի հայտարարեց փոքր բիզնեսին աջակցելու նոր միջոցառումների մասին։"},
    {"vi", "Chính phủ đã công bố các biện pháp mới để hỗ trợ các doanh nghiệp nhỏ vào thứ Ba."},
    {"id", "Pemerintah mengumumkan langkah-langkah baru untuk mendukung usaha kecil pada hari Selasa."},
};

/* Titles and two-word greetings. */
static const struct sample shorts[] = {
    {"en", "Putin meets Erdogan in Sochi"},
    {"ru", "Путин встретился с Эрдоганом в Сочи"},
    {"uk", "Зеленський провів переговори з Байденом"},
    {"fr", "Incendie dans une usine près de Lyon"},
    {"de", "Merkel trifft Macron in Berlin"},
    {"es", "Hola amigos"},
    {"de", "Guten Morgen"},
    {"ru", "Добрый вечер"},
    {"ko", "안녕하세요"},
    {"ja", "ありがとう"},
    {"el", "Καλημέρα"},
    {"he", "שלום"},
};

static braid_lang *new_lang(double min_conf)
{
    braid_config cfg;
    braid_config_init(&cfg);
    cfg.lang_min_confidence = min_conf;
    braid_error err;
    braid_lang *l = braid_lang_new(&cfg, &err);
    if (!l) fail_msg("braid_lang_new: %s", err.message);
    return l;
}

static void expect(braid_lang *l, const char *code, const char *text)
{
    braid_lang_guess g;
    braid_lang_detect(l, text, strlen(text), &g);
    if (strcmp(g.code, code))
        fail_msg("'%s': expected %s, got %s (%.3f)", text, code, g.code, g.confidence);
    assert_true(g.confidence > 0 && g.confidence <= 1);
}

static void test_sentences(void **state)
{
    (void)state;
    braid_lang *l = new_lang(0.30);
    if (!braid_lang_model_path(l)) {
        braid_lang_free(l);
        skip();
    }
    for (size_t i = 0; i < sizeof sentences / sizeof sentences[0]; i++)
        expect(l, sentences[i].code, sentences[i].text);
    braid_lang_free(l);
}

static void test_short(void **state)
{
    (void)state;
    braid_lang *l = new_lang(0.30);
    if (!braid_lang_model_path(l)) {
        braid_lang_free(l);
        skip();
    }
    for (size_t i = 0; i < sizeof shorts / sizeof shorts[0]; i++)
        expect(l, shorts[i].code, shorts[i].text);
    braid_lang_free(l);
}

/* Scripts decide on their own: no model needed. */
static void test_scripts(void **state)
{
    (void)state;
    braid_lang *l = new_lang(0.30);
    expect(l, "ko", "서울");
    expect(l, "ja", "東京タワー");
    expect(l, "el", "Αθήνα");
    expect(l, "ka", "თბილისი");
    expect(l, "hy", "Երևան");
    expect(l, "th", "กรุงเทพ");
    expect(l, "ta", "சென்னை");
    braid_lang_free(l);
}

/* Letters outside an alphabet rule a language out. */
static void test_cyrillic_letters(void **state)
{
    (void)state;
    braid_lang *l = new_lang(0.30);
    if (!braid_lang_model_path(l)) {
        braid_lang_free(l);
        skip();
    }
    expect(l, "uk", "Київ і Львів");        /* ї, і: not Russian */
    expect(l, "ru", "Съезд объявил выборы"); /* ъ, ы: not Ukrainian */
    expect(l, "be", "Мінск і Гомель ўзімку"); /* ў */
    braid_lang_free(l);
}

static void expect_und(braid_lang *l, const char *text, size_t len)
{
    braid_lang_guess g;
    memset(&g, 0x55, sizeof g);
    braid_lang_detect(l, text, len, &g);
    assert_string_equal(g.code, "und");
    assert_true(g.confidence >= 0 && g.confidence <= 1);
}

static void test_no_letters(void **state)
{
    (void)state;
    braid_lang *l = new_lang(0.30);
    expect_und(l, "", 0);
    expect_und(l, NULL, 0);
    expect_und(l, "   \n\t  ", 7);
    expect_und(l, "1234567890", 10);
    expect_und(l, "12:45 — 3.5% (+7) !!! ???", strlen("12:45 — 3.5% (+7) !!! ???"));
    expect_und(l, "\xF0\x9F\x98\x80\xF0\x9F\x91\x8D", 8); /* emoji only */
    braid_lang_free(l);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    braid_lang *l = new_lang(0.30);
    /* pure garbage: must not crash, no letters */
    expect_und(l, "\xff\xfe\xc0\x80\xed\xa0\x80\xf8\x88\x80\x80\x80", 12);
    /* a truncated sequence at the very end */
    braid_lang_guess g;
    braid_lang_detect(l, "abc\xd0", 4, &g);
    assert_true(strlen(g.code) >= 2 && strlen(g.code) <= 3);
    if (braid_lang_model_path(l)) {
        /* Russian with broken bytes and NULs inside is still Russian */
        static const char t[] = "Правительство \xff объявило\0 о новых \xc3 мерах поддержки "
                                "малого бизнеса во вторник.";
        braid_lang_detect(l, t, sizeof t - 1, &g);
        assert_string_equal(g.code, "ru");
    }
    braid_lang_free(l);
}

static void test_huge(void **state)
{
    (void)state;
    braid_lang *l = new_lang(0.30);
    const char *s = "The committee will publish its report on climate policy next week. ";
    size_t sl = strlen(s), n = (1u << 20) / sl;
    char *big = malloc(n * sl);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++) memcpy(big + i * sl, s, sl);
    braid_lang_guess g;
    braid_lang_detect(l, big, n * sl, &g);
    assert_string_equal(g.code, "en");
    free(big);
    braid_lang_free(l);
}

static void test_threshold(void **state)
{
    (void)state;
    braid_lang *strict = new_lang(1.0);
    braid_lang_guess g;
    braid_lang_detect(strict, "Hola amigos", 11, &g);
    assert_string_equal(g.code, "und");
    braid_lang_detect_best(strict, "Hola amigos", 11, &g);
    assert_string_not_equal(g.code, "und");
    assert_true(g.confidence > 0);
    braid_lang_free(strict);
}

static void test_supports(void **state)
{
    (void)state;
    braid_lang *l = new_lang(0.30);
    static const char *const codes[] = {
        "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el",
        "en", "eo", "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "he", "hi", "hr",
        "hu", "hy", "id", "is", "it", "ja", "jv", "ka", "kk", "km", "kn", "ko", "ky", "la",
        "lo", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "ne", "nl", "no", "pa", "pl",
        "ps", "pt", "ro", "ru", "si", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "te", "tg",
        "th", "tl", "tr", "tt", "uk", "ur", "uz", "vi", "yi", "zh"};
    size_t n = sizeof codes / sizeof codes[0], ok = 0;
    for (size_t i = 0; i < n; i++) ok += (size_t)braid_lang_supports(l, codes[i]);
    if (braid_lang_model_path(l)) assert_int_equal(ok, n); /* >= 75 languages */
    assert_false(braid_lang_supports(l, "xx"));
    assert_false(braid_lang_supports(l, ""));
    braid_lang_free(l);
}

/* An explicitly configured model that does not exist is an error. */
static void test_missing_model(void **state)
{
    (void)state;
    braid_config cfg;
    braid_config_init(&cfg);
    strcpy(cfg.lid_model, "/nonexistent/lid.176.ftz");
    braid_error err;
    braid_lang *l = braid_lang_new(&cfg, &err);
    assert_null(l);
    assert_int_equal(err.code, BRAID_ENOTFOUND);
    assert_true(contains(err.message, "/nonexistent/lid.176.ftz"));
}

/* Without any model (none found from "/"), CLD2 and scripts still work. */
static void test_reduced(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    const char *env = getenv("BRAID_LID_MODEL");
    if (env) skip();
    if (access("/usr/local/share/braid/lid.176.ftz", R_OK) == 0) skip();
    assert_int_equal(chdir("/"), 0);
    braid_lang *l = new_lang(0.30);
    assert_int_equal(chdir(cwd), 0);
    if (braid_lang_model_path(l)) { /* found next to the executable */
        braid_lang_free(l);
        skip();
    }
    assert_non_null(braid_lang_warning(l));
    expect(l, "ru", "Правительство объявило о новых мерах поддержки малого бизнеса во вторник, "
                    "сообщили в министерстве экономического развития.");
    expect(l, "en", "The government announced new measures to support small businesses on "
                    "Tuesday, the ministry of economic development said.");
    expect(l, "ko", "서울");
    braid_lang_free(l);
}

/* Two handles are independent (no shared state). */
/* Hunspell dictionaries (dicts.c): found, lazily loaded, absent. */
static void test_dicts(void **state)
{
    (void)state;
    braid_dicts *none = braid_dicts_new("/nonexistent");
    assert_non_null(none);
    assert_int_equal(braid_dicts_has(none, "pt"), 0);
    assert_int_equal(braid_dicts_spell(none, "pt", "casa", 4), -1);
    assert_int_equal(braid_dicts_loaded(none), 0);
    braid_dicts_free(none);
    if (access("/usr/share/hunspell/pt_PT.dic", R_OK) != 0 ||
        access("/usr/share/hunspell/es_ES.dic", R_OK) != 0)
        skip();
    braid_dicts *d = braid_dicts_new(NULL);
    assert_int_equal(braid_dicts_loaded(d), 0);
    if (!braid_dicts_has(d, "pt")) { /* not loadable */
        braid_dicts_free(d);
        skip();
    }
    const char *w = "coração";
    assert_int_equal(braid_dicts_spell(d, "pt", w, strlen(w)), 1);
    assert_int_equal(braid_dicts_spell(d, "es", w, strlen(w)), 0);
    assert_int_equal(braid_dicts_loaded(d), 2);
    assert_int_equal(braid_dicts_spell(d, "xx", w, strlen(w)), -1);
    /* bad input: empty, NUL inside, too long, invalid UTF-8 */
    assert_int_equal(braid_dicts_spell(d, "pt", "", 0), 0);
    assert_int_equal(braid_dicts_spell(d, "pt", "ca\0sa", 5), 0);
    char big[300];
    memset(big, 'a', sizeof big);
    assert_int_equal(braid_dicts_spell(d, "pt", big, sizeof big), 0);
    assert_true(braid_dicts_spell(d, "pt", "\xff\xfe", 2) >= 0);
    braid_dicts_free(d);
}

/* lang_dicts=1: the dictionary vote settles a word fastText gets wrong
 * ("thank you" in Belarusian: fastText says Russian). */
static void test_dict_vote(void **state)
{
    (void)state;
    if (access("/usr/share/hunspell/be_BY.dic", R_OK) != 0 ||
        access("/usr/share/hunspell/ru_RU.dic", R_OK) != 0)
        skip();
    braid_config cfg;
    braid_config_init(&cfg);
    cfg.lang_dicts = 1;
    braid_error err;
    braid_lang *l = braid_lang_new(&cfg, &err);
    assert_non_null(l);
    if (!braid_lang_model_path(l)) {
        braid_lang_free(l);
        skip();
    }
    braid_dicts *probe = braid_dicts_new(NULL);
    int have = braid_dicts_has(probe, "be");
    braid_dicts_free(probe);
    if (!have) { /* not loadable */
        braid_lang_free(l);
        skip();
    }
    braid_lang_guess g;
    braid_lang_detect_best(l, "дзякуй", strlen("дзякуй"), &g);
    assert_string_equal(g.code, "be");
    expect(l, "pt", "muito obrigado");
    expect(l, "ru", "Путин встретился с Эрдоганом в Сочи"); /* not short: no vote */
    braid_lang_free(l);
}

static void test_two_handles(void **state)
{
    (void)state;
    braid_lang *a = new_lang(0.30), *b = new_lang(0.30);
    braid_lang_guess ga, gb;
    braid_lang_detect(a, sentences[0].text, strlen(sentences[0].text), &ga);
    braid_lang_detect(b, sentences[1].text, strlen(sentences[1].text), &gb);
    braid_lang_free(a);
    braid_lang_detect(b, sentences[0].text, strlen(sentences[0].text), &gb);
    assert_string_equal(ga.code, gb.code);
    braid_lang_free(b);
}

/* The engine entry point used by `braid lang`. */
static void test_engine(void **state)
{
    (void)state;
    braid_error err;
    braid_engine *e = braid_engine_new(NULL, &err);
    assert_non_null(e);
    braid_lang_guess g;
    assert_int_equal(braid_engine_detect_lang(e, "", 0, &g), BRAID_OK);
    assert_string_equal(g.code, "und");
    assert_int_equal(braid_engine_detect_lang(e, NULL, 5, &g), BRAID_EINVAL);
    assert_int_equal(braid_engine_detect_lang(e, "서울", strlen("서울"), &g), BRAID_OK);
    assert_string_equal(g.code, "ko");
    braid_engine_free(e);
}

/* Forks share the parent's models and fastText's token memo: each gives
 * the answers of an engine of its own, before and after the parent is
 * freed, and two forks detecting at once on two threads (writing and
 * reading the same memo, with tokens new to it every round) give exactly
 * the answers of the separate engine. */
#define FORK_ROUNDS 40
struct fork_job {
    braid_engine *e;
    const braid_lang_guess *want; /* FORK_ROUNDS x sample_count() */
    int wrong;
};

static int sample_count(void)
{
    return (int)(sizeof sentences / sizeof *sentences + sizeof shorts / sizeof *shorts);
}

/* sample i, with a token of its own in every round but the first */
static const char *sample_text(int i, int round, char *tmp, size_t cap)
{
    int ns = (int)(sizeof sentences / sizeof *sentences);
    const char *t = i < ns ? sentences[i].text : shorts[i - ns].text;
    if (!round) return t;
    snprintf(tmp, cap, "%s x%dq%d", t, round, i);
    return tmp;
}

static int detect_rounds(braid_engine *e, const braid_lang_guess *want, braid_lang_guess *got)
{
    char tmp[512];
    int wrong = 0, n = sample_count();
    for (int r = 0; r < FORK_ROUNDS; r++)
        for (int i = 0; i < n; i++) {
            const char *t = sample_text(i, r, tmp, sizeof tmp);
            braid_lang_guess g;
            braid_engine_detect_lang(e, t, strlen(t), &g);
            if (got) got[r * n + i] = g;
            else if (strcmp(g.code, want[r * n + i].code) || g.confidence != want[r * n + i].confidence)
                wrong++;
        }
    return wrong;
}

static void *fork_detect(void *arg)
{
    struct fork_job *j = arg;
    j->wrong = detect_rounds(j->e, j->want, NULL);
    return NULL;
}

static void test_fork(void **state)
{
    (void)state;
    braid_error err;
    braid_engine *ref = braid_engine_new(NULL, &err), *parent = braid_engine_new(NULL, &err);
    assert_non_null(ref);
    assert_non_null(parent);
    braid_engine *a = braid_engine_fork(parent, &err), *b = braid_engine_fork(parent, &err);
    assert_non_null(a);
    assert_non_null(b);
    int n = sample_count();
    braid_lang_guess *want = calloc((size_t)FORK_ROUNDS * (size_t)n, sizeof *want);
    assert_non_null(want);
    detect_rounds(ref, NULL, want);
    assert_string_equal(want[0].code, "en");
    assert_string_equal(want[1].code, "ru");
    for (int i = 0; i < n; i++) { /* round 0 through parent and a fork */
        char tmp[8];
        const char *t = sample_text(i, 0, tmp, sizeof tmp);
        braid_lang_guess gp, ga;
        braid_engine_detect_lang(parent, t, strlen(t), &gp);
        braid_engine_detect_lang(a, t, strlen(t), &ga);
        assert_string_equal(gp.code, want[i].code);
        assert_string_equal(ga.code, want[i].code);
        assert_true(gp.confidence == want[i].confidence && ga.confidence == want[i].confidence);
    }
    braid_engine_free(parent); /* the forks keep what they share */
    struct fork_job ja = {a, want, -1}, jb = {b, want, -1};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, fork_detect, &ja), 0);
    fork_detect(&jb);
    pthread_join(t, NULL);
    assert_int_equal(ja.wrong, 0);
    assert_int_equal(jb.wrong, 0);
    assert_null(braid_engine_fork(NULL, &err));
    assert_int_equal(err.code, BRAID_EINVAL);
    braid_engine_free(a);
    braid_engine_free(b);
    braid_engine_free(ref);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_short),
        cmocka_unit_test(test_scripts),
        cmocka_unit_test(test_cyrillic_letters),
        cmocka_unit_test(test_no_letters),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_huge),
        cmocka_unit_test(test_threshold),
        cmocka_unit_test(test_supports),
        cmocka_unit_test(test_missing_model),
        cmocka_unit_test(test_reduced),
        cmocka_unit_test(test_dicts),
        cmocka_unit_test(test_dict_vote),
        cmocka_unit_test(test_two_handles),
        cmocka_unit_test(test_engine),
        cmocka_unit_test(test_fork),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
