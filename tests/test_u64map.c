/*
 * test_u64map.c — the general hash map (util/u64map.c): values survive
 * growth, clearing empties, and u64map_reset sizes the table for what is
 * expected (kept when close, reallocated when far too small or far too
 * large) and always leaves it empty.
 */
#include "testutil.h"

#include "util/u64map.h"

static void test_put_get_grow(void **state)
{
    (void)state;
    u64map m;
    u64map_init(&m);
    for (uint64_t k = 1; k <= 5000; k++) *u64map_put(&m, k * 7919) = k;
    assert_int_equal(m.n, 5000);
    for (uint64_t k = 1; k <= 5000; k++) {
        uint64_t *v = u64map_get(&m, k * 7919);
        assert_non_null(v);
        assert_int_equal(*v, k);
    }
    assert_null(u64map_get(&m, 3));
    assert_null(u64map_put(&m, 0)); /* 0 is no key */
    u64map_clear(&m);
    assert_int_equal(m.n, 0);
    assert_null(u64map_get(&m, 7919));
    u64map_free(&m);
}

static void test_reset(void **state)
{
    (void)state;
    u64map m;
    u64map_init(&m);
    assert_int_equal(u64map_reset(&m, 100), 0);
    assert_true(m.cap >= 200);
    size_t cap = m.cap;
    for (uint64_t k = 1; k <= 100; k++) *u64map_put(&m, k) = k;
    assert_int_equal(m.cap, cap); /* room for what was expected: no growth */
    /* a similar size next time: the same table, emptied */
    assert_int_equal(u64map_reset(&m, 90), 0);
    assert_int_equal(m.cap, cap);
    assert_int_equal(m.n, 0);
    for (uint64_t k = 1; k <= 100; k++) assert_null(u64map_get(&m, k));
    /* far more: one allocation of the right size */
    assert_int_equal(u64map_reset(&m, 10000), 0);
    assert_true(m.cap >= 20000);
    cap = m.cap;
    for (uint64_t k = 1; k <= 10000; k++) *u64map_put(&m, k) = k;
    assert_int_equal(m.cap, cap);
    /* far fewer: the large table is given back */
    assert_int_equal(u64map_reset(&m, 10), 0);
    assert_true(m.cap < 1024);
    assert_int_equal(m.n, 0);
    assert_null(u64map_get(&m, 5000));
    *u64map_put(&m, 42) = 1;
    assert_int_equal(*u64map_get(&m, 42), 1);
    u64map_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get_grow),
        cmocka_unit_test(test_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
