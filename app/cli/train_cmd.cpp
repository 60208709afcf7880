// `llada-lab train`: train a model headless on a corpus; progress on stderr, a CSV of the curve, a
// checkpoint at the end.
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/train_setup.hpp"
#include "core/util/log.hpp"

namespace llada::cli {
namespace {

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "llada-lab train: %s\nHINT: run 'llada-lab train --help'.\n", msg.c_str());
  return 2;
}

int run_train(const std::vector<std::string>& words) {
  Args a(words, {"--help", "-h", "--no-inverse-t"});
  if (a.has("--help") || a.has("-h")) {
    std::printf("Usage: llada-lab train [OPTIONS] [--csv FILE] [--save FILE]\n\n%s"
                "  --csv FILE       one row per evaluation: step,train_loss,val_loss,lr,tokens_per_s,common,rare,never\n"
                "  --save FILE      write a checkpoint at the end\n",
                train_options_help());
    return 0;
  }
  TrainOptions o = read_train_options(a, TrainOptions{});
  const auto csv_path = a.get("--csv");
  const auto save_path = a.get("--save");
  if (auto p = a.problems(); !p.empty()) return usage_error(p);

  auto run = prepare_run(o);
  if (!run) return report(run.error());
  auto sum = run_training(*run->session, *run->data, o, csv_path ? *csv_path : std::string());
  if (!sum) return report(sum.error());
  if (save_path) {
    if (auto ok = run->session->save(*save_path); !ok) return report(ok.error());
    log_line("saved checkpoint '" + *save_path + "'");
  }
  std::printf("steps %lld  final train loss %.4f  validation loss %.4f\n", o.steps, sum->final_loss, sum->last.val_loss);
  return 0;
}

RegisterCommand reg{"train", "train a model headless (zero-layer, gpt, llada); CSV of the curve, checkpoint",
                    run_train};

}  // namespace
}  // namespace llada::cli
