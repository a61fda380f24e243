/*
 * test_store.c — the article store (SQLite backend) and the server's
 * in-memory index: round trips, replace order, atomic batches, reopen,
 * unknown backends; index put/replace/delete, expiry, queries, and a
 * rebuild from the store giving the same answer.
 */
#include "testutil.h"

#include <unistd.h>

#include "server/index.h"
#include "store/store.h"

static char *tmp_db(void)
{
    char *p = malloc(64);
    snprintf(p, 64, "/tmp/braid-test-store-%d-XXXXXX", (int)getpid());
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    close(fd);
    unlink(p);
    return p;
}

static void rm_db(const char *p)
{
    char q[128];
    unlink(p);
    snprintf(q, sizeof q, "%s-wal", p);
    unlink(q);
    snprintf(q, sizeof q, "%s-shm", p);
    unlink(q);
}

static braid_store_record rec(const char *name, const char *lang, const char *title,
                              const char *text, int64_t pub, int64_t max_age)
{
    braid_store_record r;
    memset(&r, 0, sizeof r);
    r.name = (char *)name;
    r.title = (char *)title;
    r.site = (char *)"example.com";
    r.url = (char *)"https://example.com/a";
    r.published = pub;
    r.max_age = max_age;
    snprintf(r.lang, sizeof r.lang, "%s", lang);
    r.is_news = 1;
    snprintf(r.category, sizeof r.category, "society");
    r.text = (char *)text;
    r.text_len = strlen(text);
    return r;
}

struct names {
    char v[16][32];
    int n;
};

static int collect(void *ctx, braid_store_record *r)
{
    struct names *n = ctx;
    if (n->n < 16) snprintf(n->v[n->n++], 32, "%s", r->name);
    braid_store_record_free(r);
    free(r);
    return 0;
}

static void test_store_roundtrip(void **state)
{
    (void)state;
    char *path = tmp_db();
    braid_error err;
    braid_store *st = braid_store_open(path, &err);
    assert_non_null(st);
    assert_string_equal(braid_store_scheme(st), "sqlite");
    braid_store_record a = rec("a.html", "en", "Alpha", "alpha text", 1000, 60);
    braid_store_record b = rec("b.html", "ru", "Бета", "текст бета", 2000, -1);
    braid_store_op ops[2] = {{BRAID_STORE_PUT, &a, NULL}, {BRAID_STORE_PUT, &b, NULL}};
    assert_int_equal(braid_store_apply(st, ops, 2, &err), BRAID_OK);
    /* replacing a moves it to the end of the order */
    a.title = (char *)"Alpha 2";
    braid_store_op again = {BRAID_STORE_PUT, &a, NULL};
    assert_int_equal(braid_store_apply(st, &again, 1, &err), BRAID_OK);
    size_t n = 0;
    assert_int_equal(braid_store_count(st, &n, &err), BRAID_OK);
    assert_int_equal(n, 2);
    braid_store_record *got = NULL;
    assert_int_equal(braid_store_get(st, "b.html", &got, &err), BRAID_OK);
    assert_string_equal(got->title, "Бета");
    assert_string_equal(got->lang, "ru");
    assert_int_equal(got->published, 2000);
    assert_int_equal(got->max_age, -1);
    assert_int_equal(got->text_len, strlen("текст бета"));
    braid_store_record_free(got);
    free(got);
    assert_int_equal(braid_store_get(st, "zzz", &got, &err), BRAID_ENOTFOUND);
    braid_store_close(st);

    /* reopen: everything is there, in last-written order */
    st = braid_store_open(path, &err);
    assert_non_null(st);
    struct names nm = {.n = 0};
    assert_int_equal(braid_store_load(st, collect, &nm, &err), BRAID_OK);
    assert_int_equal(nm.n, 2);
    assert_string_equal(nm.v[0], "b.html");
    assert_string_equal(nm.v[1], "a.html");
    braid_store_op del[2] = {{BRAID_STORE_DELETE, NULL, "a.html"}, {BRAID_STORE_DELETE, NULL, "nope"}};
    assert_int_equal(braid_store_apply(st, del, 2, &err), BRAID_OK);
    assert_int_equal(braid_store_count(st, &n, &err), BRAID_OK);
    assert_int_equal(n, 1);
    braid_store_close(st);
    rm_db(path);
    free(path);
}

static void test_store_bad_locations(void **state)
{
    (void)state;
    braid_error err;
    assert_null(braid_store_open("postgres://localhost/braid", &err));
    assert_true(contains(err.message, "no such backend"));
    assert_null(braid_store_open("", &err));
    assert_null(braid_store_open("/nonexistent-dir/x/y.db", &err));
    assert_int_equal(err.code, BRAID_EIO);
    char *path = tmp_db();
    char loc[128];
    snprintf(loc, sizeof loc, "sqlite:%s", path);
    braid_store *st = braid_store_open(loc, &err);
    assert_non_null(st);
    braid_store_close(st);
    rm_db(path);
    free(path);
}

static char *tg(braid_index *ix, int64_t period, const char *lang, int cat)
{
    braid_index_query q = {period, "", cat, 0, 0};
    snprintf(q.lang, sizeof q.lang, "%s", lang);
    buf b = BUF_INIT;
    braid_error err;
    assert_int_equal(braid_index_threads_tgnews(ix, &q, &b, &err), BRAID_OK);
    return buf_take(&b);
}

static const char *T1 = "Parliament approves the national budget for next year after debate. "
                        "The parliament approved the budget on Tuesday with a large majority.";
static const char *T2 = "Football club wins the championship final in extra time. The club "
                        "won the final on Sunday after a dramatic match.";

static void test_index_ops(void **state)
{
    (void)state;
    char *path = tmp_db();
    braid_error err;
    braid_store *st = braid_store_open(path, &err);
    assert_non_null(st);
    braid_config cfg;
    braid_config_init(&cfg);
    braid_index *ix = braid_index_new(&cfg, st, &err);
    assert_non_null(ix);
    braid_store_record a = rec("a.html", "en", "Budget approved", T1, 100000, 3600);
    braid_store_record b = rec("b.html", "en", "Final won", T2, 100100, 3600);
    braid_store_record c = rec("c.html", "ru", "Бюджет", T1, 100200, 30);
    braid_store_op ops[3] = {{BRAID_STORE_PUT, &a, NULL}, {BRAID_STORE_PUT, &b, NULL},
                             {BRAID_STORE_PUT, &c, NULL}};
    assert_int_equal(braid_store_apply(st, ops, 3, &err), BRAID_OK);
    assert_int_equal(braid_index_put(ix, &a, &err), 0);
    assert_int_equal(braid_index_put(ix, &b, &err), 0);
    assert_int_equal(braid_index_put(ix, &c, &err), 0);
    assert_int_equal(braid_index_put(ix, &a, &err), 1); /* replaced */
    assert_int_equal(braid_index_now(ix), 100200);

    char *s = tg(ix, -1, "en", -1);
    assert_true(contains(s, "\"a.html\""));
    assert_true(contains(s, "\"b.html\""));
    assert_false(contains(s, "c.html"));
    assert_true(contains(s, "\"category\":\"society\""));
    free(s);
    s = tg(ix, 150, "en", -1); /* only b is inside the last 150 s */
    assert_false(contains(s, "a.html"));
    assert_true(contains(s, "b.html"));
    free(s);
    s = tg(ix, -1, "en", BRAID_CAT_SPORTS);
    assert_string_equal(s, "{\"threads\":[]}");
    free(s);

    /* an article whose lifetime ended before now is gone */
    braid_store_record d = rec("d.html", "ru", "Позже", T2, 100300, 10);
    assert_int_equal(braid_index_put(ix, &d, &err), 0);
    s = tg(ix, -1, "ru", -1);
    assert_false(contains(s, "c.html")); /* 100200 + 30 < 100300 */
    assert_true(contains(s, "d.html"));
    free(s);
    buf names = BUF_INIT;
    assert_int_equal(braid_index_expire(ix, &names), 1);
    assert_string_equal(names.data, "c.html");
    buf_free(&names);

    assert_int_equal(braid_index_delete(ix, "b.html"), 0);
    assert_int_equal(braid_index_delete(ix, "b.html"), -1);
    s = tg(ix, -1, "en", -1);
    assert_false(contains(s, "b.html"));
    free(s);
    long t = braid_index_thread_of(ix, "a.html");
    assert_true(t >= 0);
    buf v = BUF_INIT;
    assert_int_equal(braid_index_thread_api(ix, t, &v, &err), BRAID_OK);
    assert_true(contains(v.data, "\"name\":\"a.html\""));
    assert_true(contains(v.data, "\"entities\":"));
    buf_free(&v);
    assert_int_equal(braid_index_thread_api(ix, 99999, &v, &err), BRAID_ENOTFOUND);
    buf_free(&v);
    braid_index_stats stats;
    braid_index_stats_get(ix, &stats);
    assert_int_equal(stats.articles, 2);
    braid_index_free(ix);
    braid_store_close(st);
    rm_db(path);
    free(path);
}

static void test_index_rebuild_same_answer(void **state)
{
    (void)state;
    char *path = tmp_db();
    braid_error err;
    braid_store *st = braid_store_open(path, &err);
    braid_config cfg;
    braid_config_init(&cfg);
    braid_index *ix = braid_index_new(&cfg, st, &err);
    const char *texts[2] = {T1, T2};
    for (int i = 0; i < 12; i++) {
        char name[32], title[64];
        snprintf(name, sizeof name, "n%02d.html", i);
        snprintf(title, sizeof title, "Story %d", i % 2);
        braid_store_record r = rec(name, i % 3 ? "en" : "ru", title, texts[i % 2], 5000 + i, 86400);
        braid_store_op op = {BRAID_STORE_PUT, &r, NULL};
        assert_int_equal(braid_store_apply(st, &op, 1, &err), BRAID_OK);
        assert_true(braid_index_put(ix, &r, &err) >= 0);
    }
    char *before_en = tg(ix, 3600, "en", -1), *before_ru = tg(ix, 3600, "ru", -1);
    braid_index_free(ix);
    braid_store_close(st);

    st = braid_store_open(path, &err);
    ix = braid_index_new(&cfg, st, &err);
    size_t n = 0;
    assert_int_equal(braid_index_load(ix, &n, &err), BRAID_OK);
    assert_int_equal(n, 12);
    char *after_en = tg(ix, 3600, "en", -1), *after_ru = tg(ix, 3600, "ru", -1);
    assert_string_equal(before_en, after_en);
    assert_string_equal(before_ru, after_ru);
    free(before_en);
    free(before_ru);
    free(after_en);
    free(after_ru);
    braid_index_free(ix);
    braid_store_close(st);
    rm_db(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_roundtrip),
        cmocka_unit_test(test_store_bad_locations),
        cmocka_unit_test(test_index_ops),
        cmocka_unit_test(test_index_rebuild_same_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
