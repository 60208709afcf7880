// `llada-lab experiment reversal`: the reversal curse at toy scale (core/eval/reversal.hpp). For each
// seed, a corpus of invented one-directional facts; a causal GPT and a LLaDA of the same size trained
// with the same budget; forward, reversed (and LLaDA's infill) accuracy over training.
#include <cstdio>
#include <sstream>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/experiments.hpp"
#include "app/cli/train_setup.hpp"
#include "core/eval/reversal.hpp"
#include "core/util/file.hpp"

namespace llada::cli {

int experiment_reversal(const std::vector<std::string>& words) {
  Args a(words, {"--help", "-h"});
  eval::ReversalOptions o;
  if (a.has("--help") || a.has("-h")) {
    std::printf(
        "Usage: llada-lab experiment reversal [OPTIONS] [--csv FILE]\n\n"
        "Invented facts, each stated in one direction only (\"Kato's teacher is Rinu.\" or \"Rinu's student is\n"
        "Kato.\"); a causal GPT and a LLaDA of the same size, steps, batch and learning rate learn them; then\n"
        "both are asked the stated direction (forward) and the other one (reversed), and LLaDA also fills the\n"
        "blanked first name of the stated sentence (infill). Byte tokenizer; one run per seed.\n\n"
        "  --seeds LIST      data and model seeds, one run each (default 1,2,3)\n"
        "  --facts N         facts per corpus (default %d)\n"
        "  --layers N --heads N --d N --seq T --batch B   the model and batch (default %d, %d, %d, %d, %d)\n"
        "  --steps N         training steps of each model (default %d)\n"
        "  --eval-every N    (default %d)\n"
        "  --lr X            peak learning rate, cosine to a tenth (default %g)\n"
        "  --csv FILE        one row per evaluation: data_seed,model_seed,model,step,train_loss,forward,reversed,infill\n",
        o.facts, o.layers, o.heads, o.d, o.T, o.B, o.steps, o.eval_every, double(o.lr));
    return 0;
  }
  const std::string seeds_text = a.get_or("--seeds", "1,2,3");
  o.facts = static_cast<int>(a.get_int("--facts", o.facts, 1, eval::kMaxFacts));
  o.layers = static_cast<int>(a.get_int("--layers", o.layers, 1, 64));
  o.heads = static_cast<int>(a.get_int("--heads", o.heads, 1, 64));
  o.d = static_cast<int>(a.get_int("--d", o.d, 1, 4096));
  o.T = static_cast<int>(a.get_int("--seq", o.T, 1, 4096));
  o.B = static_cast<int>(a.get_int("--batch", o.B, 1, 4096));
  o.steps = static_cast<int>(a.get_int("--steps", o.steps, 0, 1 << 24));
  o.eval_every = static_cast<int>(a.get_int("--eval-every", o.eval_every, 1, 1 << 24));
  o.lr = static_cast<float>(a.get_double("--lr", o.lr, 0.0, 10.0));
  const std::string csv = a.get_or("--csv", "");
  if (auto p = a.problems(); !p.empty()) {
    std::fprintf(stderr, "llada-lab experiment reversal: %s\nHINT: run 'llada-lab experiment reversal --help'.\n",
                 p.c_str());
    return 2;
  }
  if (!csv.empty())
    if (auto ok = check_outputs({{"--csv", csv, true}}, {}); !ok) return report(ok.error());
  std::vector<uint64_t> seeds;
  std::stringstream ss(seeds_text);
  for (std::string item; std::getline(ss, item, ',');) {
    try {
      seeds.push_back(std::stoull(item));
    } catch (const std::exception&) {
      return report(Error{"--seeds: '" + item + "' is not a seed", "give seeds separated by commas, e.g. 1,2,3"});
    }
  }
  if (seeds.empty()) return report(Error{"--seeds is empty", "e.g. --seeds 1,2,3"});
  std::fprintf(stderr, "%d facts, transformer L%d H%d d%d T%d, batch %d, %d steps at lr %g, seeds %s\n", o.facts,
               o.layers, o.heads, o.d, o.T, o.B, o.steps, double(o.lr), seeds_text.c_str());
  CsvTable all;
  std::vector<std::vector<eval::ReversalRow>> finals;
  for (uint64_t seed : seeds) {
    o.data_seed = o.model_seed = seed;
    auto rows = eval::run_reversal(o, [&](const eval::ReversalRow& r) {
      std::fprintf(stderr, "seed %llu %-5s step %5d  loss %7.4f  forward %5.1f %%  reversed %5.1f %%", (unsigned long long)seed,
                   r.model.c_str(), r.step, r.train_loss, 100 * r.acc.forward, 100 * r.acc.reversed);
      if (r.model == "llada") std::fprintf(stderr, "  infill %5.1f %%", 100 * r.acc.infill);
      std::fprintf(stderr, "\n");
    });
    if (!rows) return report(rows.error());
    const CsvTable t = eval::reversal_table(*rows, seed, seed);
    if (all.header.empty()) all = t;
    else
      for (size_t c = 0; c < t.columns.size(); ++c) {
        auto& dst = all.columns[c];
        const auto& src = t.columns[c];
        if (dst.is_text) dst.texts.insert(dst.texts.end(), src.texts.begin(), src.texts.end());
        else dst.numbers.insert(dst.numbers.end(), src.numbers.begin(), src.numbers.end());
      }
    std::vector<eval::ReversalRow> last;
    for (const auto& r : *rows)
      if (r.step == o.steps) last.push_back(r);
    finals.push_back(last);
  }
  std::printf("after %d steps (accuracy on %d facts, %%):\n%-6s %-6s %8s %9s %7s\n", o.steps, o.facts, "seed", "model",
              "forward", "reversed", "infill");
  double sum[2][3] = {};
  for (size_t i = 0; i < seeds.size(); ++i)
    for (const auto& r : finals[i]) {
      const int m = r.model == "llada";
      sum[m][0] += r.acc.forward, sum[m][1] += r.acc.reversed, sum[m][2] += m ? r.acc.infill : 0;
      std::printf("%-6llu %-6s %8.1f %9.1f %7s\n", (unsigned long long)seeds[i], r.model.c_str(), 100 * r.acc.forward,
                  100 * r.acc.reversed, m ? std::to_string(int(100 * r.acc.infill + 0.5)).c_str() : "-");
    }
  const double n = double(seeds.size());
  std::printf("%-6s %-6s %8.1f %9.1f %7s\n%-6s %-6s %8.1f %9.1f %7.1f\n", "mean", "gpt", 100 * sum[0][0] / n,
              100 * sum[0][1] / n, "-", "mean", "llada", 100 * sum[1][0] / n, 100 * sum[1][1] / n, 100 * sum[1][2] / n);
  std::printf("for scale, LLaDA's paper (reversal poem completion, forward / reversed %%):\n%s\n",
              eval::kPaperPoemCompletion);
  if (!csv.empty()) {
    if (auto ok = save_csv(csv, all); !ok) return report(ok.error());
    std::fprintf(stderr, "wrote %s\n", csv.c_str());
  }
  return 0;
}

}  // namespace llada::cli
