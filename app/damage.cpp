#include "app/damage.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
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

// The triangles of `a` (the last frame's) and `b` between their common beginning and common end.
template <class Add>
void add_changed_run(const CommandSignature& a, const CommandSignature& b, Add&& add) {
  const size_t n = a.triangles.size(), m = b.triangles.size(), shorter = std::min(n, m);
  size_t head = 0, tail = 0;
  while (head < shorter && a.triangles[head] == b.triangles[head]) ++head;
  while (tail < shorter - head && a.triangles[n - 1 - tail] == b.triangles[m - 1 - tail]) ++tail;
  DamageRect run;
  for (size_t i = head; i < n - tail; ++i) run.add(a.triangle_areas[i]);
  for (size_t i = head; i < m - tail; ++i) run.add(b.triangle_areas[i]);
  add(run.clipped(b.clip));
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
          add_changed_run(*a, *b, add);
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
