#!/usr/bin/env bash
# `llada-lab inspect` and the model switches of `llada-lab train`, on tiny runs (byte tokenizer, sample text):
#  - train --activation relu --tie, and --embedding onehot, report ms per step and save checkpoints whose
#    description names the switch; --embedding onehot with --tie is refused with a hint;
#  - inspect embedding --csv - writes one row per token (256 + header) with finite coordinates, and the
#    summary's top-token table writes each logit as ‖v‖·‖h‖·cos θ + b equal to the model's own logit;
#  - inspect attention on a llada checkpoint writes full rows (every key) whose weights sum to 1 per
#    query, the gpt checkpoint only keys ≤ query; [MASK] positions are named;
#  - a zero-layer checkpoint has no attention (a message, exit 1);
#  - inspect tying writes a point at step 1 and every step up to 50 (every max(1, steps/100)), losses that
#    fall for both models, a tied gap the untied one never has (distance > 0), the same table twice (one
#    seed, same batches), and a different one for another seed; a bad tokenizer is refused with a hint.
set -u
LAB="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
common=(--tokenizer byte --corpus sample --steps 6 --eval-every 3)

"$LAB" train --model zero-layer "${common[@]}" --activation relu --tie --save "$TMP/z.ckpt" >"$TMP/out" 2>"$TMP/err" ||
  { cat "$TMP/err"; fail "train relu tied"; }
grep -q "ms per step" "$TMP/out" || fail "no ms per step in: $(cat "$TMP/out")"
grep -q "tied relu" "$TMP/err" || { cat "$TMP/err"; fail "the model description does not say tied relu"; }
"$LAB" train --model zero-layer "${common[@]}" --embedding onehot >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err"; fail "one-hot"; }
grep -q "one-hot" "$TMP/err" || fail "the one-hot model is not described as such"
"$LAB" train --model zero-layer "${common[@]}" --embedding onehot --tie >"$TMP/out" 2>"$TMP/err" && fail "onehot + tie accepted"
grep -q "HINT" "$TMP/err" || fail "no hint for onehot + tie"
"$LAB" train --model zero-layer "${common[@]}" --activation swish >"$TMP/out" 2>"$TMP/err" && fail "unknown activation accepted"

"$LAB" inspect embedding --model "$TMP/z.ckpt" --csv - >"$TMP/e.csv" 2>"$TMP/err" || { cat "$TMP/err"; fail "inspect embedding"; }
head -1 "$TMP/e.csv" | grep -q "^id,token,x,y,norm,count,group" || fail "header: $(head -1 "$TMP/e.csv")"
[ "$(wc -l < "$TMP/e.csv")" -eq 257 ] || fail "expected 257 lines, got $(wc -l < "$TMP/e.csv")"
grep -qi "nan\|inf" "$TMP/e.csv" && fail "non-finite coordinates"
"$LAB" inspect embedding --model "$TMP/z.ckpt" --table WU --text "The cat sat" >"$TMP/s" 2>"$TMP/err" || { cat "$TMP/err"; fail "summary"; }
grep -q "effective rank" "$TMP/s" || fail "no effective rank in the summary"
# Every row of the top-token table: the decomposed logit (column 7) equals the model's (column 8).
awk '$NF=="(true)"{ $NF="" } NF>=8 && $2 ~ /^[0-9.e+-]+$/ { d = $7 - $8; if (d < 0) d = -d; if (d > 2e-3) bad = 1; n++ }
     END { exit !(n >= 5 && !bad) }' "$TMP/s" || { cat "$TMP/s"; fail "decomposed logits differ from the model's"; }

"$LAB" train --model llada "${common[@]}" --seq 16 --layers 1 --heads 2 --d 16 --save "$TMP/l.ckpt" >/dev/null 2>"$TMP/err" ||
  { cat "$TMP/err"; fail "train llada"; }
"$LAB" inspect attention --model "$TMP/l.ckpt" --text "Hello there" --mask 1,3 >"$TMP/a.csv" 2>"$TMP/err" ||
  { cat "$TMP/err"; fail "inspect attention"; }
grep -q "\[MASK\]" "$TMP/a.csv" || fail "no [MASK] token in the attention table"
# 11 byte tokens, 1 layer, 2 heads: 2·11·11 rows, and each (head, query) row sums to 1.
[ "$(wc -l < "$TMP/a.csv")" -eq 243 ] || fail "llada: expected 243 lines, got $(wc -l < "$TMP/a.csv")"
awk -F, 'NR>1 { s[$2","$3] += $NF } END { for (k in s) if (s[k] < 0.999 || s[k] > 1.001) exit 1 }' "$TMP/a.csv" ||
  fail "attention rows do not sum to 1"
"$LAB" train --model gpt "${common[@]}" --seq 16 --layers 1 --heads 2 --d 16 --save "$TMP/g.ckpt" >/dev/null 2>&1 || fail "train gpt"
"$LAB" inspect attention --model "$TMP/g.ckpt" --text "Hello there" >"$TMP/g.csv" 2>&1 || fail "inspect attention gpt"
awk -F, 'NR>1 && $4 > $3 { exit 1 }' "$TMP/g.csv" || fail "the causal model has a key after its query"
[ "$(wc -l < "$TMP/g.csv")" -eq 133 ] || fail "gpt: expected 2·66+1 lines, got $(wc -l < "$TMP/g.csv")"
"$LAB" inspect attention --model "$TMP/z.ckpt" --text "Hi" >/dev/null 2>"$TMP/err" && fail "zero-layer attention accepted"
grep -q "no attention" "$TMP/err" || fail "no message for a zero-layer model's attention"
"$LAB" inspect tying --steps 50 --csv "$TMP/t.csv" 2>"$TMP/err" || { cat "$TMP/err"; fail "inspect tying"; }
head -1 "$TMP/t.csv" | grep -q "^step,loss_untied,loss_tied,untied_E_WU_distance,untied_mean_row_cos$" ||
  fail "tying header: $(head -1 "$TMP/t.csv")"
[ "$(wc -l < "$TMP/t.csv")" -eq 51 ] || fail "tying: expected 50 points + header, got $(wc -l < "$TMP/t.csv") lines"
grep -q "step 50: loss untied" "$TMP/err" || fail "no summary line: $(cat "$TMP/err")"
awk -F, 'NR==2 { u0 = $2; t0 = $3; if ($1 != 1) exit 1 } NR>1 { if ($4 <= 0 || $2 != $2 + 0) exit 1; u = $2; t = $3 }
         END { exit !(u < u0 && t < t0) }' "$TMP/t.csv" || { cat "$TMP/t.csv"; fail "tying losses do not fall or the gap is 0"; }
"$LAB" inspect tying --steps 50 --csv - 2>/dev/null | cmp -s - "$TMP/t.csv" || fail "tying: a second run differs"
"$LAB" inspect tying --steps 50 --seed 2 --csv - 2>/dev/null | cmp -s - "$TMP/t.csv" && fail "tying: --seed 2 gives seed 1's table"
"$LAB" inspect tying --tokenizer nonsense --steps 5 >/dev/null 2>"$TMP/err" && fail "tying: unknown tokenizer accepted"
grep -q "HINT" "$TMP/err" || fail "tying: no hint for an unknown tokenizer: $(cat "$TMP/err")"
echo "inspect: ok"
