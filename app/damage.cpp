#include "app/damage.hpp"

#include <algorithm>
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

DamageRect DamageTracker::update(std::vector<std::vector<CommandSignature>> frame, const DamageRect& display,
                                 bool whole, bool images_changed) {
  const bool same_display = have_last_ && display.x0 == last_display_.x0 && display.y0 == last_display_.y0 &&
                            display.x1 == last_display_.x1 && display.y1 == last_display_.y1;
  DamageRect d;
  if (whole || !same_display) {
    d = display;
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
          if (images_changed && b->image) d.add(b->area);
          continue;
        }
        if (a) d.add(a->area);
        if (b) d.add(b->area);
      }
    }
    d = d.clipped(display);
  }
  last_ = std::move(frame);
  last_display_ = display;
  have_last_ = true;
  return d;
}

}  // namespace llada::app
