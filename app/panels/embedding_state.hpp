// The Embedding space panel's state machine (the panel file only draws): it asks the trainer for
// embedding views, projects each new one on a worker (the principal directions of a V = 100 277 table
// take a fraction of a second), keeps the basis fixed or following training without flips, and keeps
// the pinned tokens and their trails.
//
//   EmbeddingState st;
//   st.update(slot);                  // every frame: request, submit a new view, install a finished one
//   if (auto p = st.shown()) { ... p->xy, p->norms, p->hidden_xy, p->top ... }
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/lab_session.hpp"
#include "app/widgets/background_job.hpp"
#include "core/inspect/embedding_space.hpp"
#include "core/inspect/unembedding.hpp"
#include "core/train/inspection.hpp"
#include "core/util/csv.hpp"

namespace llada::app {

// One token of the probe's top list, the way seed note 002 writes its logit.
struct TopToken {
  inspect::LogitTerm term;
  float prob = 0;
  bool is_true = false;
  double row_grad_norm = 0;  // ‖∇_{v_i} L‖ = |P_i − 1[true]|·‖h‖
};

// A table projected at one step.
struct Projection {
  std::shared_ptr<const train::EmbeddingView> view;
  bool unembedding = false;  // rows of W_U (h, its gradient and the top list live there); else of E
  int rows = 0;
  inspect::Basis2 basis;
  uint64_t basis_step = 0;
  std::vector<float> xy;     // (rows, 2)
  std::vector<float> norms;  // (rows)
  float lo[2] = {0, 0}, hi[2] = {0, 0};  // the 0.5 %–99.5 % range of each coordinate (the default view)
  // The probe position (W_U rows only): h as a point, ∇_h L and its parts as projected vectors.
  std::array<float, 2> hidden_xy{};
  inspect::HiddenGradient grad;
  std::array<float, 2> expected_dir{}, true_dir{}, grad_dir{};
  std::vector<TopToken> top;  // the 10 most probable, and the true token when it is not among them
};

// What the panel asks for; a change re-projects.
struct ProjectionRequest {
  bool unembedding = false;
  bool follow = false;  // refit at every update, aligned with the previous basis
  bool refit = false;   // refit once now
};

class EmbeddingState {
 public:
  // Every frame the panel is drawn: asks `slot`'s trainer for views, submits a newer view (or a changed
  // request) to the worker when it is idle, installs a finished projection.
  void update(TrainerSlot& slot, const ProjectionRequest& req);
  std::shared_ptr<const Projection> shown() const { return shown_; }
  bool busy() const { return job_.running(); }
  // Still waiting for a view from the trainer or its projection (after update; a scripted screenshot waits).
  bool waiting(const TrainerSlot& slot) const;
  const std::string& error() const { return error_; }

  // Pinned tokens, with their rows at every installed update (projected when drawn: a refit basis
  // redraws the whole trail).
  void toggle_pin(int32_t id);
  bool pinned(int32_t id) const { return trails_.count(id) != 0; }
  const std::map<int32_t, std::deque<std::pair<uint64_t, std::vector<float>>>>& trails() const { return trails_; }
  void clear_pins() { trails_.clear(); }
  uint64_t version() const { return version_; }  // changes whenever the points or pins change
  // A different model or table: drop basis, trails and the shown projection.
  void reset();

 private:
  widgets::BackgroundJob<Projection> job_;
  std::shared_ptr<const train::EmbeddingView> submitted_;
  ProjectionRequest submitted_req_;
  std::shared_ptr<const Projection> shown_;
  std::optional<inspect::Basis2> basis_;
  uint64_t basis_step_ = 0;
  std::string model_key_;
  std::map<int32_t, std::deque<std::pair<uint64_t, std::vector<float>>>> trails_;
  std::string error_;
  uint64_t version_ = 1;
};

// The projection itself (the worker's job, and `inspect embedding` on the command line): the rows of E
// or W_U in `basis` (nullopt or refit: the top-two principal directions, aligned with `basis` when
// given), norms, and for W_U the probe's h, ∇_h L and the top tokens.
Result<Projection> project_view(std::shared_ptr<const train::EmbeddingView> v, bool unembedding,
                                const std::optional<inspect::Basis2>& basis, bool refit, uint64_t basis_step);

}  // namespace llada::app

namespace llada::app {

// A token's group for colours and the CSV: "common" / "rare" / "never-used" (the experiment's three
// groups of 100), else "used" or "unused" by its count in the training text; "[MASK]" for LLaDA's row.
enum class TokenGroup { Common, Rare, NeverGroup, Used, Unused, Mask };
const char* group_name(TokenGroup g);
struct GroupLookup {
  std::vector<uint8_t> group;  // (rows) TokenGroup
  std::vector<int64_t> count;  // (rows) occurrences in the training text (0 beyond the stats)
  void build(int rows, int mask_id, const TokenStats* stats, const train::TokenGroups* groups);
};

// The points as a table: id, token, x, y, norm, count, group (the panel's Export CSV and
// `llada-lab inspect embedding --csv` write the same).
CsvTable projection_table(const Projection& p, const Tokenizer* tok, const GroupLookup& g);
// The probe's top tokens, each logit written as ‖v‖·‖h‖·cos θ + b beside the model's own logit, P and
// ‖∇_v L‖: id, P, v_norm, h_norm, cos, bias, logit, model_logit, row_grad_norm, is_true, token (last: a
// quoted "," token leaves the numbers' columns in place for simple readers).
CsvTable top_logits_table(const Projection& p, const Tokenizer* tok);
// h, the two parts of ∇_h L (Σ P·v and v_true) and their difference ∇_h L: on the panel's two axes
// (rows "axis_x", "axis_y": what the arrows draw, before the step size η) and then every component.
CsvTable gradient_table(const Projection& p);

}  // namespace llada::app
