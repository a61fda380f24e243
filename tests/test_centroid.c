/*
 * test_centroid.c — the centroid table (thread/centroid.c): every key put
 * is found with its sum through growth, absent keys are not, and the
 * Robin Hood order keeps runs sorted by distance from home (lookups of
 * absent keys stop early, which is only correct if that order holds).
 */
#include "testutil.h"

#include "thread/centroid.h"

/* odd keys, clustered (consecutive) and spread alike; even ones stay out */
static uint32_t key_of(uint32_t i)
{
    return i % 3 ? (i * 2654435761u) | 1u : 2 * i + 1;
}

static void test_put_get(void **state)
{
    (void)state;
    csum c;
    csum_init(&c);
    const uint32_t n = 20000;
    for (uint32_t i = 0; i < n; i++) {
        float *p = csum_put(&c, key_of(i));
        assert_non_null(p);
        *p += (float)(i % 97);
        /* a second put of the same key finds the same sum */
        float *q = csum_put(&c, key_of(i));
        assert_ptr_equal(p, q);
        *q += 1.0f;
    }
    assert_int_equal(c.n, n);
    assert_true((uint64_t)c.n * 4 <= (uint64_t)c.cap * 3);
    for (uint32_t i = 0; i < n; i++) {
        const float *p = csum_get(&c, key_of(i));
        assert_non_null(p);
        assert_true(*p == (float)(i % 97) + 1.0f);
    }
    /* absent keys: every even one */
    for (uint32_t i = 1; i < 3 * n; i++) assert_null(csum_get(&c, 2 * i));
    assert_null(csum_get(&c, 0));
    /* the order the early stop relies on: along the table, an entry is
     * never more than one step further from home than the one before */
    for (uint32_t i = 0; i < c.cap; i++) {
        uint32_t j = (i + 1) & (c.cap - 1);
        if (!c.s[i].key || !c.s[j].key) continue;
        uint32_t hi = (uint32_t)(((uint64_t)c.s[i].key * 0x9E3779B97F4A7C15ull) >> 32) & (c.cap - 1);
        uint32_t hj = (uint32_t)(((uint64_t)c.s[j].key * 0x9E3779B97F4A7C15ull) >> 32) & (c.cap - 1);
        uint32_t di = (i - hi) & (c.cap - 1), dj = (j - hj) & (c.cap - 1);
        assert_true(dj <= di + 1);
    }
    csum_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
