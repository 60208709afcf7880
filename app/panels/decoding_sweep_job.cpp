#include "app/panels/decoding_sweep_job.hpp"

#include "core/generate/model_logits.hpp"

namespace llada::app {

Result<SweepResult> run_sweep(const SweepRequest& r, const std::function<void(float)>& progress,
                              const std::atomic<bool>* cancel) {
  if (!r.llada || !r.judge || !r.tok)
    return fail("the sweep needs a LLaDA and a GPT", "generate once on both sides of the Generation panel first");
  if (r.llada->tokenizer_id != r.judge->tokenizer_id)
    return fail("the LLaDA uses tokenizer '" + r.llada->tokenizer_id + "' and the GPT '" + r.judge->tokenizer_id + "'",
                "the judge must read the same tokens: train both on the same tokenizer");
  auto llada = train::model_from_weights(*r.llada);
  if (!llada) return std::unexpected(llada.error());
  auto judge = train::model_from_weights(*r.judge);
  if (!judge) return std::unexpected(judge.error());
  const std::vector<int32_t> prompt = r.tok->encode(r.prompt);
  if (prompt.empty()) return fail("the prompt is empty", "type a few words in the Generation panel");
  if (auto ok = gen::check_llada_fits(*llada, static_cast<int>(prompt.size()), r.length, "llada"); !ok)
    return std::unexpected(ok.error());
  eval::SweepInputs in;
  in.llada = gen::model_logits(*llada);
  in.V = llada->vocab();
  in.mask_id = llada->mask_id();
  in.judge = gen::model_logits(*judge);
  in.judge_V = judge->vocab();
  in.judge_context = gen::ar_context(*judge);
  for (const SpecialToken& s : r.tok->specials())
    if (s.text == "<|endoftext|>") in.eot_id = s.id;
  in.prompts = {prompt};
  in.seeds = r.seeds;
  in.gen_length = r.length;
  in.cancel = cancel;
  // Steps from one token a step down to an eighth of that, and three thresholds, for every strategy.
  std::vector<int> steps;
  for (int s = r.length; s >= 1 && steps.size() < 4; s /= 2) steps.push_back(s);
  const int blocks[] = {r.length};
  const float thresholds[] = {0.0f, 0.5f, 0.7f, 0.9f};
  const auto grid = eval::decoding_grid(gen::kAllRemasking, steps, blocks, thresholds, r.length);
  auto rows = eval::run_decoding_sweep(in, grid, [&](int done, int total) { progress(float(done) / total); });
  if (!rows) return std::unexpected(rows.error());
  return SweepResult{std::move(*rows), r.llada->origin, r.judge->origin};
}

}  // namespace llada::app
