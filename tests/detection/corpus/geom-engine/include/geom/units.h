#ifndef GEOM_UNITS_H
#define GEOM_UNITS_H

struct Meters {
    double value;
    explicit constexpr Meters(double v) : value(v) {}
};

constexpr Meters operator""_m(long double v) { return Meters(static_cast<double>(v)); }

inline bool operator<(Meters a, Meters b) { return a.value < b.value; }

#endif
