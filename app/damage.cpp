#include "app/damage.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>
#include <utility>

namespace llada::app {

void DamageRect::add(const DamageRect& r) {
  if (r.empty()) return;
  if (empty()) {
    *this = r;
    return;
  }
  x0 = std::min(x0, r.x0), y0 = std::min(y0, r.y0), x1 = std::max(x1, r.x1), y1 = std::max(y1, r.y1);
}

DamageRect DamageRect::clipped(const DamageRect& to) const {
  return {std::max(x0, to.x0), std::max(y0, to.y0), std::min(x1, to.x1), std::min(y1, to.y1)};
}

namespace {

// Triangles of `a` (the last frame's) and `b` matched as patience diff matches lines: those whose hash
// occurs once in each between the common beginning and end, the longest chain of them in an order both
// keep. Returns the (a, b) index pairs of the chain, increasing in both. Linear but for the chain's
// O(k log k): an open-addressing table of the hashes (a frame's changed window has thousands).
std::vector<std::pair<size_t, size_t>> aligned(const CommandSignature& a, const CommandSignature& b, size_t head,
                                               size_t a_end, size_t b_end) {
  struct Slot {
    uint64_t hash = 0;
    uint32_t in_a = 0, in_b = 0;  // occurrences (counted up to 2)
    size_t b_index = 0;
    bool used = false;
  };
  size_t cap = 16;
  while (cap < 2 * ((a_end - head) + (b_end - head))) cap *= 2;
  std::vector<Slot> table(cap);
  auto slot = [&](uint64_t h) -> Slot& {
    for (size_t i = size_t(h ^ (h >> 29)) & (cap - 1);; i = (i + 1) & (cap - 1))
      if (!table[i].used || table[i].hash == h) {
        table[i].used = true, table[i].hash = h;
        return table[i];
      }
  };
  for (size_t i = head; i < a_end; ++i) {
    Slot& s = slot(a.triangles[i]);
    s.in_a = std::min<uint32_t>(s.in_a + 1, 2);
  }
  for (size_t j = head; j < b_end; ++j) {
    Slot& s = slot(b.triangles[j]);
    s.in_b = std::min<uint32_t>(s.in_b + 1, 2), s.b_index = j;
  }
  std::vector<std::pair<size_t, size_t>> pairs;  // (a index, b index) of the hashes once in each, in a's order
  for (size_t i = head; i < a_end; ++i)
    if (const Slot& s = slot(a.triangles[i]); s.in_a == 1 && s.in_b == 1) pairs.emplace_back(i, s.b_index);
  // The longest chain increasing in b (patience sorting: tails[k] ends the best chain of length k + 1).
  std::vector<size_t> tails, prev(pairs.size(), SIZE_MAX);
  for (size_t p = 0; p < pairs.size(); ++p) {
    auto it = std::lower_bound(tails.begin(), tails.end(), pairs[p].second,
                               [&](size_t q, size_t bi) { return pairs[q].second < bi; });
    if (it != tails.begin()) prev[p] = *(it - 1);
    if (it == tails.end()) tails.push_back(p);
    else *it = p;
  }
  std::vector<std::pair<size_t, size_t>> chain;
  for (size_t p = tails.empty() ? SIZE_MAX : tails.back(); p != SIZE_MAX; p = prev[p]) chain.push_back(pairs[p]);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

// Inside a changed command of the same texture and clip: the triangles of `a` (the last frame's) and `b`
// between their common beginning and common end, aligned (above); the triangles between two aligned ones,
// old and new, are a changed run and damage their union. Two changes far apart in one window's text (a
// status line and a plot's curve) damage two small rectangles, not the window between them. A pixel
// outside every run is covered by the same triangles in the same order in both frames: it keeps its colour.
template <class Add>
void add_changed_runs(const CommandSignature& a, const CommandSignature& b, Add&& add) {
  const size_t n = a.triangles.size(), m = b.triangles.size(), shorter = std::min(n, m);
  size_t head = 0, tail = 0;
  while (head < shorter && a.triangles[head] == b.triangles[head]) ++head;
  while (tail < shorter - head && a.triangles[n - 1 - tail] == b.triangles[m - 1 - tail]) ++tail;
  std::vector<DamageRect> runs;
  auto run = [&](size_t a0, size_t a1, size_t b0, size_t b1) {
    DamageRect r;
    for (size_t i = a0; i < a1; ++i) r.add(a.triangle_areas[i]);
    for (size_t i = b0; i < b1; ++i) r.add(b.triangle_areas[i]);
    r = r.clipped(b.clip);
    if (r.empty()) return;
    // Next to the last run, and their union costs no more than the two: one run (fewer, larger parts).
    if (!runs.empty()) {
      DamageRect u = runs.back();
      u.add(r);
      if (u.area() <= runs.back().area() + r.area()) {
        runs.back() = u;
        return;
      }
    }
    runs.push_back(r);
  };
  size_t pa = head, pb = head;
  for (const auto& [i, j] : aligned(a, b, head, n - tail, m - tail)) {
    run(pa, i, pb, j);
    pa = i + 1, pb = j + 1;
  }
  run(pa, n - tail, pb, m - tail);
  for (const DamageRect& r : runs) add(r);
}

}  // namespace

DamageRect DamageTracker::update(std::vector<std::vector<CommandSignature>> frame, const DamageRect& display,
                                 bool whole, bool images_changed) {
  const bool same_display = have_last_ && display.x0 == last_display_.x0 && display.y0 == last_display_.y0 &&
                            display.x1 == last_display_.x1 && display.y1 == last_display_.y1;
  DamageRect d;
  parts_.clear();
  auto add = [&](const DamageRect& r) {
    const DamageRect c = r.clipped(display);
    if (c.empty()) return;
    d.add(c);
    parts_.push_back(c);
  };
  if (whole || !same_display) {
    add(display);
  } else {
    const size_t lists = std::max(frame.size(), last_.size());
    for (size_t i = 0; i < lists; ++i) {
      static const std::vector<CommandSignature> none;
      const auto& now = i < frame.size() ? frame[i] : none;
      const auto& before = i < last_.size() ? last_[i] : none;
      for (size_t j = 0; j < std::max(now.size(), before.size()); ++j) {
        const CommandSignature* a = j < before.size() ? &before[j] : nullptr;
        const CommandSignature* b = j < now.size() ? &now[j] : nullptr;
        if (a && b && a->hash == b->hash) {
          if (images_changed && b->image) add(b->area);
          continue;
        }
        if (a && b && a->state == b->state && !a->triangles.empty() && !b->triangles.empty() &&
            !(images_changed && b->image)) {
          add_changed_runs(*a, *b, add);
          continue;
        }
        if (a) add(a->area);
        if (b) add(b->area);
      }
    }
  }
  last_ = std::move(frame);
  last_display_ = display;
  have_last_ = true;
  return d;
}

}  // namespace llada::app

namespace llada::app {

std::vector<DamageRect> merge_damage(std::vector<DamageRect> r, size_t max_count) {
  // Two rectangles whose union costs no more than they do apart are one; then, while there are too many,
  // the pair whose union adds the fewest pixels is merged.
  max_count = std::max<size_t>(1, max_count);
  if (r.size() > 64) {  // many small changes: their bounding box (merging them costs more than it saves)
    DamageRect all;
    for (const DamageRect& x : r) all.add(x);
    return {all};
  }
  for (bool merged = true; merged;) {
    merged = false;
    for (size_t i = 0; i < r.size() && !merged; ++i)
      for (size_t j = i + 1; j < r.size() && !merged; ++j) {
        DamageRect u = r[i];
        u.add(r[j]);
        if (u.area() <= r[i].area() + r[j].area()) r[i] = u, r.erase(r.begin() + std::ptrdiff_t(j)), merged = true;
      }
  }
  while (r.size() > max_count) {
    size_t bi = 0, bj = 1;
    float best = INFINITY;
    for (size_t i = 0; i < r.size(); ++i)
      for (size_t j = i + 1; j < r.size(); ++j) {
        DamageRect u = r[i];
        u.add(r[j]);
        if (const float extra = u.area() - r[i].area() - r[j].area(); extra < best) best = extra, bi = i, bj = j;
      }
    r[bi].add(r[bj]);
    r.erase(r.begin() + std::ptrdiff_t(bj));
  }
  return r;
}

}  // namespace llada::app
