// One row's softmax, streamed: the online max/sum of Milakov & Gimelshein ("Online normalizer
// calculation for softmax", 2018), the log-sum-exp, and the softmax cross-entropy's loss and gradient
// per element. Shared by the CUDA cross-entropy kernel (gpu/crossentropy.cu), which reads a
// V = 100 277-wide row once for its normaliser without holding it anywhere, and the host tests that
// compare it with the CPU reference (core/nn/ops.cpp crossentropy_*, which uses Eigen's vectorised exp
// and is therefore equal only to float rounding). Header-only, C++17, host/device.
//
// A SoftmaxAcc holds (max, sum) with sum = Σ exp(x_j − max) over the elements pushed so far. Pushing
// elements one by one, or pushing parts into several accumulators and merging them in any order,
// gives the same (max, sum) up to rounding: that is what lets each thread take a strided slice of a
// row and a tree of merges combine the threads.
//
// Edges: the empty accumulator is (−∞, 0) and merging with it changes nothing; −∞ elements add 0 (a
// row of only −∞ stays (−∞, 0), whose log-sum-exp is −∞, never NaN); a NaN element makes the sum NaN;
// +∞ becomes the max and the finite elements then add 0.
#pragma once

#include <math.h>

#include "core/math/host_device.hpp"

namespace llada {

struct SoftmaxAcc {
  float max;  // the largest element so far (−∞ when none)
  float sum;  // Σ exp(x_j − max) so far
};

LLADA_HD inline SoftmaxAcc softmax_acc_empty() { return SoftmaxAcc{-INFINITY, 0.0f}; }

// Adds one element: when x is a new maximum, the old sum is rescaled by exp(old max − x).
LLADA_HD inline SoftmaxAcc softmax_acc_push(SoftmaxAcc a, float x) {
  if (x > a.max) {
    a.sum = a.sum * expf(a.max - x) + 1.0f;  // exp(−∞) = 0 when a was empty
    a.max = x;
  } else if (x > -INFINITY) {
    a.sum += expf(x - a.max);
  } else if (x != x) {
    a.sum = x;  // NaN poisons the row, as it does on the CPU
  }
  return a;
}

// The accumulator of the union of two disjoint sets of elements.
LLADA_HD inline SoftmaxAcc softmax_acc_merge(SoftmaxAcc a, SoftmaxAcc b) {
  if (b.max > a.max) {
    const SoftmaxAcc t = a;
    a = b;
    b = t;
  }
  if (b.max == -INFINITY) return SoftmaxAcc{a.max, a.sum + b.sum};  // b empty (sum 0, or NaN to keep)
  return SoftmaxAcc{a.max, a.sum + b.sum * expf(b.max - a.max)};
}

// log Σ exp(x_j) = max + log(sum).
LLADA_HD inline float softmax_acc_logsumexp(SoftmaxAcc a) { return a.max + logf(a.sum); }

// −log softmax(x)_y = logsumexp − x_y, taken as (max − x_y) + log(sum) so that a row with one huge
// logit keeps its precision.
LLADA_HD inline float crossentropy_loss(SoftmaxAcc a, float x_y) { return (a.max - x_y) + logf(a.sum); }

// The cross-entropy gradient of element j of a row with weight w and normaliser a:
//     w · (softmax(x)_j − 1[j = y]) = exp(x_j − max) · (w / sum) − (j = y ? w : 0).
// w_over_sum = w / a.sum is computed once per row (the CPU reference does the same).
LLADA_HD inline float crossentropy_dlogit(float x_j, float max, float w_over_sum, float w, bool is_target) {
  const float d = expf(x_j - max) * w_over_sum;
  return is_target ? d - w : d;
}

}  // namespace llada
