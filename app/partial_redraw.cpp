#include "app/partial_redraw.hpp"

#include <GL/glcorearb.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "app/opaque_runs.hpp"
#include "core/util/log.hpp"

namespace llada::app {

namespace {

// Redraw passes a frame at most (each walks the commands again). 8 rather than 4: dragging T at
// V = 100 277 keeps the Softmax table's bars and its probability column apart from the token column
// between them, 19.5 % of the window's pixels a frame instead of 30.8 % (median frame 5.4-6.3 ms
// instead of 6.4-7.3 ms, three runs each); the training panel's frames came out the same.
constexpr size_t kMaxBoxes = 8;

// FNV-1a over 32-bit words: the same frame gives the same signature, one changed texel or colour another.
struct Hash {
  uint64_t h = 1469598103934665603ull;
  void add(uint32_t w) { h = (h ^ w) * 1099511628211ull; }
  void add(float f) {
    uint32_t w;
    std::memcpy(&w, &f, sizeof w);
    add(w);
  }
  void add(const void* p) {
    const auto v = reinterpret_cast<uintptr_t>(p);
    add(uint32_t(v)), add(uint32_t(uint64_t(v) >> 32));
  }
};

// The commands of `d` as DamageTracker sees them; `callback` is set when one is a callback (not summarised).
std::vector<std::vector<CommandSignature>> signatures(const ImDrawData& d, ImTextureID atlas, bool& callback) {
  std::vector<std::vector<CommandSignature>> out(size_t(std::max(0, d.CmdListsCount)));
  for (int l = 0; l < d.CmdListsCount; ++l) {
    const ImDrawList& list = *d.CmdLists[l];
    out[size_t(l)].reserve(size_t(list.CmdBuffer.Size));
    for (const ImDrawCmd& c : list.CmdBuffer) {
      if (c.UserCallback) {
        callback = true;
        continue;
      }
      CommandSignature s;
      Hash state;
      state.add(c.TextureId);
      state.add(c.ClipRect.x), state.add(c.ClipRect.y), state.add(c.ClipRect.z), state.add(c.ClipRect.w);
      s.state = state.h;
      s.clip = {c.ClipRect.x, c.ClipRect.y, c.ClipRect.z, c.ClipRect.w};
      Hash h = state;
      DamageRect all;
      const ImDrawIdx* idx = list.IdxBuffer.Data + c.IdxOffset;
      const ImDrawVert* vtx = list.VtxBuffer.Data + c.VtxOffset;
      const unsigned tris = c.ElemCount / 3;
      s.triangles.resize(tris);
      s.triangle_areas.resize(tris);
      for (unsigned t = 0; t < tris; ++t) {
        Hash th;
        float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
        for (unsigned k = 3 * t; k < 3 * t + 3; ++k) {
          const ImDrawVert& v = vtx[idx[k]];
          th.add(v.pos.x), th.add(v.pos.y), th.add(v.uv.x), th.add(v.uv.y), th.add(uint32_t(v.col));
          x0 = std::min(x0, v.pos.x), y0 = std::min(y0, v.pos.y), x1 = std::max(x1, v.pos.x), y1 = std::max(y1, v.pos.y);
        }
        s.triangles[t] = th.h;
        h.add(uint32_t(th.h)), h.add(uint32_t(th.h >> 32));
        // One pixel around the vertices: a pixel is drawn when its centre is inside a triangle.
        s.triangle_areas[t] = {x0 - 1, y0 - 1, x1 + 1, y1 + 1};
        all.add(s.triangle_areas[t]);
      }
      h.add(uint32_t(c.ElemCount));
      s.hash = h.h;
      s.area = all.clipped(s.clip);
      s.image = c.TextureId != atlas;
      out[size_t(l)].push_back(s);
    }
  }
  return out;
}

// Cuts each command's clip rectangle to the pixel box (top-left origin): computes the scissor box the
// OpenGL backend sets for it (imgui_impl_opengl3.cpp: x = (int)min.x, y = (int)(fb_h − max.y),
// w = (int)(max.x − min.x), h = (int)(max.y − min.y), at scale 1) and gives it the whole-pixel rectangle
// of that box's intersection with `box`, which the backend turns back into exactly that intersection.
void clip_commands(ImDrawData& d, int fb_h, const int box[4]) {
  const ImVec2 off = d.DisplayPos;
  for (int l = 0; l < d.CmdListsCount; ++l)
    for (ImDrawCmd& c : d.CmdLists[l]->CmdBuffer) {
      if (c.UserCallback) continue;
      const float cx0 = c.ClipRect.x - off.x, cy0 = c.ClipRect.y - off.y;
      const float cx1 = c.ClipRect.z - off.x, cy1 = c.ClipRect.w - off.y;
      if (cx1 <= cx0 || cy1 <= cy0) continue;  // the backend skips it
      const int gx = int(cx0), gw = int(cx1 - cx0), gy = int(float(fb_h) - cy1), gh = int(cy1 - cy0);
      const int x0 = std::max(gx, box[0]), x1 = std::min(gx + gw, box[2]);
      const int top = std::max(fb_h - (gy + gh), box[1]), bottom = std::min(fb_h - gy, box[3]);
      if (x1 <= x0 || bottom <= top) c.ClipRect = ImVec4(off.x, off.y, off.x, off.y);  // outside: skipped
      else c.ClipRect = ImVec4(float(x0) + off.x, float(top) + off.y, float(x1) + off.x, float(bottom) + off.y);
    }
}

// Trims each command to its triangles that can touch the pixel box (top-left origin): from its first
// such triangle to its last, by their vertices' bounds plus a pixel (a pixel is drawn when its centre is
// inside a triangle). A triangle outside the box draws nothing there (the scissor), so the pass draws the
// same pixels; but a window's text is one command of thousands of triangles, and a software renderer
// transforms and sets up every triangle of a draw call before the scissor drops it — a status line's box
// need not pay for the whole window's text.
void trim_commands(ImDrawData& d, const int box[4]) {
  const ImVec2 off = d.DisplayPos;
  const float bx0 = float(box[0]) + off.x - 1, by0 = float(box[1]) + off.y - 1;
  const float bx1 = float(box[2]) + off.x + 1, by1 = float(box[3]) + off.y + 1;
  for (int l = 0; l < d.CmdListsCount; ++l) {
    const ImDrawList& list = *d.CmdLists[l];
    for (ImDrawCmd& c : d.CmdLists[l]->CmdBuffer) {
      if (c.UserCallback || c.ClipRect.z <= c.ClipRect.x || c.ClipRect.w <= c.ClipRect.y) continue;
      const ImDrawIdx* idx = list.IdxBuffer.Data + c.IdxOffset;
      const ImDrawVert* vtx = list.VtxBuffer.Data + c.VtxOffset;
      auto touches = [&](unsigned t) {
        float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
        for (unsigned k = 3 * t; k < 3 * t + 3; ++k) {
          const ImVec2 p = vtx[idx[k]].pos;
          x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
        }
        return x1 >= bx0 && x0 <= bx1 && y1 >= by0 && y0 <= by1;
      };
      const unsigned tris = c.ElemCount / 3;
      unsigned first = 0, last = tris;
      while (first < tris && !touches(first)) ++first;
      if (first == tris) {  // nothing of it in the box: the backend skips an empty clip rectangle
        c.ClipRect = ImVec4(off.x, off.y, off.x, off.y);
        continue;
      }
      while (last > first + 1 && !touches(last - 1)) --last;
      c.IdxOffset += 3 * first, c.ElemCount = 3 * (last - first);
    }
  }
}

}  // namespace

void PartialRedraw::draw(ImDrawData& d, int fb_w, int fb_h, const int box[4]) {
  glViewport(0, 0, fb_w, fb_h);
  glEnable(GL_SCISSOR_TEST);
  glScissor(box[0], fb_h - box[3], box[2] - box[0], box[3] - box[1]);
  glClearColor(0.10f, 0.10f, 0.12f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
  ImGui_ImplOpenGL3_RenderDrawData(&d);
}

std::vector<uint8_t> PartialRedraw::read(int fb_w, int fb_h) {
  std::vector<uint8_t> px(size_t(fb_w) * size_t(fb_h) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, fb_w, fb_h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  return px;
}

void PartialRedraw::compare(const std::vector<uint8_t>& part, const std::vector<uint8_t>& whole, int fb_w, int fb_h,
                            const int box[4]) {
  int n = 0, mx0 = fb_w, my0 = fb_h, mx1 = -1, my1 = -1;
  for (int y = 0; y < fb_h; ++y)
    for (int x = 0; x < fb_w; ++x) {
      const size_t i = (size_t(y) * size_t(fb_w) + size_t(x)) * 4;
      if (std::memcmp(&part[i], &whole[i], 3) == 0) continue;
      ++n;
      const int top = fb_h - 1 - y;
      mx0 = std::min(mx0, x), mx1 = std::max(mx1, x), my0 = std::min(my0, top), my1 = std::max(my1, top);
    }
  ++checked_frames_;
  if (n == 0 || mismatched_frames_++ > 0) return;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "--redraw check: frame %lld: %d pixels differ from a whole redraw, within x %d..%d, y %d..%d "
                "(redrawn: x %d..%d, y %d..%d)",
                (long long)checked_frames_, n, mx0, mx1, my0, my1, box[0], box[2] - 1, box[1], box[3] - 1);
  log_line(buf);
}

bool PartialRedraw::report_check() const {
  if (checked_frames_ == 0) return true;
  char buf[160];
  std::snprintf(buf, sizeof buf, "--redraw check: %lld of %lld drawn frames differed from a whole redraw",
                (long long)mismatched_frames_, (long long)checked_frames_);
  log_line(buf);
  return mismatched_frames_ == 0;
}

void PartialRedraw::render(ImDrawData& d, ImTextureID atlas, ImVec2 white_uv, bool whole, bool images_changed) {
  const int fb_w = int(d.DisplaySize.x * d.FramebufferScale.x), fb_h = int(d.DisplaySize.y * d.FramebufferScale.y);
  if (fb_w <= 0 || fb_h <= 0) return;
  const int all[4] = {0, 0, fb_w, fb_h};
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  shown_px_ += int64_t(fb_w) * fb_h;
  const bool usable = enabled_ && software_ && kept_ != Kept::No && d.FramebufferScale.x == 1 &&
                      d.FramebufferScale.y == 1 && d.DisplayPos.x == std::floor(d.DisplayPos.x) &&
                      d.DisplayPos.y == std::floor(d.DisplayPos.y);
  const bool resized = fb_w != fb_w_ || fb_h != fb_h_;
  fb_w_ = fb_w, fb_h_ = fb_h;
  if (kept_ == Kept::Testing) {  // the second drawn frame: is the first one still in the back buffer?
    kept_ = !resized && read(fb_w, fb_h) == first_ ? Kept::Yes : Kept::No;
    first_ = {};
    log_line(kept_ == Kept::Yes ? "redraw: only the changed part of the window (the back buffer keeps the last frame)"
                                : "redraw: the whole window each frame (the back buffer does not keep the last frame)");
  }
  if (!usable || kept_ != Kept::Yes) {  // the whole window; a software renderer's first one starts the test
    tracker_.forget();
    split_opaque_runs(d, atlas, white_uv);
    draw(d, fb_w, fb_h, all);
    redrawn_px_ += int64_t(fb_w) * fb_h;
    if (usable && kept_ == Kept::Unknown) first_ = read(fb_w, fb_h), kept_ = Kept::Testing;
    return;
  }
  bool callback = false;
  auto sig = signatures(d, atlas, callback);
  const DamageRect display{d.DisplayPos.x, d.DisplayPos.y, d.DisplayPos.x + d.DisplaySize.x, d.DisplayPos.y + d.DisplaySize.y};
  tracker_.update(std::move(sig), display, whole || callback || resized || atlas != atlas_, images_changed);
  atlas_ = atlas;
  // The damaged rectangles as whole-pixel boxes; each is cleared and redrawn in turn.
  std::vector<std::array<int, 4>> boxes;
  int bbox[4] = {fb_w, fb_h, 0, 0};
  for (const DamageRect& r : merge_damage(tracker_.parts(), kMaxBoxes)) {
    const std::array<int, 4> b = {std::clamp(int(std::floor(r.x0 - d.DisplayPos.x)), 0, fb_w),
                                  std::clamp(int(std::floor(r.y0 - d.DisplayPos.y)), 0, fb_h),
                                  std::clamp(int(std::ceil(r.x1 - d.DisplayPos.x)), 0, fb_w),
                                  std::clamp(int(std::ceil(r.y1 - d.DisplayPos.y)), 0, fb_h)};
    if (b[2] <= b[0] || b[3] <= b[1]) continue;
    boxes.push_back(b);
    bbox[0] = std::min(bbox[0], b[0]), bbox[1] = std::min(bbox[1], b[1]);
    bbox[2] = std::max(bbox[2], b[2]), bbox[3] = std::max(bbox[3], b[3]);
  }
  if (boxes.empty() && !check_) return;  // the back buffer already holds this frame
  split_opaque_runs(d, atlas, white_uv);
  struct Saved {
    ImVec4 clip;
    unsigned idx_offset, count;
  };
  std::vector<Saved> kept;  // each box cuts and trims the commands as the backend left them
  for (int l = 0; l < d.CmdListsCount; ++l)
    for (const ImDrawCmd& c : d.CmdLists[l]->CmdBuffer) kept.push_back({c.ClipRect, c.IdxOffset, c.ElemCount});
  auto restore = [&] {
    size_t k = 0;
    for (int l = 0; l < d.CmdListsCount; ++l)
      for (ImDrawCmd& c : d.CmdLists[l]->CmdBuffer) {
        const Saved& was = kept[k++];
        c.ClipRect = was.clip, c.IdxOffset = was.idx_offset, c.ElemCount = was.count;
      }
  };
  for (const auto& b : boxes) {
    redrawn_px_ += int64_t(b[2] - b[0]) * (b[3] - b[1]);
    clip_commands(d, fb_h, b.data());
    trim_commands(d, b.data());
    draw(d, fb_w, fb_h, b.data());
    restore();
  }
  const int* box = bbox;
  if (check_) {
    const std::vector<uint8_t> part = read(fb_w, fb_h);
    draw(d, fb_w, fb_h, all);
    compare(part, read(fb_w, fb_h), fb_w, fb_h, box);
  }
}

}  // namespace llada::app
