#include "app/opaque_runs.hpp"

#include <GL/glcorearb.h>

#include <cmath>
#include <vector>

namespace llada::app {

namespace {

void blend_off(const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }
void blend_on(const ImDrawList*, const ImDrawCmd*) { glEnable(GL_BLEND); }

ImDrawCmd callback(ImDrawCallback f) {
  ImDrawCmd c;
  c.UserCallback = f;
  return c;
}

}  // namespace

int split_opaque_runs(ImDrawData& d, ImTextureID atlas, ImVec2 white_uv, float min_area) {
  int runs = 0;
  std::vector<ImDrawCmd> out;
  for (int l = 0; l < d.CmdListsCount; ++l) {
    ImDrawList& list = *d.CmdLists[l];
    out.clear();
    bool changed = false;
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback || cmd.TextureId != atlas || cmd.ElemCount < 3) {
        out.push_back(cmd);
        continue;
      }
      const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
      const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
      auto opaque = [&](unsigned t) {
        for (int k = 0; k < 3; ++k) {
          const ImDrawVert& v = vtx[idx[3 * t + k]];
          if ((v.col & IM_COL32_A_MASK) != IM_COL32_A_MASK || v.uv.x != white_uv.x || v.uv.y != white_uv.y) return false;
        }
        return true;
      };
      auto area = [&](unsigned t) {
        const ImVec2 a = vtx[idx[3 * t]].pos, b = vtx[idx[3 * t + 1]].pos, c = vtx[idx[3 * t + 2]].pos;
        return 0.5f * std::fabs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y));
      };
      // Walk the triangles; [start, t) is the blended stretch not yet emitted.
      const unsigned n = cmd.ElemCount / 3;
      unsigned start = 0;
      auto emit = [&](unsigned from, unsigned to) {
        if (to <= from) return;
        ImDrawCmd c = cmd;
        c.IdxOffset = cmd.IdxOffset + 3 * from;
        c.ElemCount = 3 * (to - from);
        out.push_back(c);
      };
      for (unsigned t = 0; t < n;) {
        if (!opaque(t)) {
          ++t;
          continue;
        }
        unsigned end = t;
        float covered = 0;
        while (end < n && opaque(end)) covered += area(end++);
        if (covered >= min_area) {
          emit(start, t);
          out.push_back(callback(blend_off));
          emit(t, end);
          out.push_back(callback(blend_on));
          start = end;
          ++runs, changed = true;
        }
        t = end;
      }
      emit(start, n);
    }
    if (changed) {
      list.CmdBuffer.resize(int(out.size()));
      for (int i = 0; i < int(out.size()); ++i) list.CmdBuffer[i] = out[size_t(i)];
    }
  }
  return runs;
}

}  // namespace llada::app
