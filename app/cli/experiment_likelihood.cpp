// `llada-lab experiment likelihood`: LLaDA's bound on −log p of one text by four Monte Carlo estimators
// (core/eval/likelihood.hpp), their means, standard errors and variances, beside a GPT's exact −log p
// of the same tokens. The CSV holds every single-sample estimate, so the statistics can be redone.
#include <cmath>
#include <cstdio>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/experiments.hpp"
#include "app/cli/train_setup.hpp"
#include "core/eval/likelihood.hpp"
#include "core/generate/model_logits.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/util/csv.hpp"
#include "core/util/file.hpp"

namespace llada::cli {

int experiment_likelihood(const std::vector<std::string>& words) {
  Args a(words, {"--help", "-h"});
  if (a.has("--help") || a.has("-h")) {
    std::printf(
        "Usage: llada-lab experiment likelihood --model LLADA.ckpt --text TEXT [OPTIONS]\n\n"
        "LLaDA's upper bound on -log p(text) estimated by four estimators (training: t uniform, independent\n"
        "masks, weight 1/t; evaluation: l uniform in 1..n, exactly l masks, weight n/l; stratified t;\n"
        "antithetic t), each sample one forward pass; with --gpt, a causal GPT's exact -log p beside it.\n"
        "Both score the tokens after the first --prefix ones, given those.\n\n"
        "  --model FILE      a LLaDA checkpoint (llada-lab train --model llada --save FILE)\n"
        "  --gpt FILE        a GPT checkpoint with the same tokenizer (optional)\n"
        "  --text TEXT       the text to score\n"
        "  --samples N       single-sample estimates per estimator (default 256)\n"
        "  --prefix N        tokens given as the condition, never scored (default 1)\n"
        "  --strata G        strata of the stratified estimator (default 8)\n"
        "  --seed N          the masks and times (default 1)\n"
        "  --csv FILE        one row per single-sample estimate: estimator,sample,estimate,t,masked\n");
    return 0;
  }
  const auto path = a.get("--model");
  const auto gpt_path = a.get("--gpt");
  const std::string text = a.get_or("--text", "");
  eval::BoundOptions opt;
  opt.samples = static_cast<int>(a.get_int("--samples", 256, 2, 1 << 24));
  opt.prefix = static_cast<int>(a.get_int("--prefix", 1, 1, 1 << 20));
  opt.strata = static_cast<int>(a.get_int("--strata", 8, 2, 1 << 16));
  opt.seed = a.get_u64("--seed", 1);
  const std::string csv = a.get_or("--csv", "");
  if (auto p = a.problems(); !p.empty() || !path || text.empty()) {
    std::fprintf(stderr, "llada-lab experiment likelihood: %s\nHINT: run 'llada-lab experiment likelihood --help'.\n",
                 !p.empty() ? p.c_str() : !path ? "--model FILE is required" : "--text TEXT is required");
    return 2;
  }
  if (!csv.empty())
    if (auto ok = check_outputs({{"--csv", csv, true}}, {{"--model", *path}, {"--gpt", gpt_path.value_or("")}}); !ok)
      return report(ok.error());
  auto loaded = train::load_model_checkpoint(*path);
  if (!loaded) return report(loaded.error());
  Model& model = loaded->model;
  if (model.mask_id() < 0)
    return report(Error{"'" + *path + "' holds a " + loaded->meta.model_kind + " model, which has no [MASK] token",
                        "give a LLaDA checkpoint as --model and the GPT as --gpt"});
  auto tok = load_tokenizer(loaded->meta.tokenizer_id);
  if (!tok) return report(tok.error());
  const std::vector<int32_t> ids = (*tok)->encode(text);
  if (static_cast<int>(ids.size()) > model.max_T())
    return report(Error{"the text is " + std::to_string(ids.size()) + " tokens, beyond the model's context of " +
                            std::to_string(model.max_T()),
                        "shorten the text"});
  opt.mask_id = model.mask_id();
  const int V = model.vocab(), n = static_cast<int>(ids.size()) - opt.prefix;
  const double bytes = static_cast<double>((*tok)->decode(std::vector<int32_t>(ids.begin() + std::min<size_t>(opt.prefix, ids.size()), ids.end())).size());
  auto in_bpb = [&](double nats) { return nats / std::log(2.0) / std::max(1.0, bytes); };
  std::printf("text: %zu tokens (%s), scoring %d of them (%.0f bytes) given the first %d\n", ids.size(),
              loaded->meta.tokenizer_id.c_str(), n, bytes, opt.prefix);
  std::printf("%-12s %10s %9s %12s %11s %10s\n", "estimator", "bound", "± s.e.", "var/sample", "nats/token",
              "bits/byte");
  const gen::LogitsFn fn = gen::model_logits(model);
  std::vector<eval::BoundSeries> all;
  for (eval::Estimator e : eval::kAllEstimators) {
    auto s = eval::estimate_bound(fn, V, ids, e, opt);
    if (!s) return report(s.error());
    std::printf("%-12s %10.3f %9.3f %12.3f %11.4f %10.4f\n", eval::estimator_name(e), s->mean, s->std_error,
                s->variance_per_sample, s->mean / std::max(1, n), in_bpb(s->mean));
    all.push_back(*s);
  }
  std::printf("(nats over the %d scored tokens; each estimate is an upper bound on -log p in expectation)\n", n);
  std::printf("running mean ± s.e. against the number of samples:\n%8s", "samples");
  for (const auto& s : all) std::printf(" %22s", eval::estimator_name(s.estimator));
  std::printf("\n");
  for (int m = 8;; m *= 2) {
    const int upto = std::min<int>(m, static_cast<int>(all.front().samples.size()));
    std::printf("%8d", upto);
    for (const auto& s : all) {
      const eval::RunningStat r = eval::running_stat(s, upto);
      std::printf(" %13.3f ± %6.3f", r.mean, r.std_error);
    }
    std::printf("\n");
    if (upto >= static_cast<int>(all.front().samples.size())) break;
  }
  if (gpt_path) {
    auto gpt = train::load_model_checkpoint(*gpt_path);
    if (!gpt) return report(gpt.error());
    if (gpt->model.mask_id() >= 0)
      return report(Error{"'" + *gpt_path + "' holds a LLaDA mask predictor, not a causal GPT",
                          "give a checkpoint trained with --model gpt or zero-layer as --gpt"});
    if (gpt->meta.tokenizer_id != loaded->meta.tokenizer_id)
      return report(Error{"the GPT uses tokenizer '" + gpt->meta.tokenizer_id + "' and the LLaDA '" +
                              loaded->meta.tokenizer_id + "'",
                          "compare two models trained with the same --tokenizer"});
    auto exact = eval::exact_nll_causal(gen::model_logits(gpt->model), gpt->model.vocab(), ids, opt.prefix,
                                        gen::ar_context(gpt->model));
    if (!exact) return report(exact.error());
    std::printf("%-12s %10.3f %9s %12s %11.4f %10.4f   (exact -log p, %s)\n", "gpt", *exact, "-", "-",
                *exact / std::max(1, n), in_bpb(*exact), gpt->model.config().describe().c_str());
  }
  if (!csv.empty()) {
    const CsvTable table = eval::estimates_table(all);
    if (auto ok = save_csv(csv, table); !ok) return report(ok.error());
    std::fprintf(stderr, "wrote %s (%zu estimates)\n", csv.c_str(), table.columns.front().size());
  }
  return 0;
}

}  // namespace llada::cli
