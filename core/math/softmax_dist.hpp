// The numbers behind the window's "Softmax & temperature" panel, computed once per change of the
// logits, T, k or p (never per frame: at V = 100 277 a full sort costs more than a frame):
//
//   probs  (V) softmax(z / T)
//   kept   (V) probs after top-k / top-p, renormalised (sampling.hpp's filters)
//   top    the n_top ids of largest logit, descending (ties toward the lower id): the bars shown,
//          found by a partial sort, O(V log n_top); row 0 is the greedy choice at every T > 0
//   rest_* the mass outside `top` ("everything else"), so a frame sums only n_top numbers
//   cdf    (V) running sum of kept, in double and id order: a draw is a binary search, O(log V), and
//          picks the same token as sample_from_uniform(kept, u) (the same sums in the same order)
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace llada {

struct SoftmaxDist {
  std::vector<float> probs, kept;  // (V)
  std::vector<int> top;            // (≤ n_top) ids by logit, largest first
  double H = 0, H_kept = 0;        // entropies in nats
  double rest_exact = 0, rest_kept = 0;
  int rest_cut = 0;                // tokens outside `top` with p > 0 that top-k / top-p cut off
  std::vector<double> cdf;         // (V)
  std::string error;               // "what\nHINT: …" when the logits or the settings are refused
};

SoftmaxDist softmax_dist(std::span<const float> logits, float T, int top_k, float top_p, int n_top);

// The token of a uniform draw u ∈ [0, 1) from d.kept (d.error empty, V ≥ 1).
int draw_token(const SoftmaxDist& d, float u);

// H(softmax(z / T)) at `points` temperatures log-spaced over [T_lo, T_hi].
struct EntropyCurve {
  std::vector<double> T, H;
};
EntropyCurve entropy_curve(std::span<const float> logits, int points, double T_lo, double T_hi);

}  // namespace llada
