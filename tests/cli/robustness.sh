#!/usr/bin/env bash
# Bad input and faults on the command line: each gives a clear message and a non-zero exit, never a
# crash, and no run reports success while its output is lost.
#  - numbers out of range, stray words, unknown options, empty or clashing output paths (usage: exit 2)
#  - a folder given for a file, a model too large for memory (exit 1, with the figure)
#  - outputs checked before training (a bad --save path costs seconds, not the run); output = input refused
#  - write errors: stdout and --csv on a full disk (/dev/full)
#  - a diverging run (loss far above ln V) exits 1 and never replaces an existing checkpoint
#  - SIGINT during `train --save` stops at a step boundary, saves, says so, leaves no temporary file
#  - a streamed --csv replaces an existing file only when the run ends well or is interrupted (the rows so
#    far are kept); a failed or killed run leaves the old file as it was
#  - generated text is written as bytes (a NUL byte does not cut it)
set -u
LAB="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect CODE PATTERN CMD...: runs CMD, checks its exit code and that stderr matches PATTERN.
expect() {
  local code="$1" pat="$2"; shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  [ "$rc" -eq "$code" ] || { cat "$TMP/err" >&2; fail "'$*' exited $rc, expected $code"; }
  grep -qE -- "$pat" "$TMP/err" || { cat "$TMP/err" >&2; fail "'$*': stderr lacks /$pat/"; }
  grep -q "terminate called\|Segmentation\|Aborted" "$TMP/err" && fail "'$*' crashed"
  return 0
}
TRAIN=("$LAB" train --model zero-layer --tokenizer byte --corpus sample)

# Numbers, words and options.
expect 2 "--length must be between 1 and" "$LAB" generate --model x --length 4294967297
expect 2 "--seq must be between 1 and 4096" "${TRAIN[@]}" --seq 4294967304
expect 2 "--steps must be between" "${TRAIN[@]}" --steps 99999999999999999999
expect 2 "unexpected word 'extra'" "${TRAIN[@]}" extra
expect 2 "unknown option --frobnicate" "${TRAIN[@]}" --frobnicate
grep -q "needs a value" "$TMP/err" && fail "an unknown option is reported as needing a value"
expect 2 "--steps needs a value" "${TRAIN[@]}" --steps
expect 2 "unknown option --frobnicate" "$LAB" scene check x.json --frobnicate
for lr in 0 -1 nan inf 1e400; do expect 2 "--lr must be" "${TRAIN[@]}" --lr "$lr"; done
expect 2 "--top-p must be between 0" "$LAB" generate --model x --top-p 1.5
expect 2 "--seed expects a whole number" "${TRAIN[@]}" --seed -1
expect 2 "screenshot needs a file name" "$LAB" --screenshot ""

# Files where folders are, folders where files are, outputs that clash.
expect 1 "is a folder" "$LAB" generate --model "$TMP" --prompt hi
expect 1 "is a folder" "$LAB" tokenize --tokenizer byte "$TMP"
expect 1 "--csv .* is a folder" "${TRAIN[@]}" --csv "$TMP"
expect 1 "does not exist" "${TRAIN[@]}" --steps 100000 --save "$TMP/no/such/dir/m.ckpt"
grep -q "^step \|step 0" "$TMP/err" && fail "training started before the --save path was checked"
# A folder that says it is writable but refuses new files (/proc, even to root): also before training.
if [ -e /proc/version ]; then
  expect 1 "cannot create a file in the folder" "${TRAIN[@]}" --steps 100000 --save /proc/version
  grep -q "^step \|step 0" "$TMP/err" && fail "training started before the --save path /proc/version was checked"
fi
expect 1 "same file" "${TRAIN[@]}" --csv "$TMP/a" --save "$TMP/./a"
printf 'some words of a corpus\n%.0s' $(seq 200) > "$TMP/corpus.txt"
cp "$TMP/corpus.txt" "$TMP/corpus.orig"
expect 1 "would destroy the input" "$LAB" train --tokenizer byte --corpus "$TMP/corpus.txt" --csv "$TMP/corpus.txt"
cmp -s "$TMP/corpus.txt" "$TMP/corpus.orig" || fail "the corpus was overwritten by --csv"
expect 1 "needs a file name" "${TRAIN[@]}" --save ""

# Memory: refused up front with the figure.
expect 1 "needs about [0-9.]+ GiB of memory" "$LAB" train --model gpt --tokenizer byte --layers 64 --d 8192 --heads 8

# Write errors.
if [ -w /dev/full ]; then
  echo "hello" > "$TMP/hello.txt"
  "$LAB" tokenize --tokenizer byte "$TMP/hello.txt" >/dev/full 2>"$TMP/err" && fail "tokenize to a full disk exited 0"
  grep -q "cannot write the output" "$TMP/err" || fail "the lost output is not reported"
  expect 1 "cannot write the CSV file" "${TRAIN[@]}" --steps 2 --csv /dev/full
fi

# Divergence: a good checkpoint is never replaced by an exploded model.
"${TRAIN[@]}" --steps 5 --save "$TMP/good.ckpt" >/dev/null 2>&1 || fail "a short run failed"
cp "$TMP/good.ckpt" "$TMP/good.orig"
expect 1 "diverged" "${TRAIN[@]}" --steps 50 --lr 1e5 --save "$TMP/good.ckpt"
cmp -s "$TMP/good.ckpt" "$TMP/good.orig" || fail "a diverged run replaced the checkpoint"

# SIGINT: stop at a step boundary, save, say so; no temporary file left.
"${TRAIN[@]}" --steps 100000000 --eval-every 1000 --save "$TMP/int.ckpt" >"$TMP/out" 2>"$TMP/err" &
pid=$!
for _ in $(seq 300); do grep -q "step 0" "$TMP/err" && break; sleep 0.1; done
sleep 0.5
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || { cat "$TMP/err" >&2; fail "an interrupted train exited $rc, expected 130"; }
grep -q "interrupted after" "$TMP/err" || fail "the interruption is not reported"
grep -q "saved checkpoint" "$TMP/err" || fail "the interrupted run was not saved"
"$LAB" generate --model "$TMP/int.ckpt" --prompt "a" --length 2 >/dev/null 2>&1 || fail "the interrupted run's checkpoint does not load"
ls "$TMP" | grep -q "tmp" && fail "a temporary file was left behind: $(ls "$TMP")"

# A streamed CSV: a run that fails leaves the person's old file as it was; an interrupted run keeps its rows.
echo "my old curve" > "$TMP/curve.csv"
expect 1 "diverged" "${TRAIN[@]}" --steps 50 --lr 1e5 --csv "$TMP/curve.csv"
[ "$(cat "$TMP/curve.csv")" = "my old curve" ] || fail "a failed run destroyed the existing CSV"
ls "$TMP" | grep -q "tmp" && fail "a temporary file was left behind: $(ls "$TMP")"
interrupt() {  # interrupt OUT CMD...: starts CMD, waits for its first evaluation, sends SIGINT
  local out="$1"; shift
  "$@" >"$TMP/out" 2>"$TMP/err" &
  local pid=$!
  for _ in $(seq 300); do grep -q "step 0 " "$TMP/err" && break; sleep 0.1; done
  sleep 0.5
  grep -q "rows go to '$out.tmp-" "$TMP/err" || fail "the CSV is not written beside '$out' while the run lasts"
  [ "$(cat "$out")" = "my old curve" ] || fail "the existing CSV was changed while the run lasted"
  kill -INT "$pid"
  wait "$pid"
}
interrupt "$TMP/curve.csv" "${TRAIN[@]}" --steps 100000000 --eval-every 2000 --csv "$TMP/curve.csv"
rc=$?
[ "$rc" -eq 130 ] || { cat "$TMP/err" >&2; fail "an interrupted train --csv exited $rc, expected 130"; }
head -1 "$TMP/curve.csv" | grep -q "^step,train_loss" || fail "the interrupted run's CSV was not kept"
[ "$(wc -l < "$TMP/curve.csv")" -ge 3 ] || fail "the interrupted run's CSV lacks its rows (step 0 and the last)"
ls "$TMP" | grep -q "tmp" && fail "a temporary file was left behind: $(ls "$TMP")"
echo "my old curve" > "$TMP/curve.csv"
interrupt "$TMP/curve.csv" "$LAB" experiment rare-vs-common --tokenizer byte --steps 100000000 --eval-every 2000 \
  --csv "$TMP/curve.csv"
rc=$?
[ "$rc" -eq 130 ] || { cat "$TMP/err" >&2; fail "an interrupted experiment rare-vs-common exited $rc, expected 130"; }
[ "$(wc -l < "$TMP/curve.csv")" -ge 3 ] || fail "the interrupted experiment's CSV lacks its rows"
ls "$TMP" | grep -q "tmp" && fail "a temporary file was left behind: $(ls "$TMP")"

# SIGTERM twice: the second quits at once (killed by the signal: 128 + 15), leaving no temporary file.
echo "my old curve" > "$TMP/curve.csv"
"${TRAIN[@]}" --steps 100000000 --eval-every 1000 --save "$TMP/term.ckpt" --csv "$TMP/curve.csv" >"$TMP/out" 2>"$TMP/err" &
pid=$!
for _ in $(seq 300); do grep -q "step 0" "$TMP/err" && break; sleep 0.1; done
kill -TERM "$pid"; kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || [ "$rc" -eq 143 ] || { cat "$TMP/err" >&2; fail "a twice-terminated train exited $rc"; }
[ "$rc" -eq 130 ] || [ "$(cat "$TMP/curve.csv")" = "my old curve" ] || fail "a killed run destroyed the existing CSV"
ls "$TMP" | grep -q "tmp" && fail "a temporary file was left behind: $(ls "$TMP")"

# Out of memory is a message, not an abort (not under ASan, which cannot run in a small address space).
if [ -z "${ASAN_OPTIONS:-}" ]; then
  # The limit must leave room for the program's own libraries (a CUDA build maps cuBLAS: ~700 MB of
  # address space before main), so it grows until the loader gets through; then the read must fail cleanly.
  for lim in 400000 800000 1200000 1600000 2400000; do
    (ulimit -v "$lim"; "$LAB" tokenize --tokenizer byte /dev/zero >/dev/null 2>"$TMP/err")
    rc=$?
    [ "$rc" -eq 127 ] && grep -q "error while loading shared libraries" "$TMP/err" || break
  done
  [ "$rc" -eq 1 ] || { cat "$TMP/err" >&2; fail "tokenize of /dev/zero in 400 MB exited $rc"; }
  grep -qE "out of memory|larger than" "$TMP/err" || { cat "$TMP/err" >&2; fail "no out-of-memory message"; }
fi

# Generated text is bytes: a model that learned NUL bytes prints them.
for _ in $(seq 300); do printf 'a\0b\0'; done > "$TMP/nul.txt"
"$LAB" train --model zero-layer --tokenizer byte --corpus "$TMP/nul.txt" --steps 150 --lr 3e-2 --save "$TMP/nul.ckpt" \
  >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "training on NUL bytes failed"; }
"$LAB" generate --model "$TMP/nul.ckpt" --prompt a --length 7 --greedy > "$TMP/gen" 2>"$TMP/err" || fail "generate failed"
[ "$(wc -c < "$TMP/gen")" -eq 9 ] || { od -c "$TMP/gen" >&2; fail "the generated text was cut (expected a + 7 bytes + newline)"; }
[ "$(tr -cd '\000' < "$TMP/gen" | wc -c)" -ge 3 ] || { od -c "$TMP/gen" >&2; fail "no NUL bytes in the output"; }
echo "ok"
