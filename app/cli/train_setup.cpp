#include "app/cli/train_setup.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <limits>

#include "core/data/corpus.hpp"
#include "core/nn/backend.hpp"
#include "core/util/log.hpp"

namespace llada::cli {

TrainOptions read_train_options(Args& a, const TrainOptions& df) {
  TrainOptions o = df;
  o.model = a.get_or("--model", df.model);
  o.tokenizer = a.get_or("--tokenizer", df.tokenizer);
  o.corpus = a.get_or("--corpus", df.corpus);
  o.B = static_cast<int>(a.get_int("--batch", df.B));
  o.T = static_cast<int>(a.get_int("--seq", df.T));
  o.d = static_cast<int>(a.get_int("--d", df.d));
  o.layers = static_cast<int>(a.get_int("--layers", df.layers));
  o.heads = static_cast<int>(a.get_int("--heads", df.heads));
  o.stride = static_cast<int>(a.get_int("--stride", df.stride));
  o.steps = a.get_int("--steps", df.steps);
  o.eval_every = static_cast<int>(a.get_int("--eval-every", df.eval_every));
  o.threads = static_cast<int>(a.get_int("--threads", df.threads));
  o.lr = static_cast<float>(a.get_double("--lr", df.lr));
  o.clip = static_cast<float>(a.get_double("--clip", df.clip));
  o.weight_decay = static_cast<float>(a.get_double("--weight-decay", df.weight_decay));
  o.warmup = static_cast<int>(a.get_int("--warmup", df.warmup));
  o.seed = static_cast<uint64_t>(a.get_int("--seed", static_cast<long long>(df.seed)));
  o.no_inverse_t = a.has("--no-inverse-t") || df.no_inverse_t;
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
         "  --no-inverse-t   LLaDA: drop the 1/t weight of the loss\n";
}

}  // namespace llada::cli

namespace llada::cli {

Result<Evaluation> evaluate_run(train::TrainSession& s, TrainData& d, int n_batches) {
  Evaluation e;
  Batcher* b = d.val ? d.val.get() : d.train.get();  // no validation text: groups on a training batch
  const int n = static_cast<int>(std::min<int64_t>(n_batches, std::max<int64_t>(1, b->batches_per_epoch())));
  Batch batch;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    b->get(i, batch);
    // Validation rows use sequence numbers from 2^40 on: the same masks at every evaluation.
    auto loss = s.evaluate(batch.inputs.data(), batch.targets.data(), batch.B, batch.T,
                           (uint64_t(1) << 40) + static_cast<uint64_t>(i) * batch.B);
    if (!loss) return std::unexpected(loss.error());
    sum += *loss;
    if (i == 0) {
      std::vector<int32_t> seen = batch.inputs;
      seen.insert(seen.end(), batch.targets.begin(), batch.targets.end());
      e.groups = train::group_log_softmax(s.model().logits(), batch.B * batch.T, s.model().vocab(), seen, d.groups);
    }
  }
  e.val_loss = d.val ? sum / n : std::numeric_limits<double>::quiet_NaN();
  return e;
}

}  // namespace llada::cli

namespace llada::cli {

Result<RunSummary> run_training(train::TrainSession& session, TrainData& d, const TrainOptions& o,
                                const std::string& csv_path) {
  std::ofstream csv;
  if (!csv_path.empty()) {
    csv.open(csv_path);
    if (!csv) return fail("cannot write '" + csv_path + "'", "choose a path in a folder you may write to");
    csv << "step,train_loss,val_loss,lr,tokens_per_s,common,rare,never\n";
  }
  auto fn = batch_fn(*d.train);
  const auto t0 = std::chrono::steady_clock::now();
  uint64_t tokens = 0;
  float last_lr = 0;
  RunSummary sum;
  for (long long s = 0; s <= o.steps; ++s) {
    if (s > 0) {
      auto r = session.step(fn);
      if (!r) return std::unexpected(r.error());
      if (r->diverged)
        return fail("training diverged at step " + std::to_string(s) + " (loss " + std::to_string(r->loss) +
                        ", gradient norm " + std::to_string(r->grad_norm) + ")",
                    "lower the learning rate, e.g. --lr " + std::to_string(o.lr / 10));
      sum.final_loss = r->loss;
      last_lr = r->lr;
      tokens += static_cast<uint64_t>(o.B) * o.T;
    }
    if (s % std::max(1, o.eval_every) != 0 && s != o.steps) continue;
    auto ev = evaluate_run(session, d);
    if (!ev) return std::unexpected(ev.error());
    if (s == 0) sum.first = *ev;
    sum.last = *ev;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double tps = secs > 0 ? tokens / secs : 0;
    char line[256];
    std::snprintf(line, sizeof line, "step %lld  train %.4f  val %.4f  groups %.3f / %.3f / %.3f  %.0f tokens/s", s,
                  sum.final_loss, ev->val_loss, ev->groups.common, ev->groups.rare, ev->groups.never, tps);
    log_line(line);
    if (csv.is_open()) {
      std::snprintf(line, sizeof line, "%lld,%s,%.6f,%.6g,%.1f,%.6f,%.6f,%.6f\n", s,
                    s ? std::to_string(sum.final_loss).c_str() : "", ev->val_loss, last_lr, tps, ev->groups.common,
                    ev->groups.rare, ev->groups.never);
      csv << line;
    }
  }
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

int report(const Error& e) {
  std::fprintf(stderr, "%s\n", e.to_string().c_str());
  return 1;
}

}  // namespace llada::cli
