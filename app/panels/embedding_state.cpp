#include "app/panels/embedding_state.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/generate/common.hpp"
#include "core/math/sampling.hpp"
#include "core/data/token_stats.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/train/groups.hpp"

namespace llada::app {

namespace {

constexpr size_t kTrailLength = 64;

void coordinate_range(const std::vector<float>& xy, int k, float& lo, float& hi) {
  std::vector<float> v;
  v.reserve(xy.size() / 2);
  for (size_t i = k; i < xy.size(); i += 2)
    if (std::isfinite(xy[i])) v.push_back(xy[i]);
  if (v.empty()) {
    lo = -1, hi = 1;
    return;
  }
  const size_t a = v.size() / 200, b = v.size() - 1 - v.size() / 200;
  std::nth_element(v.begin(), v.begin() + a, v.end());
  lo = v[a];
  std::nth_element(v.begin(), v.begin() + b, v.end());
  hi = v[b];
  if (!(hi > lo)) lo -= 1, hi += 1;
}

}  // namespace

Result<Projection> project_view(std::shared_ptr<const train::EmbeddingView> v, bool unembedding,
                                const std::optional<inspect::Basis2>& basis, bool refit, uint64_t basis_step) {
  Projection p;
  p.view = v;
  p.unembedding = unembedding;
  const float* rows = unembedding ? v->unembedding_rows() : v->embedding.data();
  p.rows = unembedding ? v->V : v->Vin;
  const int C = v->C;
  if (!basis || refit || basis->C != C) {
    auto b = inspect::pca2(rows, p.rows, C);
    if (!b) return std::unexpected(b.error());
    if (basis && basis->C == C) inspect::align_basis(*b, *basis);
    p.basis = std::move(*b);
    p.basis_step = v->step;
  } else {
    p.basis = *basis;
    p.basis_step = basis_step;
  }
  p.xy.resize(static_cast<size_t>(p.rows) * 2);
  inspect::project(p.basis, rows, p.rows, p.xy.data());
  p.norms = inspect::row_norms(rows, p.rows, C);
  coordinate_range(p.xy, 0, p.lo[0], p.hi[0]);
  coordinate_range(p.xy, 1, p.lo[1], p.hi[1]);
  if (!unembedding || v->target < 0 || v->hidden.size() != size_t(C)) return p;
  // The probe position: h, the softmax at it, ∇_h L, the top tokens.
  inspect::project(p.basis, v->hidden.data(), 1, p.hidden_xy.data());
  std::vector<float> probs(v->V);
  if (!softmax(v->logits, 1.0f, probs)) return p;
  p.grad = inspect::hidden_gradient(v->unembedding_rows(), probs, C, v->target);
  p.expected_dir = inspect::project_vector(p.basis, p.grad.expected_row.data());
  p.true_dir = inspect::project_vector(p.basis, p.grad.true_row.data());
  p.grad_dir = inspect::project_vector(p.basis, p.grad.grad.data());
  auto entries = gen::top_entries(probs, 10);
  bool has_true = false;
  for (const auto& e : entries) has_true |= e.token == v->target;
  if (!has_true) entries.push_back({v->target, probs[v->target]});
  for (const auto& e : entries) {
    TopToken t;
    t.term = inspect::logit_term(v->unembedding_rows(), v->bias.data(), v->hidden, e.token);
    t.prob = probs[e.token];
    t.is_true = e.token == v->target;
    t.row_grad_norm = std::abs(t.prob - (t.is_true ? 1.0 : 0.0)) * t.term.h_norm;
    p.top.push_back(t);
  }
  return p;
}

void EmbeddingState::reset() {
  job_.discard();  // the projection owns its inputs: it ends by itself, the window does not wait
  submitted_.reset();
  shown_.reset();
  basis_.reset();
  trails_.clear();
  error_.clear();
  version_++;
}

void EmbeddingState::toggle_pin(int32_t id) {
  if (trails_.erase(id) == 0) {
    auto& t = trails_[id];
    if (shown_) {
      const auto& v = *shown_->view;
      const float* rows = shown_->unembedding ? v.unembedding_rows() : v.embedding.data();
      if (id >= 0 && id < shown_->rows) t.emplace_back(v.step, std::vector<float>(rows + size_t(id) * v.C, rows + size_t(id + 1) * v.C));
    }
  }
  version_++;
}

bool EmbeddingState::waiting(const TrainerSlot& slot) const {
  if (!slot.trainer()) return false;
  auto snap = slot.snapshot();
  return snap && (!snap->embedding_view || !shown_ || job_.running());
}

void EmbeddingState::update(TrainerSlot& slot, const ProjectionRequest& req) {
  train::Trainer* tr = slot.trainer();
  if (!tr) {
    if (shown_) reset();
    return;
  }
  tr->request_inspection(train::kInspectEmbedding);
  if (auto r = job_.take()) {
    if (!r->has_value()) {
      error_ = r->error().to_string();
    } else {
      error_.clear();
      auto p = std::make_shared<const Projection>(std::move(**r));
      basis_ = p->basis;
      basis_step_ = p->basis_step;
      const auto& v = *p->view;
      const float* rows = p->unembedding ? v.unembedding_rows() : v.embedding.data();
      for (auto& [id, trail] : trails_) {
        if (id < 0 || id >= p->rows || (!trail.empty() && trail.back().first == v.step)) continue;
        trail.emplace_back(v.step, std::vector<float>(rows + size_t(id) * v.C, rows + size_t(id + 1) * v.C));
        if (trail.size() > kTrailLength) trail.pop_front();
      }
      shown_ = std::move(p);
      version_++;
    }
  }
  auto snap = slot.snapshot();
  if (!snap || !snap->embedding_view) return;
  // A different model (rebuilt slot, other tokenizer) or table starts over.
  const std::string key = snap->model_description + (req.unembedding ? "|U" : "|E");
  if (key != model_key_) {
    reset();
    model_key_ = key;
  }
  const bool changed_req = req.unembedding != submitted_req_.unembedding || req.follow != submitted_req_.follow;
  if (job_.running() || (snap->embedding_view == submitted_ && !changed_req && !req.refit)) return;
  submitted_ = snap->embedding_view;
  submitted_req_ = req;
  const bool refit = req.refit || req.follow || !basis_;
  std::optional<inspect::Basis2> basis = basis_;
  const uint64_t bstep = basis_step_;
  const bool unemb = req.unembedding && true;
  job_.start([v = submitted_, unemb, basis, refit, bstep](widgets::BackgroundJob<Projection>::Control&) {
    return project_view(v, unemb, basis, refit, bstep);
  });
}

}  // namespace llada::app

namespace llada::app {

const char* group_name(TokenGroup g) {
  switch (g) {
    case TokenGroup::Common: return "common";
    case TokenGroup::Rare: return "rare";
    case TokenGroup::NeverGroup: return "never-used";
    case TokenGroup::Used: return "used";
    case TokenGroup::Unused: return "unused";
    case TokenGroup::Mask: return "[MASK]";
  }
  return "?";
}

void GroupLookup::build(int rows, int mask_id, const TokenStats* stats, const train::TokenGroups* groups) {
  group.assign(rows, static_cast<uint8_t>(TokenGroup::Unused));
  count.assign(rows, 0);
  for (int i = 0; i < rows; i++) {
    if (stats && size_t(i) < stats->counts.size()) count[i] = stats->counts[i];
    if (count[i] > 0) group[i] = static_cast<uint8_t>(TokenGroup::Used);
  }
  if (groups) {
    auto mark = [&](const std::vector<int32_t>& ids, TokenGroup g) {
      for (int32_t id : ids)
        if (id >= 0 && id < rows) group[id] = static_cast<uint8_t>(g);
    };
    mark(groups->common, TokenGroup::Common);
    mark(groups->rare, TokenGroup::Rare);
    mark(groups->never, TokenGroup::NeverGroup);
  }
  if (mask_id >= 0 && mask_id < rows) group[mask_id] = static_cast<uint8_t>(TokenGroup::Mask);
}

CsvTable projection_table(const Projection& p, const Tokenizer* tok, const GroupLookup& g) {
  std::vector<double> id, x, y, norm, count;
  std::vector<std::string> token, group;
  for (int i = 0; i < p.rows; i++) {
    id.push_back(i);
    token.push_back(tok && tok->has_token(i) ? display_piece(tok->piece(i)) : i == p.view->V ? "[MASK]" : "");
    x.push_back(p.xy[2 * i]);
    y.push_back(p.xy[2 * i + 1]);
    norm.push_back(p.norms[i]);
    count.push_back(size_t(i) < g.count.size() ? double(g.count[i]) : 0.0);
    group.push_back(size_t(i) < g.group.size() ? group_name(TokenGroup(g.group[i])) : "");
  }
  return CsvTable{{"id", "token", "x", "y", "norm", "count", "group"},
                  {std::move(id), std::move(token), std::move(x), std::move(y), std::move(norm), std::move(count),
                   std::move(group)}};
}

CsvTable top_logits_table(const Projection& p, const Tokenizer* tok) {
  std::vector<double> id, prob, vn, hn, cs, b, logit, model, grad, is_true;
  std::vector<std::string> token;
  for (const TopToken& t : p.top) {
    const int32_t i = t.term.token;
    id.push_back(i);
    token.push_back(tok && tok->has_token(i) ? display_piece(tok->piece(i)) : i == p.view->V ? "[MASK]" : "");
    prob.push_back(t.prob), vn.push_back(t.term.v_norm), hn.push_back(t.term.h_norm), cs.push_back(t.term.cos);
    b.push_back(t.term.bias), logit.push_back(t.term.logit()), model.push_back(p.view->logits[i]);
    grad.push_back(t.row_grad_norm), is_true.push_back(t.is_true ? 1 : 0);
  }
  return CsvTable{{"id", "P", "v_norm", "h_norm", "cos", "bias", "logit", "model_logit", "row_grad_norm", "is_true", "token"},
                  {std::move(id), std::move(prob), std::move(vn), std::move(hn), std::move(cs), std::move(b), std::move(logit),
                   std::move(model), std::move(grad), std::move(is_true), std::move(token)}};
}

CsvTable gradient_table(const Projection& p) {
  std::vector<std::string> comp{"axis_x", "axis_y"};
  std::vector<double> h{p.hidden_xy[0], p.hidden_xy[1]}, e{p.expected_dir[0], p.expected_dir[1]},
      t{p.true_dir[0], p.true_dir[1]}, g{p.grad_dir[0], p.grad_dir[1]};
  const auto& v = *p.view;
  for (size_t c = 0; c < p.grad.grad.size() && c < v.hidden.size(); c++) {
    comp.push_back(std::to_string(c));
    h.push_back(v.hidden[c]), e.push_back(p.grad.expected_row[c]), t.push_back(p.grad.true_row[c]), g.push_back(p.grad.grad[c]);
  }
  return CsvTable{{"component", "h", "sum_P_v", "v_true", "grad_h"},
                  {std::move(comp), std::move(h), std::move(e), std::move(t), std::move(g)}};
}

}  // namespace llada::app
