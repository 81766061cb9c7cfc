#include "ring/ring.h"

#include <stdlib.h>
#include <string.h>

struct ring {
    size_t capacity;
    size_t head;
    size_t tail;
    unsigned char data[];
};

ring_t *ring_create(size_t capacity)
{
    ring_t *ring = malloc(sizeof *ring + capacity);
    if (!ring)
        return NULL;
    ring->capacity = capacity;
    ring->head = ring->tail = 0;
    return ring;
}

void ring_destroy(ring_t *ring) { free(ring); }

size_t ring_available(const ring_t *ring) { return ring->head - ring->tail; }

size_t ring_write(ring_t *ring, const void *data, size_t len)
{
    const unsigned char *bytes = data;
    size_t room = ring->capacity - ring_available(ring);
    if (len > room)
        len = room;
    for (size_t i = 0; i < len; i++)
        ring->data[(ring->head + i) % ring->capacity] = bytes[i];
    ring->head += len;
    return len;
}

size_t ring_read(ring_t *ring, void *out, size_t len)
{
    unsigned char *bytes = out;
    if (len > ring_available(ring))
        len = ring_available(ring);
    for (size_t i = 0; i < len; i++)
        bytes[i] = ring->data[(ring->tail + i) % ring->capacity];
    ring->tail += len;
    return len;
}
