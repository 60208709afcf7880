// The window's damaged rectangle (app/damage.hpp): what changed between two frames, from the draw
// commands' signatures and areas. A rectangle too small leaves stale pixels on screen; too large only
// costs time — these cases pin both.
#include <doctest/doctest.h>

#include <vector>

#include "app/damage.hpp"

using namespace llada::app;

namespace {

using Frame = std::vector<std::vector<CommandSignature>>;
const DamageRect kDisplay{0, 0, 1280, 800};

CommandSignature cmd(uint64_t hash, DamageRect area, bool image = false) { return {hash, area, image}; }

bool same(const DamageRect& a, const DamageRect& b) { return a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1; }

// Two windows: a panel with a plot and a label, and a small popup above it.
Frame base() {
  return {{cmd(1, {0, 0, 1280, 800}), cmd(2, {100, 100, 600, 400}), cmd(3, {100, 450, 300, 470})},
          {cmd(4, {700, 200, 900, 260})}};
}

}  // namespace

TEST_CASE("the first frame, a requested refresh and a new display size damage the whole display") {
  DamageTracker t;
  CHECK(same(t.update(base(), kDisplay, false, false), kDisplay));
  CHECK(t.update(base(), kDisplay, false, false).empty());
  CHECK(same(t.update(base(), kDisplay, true, false), kDisplay));
  const DamageRect smaller{0, 0, 640, 400};
  CHECK(same(t.update(base(), smaller, false, false), smaller));
  t.forget();
  CHECK(same(t.update(base(), smaller, false, false), smaller));
}

TEST_CASE("a changed command damages its old and its new area, and nothing else") {
  DamageTracker t;
  t.update(base(), kDisplay, false, false);
  Frame f = base();
  f[0][2] = cmd(33, {100, 450, 350, 480});  // the label grew
  const DamageRect d = t.update(f, kDisplay, false, false);
  CHECK(same(d, {100, 450, 350, 480}));
  Frame g = f;
  g[1][0] = cmd(44, {720, 220, 760, 240});  // the popup shrank: where it was must be redrawn too
  CHECK(same(t.update(g, kDisplay, false, false), {700, 200, 900, 260}));
  CHECK(t.update(g, kDisplay, false, false).empty());
}

TEST_CASE("commands and windows that appear or disappear damage their areas") {
  DamageTracker t;
  t.update(base(), kDisplay, false, false);
  Frame more = base();
  more[0].push_back(cmd(5, {10, 10, 20, 20}));
  more.push_back({cmd(6, {1000, 700, 1100, 750})});
  CHECK(same(t.update(more, kDisplay, false, false), {10, 10, 1100, 750}));
  CHECK(same(t.update(base(), kDisplay, false, false), {10, 10, 1100, 750}));  // and gone again
}

TEST_CASE("new pixels in a widget's texture damage the commands that show an image") {
  DamageTracker t;
  Frame f = base();
  f[0][1].image = true;  // the plot is a texture (the point cloud, a heatmap)
  t.update(f, kDisplay, false, false);
  CHECK(t.update(f, kDisplay, false, false).empty());
  CHECK(same(t.update(f, kDisplay, false, true), {100, 100, 600, 400}));
}

TEST_CASE("the damage never reaches outside the display") {
  DamageTracker t;
  t.update(base(), kDisplay, false, false);
  Frame f = base();
  f[1][0] = cmd(7, {1200, 760, 1400, 900});  // a popup partly off the window
  const DamageRect d = t.update(f, kDisplay, false, false);
  CHECK(same(d, {700, 200, 1280, 800}));
}

TEST_CASE("rectangles: union ignores empty ones, intersection can be empty") {
  DamageRect a;
  CHECK(a.empty());
  a.add({});
  CHECK(a.empty());
  a.add({1, 2, 3, 4});
  a.add({5, 0, 6, 1});
  CHECK(same(a, {1, 0, 6, 4}));
  CHECK(a.area() == 20);
  CHECK(a.clipped({10, 10, 20, 20}).empty());
  CHECK(same(a.clipped({2, 1, 10, 10}), {2, 1, 6, 4}));
}
