/* Alignment helpers usable from C and, through the branch below, from C++ compilers.  */
#ifndef ALIGNOF_H
#define ALIGNOF_H

#include <stddef.h>

#if defined __GNUC__ || defined __clang__
# define portable_alignof __alignof__
#elif defined __cplusplus
  template <class type> struct alignof_helper { char slot1; type slot2; };
# define portable_alignof(type) offsetof (alignof_helper<type>, slot2)
#else
# define portable_alignof(type) offsetof (struct { char slot1; type slot2; }, slot2)
#endif

size_t aligned_size (size_t size, size_t alignment);

#endif /* ALIGNOF_H */
