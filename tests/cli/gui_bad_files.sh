#!/usr/bin/env bash
# Damaged files the window reads never stop it: a font that is not a font (LLADA_FONT), random bytes in
# imgui.ini, settings.json and lessons.json, a scene that is not JSON. Each run draws its screenshot; what
# could not be used is said on stderr. (A non-font LLADA_FONT used to abort inside ImGui's font atlas.)
source "$(dirname "$0")/gui_common.bash"
check() {  # check WHAT: the last run drew its screenshot and did not crash
  grep -q "Assertion\|terminate called\|Segmentation\|Aborted\|runtime error" "$TMP/err" && { cat "$TMP/err" >&2; fail "$1: crashed"; }
  [ -s "$TMP/shot.png" ] || { cat "$TMP/err" >&2; fail "$1: no screenshot"; }
  rm -f "$TMP/shot.png"
}
head -c 4096 /dev/urandom > "$TMP/random.bin"
for font in /etc/passwd "$TMP/random.bin"; do
  LLADA_FONT="$font" xvfb --config-dir "$TMP/cfg-font" --screenshot "$TMP/shot.png" --frames 3 >/dev/null 2>"$TMP/err" ||
    { cat "$TMP/err" >&2; fail "LLADA_FONT=$font: the window failed"; }
  check "LLADA_FONT=$font"
  grep -q "is not a TrueType or OpenType font" "$TMP/err" || { cat "$TMP/err" >&2; fail "LLADA_FONT=$font: not reported"; }
done
for f in imgui.ini settings.json lessons.json; do
  mkdir -p "$TMP/cfg-$f"
  cp "$TMP/random.bin" "$TMP/cfg-$f/$f"
  xvfb --config-dir "$TMP/cfg-$f" --lesson 01_forward_process --screenshot "$TMP/shot.png" --frames 3 >/dev/null 2>"$TMP/err"
  check "random bytes in $f"
done
xvfb --config-dir "$TMP/cfg-scene" --open "$TMP/random.bin" --screenshot "$TMP/shot.png" --frames 3 >/dev/null 2>"$TMP/err"
check "a scene of random bytes"
grep -q "Scene not opened" "$TMP/err" || { cat "$TMP/err" >&2; fail "a scene of random bytes: not reported"; }
echo "ok"
