// Panel "Forward process": a sentence, masked at time t. Each token i has its own uniform u_i and is
// [MASK] exactly when u_i < t (core/math/mask_rule.hpp), so sliding t up only ever adds masks; "play"
// sweeps t from 0 to 1 and back; "resample" draws new uniforms (the next sequence number, which can also
// be typed). Clicking a chip masks or unmasks it by hand, so any pattern's q(x_t|x_0) can be read (the
// notes' [AI, M, M, mẽ] at t = 0.6 → 0.0576); "back to u_i < t" returns to the drawn masks. Under the chips:
// how many are masked, the expected number L·t, and q(x_t|x_0) of the pattern on screen, written out as
// the seed writes it (core/math/worked.hpp, the same text as `llada-lab math q`).
#include <GLFW/glfw3.h>  // key codes
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <string>
#include <vector>

#include "app/classroom.hpp"
#include "app/file_actions.hpp"
#include "app/i18n/i18n.hpp"
#include "app/panels/panel.hpp"
#include "app/params.hpp"
#include "app/shortcuts.hpp"
#include "app/widgets/export.hpp"
#include "app/widgets/layout.hpp"
#include "app/widgets/line_plot.hpp"
#include "app/widgets/token_chips.hpp"
#include "app/widgets/tokenizer_picker.hpp"
#include "core/math/binomial.hpp"
#include "core/math/masking.hpp"
#include "core/math/worked.hpp"

namespace llada::app {

namespace {

constexpr const char* kId = "forward";
constexpr const char* kTitle = tr_noop("Forward process");
constexpr int kMaxTokens = 4096;
constexpr double kSweepSeconds = 8.0;  // one full 0 → 1 → 0 cycle of "play"

struct ForwardState {
  std::string sentence = "Hà Nội là thủ đô của Việt Nam";
  float t = 0.5f;
  bool playing = false;
  double phase = 0;         // of the sweep, in cycles: t = (1 − cos 2π·phase) / 2
  std::uint64_t seed = 20240521;
  std::uint64_t seq = 0;    // "resample" moves to the next sequence number: fresh uniforms
  std::string pattern;      // masks clicked by hand, "0110" (1 = masked; positions past its end are kept);
                            // empty: the drawn masks u_i < t
  bool show_u = true;
  std::string tokenizer = "words";  // "words", or a tokenizer of app/widgets/tokenizer_picker.hpp
  // What the last frame showed, for File > Forward process > Export (the menu runs outside draw).
  std::vector<std::string> shown_tokens;
  MaskedSequence shown;
};
ForwardState g;

// The literal product of the seed for short sentences, "= 0.4 · 0.6 · 0.6 · 0.4 = 0.0576", one factor
// per item so a narrow panel breaks the line between factors, never inside a number.
void product_line(const PatternQ& q) {
  ImGui::TextUnformatted(tr("q(x_t | x_0) = Π (t if masked, else 1 − t) ="));
  const float space = ImGui::CalcTextSize(" ").x;  // terms read as one line of text
  for (const std::string& term : q.product_terms()) {
    widgets::same_line_if_fits(ImGui::CalcTextSize(term.c_str()).x, space);
    ImGui::TextUnformatted(term.c_str());
  }
}

// The masks on screen: the clicked pattern when there is one, else the drawn u_i < t.
void apply_pattern(MaskedSequence& m, const std::vector<std::int32_t>& x0, std::int32_t mask_id) {
  if (g.pattern.empty()) return;
  m.count = 0;
  for (size_t i = 0; i < m.masked.size(); ++i) {
    m.masked[i] = i < g.pattern.size() && g.pattern[i] == '1';
    m.tokens[i] = m.masked[i] ? mask_id : x0[i];
    m.count += m.masked[i];
  }
}

// A click on chip i: start from what is on screen, flip position i.
void toggle_mask(const MaskedSequence& m, int i) {
  std::string bits = pattern_bits(m.masked);
  bits[size_t(i)] = bits[size_t(i)] == '1' ? '0' : '1';
  g.pattern = bits;
  g.playing = false;
}

void toggle_play(AppState&) {
  g.playing = !g.playing;
  if (g.playing) g.phase = std::acos(1.0 - 2.0 * double(g.t)) / (2 * std::numbers::pi);  // continue from this t
}

void advance_sweep(float dt) {
  if (!g.playing) return;
  g.phase = std::fmod(g.phase + dt / kSweepSeconds, 1.0);
  g.t = float(0.5 - 0.5 * std::cos(2 * std::numbers::pi * g.phase));
}

// The tokens on screen with their uniforms: token i is masked at every t > u_i.
widgets::Table mask_table() {
  std::vector<double> idx, uu, mm;
  for (size_t i = 0; i < g.shown.u.size(); ++i)
    idx.push_back(double(i + 1)), uu.push_back(g.shown.u[i]), mm.push_back(g.shown.masked[i]);
  char t[32];
  std::snprintf(t, sizeof t, g.pattern.empty() ? "masked_at_t=%.3f" : "masked_by_hand", double(g.t));
  return widgets::Table{{"position", "token", "u", t}, {idx, g.shown_tokens, uu, mm}};
}

// The number masked as a function of t for these uniforms: a staircase that steps up by one at each
// sorted u_i (never down: the masks only grow), around the straight line L·t it follows on average.
void draw_staircase(AppState& s, const MaskedSequence& m, int L) {
  const float fs = ImGui::GetFontSize();
  // Under the plot: its export buttons and two lines of text. Too little room (a small panel, a large UI
  // scale): no plot rather than a squashed one under its own legend.
  const float h = std::min(ImGui::GetContentRegionAvail().y - 5.5f * fs - ImGui::GetFrameHeightWithSpacing(), 18 * fs);
  if (L == 0) return;
  if (h < 6 * fs) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", tr("(a taller panel shows the masked count against t here)"));
    ImGui::PopStyleColor();
    return;
  }
  std::vector<double> u(m.u.begin(), m.u.end());
  std::sort(u.begin(), u.end());
  std::vector<double> sx{0.0}, sy{0.0};
  for (int i = 0; i < L; ++i) {  // count(t) = #{u_i < t}: jumps to i+1 just after u_(i)
    sx.push_back(u[size_t(i)]), sy.push_back(i);
    sx.push_back(u[size_t(i)]), sy.push_back(i + 1);
  }
  sx.push_back(1.0), sy.push_back(L);
  std::vector<double> ex{0.0, 1.0}, ey{0.0, double(L)};
  std::vector<double> tx{g.t, g.t}, ty{0.0, double(L)};
  ImGui::TextUnformatted(tr("Masked count as t goes from 0 to 1, for these u_i"));
  widgets::LinePlot p;
  p.id = "##staircase";
  p.size = ImVec2(0, h);
  p.legend_left = true;
  p.x_lo = 0, p.x_hi = 1, p.y_lo = 0, p.y_hi = std::max(1, L);
  p.series = {{ex, ey, widgets::colors::exact, tr("expected L·t")},
              {sx, sy, widgets::colors::simulated, tr("masked (these u_i)")},
              {tx, ty, widgets::colors::marker, tr("t now")}};
  widgets::line_plot(p);
  widgets::export_buttons(s, "masked-count-vs-t", mask_table);
}

void draw(AppState& s) {
  if (!ImGui::Begin(window_title(kTitle, kId), s.open_flag(kId))) {
    ImGui::End();
    return;
  }
  advance_sweep(s.dt);

  // Classroom mode folds away the controls a lesson step does not set (app/classroom.hpp).
  if (!classroom_hides(s, kId, "sentence")) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##sentence", tr("type a sentence"), &g.sentence);
  }
  // The tokens: whole words (as the seed's examples mask them), or a real tokenizer's tokens.
  if (!classroom_hides(s, kId, "tokenizer")) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Tokens"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(16.0f * ImGui::GetFontSize(), ImGui::GetContentRegionAvail().x));
    widgets::tokenizer_combo("##tokenizer", g.tokenizer, {"words"});
  }
  std::vector<std::string> words;
  std::vector<std::int32_t> x0;
  std::int32_t mask_id = 0;
  if (g.tokenizer == "words") {
    words = split_words(g.sentence);  // as the seed writes its examples ([AI, rất, mạnh, mẽ])
    if (int(words.size()) > kMaxTokens) {
      words.resize(kMaxTokens);
      ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), tr("Only the first %d words are used."), kMaxTokens);
    }
    // Token ids: one id per distinct word; [MASK] gets the next id.
    std::map<std::string, int> vocab;
    for (const auto& w : words) x0.push_back(vocab.try_emplace(w, int(vocab.size())).first->second);
    mask_id = std::int32_t(vocab.size());
  } else {
    const widgets::TokenizerChoice c = widgets::get_tokenizer(g.tokenizer);
    widgets::tokenizer_status(c, g.tokenizer);
    widgets::LabelledTokens lt = widgets::label_tokens(*c.tok, g.sentence, kMaxTokens);
    if (lt.truncated) ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), tr("Only the first %d tokens are used."), kMaxTokens);
    words = std::move(lt.labels);
    x0 = std::move(lt.ids);
    mask_id = c.tok->vocab_size();  // one past the vocabulary: never a real token
  }

  if (ImGui::Button(g.playing ? tr("Pause") : tr("Play"))) toggle_play(s);
  ImGui::SameLine();
  if (ImGui::Button(tr("Resample"))) {
    ++g.seq;
    g.pattern.clear();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr("Draw new uniforms u_i (sequence %llu of seed %llu)"),
                                                (unsigned long long)g.seq + 1, (unsigned long long)g.seed);
  if (!classroom_hides(s, kId, "seq")) {
    widgets::same_line_if_fits(widgets::labeled_width(7 * ImGui::GetFontSize(), tr("draw #")));
    ImGui::SetNextItemWidth(7 * ImGui::GetFontSize());
    const std::uint64_t one = 1;
    if (ImGui::InputScalar(tr("draw #"), ImGuiDataType_U64, &g.seq, &one)) g.seq = std::min<std::uint64_t>(g.seq, 1000000000ULL);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("The sequence number of the uniforms u_i: the same number always draws the same u_i"));
  }
  if (!classroom_hides(s, kId, "show_u")) {
    widgets::same_line_if_fits(widgets::check_width(tr("show u_i")));
    ImGui::Checkbox(tr("show u_i"), &g.show_u);
  }
  widgets::same_line_if_fits(8 * ImGui::GetFontSize());  // the t slider: on its own line rather than a sliver
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::SliderFloat("##t", &g.t, 0.0f, 1.0f, "t = %.3f", ImGuiSliderFlags_AlwaysClamp)) g.playing = false;

  auto m = mask_sequence(x0, g.t, mask_id, g.seed, g.seq);
  if (!m) {
    ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", tr_message(m.error().to_string()).c_str());
    ImGui::End();
    return;
  }
  const MaskedSequence drawn = *m;
  apply_pattern(*m, x0, mask_id);
  const int L = int(words.size());
  g.shown_tokens = words, g.shown = *m;
  ImGui::Spacing();
  std::vector<widgets::Chip> chips(L);
  char buf[256];
  for (int i = 0; i < L; ++i) {
    widgets::Chip& c = chips[i];
    c.text = words[i];
    c.masked = m->masked[i];
    if (g.show_u) std::snprintf(buf, sizeof buf, "u=%.2f", double(m->u[i])), c.below = buf;
    if (g.pattern.empty())
      std::snprintf(buf, sizeof buf, tr("token %d: \"%s\"\nu_%d = %.6f %s t = %.3f  →  %s\n(click to mask or unmask it by hand)"),
                    i + 1, words[i].c_str(), i + 1, double(m->u[i]), m->masked[i] ? "<" : "≥", double(g.t),
                    m->masked[i] ? "[MASK]" : tr("kept"));
    else
      std::snprintf(buf, sizeof buf, tr("token %d: \"%s\"\n%s by hand (click to change; the draw u_i < t says %s)"), i + 1,
                    words[i].c_str(), m->masked[i] ? "[MASK]" : tr("kept"), drawn.masked[i] ? "[MASK]" : tr("kept"));
    c.tooltip = buf;
  }
  if (L == 0) ImGui::TextDisabled("%s", tr("(type a sentence above)"));
  const int hovered = widgets::token_chips("##chips", chips);
  if (hovered >= 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) toggle_mask(*m, hovered);
  if (!g.pattern.empty()) {
    ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.45f, 1), "%s", tr("Masks clicked by hand: q below is this pattern's probability at t."));
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("back to u_i < t"))) g.pattern.clear();
  } else if (L > 0) {
    ImGui::TextDisabled("%s", tr("Click a token to mask or unmask it by hand."));
  }
  ImGui::Spacing();
  ImGui::Separator();

  // The numbers, from core/math.
  const auto expected = expected_mask_count(L, g.t);
  const auto q = pattern_q(m->masked, g.t);
  // Three parts, each on the next line when it does not fit (wrapping would split a number at its point).
  char part[128];
  std::snprintf(part, sizeof part, tr("L = %d tokens"), L);
  ImGui::TextUnformatted(part);
  std::snprintf(part, sizeof part, tr("masked = %d"), m->count);
  widgets::same_line_if_fits(ImGui::CalcTextSize(part).x, 2 * ImGui::GetFontSize());
  ImGui::TextUnformatted(part);
  std::snprintf(part, sizeof part, tr("expected L·t = %d × %.3f = %.3f"), L, double(g.t), expected ? *expected : 0.0);
  widgets::same_line_if_fits(ImGui::CalcTextSize(part).x, 2 * ImGui::GetFontSize());
  ImGui::TextUnformatted(part);
  if (q) {
    if (L > 0 && L <= 10)
      product_line(*q);
    else
      ImGui::TextWrapped("q(x_t | x_0) = t^%d · (1 − t)^%d = %s", m->count, L - m->count, q->power().c_str());
    if (std::isinf(q->log_q))
      ImGui::TextWrapped(tr("log q = −∞: this pattern cannot happen at t = %.3f"), double(g.t));
    else
      ImGui::TextWrapped("log q = %d·ln t + %d·ln(1 − t) = %.4f   (q = 10^%.2f)", m->count, L - m->count, q->log_q,
                  q->log_q / std::numbers::ln10);
  }
  ImGui::Spacing();
  draw_staircase(s, *m, L);
  ImGui::TextWrapped("%s", tr("Each token is replaced by [MASK] independently when its u_i < t, so for fixed u_i the "
                              "masks only grow as t grows."));
  ImGui::End();
}

void file_csv(AppState& s) { widgets::export_csv(s, "masked-count-vs-t", mask_table()); }
void file_png(AppState& s) { widgets::export_plot_png(s, "masked-count-vs-t"); }

RegisterFileAction file_csv_entry{{tr_noop("Export tokens, u_i and masks (CSV)"), file_csv, kId}};
RegisterFileAction file_png_entry{{tr_noop("Export masked count vs t plot (PNG)"), file_png, kId}};
RegisterShortcut play_key{{GLFW_KEY_P, false, "P", tr_noop("Forward process: play / pause the t sweep"), toggle_play}};
RegisterPanel reg{{kId, kTitle, 10, true, {0.0f, 0.0f, 0.5f, 1.0f}, draw}};
// "bpe" (a tokenizer trained in this session) is not a parameter value: it does not outlive the session.
RegisterParams params{kId, {
    Param::text("sentence", &g.sentence, "the sentence x_0 that is masked"),
    Param::real("t", &g.t, 0, 1, "time of the forward process: each token is masked with probability t")
        .then([] { g.playing = false; }),
    Param::choice("tokenizer", &g.tokenizer, {"words", "byte", "gpt2", "cl100k"}, "how the sentence is cut into tokens"),
    Param::integer("seq", &g.seq, 0, 1'000'000'000, "sequence number of the uniforms u_i (Resample adds 1)"),
    Param::flag("show_u", &g.show_u, "write each token's u_i under its chip"),
    Param::text("pattern", &g.pattern, "masks set by hand, one flag per token (0110 = [x, M, M, x]); empty: u_i < t")
        .checked([](const std::string& v) -> Result<void> {
          if (v.find_first_not_of("01") == std::string::npos) return {};
          return fail("'" + v + "' is not a mask pattern", "write one 0 (kept) or 1 (masked) per token, e.g. 0110, or nothing");
        })}};

}  // namespace

}  // namespace llada::app
