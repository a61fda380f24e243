/*
 * test_tokenize.c — the tokenizer: boundaries, folding, stems, flags,
 * and the stopword tables' sort order (binary search depends on it).
 */
#include "testutil.h"

#include <stdio.h>

#include "analyze/stopwords.h"
#include "analyze/tokenize.h"

#include <utf8proc.h>

static const char *stem_of(braid_tokens *ts, size_t i)
{
    return BRAID_TOK_STEM(ts, &ts->v[i]);
}

static const char *norm_of(braid_tokens *ts, size_t i)
{
    return BRAID_TOK_NORM(ts, &ts->v[i]);
}

static void test_english(void **state)
{
    (void)state;
    braid_tokenizer *tk = braid_tokenizer_new();
    braid_tokens ts;
    braid_tokens_init(&ts);
    const char *s = "The Presidents don't meet. NATO leaders met on 07.11.2020, paying $1,5 bn.";
    assert_int_equal(braid_tokenize(tk, "en", s, strlen(s), &ts), 0);
    assert_string_equal(norm_of(&ts, 0), "the");
    assert_true(ts.v[0].flags & BRAID_TOK_STOPWORD);
    assert_true(ts.v[0].flags & BRAID_TOK_SENT_START);
    assert_string_equal(stem_of(&ts, 1), "presid");
    assert_true(ts.v[1].flags & BRAID_TOK_CAPITALIZED);
    assert_false(ts.v[1].flags & BRAID_TOK_SENT_START);
    assert_string_equal(norm_of(&ts, 2), "don't");
    assert_string_equal(norm_of(&ts, 4), "nato");
    assert_true(ts.v[4].flags & BRAID_TOK_ALLCAPS);
    assert_true(ts.v[4].flags & BRAID_TOK_SENT_START);
    assert_string_equal(norm_of(&ts, 8), "07.11.2020");
    assert_true(ts.v[8].flags & BRAID_TOK_NUMBER);
    assert_string_equal(norm_of(&ts, 10), "1,5");
    assert_int_equal(ts.n, 12);
    /* source offsets point back into the text */
    assert_memory_equal(s + ts.v[8].src_off, "07.11.2020", 10);
    braid_tokens_free(&ts);
    braid_tokenizer_free(tk);
}

static void test_russian(void **state)
{
    (void)state;
    braid_tokenizer *tk = braid_tokenizer_new();
    braid_tokens ts;
    braid_tokens_init(&ts);
    const char *s = "Эрдоган ЁЖИКОВ ещё в Нагорный-Карабах";
    assert_int_equal(braid_tokenize(tk, "ru", s, strlen(s), &ts), 0);
    assert_int_equal(ts.n, 6);
    assert_string_equal(norm_of(&ts, 0), "эрдоган");
    assert_string_equal(norm_of(&ts, 1), "ежиков");
    assert_true(ts.v[1].flags & BRAID_TOK_ALLCAPS);
    assert_string_equal(norm_of(&ts, 2), "еще");
    assert_true(ts.v[2].flags & BRAID_TOK_STOPWORD);
    assert_true(ts.v[3].flags & BRAID_TOK_STOPWORD);
    assert_string_equal(norm_of(&ts, 5), "карабах");
    /* Russian Snowball: same stem for inflected forms */
    braid_tokens_clear(&ts);
    const char *t = "президента президенту";
    assert_int_equal(braid_tokenize(tk, "ru", t, strlen(t), &ts), 0);
    assert_int_equal(ts.n, 2);
    assert_string_equal(stem_of(&ts, 0), stem_of(&ts, 1));
    braid_tokens_free(&ts);
    braid_tokenizer_free(tk);
}

static void test_odd_input(void **state)
{
    (void)state;
    braid_tokenizer *tk = braid_tokenizer_new();
    braid_tokens ts;
    braid_tokens_init(&ts);
    /* invalid UTF-8, compatibility forms, unknown language, empty input */
    const char *s = "\xff\xfe ﬁnance Ｔｅｓｔ straße";
    assert_int_equal(braid_tokenize(tk, "xx", s, strlen(s), &ts), 0);
    assert_int_equal(ts.n, 3);
    assert_string_equal(norm_of(&ts, 0), "finance");
    assert_string_equal(norm_of(&ts, 1), "test");
    assert_string_equal(norm_of(&ts, 2), "strasse");
    assert_int_equal(braid_tokenize(tk, "und", "", 0, &ts), 0);
    assert_int_equal(ts.n, 3);
    braid_tokens_free(&ts);
    braid_tokenizer_free(tk);
}

/* The folded form outside ASCII and basic Cyrillic is utf8proc's NFKC +
 * case folding (the tokenizer does it into its own buffer): ligatures,
 * sharp s, title-case digraphs, Greek, combining marks, a long expansion */
/* the one token of word[0..len) is utf8proc's NFKC + case folding of it */
static void folds_like_utf8proc(braid_tokenizer *tk, const char *word, size_t len)
{
    braid_tokens ts;
    braid_tokens_init(&ts);
    assert_int_equal(braid_tokenize(tk, "und", word, len, &ts), 0);
    assert_int_equal(ts.n, 1);
    utf8proc_uint8_t *want = NULL;
    assert_true(utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len, &want,
                             UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                 UTF8PROC_CASEFOLD) > 0);
    assert_string_equal(norm_of(&ts, 0), (const char *)want);
    free(want);
    braid_tokens_free(&ts);
}

static void test_fold_is_nfkc_casefold(void **state)
{
    (void)state;
    static const char *const words[] = {
        "\xef\xac\x81nancial",           /* ﬁnancial */
        "Stra\xc3\x9f" "e",               /* Straße */
        "\xc7\x85" "emal",                /* ǅemal */
        "\xce\xa3\xce\x8a\xce\xa3\xce\xa5\xce\xa6\xce\x9f\xce\xa3", /* ΣΊΣΥΦΟΣ */
        "Cafe\xcc\x81",                  /* Café, decomposed */
        "\xc3\x85ngstr\xc3\xb6m",        /* Ångström */
        "\xef\xb7\xba",                  /* U+FDFA, 18 letters in NFKC */
        "\xd0\x86\xd0\xb2\xd0\xb0\xd0\xbd", /* Іван: Cyrillic beyond the basic block */
    };
    braid_tokenizer *tk = braid_tokenizer_new();
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        folds_like_utf8proc(tk, words[i], strlen(words[i]));
    /* 80 of them: 1,440 code points, past the tokenizer's own buffer */
    char many[3 * 80];
    for (int i = 0; i < 80; i++) memcpy(many + 3 * i, "\xef\xb7\xba", 3);
    folds_like_utf8proc(tk, many, sizeof many);
    braid_tokenizer_free(tk);
}

/* A tokenizer that has met many languages still stems a new one: the
 * stems may not depend on what it saw before (a fixed table of 32
 * languages once left the 33rd unstemmed in one tokenizer only). */
static void test_many_languages(void **state)
{
    (void)state;
    braid_tokenizer *tk = braid_tokenizer_new();
    braid_tokens ts;
    braid_tokens_init(&ts);
    char code[4];
    for (int i = 0; i < 60; i++) { /* 60 codes Snowball mostly does not know */
        snprintf(code, sizeof code, "q%c", 'a' + i % 26);
        if (i >= 26) snprintf(code, sizeof code, "q%c%c", 'a' + i % 26, 'a' + i / 26);
        braid_tokens_clear(&ts);
        assert_int_equal(braid_tokenize(tk, code, "words", 5, &ts), 0);
    }
    static const char *const langs[] = {"en", "de", "fr", "es", "it", "pt", "nl", "sv", "ru", "sr"};
    static const char *const words[] = {"running", "häuser", "nationales", "corriendo", "parlare",
                                        "falando", "lopen", "springer", "бегущий", "радници"};
    for (int i = 0; i < 10; i++) {
        braid_tokenizer *fresh = braid_tokenizer_new();
        braid_tokens a, b;
        braid_tokens_init(&a);
        braid_tokens_init(&b);
        assert_int_equal(braid_tokenize(tk, langs[i], words[i], strlen(words[i]), &a), 0);
        assert_int_equal(braid_tokenize(fresh, langs[i], words[i], strlen(words[i]), &b), 0);
        assert_int_equal(a.n, 1);
        assert_string_equal(stem_of(&a, 0), stem_of(&b, 0));
        /* and it is a stem: Snowball shortened the word */
        assert_true(a.v[0].stem_len < a.v[0].norm_len);
        braid_tokens_free(&a);
        braid_tokens_free(&b);
        braid_tokenizer_free(fresh);
    }
    /* an over-long code is no language, and is not remembered */
    braid_tokens_clear(&ts);
    assert_int_equal(braid_tokenize(tk, "toolongcode", "running", 7, &ts), 0);
    assert_string_equal(stem_of(&ts, 0), "running");
    braid_tokens_free(&ts);
    braid_tokenizer_free(tk);
}

static void test_stopwords(void **state)
{
    (void)state;
    assert_true(braid_stopword_is("en", "the", 3));
    assert_true(braid_stopword_is("en", "yourselves", 10));
    assert_false(braid_stopword_is("en", "putin", 5));
    assert_true(braid_stopword_is("ru", "и", strlen("и")));
    assert_true(braid_stopword_is("ru", "между", strlen("между")));
    assert_false(braid_stopword_is("ru", "путин", strlen("путин")));
    assert_false(braid_stopword_is("de", "der", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_russian),
        cmocka_unit_test(test_odd_input),
        cmocka_unit_test(test_many_languages),
        cmocka_unit_test(test_fold_is_nfkc_casefold),
        cmocka_unit_test(test_stopwords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
