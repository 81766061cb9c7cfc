#include <cuda_runtime.h>

__global__ void overlaps(const float4* boxes, int n, int* hits) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float4 a = boxes[i];
    int count = 0;
    for (int j = 0; j < n; ++j) {
        float4 b = boxes[j];
        count += (j != i) && a.x <= b.z && b.x <= a.z && a.y <= b.w && b.y <= a.w;
    }
    hits[i] = count;
}
