#include "core/inspect/embedding_space.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace llada::inspect {

namespace {

using RowsMap = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

// Σ rowᵀ·row in double, accumulated over float blocks (float GEMM speed, double sums across blocks).
Eigen::MatrixXd gram(const float* rows, int N, int C) {
  Eigen::MatrixXd G = Eigen::MatrixXd::Zero(C, C);
  constexpr int kBlock = 4096;
  for (int r0 = 0; r0 < N; r0 += kBlock) {
    const int n = std::min(kBlock, N - r0);
    RowsMap X(rows + static_cast<size_t>(r0) * C, n, C);
    Eigen::MatrixXf g = X.transpose() * X;
    G += g.cast<double>();
  }
  return G;
}

double dotd(const float* a, const float* b, int C) {
  double s = 0;
  for (int c = 0; c < C; c++) s += double(a[c]) * b[c];
  return s;
}

}  // namespace

Result<Basis2> pca2(const float* rows, int N, int C) {
  if (N < 2 || C < 2)
    return fail("a table of " + std::to_string(N) + " x " + std::to_string(C) + " has no two principal directions",
                "use a model with at least 2 tokens and d >= 2");
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(C);
  for (int r = 0; r < N; r++)
    for (int c = 0; c < C; c++) mean[c] += rows[static_cast<size_t>(r) * C + c];
  mean /= N;
  if (!mean.allFinite()) return fail("the table holds non-finite values", "the model diverged: reset or reload it");
  // Covariance = (Σ xᵀx)/N − μμᵀ. In double after the float blocks; the rows of a trained table are far
  // larger than their mean's spread, so cancellation is not a concern at the precision a picture needs.
  Eigen::MatrixXd cov = gram(rows, N, C) / N - mean * mean.transpose();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(cov);
  if (es.info() != Eigen::Success) return fail("the eigensolver did not converge", "the table may hold huge values");
  Basis2 b;
  b.C = C;
  b.mean.assign(mean.data(), mean.data() + C);
  b.total_variance = cov.trace();
  for (int k = 0; k < 2; k++) {
    Eigen::VectorXd v = es.eigenvectors().col(C - 1 - k);  // eigenvalues ascending
    if (v.sum() < 0) v = -v;
    b.dir[k].assign(C, 0.0f);
    for (int c = 0; c < C; c++) b.dir[k][c] = static_cast<float>(v[c]);
    b.variance[k] = std::max(0.0, es.eigenvalues()[C - 1 - k]);
  }
  return b;
}

void align_basis(Basis2& b, const Basis2& ref) {
  if (ref.C != b.C || ref.dir[0].empty()) return;
  const int C = b.C;
  const double d00 = dotd(b.dir[0].data(), ref.dir[0].data(), C), d11 = dotd(b.dir[1].data(), ref.dir[1].data(), C);
  const double d01 = dotd(b.dir[0].data(), ref.dir[1].data(), C), d10 = dotd(b.dir[1].data(), ref.dir[0].data(), C);
  if (std::abs(d01) + std::abs(d10) > std::abs(d00) + std::abs(d11)) {
    std::swap(b.dir[0], b.dir[1]);
    std::swap(b.variance[0], b.variance[1]);
  }
  for (int k = 0; k < 2; k++)
    if (dotd(b.dir[k].data(), ref.dir[k].data(), C) < 0)
      for (float& x : b.dir[k]) x = -x;
}

void project(const Basis2& b, const float* rows, int N, float* out) {
  const int C = b.C;
  // Subtracting the mean once: (row − μ)·d = row·d − μ·d.
  const double m0 = dotd(b.mean.data(), b.dir[0].data(), C), m1 = dotd(b.mean.data(), b.dir[1].data(), C);
  for (int r = 0; r < N; r++) {
    const float* x = rows + static_cast<size_t>(r) * C;
    float s0 = 0, s1 = 0;
    for (int c = 0; c < C; c++) s0 += x[c] * b.dir[0][c], s1 += x[c] * b.dir[1][c];
    out[2 * r] = static_cast<float>(s0 - m0);
    out[2 * r + 1] = static_cast<float>(s1 - m1);
  }
}

std::array<float, 2> project_vector(const Basis2& b, const float* v) {
  return {static_cast<float>(dotd(v, b.dir[0].data(), b.C)), static_cast<float>(dotd(v, b.dir[1].data(), b.C))};
}

std::vector<float> row_norms(const float* rows, int N, int C) {
  std::vector<float> n(N);
  for (int r = 0; r < N; r++) n[r] = static_cast<float>(std::sqrt(dotd(rows + size_t(r) * C, rows + size_t(r) * C, C)));
  return n;
}

std::vector<double> singular_values(const float* rows, int N, int C) {
  if (N < 1 || C < 1) return {};
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(gram(rows, N, C), Eigen::EigenvaluesOnly);
  std::vector<double> sv(C);
  for (int k = 0; k < C; k++) sv[k] = std::sqrt(std::max(0.0, es.eigenvalues()[C - 1 - k]));
  return sv;
}

double effective_rank(std::span<const double> sv) {
  double sum = 0;
  for (double s : sv) sum += s;
  if (!(sum > 0)) return 0;
  double h = 0;
  for (double s : sv)
    if (s > 0) h -= (s / sum) * std::log(s / sum);
  return std::exp(h);
}

}  // namespace llada::inspect
