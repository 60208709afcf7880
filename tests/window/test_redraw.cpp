// app/redraw (RedrawCheck): a frame whose draw data equals the last drawn one is not drawn again; a
// changed frame is drawn at once with input and at most every calm interval without; a frame is drawn
// whatever it holds when forced (a screenshot, a refresh, a texture a widget drew into) and once its last
// drawing is max_age old.
#include <doctest/doctest.h>

#include "app/redraw.hpp"
#include "tests/window/draw_data.hpp"

using llada::app::RedrawCheck;
using llada::test::DrawFrame;

namespace {
constexpr ImU32 kGrey = IM_COL32(40, 40, 40, 255), kRed = IM_COL32(200, 0, 0, 255);
}

TEST_CASE("a frame equal to the last drawn one is not drawn again; a changed one is") {
  RedrawCheck check(1.0, 0.03);
  DrawFrame a, same, changed;
  a.rect(0, 0, 100, 50, kGrey);
  same.rect(0, 0, 100, 50, kGrey);
  changed.rect(0, 0, 100, 51, kGrey);  // one vertex moved by a pixel
  CHECK(check.needed(a.data, false, false, 0.0));  // the first frame
  CHECK_FALSE(check.needed(same.data, false, false, 0.1));
  CHECK_FALSE(check.needed(same.data, false, true, 0.2));  // input alone changes nothing on screen
  CHECK(check.needed(changed.data, false, false, 0.3));
  CHECK_FALSE(check.needed(changed.data, false, false, 0.4));
}

TEST_CASE("what a frame is compared on: colours, indices, a command's texture or clip, the display size") {
  DrawFrame base;
  base.rect(0, 0, 100, 50, kGrey);
  base.rect(0, 60, 100, 50, kGrey, ImVec2(0.1f, 0.1f));
  auto differs = [&](auto&& change) {
    RedrawCheck check(1.0, 0.03);
    REQUIRE(check.needed(base.data, false, false, 0.0));
    DrawFrame f;
    f.rect(0, 0, 100, 50, kGrey);
    f.rect(0, 60, 100, 50, kGrey, ImVec2(0.1f, 0.1f));
    REQUIRE_FALSE(check.needed(f.data, false, false, 0.1));
    change(f);
    return check.needed(f.data, false, false, 0.2);
  };
  CHECK(differs([](DrawFrame& f) { f.list.VtxBuffer[5].col = kRed; }));
  CHECK(differs([](DrawFrame& f) { f.list.VtxBuffer[6].uv.x = 0.2f; }));
  CHECK(differs([](DrawFrame& f) { std::swap(f.list.IdxBuffer[0], f.list.IdxBuffer[1]); }));
  CHECK(differs([](DrawFrame& f) { f.list.CmdBuffer[0].TextureId = DrawFrame::kOther; }));
  CHECK(differs([](DrawFrame& f) { f.list.CmdBuffer[0].ClipRect.z = 200; }));
  CHECK(differs([](DrawFrame& f) { f.list.CmdBuffer[0].ElemCount = 6; }));
  CHECK(differs([](DrawFrame& f) { f.data.DisplaySize.x = 401; }));
  CHECK(differs([](DrawFrame& f) { f.data.CmdListsCount = 0; }));
}

TEST_CASE("without input a changing frame is drawn at most every calm interval; with input at once") {
  RedrawCheck check(1.0, 0.03);
  DrawFrame a, b, c;
  a.rect(0, 0, 100, 50, kGrey);
  b.rect(0, 0, 100, 50, kRed);
  c.rect(0, 0, 100, 50, IM_COL32(0, 0, 200, 255));
  REQUIRE(check.needed(a.data, false, false, 0.0));
  CHECK_FALSE(check.needed(b.data, false, false, 0.01));  // changed, but 10 ms after the last drawing
  CHECK(check.needed(b.data, false, false, 0.04));        // compared again a calm interval later
  CHECK(check.needed(c.data, false, true, 0.045));        // a dragged slider: every change at once
}

TEST_CASE("a forced frame (screenshot, refresh, a texture drawn into) and one a second old are drawn as they are") {
  RedrawCheck check(1.0, 0.03);
  DrawFrame a;
  a.rect(0, 0, 100, 50, kGrey);
  REQUIRE(check.needed(a.data, false, false, 0.0));
  CHECK(check.needed(a.data, true, false, 0.001));   // forced, even inside the calm interval
  CHECK_FALSE(check.needed(a.data, false, false, 0.5));
  CHECK_FALSE(check.needed(a.data, false, false, 1.0));  // 0.999 s after the forced drawing
  CHECK(check.needed(a.data, false, false, 1.002));      // a second old: drawn again
  CHECK_FALSE(check.needed(a.data, false, false, 1.1));
  check.forget();
  CHECK(check.needed(a.data, false, false, 1.2));
}
