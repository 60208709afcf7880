#include "app/redraw.hpp"

#include <cstring>

namespace llada::app {

namespace {

void append(std::vector<uint8_t>& out, const void* p, size_t n) {
  const auto* b = static_cast<const uint8_t*>(p);
  out.insert(out.end(), b, b + n);
}

template <class T>
void append_value(std::vector<uint8_t>& out, const T& v) {
  append(out, &v, sizeof v);
}

}  // namespace

bool RedrawCheck::needed(const ImDrawData& d, bool force, bool input, double now_s) {
  if (!force && !input && now_s - drawn_at_s_ < calm_interval_s_) return false;  // compared next frame
  // The frame as bytes: display, then per list its vertices, indices and commands (field by field: a
  // command's padding bytes are indeterminate).
  next_.clear();
  append_value(next_, d.DisplayPos), append_value(next_, d.DisplaySize), append_value(next_, d.FramebufferScale);
  append_value(next_, d.CmdListsCount);
  for (int i = 0; i < d.CmdListsCount; ++i) {
    const ImDrawList& l = *d.CmdLists[i];
    append_value(next_, l.VtxBuffer.Size), append_value(next_, l.IdxBuffer.Size), append_value(next_, l.CmdBuffer.Size);
    append(next_, l.VtxBuffer.Data, size_t(l.VtxBuffer.Size) * sizeof(ImDrawVert));
    append(next_, l.IdxBuffer.Data, size_t(l.IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : l.CmdBuffer) {
      append_value(next_, c.ClipRect), append_value(next_, c.TextureId), append_value(next_, c.VtxOffset);
      append_value(next_, c.IdxOffset), append_value(next_, c.ElemCount), append_value(next_, c.UserCallback);
      append_value(next_, c.UserCallbackData);
    }
  }
  const bool same = next_.size() == last_.size() && std::memcmp(next_.data(), last_.data(), next_.size()) == 0;
  if (same && !force && now_s - drawn_at_s_ < max_age_s_) return false;
  last_.swap(next_);
  drawn_at_s_ = now_s;
  return true;
}

}  // namespace llada::app
