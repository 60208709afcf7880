#!/usr/bin/env bash
# Classroom mode (app/classroom.hpp) under a virtual X display (Xvfb), in English and Vietnamese:
#  - --classroom renders a non-blank screenshot: full screen, one panel, the key bar;
#  - leaving the program in the mode does not leave the panel's full-screen place in imgui.ini (the next
#    launch shows the first-launch layout again), and settings.json keeps its own UI scale;
#  - with both models training, the mode renders and --frame-stats reports the frame times.
# Screenshots stay in $LLADA_SHOTS when it is set (to look at them). Skipped (77) without xvfb-run.
source "$(dirname "$0")/gui_common.bash"
shots="${LLADA_SHOTS:-$TMP}"
mkdir -p "$shots"

for lang in en vi; do
  cfg="$TMP/cfg-$lang"
  xvfb --config-dir "$cfg" --lang "$lang" --classroom --screenshot "$shots/classroom-$lang.png" --frames 20 2>"$TMP/err" ||
    { cat "$TMP/err" >&2; fail "$lang: classroom run failed"; }
  "$LAB" image-stats "$shots/classroom-$lang.png" --min-colours 32 --min-fraction 0.02 || fail "$lang: classroom screenshot is blank"
  grep -q '"ui_scale": 1' "$cfg/settings.json" || fail "$lang: classroom mode changed the saved UI scale"
  ! grep -A2 '^\[Window\]\[###forward\]' "$cfg/imgui.ini" | grep -q '^Pos=0,0' ||
    fail "$lang: imgui.ini kept the classroom mode's full-screen place of Forward process"
done

xvfb --config-dir "$TMP/train" --classroom --train gpt,llada --frame-stats --screenshot "$shots/classroom-training.png" \
  --frames 120 >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "classroom run with training failed"; }
grep -q "frame time over" "$TMP/out" || fail "no frame statistics"
cat "$TMP/out"
echo "gui classroom: ok"
