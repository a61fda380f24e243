/*
 * test_classify.c — the classification stage: features, SGD training on a
 * small synthetic corpus (held-out examples must be separated), the model
 * file (round trip gives identical scores; truncated, corrupted and
 * foreign files are clear errors), distant URL labels, the data readers,
 * metrics, and the public braid_classifier.  The shipped models are
 * checked on real toloka data when ../shared/data is present.
 */
#include "testutil.h"

#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/tokenize.h"
#include "classify/classify.h"
#include "doc.h"

/* ---- a synthetic corpus ------------------------------------------------- */

static const char *const topic_words[3][12] = {
    {"match", "goal", "striker", "league", "coach", "stadium", "tournament", "team",
     "referee", "season", "championship", "defender"},
    {"shares", "market", "bank", "inflation", "profit", "investors", "economy", "prices",
     "revenue", "bonds", "growth", "company"},
    {"parliament", "minister", "election", "police", "court", "president", "vote",
     "protest", "law", "government", "arrested", "opposition"}};
static const char *const filler[10] = {"today", "people", "new", "city", "week", "said",
                                       "year", "report", "local", "many"};

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* A text of `n` words: 40% from the topic's vocabulary, 60% filler
 * (shared by every topic), so no single word decides. */
static void make_text(buf *b, int topic, int n, uint64_t *s)
{
    buf_clear(b);
    for (int i = 0; i < n; i++) {
        if (i) buf_putc(b, ' ');
        if (rnd(s) % 10 < 4) buf_puts(b, topic_words[topic][rnd(s) % 12]);
        else buf_puts(b, filler[rnd(s) % 10]);
    }
}

struct corpus {
    braid_feats f[300];
    braid_train_example ex[300];
    size_t n;
};

static void make_corpus(struct corpus *c, braid_featurizer *fz, unsigned bits, size_t n,
                        uint64_t seed)
{
    buf t = BUF_INIT, x = BUF_INIT;
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < n; i++) {
        int topic = (int)(i % 3);
        make_text(&t, topic, 6, &seed);
        make_text(&x, topic, 60, &seed);
        assert_int_equal(braid_features_extract(fz, bits, "en", t.data, t.len, x.data, x.len,
                                                &c->f[i]),
                         0);
        c->ex[i].f = c->f[i].v;
        c->ex[i].n = c->f[i].n;
        c->ex[i].label = topic;
    }
    c->n = n;
    buf_free(&t);
    buf_free(&x);
}

static void corpus_free(struct corpus *c)
{
    for (size_t i = 0; i < c->n; i++) braid_feats_free(&c->f[i]);
}

static const char names3[3][BRAID_CLS_NAME_MAX] = {"sports", "economy", "society"};

static void train3(braid_cls_model *m, const struct corpus *c, unsigned bits)
{
    braid_train_opts o;
    braid_train_opts_init(&o);
    o.dim_bits = bits;
    o.epochs = 5;
    braid_error err;
    assert_int_equal(braid_cls_train("category", 3, names3, c->ex, c->n, &o, NULL, m, &err),
                     BRAID_OK);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_features_normalised_sorted(void **state)
{
    (void)state;
    braid_featurizer *fz = braid_features_new();
    braid_feats f = {0};
    const char *title = "Striker scores twice";
    const char *text = "The striker scored twice and the striker celebrated.";
    assert_int_equal(braid_features_extract(fz, 16, "en", title, strlen(title), text,
                                            strlen(text), &f),
                     0);
    assert_true(f.n > 5);
    double norm = 0;
    for (size_t i = 0; i < f.n; i++) {
        assert_true(f.v[i].idx < (1u << 16));
        if (i) assert_true(f.v[i - 1].idx < f.v[i].idx); /* sorted, merged */
        norm += (double)f.v[i].val * f.v[i].val;
    }
    assert_true(fabs(norm - 1.0) < 1e-4);
    /* same input, same features; empty input still gives lang + length */
    braid_feats g = {0};
    assert_int_equal(braid_features_extract(fz, 16, "en", title, strlen(title), text,
                                            strlen(text), &g),
                     0);
    assert_int_equal(f.n, g.n);
    assert_memory_equal(f.v, g.v, f.n * sizeof *f.v);
    assert_int_equal(braid_features_extract(fz, 16, "en", NULL, 0, NULL, 0, &g), 0);
    assert_int_equal(g.n, 2);
    braid_feats_free(&f);
    braid_feats_free(&g);
    braid_features_free(fz);
}

/* The featurizer splits words itself and caches word -> stem: its vector
 * must be the one built from the shared tokenizer's tokens, on awkward
 * text (apostrophes, decimal numbers, Ё, marks, other scripts, invalid
 * bytes), with the cache cold, warm, and after it was cleared. */
static void features_match_tokens(braid_featurizer *fz, braid_tokenizer *tk, const char *lang,
                                  const char *title, const char *text)
{
    braid_feats a = {0}, b = {0};
    braid_tokens tt, tb;
    braid_tokens_init(&tt);
    braid_tokens_init(&tb);
    assert_int_equal(braid_tokenize(tk, lang, title, strlen(title), &tt), 0);
    assert_int_equal(braid_tokenize(tk, lang, text, strlen(text), &tb), 0);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(braid_features_extract(fz, 18, lang, title, strlen(title), text,
                                                strlen(text), &a),
                         0);
        assert_int_equal(braid_features_from_tokens(fz, 18, lang, &tt, &tb, 600, &b), 0);
        assert_int_equal(a.n, b.n);
        assert_memory_equal(a.v, b.v, a.n * sizeof *a.v);
    }
    braid_tokens_free(&tt);
    braid_tokens_free(&tb);
    braid_feats_free(&a);
    braid_feats_free(&b);
}

static void test_features_word_cache(void **state)
{
    (void)state;
    braid_featurizer *fz = braid_features_new();
    braid_tokenizer *tk = braid_tokenizer_new();
    assert_non_null(fz);
    assert_non_null(tk);
    const char *en = "AOL's profit rose 6.4% to $1,130.5m; the firm's CEO said: \"we're "
                     "ready\" \xe2\x80\x94 rock'n'roll, naïve café, x'y, 1.2.3, 3,5 ' and "
                     "'quoted' I'm a  U.S. test\xff\xfe end. \xe4\xb8\xad\xe6\x96\x87 e\xcc\x81t\xc3\xa9";
    const char *ru = "Ёлка и ёж: в Москве 18,5 тыс. человек \xe2\x80\x94 «Спартак» "
                     "обыграл ЦСКА 2:1; д\xe2\x80\x99Артаньян, S&P 500, Ёё ёЁ";
    features_match_tokens(fz, tk, "en", "Firm's 10 best tips", en);
    features_match_tokens(fz, tk, "ru", "Ёлка: 5 фактов", ru);
    /* fill the cache past its limit (65,536 words, cleared at 3/4) with
     * distinct words, 600 a call (the body's cap), then check again */
    buf big = BUF_INIT;
    braid_feats f = {0};
    for (int r = 0; r < 90; r++) {
        buf_clear(&big);
        for (int i = 0; i < 600; i++) buf_printf(&big, "z%dr%d ", r, i);
        assert_int_equal(braid_features_extract(fz, 18, "en", "t", 1, big.data, big.len, &f), 0);
    }
    features_match_tokens(fz, tk, "en", "Firm's 10 best tips", en);
    features_match_tokens(fz, tk, "ru", "Ёлка: 5 фактов", ru);
    buf_free(&big);
    braid_feats_free(&f);
    braid_tokenizer_free(tk);
    braid_features_free(fz);
}

/* Russian stems longer than four letters add their prefix (features
 * version 4): derivations the stemmer leaves apart share it; English and
 * short stems get none. */
static size_t shared_buckets(const braid_feats *a, const braid_feats *b)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) n += a->v[i].idx == b->v[j].idx;
    return n;
}

static void test_features_russian_prefix(void **state)
{
    (void)state;
    braid_featurizer *fz = braid_features_new();
    braid_feats a = {0}, b = {0};
    /* one word: its unigram, the language, the length; + the prefix */
    assert_int_equal(braid_features_extract(fz, 18, "ru", NULL, 0, "экономика", strlen("экономика"), &a), 0);
    assert_int_equal(a.n, 4);
    assert_int_equal(braid_features_extract(fz, 18, "ru", NULL, 0, "дом", strlen("дом"), &b), 0);
    assert_int_equal(b.n, 3);
    assert_int_equal(braid_features_extract(fz, 18, "en", NULL, 0, "economics", strlen("economics"), &b), 0);
    assert_int_equal(b.n, 3);
    /* экономика / экономист: different stems, one prefix (+ lang + length) */
    assert_int_equal(braid_features_extract(fz, 18, "ru", NULL, 0, "экономист", strlen("экономист"), &b), 0);
    assert_int_equal(b.n, 4);
    assert_int_equal(shared_buckets(&a, &b), 3);
    /* in the title the prefix has the title's own namespace: only the
     * language is shared (the body is empty: another length) */
    assert_int_equal(braid_features_extract(fz, 18, "ru", "экономист", strlen("экономист"), NULL, 0, &b), 0);
    assert_int_equal(b.n, 4);
    assert_int_equal(shared_buckets(&a, &b), 1);
    braid_feats_free(&a);
    braid_feats_free(&b);
    braid_features_free(fz);
}

static void test_train_separates_held_out(void **state)
{
    (void)state;
    braid_featurizer *fz = braid_features_new();
    static struct corpus tr, te;
    make_corpus(&tr, fz, 14, 240, 42);
    make_corpus(&te, fz, 14, 90, 4242); /* different seed: unseen texts */
    braid_cls_model m;
    train3(&m, &tr, 14);
    size_t ok = 0;
    double p[BRAID_CLS_MAX_CLASSES];
    for (size_t i = 0; i < te.n; i++)
        ok += braid_cls_model_predict(&m, te.ex[i].f, te.ex[i].n, p) == te.ex[i].label;
    assert_true(ok >= te.n * 95 / 100);
    /* deterministic: same seed, same model */
    braid_cls_model m2;
    train3(&m2, &tr, 14);
    assert_memory_equal(m.q, m2.q, (size_t)3 << 14);
    assert_memory_equal(m.bias, m2.bias, sizeof m.bias);
    braid_cls_model_free(&m);
    braid_cls_model_free(&m2);
    corpus_free(&tr);
    corpus_free(&te);
    braid_features_free(fz);
}

/* Averaged SGD (o.average): one example, one feature, two classes, two
 * epochs.  By hand (lr 0.5 -> 0.25, class weight 1/2): the weight of class
 * 0 is 0.125 after the first step and 0.1722 after the second; averaged
 * over both steps 0.1486, over the last half the last one.  The single
 * bucket holds the class's largest weight, so it is the stored scale. */
static void test_train_average(void **state)
{
    (void)state;
    static const char names2[2][BRAID_CLS_NAME_MAX] = {"a", "b"};
    braid_feat f = {5, 1.0f};
    braid_train_example ex = {&f, 1, 0};
    braid_train_opts o;
    braid_train_opts_init(&o);
    o.dim_bits = 8;
    o.epochs = 2;
    braid_cls_model m;
    braid_error err;
    static const double want[3][2] = {{0, 0.17219}, {0.5, 0.17219}, {1, 0.14860}};
    for (int i = 0; i < 3; i++) {
        o.average = want[i][0];
        assert_int_equal(braid_cls_train("x", 2, names2, &ex, 1, &o, NULL, &m, &err), BRAID_OK);
        assert_true(fabs(m.scale[0] - want[i][1]) < 1e-4);
        assert_true(fabs(m.bias[0] - want[i][1]) < 1e-4);
        assert_true(fabs(m.bias[1] + want[i][1]) < 1e-4);
        braid_cls_model_free(&m);
    }
    /* on the three-topic corpus the averaged model separates unseen texts */
    braid_featurizer *fz = braid_features_new();
    static struct corpus tr, te;
    make_corpus(&tr, fz, 14, 240, 42);
    make_corpus(&te, fz, 14, 90, 4242);
    braid_train_opts_init(&o);
    o.dim_bits = 14;
    o.epochs = 5;
    o.average = 0.75;
    assert_int_equal(braid_cls_train("category", 3, names3, tr.ex, tr.n, &o, NULL, &m, &err),
                     BRAID_OK);
    size_t ok = 0;
    double p[BRAID_CLS_MAX_CLASSES];
    for (size_t i = 0; i < te.n; i++)
        ok += braid_cls_model_predict(&m, te.ex[i].f, te.ex[i].n, p) == te.ex[i].label;
    assert_true(ok >= te.n * 95 / 100);
    braid_cls_model_free(&m);
    corpus_free(&tr);
    corpus_free(&te);
    braid_features_free(fz);
}

static void test_train_rejects_bad_input(void **state)
{
    (void)state;
    braid_train_opts o;
    braid_train_opts_init(&o);
    braid_cls_model m;
    braid_error err;
    assert_int_equal(braid_cls_train("x", 3, names3, NULL, 0, &o, NULL, &m, &err), BRAID_EINVAL);
    braid_feat f = {1, 1.0f};
    braid_train_example ex = {&f, 1, 7};
    assert_int_equal(braid_cls_train("x", 3, names3, &ex, 1, &o, NULL, &m, &err), BRAID_EINVAL);
    assert_true(contains(err.message, "label"));
    o.dim_bits = 40;
    ex.label = 0;
    assert_int_equal(braid_cls_train("x", 3, names3, &ex, 1, &o, NULL, &m, &err), BRAID_EINVAL);
}

static char *tmp_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "/tmp/braid-test-classify-%ld-%s", (long)getpid(), name);
    return out;
}

static void test_model_round_trip(void **state)
{
    (void)state;
    braid_featurizer *fz = braid_features_new();
    static struct corpus tr;
    make_corpus(&tr, fz, 12, 120, 7);
    braid_cls_model m, back;
    train3(&m, &tr, 12);
    char path[256];
    braid_error err;
    assert_int_equal(braid_cls_model_save(&m, tmp_path(path, sizeof path, "rt.model"), &err),
                     BRAID_OK);
    assert_int_equal(braid_cls_model_load(path, &back, &err), BRAID_OK);
    assert_string_equal(back.task, "category");
    assert_int_equal(back.nclasses, 3);
    assert_string_equal(back.names[2], "society");
    for (size_t i = 0; i < tr.n; i++) {
        double p1[BRAID_CLS_MAX_CLASSES], p2[BRAID_CLS_MAX_CLASSES];
        braid_cls_model_predict(&m, tr.ex[i].f, tr.ex[i].n, p1);
        braid_cls_model_predict(&back, tr.ex[i].f, tr.ex[i].n, p2);
        assert_memory_equal(p1, p2, 3 * sizeof p1[0]); /* bit-identical */
    }
    unlink(path);
    braid_cls_model_free(&m);
    braid_cls_model_free(&back);
    corpus_free(&tr);
    braid_features_free(fz);
}

/* Serialise a model to bytes through a temporary file. */
static char *model_bytes(size_t *len)
{
    braid_cls_model m;
    memset(&m, 0, sizeof m);
    snprintf(m.task, sizeof m.task, "news");
    m.nclasses = 2;
    snprintf(m.names[0], sizeof m.names[0], "not_news");
    snprintf(m.names[1], sizeof m.names[1], "news");
    m.dim_bits = 8;
    m.features_version = BRAID_FEATURES_VERSION;
    m.scale[0] = m.scale[1] = 1.0f;
    m.q = calloc(512, 1);
    assert_non_null(m.q);
    for (int i = 0; i < 512; i++) m.q[i] = (int8_t)(i % 200 - 100);
    char path[256];
    braid_error err;
    assert_int_equal(braid_cls_model_save(&m, tmp_path(path, sizeof path, "b.model"), &err),
                     BRAID_OK);
    braid_cls_model_free(&m);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *b = malloc(4096);
    assert_non_null(b);
    *len = fread(b, 1, 4096, f);
    fclose(f);
    unlink(path);
    return b;
}

static void test_model_corrupt_is_error(void **state)
{
    (void)state;
    size_t len;
    char *b = model_bytes(&len);
    braid_cls_model m;
    braid_error err;
    assert_int_equal(braid_cls_model_parse("ok", b, len, &m, &err), BRAID_OK);
    braid_cls_model_free(&m);
    /* every truncation is refused */
    for (size_t n = 0; n < len; n += 7) {
        assert_int_equal(braid_cls_model_parse("cut", b, n, &m, &err), BRAID_EPARSE);
        assert_null(m.q);
    }
    /* a flipped weight byte fails the checksum */
    b[len - 20] ^= 1;
    assert_int_equal(braid_cls_model_parse("flip", b, len, &m, &err), BRAID_EPARSE);
    assert_true(contains(err.message, "checksum"));
    b[len - 20] ^= 1;
    /* bad magic, feature version, class count */
    b[0] = 'X';
    assert_int_equal(braid_cls_model_parse("magic", b, len, &m, &err), BRAID_EPARSE);
    assert_true(contains(err.message, "magic"));
    b[0] = 'B';
    b[12] = 99;
    assert_int_equal(braid_cls_model_parse("fver", b, len, &m, &err), BRAID_EPARSE);
    assert_true(contains(err.message, "feature recipe"));
    b[12] = (char)BRAID_FEATURES_VERSION;
    b[20] = 100;
    assert_int_equal(braid_cls_model_parse("k", b, len, &m, &err), BRAID_EPARSE);
    free(b);
    /* missing file */
    assert_int_equal(braid_cls_model_load("/nonexistent/x.model", &m, &err), BRAID_ENOTFOUND);
    assert_true(contains(err.message, "/nonexistent/x.model"));
}

static void test_url_labels(void **state)
{
    (void)state;
#define L(u) braid_classify_url_label(u, strlen(u))
    assert_string_equal(L("https://www.theguardian.com/sport/2019/nov/18/x-y"), "sports");
    assert_string_equal(L("https://russian.rt.com/business/news/688450-naftogaz"), "economy");
    assert_string_equal(L("https://news.rambler.ru/incidents/43185350-x/"), "society");
    assert_string_equal(L("https://sport.example.ru/a/b.html"), "sports"); /* host */
    assert_string_equal(L("https://mashable.com/shopping/nov-18-deals/?x=1"), "not_news");
    assert_string_equal(L("https://abc7.com/weather/socal-forecast/589"), "other");
    assert_string_equal(L("https://X.com/Politics/a"), "society"); /* case-insensitive */
    assert_string_equal(L("https://www.sports.ru/football/123.html"), "sports"); /* site */
    assert_string_equal(L("https://nplus1.ru/news/2019/11/18/x"), "science");
    assert_null(L("https://notsports.ru/a/b"));
    /* the slug is not a section; unknown sections and conflicts give nothing */
    assert_null(L("https://example.com/news/sport"));
    assert_null(L("https://example.com/news/2019/story.html"));
    assert_null(L("https://example.com/sport/business/x"));
    assert_null(L("https://sport.com/x")); /* registrable name, not a subdomain */
    /* ... except a few words in the slug: weather and horoscopes (the class
     * "other"), "scientists ..." (science) */
    assert_string_equal(L("https://top68.ru/news/107931-pogoda-v-tambovskoy-oblasti"), "other");
    assert_string_equal(L("https://kg.ua/news/goroskop-na-19-noyabrya/"), "other");
    assert_string_equal(L("https://x.co.uk/news/hour-by-hour-weather-forecast-17276105"),
                        "other");
    assert_null(L("https://x.ru/posts/id18524-iz-za-pogody-otmenen-aviareys")); /* incident */
    assert_null(L("https://x.com/news/roadworks-delayed-due-to-weather")); /* "weather" alone */
    assert_null(L("https://x.ru/sport/sinoptiki-rasskazali")); /* conflict: no label */
    assert_null(L("https://x.ru/news/pogodaxyz-1")); /* whole words only */
    assert_string_equal(L("https://iz.ru/944641/2019-11-18/uchenye-vyiasnili-prichinu"),
                        "science");
    assert_null(L("https://x.ru/news/uchenye-i-sinoptiki")); /* two classes: none */
    /* English how-tos and lists: not news, whatever the section says */
    assert_string_equal(L("https://www.businessinsider.sg/how-to-share-reminders-on-iphone/"),
                        "not_news");
    assert_string_equal(L("https://www.windowscentral.com/best-dot-matrix-printers?utm=1"),
                        "not_news"); /* over the technology site */
    assert_string_equal(L("https://x.com/tech/9-best-coding-toys.html"), "not_news");
    assert_string_equal(L("https://x.com/lifestyle/g1/gifts-for-dog-lovers/"), "not_news");
    assert_string_equal(L("https://www.inc.com/nate-klemp/4-tips-for-meditating.html"),
                        "not_news");
    assert_null(L("https://x.com/news/howto")); /* not the words how + to */
    assert_string_equal(L("https://x.com/sport/harry-winks-best-position"), "sports");
    assert_string_equal(L("https://x.com/sport/10-things-we-learned"), "sports");
    assert_null(L("https://x.com/news/best-scientists-2019")); /* two classes: none */
    assert_string_equal(L("https://www.theguardian.com/food/2019/nov/18/x-recipe-for-rice"),
                        "not_news");
    /* games on a technology site or section are entertainment (guideline) */
    assert_string_equal(L("https://www.androidpolice.com/2019/11/18/google-stadia-review/"),
                        "entertainment");
    assert_string_equal(L("https://x.com/tech/new-xbox-games-announced"), "entertainment");
    assert_string_equal(L("https://x.com/tech/new-phone-announced"), "technology");
    /* ... and their lawsuits and funding rounds society and economy */
    assert_string_equal(L("https://www.theverge.com/2019/11/18/1/california-suing-juul"),
                        "society");
    assert_string_equal(L("https://techcrunch.com/2019/11/18/luko-raises-22-million/"),
                        "economy");
    assert_null(L("https://x.com/tech/startup-raises-money-then-sued")); /* both: none */
    assert_string_equal(L("https://www.thehindu.com/news/cities/Madurai/x/article1.ece"),
                        "society");
    assert_string_equal(L("https://x.com/sport/games-tonight"), "sports");
    assert_null(L(""));
    assert_null(braid_classify_url_label(NULL, 0));
#undef L
    assert_string_equal(braid_classify_guess_enru("Привет, мир", strlen("Привет, мир")), "ru");
    assert_string_equal(braid_classify_guess_enru("Hello", 5), "en");
}

static void test_category_names(void **state)
{
    (void)state;
    assert_string_equal(braid_category_name(BRAID_CAT_SPORTS), "sports");
    assert_string_equal(braid_category_name((braid_category)99), "other");
    assert_int_equal(braid_category_from_name("science", 7), BRAID_CAT_SCIENCE);
    assert_int_equal(braid_category_from_name("sciencex", 8), BRAID_CAT_COUNT);
}

static void test_dataset_readers(void **state)
{
    (void)state;
    braid_dataset d = {0};
    braid_error err;
    const char *tsv = "INPUT:url\tINPUT:text\tINPUT:title\tGOLDEN:res\n"
                      "http://a/1\tТекст новости\tЗаголовок\tsports\n"
                      "http://a/2\tBody\tTitle\t\n" /* no gold: skipped */
                      "http://a/3\tBody text\tA title\tnot_news\n";
    assert_int_equal(braid_dataset_read_tsv(&d, "t.tsv", tsv, strlen(tsv), &err), BRAID_OK);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.v[0].title, "Заголовок");
    assert_string_equal(d.v[0].lang, "ru");
    assert_string_equal(d.v[0].label, "sports");
    assert_string_equal(d.v[1].lang, "en");
    const char *bad = "INPUT:url\tfoo\nx\ty\n";
    assert_int_equal(braid_dataset_read_tsv(&d, "bad.tsv", bad, strlen(bad), &err), BRAID_EPARSE);
    const char *ragged = "INPUT:title\tINPUT:text\tGOLDEN:res\nonly\ttwo\n";
    assert_int_equal(braid_dataset_read_tsv(&d, "r.tsv", ragged, strlen(ragged), &err),
                     BRAID_EPARSE);

    const char *jl = "{\"title\":\"T\",\"text\":\"Body\",\"label\":\"economy\",\"lang\":\"en\"}\n"
                     "\n{\"title\":\"no label\"}\n";
    assert_int_equal(braid_dataset_read_jsonl(&d, "j", jl, strlen(jl), &err), BRAID_OK);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.v[2].label, "economy");
    assert_int_equal(braid_dataset_read_jsonl(&d, "j", "{bad", 4, &err), BRAID_EPARSE);

    const char *xml =
        "<dataset><doc origlang=\"ru\" id=\"social_ru_1\"><src lang=\"ru\"><p>"
        "<seg id=\"1\">Первая &amp; фраза</seg><seg id=\"2\">Вторая</seg></p></src>"
        "<ref lang=\"en\" translator=\"A\"><p><seg id=\"1\">First</seg>"
        "<seg id=\"2\">Second</seg></p></ref></doc>"
        "<doc origlang=\"ru\" id=\"x.1\" domain=\"news\"><src lang=\"ru\"><p>"
        "<seg id=\"1\">Заголовок</seg><seg id=\"2\">Текст</seg></p></src></doc></dataset>";
    assert_int_equal(braid_dataset_read_wmt(&d, "w.xml", xml, strlen(xml), &err), BRAID_OK);
    assert_int_equal(d.n, 6);
    assert_string_equal(d.v[3].title, "Первая & фраза");
    assert_string_equal(d.v[3].text, "Вторая");
    assert_string_equal(d.v[3].label, "not_news");
    assert_string_equal(d.v[4].lang, "en");
    assert_string_equal(d.v[5].label, "news");
    assert_int_equal(braid_dataset_read_wmt(&d, "w", "<doc id=\"a\">", 12, &err), BRAID_EPARSE);

    const char *page = "<html><head><meta property=\"og:url\" content=\"https://x.ru/sport/1\"/>"
                       "<meta property=\"og:title\" content=\"A &amp; B\"/></head><body>"
                       "<article><h1>A</h1><p>One <b>two</b></p><p>three</p></article>";
    buf u = BUF_INIT, t = BUF_INIT, x = BUF_INIT;
    assert_int_equal(braid_dataset_parse_page(page, strlen(page), &u, &t, &x), 0);
    assert_string_equal(u.data, "https://x.ru/sport/1");
    assert_string_equal(t.data, "A & B");
    assert_string_equal(x.data, "One two\n\nthree");
    buf_free(&u);
    buf_free(&t);
    buf_free(&x);
    braid_dataset_free(&d);
}

static void test_metrics(void **state)
{
    (void)state;
    braid_confusion c;
    braid_confusion_init(&c, 3);
    /* gold 0: 3 right, 1 as 1; gold 1: 2 right; class 2 never occurs */
    for (int i = 0; i < 3; i++) braid_confusion_add(&c, 0, 0);
    braid_confusion_add(&c, 0, 1);
    braid_confusion_add(&c, 1, 1);
    braid_confusion_add(&c, 1, 1);
    braid_confusion_add(&c, 9, 0); /* out of range: ignored */
    assert_int_equal(braid_confusion_total(&c), 6);
    assert_true(fabs(braid_confusion_accuracy(&c) - 5.0 / 6) < 1e-9);
    double p, r, f;
    braid_confusion_prf(&c, 1, &p, &r, &f);
    assert_true(fabs(p - 2.0 / 3) < 1e-9 && fabs(r - 1.0) < 1e-9 && fabs(f - 0.8) < 1e-9);
    /* macro over classes 0 and 1 only: (6/7 + 0.8) / 2 */
    assert_true(fabs(braid_confusion_macro_f1(&c) - (6.0 / 7 + 0.8) / 2) < 1e-9);
}

/* Write a news and a category model trained on the synthetic corpus into
 * a temporary folder, and use them through the public API. */
static void test_classifier_api(void **state)
{
    (void)state;
    char dir[256];
    tmp_path(dir, sizeof dir, "models");
    mkdir(dir, 0700);
    braid_featurizer *fz = braid_features_new();
    static struct corpus tr;
    make_corpus(&tr, fz, 12, 150, 99);
    braid_error err;
    braid_train_opts o;
    braid_train_opts_init(&o);
    o.dim_bits = 12;
    /* category: 7 classes, only three with data */
    char names7[BRAID_CLS_MAX_CLASSES][BRAID_CLS_NAME_MAX];
    for (int k = 0; k < BRAID_CAT_COUNT; k++)
        snprintf(names7[k], sizeof names7[k], "%s", braid_category_name((braid_category)k));
    int map[3] = {BRAID_CAT_SPORTS, BRAID_CAT_ECONOMY, BRAID_CAT_SOCIETY};
    for (size_t i = 0; i < tr.n; i++) tr.ex[i].label = map[tr.ex[i].label];
    braid_cls_model m;
    assert_int_equal(braid_cls_train("category", BRAID_CAT_COUNT,
                                     (const char(*)[BRAID_CLS_NAME_MAX])names7, tr.ex, tr.n, &o,
                                     NULL, &m, &err),
                     BRAID_OK);
    char path[512];
    snprintf(path, sizeof path, "%s/category.model", dir);
    assert_int_equal(braid_cls_model_save(&m, path, &err), BRAID_OK);
    braid_cls_model_free(&m);

    /* missing news model: a clear error naming it */
    assert_null(braid_classifier_new(dir, 0.5, &err));
    assert_true(contains(err.message, "news.model"));

    /* news: sports = not news (for the test), the others news */
    for (size_t i = 0; i < tr.n; i++) tr.ex[i].label = tr.ex[i].label != BRAID_CAT_SPORTS;
    const char nn[2][BRAID_CLS_NAME_MAX] = {"not_news", "news"};
    assert_int_equal(braid_cls_train("news", 2, nn, tr.ex, tr.n, &o, NULL, &m, &err), BRAID_OK);
    snprintf(path, sizeof path, "%s/news.model", dir);
    assert_int_equal(braid_cls_model_save(&m, path, &err), BRAID_OK);
    braid_cls_model_free(&m);

    braid_classifier *c = braid_classifier_new(dir, 0.5, &err);
    assert_non_null(c);
    braid_classification r;
    const char *t1 = "Striker scores in league match",
               *x1 = "The striker scored a goal in the league match at the stadium today.";
    assert_int_equal(braid_classify_text(c, "en", t1, strlen(t1), x1, strlen(x1), &r, &err),
                     BRAID_OK);
    assert_true(r.supported);
    assert_int_equal(r.category, BRAID_CAT_SPORTS);
    assert_false(r.is_news);
    double sum = 0;
    for (int k = 0; k < BRAID_CAT_COUNT; k++) sum += r.scores[k];
    assert_true(fabs(sum - 1.0) < 1e-6);
    const char *t2 = "Parliament vote", *x2 = "The minister said parliament will vote on the law.";
    assert_int_equal(braid_classify_text(c, "en", t2, strlen(t2), x2, strlen(x2), &r, &err),
                     BRAID_OK);
    assert_int_equal(r.category, BRAID_CAT_SOCIETY);
    assert_true(r.is_news);
    /* from tokens the caller already has: the same answer */
    {
        braid_tokenizer *tk = braid_tokenizer_new();
        braid_tokens tt, tb;
        braid_tokens_init(&tt);
        braid_tokens_init(&tb);
        assert_int_equal(braid_tokenize(tk, "en", t2, strlen(t2), &tt), 0);
        assert_int_equal(braid_tokenize(tk, "en", x2, strlen(x2), &tb), 0);
        braid_classification r2;
        assert_int_equal(braid_classify_tokens(c, "en", &tt, &tb, 600, &r2, &err), BRAID_OK);
        assert_memory_equal(&r, &r2, sizeof r);
        braid_tokens_free(&tt);
        braid_tokens_free(&tb);
        braid_tokenizer_free(tk);
    }
    /* another language: no guess */
    assert_int_equal(braid_classify_text(c, "de", t2, strlen(t2), x2, strlen(x2), &r, &err),
                     BRAID_OK);
    assert_false(r.supported);
    assert_false(r.is_news);
    assert_int_equal(r.category, BRAID_CAT_OTHER);
    assert_true(r.category_score == 0);
    /* through a document record */
    braid_doc *d = braid_doc_new("a.txt", "a.txt");
    braid_doc_setz(&d->title, t1);
    braid_doc_setz(&d->text, x1);
    d->text_len = strlen(x1);
    snprintf(d->lang, sizeof d->lang, "en");
    assert_int_equal(braid_classify_doc(c, d, &r, &err), BRAID_OK);
    assert_int_equal(r.category, BRAID_CAT_SPORTS);
    braid_doc_free(d);
    assert_int_equal(braid_classify_doc(c, NULL, &r, &err), BRAID_EINVAL);
    braid_classifier_free(c);

    /* a news model where the category model should be is refused */
    char p2[512];
    snprintf(p2, sizeof p2, "%s/category.model", dir);
    rename(path, p2);
    assert_null(braid_classifier_new(dir, 0.5, &err));
    unlink(p2);
    rmdir(dir);
    corpus_free(&tr);
    braid_features_free(fz);
}

/* The shipped models (models/, skips without them) on articles written for
 * this test: they learnt from every toloka article, so their quality is
 * measured by cross-validation (docs/CLASSIFY.md), not here. */
static void test_shipped_models(void **state)
{
    (void)state;
    if (access(BRAID_SOURCE_DIR "/models/category.model", R_OK) != 0) skip();
    braid_error err;
    braid_classifier *c = braid_classifier_new(BRAID_SOURCE_DIR "/models", 0.5, &err);
    assert_non_null(c);
    double min_news = 1.0;
    static const struct {
        const char *lang, *title, *text;
        braid_category cat;
    } cases[] = {
        {"en", "Chelsea beat Arsenal 3-1 in the Premier League",
         "Chelsea came from behind to beat Arsenal 3-1 at Stamford Bridge on Sunday. The "
         "striker scored twice in the second half and the manager praised his team after the "
         "match, which lifts Chelsea to third in the league table.",
         BRAID_CAT_SPORTS},
        {"en", "Central bank raises interest rates as inflation climbs",
         "The central bank raised its key interest rate by half a percentage point on "
         "Thursday, saying inflation had climbed to its highest level in a decade. Shares fell "
         "and the currency strengthened as investors priced in further increases.",
         BRAID_CAT_ECONOMY},
        {"ru", "Парламент принял закон о выборах",
         "Депутаты Государственной думы приняли во втором чтении законопроект об изменениях в "
         "избирательном законодательстве. Оппозиция заявила, что обратится в Конституционный "
         "суд, а президент должен подписать закон до конца месяца.",
         BRAID_CAT_SOCIETY},
        {"ru", "Хоккеисты ЦСКА обыграли СКА в матче КХЛ",
         "ЦСКА победил СКА со счетом 4:2 в матче регулярного чемпионата КХЛ. Две шайбы "
         "забросил нападающий армейцев, а вратарь отразил 35 бросков. Тренер команды остался "
         "доволен игрой.",
         BRAID_CAT_SPORTS},
        /* the two classes the round 3 slug labels feed (docs/CLASSIFY.md) */
        {"ru", "Синоптики рассказали о погоде на выходных",
         "В субботу в Москве ожидается облачная погода, температура воздуха днём составит от "
         "минус двух до плюс одного градуса. Синоптики прогнозируют небольшой снег и "
         "гололедицу, ветер юго-западный, 5-10 метров в секунду. В воскресенье похолодает до "
         "минус пяти.",
         BRAID_CAT_OTHER},
        {"en", "Scientists discover new species of deep-sea fish",
         "Marine biologists have described a new species of snailfish living more than 7,000 "
         "metres below the surface of the Pacific Ocean. The researchers used baited cameras "
         "and published their findings in a peer-reviewed journal, saying the discovery sheds "
         "light on how vertebrates adapt to extreme pressure.",
         BRAID_CAT_SCIENCE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        braid_classification r;
        assert_int_equal(braid_classify_text(c, cases[i].lang, cases[i].title,
                                             strlen(cases[i].title), cases[i].text,
                                             strlen(cases[i].text), &r, &err),
                         BRAID_OK);
        assert_true(r.supported);
        assert_int_equal(r.category, cases[i].cat);
        /* short English texts scored lowish for news before --cut-news
         * (docs/CLASSIFY.md): only ask that every news text outranks the
         * recipe below */
        assert_true(r.news_score > 0.3);
        if (r.news_score < min_news) min_news = r.news_score;
    }
    /* a recipe is not news */
    const char *t = "Easy chocolate cake recipe",
               *x = "Preheat the oven to 180C. Mix the flour, sugar and cocoa in a large bowl, "
                    "add two eggs and the melted butter, stir well and bake for 30 minutes. "
                    "Tip: serve warm with cream. You will need a 20cm tin.";
    braid_classification r;
    assert_int_equal(braid_classify_text(c, "en", t, strlen(t), x, strlen(x), &r, &err), BRAID_OK);
    assert_false(r.is_news);
    assert_true(r.news_score < min_news);
    braid_classifier_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_features_normalised_sorted),
        cmocka_unit_test(test_features_word_cache),
        cmocka_unit_test(test_features_russian_prefix),
        cmocka_unit_test(test_train_separates_held_out),
        cmocka_unit_test(test_train_average),
        cmocka_unit_test(test_train_rejects_bad_input),
        cmocka_unit_test(test_model_round_trip),
        cmocka_unit_test(test_model_corrupt_is_error),
        cmocka_unit_test(test_url_labels),
        cmocka_unit_test(test_category_names),
        cmocka_unit_test(test_dataset_readers),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_classifier_api),
        cmocka_unit_test(test_shipped_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
