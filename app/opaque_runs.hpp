// Large opaque shapes drawn without blending.
//
// ImGui draws everything with blending on, through one shader that samples the font atlas (a solid shape
// samples its white pixel). A shape whose vertices are all opaque and whose texels are the white pixel
// comes out the same with blending off, and a software renderer (llvmpipe) fills it faster without
// reading the pixels behind it: panel backgrounds, plot areas, buttons and bars cover most of a window.
//
// split_opaque_runs rewrites this frame's draw commands (after ImGui::Render, before RenderDrawData):
// each command on the font atlas is cut into runs of triangles in their original order, and a run of
// opaque triangles covering at least min_area pixels is drawn between two callbacks that turn blending
// off and on again. Smaller opaque runs stay blended (each cut is another draw call). Same pixels; the
// draw order never changes.
#pragma once

#include <imgui.h>

namespace llada::app {

// Returns how many runs were drawn without blending.
int split_opaque_runs(ImDrawData& d, ImTextureID atlas, ImVec2 white_uv, float min_area = 4096);

}  // namespace llada::app
