#ifndef MATHX_H
#define MATHX_H

inline constexpr double kPi = 3.14159265358979323846;

constexpr double deg_to_rad(double degrees) noexcept { return degrees * kPi / 180.0; }

inline int clamp(int value, int low, int high) noexcept
{
    return value < low ? low : (value > high ? high : value);
}

inline double lerp(double a, double b, double t) noexcept { return a + (b - a) * t; }

#endif
