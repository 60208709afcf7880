#!/usr/bin/env bash
# Screenshots of the panels that open the models up, for the issue's notes and for looking at by eye:
#   embedding-256.png      Embedding space, zero-layer GPT on the byte tokenizer (V = 256), 200 steps,
#                          the token "e" pinned (its trail follows training)
#   embedding-100277.png   the same with cl100k (V = 100 277), 60 steps, "the" and " the" pinned
#   attention.png          Attention maps: the small GPT's causal triangles beside LLaDA's full squares,
#                          [MASK] positions marked, both trained 150 steps
#   tying.png              Embedding space with the tied-vs-untied comparison run (300 steps)
# and bench-render.txt, the two drawing paths timed on this renderer (llada-lab bench render --check).
#
#   tools/inside-screenshots.sh OUTDIR [path/to/llada-lab]     (needs xvfb-run; ~1–3 minutes)
set -eu
OUT="${1:?usage: tools/inside-screenshots.sh OUTDIR [llada-lab]}"
LAB="${2:-$(dirname "$0")/../build/app/llada-lab}"
command -v xvfb-run >/dev/null || { echo "xvfb-run is not installed (apt-get install xvfb xauth)" >&2; exit 1; }
mkdir -p "$OUT"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

shot() {  # NAME SETTINGS-VALUES EXPECTED-LOG-LINE ARGS...
  local name="$1" values="$2" expect="$3"
  shift 3
  mkdir -p "$TMP/$name"
  echo "{\"ui_scale\": 1, \"values\": {$values}}" > "$TMP/$name/settings.json"
  # A screen larger than the 1280×800 window: Xvfb's pointer starts at the screen's centre, which then
  # lies outside the window, so no hover tooltip covers the picture.
  xvfb-run -a -s "-screen 0 2600x1700x24" "$LAB" --config-dir "$TMP/$name" --screenshot "$OUT/$name.png" "$@" \
    2> "$OUT/$name.log" || { cat "$OUT/$name.log" >&2; echo "FAILED: $name" >&2; exit 1; }
  # A model that could not be built (e.g. the cl100k ranks not fetched: ./lab setup) leaves a picture of
  # the error message, not of the panel: the log then lacks the line of the panel's drawing.
  grep -q "$expect" "$OUT/$name.log" ||
    { echo "FAILED: $name: the panel drew nothing (no '$expect' in $OUT/$name.log; is the data fetched?)" >&2; exit 1; }
  echo "$OUT/$name.png"
}

shot embedding-256 '"embedding.pin": "e"' "point cloud: drawn by" --panel embedding --train zero-layer --train-steps 200 --frames 60
shot embedding-100277 '"embedding.pin": "the"' "point cloud: drawn by" --panel embedding --train zero-layer --train-tokenizer cl100k \
  --train-steps 60 --frames 60
shot attention '' "heatmap: drawn by" --panel attention --train gpt,llada --train-steps 150 --frames 60
shot tying '"embedding.tying": "true"' "point cloud: drawn by" --panel embedding --train zero-layer --train-steps 20 --frames 600
xvfb-run -a -s "-screen 0 1280x800x24" "$LAB" bench render --check > "$OUT/bench-render.txt" 2>/dev/null
cat "$OUT/bench-render.txt"
