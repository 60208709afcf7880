#include "core/generate/common.hpp"

#include <algorithm>
#include <numeric>

namespace llada::gen {

std::vector<TokenProb> top_entries(std::span<const float> probs, int n) {
  const int V = static_cast<int>(probs.size());
  n = std::clamp(n, 0, V);
  std::vector<int> idx(V);
  std::iota(idx.begin(), idx.end(), 0);
  std::partial_sort(idx.begin(), idx.begin() + n, idx.end(), [&](int a, int b) {
    return probs[a] > probs[b] || (probs[a] == probs[b] && a < b);
  });
  std::vector<TokenProb> out(n);
  for (int i = 0; i < n; ++i) out[i] = {idx[i], probs[idx[i]]};
  return out;
}

}  // namespace llada::gen
