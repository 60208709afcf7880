#!/usr/bin/env bash
# Classroom mode (app/classroom.hpp) under a virtual X display (Xvfb), in English and Vietnamese:
#  - --classroom renders a non-blank screenshot: full screen, one panel, the key bar;
#  - leaving the program in the mode does not leave the panel's full-screen place in imgui.ini (the next
#    launch shows the first-launch layout again), and settings.json keeps its own UI scale;
#  - a lesson step that sets parameters (@set) draws exactly those controls of its panel and folds the
#    panel's others away (the run's "classroom step: shows … | folds …" log line, checked against the
#    lesson's @set line and the panel's parameters listed by --window-help); outside the mode, and in
#    the mode without a lesson, nothing is folded;
#  - with both models training, the mode renders and --frame-stats reports the frame times.
# Screenshots stay in $LLADA_SHOTS when it is set (to look at them). Skipped (77) without xvfb-run.
source "$(dirname "$0")/gui_common.bash"
shots="${LLADA_SHOTS:-$TMP}"
mkdir -p "$shots"

for lang in en vi; do
  cfg="$TMP/cfg-$lang"
  xvfb --config-dir "$cfg" --lang "$lang" --classroom --screenshot "$shots/classroom-$lang.png" --frames 20 2>"$cfg.err" ||
    { cat "$cfg.err" >&2; fail "$lang: classroom run failed"; }
  "$LAB" image-stats "$shots/classroom-$lang.png" --min-colours 32 --min-fraction 0.02 || fail "$lang: classroom screenshot is blank"
  grep -q '"ui_scale": 1' "$cfg/settings.json" || fail "$lang: classroom mode changed the saved UI scale"
  ! grep -A2 '^\[Window\]\[###forward\]' "$cfg/imgui.ini" | grep -q '^Pos=0,0' ||
    fail "$lang: imgui.ini kept the classroom mode's full-screen place of Forward process"
done

SRC="${LLADA_SOURCE_DIR:?}"
"$LAB" --window-help >"$TMP/help" 2>&1 || fail "--window-help failed"
words() { tr ' ' '\n' | grep -v '^$' | sort -u | tr '\n' ' '; }
# LESSON STEP [PARAM...]: the step's panel draws its @set parameters and folds the others away; the PARAMs
# are the panel's parameters it never draws in that step's setting (e.g. layers for the zero-layer model).
fold_check() {
  local lesson="$1" step="$2"; shift 2
  local file="$SRC/lessons/$lesson.en.md" panel set line shows folds all
  panel=$(awk -v n="$step" '/^## Step /{k++} k==n && /^@panel /{print $2; exit}' "$file")
  set=$(awk -v n="$step" '/^## Step /{k++} k==n && /^@set /{print; exit}' "$file" | sed 's/"[^"]*"//g' |
    grep -o '[A-Za-z0-9_.]*=' | tr -d = | sed "/\./!s/^/$panel./" | words)
  [ -n "$panel" ] && [ -n "$set" ] || fail "$lesson step $step: no @panel and @set found"
  xvfb --config-dir "$TMP/fold-$lesson-$step" --classroom --lesson "$lesson:$step" --screenshot "$TMP/fold.png" \
    --frames 12 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "$lesson step $step: classroom run failed"; }
  line=$(grep "classroom step:" "$TMP/err" | tail -1)
  [ -n "$line" ] || fail "$lesson step $step: no classroom step line (nothing asked whether to fold)"
  shows=$(echo "$line" | sed 's/.*shows//; s/|.*//' | words)
  folds=$(echo "$line" | sed 's/.*| folds//' | words)
  [ "$shows" = "$set" ] || fail "$lesson step $step: classroom mode draws '$shows', the step sets '$set'"
  [ -n "$folds" ] || fail "$lesson step $step: nothing of $panel was folded away"
  all=$(grep -o "^  $panel\.[A-Za-z0-9_]*" "$TMP/help" | tr -d ' ' | grep -vxF -f <(printf '%s\n' "$@" "-") | words)
  [ "$(echo "$shows $folds" | words)" = "$all" ] ||
    fail "$lesson step $step: drawn '$shows' and folded '$folds' are not all of $panel's parameters '$all'"
}
fold_check 02_what_is_llada 1 training.embedding
fold_check 04_zero_layer_gpt 1 training.layers training.heads
fold_check 04_zero_layer_gpt 3
# Outside the mode, and in the mode without a lesson, every control stays.
xvfb --config-dir "$TMP/nofold" --lesson 02_what_is_llada --screenshot "$TMP/nofold.png" --frames 12 2>"$TMP/err" ||
  fail "lesson run outside classroom mode failed"
! grep -q "classroom step:" "$TMP/err" || fail "controls were folded away outside classroom mode"
! grep -q "classroom step:" "$TMP/cfg-en.err" 2>/dev/null || fail "controls were folded without a lesson step"

xvfb --config-dir "$TMP/train" --classroom --train gpt,llada --frame-stats --screenshot "$shots/classroom-training.png" \
  --frames 120 >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "classroom run with training failed"; }
grep -q "frame time over" "$TMP/out" || fail "no frame statistics"
cat "$TMP/out"
echo "gui classroom: ok"
