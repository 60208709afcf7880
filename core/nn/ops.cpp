// CPU reference ops, part 1: embedding, linear (Eigen GEMMs), activations, residual, cross-entropy.
// LayerNorm and attention are in ops_attention.cpp.
#include "core/nn/ops.hpp"

#include "core/math/activation_rule.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace llada::nn::cpu {

namespace {
// Row-major maps: our buffers are C arrays in row-major order; Eigen defaults to column-major.
using MatR = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MapR = Eigen::Map<MatR>;
using CMapR = Eigen::Map<const MatR>;
using CVec = Eigen::Map<const Eigen::RowVectorXf>;
using Vec = Eigen::Map<Eigen::RowVectorXf>;
}  // namespace

// ------------------------------------------------------------------------------------------ embedding

void encoder_forward(float* out, const int32_t* inp, const float* wte, const float* wpe, int B, int T, int C) {
  // out (B,T,C), inp (B,T), wte (Vin,C), wpe (maxT,C) or nullptr
  for (int b = 0; b < B; b++) {
    for (int t = 0; t < T; t++) {
      float* o = out + ((size_t)b * T + t) * C;
      const float* e = wte + (size_t)inp[b * T + t] * C;
      if (wpe) {
        const float* p = wpe + (size_t)t * C;
        for (int c = 0; c < C; c++) o[c] = e[c] + p[c];
      } else {
        std::memcpy(o, e, sizeof(float) * C);
      }
    }
  }
}

void encoder_backward(float* dwte, float* dwpe, const float* dout, const int32_t* inp, int B, int T, int C) {
  // Only the rows of the tokens used receive gradient (the "sparse" update of nn.Embedding).
  for (int b = 0; b < B; b++) {
    for (int t = 0; t < T; t++) {
      const float* d = dout + ((size_t)b * T + t) * C;
      float* de = dwte + (size_t)inp[b * T + t] * C;
      for (int c = 0; c < C; c++) de[c] += d[c];
      if (dwpe) {
        float* dp = dwpe + (size_t)t * C;
        for (int c = 0; c < C; c++) dp[c] += d[c];
      }
    }
  }
}

void one_hot(float* out, const int32_t* ids, int N, int V) {
  std::memset(out, 0, sizeof(float) * size_t(N) * size_t(V));
  for (int i = 0; i < N; i++)
    if (ids[i] >= 0 && ids[i] < V) out[size_t(i) * V + ids[i]] = 1.0f;  // one_hot_value's rule
}

// ------------------------------------------------------------------------------------------ linear

void matmul_forward(float* out, const float* inp, const float* weight, const float* bias, int BT, int C, int OC) {
  // out (BT,OC) = inp (BT,C) · weightᵀ (C,OC) + bias (OC).
  // The bias is written first and the product accumulated onto it: Eigen's GEMM does `+=` at the same
  // speed as `=`, while a separate broadcast pass over a BT×V output costs as much as half the GEMM.
  MapR o(out, BT, OC);
  CMapR x(inp, BT, C);
  CMapR w(weight, OC, C);
  if (bias) {
    for (int i = 0; i < BT; i++) std::memcpy(out + (size_t)i * OC, bias, sizeof(float) * OC);
    o.noalias() += x * w.transpose();
  } else {
    o.noalias() = x * w.transpose();
  }
}

namespace {

// dst (8 rows at stride ld) = the transpose of src (8 rows at stride ls): dst[c·ld + r] = src[r·ls + c].
void transpose8x8(const float* src, size_t ls, float* dst, size_t ld) {
#if defined(__AVX__)
  __m256 r[8], t[8], s[8];
  for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(src + i * ls);
  for (int i = 0; i < 4; i++) {
    t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  for (int h = 0; h < 2; h++) {  // rows 0-3 (t0..t3) and rows 4-7 (t4..t7)
    const __m256 *a = t + 4 * h;
    s[4 * h + 0] = _mm256_shuffle_ps(a[0], a[2], _MM_SHUFFLE(1, 0, 1, 0));
    s[4 * h + 1] = _mm256_shuffle_ps(a[0], a[2], _MM_SHUFFLE(3, 2, 3, 2));
    s[4 * h + 2] = _mm256_shuffle_ps(a[1], a[3], _MM_SHUFFLE(1, 0, 1, 0));
    s[4 * h + 3] = _mm256_shuffle_ps(a[1], a[3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int i = 0; i < 4; i++) {
    _mm256_storeu_ps(dst + i * ld, _mm256_permute2f128_ps(s[i], s[4 + i], 0x20));
    _mm256_storeu_ps(dst + (4 + i) * ld, _mm256_permute2f128_ps(s[i], s[4 + i], 0x31));
  }
#else
  for (int r = 0; r < 8; r++)
    for (int c = 0; c < 8; c++) dst[c * ld + r] = src[r * ls + c];
#endif
}

// dweight (OC,C) += doutᵀ·inp for a wide OC (the unembedding, OC = V), bit for bit what the plain
// Eigen product gives. As a column-major product this is dWᵀ (C,OC) += inpᵀ (C,BT) · dout (BT,OC),
// whose right operand is row-major: Eigen packs it 4 columns at a time down all BT rows, BT strided
// streams 4·OC bytes apart, and that packing ran at a fraction of memory speed (45 % of the product's
// time at BT = 128; the same product with a column-major right operand, the benchmark's reference, took
// 60 % as long). So dout is transposed here, a slab of columns at a time with 8×8 register transposes,
// into a stack buffer that stays in L1/L2, and each slab is one column-major Eigen product.
// dbias (or nullptr) += the column sums of dout, taken from the slab's rows while they are still in
// cache: a separate colwise sum would read all of dout (BT·OC floats) from memory once more.
// Returns false (nothing done) when BT is too large for a useful slab.
constexpr int kSlabFloats = 16384;  // 64 KB
constexpr int kSlabWidth = 128;
bool matmul_dweight_slabs(float* dweight, float* dbias, const float* dout, const float* inp, int BT, int C, int OC) {
  const int ld = (BT + 7) / 8 * 8 + 8;  // padded so the slab's columns do not share cache sets
  const int width = std::min(kSlabWidth, kSlabFloats / ld) / 8 * 8;
  if (width < 32) return false;
  alignas(64) float slab[kSlabFloats];
  const int BT8 = BT / 8 * 8;
  CMapR x(inp, BT, C);
  for (int j0 = 0; j0 < OC; j0 += width) {
    const int w = std::min(width, OC - j0), w8 = w / 8 * 8;
    const float* d = dout + j0;  // slab[j·ld + k] = dout[k, j0 + j]
    for (int k = 0; k < BT8; k += 8)
      for (int j = 0; j < w8; j += 8) transpose8x8(d + (size_t)k * OC + j, OC, slab + (size_t)j * ld + k, ld);
    for (int k = 0; k < BT; k++) {  // the edges
      const float* row = d + (size_t)k * OC;
      for (int j = k < BT8 ? w8 : 0; j < w; j++) slab[(size_t)j * ld + k] = row[j];
    }
    Eigen::Map<Eigen::MatrixXf>(dweight + (size_t)j0 * C, C, w).noalias() +=
        x.transpose() * Eigen::Map<const Eigen::MatrixXf, 0, Eigen::OuterStride<>>(slab, BT, w, Eigen::OuterStride<>(ld));
    if (dbias) {  // rows summed in order, then added, as dbias += dout.colwise().sum() does
      float sum[kSlabWidth];
      std::memcpy(sum, d, sizeof(float) * w);
      for (int k = 1; k < BT; k++) {
        const float* row = d + (size_t)k * OC;
        for (int j = 0; j < w; j++) sum[j] += row[j];
      }
      for (int j = 0; j < w; j++) dbias[j0 + j] += sum[j];
    }
  }
  return true;
}

}  // namespace

void matmul_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                     const float* weight, int BT, int C, int OC) {
  CMapR dy(dout, BT, OC);
  CMapR x(inp, BT, C);
  CMapR w(weight, OC, C);
  if (dinp) MapR(dinp, BT, C).noalias() += dy * w;  // (BT,OC)·(OC,C)
  // dweight (OC,C) += doutᵀ·inp. Written as its transpose, the column-major (C,OC) = inpᵀ·dout over the
  // same memory: with a row-major destination Eigen picks a kernel that runs at less than half speed
  // for the tall (V,C) shape of the unembedding. Wide outputs go through transposed slabs (above).
  if (dweight && OC >= 4096 && matmul_dweight_slabs(dweight, dbias, dout, inp, BT, C, OC)) return;
  if (dweight) {
    Eigen::Map<Eigen::MatrixXf> dwT(dweight, C, OC);
    dwT.noalias() += x.transpose() * dy;
  }
  if (dbias) Vec(dbias, OC) += dy.colwise().sum();
}

// ------------------------------------------------------------------------------------------ activations

// The per-element math is core/math/activation_rule.hpp, which the CUDA kernels share; the switch
// stays outside the loops so each loop is one plain call per element.
void activation_forward(float* out, const float* inp, int N, Activation act) {
  switch (act) {
    case Activation::Gelu:
      for (int i = 0; i < N; i++) out[i] = act::gelu(inp[i]);
      break;
    case Activation::GeluTanh:
      for (int i = 0; i < N; i++) out[i] = act::gelu_tanh(inp[i]);
      break;
    case Activation::Relu:
      for (int i = 0; i < N; i++) out[i] = act::relu(inp[i]);
      break;
  }
}

void activation_backward(float* dinp, const float* inp, const float* dout, int N, Activation act) {
  switch (act) {
    case Activation::Gelu:
      for (int i = 0; i < N; i++) dinp[i] += act::gelu_grad(inp[i]) * dout[i];
      break;
    case Activation::GeluTanh:
      for (int i = 0; i < N; i++) dinp[i] += act::gelu_tanh_grad(inp[i]) * dout[i];
      break;
    case Activation::Relu:
      for (int i = 0; i < N; i++) dinp[i] += act::relu_backward(inp[i], dout[i]);
      break;
  }
}

// ------------------------------------------------------------------------------------------ residual

void residual_forward(float* out, const float* a, const float* b, int N) {
  for (int i = 0; i < N; i++) out[i] = a[i] + b[i];
}

void residual_backward(float* da, float* db, const float* dout, int N) {
  for (int i = 0; i < N; i++) {
    da[i] += dout[i];
    db[i] += dout[i];
  }
}

// ------------------------------------------------------------------------------------------ cross-entropy

namespace {
// max and log Σ exp(z − max) of one row. Eigen's vectorised exp (about 20× std::exp here); the sum runs
// in float over blocks of 1024 and in double across blocks, so a V = 100k row keeps ~1e-6 relative error.
struct RowStats { float max; double logsum; };
RowStats row_stats(const float* z, int V) {
  const float m = Eigen::Map<const Eigen::ArrayXf>(z, V).maxCoeff();
  double s = 0.0;
  for (int j = 0; j < V; j += 1024) {
    const int n = std::min(1024, V - j);
    s += (double)(Eigen::Map<const Eigen::ArrayXf>(z + j, n) - m).exp().sum();
  }
  return {m, std::log(s)};
}
}  // namespace

double crossentropy_forward(float* losses, const float* logits, const int32_t* targets, const float* weights,
                            int BT, int V) {
  // losses_i = −log softmax(z_i)[y_i] = (max + log Σ exp(z − max)) − z_y
  double total = 0.0;
  for (int i = 0; i < BT; i++) {
    if (targets[i] < 0) {
      losses[i] = 0.0f;
      continue;
    }
    assert(targets[i] < V && "a target must be a real class (never [MASK])");
    const float* z = logits + (size_t)i * V;
    RowStats st = row_stats(z, V);
    double li = (double)st.max + st.logsum - (double)z[targets[i]];
    losses[i] = (float)li;
    total += (weights ? (double)weights[i] : 1.0) * li;
  }
  return total;
}

void crossentropy_backward(float* dlogits, const float* logits, const int32_t* targets, const float* weights,
                           int BT, int V) {
  // d/dz_j of w·(−log softmax(z)_y) = w·(p_j − 1[j = y]). Each element is read before it is written,
  // so dlogits may alias logits.
  for (int i = 0; i < BT; i++) {
    float* d = dlogits + (size_t)i * V;
    const float* z = logits + (size_t)i * V;
    float w = weights ? weights[i] : 1.0f;
    if (targets[i] < 0 || w == 0.0f) {
      std::memset(d, 0, sizeof(float) * V);
      continue;
    }
    assert(targets[i] < V && "a target must be a real class (never [MASK])");
    // exp once: d = exp(z − max) (summed block by block as in row_stats), then d *= w / Σ.
    const float m = Eigen::Map<const Eigen::ArrayXf>(z, V).maxCoeff();
    double sum = 0.0;
    for (int j = 0; j < V; j += 1024) {
      const int n = std::min(1024, V - j);
      Eigen::Map<Eigen::ArrayXf> dj(d + j, n);
      dj = (Eigen::Map<const Eigen::ArrayXf>(z + j, n) - m).exp();
      sum += (double)dj.sum();
    }
    Eigen::Map<Eigen::ArrayXf>(d, V) *= (float)(w / sum);
    d[targets[i]] -= w;
  }
}

}  // namespace llada::nn::cpu
