// `llada-lab train`: train a model headless on a corpus; progress on stderr, a CSV of the curve, a
// checkpoint at the end.
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/device_option.hpp"
#include "app/cli/command.hpp"
#include "app/cli/stop_signal.hpp"
#include "app/cli/train_setup.hpp"
#include "core/eval/bits_per_byte.hpp"
#include "core/util/file.hpp"
#include "core/util/log.hpp"

namespace llada::cli {
namespace {

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "llada-lab train: %s\nHINT: run 'llada-lab train --help'.\n", msg.c_str());
  return 2;
}

int run_train(const std::vector<std::string>& words) {
  Args a(words, {"--help", "-h", "--no-inverse-t", "--tie"});
  if (a.has("--help") || a.has("-h")) {
    std::printf("Usage: llada-lab train [OPTIONS] [--csv FILE] [--save FILE]\n\n%s%s"
                "  --csv FILE       one row per evaluation: step,train_loss,val_loss,lr,tokens_per_s,common,rare,never\n"
                "  --save FILE      write a checkpoint at the end (Ctrl-C or SIGTERM stops early and saves)\n",
                train_options_help(), device_option_help());
    return 0;
  }
  TrainOptions o = read_train_options(a, TrainOptions{});
  const auto csv_path = a.get("--csv");
  const auto save_path = a.get("--save");
  const std::string device = read_device_option(a);
  if (auto p = a.problems(); !p.empty()) return usage_error(p);
  // Every output path is checked before the run starts: a bad path must not cost the run.
  std::vector<NamedPath> outputs;
  if (csv_path) outputs.push_back({"--csv", *csv_path});
  if (save_path) outputs.push_back({"--save", *save_path, true});
  if (auto ok = check_outputs(outputs, {{"--corpus", o.corpus}}); !ok) return report(ok.error());
  auto backend = choose_backend(device);
  if (!backend) return report(backend.error());
  o.backend = *backend;

  auto run = prepare_run(o);
  if (!run) return report(run.error());
  Result<RunSummary> sum;
  {
    StopOnSignal stop("llada-lab train: stopping after this step (and saving with --save); press Ctrl-C again "
                      "to quit at once");
    sum = run_training(*run->session, *run->data, o, csv_path ? *csv_path : std::string(), stop.flag());
    if (sum && save_path) {
      // A diverged run never gets here (run_training returns its error): a good checkpoint is never
      // replaced by a broken model.
      if (auto ok = run->session->save(*save_path); !ok) sum = std::unexpected(ok.error());
      else log_line("saved checkpoint '" + *save_path + "' at step " + std::to_string(run->session->steps_done()));
    }
  }
  if (!sum) return report(sum.error());
  std::printf("steps %lld  final train loss %.4f  validation loss %.4f  %.3f ms per step\n", sum->steps_done,
              sum->final_loss, sum->last.val_loss, sum->ms_per_step());
  // Bits per byte on the validation text, as the window's Training panel shows it (core/eval/bits_per_byte.hpp).
  if (auto b = eval::bits_per_byte(run->session->model(), run->data->split.val, *run->data->tok); !b)
    std::fprintf(stderr, "llada-lab train: no bits per byte: %s\n", b.error().what.c_str());
  else if (b->upper_bound)
    std::printf("validation bits per byte <= %.4f +- %.4f (LLaDA's upper bound, %d samples a window; %lld tokens, "
                "%lld bytes)\n", b->bits_per_byte, b->std_error, b->samples, b->tokens, b->bytes);
  else
    std::printf("validation bits per byte %.4f (exact; %lld tokens, %lld bytes)\n", b->bits_per_byte, b->tokens,
                b->bytes);
  if (sum->interrupted) {
    std::fprintf(stderr, "llada-lab train: interrupted after %lld of %lld steps%s\n", sum->steps_done, o.steps,
                 save_path ? "; the checkpoint holds the model as it was then" : "");
    return 130;
  }
  return 0;
}

RegisterCommand reg{"train", "train a model headless (zero-layer, gpt, llada); CSV of the curve, checkpoint",
                    run_train};

}  // namespace
}  // namespace llada::cli
