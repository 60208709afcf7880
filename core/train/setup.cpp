#include "core/train/setup.hpp"

#include <algorithm>

#include "core/data/encode_corpus.hpp"
#include "core/nn/backend.hpp"
#include "core/train/validation.hpp"
#include "core/util/log.hpp"

namespace llada::train {

Result<std::unique_ptr<TrainData>> load_train_data(std::shared_ptr<const Tokenizer> tok, const std::string& corpus,
                                                   int B, int T, int stride, uint64_t seed, int group_size,
                                                   const LoadControl& ctl) {
  if (!tok) return fail("no tokenizer to read the corpus with", "choose a tokenizer first");
  TextOptions to;
  to.progress = ctl.progress;
  to.cancel = ctl.cancel;
  auto tc = tokenize_corpus(corpus, *tok, to);
  if (!tc) return std::unexpected(tc.error());
  auto d = std::make_unique<TrainData>();
  d->tok = std::move(tok);
  d->corpus_name = tc->corpus.name;
  d->tokens = std::move(tc->ids);
  log_line("corpus '" + tc->corpus.name + "': " + std::to_string(tc->corpus.text.size()) + " bytes → " +
           std::to_string(d->tokens.size()) + " tokens (" + d->tok->name() + ")");
  d->split = split_train_val(d->tokens, 0.1);
  BatchConfig bc{.B = B, .T = T, .stride = stride, .shuffle = true, .seed = seed};
  auto train = Batcher::make(d->split.train, bc);
  if (!train) return std::unexpected(train.error());
  d->train = std::make_unique<Batcher>(std::move(*train));
  bc.shuffle = false;  // validation: the same batches every evaluation
  if (auto val = Batcher::make(d->split.val, bc)) d->val = std::make_unique<Batcher>(std::move(*val));
  else log_line("no validation batches: " + val.error().what);
  const Tokenizer& tk = *d->tok;
  d->stats = token_stats(d->split.train, tk.vocab_size(),
                         [&](int32_t id) { return tk.has_token(id) && !tk.is_special(id); });
  // Common and rare must not share tokens: a small vocabulary (bytes: ~90 used) gets halves of the used.
  const size_t half = std::min<size_t>(static_cast<size_t>(std::max(0, group_size)), static_cast<size_t>(d->stats.used / 2));
  for (auto& c : most_common(d->stats, half)) d->groups.common.push_back(c.id);
  for (auto& c : least_common(d->stats, half)) d->groups.rare.push_back(c.id);
  d->groups.never = never_used(d->stats, group_size, seed);
  log_line("vocabulary coverage " + std::to_string(100.0 * d->stats.coverage).substr(0, 5) + " % (" +
           std::to_string(d->stats.used) + " of " + std::to_string(d->stats.vocab_tokens) + " tokens used)");
  return d;
}

Result<std::unique_ptr<TrainData>> load_train_data(const std::string& tokenizer, const std::string& corpus, int B,
                                                   int T, int stride, uint64_t seed, int group_size) {
  auto tok = load_tokenizer(tokenizer);
  if (!tok) return std::unexpected(tok.error());
  return load_train_data(*tok, corpus, B, T, stride, seed, group_size);
}

bool known_model(std::string_view name) { return name == "zero-layer" || name == "gpt" || name == "llada"; }

Result<ModelConfig> model_config_by_name(const std::string& name, int V, int d, int n_layer, int n_head, int T) {
  ModelConfig c;
  if (name == "zero-layer") {
    c = ModelConfig::zero_layer(V, d);
    c.T = T;
  } else if (name == "gpt") {
    c = ModelConfig::gpt(V, n_layer, n_head, d, T);
  } else if (name == "llada") {
    c = ModelConfig::llada(V, n_layer, n_head, d, T);
  } else {
    return fail("unknown model '" + name + "'", "choose --model zero-layer, gpt or llada");
  }
  if (auto ok = c.validate(); !ok) return std::unexpected(ok.error());
  return c;
}

RunOptions rare_vs_common_options() {
  RunOptions o;
  o.model = "gpt";
  o.layers = 1;
  o.heads = 2;
  o.T = 32;
  o.B = 8;
  o.stride = 4;
  o.lr = 3e-3f;
  o.steps = 300;
  o.eval_every = 25;
  return o;
}

Result<TrainConfig> make_train_config(const RunOptions& o, const Tokenizer& tok) {
  if (o.steps < 0) return fail("--steps must be 0 or more", "e.g. --steps 200");
  auto mc = model_config_by_name(o.model, tok.vocab_size(), o.d, o.layers, o.heads, o.T);
  if (!mc) return std::unexpected(mc.error());
  if (o.activation == "relu") mc->activation = nn::Activation::Relu;
  else if (o.activation != "gelu")
    return fail("unknown activation '" + o.activation + "'", "choose --activation gelu or relu");
  mc->tie_weights = o.tie;
  if (o.embedding != "lookup" && o.embedding != "onehot")
    return fail("unknown embedding '" + o.embedding + "'", "choose --embedding lookup or onehot");
  mc->onehot_embedding = o.embedding == "onehot";
  if (auto ok = mc->validate(); !ok) return std::unexpected(ok.error());
  nn::set_cpu_threads(std::max(1, o.threads));
  TrainConfig c;
  c.model = *mc;
  c.objective = o.model == "llada" ? Objective::Llada : Objective::Autoregressive;
  c.llada.inverse_t = !o.no_inverse_t;
  c.B = o.B;
  c.T = o.T;
  c.seed = o.seed;
  c.lr = {.lr_max = o.lr, .lr_min = o.lr / 10, .warmup = o.warmup, .total = static_cast<int>(o.steps)};
  c.adam.weight_decay = o.weight_decay;
  c.grad_clip = o.clip;
  c.tokenizer_id = tok.name();
  c.backend = o.backend;
  return c;
}

BatchFn batch_fn(Batcher& b) {
  auto buf = std::make_shared<Batch>();
  return [&b, buf](uint64_t index, int, int, int32_t* inputs, int32_t* targets) {
    b.get(static_cast<int64_t>(index), *buf);
    std::copy(buf->inputs.begin(), buf->inputs.end(), inputs);
    std::copy(buf->targets.begin(), buf->targets.end(), targets);
  };
}

TrainerOptions trainer_options(TrainData& d, const TrainConfig& cfg, int eval_every) {
  TrainerOptions o;
  o.train = cfg;
  o.train_batch = batch_fn(*d.train);
  if (d.val) {
    o.val_batch = batch_fn(*d.val);
    o.val_batches = static_cast<int>(std::min<int64_t>(kValidationBatches, std::max<int64_t>(1, d.val->batches_per_epoch())));
  }
  o.eval_every = std::max(1, eval_every);
  o.groups = d.groups;
  // The probe starts at the first line start of the validation text (a sentence, not half a word), when
  // one is near; T tokens (the trainer cuts the probe to T).
  auto text = d.split.val.size() > static_cast<size_t>(cfg.T) + 1 ? d.split.val : d.split.train;
  size_t start = 0;
  for (size_t i = 0; i + cfg.T + 1 < text.size() && i < 256; ++i) {
    auto p = d.tok->piece(text[i]);
    if (!p.empty() && p.back() == '\n') {
      start = i + 1;
      break;
    }
  }
  const size_t n = std::min(text.size() - start, static_cast<size_t>(cfg.T));
  o.probe.assign(text.begin() + static_cast<std::ptrdiff_t>(start), text.begin() + static_cast<std::ptrdiff_t>(start + n));
  return o;
}

}  // namespace llada::train
