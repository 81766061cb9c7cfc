/* C API for ring buffers, with optional C++ conveniences. */
#ifndef RING_CPP_HELPERS_H
#define RING_CPP_HELPERS_H

#include "ring/ring.h"

#ifdef __cplusplus
#include <memory>

namespace ring {
struct Deleter {
    void operator()(ring_t *r) const noexcept { ring_destroy(r); }
};
using Handle = std::unique_ptr<ring_t, Deleter>;
inline Handle make(std::size_t capacity) { return Handle(ring_create(capacity)); }
}  // namespace ring
#else
/* C callers free rings explicitly with ring_destroy(). */
#define RING_AUTO
#endif

#endif
