// Batches of next-token windows (contract in batching.hpp).
#include "core/data/batching.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/math/philox.hpp"

namespace llada {

TrainValSplit split_train_val(std::span<const std::int32_t> tokens, double val_fraction) {
  const double f = std::clamp(val_fraction, 0.0, 1.0);
  const std::size_t n_val = static_cast<std::size_t>(std::floor(double(tokens.size()) * f));
  const std::size_t n_train = tokens.size() - n_val;
  return {tokens.first(n_train), tokens.subspan(n_train)};
}

std::int64_t window_count(std::size_t n, int T, int stride) {
  if (T < 1 || stride < 1 || n < static_cast<std::size_t>(T) + 1) return 0;
  return static_cast<std::int64_t>((n - (static_cast<std::size_t>(T) + 1)) / static_cast<std::size_t>(stride)) + 1;
}

Result<Batcher> Batcher::make(std::span<const std::int32_t> tokens, const BatchConfig& cfg) {
  if (cfg.B < 1 || cfg.T < 1 || cfg.stride < 1)
    return fail("batch size " + std::to_string(cfg.B) + ", sequence length " + std::to_string(cfg.T) +
                    " and stride " + std::to_string(cfg.stride) + " must all be at least 1",
                "choose positive values (the seeds use batch 5, length 8, stride 1)");
  const std::string shape = std::to_string(cfg.B) + "×" + std::to_string(cfg.T);
  if (tokens.size() < static_cast<std::size_t>(cfg.T) + 1)
    return fail("the text has " + std::to_string(tokens.size()) + " tokens; one row of length " +
                    std::to_string(cfg.T) + " needs " + std::to_string(cfg.T + 1) + " (inputs plus the next token)",
                "use a longer text or a shorter sequence length");
  const std::int64_t w = window_count(tokens.size(), cfg.T, cfg.stride);
  if (w > 0xFFFFFFFFll)
    return fail("the text has too many windows (" + std::to_string(w) + ")", "use a larger stride");
  if (w < cfg.B)
    return fail("only " + std::to_string(w) + " windows of " + std::to_string(cfg.T + 1) + " tokens fit in " +
                    std::to_string(tokens.size()) + " tokens; a " + shape + " batch needs " + std::to_string(cfg.B),
                "use a longer text, a smaller batch, a shorter sequence length or a smaller stride");
  return Batcher(tokens, cfg, w);
}

std::vector<std::uint32_t> Batcher::epoch_order(std::int64_t epoch) const {
  std::vector<std::uint32_t> order(static_cast<std::size_t>(windows_));
  std::iota(order.begin(), order.end(), 0u);
  if (!cfg_.shuffle) return order;
  // Fisher–Yates from the top: position i swaps with a uniform j in [0, i]. j = floor(w·(i+1) / 2^32)
  // from one 32-bit Philox word; its bias (< (i+1)/2^32) is far below anything a data order shows.
  const std::uint64_t base = static_cast<std::uint64_t>(epoch) << 32;
  for (std::uint64_t i = order.size() - 1; i > 0; --i) {
    const std::uint64_t idx = base + i;
    const std::uint32_t r = philox_block(cfg_.seed, stream::shuffle, idx >> 2).w[idx & 3u];
    const std::uint64_t j = (std::uint64_t(r) * (i + 1)) >> 32;
    std::swap(order[i], order[j]);
  }
  return order;
}

void Batcher::get(std::int64_t k, Batch& out) {
  const std::int64_t per_epoch = batches_per_epoch();
  const std::int64_t epoch = k / per_epoch, first = (k % per_epoch) * cfg_.B;
  if (epoch != cached_epoch_) {
    order_ = epoch_order(epoch);
    cached_epoch_ = epoch;
  }
  const int B = cfg_.B, T = cfg_.T;
  out.B = B, out.T = T;
  out.inputs.resize(static_cast<std::size_t>(B) * T);
  out.targets.resize(static_cast<std::size_t>(B) * T);
  out.starts.resize(static_cast<std::size_t>(B));
  for (int b = 0; b < B; ++b) {
    const std::int64_t start = std::int64_t(order_[static_cast<std::size_t>(first + b)]) * cfg_.stride;
    const std::int32_t* src = tokens_.data() + start;
    out.starts[static_cast<std::size_t>(b)] = start;
    std::copy(src, src + T, out.inputs.begin() + std::ptrdiff_t(b) * T);
    std::copy(src + 1, src + T + 1, out.targets.begin() + std::ptrdiff_t(b) * T);
  }
}

Batch Batcher::get(std::int64_t k) {
  Batch b;
  get(k, b);
  return b;
}

}  // namespace llada
