#include "core/eval/reversal.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "core/generate/autoregressive.hpp"
#include "core/generate/llada_sampler.hpp"
#include "core/generate/model_logits.hpp"
#include "core/math/philox.hpp"
#include "core/train/session.hpp"

namespace llada::eval {

namespace {

constexpr int kNameLen = 4;
constexpr char kPad = '\n';
constexpr uint64_t kNameStream = uint64_t(1) << 40;  // index offset of the name draws in stream::shuffle

std::vector<int32_t> bytes(const std::string& s) { return std::vector<int32_t>(s.begin(), s.end()); }

std::string teacher_prompt(const std::string& a) { return a + "'s teacher is "; }
std::string student_prompt(const std::string& b) { return b + "'s student is "; }

// The prompt and expected name of a question about f; `stated`: in the corpus's direction.
std::pair<std::string, std::string> question(const Fact& f, bool stated) {
  const bool teacher = f.teacher_form == stated;
  return teacher ? std::pair{teacher_prompt(f.a), f.b} : std::pair{student_prompt(f.b), f.a};
}

bool matches(const std::vector<int32_t>& tokens, size_t at, const std::string& name) {
  if (tokens.size() < at + name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (tokens[at + i] != static_cast<unsigned char>(name[i])) return false;
  return true;
}

Result<void> check_fits(const std::vector<Fact>& facts, int T) {
  for (const Fact& f : facts)
    if (static_cast<int>(stated_sentence(f).size()) + 1 > T)
      return fail("the sentence '" + stated_sentence(f) + "' does not fit a context of " + std::to_string(T),
                  "use a context of at least 24 tokens");
  return {};
}

}  // namespace

std::vector<Fact> make_facts(int n, uint64_t seed) {
  n = std::clamp(n, 0, kMaxFacts);  // 4 900 possible names: enough distinct ones for 2 × kMaxFacts
  const std::string consonants = "bdfgklmnprstvz", vowels = "aeiou";
  std::set<std::string> used;
  std::vector<std::string> names;
  uint64_t i = 0;
  while (static_cast<int>(names.size()) < 2 * n) {
    std::string s;
    for (int k = 0; k < kNameLen; ++k) {
      const bool vowel = k % 2 == 1;
      const float u = uniform01(seed, stream::shuffle, kNameStream + i++);
      const std::string& letters = vowel ? vowels : consonants;
      const int m = static_cast<int>(letters.size());
      s += letters[std::min(m - 1, static_cast<int>(u * m))];
    }
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
    if (used.insert(s).second) names.push_back(s);
  }
  std::vector<Fact> facts(n);
  for (int k = 0; k < n; ++k) facts[k] = {names[2 * k], names[2 * k + 1], k % 2 == 0};
  return facts;
}

std::string stated_sentence(const Fact& f) {
  return f.teacher_form ? teacher_prompt(f.a) + f.b + "." : student_prompt(f.b) + f.a + ".";
}

namespace {

// Forward and reversed accuracy, `answer(prompt)` giving the prompt followed by the model's answer.
using AnswerFn = std::function<Result<std::vector<int32_t>>(const std::string& prompt)>;
Result<ReversalAccuracy> both_directions(const std::vector<Fact>& facts, int T, const AnswerFn& answer) {
  if (auto ok = check_fits(facts, T); !ok) return std::unexpected(ok.error());
  ReversalAccuracy acc;
  for (const bool stated : {true, false}) {
    int right = 0;
    for (const Fact& f : facts) {
      const auto [prompt, name] = question(f, stated);
      auto r = answer(prompt);
      if (!r) return std::unexpected(r.error());
      right += matches(*r, prompt.size(), name);
    }
    (stated ? acc.forward : acc.reversed) = facts.empty() ? 0.0 : double(right) / facts.size();
  }
  return acc;
}

}  // namespace

Result<ReversalAccuracy> reversal_accuracy_ar(const gen::LogitsFn& gpt, const std::vector<Fact>& facts, int T) {
  return both_directions(facts, T, [&](const std::string& prompt) -> Result<std::vector<int32_t>> {
    const gen::ArOptions opt{.max_new_tokens = kNameLen, .greedy = true, .context = T, .record_top = 0};
    auto r = gen::generate_ar(gpt, 256, bytes(prompt), opt);
    if (!r) return std::unexpected(r.error());
    return std::move(r->tokens);
  });
}

Result<ReversalAccuracy> reversal_accuracy_llada(const gen::LogitsFn& llada, int32_t mask_id,
                                                 const std::vector<Fact>& facts, int T) {
  auto acc = both_directions(facts, T, [&](const std::string& prompt) -> Result<std::vector<int32_t>> {
    const int gen_len = T - static_cast<int>(prompt.size());
    const gen::LladaOptions opt{.gen_length = gen_len, .steps = gen_len, .block_length = gen_len,
                                .mask_id = mask_id, .record_top = 0};
    auto r = gen::generate_llada(llada, 256, bytes(prompt), opt);
    if (!r) return std::unexpected(r.error());
    return std::move(r->tokens);
  });
  if (!acc) return acc;
  int right = 0;
  for (const Fact& f : facts) {  // the stated sentence, its first name blank, the rest pinned
    std::string s = stated_sentence(f);
    s.resize(T, kPad);
    gen::LladaOptions opt{.gen_length = T, .steps = T, .block_length = T, .mask_id = mask_id, .record_top = 0};
    for (int p = kNameLen; p < T; ++p) opt.pins.push_back({p, static_cast<unsigned char>(s[p])});
    auto r = gen::generate_llada(llada, 256, std::vector<int32_t>{}, opt);
    if (!r) return std::unexpected(r.error());
    right += matches(r->tokens, 0, s.substr(0, kNameLen));
  }
  acc->infill = facts.empty() ? 0.0 : double(right) / facts.size();
  return acc;
}

Result<std::vector<ReversalRow>> run_reversal(const ReversalOptions& o,
                                              const std::function<void(const ReversalRow&)>& progress,
                                              const std::atomic<bool>* cancel) {
  if (o.facts < 1 || o.facts > kMaxFacts || o.steps < 0 || o.eval_every < 1 || o.B < 1)
    return fail("facts must be 1 to " + std::to_string(kMaxFacts) +
                    ", batch and eval-every at least 1, and steps at least 0",
                "e.g. --facts 100 --steps 1500");
  const std::vector<Fact> facts = make_facts(o.facts, o.data_seed);
  if (auto ok = check_fits(facts, o.T); !ok) return std::unexpected(ok.error());
  std::vector<std::vector<int32_t>> rows;
  for (const Fact& f : facts) {
    std::string s = stated_sentence(f);
    s.resize(o.T + 1, kPad);  // one more for the last target
    rows.push_back(bytes(s));
  }
  train::BatchFn batch = [&](uint64_t index, int B, int T, int32_t* in, int32_t* tg) {
    for (int r = 0; r < B; ++r) {
      const float u = uniform01(o.model_seed, stream::shuffle, index * uint64_t(B) + r);
      const auto& row = rows[std::min(rows.size() - 1, static_cast<size_t>(u * rows.size()))];
      std::copy(row.begin(), row.begin() + T, in + size_t(r) * T);
      std::copy(row.begin() + 1, row.begin() + T + 1, tg + size_t(r) * T);
    }
  };
  std::vector<ReversalRow> out;
  for (const bool llada : {false, true}) {
    train::TrainConfig cfg;
    cfg.model = llada ? ModelConfig::llada(256, o.layers, o.heads, o.d, o.T) : ModelConfig::gpt(256, o.layers, o.heads, o.d, o.T);
    cfg.objective = llada ? train::Objective::Llada : train::Objective::Autoregressive;
    cfg.B = o.B, cfg.T = o.T, cfg.seed = o.model_seed;
    cfg.lr = {.lr_max = o.lr, .lr_min = o.lr / 10, .warmup = std::min(100, o.steps / 10), .total = o.steps};
    cfg.tokenizer_id = "byte";
    auto session = train::TrainSession::create(cfg);
    if (!session) return std::unexpected(session.error());
    const gen::LogitsFn fn = gen::model_logits(session->model());
    double loss_sum = 0;
    int loss_n = 0;
    for (int step = 0;; ++step) {
      if (step % o.eval_every == 0 || step == o.steps) {
        auto acc = llada ? reversal_accuracy_llada(fn, session->model().mask_id(), facts, o.T)
                         : reversal_accuracy_ar(fn, facts, o.T);
        if (!acc) return std::unexpected(acc.error());
        ReversalRow row{llada ? "llada" : "gpt", step,
                        loss_n ? loss_sum / loss_n : std::numeric_limits<double>::quiet_NaN(), *acc};
        loss_sum = 0, loss_n = 0;
        out.push_back(row);
        if (progress) progress(row);
      }
      if (step == o.steps) break;
      if (cancel && cancel->load()) return fail("the reversal experiment was cancelled", "run it again");
      auto r = session->step(batch);
      if (!r) return std::unexpected(r.error());
      if (r->diverged)
        return fail(std::string(llada ? "LLaDA" : "GPT") + " training diverged at step " + std::to_string(step),
                    "lower the learning rate (--lr)");
      loss_sum += r->loss, ++loss_n;
    }
  }
  return out;
}

CsvTable reversal_table(const std::vector<ReversalRow>& rows, uint64_t data_seed, uint64_t model_seed) {
  std::vector<std::string> model;
  std::vector<double> ds, ms, step, loss, fw, rv, inf;
  for (const ReversalRow& r : rows) {
    model.push_back(r.model);
    ds.push_back(double(data_seed)), ms.push_back(double(model_seed));
    step.push_back(r.step), loss.push_back(r.train_loss);
    fw.push_back(r.acc.forward), rv.push_back(r.acc.reversed), inf.push_back(r.acc.infill);
  }
  return CsvTable{{"data_seed", "model_seed", "model", "step", "train_loss", "forward", "reversed", "infill"},
                  {ds, ms, model, step, loss, fw, rv, inf}};
}

}  // namespace llada::eval
