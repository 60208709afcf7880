// Where the "Softmax & temperature" panel's logits come from: two built-in probes and the live
// trainers' probe position (a snapshot's probe_logits row), with the words that say which position and
// context are scored.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "app/lab_session.hpp"
#include "core/math/softmax_dist.hpp"
#include "core/tok/tokenizer.hpp"

namespace llada::app {

enum ProbeSource { kExample = 0, kUntrained = 1, kGptLive = 2, kLladaLive = 3, kSources = 4 };

struct BuiltinProbe {
  std::string name;
  std::vector<std::string> tokens;  // (V)
  std::vector<float> logits;        // (V)
};
// The next word after "Hà Nội là thủ đô của": a made-up but plausible ranking and a long tail.
BuiltinProbe example_probe();
// An untrained model: logits ~ N(0, 0.02²) over V = 50 257, so softmax is almost uniform.
BuiltinProbe untrained_probe();

// A trainer's snapshot, kept while shown (it owns the logit row), and the tokenizer for labels.
struct LiveProbe {
  std::shared_ptr<const train::Snapshot> snap;
  std::shared_ptr<const Tokenizer> tok;
  bool llada = false;
  std::span<const float> logits() const;
  std::string label(int id) const;  // the token's piece, printable ("·" for a space), or "#id"
  std::string text(int id) const;   // the piece in display form (display_piece: unambiguous), or "#id"
};

// The true token at the probe position: its probability (exact, at the panel's T) and rank by logit.
struct TargetInfo {
  int token = -1;
  double p = 0;
  int rank = 0;  // 1 = the greedy choice
};
TargetInfo target_info(const LiveProbe& live, std::span<const float> logits, const SoftmaxDist& d);

// The combo's entry for a source ("GPT (live) — step 200", "LLaDA (live) — no model yet").
std::string source_name(int source, const std::vector<BuiltinProbe>& builtins, LabSession& lab);

// A live source without logits: how to get some (the Training panel), instead of vanishing.
void draw_no_live_model(const TrainerSlot& slot, bool has_snapshot);

// Which position and context are scored, e.g.
//   GPT step 200: next token after “…the quick brown” (position 31; true next token ‘·fox’, p 0.41, rank 1)
void draw_live_title(const LiveProbe& live, const TargetInfo& target);

}  // namespace llada::app
