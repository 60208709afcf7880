#!/usr/bin/env bash
# Partial redrawing (app/partial_redraw.hpp) under a virtual X display (Xvfb, llvmpipe): with --redraw
# check every drawn frame is drawn in part (the damaged rectangle only), read back, drawn whole and read
# again, and the run fails when one pixel differs. Runs: the first launch (Forward process and the
# animated Mask counts), t dragged every frame, both models training on the Training, Softmax and
# Embedding space panels (a texture redrawn by a widget), and classroom mode on a lesson step (full
# screen, UI scale 2). Also: llvmpipe's back buffer keeps the last frame (partial redraw is on), the
# whole-window mode says nothing of it, and a wrong --redraw is refused.
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"

check() {  # NAME ARGS...: one run in check mode
  local name="$1"; shift
  mkdir -p "$TMP/cfg_$name"
  xvfb --config-dir "$TMP/cfg_$name" --redraw check "$@" 2>"$TMP/err_$name" >/dev/null ||
    { cat "$TMP/err_$name" >&2; fail "$name: the partly redrawn picture differs from a whole redraw (or the run failed)"; }
  grep -q "redraw: only the changed part of the window" "$TMP/err_$name" ||
    { cat "$TMP/err_$name" >&2; fail "$name: partial redrawing was not on"; }
  grep -Eq -- "--redraw check: 0 of [1-9][0-9]* drawn frames differed" "$TMP/err_$name" ||
    { cat "$TMP/err_$name" >&2; fail "$name: no frame was checked"; }
}

check first_launch --frames 90
check forward_t --panel forward --sweep forward.t --frames 60
check training --panel training --train gpt,llada --frames 60
check softmax --panel softmax --train gpt,llada --sweep softmax.T --frames 60
check embedding --panel embedding --train zero-layer --frames 60
check classroom --classroom --lesson 01_forward_process --train gpt,llada --frames 60

mkdir -p "$TMP/cfg_whole"
xvfb --config-dir "$TMP/cfg_whole" --redraw whole --panel masks --frames 10 2>"$TMP/err_whole" >/dev/null ||
  { cat "$TMP/err_whole" >&2; fail "--redraw whole: the run failed"; }
grep -q "redraw: only the changed part" "$TMP/err_whole" && fail "--redraw whole still redrew in part"
if xvfb --config-dir "$TMP/cfg_whole" --redraw sometimes --frames 2 2>"$TMP/err_bad" >/dev/null; then
  fail "--redraw sometimes was accepted"
fi
grep -q "redraw must be partial, whole or check" "$TMP/err_bad" || { cat "$TMP/err_bad" >&2; fail "--redraw sometimes: no clear message"; }
echo "gui_redraw: ok"
