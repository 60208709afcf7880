#!/usr/bin/env bash
# The window with damaged settings and layout files (it must start, keep what is good, and say what it
# reset):
#  - settings.json with a number too large for a double (1e400) and a wrong type: the window starts,
#    names the bad entries, keeps every valid entry (export folder, panels, other values), and backs
#    the old file up as settings.json.bak before rewriting it;
#  - not JSON at all: defaults, a backup, a message;
#  - imgui.ini with panels saved far off the screen: the saved places are brought back onto it.
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"
mkdir -p "$TMP/cfg" "$TMP/out"
cat > "$TMP/cfg/settings.json" <<JSON
{"ui_scale": 1e400, "panels": {"tokens": true, "forward": "yes"},
 "values": {"export_dir": "$TMP/out", "corpus": "sample", "broken": 3}}
JSON
cp "$TMP/cfg/settings.json" "$TMP/orig.json"
xvfb --config-dir "$TMP/cfg" --screenshot "$TMP/shot.png" --frames 3 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "the window did not start with a damaged settings.json"; }
grep -q 'ui_scale' "$TMP/err" || { cat "$TMP/err" >&2; fail "the bad ui_scale is not named"; }
grep -q '"values"."broken"' "$TMP/err" || fail "the bad value is not named"
grep -q 'settings.json.bak' "$TMP/err" || fail "the backup is not mentioned"
cmp -s "$TMP/cfg/settings.json.bak" "$TMP/orig.json" || fail "the backup is not the old file"
grep -q "\"export_dir\": \"$TMP/out\"" "$TMP/cfg/settings.json" || { cat "$TMP/cfg/settings.json" >&2; fail "export_dir was lost"; }
grep -q '"tokens": true' "$TMP/cfg/settings.json" || fail "a valid panel entry was lost"
grep -q '"ui_scale": 1' "$TMP/cfg/settings.json" || fail "ui_scale was not reset to its default"
ls "$TMP/cfg" | grep -q 'tmp' && fail "a temporary file was left in the settings folder: $(ls "$TMP/cfg")"

echo 'not json {' > "$TMP/cfg/settings.json"
xvfb --config-dir "$TMP/cfg" --screenshot "$TMP/shot.png" --frames 3 2>"$TMP/err" || fail "the window did not start with a broken settings.json"
grep -q 'not valid JSON' "$TMP/err" || fail "broken JSON is not reported"
grep -q 'not json' "$TMP/cfg/settings.json.bak" || fail "the broken file was not backed up"

# Panels off the screen in imgui.ini: every saved place ends inside 1280x800.
xvfb --config-dir "$TMP/cfg" --screenshot "$TMP/shot.png" --frames 3 2>/dev/null || fail "a plain run failed"
grep -q '^Pos=' "$TMP/cfg/imgui.ini" || fail "no window places in imgui.ini"
sed -i 's/^Pos=.*/Pos=5000,-300/; s/^Size=.*/Size=3000,200/' "$TMP/cfg/imgui.ini"
xvfb --config-dir "$TMP/cfg" --screenshot "$TMP/shot.png" --frames 3 2>"$TMP/err" || fail "the window did not start"
grep -q 'off the screen' "$TMP/err" || { cat "$TMP/err" >&2; fail "the moved panels are not reported"; }
while IFS=, read -r x y; do
  [ "$x" -ge 0 ] && [ "$x" -lt 1280 ] && [ "$y" -ge 0 ] && [ "$y" -lt 800 ] || fail "a panel is still off the screen at $x,$y"
done < <(sed -n 's/^Pos=//p' "$TMP/cfg/imgui.ini")
while IFS=, read -r w h; do
  [ "$w" -le 1280 ] && [ "$h" -le 800 ] || fail "a panel is larger than the screen: ${w}x$h"
done < <(sed -n 's/^Size=//p' "$TMP/cfg/imgui.ini")
# An empty export_dir means the working folder, never the filesystem's root.
mkdir -p "$TMP/cwd"
printf '{"values": {"export_dir": "", "tokens.tokenizer": "byte"}}' > "$TMP/cfg/settings.json"
(cd "$TMP/cwd" && xvfb --config-dir "$TMP/cfg" --screenshot "$TMP/shot.png" --frames 5 --panel tokens \
  --file-action "tokens/Export the text's tokens: ids and bytes (CSV)" 2>"$TMP/err") || { cat "$TMP/err" >&2; fail "export with an empty export_dir failed"; }
ls "$TMP"/cwd/tokens-*.csv >/dev/null 2>&1 || { cat "$TMP/err" >&2; fail "the export did not go to the working folder"; }
grep -q "saved /tokens-" "$TMP/err" && fail "the export went to the filesystem's root"
echo "gui settings: ok"
