#ifndef RING_INTERNAL_H
#define RING_INTERNAL_H

#include <assert.h>
#include <stdbool.h>

#define RING_MIN(a, b) ((a) < (b) ? (a) : (b))

static inline bool ring_index_valid(size_t index, size_t capacity)
{
    assert(capacity > 0);
    return index < capacity;
}

#endif
