#include "app/cli/train_setup.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <limits>

#include "core/data/corpus.hpp"
#include "core/nn/backend.hpp"
#include "core/train/validation.hpp"
#include "core/util/file.hpp"
#include "core/util/log.hpp"

namespace llada::cli {

TrainOptions read_train_options(Args& a, const TrainOptions& df) {
  TrainOptions o = df;
  o.model = a.get_or("--model", df.model);
  o.tokenizer = a.get_or("--tokenizer", df.tokenizer);
  o.corpus = a.get_or("--corpus", df.corpus);
  // Ranges: what the model and the batcher accept (model.cpp validates the shape again, with hints).
  o.B = static_cast<int>(a.get_int("--batch", df.B, 1, 1 << 20));
  o.T = static_cast<int>(a.get_int("--seq", df.T, 1, 4096));
  o.d = static_cast<int>(a.get_int("--d", df.d, 1, 8192));
  o.layers = static_cast<int>(a.get_int("--layers", df.layers, 0, 64));
  o.heads = static_cast<int>(a.get_int("--heads", df.heads, 1, 8192));
  o.stride = static_cast<int>(a.get_int("--stride", df.stride, 1, 1 << 20));
  o.steps = a.get_int("--steps", df.steps, 0, INT_MAX);
  o.eval_every = static_cast<int>(a.get_int("--eval-every", df.eval_every, 1, INT_MAX));
  o.threads = static_cast<int>(a.get_int("--threads", df.threads, 1, 256));
  // lr > 0 and finite: zero or negative never trains (or climbs the loss). Absurdly large rates are
  // allowed (a class may want to see a run diverge); the divergence check stops them.
  o.lr = static_cast<float>(a.get_double("--lr", df.lr, 1e-12, 1e6));
  o.clip = static_cast<float>(a.get_double("--clip", df.clip, 0, 1e6));
  o.weight_decay = static_cast<float>(a.get_double("--weight-decay", df.weight_decay, 0, 10));
  o.warmup = static_cast<int>(a.get_int("--warmup", df.warmup, 0, INT_MAX));
  o.seed = a.get_u64("--seed", df.seed);
  o.no_inverse_t = a.has("--no-inverse-t") || df.no_inverse_t;
  o.activation = a.get_or("--activation", df.activation);
  o.tie = a.has("--tie") || df.tie;
  o.embedding = a.get_or("--embedding", df.embedding);
  return o;
}

const char* train_options_help() {
  return "  --model zero-layer|gpt|llada   the model (default zero-layer: Embedding → GELU → Linear)\n"
         "  --tokenizer byte|gpt2|cl100k   (default gpt2)\n"
         "  --corpus sample|brown|kjv|FILE (default sample)\n"
         "  --steps N        optimizer steps\n"
         "  --batch B --seq T --stride S   batch shape (default 5 × 8, stride 1, as in the seed)\n"
         "  --d C --layers L --heads H     model size (gpt/llada: L layers of H heads)\n"
         "  --lr X --warmup N --clip X --weight-decay X   AdamW (cosine decay to lr/10 over --steps)\n"
         "  --seed N         weights, data order and masks (default 1)\n"
         "  --eval-every N   steps between validation evaluations (default 50)\n"
         "  --threads N      compute threads (default 1)\n"
         "  --no-inverse-t   LLaDA: drop the 1/t weight of the loss\n"
         "  --activation gelu|relu         the nonlinearity (default gelu, as nn.GELU)\n"
         "  --tie            weight tying: the unembedding is the embedding table (W_U = E)\n"
         "  --embedding lookup|onehot      zero-layer: E[token] as a row lookup (default) or as\n"
         "                   nn.Linear(V, d) on one-hot rows (same numbers, V times the work)\n";
}

}  // namespace llada::cli

namespace llada::cli {

Result<Evaluation> evaluate_run(train::TrainSession& s, TrainData& d, int n_batches) {
  // The window's Trainer evaluates with the same function (core/train/validation.hpp).
  const int n = d.val ? static_cast<int>(std::min<int64_t>(n_batches, std::max<int64_t>(1, d.val->batches_per_epoch()))) : 0;
  auto v = train::evaluate_validation(s, d.val ? batch_fn(*d.val) : train::BatchFn{}, n, batch_fn(*d.train),
                                      s.steps_done(), d.groups);
  if (!v) return std::unexpected(v.error());
  Evaluation e;
  e.val_loss = v->loss ? *v->loss : std::numeric_limits<double>::quiet_NaN();
  if (v->groups) e.groups = *v->groups;
  return e;
}

}  // namespace llada::cli

namespace llada::cli {

Result<RunSummary> run_training(train::TrainSession& session, TrainData& d, const TrainOptions& o,
                                const std::string& csv_path, const std::atomic<int>* stop) {
  // The CSV grows row by row in a temporary file beside it and replaces the person's file only when the
  // run ends well (or is interrupted: the rows so far are kept); a run that fails leaves the old file as
  // it was. Every write is checked, so a full disk stops the run with a message instead of a success.
  std::optional<AtomicFileWriter> csv;
  if (!csv_path.empty()) {
    auto f = AtomicFileWriter::open(csv_path, "the CSV file");
    if (!f) return std::unexpected(f.error());
    csv.emplace(std::move(*f));
    if (csv->temp_path() != csv_path)
      log_line("the CSV rows go to '" + csv->temp_path() + "' until the run ends, then to '" + csv_path + "'");
    if (auto ok = csv->write("step,train_loss,val_loss,lr,tokens_per_s,common,rare,never\n"); !ok)
      return std::unexpected(ok.error());
  }
  auto fn = batch_fn(*d.train);
  const auto t0 = std::chrono::steady_clock::now();
  uint64_t tokens = 0;
  float last_lr = 0;
  RunSummary sum;
  for (long long s = 0; s <= o.steps; ++s) {
    const bool interrupted = s > 0 && stop && stop->load() > 0;
    if (interrupted) {
      sum.interrupted = true;
      log_line("interrupted: stopping after step " + std::to_string(sum.steps_done) + " of " + std::to_string(o.steps));
    }
    if (s > 0 && !interrupted) {
      const auto ts = std::chrono::steady_clock::now();
      auto r = session.step(fn);
      sum.step_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - ts).count();
      sum.steps++;
      if (!r) return std::unexpected(r.error());
      if (r->diverged) {
        char what[200], hint[80];
        std::snprintf(what, sizeof what, "training diverged at step %lld (loss %.4g, gradient norm %.4g); nothing was saved",
                      s, r->loss, r->grad_norm);
        std::snprintf(hint, sizeof hint, "lower the learning rate, e.g. --lr %g", o.lr / 10);
        return fail(what, hint);
      }
      sum.final_loss = r->loss;
      sum.steps_done = s;
      last_lr = r->lr;
      tokens += static_cast<uint64_t>(o.B) * o.T;
    }
    if (!interrupted && s % std::max(1, o.eval_every) != 0 && s != o.steps) continue;
    auto ev = evaluate_run(session, d);
    if (!ev) return std::unexpected(ev.error());
    if (s == 0) sum.first = *ev;
    sum.last = *ev;
    const long long at = sum.steps_done;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double tps = secs > 0 ? tokens / secs : 0;
    char line[256];
    std::snprintf(line, sizeof line,
                  "step %lld  train %.4f  val %.4f  groups %.3f / %.3f / %.3f  %.0f tokens/s on %s  %.2f ms/step", at,
                  sum.final_loss, ev->val_loss, ev->groups.common, ev->groups.rare, ev->groups.never, tps,
                  session.backend().name(), sum.ms_per_step());
    log_line(line);
    if (csv) {
      std::snprintf(line, sizeof line, "%lld,%s,%.6f,%.6g,%.1f,%.6f,%.6f,%.6f\n", at,
                    at ? std::to_string(sum.final_loss).c_str() : "", ev->val_loss, last_lr, tps, ev->groups.common,
                    ev->groups.rare, ev->groups.never);
      if (auto ok = csv->write(line); !ok) return std::unexpected(ok.error());
    }
    if (interrupted) break;
  }
  if (csv)
    if (auto ok = csv->commit(); !ok) return std::unexpected(ok.error());
  return sum;
}

}  // namespace llada::cli

namespace llada::cli {

Result<PreparedRun> prepare_run(const TrainOptions& o) {
  PreparedRun run;
  auto data = load_train_data(o.tokenizer, o.corpus, o.B, o.T, o.stride, o.seed);
  if (!data) return std::unexpected(data.error());
  run.data = std::move(*data);
  auto cfg = make_train_config(o, *run.data->tok);
  if (!cfg) return std::unexpected(cfg.error());
  auto session = train::TrainSession::create(*cfg);
  if (!session) return std::unexpected(session.error());
  run.session = std::make_unique<train::TrainSession>(std::move(*session));
  log_line("model: " + run.session->model().config().describe() + ", " +
           std::to_string(run.session->model().num_params()) + " parameters; objective " +
           (cfg->objective == train::Objective::Llada ? "LLaDA (masked, 1/t)" : "next token"));
  return run;
}

Result<void> save_csv(const std::string& path, const CsvTable& t) { return write_file_atomic(path, to_csv(t), "CSV file"); }

int report(const Error& e) {
  std::fprintf(stderr, "%s\n", e.to_string().c_str());
  return 1;
}

}  // namespace llada::cli
