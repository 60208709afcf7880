// The CPU reference ops: *_forward / *_backward pairs over plain float buffers (llm.c style).
// Shapes, the accumulate-into-gradients convention and the dimension names are documented once, on
// the Backend class in core/nn/backend.hpp; these free functions have the same signatures and are what
// cpu_backend() calls. Tests and other backends compare against them.
#pragma once

#include <cstdint>

#include "core/nn/backend.hpp"

namespace llada::nn::cpu {

void encoder_forward(float* out, const int32_t* inp, const float* wte, const float* wpe, int B, int T, int C);
void encoder_backward(float* dwte, float* dwpe, const float* dout, const int32_t* inp, int B, int T, int C);
void one_hot(float* out, const int32_t* ids, int N, int V);

void matmul_forward(float* out, const float* inp, const float* weight, const float* bias, int BT, int C, int OC);
void matmul_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                     const float* weight, int BT, int C, int OC);

// GELU exact: x·Φ(x) = ½x(1 + erf(x/√2)); tanh form: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
void activation_forward(float* out, const float* inp, int N, Activation act);
void activation_backward(float* dinp, const float* inp, const float* dout, int N, Activation act);

void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                       const float* bias, int BT, int C);
void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                        const float* weight, const float* mean, const float* rstd, int BT, int C);

void attention_forward(float* out, float* att, const float* inp, int B, int T, int C, int NH, bool causal);
void attention_backward(float* dinp, float* datt, const float* dout, const float* inp, const float* att,
                        int B, int T, int C, int NH, bool causal);

void residual_forward(float* out, const float* a, const float* b, int N);
void residual_backward(float* da, float* db, const float* dout, int N);

double crossentropy_forward(float* losses, const float* logits, const int32_t* targets, const float* weights,
                            int BT, int V);
void crossentropy_backward(float* dlogits, const float* logits, const int32_t* targets, const float* weights,
                           int BT, int V);

}  // namespace llada::nn::cpu
