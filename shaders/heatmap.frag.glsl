#version 330 core
// An attention map: one texel per (query row, key column) holding a probability in [0, 1], or a
// negative value where the key is hidden from the query (the causal triangle's upper half).
in vec2 v_uv;
uniform sampler2D u_values;  // R32F, nearest
uniform float u_max;         // the value drawn brightest
out vec4 frag;
vec3 ramp(float t) {  // dark blue → teal → yellow, readable on a projector
  vec3 a = vec3(0.05, 0.07, 0.20), b = vec3(0.10, 0.55, 0.60), c = vec3(0.99, 0.90, 0.35);
  return t < 0.5 ? mix(a, b, t * 2.0) : mix(b, c, t * 2.0 - 1.0);
}
void main() {
  // v_uv.y = 0 is the framebuffer's row 0, shown at the top by ImGui: query row 0 at the top.
  float v = texture(u_values, v_uv).r;
  frag = v < 0.0 ? vec4(0.16, 0.16, 0.18, 1.0) : vec4(ramp(clamp(v / u_max, 0.0, 1.0)), 1.0);
}
