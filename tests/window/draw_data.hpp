// Hand-made ImGui draw data for the window's drawing helpers (app/redraw, app/opaque_runs): one draw
// list of rectangles, each two triangles, grouped into commands by texture as ImGui groups them. No
// ImGui context is needed.
#pragma once

#include <imgui.h>

namespace llada::test {

struct DrawFrame {
  static inline const ImVec2 kWhite{0.5f, 0.5f};  // the atlas's white pixel in these tests
  static inline const ImTextureID kAtlas = reinterpret_cast<ImTextureID>(1);
  static inline const ImTextureID kOther = reinterpret_cast<ImTextureID>(2);

  ImDrawList list{nullptr};
  ImDrawList* lists[1] = {&list};
  ImDrawData data;

  DrawFrame() {
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.DisplaySize = ImVec2(400, 300);
    data.FramebufferScale = ImVec2(1, 1);
  }
  DrawFrame(const DrawFrame&) = delete;

  // A w×h rectangle at (x, y): colour `col` (alpha in its top byte), texture coordinate `uv` at every
  // corner, on `tex`; joins the last command when that one is on the same texture.
  void rect(float x, float y, float w, float h, ImU32 col, ImVec2 uv = kWhite, ImTextureID tex = kAtlas) {
    const auto base = static_cast<ImDrawIdx>(list.VtxBuffer.Size);
    for (ImVec2 p : {ImVec2(x, y), ImVec2(x + w, y), ImVec2(x + w, y + h), ImVec2(x, y + h)}) {
      ImDrawVert v;
      v.pos = p, v.uv = uv, v.col = col;
      list.VtxBuffer.push_back(v);
    }
    for (int k : {0, 1, 2, 0, 2, 3}) list.IdxBuffer.push_back(static_cast<ImDrawIdx>(base + k));
    if (list.CmdBuffer.Size == 0 || list.CmdBuffer.back().TextureId != tex) {
      ImDrawCmd c;
      c.ClipRect = ImVec4(0, 0, 400, 300);
      c.TextureId = tex;
      c.IdxOffset = static_cast<unsigned>(list.IdxBuffer.Size - 6);
      list.CmdBuffer.push_back(c);
    }
    list.CmdBuffer.back().ElemCount += 6;
  }
};

}  // namespace llada::test
