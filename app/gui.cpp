// Placeholder until the window lands: keeps the program building.
#include "app/gui.hpp"

#include <cstdio>

namespace llada::app {
int run_gui(int, char**) {
  std::fprintf(stderr, "llada-lab: the window is not built yet\n");
  return 1;
}
}  // namespace llada::app
