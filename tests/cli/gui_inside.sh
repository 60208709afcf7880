#!/usr/bin/env bash
# The Embedding space and Attention maps panels under a virtual X display (Xvfb), on both drawing
# paths (--render cpu: the CPU splat / texels; --render gl: the GLSL programs of shaders/):
#  - 'bench render --check' draws one cloud with trails and a causal heatmap by both paths and compares
#    the pictures (a trail or a cell one path leaves out fails it);
#  - each panel renders a non-blank picture after a short training run, two frames on (the screenshot
#    waits for what the panel asked for; byte tokenizer, sample text, a
#    pinned token whose trail is drawn), and the log names the path that drew it (so a shader that
#    failed to compile, which falls back to the CPU with a message, fails the GL run);
#  - auto takes the CPU on this software renderer at once; --render measure times both and says so;
#  - the Export CSV entry of the embedding panel writes one row per token (256 byte tokens + header),
#    the attention entries write the maps of both models;
#  - the probe's exports: ∇_h L's parts add up, each top logit decomposes into the model's; the
#    spectrum's PNG from the File menu is not blank;
#  - the weight tying view (parameter embedding.tying runs it at start): a non-blank screenshot, and its
#    File-menu CSV equals 'llada-lab inspect tying' with the same options (one core function, one table);
#  - --render with a wrong value is refused.
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"

xvfb bench render --points 5000 --repeats 2 --check >"$TMP/bench" 2>&1 ||
  { cat "$TMP/bench" >&2; fail "bench render --check: the two paths draw different pictures"; }
for path in cpu gl; do
  mkdir -p "$TMP/cfg_$path"
  echo '{"ui_scale": 1, "values": {"embedding.pin": "e"}}' > "$TMP/cfg_$path/settings.json"
  # Two frames: the screenshot waits for the trainer's view and its projection (AppState::panel_waiting),
  # however late a loaded machine delivers them.
  xvfb --config-dir "$TMP/cfg_$path" --panel embedding --train zero-layer --train-steps 20 --render "$path" \
    --screenshot "$TMP/emb_$path.png" --frames 2 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "embedding ($path): window run failed"; }
  "$LAB" image-stats "$TMP/emb_$path.png" --min-colours 32 --min-fraction 0.05 || fail "embedding ($path): blank"
  want=$([ "$path" = gl ] && echo "GL shaders" || echo "CPU splat")
  grep -q "point cloud: drawn by $want" "$TMP/err" || { cat "$TMP/err" >&2; fail "embedding: not drawn by $want"; }
  xvfb --config-dir "$TMP/cfg_$path" --panel attention --train gpt,llada --train-steps 10 --render "$path" \
    --screenshot "$TMP/att_$path.png" --frames 2 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "attention ($path): window run failed"; }
  "$LAB" image-stats "$TMP/att_$path.png" --min-colours 32 --min-fraction 0.05 || fail "attention ($path): blank"
  want=$([ "$path" = gl ] && echo "GL shaders" || echo "CPU texels")
  grep -q "heatmap: drawn by $want" "$TMP/err" || { cat "$TMP/err" >&2; fail "attention: not drawn by $want"; }
done

# The export waits for the projection, so the cloud is on screen; the screenshot then waits for the timing.
for render in auto measure; do
  mkdir -p "$TMP/cfg_$render" "$TMP/out_$render"
  echo '{"ui_scale": 1, "values": {"export_dir": "'"$TMP/out_$render"'"}}' > "$TMP/cfg_$render/settings.json"
  xvfb --config-dir "$TMP/cfg_$render" --panel embedding --train zero-layer --train-steps 5 --render "$render" \
    --file-action "embedding/Export the projected tokens (CSV)" \
    --screenshot "$TMP/emb_$render.png" --frames 20 2>"$TMP/err_$render" || { cat "$TMP/err_$render" >&2; fail "embedding ($render)"; }
done
grep -q "point cloud: CPU on the software renderer llvmpipe" "$TMP/err_auto" || { cat "$TMP/err_auto" >&2; fail "auto: not the CPU"; }
grep -q "point cloud: CPU on the software renderer" "$TMP/err_measure" && fail "--render measure did not time the paths"
grep -q "point cloud: CPU [0-9.]* ms, GL [0-9.]* ms (medians of 4)" "$TMP/err_measure" ||
  { cat "$TMP/err_measure" >&2; fail "--render measure: no timing in the log"; }

mkdir -p "$TMP/out"
echo '{"ui_scale": 1, "values": {"export_dir": "'"$TMP/out"'"}}' > "$TMP/cfg_cpu/settings.json"
# export_embedding ENTRY NAME: runs the Embedding space panel's File entry, prints the CSV it wrote.
export_embedding() {
  xvfb --config-dir "$TMP/cfg_cpu" --panel embedding --train zero-layer --train-steps 5 --screenshot "$TMP/e.png" --frames 20 \
    --file-action "embedding/$1" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "$1: window run failed"; }
  ls "$TMP"/out/"$2"-*.csv 2>/dev/null | head -1 | grep . || fail "$1: no $2 CSV written"
}
csv=$(export_embedding "Export the projected tokens (CSV)" embedding-space) || exit 1
head -1 "$csv" | grep -q "^id,token,x,y,norm,count,group" || fail "embedding CSV header: $(head -1 "$csv")"
[ "$(wc -l < "$csv")" -ge 257 ] || fail "embedding CSV has $(wc -l < "$csv") lines, expected 257"

# The probe's tables: ∇_h L = Σ P·v − v_true in every row (the two axes and each component), and each
# top token's logit written as ‖v‖·‖h‖·cos θ + b equal to the model's own.
csv=$(export_embedding "Export ∇_h L and its two parts (CSV)" embedding-gradient) || exit 1
head -1 "$csv" | grep -q "^component,h,sum_P_v,v_true,grad_h$" || fail "gradient CSV header: $(head -1 "$csv")"
[ "$(wc -l < "$csv")" -eq 67 ] || fail "gradient CSV: expected 2 axes + 64 components + header, got $(wc -l < "$csv")"
awk -F, 'NR>1 { d = $3 - $4 - $5; if (d < 0) d = -d; if (d > 1e-5 * (1 + ($5 < 0 ? -$5 : $5))) exit 1 }' "$csv" ||
  fail "gradient CSV: grad_h is not sum_P_v - v_true"
csv=$(export_embedding "Export the probe's top logits (CSV)" embedding-logits) || exit 1
awk -F, 'NR>1 { n++; c = $3 * $4 * $5 + $6; d = c - $8; if (d < 0) d = -d; if (d > 1e-3) exit 1 } END { exit !(n >= 10) }' "$csv" ||
  { cat "$csv" >&2; fail "top-logits CSV: ‖v‖·‖h‖·cos θ + b differs from the model's logit"; }

# The spectrum's PNG through the File menu (measured at the evaluations of steps 0, 10 and 20).
xvfb --config-dir "$TMP/cfg_cpu" --panel embedding --train zero-layer --train-steps 20 --screenshot "$TMP/e.png" --frames 20 \
  --file-action "embedding/Export the singular values (PNG)" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "spectrum PNG export"; }
png=$(ls "$TMP"/out/embedding-spectrum-*.png 2>/dev/null | head -1)
[ -n "$png" ] || fail "no spectrum PNG written"
"$LAB" image-stats "$png" --min-colours 8 --min-fraction 0.02 || fail "the spectrum PNG is blank"

xvfb --config-dir "$TMP/cfg_cpu" --panel attention --train llada --train-steps 5 --screenshot "$TMP/a.png" --frames 20 \
  --file-action "attention/Export the LLaDA attention maps (CSV)" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "attention CSV export"; }
ls "$TMP"/out/attention-llada-*.csv >/dev/null 2>&1 || fail "no attention CSV written"

mkdir -p "$TMP/cfg_tie" "$TMP/tie"
echo '{"ui_scale": 1, "values": {"export_dir": "'"$TMP/tie"'", "embedding.tying": "true", "embedding.tying_steps": "60"}}' \
  > "$TMP/cfg_tie/settings.json"
xvfb --config-dir "$TMP/cfg_tie" --panel embedding --train zero-layer --train-steps 5 --screenshot "$TMP/tying.png" \
  --frames 300 --file-action "embedding/Export the tied-vs-untied curves (CSV)" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "tying view: window run or CSV export failed"; }
"$LAB" image-stats "$TMP/tying.png" --min-colours 32 --min-fraction 0.05 || fail "tying view: blank"
csv=$(ls "$TMP"/tie/weight-tying-*.csv 2>/dev/null | head -1)
[ -n "$csv" ] || fail "no weight-tying CSV written"
"$LAB" inspect tying --tokenizer byte --corpus sample --steps 60 --csv "$TMP/tie_cli.csv" 2>/dev/null || fail "inspect tying"
cmp -s "$csv" "$TMP/tie_cli.csv" || { diff "$csv" "$TMP/tie_cli.csv" | head >&2; fail "the panel's tying CSV differs from inspect tying's"; }

xvfb --config-dir "$TMP/cfg_cpu" --render nonsense --screenshot "$TMP/x.png" 2>"$TMP/err" && fail "--render nonsense accepted"
grep -q "render must be" "$TMP/err" || fail "no message for a bad --render"
echo "gui inside: ok"
