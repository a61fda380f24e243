/*
 * test_read.c — the reading stage: sniffing, charset decoding, UTF-8
 * repair, JSON lines, limits and per-document errors, time parsing and
 * configuration.
 */
#include "testutil.h"

#include "doc.h"
#include "read/read.h"
#include "util/buf.h"

static void decode_fixture(const char *rel, int is_html, buf *out, char cs[32])
{
    size_t n;
    char *raw = fixture(rel, &n);
    braid_error err;
    assert_int_equal(braid_charset_decode(raw, n, is_html, out, cs, &err), BRAID_OK);
    free(raw);
}

static void test_charset_cyrillic(void **state)
{
    (void)state;
    size_t n;
    char *want = fixture("read/ru-utf8.txt", &n);
    const char *files[] = {"read/ru-cp1251.txt", "read/ru-koi8r.txt", "read/ru-utf8.txt"};
    for (size_t i = 0; i < 3; i++) {
        buf b = BUF_INIT;
        char cs[32];
        decode_fixture(files[i], 0, &b, cs);
        assert_int_equal(b.len, n);
        assert_memory_equal(b.data, want, n);
        buf_free(&b);
    }
    free(want);
}

static void test_charset_meta_and_bom(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    char cs[32];
    decode_fixture("read/ru-meta-cp1251.html", 1, &b, cs);
    assert_string_equal(cs, "windows-1251");
    assert_true(contains(b.data, "Правительство утвердило"));
    buf_free(&b);
    decode_fixture("read/bom.txt", 0, &b, cs);
    assert_string_equal(b.data, "Text with a byte order mark.\n");
    buf_free(&b);
    decode_fixture("read/fr-latin1.txt", 0, &b, cs);
    assert_true(contains(b.data, "présenté un budget équilibré"));
    buf_free(&b);
}

static void test_utf8_repair(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    const char in[] = "ok \xff\xfe x \xc3 end \xe2\x82\xac \xed\xa0\x80";
    size_t bad = braid_utf8_repair(in, sizeof in - 1, &b);
    assert_int_equal(bad, 6); /* ff, fe, lone c3, and the 3-byte surrogate */
    assert_true(contains(b.data, "\xe2\x82\xac")); /* the euro sign survives */
    assert_false(contains(b.data, "\xff"));
    buf_free(&b);
    /* nothing to repair still leaves a terminated (empty) string */
    assert_int_equal(braid_utf8_repair("", 0, &b), 0);
    assert_int_equal(b.len, 0);
    if (b.data) assert_int_equal(b.data[0], '\0');
    buf_free(&b);
}

static void test_sniff(void **state)
{
    (void)state;
    assert_true(braid_sniff_binary("%PDF-1.4 ...", 12));
    assert_true(braid_sniff_binary("ab\0cd", 5));
    assert_false(braid_sniff_binary("plain words\n", 12));
    assert_false(braid_sniff_binary("\xff\xfe" "a\0b\0", 6)); /* UTF-16LE text */
    const char *html = "  <!DOCTYPE html><html><body><p>x</p></body></html>";
    assert_int_equal(braid_sniff_format(html, strlen(html)), BRAID_FORMAT_HTML);
    const char *js = "{\"id\":1,\"text\":\"x\"}\n{\"id\":2,\"text\":\"y\"}\n";
    assert_int_equal(braid_sniff_format(js, strlen(js)), BRAID_FORMAT_JSONL);
    const char *txt = "Headline here\n\nA paragraph {with braces} and <angle> words.\n";
    assert_int_equal(braid_sniff_format(txt, strlen(txt)), BRAID_FORMAT_TEXT);
}

static void test_published(void **state)
{
    (void)state;
    braid_doc *d = braid_doc_new("x", "x");
    const char *ok[][2] = {
        {"2019-11-18T23:39:00+00:00", "2019-11-18T23:39:00+00:00"},
        {"2019-11-18T23:39:00Z", "2019-11-18T23:39:00+00:00"},
        {"2019-11-19T02:39:00.123+03:00", "2019-11-18T23:39:00+00:00"},
        {"2019-11-18 23:39", "2019-11-18T23:39:00+00:00"},
        {"Mon, 18 Nov 2019 23:39:00 +0000", "2019-11-18T23:39:00+00:00"},
        {"1574120340", "2019-11-18T23:39:00+00:00"},
        {"2019-11-18", "2019-11-18T00:00:00+00:00"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(braid_doc_set_published(d, ok[i][0], strlen(ok[i][0])), 0);
        assert_string_equal(braid_doc_published(d), ok[i][1]);
    }
    assert_int_equal(braid_doc_published_unix(d), 1574035200);
    const char *bad[] = {"yesterday", "2019-13-01", "2019-11-18T25:00", "", "12:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(braid_doc_set_published(d, bad[i], strlen(bad[i])), -1);
    braid_doc_free(d);
}

static void test_doc_set_from_itself(void **state)
{
    (void)state;
    braid_doc *d = braid_doc_new("x", "x");
    assert_int_equal(braid_doc_setz(&d->title, "  Trimmed title  "), 0);
    assert_int_equal(braid_doc_set(&d->title, d->title + 2, 13), 0);
    assert_string_equal(braid_doc_title(d), "Trimmed title");
    braid_doc_free(d);
}

static void test_config(void **state)
{
    (void)state;
    braid_config c;
    braid_error err;
    braid_config_init(&c);
    assert_int_equal(c.max_doc_bytes, 10u * 1024 * 1024);
    assert_int_equal(braid_config_set(&c, "max_doc_bytes", "2M", &err), BRAID_OK);
    assert_int_equal(c.max_doc_bytes, 2u * 1024 * 1024);
    assert_int_equal(braid_config_set(&c, "no_such_key", "1", &err), BRAID_EINVAL);
    assert_true(contains(err.message, "no_such_key"));
    assert_int_equal(braid_config_set(&c, "lang_min_confidence", "7", &err), BRAID_EINVAL);
    assert_int_equal(braid_config_set(&c, "max_html_depth", "abc", &err), BRAID_EINVAL);
}

/* collect what braid_engine_read reports */
struct seen {
    int docs, errors;
    char names[8][64];
    char last_error[BRAID_ERROR_MAX];
    braid_status codes[8];
};

static int on_doc(void *ctx, braid_doc *d, const braid_error *err)
{
    struct seen *s = ctx;
    if (d) {
        if (s->docs < 8) snprintf(s->names[s->docs], 64, "%s", braid_doc_name(d));
        s->docs++;
        braid_doc_free(d);
    } else {
        if (s->errors < 8) s->codes[s->errors] = err->code;
        snprintf(s->last_error, sizeof s->last_error, "%s", err->message);
        s->errors++;
    }
    return 0;
}

static void test_jsonl(void **state)
{
    (void)state;
    braid_engine *e = braid_engine_new(NULL, NULL);
    assert_non_null(e);
    size_t n;
    char *raw = fixture("read/mixed.jsonl", &n);
    struct seen s = {0};
    braid_engine_read(e, "mixed.jsonl", raw, n, BRAID_FORMAT_AUTO, on_doc, &s);
    assert_int_equal(s.docs, 2);
    assert_string_equal(s.names[0], "a1");
    assert_string_equal(s.names[1], "a2");
    assert_int_equal(s.errors, 2); /* line 4: not JSON; line 5: no body */
    assert_int_equal(s.codes[0], BRAID_EPARSE);
    assert_true(contains(s.last_error, "mixed.jsonl:5"));
    braid_doc *d;
    braid_error err;
    assert_int_equal(braid_engine_read_one(e, "x.jsonl", raw, n, &d, &err), BRAID_OK);
    assert_string_equal(braid_doc_url(d), "https://example.com/a1");
    assert_string_equal(braid_doc_site(d), "example.com");
    assert_string_equal(braid_doc_published(d), "2020-11-07T10:00:00+00:00");
    braid_doc_free(d);
    free(raw);
    braid_engine_free(e);
}

static void test_bad_documents(void **state)
{
    (void)state;
    braid_config c;
    braid_config_init(&c);
    c.max_doc_bytes = 100;
    braid_engine *e = braid_engine_new(&c, NULL);
    braid_doc *d = NULL;
    braid_error err;
    assert_int_equal(braid_engine_read_one(e, "empty.txt", "", 0, &d, &err), BRAID_EEMPTY);
    assert_true(contains(err.message, "empty.txt"));
    assert_int_equal(braid_engine_read_one(e, "ws.txt", " \n\t\n", 4, &d, &err), BRAID_EEMPTY);
    assert_int_equal(braid_engine_read_one(e, "b.bin", "\x7f" "ELF\0\0\0", 7, &d, &err), BRAID_EBINARY);
    assert_true(contains(err.message, "b.bin"));
    char big[200];
    memset(big, 'a', sizeof big);
    assert_int_equal(braid_engine_read_one(e, "big.txt", big, sizeof big, &d, &err), BRAID_ETOOBIG);
    assert_true(contains(err.message, "max_doc_bytes"));
    assert_null(d);
    braid_engine_free(e);
}

static void test_two_engines(void **state)
{
    (void)state;
    braid_config a, b;
    braid_config_init(&a);
    braid_config_init(&b);
    b.max_doc_bytes = 10;
    braid_engine *ea = braid_engine_new(&a, NULL), *eb = braid_engine_new(&b, NULL);
    braid_doc *d = NULL;
    const char *t = "A short text document.";
    assert_int_equal(braid_engine_read_one(ea, "t.txt", t, strlen(t), &d, NULL), BRAID_OK);
    braid_doc_free(d);
    assert_int_equal(braid_engine_read_one(eb, "t.txt", t, strlen(t), &d, NULL), BRAID_ETOOBIG);
    assert_int_equal(braid_engine_config(ea)->max_doc_bytes, a.max_doc_bytes);
    braid_engine_free(ea);
    braid_engine_free(eb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charset_cyrillic),
        cmocka_unit_test(test_charset_meta_and_bom),
        cmocka_unit_test(test_utf8_repair),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_published),
        cmocka_unit_test(test_doc_set_from_itself),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_bad_documents),
        cmocka_unit_test(test_two_engines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
