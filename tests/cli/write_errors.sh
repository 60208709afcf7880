#!/usr/bin/env bash
# Every output of the command line is checked: a write that fails is a message and exit 1, never a
# success with an empty or half-written file, and an existing file keeps its old content.
#  - stdout to a full disk (/dev/full) for every command that prints: generate, tokenize, math, inspect,
#    experiment, train, lesson, help, --window-help
#  - files on a full disk: `ulimit -f 0` with SIGXFSZ ignored makes every write to an ordinary file fail
#    (EFBIG) as a full disk does (ENOSPC), also for files written through a temporary file and a rename:
#    --save, every --csv (train, experiment, inspect)
#  - an output that is one of the inputs (inspect --csv = --model) is refused before anything is written
set -u
LAB="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$TMP" || exit 1

# Two small checkpoints to read from.
"$LAB" train --model zero-layer --tokenizer byte --corpus sample --steps 3 --save g.ckpt >/dev/null 2>&1 || fail "train g.ckpt"
"$LAB" train --model llada --tokenizer byte --corpus sample --seq 16 --layers 1 --steps 3 --save l.ckpt >/dev/null 2>&1 ||
  fail "train l.ckpt"
echo "hello there" > hello.txt

# full_stdout CMD...: CMD with stdout on /dev/full exits 1 and says the output was lost.
full_stdout() {
  "$@" >/dev/full 2>err
  local rc=$?
  [ "$rc" -eq 1 ] || { cat err >&2; fail "'$*' >/dev/full exited $rc, expected 1"; }
  grep -q "cannot write the output" err || { cat err >&2; fail "'$*' >/dev/full: the lost output is not reported"; }
  grep -q "HINT:" err || fail "'$*' >/dev/full: no HINT"
}
if [ -w /dev/full ]; then
  full_stdout "$LAB" generate --model g.ckpt --prompt a --length 5
  full_stdout "$LAB" generate --model l.ckpt --prompt a --length 8 --steps 2 --trace
  full_stdout "$LAB" tokenize --tokenizer byte --pieces hello.txt
  full_stdout "$LAB" tokenize --tokenizer byte --stats hello.txt
  full_stdout "$LAB" math examples
  full_stdout "$LAB" inspect embedding --model g.ckpt --csv -
  full_stdout "$LAB" inspect attention --model l.ckpt --text "Hi there"
  full_stdout "$LAB" inspect tying --steps 2
  full_stdout "$LAB" experiment likelihood --model l.ckpt --gpt g.ckpt --text ab --samples 4
  full_stdout "$LAB" train --model zero-layer --tokenizer byte --corpus sample --steps 2
  full_stdout "$LAB" lesson check
  full_stdout "$LAB" help
  full_stdout "$LAB" train --help
  full_stdout "$LAB" --window-help
  full_stdout "$LAB" scene check --help
fi

# full_disk WHAT FILE CMD...: CMD, every file write failing, exits 1 naming FILE; FILE keeps what it held
# before (or stays absent) and no temporary file is left beside it.
full_disk() {
  local what="$1" file="$2"; shift 2
  [ -e "$file" ] && cp "$file" before || rm -f before
  # stderr through a pipe (the limit would stop the messages too, were they written to a file)
  ( trap '' XFSZ; ulimit -f 0; exec "$@" ) 2>&1 >/dev/null | cat > err
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 1 ] || { cat err >&2; fail "$what on a full disk exited $rc, expected 1"; }
  grep -q "cannot write.*$file" err || { cat err >&2; fail "$what on a full disk: no message naming $file"; }
  grep -q "HINT:" err || fail "$what on a full disk: no HINT"
  grep -q "terminate called\|Segmentation\|Aborted\|runtime error" err && fail "$what on a full disk crashed"
  if [ -e before ]; then
    cmp -s before "$file" || fail "$what on a full disk changed the existing $file"
  elif [ -s "$file" ]; then
    fail "$what on a full disk left a partial $file"
  fi
  ls | grep -q "\.tmp" && fail "$what on a full disk left a temporary file: $(ls)"
  rm -f before
  return 0
}
TRAIN=("$LAB" train --model zero-layer --tokenizer byte --corpus sample)
cp g.ckpt old.ckpt
full_disk "train --save (over an existing checkpoint)" old.ckpt "${TRAIN[@]}" --steps 2 --save old.ckpt
full_disk "train --save" new.ckpt "${TRAIN[@]}" --steps 2 --save new.ckpt
full_disk "train --csv" run.csv "${TRAIN[@]}" --steps 2 --csv run.csv
full_disk "experiment rare-vs-common --csv" rare.csv \
  "$LAB" experiment rare-vs-common --corpus sample --tokenizer byte --steps 2 --csv rare.csv
full_disk "experiment likelihood --csv" est.csv \
  "$LAB" experiment likelihood --model l.ckpt --gpt g.ckpt --text ab --samples 8 --csv est.csv
full_disk "experiment decoding --csv" dec.csv \
  "$LAB" experiment decoding --model l.ckpt --judge g.ckpt --prompts a --length 8 --steps 2 --csv dec.csv
full_disk "experiment reversal --csv" rev.csv \
  "$LAB" experiment reversal --seeds 1 --facts 4 --layers 1 --d 16 --steps 2 --eval-every 2 --csv rev.csv
echo "old points" > points.csv
full_disk "inspect embedding --csv (over an existing file)" points.csv "$LAB" inspect embedding --model g.ckpt --csv points.csv
full_disk "inspect attention --csv" att.csv "$LAB" inspect attention --model l.ckpt --text "Hi there" --csv att.csv
full_disk "inspect tying --csv" tying.csv "$LAB" inspect tying --steps 2 --csv tying.csv

# An output that is an input is refused before anything is written.
cp l.ckpt l.orig
"$LAB" inspect attention --model l.ckpt --text "Hi" --csv l.ckpt >/dev/null 2>err && fail "inspect --csv = --model exited 0"
grep -q "would destroy the input" err || { cat err >&2; fail "inspect --csv = --model: no message"; }
cmp -s l.ckpt l.orig || fail "inspect --csv = --model overwrote the checkpoint"
echo "ok"
