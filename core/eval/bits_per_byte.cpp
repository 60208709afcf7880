#include "core/eval/bits_per_byte.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "core/generate/model_logits.hpp"

namespace llada::eval {

namespace {

// The ids scored (the first max_bytes worth, at least two) and the bytes of ids[1..n).
struct Scored {
  std::span<const int32_t> ids;
  long long bytes = 0;
};

Result<Scored> scored_text(std::span<const int32_t> ids, const Tokenizer& tok, size_t max_bytes) {
  if (ids.size() < 2)
    return fail("the validation text has " + std::to_string(ids.size()) + " token(s); bits per byte needs two or more",
                "give a longer corpus (the last 10 % of it is the validation text)");
  size_t n = 1;
  long long bytes = 0;
  while (n < ids.size() && (max_bytes == 0 || bytes < static_cast<long long>(max_bytes))) {
    if (ids[n] < 0 || ids[n] >= tok.vocab_size())
      return fail("token id " + std::to_string(ids[n]) + " is not one of the tokenizer's " +
                      std::to_string(tok.vocab_size()) + " ids",
                  "score the text with the model's own tokenizer");
    bytes += static_cast<long long>(tok.piece(ids[n]).size());
    ++n;
  }
  if (bytes == 0) return fail("the scored tokens have no bytes", "score a text encoded with the model's tokenizer");
  return Scored{ids.first(n), bytes};
}

void finish(BitsPerByte& b, long long tokens, long long bytes) {
  b.tokens = tokens;
  b.bytes = bytes;
  const double scale = 1.0 / (std::numbers::ln2 * double(bytes));
  b.bits_per_byte = b.nats * scale;
  b.std_error *= scale;
}

}  // namespace

Result<BitsPerByte> causal_bits_per_byte(const gen::LogitsFn& gpt, int V, int context, std::span<const int32_t> ids,
                                         const Tokenizer& tok, const BitsPerByteOptions& opt) {
  if (context < 1) return fail("a causal model reads at least one token", "check the model's context T");
  auto text = scored_text(ids, tok, opt.max_bytes);
  if (!text) return std::unexpected(text.error());
  const size_t n = text->ids.size();
  BitsPerByte b;
  for (size_t s = 0; s + 1 < n; s += static_cast<size_t>(context)) {  // window [s, s + T]: T tokens scored
    const auto window = text->ids.subspan(s, std::min(n - s, static_cast<size_t>(context) + 1));
    auto nll = exact_nll_causal(gpt, V, window, 1, 0);
    if (!nll) return std::unexpected(nll.error());
    b.nats += *nll;
    ++b.windows;
  }
  finish(b, static_cast<long long>(n) - 1, text->bytes);
  return b;
}

Result<BitsPerByte> llada_bits_per_byte(const gen::LogitsFn& llada, int V, int32_t mask_id, int window,
                                        std::span<const int32_t> ids, const Tokenizer& tok,
                                        const BitsPerByteOptions& opt) {
  if (window < 2) return fail("LLaDA's windows need two tokens or more (a condition and one scored)", "check its context T");
  auto text = scored_text(ids, tok, opt.max_bytes);
  if (!text) return std::unexpected(text.error());
  const size_t n = text->ids.size(), step = static_cast<size_t>(window) - 1;
  BoundSeries total;  // sample k = Σ over windows of the window's sample k
  BitsPerByte b;
  b.upper_bound = true;
  for (size_t s = 0; s + 1 < n; s += step) {  // window [s, s + T): the first token given, T − 1 scored
    const auto w = text->ids.subspan(s, std::min(n - s, static_cast<size_t>(window)));
    BoundOptions bo{.samples = opt.samples, .seed = opt.seed + uint64_t(b.windows) * 0x9E3779B97F4A7C15ull,
                    .prefix = 1, .strata = 8, .mask_id = mask_id};
    auto series = estimate_bound(llada, V, w, opt.estimator, bo);
    if (!series) return std::unexpected(series.error());
    if (b.windows == 0) {
      total.estimator = series->estimator;
      total.group = series->group;
      total.samples.resize(series->samples.size());
    }
    for (size_t k = 0; k < total.samples.size(); ++k) total.samples[k].estimate += series->samples[k].estimate;
    ++b.windows;
  }
  const RunningStat st = running_stat(total, static_cast<int>(total.samples.size()));
  b.samples = st.n;
  b.nats = st.mean;
  b.std_error = st.std_error;
  finish(b, static_cast<long long>(n) - 1, text->bytes);
  return b;
}

Result<BitsPerByte> bits_per_byte(Model& model, std::span<const int32_t> ids, const Tokenizer& tok,
                                  const BitsPerByteOptions& opt) {
  const gen::LogitsFn logits = gen::model_logits(model);
  if (model.mask_id() >= 0)
    return llada_bits_per_byte(logits, model.vocab(), model.mask_id(), model.max_T(), ids, tok, opt);
  return causal_bits_per_byte(logits, model.vocab(), gen::ar_context(model), ids, tok, opt);
}

}  // namespace llada::eval
