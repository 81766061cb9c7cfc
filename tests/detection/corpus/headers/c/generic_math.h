#ifndef GENERIC_MATH_H
#define GENERIC_MATH_H

#include <assert.h>
#include <math.h>
#include <stdbool.h>

static_assert(sizeof(double) == 8, "IEEE-754 doubles expected");

#define gm_abs(x) _Generic((x), int: abs, long: labs, float: fabsf, default: fabs)(x)

bool gm_nearly_equal(double a, double b, double epsilon);
void gm_scale(size_t n, double *restrict out, const double *restrict in, double factor);

#endif
