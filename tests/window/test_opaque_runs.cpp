// app/opaque_runs (split_opaque_runs): a run of opaque triangles on the atlas's white pixel covering at
// least min_area pixels is drawn between a callback that turns blending off and one that turns it on
// again; everything else is left as it is, and the triangles are drawn in their original order.
// The GL calls of the callbacks are recorded here (this program's glDisable / glEnable), not made.
#include <doctest/doctest.h>

#include <GL/glcorearb.h>

#include <string>
#include <vector>

#include "app/opaque_runs.hpp"
#include "tests/window/draw_data.hpp"

namespace {
std::string g_gl_calls;
}
extern "C" void glDisable(GLenum cap) { g_gl_calls += cap == GL_BLEND ? "off " : "other "; }
extern "C" void glEnable(GLenum cap) { g_gl_calls += cap == GL_BLEND ? "on " : "other "; }

using llada::app::split_opaque_runs;
using llada::test::DrawFrame;

namespace {

constexpr ImU32 kOpaque = IM_COL32(40, 40, 40, 255), kHalf = IM_COL32(40, 40, 40, 128);

// The commands as the renderer walks them: "draw IDX_OFFSET+COUNT" (texture atlas) or what a callback
// does to blending (running it).
std::string walk(DrawFrame& f) {
  std::string s;
  for (const ImDrawCmd& c : f.list.CmdBuffer) {
    if (c.UserCallback) {
      g_gl_calls.clear();
      c.UserCallback(&f.list, &c);
      s += g_gl_calls;
    } else {
      s += (c.TextureId == DrawFrame::kAtlas ? "draw " : "draw-other ") + std::to_string(c.IdxOffset) + "+" +
           std::to_string(c.ElemCount) + " ";
    }
  }
  return s;
}

}  // namespace

TEST_CASE("a large opaque rectangle is drawn with blending off, between its neighbours, in order") {
  DrawFrame f;
  f.rect(0, 0, 10, 10, kHalf);                   // translucent: blended
  f.rect(0, 20, 200, 100, kOpaque);              // 20 000 px opaque on the white pixel
  f.rect(0, 0, 10, 10, kOpaque, ImVec2(0.1f, 0.2f));  // a glyph: not the white pixel
  const int vertices = f.list.VtxBuffer.Size;
  const std::vector<ImDrawIdx> idx(f.list.IdxBuffer.Data, f.list.IdxBuffer.Data + f.list.IdxBuffer.Size);
  CHECK(split_opaque_runs(f.data, DrawFrame::kAtlas, DrawFrame::kWhite) == 1);
  CHECK(walk(f) == "draw 0+6 off draw 6+6 on draw 12+6 ");
  // Vertices and indices untouched: the same triangles, cut into commands only.
  CHECK(f.list.VtxBuffer.Size == vertices);
  CHECK(std::vector<ImDrawIdx>(f.list.IdxBuffer.Data, f.list.IdxBuffer.Data + f.list.IdxBuffer.Size) == idx);
  for (const ImDrawCmd& c : f.list.CmdBuffer)
    if (!c.UserCallback) CHECK(c.ClipRect.z == 400);  // each piece keeps its command's clip rectangle
}

TEST_CASE("small, translucent, textured or other-texture shapes keep blending and their single command") {
  DrawFrame f;
  f.rect(0, 0, 60, 60, kOpaque);                          // 3 600 px: below 4 096
  f.rect(0, 0, 200, 100, kHalf);                          // large but translucent
  f.rect(0, 0, 200, 100, kOpaque, ImVec2(0.1f, 0.2f));    // large, opaque, but not the white pixel
  f.rect(0, 0, 200, 100, kOpaque, DrawFrame::kWhite, DrawFrame::kOther);  // a widget's own texture
  CHECK(split_opaque_runs(f.data, DrawFrame::kAtlas, DrawFrame::kWhite) == 0);
  CHECK(walk(f) == "draw 0+18 draw-other 18+6 ");
}

TEST_CASE("adjacent opaque rectangles form one run when together they cover min_area; a translucent one cuts it") {
  DrawFrame f;
  f.rect(0, 0, 50, 50, kOpaque);    // 2 500 px
  f.rect(50, 0, 50, 50, kOpaque);   // + 2 500: 5 000 together
  f.rect(0, 60, 10, 10, kHalf);
  f.rect(0, 80, 50, 50, kOpaque);   // 2 500 alone: stays blended
  CHECK(split_opaque_runs(f.data, DrawFrame::kAtlas, DrawFrame::kWhite) == 1);
  CHECK(walk(f) == "off draw 0+12 on draw 12+12 ");
  DrawFrame g;  // a smaller min_area takes the last one too
  g.rect(0, 0, 50, 50, kOpaque);
  g.rect(50, 0, 50, 50, kOpaque);
  g.rect(0, 60, 10, 10, kHalf);
  g.rect(0, 80, 50, 50, kOpaque);
  CHECK(split_opaque_runs(g.data, DrawFrame::kAtlas, DrawFrame::kWhite, 2000) == 2);
  CHECK(walk(g) == "off draw 0+12 on draw 12+6 off draw 18+6 on ");
}
