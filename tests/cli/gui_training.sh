#!/usr/bin/env bash
# The live-training panels under a virtual X display (Xvfb), after a short training run:
#  - --train zero-layer,llada --train-steps 30 builds both models on the sample text (byte tokenizer),
#    trains 30 steps, and only then takes the screenshot; each panel (training, per_token_loss,
#    rare_common, softmax) renders a non-blank image;
#  - the Softmax & temperature panel shows the live models' probe logits (GPT chosen automatically, then
#    "LLaDA (live)" from settings): its bars and entropy curve cover over half of the window (measured
#    0.58), while its "no model yet" text covers 0.10, so a 0.3 threshold tells them apart;
#  - the stderr log shows both corpora tokenized (the models were really built);
#  - an unknown model name (--train nonsense) and a missing corpus file are messages, not crashes;
#  - --frame-stats prints the frame-time line while the zero-layer GPT trains freely.
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"
xrun() { xvfb --config-dir "$TMP/cfg" "$@"; }

for id in training per_token_loss rare_common softmax; do
  xrun --panel "$id" --train zero-layer,llada --train-steps 30 --screenshot "$TMP/$id.png" --frames 10 2>"$TMP/err" ||
    { cat "$TMP/err" >&2; fail "panel $id: window run failed"; }
  [ "$(grep -c "corpus 'sample'" "$TMP/err")" -eq 2 ] || { cat "$TMP/err" >&2; fail "panel $id: the two models were not built"; }
  min=0.02; [ "$id" = softmax ] && min=0.3
  "$LAB" image-stats "$TMP/$id.png" --min-colours 32 --min-fraction "$min" || fail "panel $id: screenshot is blank"
done

mkdir -p "$TMP/cfg_llada"
echo '{"ui_scale": 1, "values": {"softmax.source": "3"}}' > "$TMP/cfg_llada/settings.json"
xvfb --config-dir "$TMP/cfg_llada" --panel softmax --train llada --train-steps 20 --screenshot "$TMP/softmax_llada.png" \
  --frames 10 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "softmax panel with the live LLaDA: window run failed"; }
"$LAB" image-stats "$TMP/softmax_llada.png" --min-colours 32 --min-fraction 0.3 ||
  fail "softmax (LLaDA live): no bars on the screenshot"

xrun --panel training --train nonsense --train-steps 5 --screenshot "$TMP/bad.png" --frames 5 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "an unknown model crashed the window"; }

xrun --panel training --train zero-layer --screenshot "$TMP/free.png" --frames 60 --frame-stats >"$TMP/out" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "free training run failed"; }
grep -q "frame time over" "$TMP/out" || fail "no frame statistics printed"
cat "$TMP/out"
echo "gui training: ok"
