// −(1/t) Σ_masked log p for one sequence, with its parts.
#include "core/math/llada_loss.hpp"

#include <cmath>
#include <string>

#include "core/math/masking.hpp"  // check_time

namespace llada {

Result<LladaLoss> llada_loss(std::span<const double> p_true, std::span<const unsigned char> masked, double t,
                             bool inverse_t_factor) {
  if (p_true.size() != masked.size())
    return fail("got " + std::to_string(p_true.size()) + " probabilities for " + std::to_string(masked.size()) +
                    " mask flags",
                "give one probability and one flag per token");
  if (auto ok = check_time(t); !ok) return std::unexpected(ok.error());
  if (inverse_t_factor && t == 0.0)
    return fail("the loss weight 1/t is undefined at t = 0",
                "use t > 0 (LLaDA samples t in [0.001, 1)) or switch the 1/t factor off");
  LladaLoss out;
  out.factor = inverse_t_factor ? 1.0 / t : 1.0;
  for (std::size_t i = 0; i < masked.size(); ++i) {
    if (!masked[i]) continue;
    const double p = p_true[i];
    if (!(p > 0.0 && p <= 1.0))  // also catches NaN
      return fail("probability " + std::to_string(p) + " of the true token at position " + std::to_string(i) +
                      " is not in (0, 1]",
                  "pass the softmax probability of the true token; it must be positive");
    const double term = -std::log(p);
    out.terms.push_back(term);
    out.sum_neg_log_p += term;
    ++out.masked_count;
  }
  out.value = out.factor * out.sum_neg_log_p;
  return out;
}

}  // namespace llada
