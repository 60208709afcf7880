// The window: GLFW + OpenGL 3.3 core + Dear ImGui. Returns the process exit code.
// Without a display it says so and names the headless alternatives instead of crashing.
#pragma once

namespace llada::app {
int run_gui(int argc, char** argv);
}
