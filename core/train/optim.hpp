// The optimizer over flat buffers: AdamW with decoupled weight decay and bias correction, global-norm
// gradient clipping, and the learning-rate schedule (linear warm-up, then cosine decay).
//
// All parameters of a model live in one allocation (params), and so do their gradients (grads) and the
// two Adam moments (m, v): each is a float buffer of n entries, updated in one pass, allocating nothing.
#pragma once

#include <cstddef>

#include "core/nn/backend.hpp"

namespace llada::train {

struct AdamWConfig {
  float beta1 = 0.9f;
  float beta2 = 0.95f;
  float eps = 1e-8f;
  float weight_decay = 0.0f;  // decoupled: p -= lr·wd·p, never mixed into the gradient (Loshchilov & Hutter)
};

// One AdamW step. t is the 1-based step count (bias correction uses beta^t).
//   m = b1·m + (1-b1)·g ;  v = b2·v + (1-b2)·g²
//   p -= lr · ( (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps) + wd·p )
void adamw_update(float* params,       // (n)
                  const float* grads,  // (n)
                  float* m,            // (n) first moment, zero before step 1
                  float* v,            // (n) second moment, zero before step 1
                  size_t n, float lr, int t, const AdamWConfig& cfg);

// adamw_update, then grads = 0, in the same pass over memory (the training step's zero_grad for free).
//
// live (optional, adam_live_blocks(n) bytes) makes the pass cheap over sparse gradients: one byte per
// block of kAdamBlock weights, 0 only if that block's m and v are all +0.0. Such a block whose gradient
// is also all +0.0 would compute m = v = 0 and p = (1 − lr·wd)·p, bit for bit, so it is skipped (only
// scaled under weight decay): its gradient is read, nothing is written. Any other block is updated and
// marked live. These are the embedding rows of tokens not yet seen in training (the embedding gradient
// touches only the batch's rows): half the weights of the zero-layer GPT, and for good the rows of
// tokens a corpus never uses (35-80 % of GPT-2's vocabulary on Brown / the KJV Bible).
void adamw_update_zero_grad(float* params, float* grads, float* m, float* v, size_t n, float lr, int t,
                            const AdamWConfig& cfg, unsigned char* live = nullptr);

using nn::kAdamBlock;  // 64
using nn::adam_live_blocks;
// live[b] = 1 unless block b of m and v is all +0.0 (after a load, a reset or any outside write to m, v).
void adam_live_from_moments(unsigned char* live, const float* m, const float* v, size_t n);

// Σ x² over n floats: chunks of 2048 summed in float (vectorised), chunks accumulated in double. The CPU
// backend's sum_squares.
double sum_squares(const float* x, size_t n);
// x (n) *= s. The CPU backend's scale.
void scale(float* x, float s, size_t n);

// sqrt(Σ g²) over the whole buffer (sum_squares). NaN/Inf in grads gives a non-finite norm:
// that is how the trainer detects divergence.
float grad_global_norm(const float* grads, size_t n);

// If the global norm exceeds max_norm (> 0), scales grads by max_norm / norm. Returns the norm before
// clipping. A non-finite norm is returned as is and grads are left alone.
float clip_grad_global_norm(float* grads, size_t n, float max_norm);

// Linear warm-up over `warmup` steps from lr_max/warmup to lr_max, then cosine decay to lr_min at
// step `total`, lr_min after. step is 0-based (the step about to run).
struct LrSchedule {
  float lr_max = 1e-3f;
  float lr_min = 1e-4f;
  int warmup = 0;   // 0: no warm-up
  int total = 0;    // 0: no decay, constant lr_max after warm-up
};
float lr_at(const LrSchedule& s, int step);

}  // namespace llada::train
