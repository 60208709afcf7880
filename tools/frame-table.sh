#!/usr/bin/env bash
# The window's frame times, one row per panel, as a markdown table (issue 12's targets: median ≤ 8 ms,
# p99 ≤ 16 ms, worst ≤ 50 ms after the first second, while both models train).
#
#   tools/frame-table.sh [PROGRAM] [FRAMES]      (default build/app/llada-lab, 240 frames a row)
#
# Each row runs the window under Xvfb at 1280×800 (software OpenGL), with the GPT and the LLaDA training
# on the sample text (--train gpt,llada), for FRAMES frames as a person gets them (the 60-a-second cap;
# --frames without --screenshot), and reads --frame-stats: the frame time's median / p99 / worst after
# the first second, each phase's median / p99 (building the UI, rendering, waiting: app/frame_stats.hpp),
# how many frames were drawn (an unchanged picture is not drawn again) and how many took over 50 ms.
# The rows: every panel alone (--panel), classroom mode (--classroom), and the Softmax panel with both
# models on the cl100k tokenizer (V = 100 277) while --sweep drags the temperature every frame (that
# row, like the others, counts its frames from when the models are built).
# The machine's load average is printed first: the figures mean little on a loaded machine.
set -euo pipefail
LAB="${1:-build/app/llada-lab}"
FRAMES="${2:-240}"
[ -x "$LAB" ] || { echo "frame-table: no program '$LAB'. HINT: ./lab build, or give its path" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "frame-table: xvfb-run is missing. HINT: apt-get install xvfb xauth" >&2; exit 2; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

run() {  # NAME ARGS...: one row
  local name="$1"; shift
  if ! xvfb-run -a -s "-screen 0 1280x800x24" "$LAB" --config-dir "$TMP/cfg-$name" --train gpt,llada \
       --frame-stats "$@" >"$TMP/out" 2>"$TMP/err"; then
    echo "| $name | failed: $(tail -1 "$TMP/err") | | | | | | | |"
    return
  fi
  awk -v name="$name" '
    /^  building the UI:/ { ui = $5 " / " $8 }
    /^  rendering:/       { render = $3 " / " $6 }
    /^  waiting:/         { wait = $3 " / " $6 }
    /^  frames drawn:/    { drawn = $3 " of " $5 }
    /^after the first second:/ {
      for (i = 1; i <= NF; i++) {
        if ($i == "median") med = $(i+1)
        if ($i == "p99") p99 = $(i+1)
        if ($i == "worst") worst = $(i+1)
        if ($i == "over") slow = $(i-1)
      }
      sub(/;$/, "", worst)
    }
    END { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, med, p99, worst, ui, render, wait, drawn, slow }
  ' "$TMP/out"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); $FRAMES frames a row"
echo
echo "| panel | median ms | p99 ms | worst ms | UI median / p99 | render median / p99 | wait median / p99 | drawn | > 50 ms |"
echo "|---|---|---|---|---|---|---|---|---|"
panels=$("$LAB" --window-help | sed -n 's/^Panels (for --panel)://p' | grep -o '[a-z_]* ("' | cut -d' ' -f1)
for p in $panels; do run "$p" --panel "$p" --frames "$FRAMES"; done
run classroom --classroom --frames "$FRAMES"
# V = 100 277 (the models take longer to build: a timed run counts its frames once they are).
run "softmax, cl100k, T dragged" --panel softmax --train-tokenizer cl100k --sweep softmax.T --frames "$FRAMES"
