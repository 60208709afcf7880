#!/usr/bin/env bash
# The window's language (app/i18n) under a virtual X display (Xvfb):
#  - the first launch follows the locale: LANG=vi_VN.UTF-8 opens in Vietnamese, LANG=C in English, and
#    LC_ALL wins over LANG;
#  - a choice saved in settings.json ("language") wins over the locale; --lang wins over both and is not
#    saved; a bad --lang is refused with exit 2;
#  - both languages at UI scale 1 and 2 render non-blank screenshots, and the fonts have every letter
#    of the Vietnamese catalogue and the lessons at both scales (no "lack letters" line);
#  - panels keep their saved place when the language changes (imgui.ini names them by id only);
#  - the messages the window composes (a damaged settings.json, a partly usable scene, a lesson's refused
#    @set values) leave no line in English in Vietnamese.
# Screenshots stay in $LLADA_SHOTS when it is set (to look at them). Skipped (77) without xvfb-run.
source "$(dirname "$0")/gui_common.bash"

lang_of() {  # the language the run chose, from its log line "language: vi (…)"
  sed -n 's/^llada-lab: language: \([a-z]*\) .*/\1/p' "$1"
}
run() {  # run CFG ARGS...: a short run with config folder CFG, stderr in $TMP/err
  local cfg="$1"; shift
  xvfb --config-dir "$cfg" --screenshot "$TMP/x.png" --frames 3 "$@" 2>"$TMP/err" ||
    { cat "$TMP/err" >&2; fail "window run failed: $*"; }
}

LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= run "$TMP/a"
[ "$(lang_of "$TMP/err")" = vi ] || fail "LANG=vi_VN.UTF-8 did not open in Vietnamese: $(grep language "$TMP/err")"
LANG=C LC_ALL= LC_MESSAGES= run "$TMP/b"
[ "$(lang_of "$TMP/err")" = en ] || fail "LANG=C did not open in English"
LANG=vi_VN.UTF-8 LC_ALL=en_US.UTF-8 run "$TMP/c"
[ "$(lang_of "$TMP/err")" = en ] || fail "LC_ALL=en_US did not win over LANG=vi_VN"

mkdir -p "$TMP/saved"
echo '{"values": {"language": "en"}}' > "$TMP/saved/settings.json"
LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= run "$TMP/saved"
[ "$(lang_of "$TMP/err")" = en ] || fail "settings.json language en did not win over the locale"
LANG=C LC_ALL= run "$TMP/saved" --lang vi
[ "$(lang_of "$TMP/err")" = vi ] || fail "--lang vi did not win over settings.json"
grep -q '"language": "en"' "$TMP/saved/settings.json" || fail "--lang changed the saved language"

"$LAB" --lang fr --config-dir "$TMP/x" >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] || fail "--lang fr was not refused with exit 2"
grep -q -- "--lang must be vi or en" "$TMP/err" || fail "--lang fr: no clear message"

shots="${LLADA_SHOTS:-$TMP}"
mkdir -p "$shots"
for scale in 1 2; do
  cfg="$TMP/scale$scale"
  mkdir -p "$cfg"
  echo "{\"ui_scale\": $scale}" > "$cfg/settings.json"
  for lang in en vi; do
    xvfb --config-dir "$cfg" --lang "$lang" --screenshot "$shots/first-$lang-$scale.png" --frames 20 2>"$TMP/err" ||
      { cat "$TMP/err" >&2; fail "$lang at scale $scale: window run failed"; }
    "$LAB" image-stats "$shots/first-$lang-$scale.png" --min-colours 32 --min-fraction 0.02 || fail "$lang at scale $scale: blank"
    ! grep -q "lack letters" "$TMP/err" || fail "$lang at scale $scale: $(grep 'lack letters' "$TMP/err")"
    grep -q '^\[Window\]\[###forward\]' "$cfg/imgui.ini" || fail "$lang at scale $scale: Forward process not saved under its id"
    ! grep -q '^\[Window\]\[Quá trình thuận' "$cfg/imgui.ini" || fail "a panel was saved under its Vietnamese title"
  done
done
# The messages the window composes, shown in Vietnamese: a damaged settings.json, a scene it can only
# partly use and a lesson whose @set values are refused. tr_message logs each line it leaves in English
# ("i18n: no vi for a line of a message shown"): none may be.
mkdir -p "$TMP/msg" "$TMP/lessons"
echo '{"ui_scale": 9, "panels": {"forward": "yes"}, "values": {"forward.t": "2", "x": 3}}' > "$TMP/msg/settings.json"
cat > "$TMP/scene.json" <<'SCENE'
{"llada_lab_scene": 99, "extra_key": 1, "params": {"forward.t": "5", "softmax.T": "abc", "nosuch.x": "1", "forward": "1"},
 "panels": {"oldpanel": true, "softmax": "yes"}, "ui_scale": "big",
 "models": {"bert": {}, "gpt": {"options": {"d": "x", "weird": 1}, "checkpoint": "gone.ckpt"}}}
SCENE
printf '# Bài 9\n\n## Bước 1\n@panel forward\n@set t=5 tokenizer=klingon show_u=maybe nosuch=1\n\nVăn bản.\n' > "$TMP/lessons/09_broken.vi.md"
LLADA_LESSONS_DIR="$TMP/lessons" xvfb --config-dir "$TMP/msg" --lang vi --open "$TMP/scene.json" --panel lessons \
  --screenshot "$shots/messages-vi-1.png" --frames 20 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "messages run failed"; }
grep -q "Đã mở cảnh, trừ" "$TMP/err" || { cat "$TMP/err" >&2; fail "the damaged scene was not reported"; }
grep -q "settings.json: forward.t=2" "$TMP/err" || { cat "$TMP/err" >&2; fail "the refused settings value was not reported"; }
! grep "i18n: no vi" "$TMP/err" || fail "message lines shown in English in Vietnamese (above)"
echo "gui language: ok"
