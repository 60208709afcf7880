#version 330 core
// The embedding point cloud: one vertex per token, (x, y) in data units and an RGBA colour.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_color;
uniform vec4 u_view;        // x0, y0, 1/(x1 - x0), 1/(y1 - y0): the data rectangle shown
uniform float u_point_size; // pixels
out vec4 v_color;
void main() {
  vec2 p = (a_pos - u_view.xy) * u_view.zw * 2.0 - 1.0;
  // y negated: the framebuffer's row 0 (NDC y = −1) is the texture's first row, which ImGui shows at the
  // top, so the top of the data rectangle must land there (as in the CPU path's buffer).
  gl_Position = vec4(p.x, -p.y, 0.0, 1.0);
  gl_PointSize = u_point_size;
  v_color = a_color;
}
