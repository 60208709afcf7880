// The embedding table as a picture (seed note 002, "an SVD view of the embedding matrix"): the top two
// principal directions of its rows, the rows projected onto them, their norms, and the singular values
// of the whole table with its effective rank.
//
// Everything goes through the C×C matrix of the rows (C = d, 64 by default), never a V×V one, so a
// table of V = 100 277 rows costs one pass of V·C² multiply-adds (≈ 0.1 s) and a 64×64 eigensolve.
//
//   pca2             mean row and the two directions of largest variance (unit vectors, variance
//                    descending). The sign of an eigenvector is arbitrary, so each is made to have a
//                    non-negative sum of components: the same table always gives the same basis.
//   align_basis      a basis recomputed at a later step, turned to follow a reference one: the pair is
//                    swapped when that matches the reference better and each sign flipped to agree, so
//                    points do not jump to the mirror image or trade axes from one update to the next.
//   project          rows → (x, y) in a basis: ((row − mean)·d0, (row − mean)·d1).
//   singular_values  of the (uncentred) table, descending: √ of the eigenvalues of EᵀE.
//   effective_rank   exp(entropy of σ_i / Σσ) (Roy & Vetterli 2007): C for a flat spectrum, 1 for rank 1.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "core/util/result.hpp"

namespace llada::inspect {

struct Basis2 {
  int C = 0;
  std::vector<float> mean;                 // (C)
  std::array<std::vector<float>, 2> dir;   // two unit vectors (C)
  std::array<double, 2> variance{};        // variance of the rows along each direction
  double total_variance = 0;               // trace of the covariance: the share shown is variance / total
};

// rows (N, C) row-major. Errors: N < 2, C < 2, non-finite values.
Result<Basis2> pca2(const float* rows, int N, int C);
void align_basis(Basis2& b, const Basis2& reference);
// out (N, 2)
void project(const Basis2& b, const float* rows, int N, float* out);
// A direction (not a point): (v·d0, v·d1), no mean subtracted — for gradients and moves.
std::array<float, 2> project_vector(const Basis2& b, const float* v);
std::vector<float> row_norms(const float* rows, int N, int C);
std::vector<double> singular_values(const float* rows, int N, int C);
double effective_rank(std::span<const double> sv);

}  // namespace llada::inspect
