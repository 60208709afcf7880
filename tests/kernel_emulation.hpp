// The CUDA kernels' reductions replayed on the host, lane by lane, with the same host/device math
// (core/math/softmax_row.hpp, layernorm_row.hpp, mask_rule.hpp): what a kernel computes depends on the math (shared
// with the CPU reference, tested directly) and on the order in which its threads add things up, which
// is written here once more as plain loops. Each function names the kernel whose mapping it replays;
// a change of mapping in gpu/*.cu must be mirrored here.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include <cmath>

#include "core/math/embedding_rule.hpp"
#include "core/math/layernorm_row.hpp"
#include "core/math/mask_rule.hpp"
#include "core/math/softmax_row.hpp"
#include "core/math/sum_squares_rule.hpp"

namespace emu {

// A warp's butterfly (__shfl_xor_sync with offsets 16, 8, 4, 2, 1): lane l combines with lane l ^ o.
// Every lane ends with the same value when combine is commutative, as float + and softmax_acc_merge are.
template <class T, class F>
T butterfly(std::vector<T> lanes, F combine) {
  for (int o = 16; o >= 1; o /= 2) {
    std::vector<T> next(lanes.size());
    for (size_t l = 0; l < lanes.size(); ++l) next[l] = combine(lanes[l], lanes[l ^ size_t(o)]);
    lanes = next;
  }
  return lanes[0];
}

// gpu/crossentropy.cu: one block of `threads` (a multiple of 32) per row; thread i pushes elements
// i, i + threads, …; each warp merges by butterfly; warp 0 merges the warps' results by butterfly
// (slots past the number of warps hold the empty accumulator).
inline llada::SoftmaxAcc block_softmax(const float* x, int n, int threads = 1024) {
  std::vector<llada::SoftmaxAcc> th(threads, llada::softmax_acc_empty());
  for (int i = 0; i < threads; ++i)
    for (int j = i; j < n; j += threads) th[i] = llada::softmax_acc_push(th[i], x[j]);
  auto merge = [](llada::SoftmaxAcc a, llada::SoftmaxAcc b) { return llada::softmax_acc_merge(a, b); };
  std::vector<llada::SoftmaxAcc> warps(32, llada::softmax_acc_empty());
  for (int w = 0; w < threads / 32; ++w)
    warps[w] = butterfly(std::vector<llada::SoftmaxAcc>(th.begin() + 32 * w, th.begin() + 32 * w + 32), merge);
  return butterfly(warps, merge);
}

// gpu/attention.cu softmax: one warp per row of scores; lane l pushes keys l, l + 32, … ≤ tmax.
inline llada::SoftmaxAcc warp_softmax(const float* x, int n) {
  std::vector<llada::SoftmaxAcc> lanes(32, llada::softmax_acc_empty());
  for (int l = 0; l < 32; ++l)
    for (int j = l; j < n; j += 32) lanes[l] = llada::softmax_acc_push(lanes[l], x[j]);
  return butterfly(lanes, [](llada::SoftmaxAcc a, llada::SoftmaxAcc b) { return llada::softmax_acc_merge(a, b); });
}

// gpu/layernorm.cu: one warp per row; lane l sums f(c) for channels c = l, l + 32, …, then butterfly.
template <class F>
float warp_sum(int C, F f) {
  std::vector<float> lanes(32, 0.0f);
  for (int l = 0; l < 32; ++l)
    for (int c = l; c < C; c += 32) lanes[l] += f(c);
  return butterfly(lanes, [](float a, float b) { return a + b; });
}

// gpu/masking.cu llada_mask_kernel: one block of `threads` per row; thread i takes the Philox blocks
// j = i, i + threads, … (positions 4j … 4j+3), the row's mask count is summed by an integer atomic, thread
// 0 writes the row's weight sum, and one thread adds the rows' sums in row order (sum_rows_kernel).
inline double llada_mask_blocks(int32_t* inputs, int32_t* targets, float* weights, const int32_t* x0, int B, int L,
                                int32_t mask_id, uint64_t seed, uint64_t first_seq, float eps, bool inverse_t,
                                int threads = 256) {
  std::vector<double> row_sums(size_t(B > 0 ? B : 0));
  for (int b = 0; b < B; ++b) {
    const size_t row = size_t(b) * size_t(L);
    const uint64_t seq = first_seq + uint64_t(b);
    const float tb = llada::sample_time(seed, seq, eps);
    const float w = llada::llada_weight(B, L, tb, inverse_t);
    int row_count = 0;
    for (int tid = 0; tid < threads; ++tid) {
      int local = 0;
      for (long long j = tid; 4 * j < L; j += threads) {
        const llada::Uniform4 u4 = llada::mask_uniform4(seed, seq, uint32_t(j));
        for (int r = 0; r < 4; ++r) {
          const long long i = 4 * j + r;
          if (i >= L) break;
          const bool m = llada::is_masked(u4.u[r], tb);
          const llada::LladaCell c = llada::llada_cell(m, x0[row + i], mask_id, w);
          inputs[row + i] = c.input;
          targets[row + i] = c.target;
          weights[row + i] = c.weight;
          local += m ? 1 : 0;
        }
      }
      row_count += local;
    }
    row_sums[b] = llada::llada_row_weight(row_count, w);
  }
  double total = 0.0;
  for (double r : row_sums) total += r;
  return total;
}

// gpu/encoder.cu encoder_backward: the links kernel (a warp per position: 32 later ids at a time, the
// first set bit of the ballot), then each id's first position walks its chain, then the position rows.
inline void embedding_backward(float* dwte, float* dwpe, const float* dout, const int32_t* inp, int B, int T, int C) {
  const int n = B * T;
  std::vector<int32_t> next(size_t(n > 0 ? n : 0), -1), has_prev(size_t(n > 0 ? n : 0), 0);
  for (int p = 0; p < n; ++p) {
    for (int base = p + 1; base < n; base += 32) {
      unsigned hits = 0;
      for (int lane = 0; lane < 32; ++lane)
        if (base + lane < n && inp[base + lane] == inp[p]) hits |= 1u << lane;
      if (hits) {
        int first = 0;
        while (!(hits >> first & 1u)) ++first;  // __ffs(hits) - 1
        next[p] = base + first;
        has_prev[size_t(base + first)] = 1;
        break;
      }
    }
  }
  for (int p = 0; p < n; ++p) {
    if (has_prev[p]) continue;
    float* row = dwte + size_t(inp[p]) * C;
    for (int c = 0; c < C; ++c) row[c] = llada::embedding_grad_chain(row[c], dout, next.data(), p, C, c);
  }
  if (dwpe)
    for (int t = 0; t < T; ++t)
      for (int c = 0; c < C; ++c) dwpe[size_t(t) * C + c] = llada::position_grad(dwpe[size_t(t) * C + c], dout, B, T, C, t, c);
}

// gpu/layernorm.cu: dweight, dbias as the chunks' partial sums (param_chunk), added in chunk order.
inline void layernorm_param_grads(float* dweight, float* dbias, const float* dout, const float* inp, const float* mean,
                                  const float* rstd, int BT, int C) {
  const int chunks = llada::layernorm::param_chunks(BT);
  for (int c = 0; c < C; ++c) {
    float dw = 0.0f, db = 0.0f;
    for (int k = 0; k < chunks; ++k) {
      float pw = k == 0 ? dweight[c] : 0.0f, pb = k == 0 ? dbias[c] : 0.0f;
      llada::layernorm::param_chunk(pw, pb, k, BT, C, c, dout, inp, mean, rstd);
      dw = k == 0 ? pw : dw + pw;
      db = k == 0 ? pb : db + pb;
    }
    if (chunks > 0) {
      dweight[c] = dw;
      dbias[c] = db;
    }
  }
}

// gpu/optim.cu sum_squares: sum_squares_blocks(n) blocks of 256 threads, grid-stride fused squares in
// double, a tree per block, the blocks' sums in block order.
inline double sum_squares_blocks(const float* x, size_t n) {
  if (n == 0) return 0.0;
  const unsigned blocks = llada::sum_squares_blocks(n);
  const size_t threads = llada::kSumSquaresThreads, stride = size_t(blocks) * threads;
  double total = 0.0;
  for (unsigned b = 0; b < blocks; ++b) {
    std::vector<double> part(threads, 0.0);
    for (size_t i = 0; i < threads; ++i)
      for (size_t j = b * threads + i; j < n; j += stride) part[i] = llada::add_square(part[i], x[j]);
    for (size_t w = threads / 2; w > 0; w /= 2)
      for (size_t i = 0; i < w; ++i) part[i] += part[i + w];
    total += part[0];
  }
  return total;
}

}  // namespace emu
