/*
 * test_lang_words.c — the single-word language model (src/lang/words.c):
 * training from hunspell dictionaries (affix expansion, legacy charsets),
 * the model file loader on good and damaged bytes, the shipped model's
 * verdict on words whose spelling names their language, its frequent
 * words, and its effect through braid_lang (a Belarusian word fastText
 * calls Russian, Xhosa words fastText cannot name, frequent English
 * words).
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lang/lang.h"
#include "lang/words.h"

static void write_file(const char *path, const char *bytes)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(bytes, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static double score_of(const braid_lw *m, const char *code, const char *w)
{
    double ll[128] = {0};
    int i = braid_lw_index(m, code);
    assert_true(i >= 0);
    assert_true(braid_lw_score(m, w, strlen(w), ll) > 0);
    return ll[i];
}

/* Reads a whole file (the model) into memory. */
static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    unsigned char *b = malloc(8 << 20);
    assert_non_null(b);
    *n = fread(b, 1, 8 << 20, f);
    fclose(f);
    return b;
}

/* Two tiny dictionaries: Spanish in ISO 8859-1 with a plural rule,
 * English in UTF-8.  The model must know "casas" (only reachable by the
 * suffix rule) and "canción" (only readable through iconv) as Spanish. */
static void test_train(void **state)
{
    (void)state;
    char dir[] = "/tmp/braid-lw-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[1024], out[256];
    snprintf(p, sizeof p, "%s/es_ES.aff", dir);
    write_file(p, "SET ISO8859-1\nSFX S Y 1\nSFX S 0 s [^s]\n");
    snprintf(p, sizeof p, "%s/es_ES.dic", dir);
    write_file(p, "3\ncasa/S\ncanci\xf3n\nmesa/S\n");
    snprintf(p, sizeof p, "%s/en_US.aff", dir);
    write_file(p, "SET UTF-8\n");
    snprintf(p, sizeof p, "%s/en_US.dic", dir);
    write_file(p, "3\nhouse\nsong\ntable\n");
    snprintf(out, sizeof out, "%s/m.bin", dir);
    char why[256] = "";
    assert_int_equal(braid_lw_train(dir, NULL, out, 10, 0, NULL, why, sizeof why), 0);
    braid_lw *m = braid_lw_load(out, why, sizeof why);
    assert_non_null(m);
    assert_int_equal(braid_lw_nlangs(m), 2);
    assert_true(score_of(m, "es", "casas") > score_of(m, "en", "casas"));
    assert_true(score_of(m, "es", "canción") > score_of(m, "en", "canción"));
    assert_true(score_of(m, "en", "house") > score_of(m, "es", "house"));
    /* upper case is folded */
    assert_true(score_of(m, "es", "CANCIÓN") == score_of(m, "es", "canción"));
    assert_int_equal(braid_lw_index(m, "xx"), -1);
    assert_null(braid_lw_code(m, 2));
    braid_lw_free(m);

    /* damaged copies of a good model are refused */
    size_t n = 0;
    unsigned char *b = slurp(out, &n);
    assert_non_null(b);
    assert_non_null((m = braid_lw_parse(b, n, why, sizeof why)));
    braid_lw_free(m);
    assert_null(braid_lw_parse(b, n - 1, why, sizeof why));
    assert_null(braid_lw_parse(b, 0, why, sizeof why));
    b[28] = 'A'; /* first language code: not lower case */
    assert_null(braid_lw_parse(b, n, why, sizeof why));
    b[28] = 'e';
    b[8] = 0; /* no languages */
    assert_null(braid_lw_parse(b, n, why, sizeof why));
    b[8] = 2;
    b[0] = 'X';
    assert_null(braid_lw_parse(b, n, why, sizeof why));
    free(b);
    assert_null(braid_lw_load("/nonexistent/m.bin", why, sizeof why));

    /* a corpus (scripts/lang-corpus.py's layout) adds languages: running
     * text counts every occurrence, a word list every word once */
    char cdir[300];
    snprintf(cdir, sizeof cdir, "%s/corpus", dir);
    snprintf(p, sizeof p, "mkdir -p '%s/text' '%s/words'", cdir, cdir);
    assert_int_equal(system(p), 0);
    snprintf(p, sizeof p, "%s/text/zu.txt", cdir);
    write_file(p, "Ngiyabonga kakhulu, mngane wami.\nSawubona! Unjani namuhla?\n"
                  "Kakhulu kakhulu.\nSawubona.\n");
    snprintf(p, sizeof p, "%s/words/xh.txt", cdir);
    write_file(p, "enkosi\nmolweni\nnot a word\n");
    assert_int_equal(braid_lw_train(dir, cdir, out, 10, 0, NULL, why, sizeof why), 0);
    assert_non_null((m = braid_lw_load(out, why, sizeof why)));
    assert_int_equal(braid_lw_nlangs(m), 4);
    assert_true(score_of(m, "zu", "ngiyabonga") > score_of(m, "es", "ngiyabonga"));
    assert_true(score_of(m, "xh", "enkosi") > score_of(m, "zu", "enkosi"));
    /* frequent words come from running text only (every word of it) */
    double lf[128];
    for (int i = 0; i < 128; i++) lf[i] = 1.0;
    assert_int_equal(braid_lw_words(m, "Kakhulu", 7, lf), 1);
    assert_true(lf[braid_lw_index(m, "zu")] < 0);
    assert_true(lf[braid_lw_index(m, "xh")] == 1.0);
    assert_int_equal(braid_lw_words(m, "enkosi", 6, lf), 0);
    for (int i = 0; i < 128; i++) lf[i] = 1.0;
    assert_int_equal(braid_lw_words(m, "sawubona", 8, lf), 1); /* twice */
    /* ... with its log-frequency (2 of 10 words) to 1/16 of a nat */
    assert_true(fabs(lf[braid_lw_index(m, "zu")] - log(2.0 / 10.0)) < 0.04);
    assert_int_equal(braid_lw_words(m, "wami", 4, lf), 1); /* once */
    assert_int_equal(braid_lw_words(m, "molweni", 7, lf), 0); /* a listed word */
    braid_lw_free(m);
    /* a corpus alone is enough */
    char nodict[300];
    snprintf(nodict, sizeof nodict, "%s/none", dir);
    assert_int_equal(braid_lw_train(nodict, cdir, out, 10, 0, NULL, why, sizeof why), 0);

    /* no dictionary at all: a clear error */
    char empty[300];
    snprintf(empty, sizeof empty, "%s/none", dir);
    assert_int_equal(braid_lw_train(empty, NULL, out, 10, 0, NULL, why, sizeof why), -1);
    assert_true(strstr(why, "no training data") != NULL);

    snprintf(p, sizeof p, "rm -rf '%s'", dir);
    assert_int_equal(system(p), 0);
}

/* The shipped model tells close languages apart by spelling. */
static void test_shipped(void **state)
{
    (void)state;
    char why[256];
    braid_lw *m = braid_lw_load(BRAID_SOURCE_DIR "/models/lang-words.bin", why, sizeof why);
    if (!m) skip();
    assert_true(braid_lw_nlangs(m) >= 40);
    assert_true(score_of(m, "pt", "coração") > score_of(m, "es", "coração"));
    assert_true(score_of(m, "es", "corazón") > score_of(m, "pt", "corazón"));
    assert_true(score_of(m, "be", "дзякуй") > score_of(m, "ru", "дзякуй"));
    assert_true(score_of(m, "ru", "спасибо") > score_of(m, "uk", "спасибо"));
    assert_true(score_of(m, "sv", "skolan") > score_of(m, "da", "skolan"));
    /* round 5: the languages fastText lacks, and frequent words */
    assert_true(braid_lw_nlangs(m) >= 100);
    assert_true(braid_lw_index(m, "xh") >= 0 && braid_lw_index(m, "zu") >= 0 && braid_lw_index(m, "st") >= 0);
    double lf[128];
    for (int i = 0; i < 128; i++) lf[i] = 0;
    assert_true(braid_lw_words(m, "The", 3, lf) > 0);
    assert_true(lf[braid_lw_index(m, "en")] < 0);
    /* bad bytes score nothing */
    double ll[128] = {0};
    assert_int_equal(braid_lw_score(m, "\xff\xfe", 2, ll), 0);
    assert_int_equal(braid_lw_score(m, "", 0, ll), 0);
    braid_lw_free(m);
}

/* Through braid_lang: "дзякуй" (Belarusian) is Russian to fastText,
 * Belarusian with the word model; without it (lang_words_model=none)
 * the old answer comes back. */
static void test_vote(void **state)
{
    (void)state;
    if (access(BRAID_SOURCE_DIR "/models/lang-words.bin", R_OK) != 0) skip();
    braid_config cfg;
    braid_config_init(&cfg);
    braid_error err;
    assert_int_equal(braid_config_set(&cfg, "lang_words_model",
                                      BRAID_SOURCE_DIR "/models/lang-words.bin", &err), BRAID_OK);
    braid_lang *l = braid_lang_new(&cfg, &err);
    assert_non_null(l);
    if (!braid_lang_model_path(l)) {
        braid_lang_free(l);
        skip();
    }
    braid_lang_guess g;
    braid_lang_detect_best(l, "дзякуй", strlen("дзякуй"), &g);
    assert_string_equal(g.code, "be");
    braid_lang_detect_best(l, "skolan", strlen("skolan"), &g);
    assert_string_equal(g.code, "sv");
    /* Xhosa, which fastText does not know: the word model alone proposes
     * it ("okanye" = "or") */
    braid_lang_detect_best(l, "okanye", strlen("okanye"), &g);
    assert_string_equal(g.code, "xh");
    braid_lang_detect_best(l, "isetyenziswe", strlen("isetyenziswe"), &g);
    assert_string_equal(g.code, "xh");
    /* frequent English words whose letters look Javanese or German */
    braid_lang_detect_best(l, "make", 4, &g);
    assert_string_equal(g.code, "en");
    braid_lang_detect_best(l, "such", 4, &g);
    assert_string_equal(g.code, "en");
    /* long text: no vote, same answer as always */
    const char *ru = "Путин встретился с Эрдоганом в Сочи";
    braid_lang_detect_best(l, ru, strlen(ru), &g);
    assert_string_equal(g.code, "ru");
    braid_lang_free(l);
    assert_int_equal(braid_config_set(&cfg, "lang_words_model", "none", &err), BRAID_OK);
    l = braid_lang_new(&cfg, &err);
    assert_non_null(l);
    braid_lang_detect_best(l, "дзякуй", strlen("дзякуй"), &g);
    assert_string_equal(g.code, "ru");
    braid_lang_detect_best(l, "okanye", strlen("okanye"), &g);
    assert_string_not_equal(g.code, "xh");
    braid_lang_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_train),
        cmocka_unit_test(test_shipped),
        cmocka_unit_test(test_vote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
