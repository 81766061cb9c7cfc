#pragma once

namespace geom {

template <typename T, int N>
Matrix<T, N> Matrix<T, N>::identity() {
  Matrix result;
  for (int i = 0; i < N; ++i) result(i, i) = T{1};
  return result;
}

}  // namespace geom
