# cython: language_level=3
cpdef double weighted_sum(double[:] values, double[:] weights):
    cdef Py_ssize_t i
    cdef double total = 0
    for i in range(values.shape[0]):
        total += values[i] * weights[i]
    return total
