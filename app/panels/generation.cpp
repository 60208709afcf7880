// Panel "Generation": one prompt continued by the GPT left to right and by the LLaDA through its reverse
// process, side by side, replayed step by step. Masks are grey, the tokens committed at the current
// step are coloured by their probability / confidence, earlier ones are settled (plain). Hover on a chip
// for its id, piece, probability and the step that committed it; the GPT side also shows the
// distribution its current token was drawn from.
//
// Each side's model comes from the live trainer of its slot (Training panel) or from a checkpoint.
// The panel never reads a live model: it asks the trainer for a weights copy (Trainer::copy_weights),
// and generates on a worker with a private model built from the copy (generation_job.hpp).
#include <imgui.h>

#include <algorithm>
#include <cstdarg>
#include <cmath>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/classroom.hpp"
#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/lab_session.hpp"
#include "app/panels/generation_job.hpp"
#include "app/panels/generation_state.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/layout.hpp"
#include "app/widgets/plot_frame.hpp"
#include "app/widgets/token_chips.hpp"

namespace llada::app {

namespace {

using generation::GenState;
using generation::Lane;
using generation::Side;
using generation::fit_llada;
using generation::request;
using generation::save_settings;
using generation::slot_of;

constexpr const char* kId = "generation";
const char* const kRemaskingItems[] = {"low-confidence", "random", "margin", "entropy"};
constexpr const char* kTitle = tr_noop("Generation");
const ImVec4 kErrorColor(1.0f, 0.45f, 0.4f, 1.0f);

// Probability / confidence → colour: red (0) → amber (0.5) → green (1).
ImU32 confidence_color(float p) {
  p = std::clamp(p, 0.0f, 1.0f);
  const float r0 = 200, g0 = 64, b0 = 48, r1 = 214, g1 = 160, b1 = 40, r2 = 52, g2 = 160, b2 = 84;
  float r, g, b;
  if (p < 0.5f) {
    const float u = p / 0.5f;
    r = r0 + (r1 - r0) * u, g = g0 + (g1 - g0) * u, b = b0 + (b1 - b0) * u;
  } else {
    const float u = (p - 0.5f) / 0.5f;
    r = r1 + (r2 - r1) * u, g = g1 + (g2 - g1) * u, b = b1 + (b2 - b1) * u;
  }
  return IM_COL32(int(r), int(g), int(b), 255);
}
// Commit step (0 first … 1 last) → colour: blue → teal → yellow, a perceptually ordered ramp.
ImU32 step_color(float u) {
  u = std::clamp(u, 0.0f, 1.0f);
  const float r = u < 0.5f ? 60 + 2 * u * (40 - 60) : 40 + (2 * u - 1) * (240 - 40);
  const float g = u < 0.5f ? 80 + 2 * u * (170 - 80) : 170 + (2 * u - 1) * (220 - 170);
  const float b = u < 0.5f ? 200 + 2 * u * (150 - 200) : 150 + (2 * u - 1) * (60 - 150);
  return IM_COL32(int(r), int(g), int(b), 255);
}
constexpr ImU32 kPromptFill = IM_COL32(96, 72, 128, 255);   // the prompt: given, not generated
constexpr ImU32 kFutureFill = IM_COL32(44, 44, 50, 255);   // GPT: not generated yet

// The source line of a side: live trainer or checkpoint, with load controls and what to do when empty.
void draw_source(AppState& s, GenState& g, Side& side) {
  ImGui::PushID(side.llada ? "llada_src" : "gpt_src");
  const bool to_live = ImGui::RadioButton(tr("live training"), !side.from_checkpoint) && side.from_checkpoint;
  widgets::same_line_if_fits(widgets::check_width(tr("checkpoint")));
  const bool to_ckpt = ImGui::RadioButton(tr("checkpoint"), side.from_checkpoint) && !side.from_checkpoint;
  if (to_live || to_ckpt) {
    side.from_checkpoint = to_ckpt;
    side.result.reset();
    side.error.clear();
    side.awaiting_copy = false;
    side.dirty = true;
    save_settings(s, g);
  }
  if (side.from_checkpoint) {
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize(tr("Load")).x - 3 * ImGui::GetStyle().FramePadding.x -
                            ImGui::GetStyle().ItemSpacing.x);
    const bool enter = ImGui::InputTextWithHint("##path", side.llada ? "llada.ckpt" : "gpt.ckpt", side.path,
                                                 sizeof side.path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button(tr("Load")) || enter) && !side.load.running()) {
      side.error.clear();
      side.load.start([p = std::string(side.path), l = side.llada](auto&) { return load_source(p, l); });
    }
    if (side.load.running()) ImGui::TextDisabled(tr("loading %s…"), side.path);
    else if (side.ckpt_weights)
      ImGui::TextDisabled(tr("%s · step %llu · %s"), side.ckpt_weights->config.describe().c_str(),
                          (unsigned long long)side.ckpt_weights->step, side.ckpt_weights->tokenizer_id.c_str());
    else if (side.error.empty())
      ImGui::TextWrapped(tr("No checkpoint loaded: type the path of a file written by 'llada-lab train --model %s --save "
                            "FILE' and press Load."),
                         side.llada ? "llada" : "zero-layer");
  } else {
    TrainerSlot& slot = slot_of(s, side);
    if (auto snap = slot.snapshot(); snap && slot.trainer()) {
      ImGui::TextDisabled(tr("%s · step %llu · %s"), snap->model_description.c_str(), (unsigned long long)snap->step,
                          tr(train::status_name(snap->status)));
    } else if (slot.building()) {
      ImGui::TextDisabled(tr("the Training panel is building the %s… %.0f %%"), side.llada ? "LLaDA" : "GPT",
                          100 * slot.progress());
    } else {
      ImGui::TextWrapped("%s", side.llada ? tr("No LLaDA yet: start a LLaDA in the Training panel, or load a checkpoint.")
                                          : tr("No GPT yet: start a GPT in the Training panel, or load a checkpoint."));
    }
  }
  ImGui::PopID();
}

[[gnu::format(printf, 1, 2)]] std::string fmt(const char* f, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

// Horizontal bars of a distribution's top entries, the chosen token marked; hover for exact values.
void draw_top_bars(const Generated& g, const std::vector<gen::TokenProb>& top, int32_t chosen) {
  if (top.empty()) return;
  const float fs = ImGui::GetFontSize();
  float label_w = 0;
  for (const auto& e : top) label_w = std::max(label_w, ImGui::CalcTextSize(g.label(e.token).c_str()).x);
  label_w = std::min(label_w, 10 * fs);
  const float full = std::max(4 * fs, ImGui::GetContentRegionAvail().x - label_w - 5 * fs);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t i = 0; i < top.size(); ++i) {
    const auto& e = top[i];
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(int(i));
    ImGui::InvisibleButton("bar", ImVec2(label_w + full + 5 * fs, fs * 1.15f));
    ImGui::PopID();
    const bool hov = ImGui::IsItemHovered();
    const std::string& lab = g.label(e.token);
    dl->AddText(ImVec2(p.x + label_w - ImGui::CalcTextSize(lab.c_str()).x, p.y), IM_COL32(230, 230, 230, 255),
                lab.c_str());
    const float x0 = p.x + label_w + 0.5f * fs;
    const ImU32 col = e.token == chosen ? IM_COL32(255, 160, 60, 255) : widgets::colors::exact;
    dl->AddRectFilled(ImVec2(x0, p.y + 0.15f * fs), ImVec2(x0 + std::max(1.0f, full * e.prob), p.y + fs), col);
    if (hov) dl->AddRect(ImVec2(x0, p.y + 0.15f * fs), ImVec2(x0 + full, p.y + fs), IM_COL32(255, 255, 255, 90));
    const std::string v = fmt("%.3f", e.prob) + (e.token == chosen ? std::string("  ") + tr("◀ drawn") : "");
    dl->AddText(ImVec2(x0 + full * e.prob + 0.3f * fs, p.y), IM_COL32(200, 200, 200, 255), v.c_str());
    if (hov) ImGui::SetTooltip("id %d  '%s'\np = %.6f%s", e.token, lab.c_str(), e.prob, e.token == chosen ? tr("\n(the token drawn)") : "");
  }
}

void draw_gpt(const GenState& g, const Generated& r, int k) {
  const int P = r.prompt_len, n = r.steps();
  std::vector<widgets::Chip> chips;
  for (int i = 0; i < P; ++i)
    chips.push_back({r.label(r.ar.tokens[i]), false, "", fmt(tr("prompt · id %d"), int(r.ar.tokens[i])), kPromptFill});
  for (int j = 0; j < n; ++j) {
    const int32_t id = r.ar.tokens[P + j];
    const gen::ArStep& st = r.ar.steps[j];
    if (j >= k) {
      chips.push_back({" ", false, "", fmt(tr("not generated yet (step %d)"), j + 1), kFutureFill});
      continue;
    }
    std::string tip = fmt(tr("id %d  '%s'\np = %.6f (in the distribution it was drawn from)\nentropy %.3f nats\n"
                             "committed at step %d of %d"),
                          int(id), r.label(id).c_str(), st.prob, st.entropy, j + 1, n);
    chips.push_back({r.label(id), false, fmt("%.2f", st.prob), tip, j == k - 1 ? confidence_color(st.prob) : 0});
  }
  widgets::token_chips("gpt_chips", chips);
  ImGui::Spacing();
  const int j = std::clamp(k - 1, 0, n - 1);
  if (n == 0) return;
  const gen::ArStep& st = r.ar.steps[j];
  ImGui::TextWrapped(tr("%s %d: drawn from softmax(z / %s)%s, entropy %.3f nats (exp H = %.1f choices)"),
                     k == 0 ? tr("Next: token") : tr("Token"), j + 1,
                     g.greedy ? tr("1, greedy") : fmt("%.2f", g.ar_temperature).c_str(),
                     (g.top_k > 0 || g.top_p < 1) ? tr(" after top-k/top-p") : "", st.entropy, std::exp(st.entropy));
  draw_top_bars(r, st.top, st.token);
  if (std::none_of(st.top.begin(), st.top.end(), [&](const gen::TokenProb& e) { return e.token == st.token; }))
    ImGui::TextDisabled(tr("drawn: '%s' (id %d), p = %.4f, outside the %zu most probable"), r.label(st.token).c_str(), st.token,
                        st.prob, st.top.size());
}

void draw_llada(const Generated& r, int k) {
  const int P = r.prompt_len, n = r.steps();
  const std::vector<int32_t>& x = k == 0 ? std::vector<int32_t>() : r.ll.trace[k - 1].state;
  std::vector<widgets::Chip> chips;
  const int L = static_cast<int>(r.ll.tokens.size());
  for (int p = 0; p < L; ++p) {
    const bool given = p < P || r.commit_step[p] == gen::kPinnedPosition;
    const int32_t id = k == 0 ? (given ? r.ll.tokens[p] : r.mask_id) : x[p];
    if (p < P) {
      chips.push_back({r.label(id), false, "", fmt(tr("prompt · id %d"), int(id)), kPromptFill});
      continue;
    }
    if (id == r.mask_id) {
      const int when = r.commit_step[p];
      chips.push_back({"", true, "", fmt(tr("masked · will be committed at step %d of %d"), when + 1, n), 0});
      continue;
    }
    const int s = r.commit_step[p];
    if (s < 0) {  // pinned before generation (infilling)
      chips.push_back({r.label(id), false, "", fmt(tr("pinned · id %d"), int(id)), kPromptFill});
      continue;
    }
    const gen::Commit& c = r.ll.trace[s].commits[r.commit_index[p]];
    std::string tip = fmt(tr("id %d  '%s'\nconfidence %.6f\ncommitted at step %d of %d (block %d, rank %d that step)\n"
                             "the model's candidates there:"),
                          int(id), r.label(id).c_str(), double(c.confidence), s + 1, n, int(r.ll.trace[s].block),
                          int(r.commit_index[p] + 1));
    for (const auto& e : c.top) tip += "\n  '" + r.label(e.token) + "' " + fmt("%.4f", e.prob);
    chips.push_back({r.label(id), false, fmt("%.2f", c.confidence), tip, s == k - 1 ? confidence_color(c.confidence) : 0});
  }
  widgets::token_chips("llada_chips", chips);
  ImGui::Spacing();
  if (k == 0) {
    ImGui::TextWrapped(tr("Step 0: the answer is %d × [MASK]. Each step the mask predictor scores every masked position "
                          "and commits the most confident ones."),
                       L - P);
    return;
  }
  const gen::LladaStep& st = r.ll.trace[k - 1];
  ImGui::TextWrapped(tr("Step %d of %d (block %d): %d masked before, %zu committed, %d still masked"), k, n, st.block,
                     st.masked_before, st.commits.size(), st.masked_before - int(st.commits.size()));
  for (const auto& c : st.commits) {
    ImGui::TextDisabled(tr("  position %d: '%s' confidence %.3f%s"), c.position - P, r.label(c.token).c_str(), c.confidence,
                        c.top.size() > 1 ? (std::string(tr("   runner-up")) + " '" + r.label(c.top[1].token) + "' " +
                                            fmt("%.3f", c.top[1].prob)).c_str()
                                         : "");
  }
}

// The step at which each position was committed, as a strip of cells: hue from the first step (blue) to
// the last (yellow), the bar inside a cell its score (full height = 1); positions committed after
// step k are dark, pinned ones purple. Under it, the tokens committed per step, the current one marked.
void draw_commit_map(const Generated& r, int k, const char* id) {
  const int P = r.prompt_len, L = static_cast<int>(r.ll.tokens.size()), n = r.steps();
  if (L <= P || n == 0) return;
  const float fs = ImGui::GetFontSize();
  const float w = std::clamp((ImGui::GetContentRegionAvail().x - fs) / float(L - P), 0.4f * fs, 1.6f * fs);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::PushID(id);
  for (int p = P; p < L; ++p) {
    const float x = p0.x + (p - P) * w;
    const ImVec2 a(x, p0.y), b(x + w - 1, p0.y + 1.6f * fs);
    const int s = r.commit_step[p];
    ImU32 fill = widgets::colors::masked;
    if (s == gen::kPinnedPosition) fill = kPromptFill;
    else if (s >= 0 && s < k) fill = step_color(n > 1 ? float(s) / float(n - 1) : 0.0f);
    dl->AddRectFilled(a, b, fill, 2);
    if (s >= 0 && s < k) {
      const float c = std::clamp(r.ll.confidence[p], 0.0f, 1.0f);
      dl->AddRectFilled(ImVec2(x + 0.3f * w, b.y - (b.y - a.y) * c), ImVec2(x + 0.7f * w - 1, b.y), IM_COL32(255, 255, 255, 150));
    }
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(p);
    ImGui::InvisibleButton("cell", ImVec2(w, 1.6f * fs));
    ImGui::PopID();
    if (ImGui::IsItemHovered()) {
      const int32_t id_tok = r.ll.tokens[p];
      if (s == gen::kPinnedPosition)
        ImGui::SetTooltip(tr("position %d: '%s' pinned before generation"), p - P, r.label(id_tok).c_str());
      else
        ImGui::SetTooltip(tr("position %d: '%s'\ncommitted at step %d of %d, score %.4f"), p - P, r.label(id_tok).c_str(),
                          s + 1, n, double(r.ll.confidence[p]));
    }
  }
  // Tokens committed per step: one column a step, the current one outlined.
  const std::vector<int> per = r.ll.commits_per_step();
  const int most = std::max(1, *std::max_element(per.begin(), per.end()));
  const float y0 = p0.y + 1.9f * fs, h = 1.6f * fs, cw = std::min(w, (L - P) * w / float(n));
  for (int i = 0; i < n; ++i) {
    const float x = p0.x + i * cw;
    dl->AddRectFilled(ImVec2(x, y0 + h * (1 - float(per[i]) / most)), ImVec2(x + cw - 1, y0 + h),
                      step_color(n > 1 ? float(i) / float(n - 1) : 0.0f));
    if (i == k - 1) dl->AddRect(ImVec2(x - 1, y0 - 1), ImVec2(x + cw, y0 + h + 1), IM_COL32(255, 255, 255, 220));
    if (ImGui::IsMouseHoveringRect(ImVec2(x, y0), ImVec2(x + cw, y0 + h)))
      ImGui::SetTooltip(tr("step %d: %d token(s) committed"), i + 1, per[i]);
  }
  ImGui::SetCursorScreenPos(ImVec2(p0.x, y0 + h + 0.3f * fs));
  ImGui::TextDisabled(tr("above: the step that committed each position (blue first, yellow last; bar: its score); "
                         "below: tokens committed per step. %d model evaluations, at most %d tokens in one step"),
                      r.ll.evaluations, most);
  ImGui::PopID();
}

// The LLaDA side's options; true when one changed. Classroom mode folds away those a lesson step does
// not set (app/classroom.hpp).
bool llada_controls(const AppState& s, GenState& g) {
  auto shown = [&](const char* name) { return !classroom_hides(s, kId, name); };
  bool ch = shown("steps") && ImGui::SliderInt(tr("steps"), &g.steps, 1, 128, "%d", ImGuiSliderFlags_AlwaysClamp);
  if (shown("block") && ImGui::SliderInt(tr("block length"), &g.block, 1, g.length, "%d", ImGuiSliderFlags_AlwaysClamp)) {
    g.block = generation::nearest_divisor(g.length, g.block);  // blocks tile the answer
    ch = true;
  }
  if (shown("remasking")) {
    ch |= ImGui::Combo(tr("remasking"), &g.remasking, kRemaskingItems, 4);
    if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("Which masked positions are committed each step (the others are predicted again):\n"
                               "low-confidence: highest p of the chosen token\nrandom: a uniform draw\n"
                               "margin: largest gap between the two most likely tokens\n"
                               "entropy: lowest entropy, scored exp(-H)"));
  }
  if (shown("threshold")) {
    ch |= ImGui::SliderFloat(tr("threshold"), &g.threshold, 0.0f, 1.0f, g.threshold == 0 ? tr("off") : "%.2f",
                             ImGuiSliderFlags_AlwaysClamp);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("Parallel decoding (Fast-dLLM): each step commits every position whose score is at "
                                 "least the threshold, and at least one; the steps slider is then ignored"));
  }
  if (shown("ll_temperature"))
    ch |= ImGui::SliderFloat(tr_id("temperature", "ll_temperature"), &g.ll_temperature, 0.0f, 2.0f, "%.2f",
                             ImGuiSliderFlags_AlwaysClamp);
  fit_llada(g);
  const int blocks = g.length / g.block;
  ImGui::TextDisabled(blocks > 1 ? tr("%d blocks of %d, %d steps each: %s") : tr("%d block of %d, %d steps each: %s"),
                      blocks, g.block, g.steps / blocks, blocks == 1 ? tr("plain diffusion") : tr("semi-autoregressive"));
  return ch;
}

// The extra LLaDA lanes: other strategies on the same prompt, weights and seed, each with its picture.
void draw_lanes(AppState& s, GenState& g, int k) {
  ImGui::Separator();
  ImGui::TextUnformatted(tr("Lanes: other strategies, same prompt, model and seed"));
  int remove = -1;
  for (size_t i = 0; i < g.lanes.size(); ++i) {
    Lane& lane = *g.lanes[i];
    ImGui::PushID(int(i));
    bool ch = false;
    ImGui::SetNextItemWidth(9 * ImGui::GetFontSize());
    ch |= ImGui::Combo("##rm", &lane.remasking, kRemaskingItems, 4);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(7 * ImGui::GetFontSize());
    ch |= ImGui::SliderFloat("##th", &lane.threshold, 0.0f, 1.0f, lane.threshold == 0 ? tr("threshold off") : "τ %.2f",
                             ImGuiSliderFlags_AlwaysClamp);
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("remove"))) remove = int(i);
    if (ch) generation::request_lane(g, lane), save_settings(s, g);
    if (!lane.error.empty()) ImGui::TextColored(kErrorColor, "%s", tr_message(lane.error).c_str());
    if (lane.job.running()) ImGui::TextDisabled("%s", tr("generating…"));
    if (lane.result) {
      const Generated& r = *lane.result;
      const int kk = std::min(k, r.steps());
      std::string text;  // the answer after step kk, masks as '_'
      for (int p = r.prompt_len; p < int(r.ll.tokens.size()); ++p) {
        const bool pinned = r.commit_step[p] == gen::kPinnedPosition;
        const int32_t t = kk > 0 ? r.ll.trace[size_t(kk - 1)].state[p] : pinned ? r.ll.tokens[p] : r.mask_id;
        text += t == r.mask_id ? "_" : r.label(t);
      }
      ImGui::TextWrapped("%s", text.c_str());
      draw_commit_map(r, kk, "lane_map");
    }
    ImGui::PopID();
  }
  if (remove >= 0) g.lanes.erase(g.lanes.begin() + remove), save_settings(s, g);
  if (int(g.lanes.size()) < generation::kMaxLanes && ImGui::SmallButton(tr("+ add a lane"))) {
    generation::add_lane(g);
    save_settings(s, g);
  }
}

void draw_side(AppState& s, GenState& g, Side& side, int k) {
  ImGui::TextUnformatted(side.llada ? tr("LLaDA — reverse process") : tr("GPT — left to right"));
  ImGui::Separator();
  draw_source(s, g, side);
  if (!side.error.empty()) ImGui::TextColored(kErrorColor, "%s", tr_message(side.error).c_str());
  if (side.job.running() || side.awaiting_copy) ImGui::TextDisabled("%s", tr("generating…"));
  ImGui::PushID(side.llada ? "ll" : "ar");
  bool ch = false;
  // The controls leave their labels room (and a margin: the column's cell reaches under its border) in a
  // half-width column at UI scale 2, down to 4 font sizes.
  const char* const ll_labels[] = {tr("steps"), tr("block length"), tr("remasking"), tr("threshold"), tr("temperature")};
  const char* const ar_labels[] = {tr("temperature"), tr("top-k (0 = off)"), tr("top-p (1 = off)")};
  float label_w = 0;
  for (const char* l : side.llada ? std::span<const char* const>(ll_labels) : std::span<const char* const>(ar_labels))
    label_w = std::max(label_w, ImGui::CalcTextSize(l).x);
  const float avail = ImGui::GetContentRegionAvail().x;
  ImGui::PushItemWidth(std::max(4 * ImGui::GetFontSize(),
                                std::min(0.45f * avail, avail - label_w - ImGui::GetFontSize())));
  if (side.llada) {
    ch |= llada_controls(s, g);
  } else {
    auto shown = [&](const char* name) { return !classroom_hides(s, kId, name); };
    if (shown("ar_temperature"))
      ch |= ImGui::SliderFloat(tr_id("temperature", "ar_temperature"), &g.ar_temperature, 0.05f, 5.0f, "%.2f",
                               ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
    if (shown("greedy")) ch |= ImGui::Checkbox(tr("greedy"), &g.greedy);
    if (shown("top_k")) ch |= ImGui::SliderInt(tr("top-k (0 = off)"), &g.top_k, 0, 100, "%d", ImGuiSliderFlags_AlwaysClamp);
    if (shown("top_p")) ch |= ImGui::SliderFloat(tr("top-p (1 = off)"), &g.top_p, 0.05f, 1.0f, "%.2f", ImGuiSliderFlags_AlwaysClamp);
    if (g.pins[0])
      ImGui::TextWrapped("%s", tr("Infilling: the GPT cannot fill around pinned tokens. It writes left to right and "
                                  "each token sees only the ones before it, so a token pinned later in the answer "
                                  "cannot shape what comes before; the pins are ignored on this side."));
  }
  ImGui::PopItemWidth();
  ImGui::PopID();
  if (ch) {
    side.dirty = true;
    save_settings(s, g);
  }
  ImGui::Separator();
  if (side.result) {
    const Generated& r = *side.result;
    ImGui::TextDisabled(tr("generated from %s"), r.origin.c_str());
    const int kk = std::min(k, r.steps());
    if (side.llada) {
      draw_commit_map(r, kk, "main_map");
      draw_llada(r, kk);
    } else {
      draw_gpt(g, r, kk);
    }
  }
  if (side.llada) draw_lanes(s, g, k);
}

// Colour key for the chips.
void draw_legend() {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  ImGui::TextDisabled("%s", tr("new this step, by probability:"));
  widgets::same_line_if_fits(9 * fs);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const int n = 24;
  const float w = 8 * fs;
  for (int i = 0; i < n; ++i)
    dl->AddRectFilled(ImVec2(p.x + w * i / n, p.y + 0.2f * fs), ImVec2(p.x + w * (i + 1) / n + 1, p.y + fs),
                      confidence_color((i + 0.5f) / n));
  dl->AddText(ImVec2(p.x - 0.1f * fs, p.y + fs), IM_COL32(200, 200, 200, 255), "0");
  dl->AddText(ImVec2(p.x + w - 0.5f * fs, p.y + fs), IM_COL32(200, 200, 200, 255), "1");
  ImGui::Dummy(ImVec2(w + fs, 1.9f * fs));
  auto swatch = [&](ImU32 col, const char* what) {  // swatch and word together, on the next line if need be
    widgets::same_line_if_fits(1.2f * fs + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(what).x);
    const ImVec2 q = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(ImVec2(q.x, q.y + 0.2f * fs), ImVec2(q.x + fs, q.y + fs), col, 3);
    ImGui::Dummy(ImVec2(1.2f * fs, fs));
    ImGui::SameLine();
    ImGui::TextDisabled("%s", what);
  };
  swatch(widgets::colors::chip, tr("settled"));
  swatch(widgets::colors::masked, "[MASK]");
  swatch(kPromptFill, tr("prompt"));
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  GenState& g = generation::state();
  generation::tick(s, g);

  // Shared controls: prompt, length, seed; generate; replay and scrub. Classroom mode folds away those a
  // lesson step does not set (app/classroom.hpp).
  bool ch = false;
  ClassroomRow row(s, kId);
  if (row.show("prompt")) {
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.4f);
    ch |= ImGui::InputText(tr("prompt"), g.prompt, sizeof g.prompt);
  }
  if (row.show("length", widgets::labeled_width(8 * ImGui::GetFontSize(), tr("length")))) {
    ImGui::SetNextItemWidth(8 * ImGui::GetFontSize());
    ch |= ImGui::SliderInt(tr("length"), &g.length, 1, 64, "%d", ImGuiSliderFlags_AlwaysClamp);
  }
  if (row.show("seed", widgets::labeled_width(6 * ImGui::GetFontSize(), tr("seed")))) {
    int seed = int(g.seed);
    ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
    if (ImGui::InputInt(tr("seed"), &seed)) g.seed = uint64_t(std::max(0, seed)), ch = true;
  }
  row.end();
  if (row.show("pins")) {
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.4f);
    if (ImGui::InputTextWithHint(tr("pin (infilling)"), "0:Once, 5:upon", g.pins, sizeof g.pins)) {
      g.llada.dirty = true;
      save_settings(s, g);
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("LLaDA only: fix tokens at answer positions (0 = the first generated token), as "
                                 "POSITION:TEXT separated by commas; the model fills the rest around them"));
    ImGui::SameLine();
  }
  const bool gen_clicked = ImGui::Button(tr("Generate"));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("Generate again on both sides (live trainers: with a fresh copy of their current weights)"));
  if (ch) {
    g.gpt.dirty = g.llada.dirty = true;
    save_settings(s, g);
  }
  if (gen_clicked) {
    request(s, g, g.gpt);
    request(s, g, g.llada);
  }

  const int n_max = generation::max_steps(g);
  if (ImGui::Button(g.playing ? tr("Pause") : tr("Play"))) {
    if (!g.playing && g.play >= n_max) g.play = 0;
    g.playing = !g.playing;
  }
  ImGui::SameLine();
  if (ImGui::Button(tr("Replay"))) g.play = 0, g.playing = true;
  ImGui::SameLine();
  int k = generation::replay_step(g);
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
  if (ImGui::SliderInt(tr("step"), &k, 0, std::max(n_max, 1), k == 0 ? tr("start") : "%d", ImGuiSliderFlags_AlwaysClamp))
    g.play = float(k), g.playing = false, g.ended_at = -1;
  if (!classroom_hides(s, kId, "speed")) {
    widgets::same_line_if_fits(widgets::labeled_width(6 * ImGui::GetFontSize(), tr("steps/s")));
    ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
    if (ImGui::SliderFloat(tr("steps/s"), &g.speed, 0.25f, 60.0f, "%.1f", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
      save_settings(s, g);
  }
  widgets::same_line_if_fits(widgets::check_width(tr("follow training")));
  ImGui::Checkbox(tr("follow training"), &g.follow);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("While a live model trains, generate again with its newest weights after each replay"));
  widgets::same_line_if_fits(widgets::export_buttons_width(true));
  const ImVec2 win = ImGui::GetWindowPos();
  widgets::export_buttons(s, "generation", win, ImVec2(win.x + ImGui::GetWindowWidth(), win.y + ImGui::GetWindowHeight()),
                          [&] { return generation::trace(g); });
  draw_legend();

  if (ImGui::BeginTable("sides", 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable)) {
    // Every text line of a side wraps at its column's edge (long model descriptions, a large UI scale).
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TableNextColumn();
    draw_side(s, g, g.gpt, k);
    ImGui::TableNextColumn();
    draw_side(s, g, g.llada, k);
    ImGui::PopTextWrapPos();
    ImGui::EndTable();
  }
  ImGui::End();
}

void file_trace_csv(AppState& s) {
  const GenState& g = generation::state();
  if (!g.gpt.result && !g.llada.result)
    return s.error(tr("nothing generated yet\nHINT: open the Generation panel with a model in training or a checkpoint"));
  widgets::export_csv(s, "generation", generation::trace(g));
}
void file_view_png(AppState& s) { widgets::export_plot_png(s, "generation"); }

RegisterFileAction file_entries[] = {
    RegisterFileAction{{tr_noop("Export the trace of both generators (CSV)"), file_trace_csv, kId}},
    RegisterFileAction{{tr_noop("Export the panel as shown (PNG)"), file_view_png, kId}}};
RegisterPanel reg{{kId, kTitle, 65, false, {0.0f, 0.0f, 1.0f, 1.0f}, draw}};
void regenerate() { generation::state().gpt.dirty = generation::state().llada.dirty = true; }
GenState& gs = generation::state();
RegisterParams params{kId, {
    Param::text("prompt", gs.prompt, sizeof gs.prompt, "the text both models continue").then(regenerate),
    Param::integer("length", &gs.length, 1, 64, "tokens generated after the prompt").then(regenerate),
    Param::integer("seed", &gs.seed, 0, 1'000'000'000, "seed of the sampling").then(regenerate),
    Param::real("ar_temperature", &gs.ar_temperature, 0.05, 5.0, "GPT: softmax temperature").then(regenerate),
    Param::flag("greedy", &gs.greedy, "GPT: always take the most likely token").then(regenerate),
    Param::integer("top_k", &gs.top_k, 0, 100, "GPT: sample among the k most likely (0: off)").then(regenerate),
    Param::real("top_p", &gs.top_p, 0.05, 1.0, "GPT: sample within probability mass p (1: off)").then(regenerate),
    Param::integer("steps", &gs.steps, 1, 128, "LLaDA: reverse-process steps").then(regenerate),
    Param::integer("block", &gs.block, 1, 64, "LLaDA: block length (semi-autoregressive when < length)").then(regenerate),
    Param::choice("remasking", &gs.remasking, {"low-confidence", "random", "margin", "entropy"},
                  "LLaDA: which predictions are kept each step")
        .then(regenerate),
    Param::real("threshold", &gs.threshold, 0.0, 1.0, "LLaDA: parallel decoding threshold (0: fixed schedule)")
        .then(regenerate),
    Param::text("pins", gs.pins, sizeof gs.pins, "LLaDA infilling: POSITION:TEXT pins, e.g. 0:Once, 5:upon")
        .then(regenerate),
    Param::real("ll_temperature", &gs.ll_temperature, 0.0, 2.0, "LLaDA: sampling temperature (0: argmax)").then(regenerate),
    Param::real("speed", &gs.speed, 0.25, 60.0, "replay speed, steps per second")}};

}  // namespace

}  // namespace llada::app
