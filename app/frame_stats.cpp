#include "app/frame_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "app/params.hpp"

namespace llada::app {

namespace {

double g_render_in_ui_ms = 0;  // RenderTimers since the last FrameClock::mark (UI thread only)
bool g_textures_drawn = false; // a RenderTimer ran since the last take_textures_drawn()

double ms_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Spread {
  double median = 0, p99 = 0, worst = 0, total = 0;
};

Spread spread(std::vector<double> v) {
  Spread s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto pct = [&](double q) { return v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))]; };
  s.median = pct(0.5), s.p99 = pct(0.99), s.worst = v.back();
  for (double x : v) s.total += x;
  return s;
}

std::string format(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

}  // namespace

const char* phase_name(Phase p) {
  switch (p) {
    case Phase::Ui: return "building the UI";
    case Phase::Render: return "rendering";
    case Phase::Wait: return "waiting";
  }
  return "?";
}

void FrameClock::begin() {
  // A frame begins where the previous one ended: the loop's own bookkeeping in between is waiting.
  if (!started_) last_ = clock::now(), started_ = true;
  t_ = FrameTimes{};
  t_.at_s = ms_between(origin_, last_) / 1000;
  g_render_in_ui_ms = 0;
}

void FrameClock::mark(Phase p) {
  const auto now = clock::now();
  double ms = ms_between(last_, now);
  last_ = now;
  if (p == Phase::Ui) {
    const double r = std::min(g_render_in_ui_ms, ms);
    t_[Phase::Render] += r;
    ms -= r;
  }
  g_render_in_ui_ms = 0;
  t_[p] += ms;
}

void FrameClock::slept(double asked_ms) {
  const auto now = clock::now();
  const double ms = ms_between(last_, now);
  last_ = now;
  t_.slept_ms += std::min(ms, std::max(0.0, asked_ms));
  t_[Phase::Wait] += ms - std::min(ms, std::max(0.0, asked_ms));
}

bool take_textures_drawn() { return std::exchange(g_textures_drawn, false); }

RenderTimer::~RenderTimer() {
  g_render_in_ui_ms += ms_between(t0_, std::chrono::steady_clock::now());
  g_textures_drawn = true;
}

std::string frame_stats_report(std::vector<FrameTimes> frames, double slow_ms, double warmup_s) {
  if (frames.empty()) return "";
  const FrameTimes first = frames.front();
  if (frames.size() > 1) frames.erase(frames.begin());
  std::vector<double> totals;
  std::vector<double> phase[kPhases];
  for (const auto& f : frames) {
    totals.push_back(f.total());
    for (int p = 0; p < kPhases; ++p) phase[p].push_back(f.ms[p]);
  }
  const Spread all = spread(totals);
  std::string out = format(
      "frame time over %zu frames (first frame %.1f ms, not included): median %.2f ms, p99 %.2f ms, worst %.2f ms\n",
      frames.size(), first.total(), all.median, all.p99, all.worst);
  double sum = 0;
  for (int p = 0; p < kPhases; ++p) {
    const Spread s = spread(phase[p]);
    sum += s.total;
    out += format("  %-16s median %.2f ms, p99 %.2f ms, worst %.2f ms, total %.1f ms\n",
                  (std::string(phase_name(Phase(p))) + ":").c_str(), s.median, s.p99, s.worst, s.total);
  }
  double slept = 0;
  for (const auto& f : frames) slept += f.slept_ms;
  const FrameTimes& last = frames.back();
  const double wall = (last.at_s - frames.front().at_s) * 1000 + last.total() + last.slept_ms;
  out += format("  the three phases add up to %.1f ms; with %.1f ms slept by the frame-rate cap, %.1f ms of the "
                "%.1f ms the frames spanned\n", sum, slept, sum + slept, wall);
  // After the first second: what a person watching sees once the window is up.
  std::vector<double> settled;
  int slow = 0, slow_in[kPhases] = {0, 0, 0};
  for (const auto& f : frames) {
    if (f.at_s < warmup_s) continue;
    settled.push_back(f.total());
    if (f.total() <= slow_ms) continue;
    ++slow;
    ++slow_in[std::max_element(f.ms, f.ms + kPhases) - f.ms];
  }
  const Spread late = spread(settled);
  std::vector<double> drawn;
  for (const auto& f : frames)
    if (f.drawn) drawn.push_back(f.total());
  const Spread d = spread(drawn);
  out += format("  frames drawn: %zu of %zu (the others' picture had not changed): median %.2f ms, p99 %.2f ms, "
                "worst %.2f ms\n", drawn.size(), frames.size(), d.median, d.p99, d.worst);
  out += format("after the first second: %zu frames, median %.2f ms, p99 %.2f ms, worst %.2f ms; %d over %.0f ms",
                settled.size(), late.median, late.p99, late.worst, slow, slow_ms);
  if (slow > 0)
    out += format(" (most of the time in %s: %d, %s: %d, %s: %d)", phase_name(Phase::Ui), slow_in[0],
                  phase_name(Phase::Render), slow_in[1], phase_name(Phase::Wait), slow_in[2]);
  out += "\n";
  return out;
}

Result<Sweep> parse_sweep(const std::string& text) {
  const size_t eq = text.find('=');
  auto key = split_param_key(text.substr(0, eq));
  if (!key) return std::unexpected(key.error());
  auto param = find_param(key->first, key->second);
  if (!param) return std::unexpected(param.error());
  const Param& p = **param;
  if (p.kind != Param::Kind::Float && p.kind != Param::Kind::Int)
    return fail(text.substr(0, eq) + " is a " + p.kind_name() + " parameter, not a number",
                "sweep a float or int parameter (llada-lab --window-help lists them)");
  Sweep s{key->first, key->second, p.lo, p.hi, p.kind == Param::Kind::Int};
  if (eq != std::string::npos) {
    const std::string range = text.substr(eq + 1);
    char* end = nullptr;
    s.lo = std::strtod(range.c_str(), &end);
    const bool colon = *end == ':';
    if (colon) s.hi = std::strtod(end + 1, &end);
    if (!colon || *end != '\0' || !std::isfinite(s.lo) || !std::isfinite(s.hi) || s.lo < p.lo || s.hi > p.hi ||
        s.lo > s.hi)
      return fail("--sweep " + text + ": expected LO:HI with " + p.range_text() + " holding LO <= HI",
                  "e.g. --sweep " + s.panel + "." + s.name + "=" + std::to_string(p.lo) + ":" + std::to_string(p.hi));
  }
  return s;
}

Result<void> apply_sweep(const Sweep& s, int frame) {
  const int k = ((frame % Sweep::kPeriod) + Sweep::kPeriod) % Sweep::kPeriod;
  const double up = 2.0 * double(std::min(k, Sweep::kPeriod - k)) / Sweep::kPeriod;  // 0 → 1 → 0
  const double v = s.lo + (s.hi - s.lo) * up;
  return set_param(s.panel, s.name, s.integer ? std::to_string(std::llround(v)) : format("%.6g", v));
}

}  // namespace llada::app
