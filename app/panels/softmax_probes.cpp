#include "app/i18n/i18n.hpp"
#include "app/panels/softmax_probes.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/widgets/tokenizer_picker.hpp"
#include "core/math/philox.hpp"

namespace llada::app {

BuiltinProbe example_probe() {
  BuiltinProbe p{tr_noop("example: next word after \"Hà Nội là thủ đô của …\" (hand-written logits)"), {}, {}};
  const std::pair<const char*, float> head[] = {
      {"Việt", 6.0f}, {"nước", 4.2f}, {"Vietnam", 2.6f}, {"cả", 2.0f}, {"đất", 1.8f}, {"Đông", 1.2f},
      {"miền", 1.0f}, {"dân", 0.8f}, {"Bắc", 0.7f}, {"Pháp", 0.3f}, {"Lào", 0.0f}, {"tỉnh", -0.2f},
      {"châu", -0.4f}, {"Hà", -0.5f}, {"thành", -0.7f}, {"Nam", -0.8f}, {"Trung", -1.0f}, {"thế", -1.2f},
      {"văn", -1.4f}, {"Thái", -1.5f}, {"người", -1.7f}, {"Nhật", -1.9f}, {"quốc", -2.0f}, {"tôi", -2.2f}};
  for (auto& [w, z] : head) p.tokens.push_back(w), p.logits.push_back(z);
  // A long tail of 2 000 unlikely tokens, so that "everything else" matters at high temperature.
  for (int i = 0; i < 2000; ++i) {
    p.tokens.push_back("token #" + std::to_string(i + 1));
    p.logits.push_back(-4.5f + 0.8f * normal(99, stream::init, std::uint64_t(i)));
  }
  return p;
}

BuiltinProbe untrained_probe() {
  BuiltinProbe p{tr_noop("untrained model, V = 50 257 (logits ~ N(0, 0.02²))"), {}, {}};
  const int V = 50257;
  p.tokens.reserve(V), p.logits.reserve(V);
  for (int i = 0; i < V; ++i) {
    p.tokens.push_back("id " + std::to_string(i));
    p.logits.push_back(0.02f * normal(7, stream::init, std::uint64_t(i)));
  }
  return p;
}

std::span<const float> LiveProbe::logits() const {
  if (!snap || !snap->probe_logits) return {};
  return *snap->probe_logits;
}

std::string LiveProbe::label(int id) const {
  return tok && tok->has_token(id) ? widgets::token_label(tok->piece(id)) : "#" + std::to_string(id);
}

std::string LiveProbe::text(int id) const {
  return tok && tok->has_token(id) ? display_piece(tok->piece(id)) : "#" + std::to_string(id);
}

TargetInfo target_info(const LiveProbe& live, std::span<const float> logits, const SoftmaxDist& d) {
  TargetInfo t;
  if (!live.snap || live.snap->probe_target < 0 || size_t(live.snap->probe_target) >= logits.size() ||
      d.probs.size() != logits.size())
    return t;
  t.token = live.snap->probe_target;
  t.p = d.probs[size_t(t.token)];
  // Its place among the bars' order (by logit, ties toward the lower id): one pass, no sort.
  const float z = logits[size_t(t.token)];
  t.rank = 1;
  for (size_t i = 0; i < logits.size(); ++i) t.rank += logits[i] > z || (logits[i] == z && int(i) < t.token);
  return t;
}

std::string source_name(int source, const std::vector<BuiltinProbe>& builtins, LabSession& lab) {
  if (source == kExample || source == kUntrained)
    return size_t(source) < builtins.size() ? tr(builtins[size_t(source)].name.c_str()) : "?";
  const TrainerSlot& slot = lab.slot(source == kGptLive ? SlotId::Gpt : SlotId::Llada);
  std::string s = source == kGptLive ? tr("GPT (live): next token after the probe") : tr("LLaDA (live): a masked probe position");
  if (auto snap = slot.snapshot()) return s + " — " + snap->model_description + tr(", step ") + std::to_string(snap->step);
  return s + (slot.building() ? tr(" — building…") : tr(" — no model yet (Training panel)"));
}

void draw_no_live_model(const TrainerSlot& slot, bool has_snapshot) {
  const bool gpt = slot.id() == SlotId::Gpt;
  if (slot.building()) {
    ImGui::TextWrapped(tr("The %s model is being built (%.0f %%): its logits appear here when it is ready."), slot_name(slot.id()),
                       100.0 * slot.progress());
  } else if (has_snapshot) {
    ImGui::TextWrapped(gpt ? tr("The %s model has no probe to score (its probe sentence is shorter than 2 tokens).")
                           : tr("The %s model has no probe to score (its probe sentence is shorter than 1 token)."),
                       slot_name(slot.id()));
  } else {
    ImGui::TextWrapped(tr("No %s model yet. In the Training panel (View menu) choose %s, press \"Build model\", then "
                          "\"Start\": the logits of its probe position appear here and follow the training. Meanwhile "
                          "the built-in probes (in the list above) show the same mathematics on fixed logits."),
                       slot_name(slot.id()), gpt ? tr("\"zero-layer GPT\" or \"GPT\"") : "\"LLaDA\"");
  }
  if (!slot.error().empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", tr_message(slot.error()).c_str());
}

namespace {

std::string decoded(const Tokenizer& tok, std::span<const int32_t> ids) {
  std::vector<TokenId> v(ids.begin(), ids.end());
  return display_piece(tok.decode(v));
}

// The tokens around the scored position as the model saw them: the GPT the ones before it; the
// LLaDA a window around it, [MASK] as "[M]" and the scored one as "[?]".
std::string context_of(const LiveProbe& live) {
  const train::Snapshot& s = *live.snap;
  constexpr int kBefore = 40, kAfter = 24;  // tokens of context shown
  const int pos = s.probe_position;
  if (!live.llada) {
    const int end = std::min<int>(pos + 1, int(s.probe_tokens.size()));
    const int begin = std::max(0, end - kBefore);
    return (begin > 0 ? "…" : "") + decoded(*live.tok, std::span(s.probe_tokens).subspan(size_t(begin), size_t(end - begin)));
  }
  const int n = int(s.probe_inputs.size());
  const int begin = std::max(0, pos - kBefore / 2), end = std::min(n, pos + kAfter);
  std::string out = begin > 0 ? "…" : "";
  int run = begin;  // start of the current run of seen tokens
  auto flush = [&](int upto) {
    if (upto > run) out += decoded(*live.tok, std::span(s.probe_inputs).subspan(size_t(run), size_t(upto - run)));
  };
  for (int i = begin; i < end; ++i) {
    const bool masked = size_t(i) < s.probe_masked.size() && s.probe_masked[size_t(i)];
    if (!masked && i != pos) continue;
    flush(i);
    out += i == pos ? (masked ? "[?]" : "[?→seen]") : "[M]";
    run = i + 1;
  }
  flush(end);
  return out + (end < n ? "…" : "");
}

}  // namespace

void draw_live_title(const LiveProbe& live, const TargetInfo& target) {
  const train::Snapshot& s = *live.snap;
  const std::string ctx = context_of(live);
  const std::string truth = target.token >= 0 ? live.label(target.token) : "?";
  char tail[256];
  std::snprintf(tail, sizeof tail, tr("true token ‘%s’: p = %.4g, rank %d by logit"), truth.c_str(), target.p, target.rank);
  ImGui::TextDisabled(tr("%s step %llu"), live.llada ? "LLaDA" : "GPT", (unsigned long long)s.step);
  if (!live.llada) {
    ImGui::TextWrapped(tr("Scored: the next token after “%s” (probe position %d, predicted from the %d tokens before it; %s)"),
                       ctx.c_str(), s.probe_position + 2, s.probe_position + 1, tail);
  } else if (s.probe_position_masked) {
    ImGui::TextWrapped(tr("Scored: the first masked position of the probe at t = %.2f, [?] in “%s” ([M]: other masks; "
                          "position %d; %s). Resample the mask in the Per-token loss panel."),
                       s.probe_t, ctx.c_str(), s.probe_position + 1, tail);
  } else {
    ImGui::TextWrapped(tr("No position of the probe is masked at t = %.2f, so the model has nothing to guess: shown is the "
                          "last position, which it sees, in “%s” (%s). Raise t or resample in the Per-token loss panel."),
                       s.probe_t, ctx.c_str(), tail);
  }
}

}  // namespace llada::app
