#!/usr/bin/env bash
# The window, for real, under a virtual X display (Xvfb):
#  - renders 30 frames, writes a screenshot, exits 0; the PNG is not blank (many colours, drawn content);
#  - saves settings.json and imgui.ini into --config-dir (never the user's own config);
#  - a corrupt settings.json is reported and replaced by defaults, not a crash;
#  - each panel alone (--panel ID) renders a non-blank screenshot;
#  - without DISPLAY it exits non-zero (not by a signal) and names the headless alternatives.
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"
xrun() { xvfb --config-dir "$TMP/cfg" "$@"; }

xrun --screenshot "$TMP/shot.png" --frames 30 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "window run exited non-zero"; }
"$LAB" image-stats "$TMP/shot.png" --min-colours 32 --min-fraction 0.02 || fail "screenshot is blank"
[ -f "$TMP/cfg/settings.json" ] || fail "settings.json was not written"
[ -f "$TMP/cfg/imgui.ini" ] || fail "imgui.ini was not written"
grep -q '"ui_scale"' "$TMP/cfg/settings.json" || fail "settings.json has no ui_scale"

echo '{"ui_scale": "big", ' > "$TMP/cfg/settings.json"
xrun --screenshot "$TMP/shot2.png" --frames 3 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "corrupt settings crashed the window"; }
grep -q "settings file" "$TMP/err" || fail "corrupt settings were not reported"
grep -q '"ui_scale": 1' "$TMP/cfg/settings.json" || fail "corrupt settings were not replaced by defaults"

# Panel ids, from the error message that lists them (no display needed: options are checked first).
ids=$("$LAB" --panel no-such-panel 2>&1 | sed -n 's/.*panels: //p' | tr -d ',')
[ -n "$ids" ] || fail "could not list the panels"
for id in $ids; do
  xrun --panel "$id" --screenshot "$TMP/$id.png" --frames 20 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "panel $id: window run failed"; }
  "$LAB" image-stats "$TMP/$id.png" --min-colours 32 --min-fraction 0.02 || fail "panel $id: screenshot is blank"
done

env -u DISPLAY -u WAYLAND_DISPLAY "$LAB" --config-dir "$TMP/cfg" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -ne 0 ] || fail "without a display the program exited 0"
[ $rc -lt 128 ] || fail "without a display the program died by a signal (exit $rc)"
grep -q "llada-lab help" "$TMP/err" || fail "no-display message does not name 'llada-lab help'"
grep -q "xvfb-run" "$TMP/err" || fail "no-display message does not name xvfb-run"
echo "gui smoke: ok"
