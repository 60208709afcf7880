#!/usr/bin/env bash
# Scenes in the window, under a virtual X display (Xvfb):
#  - round trip: a window set up with the notes' [AI, M, M, mẽ] pattern at t = 0.6 and a zero-layer GPT
#    trained 5 steps saves a scene and its checkpoint (File > Save scene and checkpoints in the export
#    folder); a fresh window (empty settings) opened with --open FILE (its screenshot waits for the models and the checkpoint) shows that pattern (its CSV export
#    reads 0 1 1 0 by hand), and the scene it saves again holds the same parameters and the model at step 5
#    (the checkpoint was loaded, not retrained);
#  - a scene with an unknown parameter and a missing checkpoint opens the rest (forward.t = 0.3 takes
#    effect) and says what it could not use; a damaged scene is a message, and the window still runs.
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"
mkdir -p "$TMP/a" "$TMP/b" "$TMP/c" "$TMP/out_a" "$TMP/out_b" "$TMP/out_c"
cat > "$TMP/a/settings.json" <<JSON
{"ui_scale": 1, "values": {"export_dir": "$TMP/out_a", "forward.sentence": "AI rất mạnh mẽ", "forward.t": "0.6",
 "forward.pattern": "0110", "forward.tokenizer": "words"}}
JSON
echo "{\"ui_scale\": 1, \"values\": {\"export_dir\": \"$TMP/out_b\"}}" > "$TMP/b/settings.json"
echo "{\"ui_scale\": 1, \"values\": {\"export_dir\": \"$TMP/out_c\"}}" > "$TMP/c/settings.json"

xvfb --config-dir "$TMP/a" --train zero-layer --train-steps 5 --screenshot "$TMP/a.png" --frames 5 \
  --file-action "Save scene and checkpoints in the export folder" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "saving a scene failed"; }
scene=$(ls "$TMP"/out_a/scene-*.json 2>/dev/null | head -n1)
[ -n "$scene" ] || { cat "$TMP/err" >&2; fail "no scene-*.json written"; }
[ -f "${scene%.json}.gpt.ckpt" ] || fail "the GPT checkpoint was not written beside the scene"
grep -q '"forward.pattern": "0110"' "$scene" || fail "the scene lacks the pattern: $(head -c 600 "$scene")"
"$LAB" scene check "$scene" >/dev/null || fail "the saved scene does not open whole: $("$LAB" scene check "$scene")"

# A fresh window opens it: the pattern takes effect, and saving again keeps parameters and the trained step.
xvfb --config-dir "$TMP/b" --open "$scene" --panel forward --screenshot "$TMP/b.png" --frames 5 \
  --file-action "forward/Export tokens, u_i and masks (CSV)" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "opening the scene failed"; }
grep -q "scene opened" "$TMP/err" || { cat "$TMP/err" >&2; fail "no 'scene opened' line"; }
csv=$(ls "$TMP"/out_b/masked-count-vs-t-*.csv 2>/dev/null | head -n1)
[ -n "$csv" ] || fail "no forward CSV after opening the scene"
[ "$(cut -d, -f4 "$csv" | tail -n +2 | tr '\n' ' ')" = "0 1 1 0 " ] || fail "the scene's pattern did not take effect: $(cat "$csv")"
xvfb --config-dir "$TMP/c" --open "$scene" --screenshot "$TMP/c.png" --frames 5 \
  --file-action "Save scene and checkpoints in the export folder" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "re-saving failed"; }
again=$(ls "$TMP"/out_c/scene-*.json 2>/dev/null | head -n1)
[ -n "$again" ] || fail "no scene written after opening one"
grep -q '"step": 5' "$again" || fail "the reopened model is not at step 5 (checkpoint not loaded): $(grep step "$again")"
diff <(sed -n '/"params"/,/}/p' "$scene") <(sed -n '/"params"/,/}/p' "$again") >/dev/null ||
  fail "the parameters changed in the round trip: $(diff <(sed -n '/"params"/,/}/p' "$scene") <(sed -n '/"params"/,/}/p' "$again") | head)"

# A scene with parts it cannot use opens the rest and says so.
cat > "$TMP/odd.json" <<'JSON'
{"llada_lab_scene": 1, "params": {"forward.t": "0.3", "forward.tt": "1"},
 "models": {"gpt": {"options": {"model": "zero-layer", "tokenizer": "byte", "corpus": "sample"}, "checkpoint": "gone.ckpt"}}}
JSON
rm -f "$TMP"/out_b/*.csv
xvfb --config-dir "$TMP/b" --open "$TMP/odd.json" --panel forward --screenshot "$TMP/odd.png" --frames 10 \
  --file-action "forward/Export tokens, u_i and masks (CSV)" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "a scene with problems crashed"; }
grep -q "Scene opened, except" "$TMP/err" && grep -q "no parameter 'tt'" "$TMP/err" && grep -q "gone.ckpt' is missing" "$TMP/err" ||
  { cat "$TMP/err" >&2; fail "the problems were not reported"; }
csv=$(ls "$TMP"/out_b/masked-count-vs-t-*.csv 2>/dev/null | head -n1)
[ "$(head -n1 "$csv")" = "position,token,u,masked_at_t=0.300" ] || fail "forward.t = 0.3 did not take effect: $(head -n1 "$csv")"

printf '{"llada_lab_scene": 1, "params": {' > "$TMP/damaged.json"
# A scene that does not open is a message in the window; the scripted run draws its screenshot and ends
# with exit 1 (it did not get what it asked for).
xvfb --config-dir "$TMP/b" --open "$TMP/damaged.json" --screenshot "$TMP/dmg.png" --frames 5 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] && [ -s "$TMP/dmg.png" ] || { cat "$TMP/err" >&2; fail "a damaged scene: exit $rc (expected 1) or no screenshot"; }
grep -q "Scene not opened" "$TMP/err" && grep -q "damaged" "$TMP/err" || { cat "$TMP/err" >&2; fail "damaged scene not reported"; }
echo "gui scene: ok"
