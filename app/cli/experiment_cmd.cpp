// `llada-lab experiment rare-vs-common`: the seeds' experiment 004. Train a small GPT-like model and
// follow the mean log-softmax of the 100 most common, 100 least common (used) and 100 never-used
// tokens of the training text, leaving out of each group the tokens of the evaluated batch.
// Expected: untrained, all three near −ln V; trained, common highest, rare lower, never-used lowest.
#include <cmath>
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/device_option.hpp"
#include "app/cli/command.hpp"
#include "app/cli/experiments.hpp"
#include "app/cli/stop_signal.hpp"
#include "app/cli/train_setup.hpp"
#include "core/util/file.hpp"

namespace llada::cli {
namespace {

int rare_vs_common(const std::vector<std::string>& words) {
  Args a(words, {"--help", "-h", "--no-inverse-t", "--tie"});
  if (a.has("--help") || a.has("-h")) {
    std::printf("Usage: llada-lab experiment rare-vs-common [OPTIONS] --csv FILE\n\n"
                "Defaults: --model gpt --layers 1 --heads 2 --d 64 --seq 32 --batch 8 --lr 3e-3 --steps 300\n"
                "--tokenizer gpt2 --corpus sample --eval-every 25.\n\n%s"
                "%s  --csv FILE       one row per evaluation: step,train_loss,val_loss,lr,tokens_per_s,common,rare,never\n",
                train_options_help(), device_option_help());
    return 0;
  }
  TrainOptions o = read_train_options(a, train::rare_vs_common_options());
  const auto csv_opt = a.get("--csv");
  const std::string csv = csv_opt.value_or("");
  const std::string device = read_device_option(a);
  if (auto p = a.problems(); !p.empty()) {
    std::fprintf(stderr, "llada-lab experiment: %s\nHINT: run 'llada-lab experiment rare-vs-common --help'.\n",
                 p.c_str());
    return 2;
  }
  if (csv_opt)
    if (auto ok = check_outputs({{"--csv", csv}}, {{"--corpus", o.corpus}}); !ok) return report(ok.error());
  auto backend = choose_backend(device);
  if (!backend) return report(backend.error());
  o.backend = *backend;
  auto run = prepare_run(o);
  if (!run) return report(run.error());
  const auto& g = run->data->groups;
  std::printf("groups: %zu most common, %zu least common (used), %zu never used; coverage %.1f %% of %lld tokens\n",
              g.common.size(), g.rare.size(), g.never.size(), 100.0 * run->data->stats.coverage,
              static_cast<long long>(run->data->stats.vocab_tokens));
  Result<RunSummary> sum;
  {
    StopOnSignal stop("llada-lab experiment: stopping after this step (the CSV keeps its rows); press Ctrl-C "
                      "again to quit at once");
    sum = run_training(*run->session, *run->data, o, csv, stop.flag());
  }
  if (!sum) return report(sum.error());
  const double lnV = std::log(static_cast<double>(run->session->model().vocab()));
  auto row = [](const char* when, const train::GroupStats& s) {
    std::printf("%-10s common %8.3f   rare %8.3f   never used %8.3f\n", when, s.common, s.rare, s.never);
  };
  std::printf("mean log-softmax per group (−ln V = %.3f)\n", -lnV);
  row("untrained", sum->first.groups);
  row("trained", sum->last.groups);
  const auto& t = sum->last.groups;
  const bool ordered = t.common > t.rare && t.rare > t.never;
  std::printf("ordering common > rare > never used: %s\n", ordered ? "yes" : "no");
  if (sum->interrupted) {
    std::fprintf(stderr, "llada-lab experiment: interrupted after %lld of %lld steps\n", sum->steps_done, o.steps);
    return 130;
  }
  return 0;
}

int run_experiment(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::printf("Usage: llada-lab experiment NAME [ARGS...]\n\nExperiments:\n"
                "  rare-vs-common   what training does to common, rare and never-used tokens (seed 004)\n"
                "  decoding         LLaDA's decoding settings: model evaluations against quality (judged by a GPT)\n"
                "  likelihood       LLaDA's bound on -log p by four estimators, beside a GPT's exact -log p\n"
                "  reversal         the reversal curse at toy scale: GPT and LLaDA on one-directional facts\n");
    return args.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "rare-vs-common") return rare_vs_common(rest);
  if (args[0] == "decoding") return experiment_decoding(rest);
  if (args[0] == "likelihood") return experiment_likelihood(rest);
  if (args[0] == "reversal") return experiment_reversal(rest);
  std::fprintf(stderr, "llada-lab: unknown experiment '%s'\nHINT: run 'llada-lab experiment --help'.\n",
               args[0].c_str());
  return 2;
}

RegisterCommand reg{"experiment", "run an experiment (rare-vs-common, decoding, likelihood, reversal)", run_experiment};

}  // namespace
}  // namespace llada::cli
