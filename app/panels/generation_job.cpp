#include "app/panels/generation_job.hpp"

#include <limits>
#include <string_view>

#include "app/widgets/tokenizer_picker.hpp"
#include "core/generate/model_logits.hpp"
#include "core/train/session.hpp"

namespace llada::app {

const std::string& Generated::label(int32_t id) const {
  static const std::string mask = "[MASK]", unknown = "?";
  if (id == mask_id) return mask;
  auto it = labels.find(id);
  return it == labels.end() ? unknown : it->second;
}

namespace {

bool is_llada(const ModelConfig& c) { return c.mask_id() >= 0; }

Result<void> check_side(const ModelConfig& c, bool llada_side, const std::string& origin) {
  if (llada_side && !is_llada(c))
    return fail("'" + origin + "' holds a " + train::model_kind_name(c) + " model, which generates left to right",
                "load it on the GPT side; the LLaDA side needs a model trained with --model llada");
  if (!llada_side && is_llada(c))
    return fail("'" + origin + "' holds a LLaDA mask predictor, which does not generate left to right",
                "load it on the LLaDA side; the GPT side needs --model zero-layer or gpt");
  return {};
}

}  // namespace

Result<LoadedSource> load_source(const std::string& path, bool llada_side) {
  if (path.empty()) return fail("no checkpoint path given", "type the path of a file written by 'llada-lab train --save FILE'");
  auto w = train::weights_from_checkpoint(path);
  if (!w) return std::unexpected(w.error());
  if (auto ok = check_side((*w)->config, llada_side, path); !ok) return std::unexpected(ok.error());
  auto tok = load_tokenizer((*w)->tokenizer_id);
  if (!tok)
    return fail("checkpoint '" + path + "' was trained with tokenizer '" + (*w)->tokenizer_id +
                    "', which cannot be loaded: " + tok.error().what,
                tok.error().hint);
  if ((*tok)->vocab_size() != (*w)->config.vocab)
    return fail("tokenizer '" + (*w)->tokenizer_id + "' has " + std::to_string((*tok)->vocab_size()) +
                    " ids but the model has " + std::to_string((*w)->config.vocab) + " classes",
                "the checkpoint was written with another tokenizer version; train again");
  return LoadedSource{*w, *tok};
}

Result<Generated> run_generation(const GenRequest& r) {
  if (!r.weights || !r.tok) return fail("no model to generate with", "start a model in the Training panel, or load a checkpoint");
  if (auto ok = check_side(r.weights->config, r.llada, r.weights->origin); !ok) return std::unexpected(ok.error());
  auto model = train::model_from_weights(*r.weights);
  if (!model) return std::unexpected(model.error());
  const int V = model->vocab();
  const std::vector<int32_t> ids = r.tok->encode(r.prompt);
  for (int32_t id : ids)
    if (id >= V)
      return fail("the prompt holds token id " + std::to_string(id) + ", beyond the model's " + std::to_string(V) +
                      " classes",
                  "the model was trained with tokenizer '" + r.weights->tokenizer_id + "'");
  Generated g;
  g.llada = r.llada;
  g.origin = r.weights->origin;
  g.step = r.weights->step;
  g.prompt_len = static_cast<int>(ids.size());
  const gen::LogitsFn fn = gen::model_logits(*model);
  auto keep = [&](int32_t id) {
    if (id >= 0 && id < V && !g.labels.contains(id)) g.labels.emplace(id, widgets::token_label(r.tok->piece(id)));
  };
  if (r.llada) {
    const std::string kind = train::model_kind_name(r.weights->config);
    if (auto ok = gen::check_llada_fits(*model, g.prompt_len, r.ll.gen_length, kind); !ok)
      return std::unexpected(ok.error());
    gen::LladaOptions opt = r.ll;
    opt.mask_id = model->mask_id();
    auto pins = gen::parse_pins(r.pins, [&](std::string_view t) { return r.tok->encode(t); });
    if (!pins) return std::unexpected(pins.error());
    opt.pins = std::move(*pins);
    g.mask_id = opt.mask_id;
    auto res = gen::generate_llada(fn, V, ids, opt);
    if (!res) return std::unexpected(res.error());
    g.ll = std::move(*res);
    g.commit_step = g.ll.committed_at;
    g.commit_index = g.ll.commit_rank;
    for (const auto& st : g.ll.trace)
      for (const auto& c : st.commits)
        for (const auto& e : c.top) keep(e.token);
    for (int32_t id : g.ll.tokens) keep(id), g.pieces.try_emplace(id, display_piece(r.tok->piece(id)));
  } else {
    if (ids.empty()) return fail("the prompt is empty", "type a few words: the GPT continues from the last one");
    gen::ArOptions opt = r.ar;
    opt.context = gen::ar_context(*model);
    auto res = gen::generate_ar(fn, V, ids, opt);
    if (!res) return std::unexpected(res.error());
    g.ar = std::move(*res);
    for (int32_t id : g.ar.tokens) keep(id), g.pieces.try_emplace(id, display_piece(r.tok->piece(id)));
    for (const auto& st : g.ar.steps)
      for (const auto& e : st.top) keep(e.token);
  }
  return g;
}

CsvTable trace_table(const Generated* gpt, const std::vector<NamedRun>& lladas) {
  auto piece = [](const Generated& g, int32_t id) {
    auto it = g.pieces.find(id);
    return it == g.pieces.end() ? g.label(id) : it->second;
  };
  const double none = std::numeric_limits<double>::quiet_NaN();  // an empty cell
  std::vector<std::string> who, token, status;
  std::vector<double> step, pos, id, prob, at;
  auto row = [&](const char* w, int s, int p, int32_t tok, const std::string& label, double pr, int committed_at,
                 const char* st) {
    who.push_back(w), step.push_back(s), pos.push_back(p), status.push_back(st);
    const bool pinned = std::string_view(st) == "pinned";
    const bool known = pinned || (committed_at > 0 && committed_at <= s);
    id.push_back(known ? double(tok) : none), token.push_back(known ? label : std::string());
    prob.push_back(known && !pinned ? pr : none), at.push_back(known && !pinned ? double(committed_at) : none);
  };
  if (gpt) {
    const int P = gpt->prompt_len, n = gpt->steps();
    for (int s = 1; s <= n; ++s)
      for (int q = 0; q < n; ++q) {  // answer position q is drawn at step q + 1
        const int32_t tok = gpt->ar.tokens[size_t(P + q)];
        row("gpt", s, q, tok, piece(*gpt, tok), gpt->ar.steps[size_t(q)].prob, q + 1,
            q + 1 == s ? "new" : q + 1 < s ? "settled" : "not_generated");
      }
  }
  for (const NamedRun& named : lladas) {
    if (!named.run) continue;
    const Generated* llada = named.run;
    const char* w = named.name.c_str();
    const int P = llada->prompt_len, L = int(llada->ll.tokens.size());
    for (const gen::LladaStep& st : llada->ll.trace) {
      const int s = st.step + 1;
      for (int p = P; p < L; ++p) {
        const int32_t tok = st.state[size_t(p)];
        const int c = llada->commit_step[size_t(p)];
        if (c == gen::kPinnedPosition) {
          row(w, s, p - P, tok, piece(*llada, tok), 0, 0, "pinned");
          continue;
        }
        if (tok == llada->mask_id || c < 0 || c >= s) {
          row(w, s, p - P, tok, "", 0, 0, "masked");
          continue;
        }
        const gen::Commit& cm = llada->ll.trace[size_t(c)].commits[size_t(llada->commit_index[size_t(p)])];
        row(w, s, p - P, tok, piece(*llada, tok), cm.confidence, c + 1, c + 1 == s ? "new" : "settled");
      }
    }
  }
  return CsvTable{{"generator", "step", "position", "token_id", "token", "probability_or_confidence", "committed_at_step",
                   "status"},
                  {who, step, pos, id, token, prob, at, status}};
}

}  // namespace llada::app
