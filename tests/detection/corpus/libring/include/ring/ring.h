#ifndef RING_RING_H
#define RING_RING_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A fixed-capacity single-producer single-consumer byte ring. */
typedef struct ring ring_t;

ring_t *ring_create(size_t capacity);
void ring_destroy(ring_t *ring);
size_t ring_write(ring_t *ring, const void *data, size_t len);
size_t ring_read(ring_t *ring, void *out, size_t len);
size_t ring_available(const ring_t *ring);

#ifdef __cplusplus
}
#endif

#endif /* RING_RING_H */
