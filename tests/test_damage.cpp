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

TEST_CASE("damage as a few rectangles: overlapping ones merge, distant bands stay apart, never more than asked") {
  // Training while it runs: two status lines and the plot, far apart.
  const std::vector<DamageRect> bands = {{8, 125, 540, 140}, {8, 283, 540, 298}, {8, 485, 1272, 745}};
  auto kept = merge_damage(bands, 4);
  CHECK(kept.size() == 3);
  float area = 0;
  for (const auto& r : kept) area += r.area();
  CHECK(area == doctest::Approx(532 * 15 * 2 + 1264 * 260));
  // Overlapping or adjoining rectangles cost no more as one.
  auto one = merge_damage({{0, 0, 10, 10}, {5, 5, 15, 15}, {10, 0, 20, 10}}, 4);  // 100 + 100 + 100 ≥ 20 × 15
  REQUIRE(one.size() == 1);
  CHECK(same(one[0], {0, 0, 20, 15}));
  CHECK(merge_damage({{0, 0, 10, 10}, {5, 5, 15, 15}}, 4).size() == 2);  // 225 > 200: apart
  auto two = merge_damage({{0, 0, 10, 10}, {10, 0, 20, 10}}, 4);
  REQUIRE(two.size() == 1);
  CHECK(same(two[0], {0, 0, 20, 10}));
  // At most max_count: the pair whose union adds the fewest pixels goes first.
  auto capped = merge_damage(bands, 2);
  REQUIRE(capped.size() == 2);
  bool status_lines_together = false;
  for (const auto& r : capped) status_lines_together |= same(r, {8, 125, 540, 298});
  CHECK(status_lines_together);
  // Every input pixel stays covered.
  for (const auto& b : bands) {
    bool covered = false;
    for (const auto& r : capped) covered |= same(b.clipped(r), b);
    CHECK(covered);
  }
  // Many small changes: their bounding box.
  std::vector<DamageRect> many;
  for (int i = 0; i < 100; ++i) many.push_back({float(10 * i), 0, float(10 * i + 5), 5});
  auto box = merge_damage(many, 4);
  REQUIRE(box.size() == 1);
  CHECK(same(box[0], {0, 0, 995, 5}));
}

TEST_CASE("the tracker's parts are the changed commands' areas within the display") {
  DamageTracker t;
  t.update(base(), kDisplay, false, false);
  Frame f = base();
  f[0][2] = cmd(33, {100, 450, 350, 480});
  f[1][0] = cmd(44, {1200, 700, 1400, 900});
  t.update(f, kDisplay, false, false);
  const auto& p = t.parts();
  REQUIRE(p.size() == 4);
  CHECK(same(p[0], {100, 450, 300, 470}));
  CHECK(same(p[1], {100, 450, 350, 480}));
  CHECK(same(p[2], {700, 200, 900, 260}));
  CHECK(same(p[3], {1200, 700, 1280, 800}));
}

TEST_CASE("inside a changed command only the run of triangles between its common beginning and end is damaged") {
  // A window's text as one command: three glyphs on three lines; the middle one changes, then a glyph
  // is added at the end, then the texture changes (the whole command).
  auto text = [](uint64_t mid, bool extra, uint64_t state) {
    CommandSignature c = cmd(mid * 7 + (extra ? 1 : 0) + state * 1000, {0, 0, 400, 300});
    c.state = state;
    c.clip = {0, 0, 400, 300};
    c.triangles = {1, mid, 3};
    c.triangle_areas = {{10, 10, 20, 20}, {10, 110, 20, 120}, {10, 210, 20, 220}};
    if (extra) c.triangles.push_back(4), c.triangle_areas.push_back({30, 210, 40, 220});
    return c;
  };
  DamageTracker t;
  t.update({{text(2, false, 9)}}, kDisplay, false, false);
  CHECK(same(t.update({{text(5, false, 9)}}, kDisplay, false, false), {10, 110, 20, 120}));
  CHECK(same(t.update({{text(5, true, 9)}}, kDisplay, false, false), {30, 210, 40, 220}));
  CHECK(same(t.update({{text(5, false, 9)}}, kDisplay, false, false), {30, 210, 40, 220}));  // removed again
  CHECK(same(t.update({{text(5, false, 8)}}, kDisplay, false, false), {0, 0, 400, 300}));    // new texture or clip
}

TEST_CASE("inside a changed command each run of changed triangles damages its own rectangle, not what lies between") {
  // A window's text and plot as one command: a status line at the top (triangles 11, 12: row 1), labels
  // that stay (31 … 33: row 3) and a curve at the bottom (71, 72: row 7). Triangle h covers the 10-pixel
  // cell of column h % 10, row h / 10 (its hash, like a real one, says where it is).
  auto window = [](std::vector<uint64_t> tris) {
    CommandSignature c = cmd(0, {0, 0, 400, 800});
    for (uint64_t h : tris) c.hash = c.hash * 31 + h;
    c.state = 9;
    c.clip = {0, 0, 400, 800};
    c.triangles = tris;
    for (uint64_t h : tris)
      c.triangle_areas.push_back({float(10 * (h % 10)), float(10 * (h / 10)), float(10 * (h % 10) + 10), float(10 * (h / 10) + 10)});
    return c;
  };
  DamageTracker t;
  t.update({{window({11, 12, 31, 32, 33, 71, 72, 91})}}, kDisplay, false, false);
  // A number in the status line and the curve's last point change: two rectangles, the labels between kept.
  const DamageRect d = t.update({{window({11, 13, 31, 32, 33, 71, 73, 91})}}, kDisplay, false, false);
  auto p = t.parts();
  REQUIRE(p.size() == 2);
  CHECK(same(p[0], {20, 10, 40, 20}));  // 12 → 13
  CHECK(same(p[1], {20, 70, 40, 80}));  // 72 → 73
  CHECK(same(d, {20, 10, 40, 80}));     // the bounding box, as before
  // The curve grows by two points and the status line's number changes again (a longer one): the
  // triangles after each change shift in the list but stay aligned.
  t.update({{window({11, 14, 15, 31, 32, 33, 71, 73, 74, 75, 91})}}, kDisplay, false, false);
  p = t.parts();
  REQUIRE(p.size() == 2);
  CHECK(same(p[0], {30, 10, 60, 20}));  // 13 → 14, 15
  CHECK(same(p[1], {40, 70, 60, 80}));  // 74, 75 added
  t.update({{window({11, 14, 15, 31, 32, 33, 71, 73, 74, 75, 91})}}, kDisplay, false, false);
  CHECK(t.parts().empty());
  // A label gone from between: its cell only.
  t.update({{window({11, 14, 15, 31, 33, 71, 73, 74, 75, 91})}}, kDisplay, false, false);
  p = t.parts();
  REQUIRE(p.size() == 1);
  CHECK(same(p[0], {20, 30, 30, 40}));
}

TEST_CASE("a triangle drawn in another order damages its area (the overlap's colour depends on the order)") {
  auto cmd_of = [](std::vector<uint64_t> tris) {
    CommandSignature c = cmd(tris[1], {0, 0, 400, 400});
    c.state = 9;
    c.clip = {0, 0, 400, 400};
    c.triangles = tris;
    // All in the same place: the last drawn shows.
    for (size_t k = 0; k < tris.size(); ++k) c.triangle_areas.push_back({100, 100, 120, 120});
    return c;
  };
  DamageTracker t;
  t.update({{cmd_of({1, 2, 3, 4})}}, kDisplay, false, false);
  CHECK(same(t.update({{cmd_of({1, 3, 2, 4})}}, kDisplay, false, false), {100, 100, 120, 120}));
}
