#!/usr/bin/env bash
# The Generation panel under a virtual X display (Xvfb):
#  - from checkpoints written by 'llada-lab train --save' (a zero-layer GPT and a small LLaDA, byte
#    tokenizer, sample text), named in settings.json: the panel loads both, generates on both sides and
#    renders a non-blank screenshot;
#  - a missing checkpoint is shown in the panel (error text), not a crash;
#  - from the live trainers (--train zero-layer,llada --train-steps 20): non-blank screenshot.
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"
xrun() { xvfb "$@"; }

"$LAB" train --model zero-layer --tokenizer byte --corpus sample --steps 40 --lr 1e-2 --save "$TMP/gpt.ckpt" \
  >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "GPT training failed"; }
"$LAB" train --model llada --tokenizer byte --corpus sample --steps 20 --seq 32 --batch 4 --layers 1 --heads 2 --d 16 \
  --save "$TMP/llada.ckpt" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "LLaDA training failed"; }

settings() {  # $1: config dir, $2: GPT checkpoint, $3: LLaDA checkpoint
  mkdir -p "$1"
  cat > "$1/settings.json" <<JSON
{"ui_scale": 1, "values": {"generation.gpt_source": "checkpoint", "generation.gpt_checkpoint": "$2",
 "generation.llada_source": "checkpoint", "generation.llada_checkpoint": "$3", "generation.speed": "2"}}
JSON
}

settings "$TMP/cfg" "$TMP/gpt.ckpt" "$TMP/llada.ckpt"
xrun --config-dir "$TMP/cfg" --panel generation --screenshot "$TMP/ckpt.png" --frames 90 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "window run with checkpoints failed"; }
"$LAB" image-stats "$TMP/ckpt.png" --min-colours 32 --min-fraction 0.02 || fail "generation screenshot is blank"

settings "$TMP/cfg2" "$TMP/no-such.ckpt" "$TMP/gpt.ckpt"  # missing file; a GPT on the LLaDA side
xrun --config-dir "$TMP/cfg2" --panel generation --screenshot "$TMP/bad.png" --frames 30 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "a missing checkpoint crashed the window"; }
"$LAB" image-stats "$TMP/bad.png" --min-colours 32 --min-fraction 0.02 || fail "screenshot with errors is blank"
grep -q "generation (GPT): .*no-such.ckpt" "$TMP/err" || { cat "$TMP/err" >&2; fail "the missing checkpoint was not reported"; }
grep -q "generation (LLaDA): .*left to right" "$TMP/err" || { cat "$TMP/err" >&2; fail "a GPT on the LLaDA side was not refused"; }

xrun --config-dir "$TMP/cfg3" --panel generation --train zero-layer,llada --train-steps 20 \
  --screenshot "$TMP/live.png" --frames 60 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "window run with live trainers failed"; }
"$LAB" image-stats "$TMP/live.png" --min-colours 32 --min-fraction 0.02 || fail "live generation screenshot is blank"
[ -n "${KEEP_SHOTS:-}" ] && cp "$TMP"/*.png "$KEEP_SHOTS"/
echo "gui generation: ok"
