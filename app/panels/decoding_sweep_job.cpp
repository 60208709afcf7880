#include "app/panels/decoding_sweep_job.hpp"

#include <cstdio>
#include <type_traits>

#include "core/generate/model_logits.hpp"

namespace llada::app {

SweepGrid sweep_grid(int length) {
  SweepGrid g{{}, {length}, {0.0f, 0.5f, 0.7f, 0.9f}};
  for (int s = length; s >= 1 && g.steps.size() < 4; s /= 2) g.steps.push_back(s);
  return g;
}

std::string sweep_command(const SweepRequest& r) {
  auto join = [](const auto& v) {
    std::string out;
    for (const auto& x : v) {
      char buf[32];
      if constexpr (std::is_integral_v<std::decay_t<decltype(x)>>) std::snprintf(buf, sizeof buf, "%lld", (long long)x);
      else std::snprintf(buf, sizeof buf, "%g", double(x));
      if (!out.empty()) out += ',';
      out += buf;
    }
    return out;
  };
  auto quoted = [](const std::string& text) {  // for a POSIX shell: '…' with each ' as '\''
    std::string out = "'";
    for (char c : text) {
      if (c == '\'') out += "'\\''";
      else out += c;
    }
    out += '\'';
    return out;
  };
  auto file = [](const std::shared_ptr<const train::WeightsCopy>& w, const char* placeholder) {
    return w && w->origin.rfind("training", 0) != 0 ? w->origin : std::string(placeholder);
  };
  std::string rm;
  for (gen::Remasking m : gen::kAllRemasking) {
    if (!rm.empty()) rm += ',';
    rm += gen::remasking_name(m);
  }
  const SweepGrid g = sweep_grid(r.length);
  return "llada-lab experiment decoding --model " + quoted(file(r.llada, "LLADA.ckpt")) + " --judge " +
         quoted(file(r.judge, "GPT.ckpt")) + " --prompts " + quoted(r.prompt) + " --length " + std::to_string(r.length) +
         " --remasking " + rm + " --steps " + join(g.steps) + " --blocks " + join(g.blocks) + " --thresholds " +
         join(g.thresholds) + " --seeds " + join(r.seeds) + " --csv decoding.csv";
}

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
  in.eot_id = eval::end_of_text_id(*r.tok);
  in.prompts = {prompt};
  in.seeds = r.seeds;
  in.gen_length = r.length;
  in.cancel = cancel;
  const SweepGrid g = sweep_grid(r.length);
  const auto grid = eval::decoding_grid(gen::kAllRemasking, g.steps, g.blocks, g.thresholds, r.length);
  auto rows = eval::run_decoding_sweep(in, grid, [&](int done, int total) { progress(float(done) / total); });
  if (!rows) return std::unexpected(rows.error());
  return SweepResult{std::move(*rows), r.llada->origin, r.judge->origin, sweep_command(r)};
}

}  // namespace llada::app
