// Plain C helpers shared by the Objective-C classes and the C test suite.
#ifndef GEOMETRY_H
#define GEOMETRY_H

#include <math.h>

typedef struct {
    double x;
    double y;
} GeoPoint;

static inline double GeoDistance(GeoPoint a, GeoPoint b)
{
    return hypot(a.x - b.x, a.y - b.y);
}

#endif
