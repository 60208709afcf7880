#!/usr/bin/env bash
# The training command line end to end, offline (byte tokenizer, built-in sample corpus):
#  - a short zero-layer run writes a CSV (header + one row per evaluation) and a checkpoint;
#  - generate reads the checkpoint back and continues the prompt (AR greedy, and LLaDA's sampler);
#  - a corrupt or truncated checkpoint makes generate exit 1 with a HINT line, never a crash;
#  - the rare-vs-common experiment writes its CSV with the three group columns;
#  - --device: the progress names the device, auto says once which one it uses, and without a GPU
#    --device cuda is refused with the reason (exit 1, HINT), as is an unknown device.
set -u
LAB="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$LAB" train --model zero-layer --tokenizer byte --corpus sample --steps 30 --eval-every 10 --lr 1e-2 \
  --csv "$TMP/run.csv" --save "$TMP/m.ckpt" >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "train exited non-zero"; }
[ -s "$TMP/m.ckpt" ] || fail "no checkpoint written"
head -1 "$TMP/run.csv" | grep -q '^step,train_loss,val_loss,lr,tokens_per_s,common,rare,never$' || fail "CSV header"
[ "$(wc -l < "$TMP/run.csv")" -eq 5 ] || fail "CSV should have a header and 4 evaluations (steps 0,10,20,30)"
grep -q "final train loss" "$TMP/out" || fail "no summary on stdout"
grep -q "step 30" "$TMP/err" || fail "no progress on stderr"
grep -q "tokens/s on " "$TMP/err" || fail "the progress does not name the device"
[ "$(grep -c '^llada-lab: device: ' "$TMP/err")" -eq 1 ] || fail "auto should say once which device it uses"
if grep -q '^llada-lab: device: CPU' "$TMP/err"; then
  "$LAB" train --model zero-layer --tokenizer byte --steps 1 --device cuda >/dev/null 2>"$TMP/err2"
  [ $? -eq 1 ] || fail "--device cuda without a usable GPU should exit 1"
  grep -q 'no CUDA device is usable\|could not start' "$TMP/err2" || fail "--device cuda refused without the reason"
  grep -q '^HINT: ' "$TMP/err2" || fail "no HINT line for --device cuda"
  "$LAB" generate --model "$TMP/m.ckpt" --prompt "T" --length 2 --device cuda >/dev/null 2>"$TMP/err2"
  [ $? -eq 1 ] || fail "generate --device cuda without a usable GPU should exit 1"
fi
"$LAB" train --model zero-layer --tokenizer byte --steps 1 --device tpu >/dev/null 2>"$TMP/err2"
[ $? -eq 1 ] || fail "an unknown device should exit 1"
grep -q "unknown device 'tpu'" "$TMP/err2" || fail "the unknown device is not named"

out=$("$LAB" generate --model "$TMP/m.ckpt" --prompt "The " --length 12 --greedy --device cpu 2>"$TMP/err") \
  || { cat "$TMP/err" >&2; fail "generate exited non-zero"; }
case "$out" in "The "?*) ;; *) fail "generated text does not continue the prompt: '$out'";; esac

"$LAB" train --model llada --tokenizer byte --corpus sample --steps 10 --seq 16 --batch 4 --layers 1 --heads 2 --d 16 \
  --eval-every 10 --save "$TMP/l.ckpt" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "llada train exited non-zero"; }
"$LAB" generate --model "$TMP/l.ckpt" --prompt "Hi" --length 8 --steps 4 --block 4 --trace >"$TMP/gen" 2>"$TMP/err" \
  || { cat "$TMP/err" >&2; fail "llada generate exited non-zero"; }
[ "$(grep -c '^step ' "$TMP/gen")" -eq 4 ] || fail "the LLaDA trace should show 4 steps"

# A flipped byte in the weights: the checksum catches it.
cp "$TMP/m.ckpt" "$TMP/bad.ckpt"
printf '\xff\xff\xff\xff' | dd of="$TMP/bad.ckpt" bs=1 seek=1000 conv=notrunc 2>/dev/null
"$LAB" generate --model "$TMP/bad.ckpt" --prompt "The " >/dev/null 2>"$TMP/err"
[ $? -eq 1 ] || fail "a corrupt checkpoint should exit 1"
grep -q '^HINT: ' "$TMP/err" || fail "no HINT line for a corrupt checkpoint"
grep -q 'corrupt' "$TMP/err" || fail "the corruption is not named"
# Cut short.
head -c 100 "$TMP/m.ckpt" > "$TMP/short.ckpt"
"$LAB" generate --model "$TMP/short.ckpt" --prompt "The " >/dev/null 2>"$TMP/err"
[ $? -eq 1 ] || fail "a truncated checkpoint should exit 1"
grep -q '^HINT: ' "$TMP/err" || fail "no HINT line for a truncated checkpoint"

"$LAB" experiment rare-vs-common --tokenizer byte --corpus sample --model zero-layer --seq 8 --batch 5 --steps 20 \
  --eval-every 10 --csv "$TMP/exp.csv" >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "experiment exited non-zero"; }
[ "$(wc -l < "$TMP/exp.csv")" -eq 4 ] || fail "experiment CSV should have a header and 3 evaluations"
grep -q "untrained" "$TMP/out" || fail "experiment summary missing"
echo "ok"
