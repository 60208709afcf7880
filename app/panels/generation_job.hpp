// The work behind the Generation panel, off the UI thread: from an immutable weights copy (a live
// trainer's copy_weights() or a checkpoint) and a tokenizer, build a private Model and run either the
// autoregressive sampler (GPT side) or the LLaDA reverse process (LLaDA side), keeping the full trace
// and a printable label for every token the panel may show. Nothing here touches a trainer's model.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/generate/autoregressive.hpp"
#include "core/generate/llada_sampler.hpp"
#include "core/tok/tokenizer.hpp"
#include "core/train/weights.hpp"
#include "core/util/csv.hpp"
#include "core/util/result.hpp"

namespace llada::app {

struct GenRequest {
  std::shared_ptr<const train::WeightsCopy> weights;
  std::shared_ptr<const Tokenizer> tok;
  std::string prompt;
  bool llada = false;  // reverse process (LLaDA side) or left to right (GPT side)
  gen::ArOptions ar;
  gen::LladaOptions ll;  // mask_id is filled from the model
  std::string pins;      // LLaDA infilling, "0:Once, 5:upon" (encoded with the tokenizer into ll.pins)
};

struct Generated {
  bool llada = false;
  std::string origin;          // "training, step 120" or the checkpoint path
  uint64_t step = 0;           // training steps the weights had
  int prompt_len = 0;
  int32_t mask_id = -1;
  gen::ArResult ar;            // GPT side
  gen::LladaResult ll;         // LLaDA side
  std::vector<int> commit_step;   // LLaDA: per position, the 0-based step that committed it (< 0: prompt, pinned)
  std::vector<int> commit_index;  // LLaDA: per position, its index in that step's commits
  std::unordered_map<int32_t, std::string> labels;  // every id shown (tokens and candidates)
  std::unordered_map<int32_t, std::string> pieces;  // the sequence's ids as display_piece (spaces kept), for CSV

  int steps() const { return llada ? static_cast<int>(ll.trace.size()) : static_cast<int>(ar.steps.size()); }
  const std::string& label(int32_t id) const;
};

// Loads a checkpoint and the tokenizer it names, for one side; errors say which side it belongs to
// when a LLaDA checkpoint is loaded on the GPT side or the other way round.
struct LoadedSource {
  std::shared_ptr<const train::WeightsCopy> weights;
  std::shared_ptr<const Tokenizer> tok;
};
Result<LoadedSource> load_source(const std::string& path, bool llada_side);

Result<Generated> run_generation(const GenRequest& r);

// The replay as a table, one row per (generator, step, answer position), for "Export CSV": the token
// there after that step (id and piece, a space as a space; empty while masked or not generated yet), its probability (GPT:
// in the distribution it was drawn from) or confidence (LLaDA: the score that chose it), the step that
// committed it, and its status: new (committed at this step), settled, masked, pinned (infilling), not_generated.
// Results may be null (a side with nothing generated). Each LLaDA run is named in the generator column
// ("llada", or "llada:margin τ=0.9" for a lane).
struct NamedRun {
  std::string name;
  const Generated* run = nullptr;
};
CsvTable trace_table(const Generated* gpt, const std::vector<NamedRun>& llada);

}  // namespace llada::app
