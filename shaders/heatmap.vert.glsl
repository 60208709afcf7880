#version 330 core
// A quad over the whole target from gl_VertexID (no vertex buffer): a triangle strip of 4 vertices.
out vec2 v_uv;
void main() {
  vec2 p = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  v_uv = p;
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
