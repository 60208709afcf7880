#include "core/train/groups.hpp"

#include <cmath>
#include <limits>

namespace llada::train {

GroupStats group_log_softmax(const float* logits, int BT, int V, std::span<const int32_t> batch_tokens,
                             const TokenGroups& groups) {
  std::vector<uint8_t> in_batch(V, 0);
  for (int32_t t : batch_tokens)
    if (t >= 0 && t < V) in_batch[t] = 1;
  auto keep = [&](const std::vector<int32_t>& g) {
    std::vector<int32_t> out;
    for (int32_t t : g)
      if (t >= 0 && t < V && !in_batch[t]) out.push_back(t);
    return out;
  };
  const std::vector<int32_t> kept[3] = {keep(groups.common), keep(groups.rare), keep(groups.never)};
  double sums[3] = {0, 0, 0};
  for (int r = 0; r < BT; ++r) {
    const float* row = logits + static_cast<size_t>(r) * V;
    float mx = row[0];
    for (int v = 1; v < V; ++v) mx = row[v] > mx ? row[v] : mx;
    double z = 0;
    for (int v = 0; v < V; ++v) z += std::exp(static_cast<double>(row[v] - mx));
    const double log_z = mx + std::log(z);  // log Σ exp(row)
    for (int g = 0; g < 3; ++g)
      for (int32_t t : kept[g]) sums[g] += row[t] - log_z;
  }
  auto mean = [&](int g) {
    const double n = static_cast<double>(kept[g].size()) * BT;
    return n > 0 ? sums[g] / n : std::numeric_limits<double>::quiet_NaN();
  };
  GroupStats s;
  s.common = mean(0);
  s.rare = mean(1);
  s.never = mean(2);
  s.n_common = static_cast<int>(kept[0].size());
  s.n_rare = static_cast<int>(kept[1].size());
  s.n_never = static_cast<int>(kept[2].size());
  return s;
}

}  // namespace llada::train
