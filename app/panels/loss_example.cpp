// The Per-token loss panel's "example" mode (app/panels/loss_example.hpp).
#include "app/classroom.hpp"
#include "app/panels/loss_example.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "app/i18n/i18n.hpp"
#include "app/widgets/layout.hpp"
#include "app/widgets/token_chips.hpp"
#include "core/math/worked.hpp"

namespace llada::app {

namespace {

constexpr const char* kPanel = "per_token_loss";  // the parameters' panel (loss_example.hpp)

constexpr int kMaxWords = 64;

// The notes' example (note 4.4), also what "the notes' example" restores.
struct ExampleState {
  std::string sentence = "Hà Nội là thủ đô";
  float t = 0.4f;
  std::string pattern = "01100";          // 1 = masked, one character per word (missing: kept)
  std::vector<float> p = {0.5f, 0.7f, 0.9f, 0.5f, 0.5f};  // the model's p of the true token, per word
  bool inverse = true;
  int cmp_L = 10;                         // the 1/t comparison: 10 tokens at t = 0.2 and t = 0.8
  float cmp_t[2] = {0.2f, 0.8f};
};
ExampleState g;

// A float from a slider as the number the reader sees and means (0.7f → 0.7, not 0.699999988).
double typed(float x) { return std::strtod(short_number(x, 6).c_str(), nullptr); }

std::string p_text(const std::vector<float>& p) {
  std::string s;
  for (size_t i = 0; i < p.size(); ++i) s += (i ? "," : "") + short_number(p[i], 6);
  return s;
}

// "0.5,0.7,0.9": the example_p parameter's text; a piece that is not a probability in (0, 1] is refused.
Result<std::vector<float>> parse_p(const std::string& text) {
  std::vector<float> p;
  for (const auto& w : split_words(text, ",")) {
    char* end = nullptr;
    const double x = std::strtod(w.c_str(), &end);
    if (end != w.c_str() + w.size() || !(x > 0 && x <= 1))
      return fail("'" + w + "' is not a probability in (0, 1]", "write one p per word, separated by commas, e.g. 0.5,0.7,0.9");
    p.push_back(float(x));
  }
  return p;
}

void reset_to_notes() { g = ExampleState{}; }

// The notes' comparison: L tokens at two noise levels, with and without the 1/t weight.
void draw_inverse_t_comparison(const AppState& s) {
  if (!ImGui::CollapsingHeader(tr("Why 1/t: the same sentence at two noise levels###why_inverse_t"), ImGuiTreeNodeFlags_DefaultOpen))
    return;
  const float fs = ImGui::GetFontSize();
  ClassroomRow row(s, kPanel);  // classroom mode folds away what a lesson step does not set
  if (row.show("compare_L")) {
    ImGui::SetNextItemWidth(6 * fs);
    ImGui::InputInt(tr("tokens"), &g.cmp_L);
  }
  g.cmp_L = std::clamp(g.cmp_L, 1, 10000);
  for (int k = 0; k < 2; ++k) {
    if (!row.show(k ? "compare_t2" : "compare_t1")) continue;
    ImGui::SetNextItemWidth(9 * fs);
    ImGui::PushID(k);
    ImGui::SliderFloat("##cmpt", &g.cmp_t[k], 0.01f, 1.0f, k ? "t₂ = %.2f" : "t₁ = %.2f", ImGuiSliderFlags_AlwaysClamp);
    ImGui::PopID();
  }
  for (float t : g.cmp_t) {
    auto w = noise_weight(g.cmp_L, typed(t));
    if (!w) continue;
    const std::string tt = short_number(w->t), m = short_number(w->expected_masks, 6);
    ImGui::BulletText(tr("t = %s: %d × %s = %s masked on average; with 1/t: (1/%s) × %s = %s × (−log P); without: %s × (−log P)"),
                      tt.c_str(), w->L, tt.c_str(), m.c_str(), tt.c_str(), m.c_str(), short_number(w->weighted, 6).c_str(),
                      m.c_str());
  }
  ImGui::TextWrapped(tr("With 1/t both noise levels weigh %d × (−log P): a few masks at small t count as much as many at "
                        "large t. Without it the sample at t₂ would weigh %.3g times the one at t₁."),
                     g.cmp_L, double(g.cmp_t[1]) / double(g.cmp_t[0]));
}

}  // namespace

std::vector<Param> loss_example_params() {
  Param p;  // a list of numbers as one text value
  p.name = "example_p";
  p.kind = Param::Kind::String;
  p.help = "example: the model's p of the true token at each word, e.g. 0.5,0.7,0.9,0.5,0.5";
  p.read = [] { return p_text(g.p); };
  p.write = [](const std::string& v) { g.p = *parse_p(v); };
  p.check = [](const std::string& v) -> Result<void> {
    if (auto r = parse_p(v); !r) return std::unexpected(r.error());
    return {};
  };
  return {Param::text("example_sentence", &g.sentence, "example: the sentence x_0, words separated by spaces"),
          Param::real("example_t", &g.t, 0.01, 1, "example: the time t"),
          Param::text("example_pattern", &g.pattern, "example: the masked words, one flag per word (01100 = [x, M, M, x, x])")
              .checked([](const std::string& v) -> Result<void> {
                if (v.find_first_not_of("01") == std::string::npos) return {};
                return fail("'" + v + "' is not a mask pattern", "write one 0 (seen) or 1 (masked) per word, e.g. 01100");
              }),
          std::move(p),
          Param::flag("example_inverse_t", &g.inverse, "example: weigh the sum by 1/t"),
          Param::integer("compare_L", &g.cmp_L, 1, 10000, "the 1/t comparison: tokens in the sentence"),
          Param::real("compare_t1", &g.cmp_t[0], 0.01, 1, "the 1/t comparison: the first noise level"),
          Param::real("compare_t2", &g.cmp_t[1], 0.01, 1, "the 1/t comparison: the second noise level")};
}

widgets::Table loss_example_table() {
  const auto words = split_words(g.sentence);
  std::vector<double> pos, m, p, nll;
  std::vector<std::string> tok;
  const double none = std::numeric_limits<double>::quiet_NaN();
  for (size_t i = 0; i < words.size() && i < size_t(kMaxWords); ++i) {
    const bool mk = i < g.pattern.size() && g.pattern[i] == '1';
    const double pi = i < g.p.size() ? typed(g.p[i]) : 0.5;
    pos.push_back(double(i + 1)), tok.push_back(words[i]), m.push_back(mk);
    p.push_back(mk ? pi : none), nll.push_back(mk ? -std::log(pi) : none);
  }
  return widgets::Table{{"position", "token", "masked", "p_true", "neg_log_p"}, {pos, tok, m, p, nll}};
}

void draw_loss_example(AppState& s) {
  const float fs = ImGui::GetFontSize();
  ImGui::TextWrapped("%s", tr("Type a sentence x_0, choose t, click the tokens that are [MASK]ed in x_t, and give the "
                              "model's probability p of each hidden true token."));
  ClassroomRow row(s, kPanel);  // classroom mode folds away what a lesson step does not set
  if (row.show("example_sentence")) {
    ImGui::SetNextItemWidth(-10 * fs);
    ImGui::InputTextWithHint("##sentence", tr("x_0, words separated by spaces"), &g.sentence);
    ImGui::SameLine();
    if (ImGui::Button(tr("the notes' example"))) reset_to_notes();
  }
  row.end();
  if (row.show("example_t")) {
    ImGui::SetNextItemWidth(14 * fs);
    ImGui::SliderFloat("##t", &g.t, 0.01f, 1.0f, "t = %.2f", ImGuiSliderFlags_AlwaysClamp);
  }
  if (row.show("example_inverse_t")) ImGui::Checkbox(tr("1/t weight"), &g.inverse);
  row.end();

  std::vector<std::string> words = split_words(g.sentence);
  if (int(words.size()) > kMaxWords) {
    words.resize(kMaxWords);
    ImGui::TextDisabled(tr("Only the first %d words are used."), kMaxWords);
  }
  const size_t L = words.size();
  if (g.p.size() < L) g.p.resize(L, 0.5f);
  std::vector<unsigned char> masked(L, 0);
  std::vector<double> p_true(L, 1.0);
  for (size_t i = 0; i < L; ++i) {
    masked[i] = i < g.pattern.size() && g.pattern[i] == '1';
    p_true[i] = std::clamp(typed(g.p[i]), 1e-6, 1.0);
  }

  // x_t as chips: masked positions show the hidden true token in its loss colour.
  std::vector<widgets::Chip> chips(L);
  char buf[160];
  for (size_t i = 0; i < L; ++i) {
    widgets::Chip& c = chips[i];
    c.text = words[i];
    if (masked[i]) {
      c.fill = widgets::loss_colour(-std::log(p_true[i]));
      std::snprintf(buf, sizeof buf, "[M] p %.2f", p_true[i]);
      c.below = buf;
      std::snprintf(buf, sizeof buf, tr("position %zu: [MASK], true token '%s'\nclick to unmask"), i + 1, words[i].c_str());
    } else {
      c.fill = IM_COL32(70, 70, 76, 255);
      c.below = tr("seen");
      std::snprintf(buf, sizeof buf, tr("position %zu: '%s' is seen (no loss)\nclick to mask"), i + 1, words[i].c_str());
    }
    c.tooltip = buf;
  }
  if (L == 0) ImGui::TextDisabled("%s", tr("(type a sentence above)"));
  const int hov = widgets::token_chips("##example", chips);
  if (hov >= 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    std::string bits = pattern_bits(masked);
    bits[size_t(hov)] = bits[size_t(hov)] == '1' ? '0' : '1';
    g.pattern = bits;
  }

  // One p per masked position.
  bool any = false;
  const bool p_shown = !classroom_hides(s, kPanel, "example_p");
  for (size_t i = 0; i < L && p_shown; ++i) {
    if (!masked[i]) continue;
    if (any) widgets::same_line_if_fits(13 * fs);
    any = true;
    ImGui::SetNextItemWidth(7 * fs);
    ImGui::PushID(int(i));
    std::snprintf(buf, sizeof buf, "p(%s)", words[i].c_str());
    ImGui::SliderFloat(buf, &g.p[i], 0.001f, 1.0f, "%.3f", ImGuiSliderFlags_AlwaysClamp);
    ImGui::PopID();
  }
  if (!any && L > 0 && p_shown) ImGui::TextDisabled("%s", tr("No position is masked: click a token to mask it."));

  auto w = written_loss(p_true, masked, typed(g.t), g.inverse);
  ImGui::Separator();
  if (!w) {
    ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", tr_message(w.error().to_string()).c_str());
  } else {
    ImGui::TextUnformatted(g.inverse ? tr("loss = −(1/t) · Σ_i 1[x_t^i = M] · log p(x_0^i | x_t)")
                                     : tr("loss = −Σ_i 1[x_t^i = M] · log p(x_0^i | x_t)"));
    const char* names[] = {tr_noop("Step 1, which positions count:"), tr_noop("Step 2, the model's predictions:"),
                           tr_noop("Step 3, the sum:"), g.inverse ? tr_noop("Step 4, times 1/t:") : tr_noop("Step 4, no 1/t weight:"),
                           tr_noop("Step 5, the minus sign:")};
    for (size_t k = 0; k < w->steps.size() && k < 5; ++k) {
      ImGui::TextDisabled("%s", tr(names[k]));
      ImGui::SameLine();
      if (k == 0)
        ImGui::TextWrapped(tr("%s   (%d masked of %zu)"), w->steps[k].c_str(), w->loss.masked_count, L);
      else
        ImGui::TextWrapped("%s", w->steps[k].c_str());
    }
    ImGui::TextColored(ImVec4(0.6f, 0.9f, 0.6f, 1), tr("loss = %.3f"), w->loss.value);
  }
  ImGui::Spacing();
  draw_inverse_t_comparison(s);
}

}  // namespace llada::app
