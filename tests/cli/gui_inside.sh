#!/usr/bin/env bash
# The Embedding space and Attention maps panels under a virtual X display (Xvfb), on both drawing
# paths (--render cpu: the CPU splat / texels; --render gl: the GLSL programs of shaders/):
#  - each renders a non-blank picture after a short training run (byte tokenizer, sample text), and the
#    log names the path that drew it (so a shader that failed to compile, which falls back to the CPU
#    with a message, fails the GL run);
#  - the Export CSV entry of the embedding panel writes one row per token (256 byte tokens + header),
#    the attention entries write the maps of both models;
#  - --render with a wrong value is refused.
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"

for path in cpu gl; do
  xvfb --config-dir "$TMP/cfg_$path" --panel embedding --train zero-layer --train-steps 20 --render "$path" \
    --screenshot "$TMP/emb_$path.png" --frames 20 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "embedding ($path): window run failed"; }
  "$LAB" image-stats "$TMP/emb_$path.png" --min-colours 32 --min-fraction 0.05 || fail "embedding ($path): blank"
  want=$([ "$path" = gl ] && echo "GL shaders" || echo "CPU splat")
  grep -q "point cloud: drawn by $want" "$TMP/err" || { cat "$TMP/err" >&2; fail "embedding: not drawn by $want"; }
  xvfb --config-dir "$TMP/cfg_$path" --panel attention --train gpt,llada --train-steps 10 --render "$path" \
    --screenshot "$TMP/att_$path.png" --frames 20 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "attention ($path): window run failed"; }
  "$LAB" image-stats "$TMP/att_$path.png" --min-colours 32 --min-fraction 0.05 || fail "attention ($path): blank"
  want=$([ "$path" = gl ] && echo "GL shaders" || echo "CPU texels")
  grep -q "heatmap: drawn by $want" "$TMP/err" || { cat "$TMP/err" >&2; fail "attention: not drawn by $want"; }
done

mkdir -p "$TMP/out"
echo '{"ui_scale": 1, "values": {"export_dir": "'"$TMP/out"'"}}' > "$TMP/cfg_cpu/settings.json"
xvfb --config-dir "$TMP/cfg_cpu" --panel embedding --train zero-layer --train-steps 5 --screenshot "$TMP/e.png" --frames 20 \
  --file-action "embedding/Export the projected tokens (CSV)" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "embedding CSV export"; }
csv=$(ls "$TMP"/out/embedding-space-*.csv 2>/dev/null | head -1)
[ -n "$csv" ] || fail "no embedding CSV written"
head -1 "$csv" | grep -q "^id,token,x,y,norm,count,group" || fail "embedding CSV header: $(head -1 "$csv")"
[ "$(wc -l < "$csv")" -ge 257 ] || fail "embedding CSV has $(wc -l < "$csv") lines, expected 257"

xvfb --config-dir "$TMP/cfg_cpu" --panel attention --train llada --train-steps 5 --screenshot "$TMP/a.png" --frames 20 \
  --file-action "attention/Export the LLaDA attention maps (CSV)" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "attention CSV export"; }
ls "$TMP"/out/attention-llada-*.csv >/dev/null 2>&1 || fail "no attention CSV written"

xvfb --config-dir "$TMP/cfg_cpu" --render nonsense --screenshot "$TMP/x.png" 2>"$TMP/err" && fail "--render nonsense accepted"
grep -q "render must be" "$TMP/err" || fail "no message for a bad --render"
echo "gui inside: ok"
