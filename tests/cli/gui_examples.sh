#!/usr/bin/env bash
# The notes' worked examples in the window, under a virtual X display (Xvfb), read back through the File
# menu's CSV exports:
#  - Forward process with a hand-clicked pattern (settings forward.pattern = 0110 on "AI rất mạnh mẽ" at
#    t = 0.6, the notes' [AI, M, M, mẽ]): the exported masks are the pattern, not the drawn u_i < t;
#  - Per-token loss in its example mode (per_token_loss.model = example) on the notes' example: masked positions 2
#    and 3 with p = 0.7 and 0.9, −log p = 0.357 and 0.105;
#  - the Training panel with the zero-layer GPT renders (its tensor shapes and first batch are drawn).
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"
mkdir -p "$TMP/cfg" "$TMP/out"
cat > "$TMP/cfg/settings.json" <<JSON
{"ui_scale": 1, "values": {"export_dir": "$TMP/out", "forward.sentence": "AI rất mạnh mẽ", "forward.t": "0.6",
 "forward.tokenizer": "words", "forward.pattern": "0110", "per_token_loss.model": "example"}}
JSON
xrun() { xvfb --config-dir "$TMP/cfg" --screenshot "$TMP/shot.png" --frames 10 "$@"; }

xrun --panel forward --file-action "forward/Export tokens, u_i and masks (CSV)" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "forward export run failed"; }
csv=$(ls "$TMP"/out/masked-count-vs-t-*.csv 2>/dev/null | head -n1)
[ -n "$csv" ] || { cat "$TMP/err" >&2; fail "no masked-count-vs-t-*.csv written"; }
[ "$(head -n1 "$csv")" = "position,token,u,masked_by_hand" ] || fail "forward CSV header: $(head -n1 "$csv")"
[ "$(cut -d, -f4 "$csv" | tail -n +2 | tr '\n' ' ')" = "0 1 1 0 " ] || fail "the clicked pattern 0110 was not used: $(cat "$csv")"
grep -q '^4,mẽ,' "$csv" || fail "forward CSV lost the word 'mẽ'"

xrun --panel per_token_loss --file-action "per_token_loss/Export per-token losses (CSV)" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "per-token example export run failed"; }
csv=$(ls "$TMP"/out/loss-example-*.csv 2>/dev/null | head -n1)
[ -n "$csv" ] || { cat "$TMP/err" >&2; fail "no loss-example-*.csv written"; }
[ "$(head -n1 "$csv")" = "position,token,masked,p_true,neg_log_p" ] || fail "example CSV header: $(head -n1 "$csv")"
grep -q '^2,Nội,1,0.7,0.3566' "$csv" || fail "example row 2 (p = 0.7): $(sed -n 3p "$csv")"
grep -q '^3,là,1,0.9,0.1053' "$csv" || fail "example row 3 (p = 0.9): $(sed -n 4p "$csv")"
grep -q '^1,Hà,0,,' "$csv" || fail "an unmasked position carries no loss: $(sed -n 2p "$csv")"
"$LAB" image-stats "$TMP/shot.png" --min-colours 32 --min-fraction 0.02 || fail "example mode screenshot is blank"

xvfb --config-dir "$TMP/cfg" --panel training --train zero-layer --train-steps 3 --screenshot "$TMP/train.png" \
  --frames 10 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "training panel run failed"; }
"$LAB" image-stats "$TMP/train.png" --min-colours 32 --min-fraction 0.02 || fail "training screenshot is blank"
echo "gui examples: ok"
