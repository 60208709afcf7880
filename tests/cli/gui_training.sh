#!/usr/bin/env bash
# The live-training panels under a virtual X display (Xvfb), after a short training run:
#  - --train zero-layer,llada --train-steps 30 builds both models on the sample text (byte tokenizer),
#    trains 30 steps, and only then takes the screenshot; each panel (training, per_token_loss,
#    rare_common, softmax) renders a non-blank image;
#  - the Softmax & temperature panel shows the live models' probe logits (GPT chosen automatically, then
#    "LLaDA (live)" from settings): its bars and entropy curve cover over half of the window (measured
#    0.58), while its "no model yet" text covers 0.10, so a 0.3 threshold tells them apart;
#  - the stderr log shows both corpora tokenized (the models were really built);
#  - an unknown model name (--train nonsense) or tokenizer is refused before the window opens (exit 2);
#  - --frame-stats prints the frame time split into building the UI, rendering and waiting while the
#    zero-layer GPT trains freely and --sweep drags the temperature; the phases add up; a bad --sweep is refused;
#  - a panel at rest (the forward process) is not drawn again every frame.
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

# Bad --train values are refused before the window opens (exit 2, what was wrong), not shown in a window
# that a scripted run would leave with exit 0.
for bad in "--train nonsense" "--train gpt," "--train gpt,zero-layer" "--train llada --train-tokenizer nope"; do
  # shellcheck disable=SC2086  # $bad is several words on purpose
  xrun --panel training $bad --train-steps 5 --screenshot "$TMP/bad.png" --frames 5 2>"$TMP/err"
  rc=$?
  [ "$rc" -eq 2 ] || { cat "$TMP/err" >&2; fail "'$bad': exit $rc, expected 2"; }
  grep -Eq -- "--train(-tokenizer)?: |--train-tokenizer must be" "$TMP/err" || { cat "$TMP/err" >&2; fail "'$bad': no clear message"; }
done
grep -q "must be byte, gpt2 or cl100k, not 'nope'" "$TMP/err" || { cat "$TMP/err" >&2; fail "--train-tokenizer nope: message"; }

# --frame-stats in a timed run (--frames without --screenshot: frames as a person gets them, then exit)
# while the zero-layer GPT trains and --sweep drags the temperature: the frame line, one line per phase,
# the phases' totals adding up (with the cap's sleeps) to the time the frames spanned, and the frames
# after the first second. Figures are not judged (the machine may be loaded), only their bookkeeping.
xrun --panel softmax --train zero-layer --frames 90 --frame-stats --sweep softmax.T >"$TMP/out" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "free training run failed"; }
cat "$TMP/out"
grep -q "^frame time over 89 frames" "$TMP/out" || fail "no frame statistics printed (or not 90 frames)"
for phase in "building the UI" "rendering" "waiting"; do
  grep -Eq "^  $phase: +median [0-9.]+ ms, p99 [0-9.]+ ms, worst [0-9.]+ ms, total [0-9.]+ ms$" "$TMP/out" ||
    fail "no '$phase' line in the frame statistics"
done
sum=$(sed -En 's/^  (building the UI|rendering|waiting): .* total ([0-9.]+) ms$/\2/p' "$TMP/out" | awk '{ s += $1 } END { print s }')
read -r phases slept covered spanned < <(sed -En \
  's/^  the three phases add up to ([0-9.]+) ms; with ([0-9.]+) ms slept .*, ([0-9.]+) ms of the ([0-9.]+) ms the frames spanned$/\1 \2 \3 \4/p' "$TMP/out")
[ -n "${spanned:-}" ] || fail "no line adding the phases up"
awk -v sum="$sum" -v phases="$phases" -v slept="$slept" -v covered="$covered" -v spanned="$spanned" 'BEGIN {
  ok = sum > 0 && sum >= phases - 0.5 && sum <= phases + 0.5 && covered >= phases + slept - 0.2 &&
       covered <= phases + slept + 0.2 && covered >= 0.98 * spanned && covered <= spanned + 0.5
  exit !ok }' || fail "the phases ($sum ms; said $phases + $slept slept = $covered) do not add up to the $spanned ms spanned"
grep -Eq "^after the first second: [0-9]+ frames, median .* [0-9]+ over 50 ms" "$TMP/out" || fail "no count of slow frames"

# A panel at rest is not drawn again every frame (app/redraw.hpp): the forward process with nothing moving.
xrun --panel forward --frames 40 --frame-stats >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "forward run failed"; }
drawn=$(sed -En 's/^  frames drawn: ([0-9]+) of ([0-9]+) .*/\1 \2/p' "$TMP/out")
[ -n "$drawn" ] && [ "${drawn% *}" -lt "${drawn#* }" ] || { cat "$TMP/out" >&2; fail "a panel at rest was drawn every frame ($drawn)"; }

xrun --panel softmax --frames 5 --sweep softmax.top_k=50:500 2>"$TMP/err" && fail "a sweep outside the range was accepted"
grep -q "HINT" "$TMP/err" || { cat "$TMP/err" >&2; fail "a bad --sweep gave no hint"; }
echo "gui training: ok"
