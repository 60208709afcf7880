// `llada-lab inspect`: the numbers of the Embedding space and Attention maps panels, headless, from a
// checkpoint — the same functions the panels use (project_view, attention_table), so a table exported
// from the window and one printed here agree for the same weights and basis — and the panel's weight
// tying comparison, run by the same core function (train::run_tying) from the same options.
//
//   inspect embedding --model FILE [--table E|WU] [--text TEXT] [--corpus NAME] [--csv FILE|-]
//   inspect attention --model FILE --text TEXT [--mask I,J,…] [--csv FILE|-]
//   inspect tying [--tokenizer T] [--corpus C] [--steps N] [training options] [--csv FILE|-]
#include <cmath>
#include <cstdio>
#include <sstream>

#include <unistd.h>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/train_setup.hpp"
#include "app/panels/attention_table.hpp"
#include "app/panels/embedding_state.hpp"
#include "core/train/session.hpp"
#include "core/train/setup.hpp"
#include "core/train/tying.hpp"
#include "core/util/file.hpp"

namespace llada::cli {
namespace {

const char* kHelp =
    "Usage: llada-lab inspect embedding --model FILE [OPTIONS]\n"
    "       llada-lab inspect attention --model FILE --text TEXT [OPTIONS]\n"
    "       llada-lab inspect tying [TRAINING OPTIONS] [--csv FILE|-]\n\n"
    "embedding: the table projected on its top two principal directions (as the Embedding space panel)\n"
    "  --table E|WU      the input embedding E (default) or the unembedding W_U (= E when tied)\n"
    "  --text TEXT       score TEXT: h at the position predicting its last token, the top logits as\n"
    "                    ‖v‖·‖h‖·cos θ + b and ∇_h L = Σ P·v − v_true (LLaDA: the last token masked)\n"
    "  --corpus NAME     the training text whose counts give the groups (default sample)\n"
    "  --csv FILE|-      the points: id,token,x,y,norm,count,group (- for stdout)\n"
    "attention: every layer and head's attention on TEXT (gpt and llada models)\n"
    "  --mask I,J        LLaDA: positions replaced by [MASK] (default none)\n"
    "  --csv FILE|-      layer,head,query,key,query_token,key_token,weight (default stdout)\n"
    "tying: two zero-layer GPTs from one seed, untied and tied (W_U = E), on the same batches, as the\n"
    "  Embedding space panel's 'Train tied and untied' (defaults as the panel's: byte, sample, 300 steps;\n"
    "  the panel takes the GPT slot's tokenizer, text and sizes when one is built)\n"
    "  --csv FILE|-      step,loss_untied,loss_tied,untied_E_WU_distance,untied_mean_row_cos (default stdout)\n"
    "  and the options of 'llada-lab train' (--tokenizer, --corpus, --steps, --d, --lr, --seed, …;\n"
    "  --model, --tie and --embedding are ignored: the comparison is the zero-layer GPT's)\n";

int usage(const std::string& msg) {
  std::fprintf(stderr, "llada-lab inspect: %s\nHINT: run 'llada-lab inspect --help'.\n", msg.c_str());
  return 2;
}

int write_out(const std::string& where, const CsvTable& t) {
  const std::string text = to_csv(t);
  if (where == "-") {  // bytes, not a C string (a token may hold a NUL); stdout is checked on exit
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  // Every write checked, nothing half-written left behind (a full disk is an error naming the file).
  if (auto ok = save_csv(where, t); !ok) return report(ok.error());
  std::fprintf(stderr, "wrote %zu rows to %s\n", t.columns.empty() ? size_t(0) : t.columns[0].size(), where.c_str());
  return 0;
}

std::vector<int> parse_list(const std::string& s) {
  std::vector<int> v;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) v.push_back(std::atoi(item.c_str()));
  return v;
}

int run_embedding(Args& a, train::LoadedModel& lm, const Tokenizer& tok) {
  const std::string table = a.get_or("--table", "E"), text = a.get_or("--text", "");
  const std::string corpus = a.get_or("--corpus", "sample");
  const auto csv = a.get("--csv");
  if (auto p = a.problems(); !p.empty()) return usage(p);
  if (table != "E" && table != "WU") return usage("--table must be E or WU, got '" + table + "'");
  Model& m = lm.model;
  std::vector<int32_t> ids = text.empty() ? std::vector<int32_t>{0} : tok.encode(text);
  int32_t target = -1;
  int pos = 0;
  const bool llada = m.mask_id() >= 0;
  if (!text.empty() && ids.size() >= (llada ? 1u : 2u)) {
    if (int(ids.size()) > std::min(m.max_T(), 4096)) ids.resize(std::min(m.max_T(), 4096));
    target = ids.back();
    if (llada) ids.back() = m.mask_id(), pos = int(ids.size()) - 1;
    else ids.pop_back(), pos = int(ids.size()) - 1;
  }
  if (auto f = m.forward(ids.data(), 1, int(ids.size())); !f) return report(f.error());
  auto view = train::download_embedding_view(m, pos, target, lm.meta.step);
  if (!view) return report(Error{"could not read the model's tables back from its device", "try --device cpu"});
  auto proj = app::project_view(view, table == "WU", std::nullopt, true, 0);
  if (!proj) return report(proj.error());
  app::GroupLookup groups;
  std::unique_ptr<train::TrainData> data;
  if (corpus != "none") {
    auto d = train::load_train_data(std::shared_ptr<const Tokenizer>(&tok, [](const Tokenizer*) {}), corpus, 1, 2, 1, 1);
    if (!d) return report(d.error());
    data = std::move(*d);
  }
  groups.build(proj->rows, m.mask_id(), data ? &data->stats : nullptr, data ? &data->groups : nullptr);
  if (csv) return write_out(*csv, app::projection_table(*proj, &tok, groups));
  const auto sv = inspect::singular_values(view->embedding.data(), view->Vin, view->C);
  std::printf("%s: %s at step %llu\n", table == "E" ? "E" : "W_U", m.config().describe().c_str(),
              (unsigned long long)lm.meta.step);
  std::printf("top two directions hold %.1f %% + %.1f %% of the variance; E's effective rank %.2f of %d\n",
              100 * proj->basis.variance[0] / proj->basis.total_variance,
              100 * proj->basis.variance[1] / proj->basis.total_variance, inspect::effective_rank(sv), view->C);
  std::printf("singular values of E:");
  for (size_t k = 0; k < sv.size() && k < 8; k++) std::printf(" %.3f", sv[k]);
  std::printf("%s\n", sv.size() > 8 ? " …" : "");
  if (proj->top.empty()) return 0;
  std::printf("position %d, true token %s: loss %.4f, ‖∇_h L‖ = %.4f\n", pos,
              app::attention_token_label(&tok, target, -1).c_str(), proj->grad.loss, [&] {
                double s = 0;
                for (float x : proj->grad.grad) s += double(x) * x;
                return std::sqrt(s);
              }());
  std::printf("%-16s %10s %9s %9s %8s %8s %9s %9s\n", "token", "P", "|v|", "|h|", "cos", "b", "logit", "model");
  for (const auto& t : proj->top)
    std::printf("%-16s %10.4g %9.4f %9.4f %+8.4f %+8.4f %+9.4f %+9.4f%s\n",
                app::attention_token_label(&tok, t.term.token, -1).c_str(), t.prob, t.term.v_norm, t.term.h_norm, t.term.cos,
                t.term.bias, t.term.logit(), view->logits[t.term.token], t.is_true ? "  (true)" : "");
  return 0;
}

int run_attention(Args& a, train::LoadedModel& lm, const Tokenizer& tok) {
  const auto text = a.get("--text");
  const auto masks = parse_list(a.get_or("--mask", ""));
  const std::string csv = a.get_or("--csv", "-");
  if (auto p = a.problems(); !p.empty()) return usage(p);
  if (!text || text->empty()) return usage("inspect attention needs --text TEXT");
  Model& m = lm.model;
  if (m.config().kind != ModelKind::Transformer || m.config().n_layer < 1)
    return report(Error{"the zero-layer GPT has no attention", "inspect a gpt or llada checkpoint"});
  std::vector<int32_t> ids = tok.encode(*text);
  if (int(ids.size()) > m.max_T()) ids.resize(m.max_T());
  for (int i : masks) {
    if (m.mask_id() < 0) return report(Error{"--mask needs a LLaDA model", "drop --mask for a causal GPT"});
    if (i < 0 || i >= int(ids.size()))
      return report(Error{"--mask position " + std::to_string(i) + " is outside the text's " + std::to_string(ids.size()) +
                              " tokens", "count positions from 0"});
    ids[i] = m.mask_id();
  }
  if (auto f = m.forward(ids.data(), 1, int(ids.size())); !f) return report(f.error());
  auto view = train::download_attention_view(m, lm.meta.step);
  if (!view) return report(Error{"could not read the attention maps back from the model", "try --device cpu"});
  return write_out(csv, app::attention_table(*view, ids, m.mask_id(), &tok));
}

int run_tying_cmd(Args& a) {
  train::RunOptions df;
  df.tokenizer = "byte";  // the panel's defaults when no GPT model is built
  df.steps = 300;
  const train::RunOptions o = read_train_options(a, df);
  const std::string csv = a.get_or("--csv", "-");
  if (auto p = a.problems(); !p.empty()) return usage(p);
  if (csv != "-")  // checked before the training, never the corpus itself
    if (auto ok = check_outputs({{"--csv", csv, true}}, {{"--corpus", o.corpus}}); !ok) return report(ok.error());
  const bool tty = isatty(fileno(stderr));
  auto pts = train::run_tying(o, [tty, last = -1](double f) mutable {
    if (int pct = int(f * 10); tty && pct != last) last = pct, std::fprintf(stderr, "\rtied vs untied: %3d %%", pct * 10);
  });
  if (tty) std::fputs("\n", stderr);
  if (!pts) return report(pts.error());
  if (pts->empty()) return report(Error{"the comparison recorded no point", "give --steps 1 or more"});
  const auto& last = pts->back();
  std::fprintf(stderr, "step %llu: loss untied %.4f, tied %.4f; untied ||E - W_U||/||E|| = %.4f, mean cos(E_i, W_U,i) = %+.4f\n",
               (unsigned long long)last.step, last.loss_untied, last.loss_tied, last.distance, last.mean_cos);
  return write_out(csv, train::tying_table(*pts));
}

int run_inspect(const std::vector<std::string>& words) {
  Args a(words, {"--help", "-h", "--no-inverse-t", "--tie"});
  if (a.has("--help") || a.has("-h") || a.positionals().empty()) {
    std::fputs(kHelp, a.has("--help") || a.has("-h") ? stdout : stderr);
    return a.positionals().empty() && !(a.has("--help") || a.has("-h")) ? 2 : 0;
  }
  const std::string what = a.positionals()[0];
  if (what == "tying") return run_tying_cmd(a);
  const auto path = a.get("--model");
  if (what != "embedding" && what != "attention")
    return usage("unknown view '" + what + "' (embedding, attention or tying)");
  if (!path) return usage("--model FILE is required");
  if (const auto csv = a.get("--csv"); csv && *csv != "-")  // checked before the work; never the checkpoint itself
    if (auto ok = check_outputs({{"--csv", *csv, true}}, {{"--model", *path}}); !ok) return report(ok.error());
  auto lm = train::load_model_checkpoint(*path);
  if (!lm) return report(lm.error());
  auto tok = load_tokenizer(lm->meta.tokenizer_id);
  if (!tok) return report(tok.error());
  return what == "embedding" ? run_embedding(a, *lm, **tok) : run_attention(a, *lm, **tok);
}

RegisterCommand reg{"inspect", "the embedding space, attention maps and weight tying (CSV), as the panels show them",
                    run_inspect};

}  // namespace
}  // namespace llada::cli
