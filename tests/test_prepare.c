/*
 * test_prepare.c — two-phase adding (braid_threads_prepare on worker
 * threads, braid_threads_add_prepared in order) must build exactly the
 * threads that braid_threads_add_article builds, since the server uses
 * the first for PUTs and a restart must answer what the PUTs built.
 *
 * Input: every document of examples/ (English, Russian and German pages,
 * plain text and JSON lines), read by the engine.
 */
#include "testutil.h"

#include <pthread.h>

typedef struct docs {
    braid_doc *v[64];
    size_t n;
} docs;

static int collect(void *ctx, braid_doc *doc, const braid_error *err)
{
    docs *d = ctx;
    (void)err;
    if (doc && d->n < 64) d->v[d->n++] = doc;
    else braid_doc_free(doc);
    return 0;
}

static void article_of(const braid_doc *doc, braid_article *a)
{
    size_t tl = 0;
    const char *text = braid_doc_text(doc, &tl);
    *a = (braid_article){braid_doc_name(doc), braid_doc_lang(doc), braid_doc_title(doc), text, tl,
                         braid_doc_published_unix(doc), braid_doc_site(doc), braid_doc_url(doc),
                         NULL, 0};
}

struct job {
    braid_threads_preparer *p;
    const braid_article *a;
    braid_prepared **out;
    size_t from, to;
};

static void *prepare_share(void *arg)
{
    struct job *j = arg;
    for (size_t i = j->from; i < j->to; i++) j->out[i] = braid_threads_prepare(j->p, &j->a[i], NULL);
    return NULL;
}

static void test_prepared_equals_direct(void **state)
{
    (void)state;
    braid_error err;
    braid_engine *e = braid_engine_new(NULL, &err);
    assert_non_null(e);
    docs d = {.n = 0};
    const char *paths[] = {BRAID_SOURCE_DIR "/examples"};
    braid_engine_read_paths(e, paths, 1, BRAID_FORMAT_AUTO, collect, &d, NULL, NULL);
    assert_true(d.n >= 8);
    braid_article a[64];
    for (size_t i = 0; i < d.n; i++) article_of(d.v[i], &a[i]);

    braid_threads *direct = braid_threads_new(NULL, &err);
    braid_threads *twophase = braid_threads_new(NULL, &err);
    assert_non_null(direct);
    assert_non_null(twophase);
    for (size_t i = 0; i < d.n; i++) assert_int_equal(braid_threads_add_article(direct, &a[i], &err), BRAID_OK);

    /* two workers analyse halves at once; placement in input order */
    braid_threads_preparer *p0 = braid_threads_preparer_new(twophase, &err);
    braid_threads_preparer *p1 = braid_threads_preparer_new(twophase, &err);
    assert_non_null(p0);
    assert_non_null(p1);
    braid_prepared *prep[64] = {0};
    struct job j0 = {p0, a, prep, 0, d.n / 2}, j1 = {p1, a, prep, d.n / 2, d.n};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, prepare_share, &j1), 0);
    prepare_share(&j0);
    pthread_join(t, NULL);
    for (size_t i = 0; i < d.n; i++) {
        assert_non_null(prep[i]);
        assert_int_equal(braid_threads_add_prepared(twophase, prep[i], &err), BRAID_OK);
    }

    /* the same threads: ids per article, and the rendered answer */
    assert_int_equal(braid_threads_articles(twophase), braid_threads_articles(direct));
    assert_int_equal(braid_threads_count(twophase), braid_threads_count(direct));
    assert_true(braid_threads_count(direct) < d.n); /* some reports were grouped */
    for (size_t i = 0; i < d.n; i++)
        assert_int_equal(braid_threads_find(twophase, a[i].name), braid_threads_find(direct, a[i].name));
    char *x = NULL, *y = NULL;
    size_t xl = 0, yl = 0;
    assert_int_equal(braid_threads_render(direct, BRAID_THREADS_NDJSON, NULL, &x, &xl, &err), BRAID_OK);
    assert_int_equal(braid_threads_render(twophase, BRAID_THREADS_NDJSON, NULL, &y, &yl, &err), BRAID_OK);
    assert_int_equal(xl, yl);
    assert_memory_equal(x, y, xl);
    free(x);
    free(y);

    /* a prepared article that replaces one of the same name */
    braid_prepared *again = braid_threads_prepare(p0, &a[0], &err);
    assert_non_null(again);
    assert_int_equal(braid_threads_add_prepared(twophase, again, &err), BRAID_OK);
    assert_int_equal(braid_threads_articles(twophase), d.n);
    /* dropped unused: no leak (ASan checks) */
    braid_prepared_free(braid_threads_prepare(p1, &a[1], &err));
    braid_prepared_free(NULL);
    /* no name: refused with a reason */
    braid_article noname = a[0];
    noname.name = NULL;
    assert_null(braid_threads_prepare(p0, &noname, &err));
    assert_int_equal(err.code, BRAID_EINVAL);

    braid_threads_preparer_free(p0);
    braid_threads_preparer_free(p1);
    braid_threads_free(direct);
    braid_threads_free(twophase);
    for (size_t i = 0; i < d.n; i++) braid_doc_free(d.v[i]);
    braid_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prepared_equals_direct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
