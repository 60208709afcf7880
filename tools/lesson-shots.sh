#!/usr/bin/env bash
# Screenshots of every lesson's first step, in Vietnamese and English, at UI scale 1 and 2, and of
# classroom mode (a lesson's first step, and the fallback without a lesson), to look at: nothing
# clipped, diacritics intact, no text over text.
#
#   tools/lesson-shots.sh [OUT] [PROGRAM]     (default OUT lesson-shots/, PROGRAM build/app/llada-lab)
#
# Files: OUT/LESSON-LANG-sSCALE.png (the Lessons panel beside the step's panel, 1280×800 under Xvfb),
# OUT/classroom-LESSON-LANG.png (classroom mode: full screen at scale 2, the step's text beside its
# panel, controls the step does not set folded away) and OUT/classroom-LANG.png (no lesson). Each run
# must succeed, be non-blank (image-stats) and log no missing letters; the script stops at the first
# that does not.
set -euo pipefail
OUT="${1:-lesson-shots}"
LAB="${2:-build/app/llada-lab}"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
[ -x "$LAB" ] || { echo "lesson-shots: no program '$LAB'. HINT: ./lab build, or give its path" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "lesson-shots: xvfb-run is missing. HINT: apt-get install xvfb xauth" >&2; exit 2; }
mkdir -p "$OUT"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

shot() {  # NAME ARGS...: one screenshot OUT/NAME.png with a fresh settings folder
  local name="$1"; shift
  mkdir -p "$TMP/$name"
  [ -n "${SCALE:-}" ] && echo "{\"ui_scale\": $SCALE}" > "$TMP/$name/settings.json"
  xvfb-run -a -s "-screen 0 1280x800x24" "$LAB" --config-dir "$TMP/$name" --screenshot "$OUT/$name.png" \
    --frames 12 "$@" 2>"$TMP/err" || { cat "$TMP/err" >&2; echo "lesson-shots: $name failed" >&2; exit 1; }
  "$LAB" image-stats "$OUT/$name.png" --min-colours 32 --min-fraction 0.02 >/dev/null ||
    { echo "lesson-shots: $name is blank" >&2; exit 1; }
  if grep -q "lack letters" "$TMP/err"; then grep "lack letters" "$TMP/err" >&2; exit 1; fi
  echo "$OUT/$name.png"
}

for f in "$SRC"/lessons/*.en.md; do
  id=$(basename "$f" .en.md)
  for lang in vi en; do
    for scale in 1 2; do SCALE=$scale shot "$id-$lang-s$scale" --lang "$lang" --lesson "$id"; done
    SCALE= shot "classroom-$id-$lang" --lang "$lang" --lesson "$id" --classroom
  done
done
for lang in vi en; do SCALE= shot "classroom-$lang" --lang "$lang" --classroom; done
