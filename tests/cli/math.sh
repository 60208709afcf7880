#!/usr/bin/env bash
# llada-lab math: every worked example of the notes on the forward process and the loss comes out of the
# terminal exactly as printed there (0.0576, 6.25/25/37.5 %, 3 and 70 masks, 1.155, 10 and 10, [5, 8, 100000]);
# bad input is a message with a HINT and exit 1, bad usage exit 2.
set -euo pipefail
LAB="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$LAB" math --help | grep -q "llada-lab math q --pattern" || fail "help shows how"

out=$("$LAB" math q --pattern "[AI, M, M, mẽ]" --t 0.6)
grep -qF "x_t = [AI, [M], [M], mẽ]" <<<"$out" || fail "q pattern echo: $out"
grep -qF "= 0.4 · 0.6 · 0.6 · 0.4 = 0.0576" <<<"$out" || fail "q product: $out"
"$LAB" math q --pattern 0101 --t 0.5 | grep -qF "0.5 · 0.5 · 0.5 · 0.5 = 0.0625" || fail "q of flags"

out=$("$LAB" math binomial --L 4 --t 0.5)
for want in "= 1 × 1 × 0.0625 = 6.25 %" "= 4 × 0.5 × 0.125 = 25 %" "= 6 × 0.25 × 0.25 = 37.5 %" \
            "= 4 × 0.125 × 0.5 = 25 %" "= 1 × 0.0625 × 1 = 6.25 %" "mean L·t = 4 × 0.5 = 2,"; do
  grep -qF "$want" <<<"$out" || fail "binomial row '$want' in: $out"
done
"$LAB" math binomial --L 10 --t 0.3 | grep -qF "mean L·t = 10 × 0.3 = 3," || fail "10 × 0.3"
"$LAB" math binomial --L 100 --t 0.7 --k 70 | grep -qF "mean L·t = 100 × 0.7 = 70," || fail "100 × 0.7"

out=$("$LAB" math loss --pattern "Hà M M thủ đô" --t 0.4 --p 0.7,0.9)
grep -qF "Σ log p = -0.357 - 0.105 = -0.462" <<<"$out" || fail "loss sum: $out"
grep -qF "(1/t) × Σ = (1/0.4) × (-0.462) = 2.5 × (-0.462) = -1.155" <<<"$out" || fail "loss scaled: $out"
grep -qF "loss = -(-1.155) = 1.155" <<<"$out" || fail "loss value: $out"
"$LAB" math loss --t 0.4 --p 0.7,0.9 | grep -qF "= (1/0.4) × (0.357 + 0.105) = 1.155" || fail "loss without pattern"
"$LAB" math loss --t 0.4 --p 0.7,0.9 --no-inverse-t | grep -qF "loss = -(-0.462) = 0.462" || fail "loss without 1/t"

out=$("$LAB" math weight --L 10 --t 0.2,0.8)
grep -qF "t = 0.2: 10 × 0.2 = 2 masked on average; with 1/t: (1/0.2) × 2 = 10 × (-log P)" <<<"$out" || fail "weight 0.2: $out"
grep -qF "t = 0.8: 10 × 0.8 = 8 masked on average; with 1/t: (1/0.8) × 8 = 10 × (-log P)" <<<"$out" || fail "weight 0.8: $out"

out=$("$LAB" math shapes)
grep -q "tokens *\[5, 8\]" <<<"$out" || fail "shapes input: $out"
grep -q "embeddings *\[5, 8, 64\]" <<<"$out" || fail "shapes embedding: $out"
grep -q "logits *\[5, 8, 100000\]" <<<"$out" || fail "shapes logits: $out"
grep -qF "targets [5, 8] = the inputs shifted by one" <<<"$out" || fail "shapes targets: $out"
"$LAB" math shapes --tokenizer byte --batch 2 --seq 3 | grep -q "logits *\[2, 3, 256\]" || fail "shapes from a tokenizer"

out=$("$LAB" math examples)
for want in "0.0625" "0.0576" "37.5 %" "= 3," "= 70," "= 1.155" "(1/0.8) × 8 = 10" "[5, 8, 100000]"; do
  grep -qF "$want" <<<"$out" || fail "examples lack '$want'"
done

# Bad input: a message with a HINT, exit 1. Bad usage: exit 2.
set +e
err=$("$LAB" math q --pattern "AI M" --t 1.5 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && grep -q "HINT" <<<"$err" || fail "t = 1.5 should be refused with a hint (rc $rc): $err"
err=$("$LAB" math loss --pattern "Hà M M thủ" --t 0.4 --p 0.7 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && grep -q "2 masked positions but 1 probabilities" <<<"$err" || fail "p count mismatch (rc $rc): $err"
err=$("$LAB" math loss --t 0.4 --p 0.7,abc 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && grep -q "'abc'" <<<"$err" || fail "a p that is not a number (rc $rc): $err"
err=$("$LAB" math loss --t 0.4 --p 0,0.9 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && grep -q "HINT" <<<"$err" || fail "p = 0 (rc $rc): $err"
"$LAB" math q --t 0.5 >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --pattern should exit 2"
"$LAB" math nonsense >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown computation should exit 2"
"$LAB" math binomial --L 4 --t 0.5 --bogus 1 >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option should exit 2"
set -e
echo "math: ok"
