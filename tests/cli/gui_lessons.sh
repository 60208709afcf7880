#!/usr/bin/env bash
# The Lessons panel under Xvfb: every lesson opens at its first step in English and in Vietnamese (non-blank
# screenshot, no error), the step's @set values reach the panel's parameters (saved in settings.json), the
# progress is saved in lessons.json, and an unknown --lesson is reported, not fatal.
source "$(dirname "$0")/gui_common.bash"
SRC="${LLADA_SOURCE_DIR:?}"

for f in "$SRC"/lessons/*.en.md; do
  id=$(basename "$f" .en.md)
  for lang in en vi; do
    xvfb --config-dir "$TMP/cfg-$id-$lang" --lang "$lang" --lesson "$id" --screenshot "$TMP/$id-$lang.png" --frames 8 \
      2>"$TMP/err" || { cat "$TMP/err" >&2; fail "$id ($lang): window run failed"; }
    ! grep -qi "error\|out of range\|has no parameter" "$TMP/err" || { cat "$TMP/err" >&2; fail "$id ($lang): an error"; }
    "$LAB" image-stats "$TMP/$id-$lang.png" --min-colours 32 --min-fraction 0.02 || fail "$id ($lang): blank screenshot"
    grep -q "\"$id\"" "$TMP/cfg-$id-$lang/lessons.json" || fail "$id ($lang): no progress saved"
  done
done

# Lesson 1's first step sets forward.t=0, its third sets masks.L=4 (defaults 0.5 and 8).
xvfb --config-dir "$TMP/c1" --lesson 01_forward_process --screenshot "$TMP/a.png" --frames 3 2>/dev/null || fail "lesson 1"
grep -q '"forward.t": "0"' "$TMP/c1/settings.json" || fail "step 1's @set t=0 did not reach the Forward process panel"
xvfb --config-dir "$TMP/c1" --lesson 01_forward_process:3 --screenshot "$TMP/b.png" --frames 3 2>/dev/null || fail "lesson 1 step 3"
grep -q '"masks.L": "4"' "$TMP/c1/settings.json" || fail "step 3's @set L=4 did not reach the Mask counts panel"
grep -q '"step": 2' "$TMP/c1/lessons.json" || fail "the step reached was not saved"
grep -q '"masks": true' "$TMP/c1/settings.json" || fail "step 3's panel was not opened"

# An unknown lesson is a message in the window, not a refusal to start; a scripted run still draws its
# screenshot (showing the message) and ends with exit 1.
xvfb --config-dir "$TMP/c2" --lesson no_such_lesson --screenshot "$TMP/c.png" --frames 3 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] || { cat "$TMP/err" >&2; fail "unknown lesson: exit $rc, expected 1"; }
[ -s "$TMP/c.png" ] || fail "unknown lesson: no screenshot"
grep -q "no lesson 'no_such_lesson'" "$TMP/err" || fail "unknown lesson not reported"
echo "gui lessons: ok"
