#ifndef MAXALIGN_H
#define MAXALIGN_H

/* MSVC defines max_align_t only in C++ mode, after <cstddef>.  */
#if (defined _MSC_VER && !defined __clang__) \
    && defined __cplusplus
# include <cstddef>
#else
typedef union
{
  long long int ll;
  long double ld;
} max_align_fallback_t;
#endif

#endif /* MAXALIGN_H */
