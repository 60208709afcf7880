#include "app/panels/likelihood_job.hpp"

#include "core/generate/model_logits.hpp"

namespace llada::app {

Result<LikelihoodResult> run_likelihood(const LikelihoodRequest& r, const std::function<void(float)>& progress,
                                        const std::atomic<bool>* cancel) {
  if (!r.llada || !r.tok) return fail("no LLaDA to score with", "generate once on the LLaDA side of the Generation panel");
  auto llada = train::model_from_weights(*r.llada);
  if (!llada) return std::unexpected(llada.error());
  const std::vector<int32_t> ids = r.tok->encode(r.text);
  if (static_cast<int>(ids.size()) > llada->max_T())
    return fail("the text is " + std::to_string(ids.size()) + " tokens, beyond the LLaDA's context of " +
                    std::to_string(llada->max_T()),
                "shorten the text");
  LikelihoodResult out;
  out.seed = r.seed;
  out.tokens = static_cast<int>(ids.size());
  out.scored = out.tokens - 1;
  out.bytes = static_cast<double>(r.tok->decode(std::vector<int32_t>(ids.begin() + std::min<size_t>(1, ids.size()), ids.end())).size());
  const eval::BoundOptions opt{.samples = r.samples, .seed = r.seed, .prefix = 1, .strata = 8, .mask_id = llada->mask_id(), .cancel = cancel};
  const gen::LogitsFn fn = gen::model_logits(*llada);
  int done = 0;
  for (eval::Estimator e : eval::kAllEstimators) {
    auto s = eval::estimate_bound(fn, llada->vocab(), ids, e, opt);
    if (!s) return std::unexpected(s.error());
    out.series.push_back(std::move(*s));
    progress(float(++done) / 5);
  }
  if (r.gpt && r.gpt->tokenizer_id == r.llada->tokenizer_id) {
    auto gpt = train::model_from_weights(*r.gpt);
    if (!gpt) return std::unexpected(gpt.error());
    auto nll = eval::exact_nll_causal(gen::model_logits(*gpt), gpt->vocab(), ids, 1, gen::ar_context(*gpt));
    if (!nll) return std::unexpected(nll.error());
    out.gpt_nll = *nll;
  }
  return out;
}

}  // namespace llada::app
