// LLADA_HD marks a function callable from the CPU and from CUDA kernels. Headers that use it are the
// kernels' per-element and per-row math (philox.hpp, mask_rule.hpp, activation_rule.hpp,
// softmax_row.hpp, layernorm_row.hpp, adamw_rule.hpp): header-only, C++17, plain float math from
// <math.h> (erff, expf, tanhf, sqrtf, logf), so the CPU reference and the CUDA kernel compute the same
// expression. Under nvcc the device versions of those functions may differ from the host's in the last
// bit or two, and nvcc contracts a·b + c into one FMA where the host compiler may not: the GPU matches
// the CPU to float rounding, not bit for bit (tests/gpu/ checks the tolerances).
#pragma once

#if defined(__CUDACC__)
#define LLADA_HD __host__ __device__
#else
#define LLADA_HD
#endif
