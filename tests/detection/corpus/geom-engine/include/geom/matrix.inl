// Inline definitions for Mat3; included by matrix.hpp only.

inline Mat3 Mat3::identity() noexcept {
    Mat3 m{};
    m.m[0][0] = m.m[1][1] = m.m[2][2] = 1.0f;
    return m;
}

inline Mat3 Mat3::operator*(const Mat3& o) const noexcept {
    Mat3 r{};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 3; ++k) r.m[i][j] += m[i][k] * o.m[k][j];
    return r;
}
