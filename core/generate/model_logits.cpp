#include "core/generate/model_logits.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace llada::gen {

LogitsFn model_logits(Model& model) {
  return [&model](const int32_t* tokens, int T, float* logits) {
    const size_t n = static_cast<size_t>(T) * model.vocab();
    auto out = model.forward(tokens, 1, T);
    if (!out || !model.download_logits(logits, 0, static_cast<size_t>(T)))
      std::fill(logits, logits + n, std::numeric_limits<float>::quiet_NaN());
  };
}

int ar_context(const Model& model) { return model.config().T; }

Result<void> check_llada_fits(const Model& model, int prompt_tokens, int gen_length, const std::string& kind) {
  if (model.mask_id() < 0)
    return fail("this is a " + kind + " model, which has no [MASK] token",
                "generate with it left to right, or use a model trained as LLaDA");
  if (prompt_tokens + gen_length > model.max_T())
    return fail("prompt (" + std::to_string(prompt_tokens) + " tokens) plus length " + std::to_string(gen_length) +
                    " exceeds the model's context of " + std::to_string(model.max_T()) + " tokens",
                "shorten the prompt or lower the length");
  return {};
}

}  // namespace llada::gen
