#!/usr/bin/env bash
# The soak test's scripted user (app/soak.hpp; ./lab soak runs it for minutes in the sanitizer build),
# kept working by a short run under Xvfb:
#  - 15 s with both models training: exits 0 and prints its summary, in which every kind of action
#    (panel, param, tokenizer, checkpoint, scene, language, classroom, lesson, train, export) was taken
#    at least once, no in-range number was refused by a parameter, and the memory line is there;
#  - its first scene action saved a scene into its own folder, and nothing went to the working directory;
#  - the same seed replays the same actions at the same frames (a second, shorter run's actions are a
#    prefix of the first's), and another seed takes others;
#  - --soak without --config-dir, or with a seed that is not a number, is refused with a message.
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"

soak() {  # soak NAME SEED SECONDS
  (cd "$TMP" && xvfb --config-dir "$TMP/$1" --soak "$2" --soak-seconds "$3" >"$TMP/$1.out" 2>"$TMP/$1.err") ||
    { tail -n 40 "$TMP/$1.err" >&2; fail "soak run $1 (seed $2) exited non-zero"; }
}
actions() { sed -n 's/^llada-lab: soak \([0-9]*\) \([a-z]*\):.*/\1 \2/p' "$TMP/$1.err"; }

soak a 5 15
cat "$TMP/a.out"
summary=$(grep "^soak: seed 5," "$TMP/a.out") || fail "no summary line"
for kind in panel param tokenizer checkpoint scene language classroom lesson train export; do
  echo "$summary" | grep -Eq "[:,] $kind [1-9][0-9]*(,|$)" || fail "no '$kind' action was taken: $summary"
done
grep -q "(0 numbers in range)" "$TMP/a.out" || fail "a number in its parameter's range was refused: $(grep 'refused' "$TMP/a.err" | head -3)"
grep -Eq "^soak: RSS start [0-9.]+ MiB, peak [0-9.]+ MiB, end [0-9.]+ MiB" "$TMP/a.out" || fail "no memory line"
compgen -G "$TMP/a/soak-files/scene-*.json" >/dev/null || fail "no scene was saved in the soak folder"
[ -z "$(ls "$TMP" | grep -v -e '^a' -e '^b' -e '^c')" ] || fail "files were written outside the soak folder: $(ls "$TMP")"

soak b 5 6
n=$(actions b | wc -l)
[ "$n" -ge 3 ] || fail "the 6 s replay took only $n actions"
[ "$(actions b)" = "$(actions a | head -n "$n")" ] || {
  diff <(actions b) <(actions a | head -n "$n") >&2; fail "the same seed did not replay the same actions"; }
soak c 6 6
[ "$(actions c)" != "$(actions a | head -n "$(actions c | wc -l)")" ] || fail "seeds 5 and 6 took the same actions"

xvfb --soak 1 >/dev/null 2>"$TMP/err" && fail "--soak without --config-dir was accepted"
grep -q "config-dir" "$TMP/err" || fail "--soak without --config-dir: no message naming --config-dir"
xvfb --config-dir "$TMP/x" --soak seven 2>"$TMP/err" && fail "--soak seven was accepted"
grep -q "expects a seed" "$TMP/err" || fail "--soak seven: no clear message"
echo "gui soak: ok"
