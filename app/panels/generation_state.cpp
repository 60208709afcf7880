#include "app/panels/generation_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/panels/panel.hpp"
#include "core/util/log.hpp"

namespace llada::app::generation {

GenState& state() {
  static GenState g;
  return g;
}

void release(GenState& g) {
  g.lanes.clear();  // each lane's job stops as it goes
  for (Side* side : {&g.gpt, &g.llada}) {
    side->load.stop();
    side->job.stop();
    side->result.reset();
    side->ckpt_weights.reset(), side->ckpt_tok.reset();
    side->stale.reset(), side->last_weights.reset(), side->last_tok.reset();
    side->awaiting_copy = false;
    side->asked = nullptr;
  }
}

namespace {
RegisterRelease release_at_exit{[] { release(state()); }};
}  // namespace

namespace {

std::string key(const Side& side, const char* what) {
  return std::string("generation.") + (side.llada ? "llada_" : "gpt_") + what;
}

int remasking_index(const std::string& name) {
  for (int i = 0; i < 4; ++i)
    if (name == gen::remasking_name(gen::kAllRemasking[i])) return i;
  return 0;
}

// An error for the side's red line, also logged (the window's stderr log shows what people saw).
void set_error(Side& side, std::string e) {
  log_line(std::string("generation (") + (side.llada ? "LLaDA" : "GPT") + "): " + e);
  side.error = std::move(e);
}

GenRequest make_request(GenState& g, bool llada, std::shared_ptr<const train::WeightsCopy> w,
                        std::shared_ptr<const Tokenizer> tok, int remasking, float threshold) {
  fit_llada(g);
  GenRequest r;
  r.weights = std::move(w);
  r.tok = std::move(tok);
  r.prompt = g.prompt;
  r.llada = llada;
  r.pins = g.pins;
  r.ar = {.max_new_tokens = g.length, .temperature = g.ar_temperature, .greedy = g.greedy, .top_k = g.top_k,
          .top_p = g.top_p, .seed = g.seed, .record_top = 10};
  r.ll = {.gen_length = g.length, .steps = g.steps, .block_length = g.block, .temperature = g.ll_temperature,
          .remasking = gen::kAllRemasking[std::clamp(remasking, 0, 3)], .threshold = threshold, .seed = g.seed,
          .record_top = 5};
  return r;
}

void start_lane(GenState& g, Lane& lane) {
  lane.dirty = false;
  lane.error.clear();
  if (!g.llada.last_weights) return;
  GenRequest r = make_request(g, true, g.llada.last_weights, g.llada.last_tok, lane.remasking, lane.threshold);
  lane.job.start([r = std::move(r)](auto&) { return run_generation(r); });
}

void start_job(GenState& g, Side& side, std::shared_ptr<const train::WeightsCopy> w,
               std::shared_ptr<const Tokenizer> tok) {
  side.dirty = false;
  side.last_weights = w;
  side.last_tok = tok;
  GenRequest r = make_request(g, side.llada, std::move(w), std::move(tok), g.remasking, g.threshold);
  side.job.start([r = std::move(r)](auto&) { return run_generation(r); });
  if (side.llada)
    for (auto& lane : g.lanes) {
      if (lane->job.running()) lane->dirty = true;  // started again when it finishes (poll_lane)
      else start_lane(g, *lane);
    }
}

// Once a frame: a finished checkpoint load, an arrived weights copy, a finished generation.
void poll(AppState& s, GenState& g, Side& side, bool& restart_replay) {
  if (auto r = side.load.take()) {
    if (*r) {
      side.ckpt_weights = (*r)->weights;
      side.ckpt_tok = (*r)->tok;
      side.error.clear();
      side.dirty = true;
    } else {
      set_error(side, r->error().to_string());
    }
  }
  if (side.awaiting_copy && !side.from_checkpoint) {
    TrainerSlot& slot = slot_of(s, side);
    auto snap = slot.snapshot();
    if (!snap || slot.trainer() != side.asked) {  // the trainer went away or was rebuilt: ask again
      side.awaiting_copy = false;
      side.dirty = slot.trainer() != nullptr;
    } else if (snap->weights && snap->weights != side.stale) {
      side.awaiting_copy = false;
      start_job(g, side, snap->weights, slot.tokenizer());
    }
  }
  if (auto r = side.job.take()) {
    if (*r) {
      side.result = std::move(**r);
      side.error.clear();
      restart_replay = true;
    } else {
      set_error(side, r->error().to_string());
    }
  }
  // Options changed, or a model just became available: generate (again) when nothing is in flight.
  const bool has_model = side.from_checkpoint ? side.ckpt_weights != nullptr : slot_of(s, side).trainer() != nullptr;
  if (!side.result && !side.job.running() && !side.awaiting_copy && has_model && side.error.empty()) side.dirty = true;
  if (side.dirty && has_model && !side.job.running() && !side.awaiting_copy && !side.load.running()) request(s, g, side);
}

void poll_lane(GenState& g, Lane& lane, bool& restart_replay) {
  if (auto r = lane.job.take()) {
    if (*r) {
      lane.result = std::move(**r);
      lane.error.clear();
      restart_replay = true;
    } else {
      lane.error = r->error().to_string();
    }
  }
  if (lane.dirty && !lane.job.running() && !g.llada.job.running()) start_lane(g, lane);
}

}  // namespace

void load_settings(AppState& s, GenState& g) {
  const Settings& st = s.settings;
  std::snprintf(g.prompt, sizeof g.prompt, "%s", st.get("generation.prompt", g.prompt).c_str());
  std::snprintf(g.pins, sizeof g.pins, "%s", st.get("generation.pins", g.pins).c_str());
  g.length = int(st.get_number("generation.length", g.length, 1, 128));
  g.seed = uint64_t(st.get_number("generation.seed", 1, 0, 1e9));
  g.ar_temperature = float(st.get_number("generation.ar_temperature", 1.0, 0.05, 5.0));
  g.greedy = st.get("generation.greedy") == "1";
  g.top_k = int(st.get_number("generation.top_k", 0, 0, 1000));
  g.top_p = float(st.get_number("generation.top_p", 1.0, 0.05, 1.0));
  g.steps = int(st.get_number("generation.steps", g.length, 1, 128));
  g.block = int(st.get_number("generation.block", g.length, 1, 128));
  g.remasking = remasking_index(st.get("generation.remasking", "low-confidence"));
  g.threshold = float(st.get_number("generation.threshold", 0.0, 0.0, 1.0));
  g.ll_temperature = float(st.get_number("generation.ll_temperature", 0.0, 0.0, 5.0));
  g.speed = float(st.get_number("generation.speed", 4.0, 0.25, 60.0));
  const int lanes = int(st.get_number("generation.lanes", 0, 0, kMaxLanes));
  for (int i = 0; i < lanes; ++i) {
    add_lane(g);
    const std::string k = "generation.lane" + std::to_string(i);
    g.lanes.back()->remasking = remasking_index(st.get(k + "_remasking", "margin"));
    g.lanes.back()->threshold = float(st.get_number(k + "_threshold", 0.0, 0.0, 1.0));
  }
  g.gpt.llada = false;
  g.llada.llada = true;
  for (Side* side : {&g.gpt, &g.llada}) {
    side->from_checkpoint = st.get(key(*side, "source")) == "checkpoint";
    std::snprintf(side->path, sizeof side->path, "%s", st.get(key(*side, "checkpoint")).c_str());
    if (side->from_checkpoint && side->path[0]) side->load.start([p = std::string(side->path), l = side->llada](auto&) {
      return load_source(p, l);
    });
  }
}

void save_settings(AppState& s, const GenState& g) {
  Settings& st = s.settings;
  st.set("generation.prompt", g.prompt);
  st.set("generation.pins", g.pins);
  st.set_number("generation.length", g.length);
  st.set_number("generation.seed", double(g.seed));
  st.set_number("generation.ar_temperature", g.ar_temperature);
  st.set("generation.greedy", g.greedy ? "1" : "0");
  st.set_number("generation.top_k", g.top_k);
  st.set_number("generation.top_p", g.top_p);
  st.set_number("generation.steps", g.steps);
  st.set_number("generation.block", g.block);
  st.set("generation.remasking", gen::remasking_name(gen::kAllRemasking[g.remasking]));
  st.set_number("generation.threshold", g.threshold);
  st.set_number("generation.ll_temperature", g.ll_temperature);
  st.set_number("generation.speed", g.speed);
  st.set_number("generation.lanes", double(g.lanes.size()));
  for (size_t i = 0; i < g.lanes.size(); ++i) {
    const std::string k = "generation.lane" + std::to_string(i);
    st.set(k + "_remasking", gen::remasking_name(gen::kAllRemasking[g.lanes[i]->remasking]));
    st.set_number(k + "_threshold", g.lanes[i]->threshold);
  }
  for (const Side* side : {&g.gpt, &g.llada}) {
    st.set(key(*side, "source"), side->from_checkpoint ? "checkpoint" : "training");
    st.set(key(*side, "checkpoint"), side->path);
  }
}

int nearest_divisor(int length, int block) {
  int best = length;
  for (int d = 1; d <= length; ++d)
    if (length % d == 0 && std::abs(d - block) < std::abs(best - block)) best = d;
  return best;
}

void fit_llada(GenState& g) {
  g.block = std::clamp(g.block, 1, g.length);
  if (g.length % g.block != 0) g.block = g.length;
  const int nb = g.length / g.block;
  g.steps = std::max(nb, (g.steps + nb - 1) / nb * nb);
}

TrainerSlot& slot_of(AppState& s, const Side& side) {
  return lab_session(s).slot(side.llada ? SlotId::Llada : SlotId::Gpt);
}

void request(AppState& s, GenState& g, Side& side) {
  side.error.clear();
  if (side.from_checkpoint) {
    if (side.ckpt_weights) start_job(g, side, side.ckpt_weights, side.ckpt_tok);
    return;
  }
  TrainerSlot& slot = slot_of(s, side);
  if (train::Trainer* tr = slot.trainer()) {
    side.stale = slot.snapshot() ? slot.snapshot()->weights : nullptr;
    side.awaiting_copy = true;
    side.asked = tr;
    side.dirty = false;
    tr->copy_weights();
  }
}

void request_lane(GenState&, Lane& lane) { lane.dirty = true; }

void add_lane(GenState& g) {
  if (static_cast<int>(g.lanes.size()) >= kMaxLanes) return;
  auto lane = std::make_unique<Lane>();
  // A strategy not shown yet: margin, entropy, random, low-confidence in that order.
  for (int r : {2, 3, 1, 0}) {
    bool used = r == g.remasking;
    for (const auto& l : g.lanes) used |= l->remasking == r;
    if (!used) {
      lane->remasking = r;
      break;
    }
  }
  lane->dirty = true;
  g.lanes.push_back(std::move(lane));
}

int max_steps(const GenState& g) {
  int n = std::max(g.gpt.result ? g.gpt.result->steps() : 0, g.llada.result ? g.llada.result->steps() : 0);
  for (const auto& l : g.lanes)
    if (l->result) n = std::max(n, l->result->steps());
  return n;
}

int replay_step(const GenState& g) { return int(std::floor(g.play + 1e-4f)); }

void tick(AppState& s, GenState& g) {
  if (g.ticked_at == s.now && g.init) return;  // once a frame, whichever panel asks first
  g.ticked_at = s.now;
  if (!g.init) {
    g.init = true;
    load_settings(s, g);
  }
  bool restart = false;
  poll(s, g, g.gpt, restart);
  poll(s, g, g.llada, restart);
  for (auto& lane : g.lanes) poll_lane(g, *lane, restart);
  if (restart) g.play = 0, g.playing = true;
  const int n_max = max_steps(g);
  if (g.playing) {
    g.play += s.dt * g.speed;
    if (g.play >= n_max) g.play = float(n_max), g.playing = false, g.ended_at = s.now;
  }
  // Following training: 1.5 s after a replay ends, the live sides whose model has trained since
  // generate again with the newest weights.
  if (g.follow && !g.playing && g.ended_at >= 0 && s.now - g.ended_at > 1.5) {
    g.ended_at = -1;
    for (Side* side : {&g.gpt, &g.llada}) {
      if (side->from_checkpoint || side->job.running() || side->awaiting_copy) continue;
      auto snap = slot_of(s, *side).snapshot();
      if (snap && side->result && (snap->status == train::TrainerStatus::Running || snap->step != side->result->step))
        request(s, g, *side);
    }
  }
}

widgets::Table trace(const GenState& g) {
  std::vector<NamedRun> runs;
  if (g.llada.result) runs.push_back({"llada", &*g.llada.result});
  for (const auto& l : g.lanes)
    if (l->result) {
      char name[64];
      std::snprintf(name, sizeof name, "llada:%s t=%.2f", gen::remasking_name(gen::kAllRemasking[l->remasking]),
                    double(l->threshold));
      runs.push_back({name, &*l->result});
    }
  return trace_table(g.gpt.result ? &*g.gpt.result : nullptr, runs);
}

}  // namespace llada::app::generation
