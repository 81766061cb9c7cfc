#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "ring/ring.h"

static void test_wraps_around(void)
{
    ring_t *r = ring_create(4);
    char out[4];
    assert(ring_write(r, "abc", 3) == 3);
    assert(ring_read(r, out, 2) == 2);
    assert(ring_write(r, "def", 3) == 3);
    assert(ring_read(r, out, 4) == 4);
    assert(memcmp(out, "cdef", 4) == 0);
    ring_destroy(r);
}

int main(void)
{
    test_wraps_around();
    puts("ok");
    return 0;
}
