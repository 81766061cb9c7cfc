__kernel void blur(__global const float *input, __global float *output, const int width)
{
    int x = get_global_id(0);
    int y = get_global_id(1);
    if (x == 0 || x == width - 1)
        return;
    int i = y * width + x;
    output[i] = (input[i - 1] + input[i] + input[i + 1]) / 3.0f;
}
