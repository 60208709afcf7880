#version 330 core
// Round points (a square sprite with its corners cut); trails use the same program as lines.
in vec4 v_color;
uniform bool u_round;
out vec4 frag;
void main() {
  if (u_round) {
    vec2 d = gl_PointCoord - vec2(0.5);
    if (dot(d, d) > 0.25) discard;
  }
  frag = v_color;
}
