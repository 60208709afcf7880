#!/usr/bin/env bash
# The decoding lab's panels under a virtual X display (Xvfb), from checkpoints written by 'llada-lab train'
# (a zero-layer GPT and a small LLaDA, byte tokenizer, sample text) named in settings.json:
#  - Generation with two lanes (margin; entropy under threshold 0.5) and a pin, replayed to the end and
#    caught in a slow replay (the trace slider part-way): non-blank screenshots;
#  - Decoding: the panel's sweep exported from the File menu equals, row for row (wall time aside), the
#    CSV of 'llada-lab experiment decoding' run with the command the panel prints (same core function);
#  - Likelihood: the panel's single-sample estimates equal those of 'llada-lab experiment likelihood'
#    with the same text, samples and seed;
#  - Reversal curse: the panel opens with its registry parameters (facts, steps) set (non-blank screenshot).
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"

"$LAB" train --model zero-layer --tokenizer byte --corpus sample --steps 40 --lr 1e-2 --save "$TMP/gpt.ckpt" \
  >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "GPT training failed"; }
"$LAB" train --model llada --tokenizer byte --corpus sample --steps 20 --seq 64 --batch 4 --layers 1 --heads 2 --d 16 \
  --save "$TMP/llada.ckpt" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "LLaDA training failed"; }

settings() {  # $1: config dir, $2: replay speed (steps per second)
  mkdir -p "$1" "$1/out"
  cat > "$1/settings.json" <<JSON
{"ui_scale": 1, "values": {"export_dir": "$1/out",
 "generation.gpt_source": "checkpoint", "generation.gpt_checkpoint": "$TMP/gpt.ckpt",
 "generation.llada_source": "checkpoint", "generation.llada_checkpoint": "$TMP/llada.ckpt",
 "generation.speed": "$2", "generation.length": "16", "generation.steps": "16", "generation.seed": "3",
 "generation.prompt": "The", "generation.pins": "0:Once, 8:up",
 "generation.lanes": "2", "generation.lane0_remasking": "margin", "generation.lane0_threshold": "0",
 "generation.lane1_remasking": "entropy", "generation.lane1_threshold": "0.5",
 "likelihood.text": "The jury said it", "likelihood.samples": "32", "reversal.facts": "8", "reversal.steps": "200"}}
JSON
}
shot() {  # $1: config dir, $2: panel, $3: PNG, $4: frames, [$5: a File menu action]
  xvfb --config-dir "$1" --panel "$2" --screenshot "$3" --frames "$4" ${5:+--file-action "$5"} >"$1/stdout" 2>"$1/err" ||
    { cat "$1/err" >&2; fail "window run of panel $2 failed"; }
  "$LAB" image-stats "$3" --min-colours 32 --min-fraction 0.02 || fail "$2 screenshot is blank"
}

settings "$TMP/gen" 60
shot "$TMP/gen" generation "$TMP/generation.png" 90
grep -q "error\|HINT" "$TMP/gen/err" && { cat "$TMP/gen/err" >&2; fail "the Generation panel reported an error"; }
settings "$TMP/mid" 2  # a slow replay: the screenshot catches the trace part-way (or at its start)
shot "$TMP/mid" generation "$TMP/generation-mid.png" 60

settings "$TMP/dec" 60
shot "$TMP/dec" decoding "$TMP/decoding.png" 600 "decoding/Export the sweep (CSV)"
panel_csv=$(ls "$TMP"/dec/out/decoding-sweep-*.csv 2>/dev/null | head -1)
[ -n "$panel_csv" ] || { cat "$TMP/dec/err" >&2; fail "the Decoding panel exported no CSV (sweep not finished?)"; }
"$LAB" experiment decoding --model "$TMP/llada.ckpt" --judge "$TMP/gpt.ckpt" --prompts "The" --length 16 \
  --remasking low-confidence,random,margin,entropy --steps 16,8,4,2 --blocks 16 --thresholds 0,0.5,0.7,0.9 --seeds 3,4 \
  --csv "$TMP/dec-cli.csv" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "experiment decoding failed"; }
[ "$(wc -l < "$panel_csv")" -eq 29 ] || fail "the panel's sweep should have 28 settings"
diff <(cut -d, -f1-6,8- "$TMP/dec-cli.csv") <(cut -d, -f1-6,8- "$panel_csv") >&2 ||
  fail "the Decoding panel's rows differ from 'llada-lab experiment decoding' with the same settings"

settings "$TMP/lik" 60
shot "$TMP/lik" likelihood "$TMP/likelihood.png" 200 "likelihood/Export the single-sample estimates (CSV)"
panel_csv=$(ls "$TMP"/lik/out/likelihood-*.csv 2>/dev/null | head -1)
[ -n "$panel_csv" ] || { cat "$TMP/lik/err" >&2; fail "the Likelihood panel exported no CSV"; }
"$LAB" experiment likelihood --model "$TMP/llada.ckpt" --gpt "$TMP/gpt.ckpt" --text "The jury said it" --samples 32 \
  --seed 3 --csv "$TMP/lik-cli.csv" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "experiment likelihood failed"; }
[ "$(wc -l < "$panel_csv")" -eq 129 ] || fail "the panel should export 4 estimators x 32 samples"
diff "$TMP/lik-cli.csv" "$panel_csv" >&2 ||
  fail "the Likelihood panel's estimates differ from 'llada-lab experiment likelihood' with the same text and seed"

settings "$TMP/rev" 60
shot "$TMP/rev" reversal "$TMP/reversal.png" 30
[ -n "${KEEP_SHOTS:-}" ] && cp "$TMP"/*.png "$KEEP_SHOTS"/
echo "gui decoding lab: ok"
