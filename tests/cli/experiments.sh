#!/usr/bin/env bash
# The decoding lab and LLaDA's experiments from the command line, offline and tiny (byte tokenizer):
#  - train prints both models' bits per byte on the validation text (LLaDA's as a bound ± its error);
#  - generate: remasking by name, threshold decoding, infilling pins that stay where they were put;
#  - experiment decoding / likelihood / reversal write CSVs with the documented columns and row counts;
#  - bad input (a GPT given as the LLaDA, a malformed pin) exits 1 with a HINT line.
set -u
LAB="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
small="--tokenizer byte --corpus sample --steps 10 --seq 24 --batch 4 --layers 1 --heads 2 --d 16 --eval-every 10"

"$LAB" train --model llada $small --save "$TMP/l.ckpt" >"$TMP/lout" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "llada train"; }
"$LAB" train --model gpt $small --save "$TMP/g.ckpt" >"$TMP/gout" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "gpt train"; }
# Both models on the validation text in bits per byte: LLaDA's as an upper bound with its standard error.
grep -Eq '^validation bits per byte <= [0-9.]+ \+- [0-9.]+ \(LLaDA' "$TMP/lout" || { cat "$TMP/lout"; fail "no LLaDA bits per byte"; }
grep -Eq '^validation bits per byte [0-9.]+ \(exact' "$TMP/gout" || { cat "$TMP/gout"; fail "no GPT bits per byte"; }

out=$("$LAB" generate --model "$TMP/l.ckpt" --prompt "Hi" --length 12 --remasking entropy --pin "0:Once, 8:up" 2>"$TMP/err") \
  || { cat "$TMP/err" >&2; fail "generate with pins"; }
case "$out" in "HiOnce"????"up"*) ;; *) fail "pins not kept in place: '$out'";; esac
"$LAB" generate --model "$TMP/l.ckpt" --prompt "Hi" --length 12 --threshold 0.01 --trace >"$TMP/gen" 2>"$TMP/err" \
  || { cat "$TMP/err" >&2; fail "threshold generate"; }
grep -q '^model evaluations: ' "$TMP/gen" || fail "no evaluation count in the trace"
"$LAB" generate --model "$TMP/l.ckpt" --prompt "Hi" --pin "x:y" >/dev/null 2>"$TMP/err"
[ $? -eq 1 ] && grep -q '^HINT: ' "$TMP/err" || fail "a malformed pin should exit 1 with a HINT"

"$LAB" experiment decoding --model "$TMP/l.ckpt" --judge "$TMP/g.ckpt" --prompts "Hi|The" --length 8 --steps 2,8 \
  --blocks 8,4 --thresholds 0,0.5 --seeds 1 --csv "$TMP/dec.csv" >"$TMP/out" 2>"$TMP/err" \
  || { cat "$TMP/err" >&2; fail "experiment decoding"; }
head -1 "$TMP/dec.csv" | grep -q '^remasking,steps,block,threshold,runs,evaluations_per_run,wall_ms_per_run,nll_per_token,eot_share,repeat_share$' \
  || fail "decoding CSV header"
# block 8: steps 2, 8, threshold; block 4 (2 blocks): steps 2, 8, threshold → 6 settings
[ "$(wc -l < "$TMP/dec.csv")" -eq 7 ] || fail "decoding CSV should have 6 settings"
grep -q '^low-confidence,8,8,0,2,8,' "$TMP/dec.csv" || fail "8 steps on 2 prompts should cost 8 evaluations a run"
"$LAB" experiment decoding --model "$TMP/g.ckpt" --judge "$TMP/g.ckpt" >/dev/null 2>"$TMP/err"
[ $? -eq 1 ] && grep -q '^HINT: ' "$TMP/err" || fail "a GPT as --model should exit 1 with a HINT"
for bad in "--steps 4.7" "--steps 1e12" "--seeds -1"; do
  # shellcheck disable=SC2086
  "$LAB" experiment decoding --model "$TMP/l.ckpt" --judge "$TMP/g.ckpt" $bad >/dev/null 2>"$TMP/err"
  [ $? -eq 1 ] && grep -q "is not a number" "$TMP/err" || fail "decoding $bad should be refused, not rounded or wrapped"
done

"$LAB" experiment likelihood --model "$TMP/l.ckpt" --gpt "$TMP/g.ckpt" --text "Hello there" --samples 8 \
  --csv "$TMP/lik.csv" >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "experiment likelihood"; }
head -1 "$TMP/lik.csv" | grep -q '^estimator,sample,estimate,t,masked$' || fail "likelihood CSV header"
[ "$(wc -l < "$TMP/lik.csv")" -eq 33 ] || fail "likelihood CSV should hold 4 estimators x 8 samples"
grep -q '^gpt ' "$TMP/out" || fail "no GPT line"
grep -q '^stratified ' "$TMP/out" || fail "no stratified line"

"$LAB" experiment reversal --seeds 1,2 --facts 3 --steps 2 --eval-every 1 --layers 1 --heads 2 --d 16 --seq 24 \
  --batch 4 --csv "$TMP/rev.csv" >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "experiment reversal"; }
head -1 "$TMP/rev.csv" | grep -q '^data_seed,model_seed,model,step,train_loss,forward,reversed,infill$' \
  || fail "reversal CSV header"
# 2 seeds x 2 models x steps 0, 1, 2
[ "$(wc -l < "$TMP/rev.csv")" -eq 13 ] || fail "reversal CSV should have 12 evaluations"
grep -q "^mean   llada" "$TMP/out" || fail "no summary table"
echo "ok"
