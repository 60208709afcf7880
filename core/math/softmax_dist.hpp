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

// d at another temperature T, for a `d` that softmax_dist (or retemper) made from the same logits with
// top-k and top-p off, without error: what a slider dragged over T needs every frame. One vectorised
// pass of exponentials over V (float, summed in double by blocks; exp((z − max) / T) below e^-87 taken as
// 0, as a float softmax underflows) gives probs and H = ln Z − Σ p·(z − max)/T, with no logarithm per
// token; `top` is kept (the order by logit does not depend on T) and the CDF is left empty until a draw
// needs it (ensure_cdf). At V = 100 277 this is a tenth of softmax_dist's time. The values agree with
// softmax_dist's to float rounding (tests/test_softmax_dist.cpp).
void retemper(SoftmaxDist& d, std::span<const float> logits, float T);

// Fills d.cdf from d.kept when retemper left it empty (d.error empty); draw_token needs it.
void ensure_cdf(SoftmaxDist& d);

// The token of a uniform draw u ∈ [0, 1) from d.kept (d.error empty, V ≥ 1).
int draw_token(const SoftmaxDist& d, float u);

// H(softmax(z / T)) at `points` temperatures log-spaced over [T_lo, T_hi].
struct EntropyCurve {
  std::vector<double> T, H;
};
EntropyCurve entropy_curve(std::span<const float> logits, int points, double T_lo, double T_hi);

}  // namespace llada
