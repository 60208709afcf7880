// `llada-lab experiment decoding`: LLaDA's reverse process over a grid of remasking strategies, steps,
// block lengths and confidence thresholds, each answer judged by a GPT trained on the same corpus
// (core/eval/decoding_sweep.hpp): model evaluations and wall time against quality, one CSV row a setting.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <type_traits>

#include "app/cli/args.hpp"
#include "app/cli/experiments.hpp"
#include "app/cli/train_setup.hpp"
#include "core/eval/decoding_sweep.hpp"
#include "core/generate/model_logits.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/util/file.hpp"

namespace llada::cli {

namespace {

// "4,8,16" → {4, 8, 16}; a malformed entry is an error naming the option. Whole-number lists are read
// exactly (from_chars: no fractions, nothing outside T's range, no negative seeds); a cast from double
// would round 4.7 to 4 silently and is undefined for 1e12 as an int or -1 as a seed.
template <class T>
Result<std::vector<T>> parse_list(const std::string& opt, const std::string& text) {
  std::vector<T> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    T v{};
    bool ok = false;
    if constexpr (std::is_integral_v<T>) {
      auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
      ok = ec == std::errc() && end == item.data() + item.size();
    } else {
      char* end = nullptr;
      const double d = std::strtod(item.c_str(), &end);
      ok = !item.empty() && end == item.c_str() + item.size() && std::isfinite(d) && std::isfinite(T(d));
      v = static_cast<T>(d);
    }
    if (!ok)
      return fail(opt + ": '" + item + "' is not a number" +
                      (std::is_integral_v<T> ? " (a whole number in range is expected)" : ""),
                  "give numbers separated by commas, e.g. 4,8,16");
    out.push_back(v);
  }
  if (out.empty()) return fail(opt + " is empty", "give numbers separated by commas, e.g. 4,8,16");
  return out;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

int experiment_decoding(const std::vector<std::string>& words) {
  Args a(words, {"--help", "-h"});
  if (a.has("--help") || a.has("-h")) {
    std::printf(
        "Usage: llada-lab experiment decoding --model LLADA.ckpt --judge GPT.ckpt [OPTIONS] --csv FILE\n\n"
        "Runs LLaDA's reverse process for every setting of the grid on every prompt and seed, and judges each\n"
        "answer with a causal GPT trained on the same corpus: its -log p per token (lower is closer to the\n"
        "corpus), the share of end-of-text tokens and of tokens repeating the one before.\n\n"
        "  --model FILE         the LLaDA checkpoint\n"
        "  --judge FILE         a GPT checkpoint with the same tokenizer\n"
        "  --prompts \"A|B|C\"    prompts separated by '|' (default \"The|He said|In the\")\n"
        "  --length N           answer tokens (default 32)\n"
        "  --steps LIST         fixed-schedule step counts (default 4,8,16,32)\n"
        "  --blocks LIST        block lengths (default 32,8; those not dividing --length are skipped)\n"
        "  --thresholds LIST    0 = the fixed schedule, > 0 = parallel decoding (default 0,0.5,0.7,0.9)\n"
        "  --remasking LIST     low-confidence,random,margin,entropy (default low-confidence)\n"
        "  --seeds LIST         (default 1,2)\n"
        "  --temperature X      LLaDA's Gumbel temperature (default 0: argmax)\n"
        "  --csv FILE           one row per setting\n");
    return 0;
  }
  const auto path = a.get("--model");
  const auto judge_path = a.get("--judge");
  const std::string csv = a.get_or("--csv", "");
  const std::string prompts = a.get_or("--prompts", "The|He said|In the");
  const int length = static_cast<int>(a.get_int("--length", 32, 1, 1 << 20));
  const double temperature = a.get_double("--temperature", 0.0, 0.0, 1e6);
  auto steps = parse_list<int>("--steps", a.get_or("--steps", "4,8,16,32"));
  auto blocks = parse_list<int>("--blocks", a.get_or("--blocks", "32,8"));
  auto thresholds = parse_list<float>("--thresholds", a.get_or("--thresholds", "0,0.5,0.7,0.9"));
  auto seeds = parse_list<uint64_t>("--seeds", a.get_or("--seeds", "1,2"));
  const std::string rm_list = a.get_or("--remasking", "low-confidence");
  if (auto p = a.problems(); !p.empty() || !path || !judge_path) {
    std::fprintf(stderr, "llada-lab experiment decoding: %s\nHINT: run 'llada-lab experiment decoding --help'.\n",
                 !p.empty() ? p.c_str() : !path ? "--model FILE is required" : "--judge FILE (a GPT) is required");
    return 2;
  }
  for (const auto* r : {&steps, &blocks})
    if (!*r) return report(r->error());
  if (!thresholds) return report(thresholds.error());
  if (!seeds) return report(seeds.error());
  std::vector<gen::Remasking> rms;
  for (const std::string& name : split(rm_list, ',')) {
    auto r = gen::parse_remasking(name);
    if (!r) return report(r.error());
    rms.push_back(*r);
  }
  if (!csv.empty())
    if (auto ok = check_outputs({{"--csv", csv, true}}, {{"--model", *path}, {"--judge", *judge_path}}); !ok)
      return report(ok.error());
  auto ll = train::load_model_checkpoint(*path);
  if (!ll) return report(ll.error());
  auto judge = train::load_model_checkpoint(*judge_path);
  if (!judge) return report(judge.error());
  if (ll->model.mask_id() < 0)
    return report(Error{"'" + *path + "' holds a " + ll->meta.model_kind + " model, not a LLaDA",
                        "give the LLaDA checkpoint as --model and the GPT as --judge"});
  if (judge->model.mask_id() >= 0)
    return report(Error{"'" + *judge_path + "' holds a LLaDA, not a causal GPT", "give a GPT checkpoint as --judge"});
  if (judge->meta.tokenizer_id != ll->meta.tokenizer_id)
    return report(Error{"the judge uses tokenizer '" + judge->meta.tokenizer_id + "' and the LLaDA '" +
                            ll->meta.tokenizer_id + "'",
                        "train the judge with the same --tokenizer and --corpus"});
  auto tok = load_tokenizer(ll->meta.tokenizer_id);
  if (!tok) return report(tok.error());

  eval::SweepInputs in;
  in.llada = gen::model_logits(ll->model);
  in.V = ll->model.vocab();
  in.mask_id = ll->model.mask_id();
  in.judge = gen::model_logits(judge->model);
  in.judge_V = judge->model.vocab();
  in.judge_context = gen::ar_context(judge->model);
  in.eot_id = eval::end_of_text_id(**tok);
  in.seeds = *seeds;
  in.gen_length = length;
  in.temperature = static_cast<float>(temperature);
  for (const std::string& p : split(prompts, '|')) {
    in.prompts.push_back((*tok)->encode(p));
    if (in.prompts.back().empty()) in.prompts.pop_back();
    else if (auto ok = gen::check_llada_fits(ll->model, int(in.prompts.back().size()), length, "llada"); !ok)
      return report(ok.error());
  }
  if (in.prompts.empty()) return report(Error{"no prompt", "give --prompts \"The|He said\""});
  const auto grid = eval::decoding_grid(rms, *steps, *blocks, *thresholds, length);
  if (grid.empty())
    return report(Error{"no setting of the grid fits a length of " + std::to_string(length),
                        "choose block lengths that divide --length and steps that are multiples of length / block"});
  std::fprintf(stderr, "%zu settings × %zu prompts × %zu seeds, length %d, judge %s\n", grid.size(),
               in.prompts.size(), in.seeds.size(), length, judge->model.config().describe().c_str());
  auto rows = eval::run_decoding_sweep(in, grid, [](int d, int n) { std::fprintf(stderr, "\r%d / %d settings", d, n); });
  std::fprintf(stderr, "\n");
  if (!rows) return report(rows.error());
  std::printf("%-15s %5s %5s %9s %11s %9s %11s %9s %8s\n", "remasking", "steps", "block", "threshold", "evals/run",
              "ms/run", "nll/token", "eot", "repeat");
  for (const eval::DecodingRow& r : *rows)
    std::printf("%-15s %5s %5d %9.2f %11.2f %9.2f %11.4f %9.3f %8.3f\n", gen::remasking_name(r.setting.remasking),
                r.setting.threshold > 0 ? "-" : std::to_string(r.setting.steps).c_str(), r.setting.block_length,
                r.setting.threshold, r.evaluations_per_run(), 1000 * r.wall_s / std::max(1, r.runs), r.nll_per_token,
                r.eot_share, r.repeat_share);
  if (!csv.empty()) {
    if (auto ok = save_csv(csv, eval::decoding_table(*rows)); !ok) return report(ok.error());
    std::fprintf(stderr, "wrote %s\n", csv.c_str());
  }
  return 0;
}

}  // namespace llada::cli
