#ifndef RING_COMPAT_H
#define RING_COMPAT_H

#if defined(__cplusplus)
#  define RING_EXTERN_C_BEGIN extern "C" {
#  define RING_EXTERN_C_END }
#  define RING_NOEXCEPT noexcept
#else
#  define RING_EXTERN_C_BEGIN
#  define RING_EXTERN_C_END
#  define RING_NOEXCEPT
#endif

#if defined(_MSC_VER)
#  define RING_INLINE static __inline
#else
#  define RING_INLINE static inline
#endif

RING_EXTERN_C_BEGIN
RING_INLINE int ring_is_power_of_two(unsigned long x) { return x && !(x & (x - 1)); }
RING_EXTERN_C_END

#endif
