#!/usr/bin/env bash
# llada-lab lesson check: the lessons of lessons/ (and those compiled in) pass; a lesson naming an unknown
# panel or parameter, a value out of range, a wrong answer or a translation that differs is refused with
# the file and line.
set -euo pipefail
LAB="$1"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
SRC="${LLADA_SOURCE_DIR:?}"

"$LAB" lesson check "$SRC/lessons" > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err" >&2; fail "lessons/ does not pass"; }
grep -q ": ok$" "$tmp/out" || fail "no ok summary: $(cat "$tmp/out")"
"$LAB" lesson check > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err" >&2; fail "built-in lessons do not pass"; }

cat > "$tmp/02_bad.en.md" <<'L'
# Bad
## One
@panel forward_process
## Two
@panel forward
@set tt=1 t=1.7
@question q?
@answer 0.06 ± 0.001
@check q_pattern t=0.5 mask=0101
L
set +e
"$LAB" lesson check "$tmp/02_bad.en.md" 2> "$tmp/err" > /dev/null; rc=$?
set -e
[ $rc -eq 1 ] || fail "a bad lesson should exit 1 (got $rc)"
grep -q "02_bad.en.md:3: no panel 'forward_process'" "$tmp/err" || fail "unknown panel: $(cat "$tmp/err")"
grep -q "02_bad.en.md:6: panel 'forward' has no parameter 'tt'" "$tmp/err" || fail "unknown parameter"
grep -q "02_bad.en.md:6: forward.t=1.7 is out of range \[0, 1\]" "$tmp/err" || fail "out of range"
grep -q "02_bad.en.md:9: @answer 0.06" "$tmp/err" || fail "wrong answer"

# A translation with another answer.
sed 's/^# Lesson 1/# Bài 1/; s/^@answer 0.0576 ± 0.00005/@answer 0.0577 ± 0.00005/' \
  "$SRC/lessons/01_forward_process.en.md" > "$tmp/01_forward_process.vi.md"
cp "$SRC/lessons/01_forward_process.en.md" "$tmp/"
set +e
"$LAB" lesson check "$tmp/01_forward_process.en.md" "$tmp/01_forward_process.vi.md" 2> "$tmp/err" > /dev/null; rc=$?
set -e
[ $rc -eq 1 ] || fail "differing translations should exit 1"
grep -q "the answers differ" "$tmp/err" || fail "translation check: $(cat "$tmp/err")"
# A structural error names the file and line.
printf '# T\n## S\n@panel forward\n@answer 3\n' > "$tmp/03_x.en.md"
set +e
"$LAB" lesson check "$tmp/03_x.en.md" 2> "$tmp/err" > /dev/null; rc=$?
set -e
[ $rc -eq 1 ] || fail "structural error should exit 1"
grep -q "03_x.en.md:4: @answer without a @question" "$tmp/err" || fail "structure: $(cat "$tmp/err")"
echo "lesson check: ok"
