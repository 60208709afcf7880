#!/usr/bin/env bash
# Export from the window, under a virtual X display (Xvfb), through the File menu's entries
# (--file-action PANEL/LABEL runs one before the screenshot; the export folder comes from settings.json):
#  - Tokens: the text's tokens as CSV: one row per token (byte tokenizer: one per byte of the text shown),
#    header position,id,bytes_hex,piece;
#  - Forward process: tokens, u_i and masks as CSV, each token masked exactly when u_i < t; the plot as a
#    non-blank PNG;
#  - Softmax & temperature (the built-in example probe): the 20 bars and "everything else" as CSV, the
#    greedy 'Việt' first, exact probabilities summing to 1; bars and entropy plot as a non-blank PNG;
#  - an entry with nothing to export fails with its message; an unknown entry is refused, listing them.
# Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"
xrun() { xvfb --config-dir "$TMP/cfg" --screenshot "$TMP/shot.png" --frames 10 "$@"; }
mkdir -p "$TMP/cfg" "$TMP/out"
cat > "$TMP/cfg/settings.json" <<JSON
{"ui_scale": 1, "values": {"export_dir": "$TMP/out", "tokenizer": "byte", "tokens.tokenizer": "byte", "corpus": "sample",
 "forward.sentence": "Hà Nội là thủ đô của Việt Nam", "forward.t": "0.5", "forward.tokenizer": "words"}}
JSON

xrun --panel tokens --file-action "tokens/Export the text's tokens: ids and bytes (CSV)" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "token export run failed"; }
csv=$(ls "$TMP"/out/tokens-*.csv 2>/dev/null | head -n1)
[ -n "$csv" ] || { cat "$TMP/err" >&2; fail "no tokens-*.csv written"; }
[ "$(head -n1 "$csv")" = "position,id,bytes_hex,piece" ] || fail "token CSV header: $(head -n1 "$csv")"
# The panel opens with the first 8 lines of the built-in sample; the byte tokenizer makes one token a byte.
want=$(head -n 8 "${LLADA_SOURCE_DIR:-.}/assets/sample_en_vi.txt" | wc -c)
rows=$(($(wc -l < "$csv") - 1))
# A newline byte's piece is written "\n" (display form), so every token is one CSV line.
[ "$rows" -eq "$want" ] || fail "token CSV has $rows rows, the text has $want bytes"
grep -q '^1,72,48,H$' "$csv" || fail "first token row is not 'H' (id 72, byte 48): $(sed -n 2p "$csv")"

xrun --panel forward --file-action "forward/Export tokens, u_i and masks (CSV)" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "forward export run failed"; }
csv=$(ls "$TMP"/out/masked-count-vs-t-*.csv 2>/dev/null | head -n1)
[ -n "$csv" ] || fail "no masked-count-vs-t-*.csv written"
[ "$(head -n1 "$csv")" = "position,token,u,masked_at_t=0.500" ] || fail "forward CSV header: $(head -n1 "$csv")"
[ "$(($(wc -l < "$csv") - 1))" -eq 8 ] || fail "forward CSV should have the sentence's 8 words"
grep -q '^2,Nội,' "$csv" || fail "forward CSV lost the Vietnamese word 'Nội'"
# The rule of the forward process: masked exactly when u_i < t.
awk -F, 'NR > 1 && (($3 < 0.5) != ($4 == 1)) { bad = 1 } END { exit bad }' "$csv" || fail "a token's mask disagrees with u_i < t"

xrun --panel forward --file-action "forward/Export masked count vs t plot (PNG)" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "forward PNG export run failed"; }
png=$(ls "$TMP"/out/masked-count-vs-t-*.png 2>/dev/null | head -n1)
[ -n "$png" ] || { cat "$TMP/err" >&2; fail "no masked-count-vs-t-*.png written"; }
"$LAB" image-stats "$png" --min-colours 8 --min-fraction 0.02 || fail "exported plot PNG is blank"

xrun --panel softmax --file-action "softmax/Export the bars: ids, logits, p, sampled (CSV)" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "softmax export run failed"; }
csv=$(ls "$TMP"/out/softmax-bars-*.csv 2>/dev/null | head -n1)
[ -n "$csv" ] || { cat "$TMP/err" >&2; fail "no softmax-bars-*.csv written"; }
[ "$(head -n1 "$csv")" = "token_id,token,logit,p_exact,p_after_topk_topp,sampled_frequency" ] ||
  fail "softmax CSV header: $(head -n1 "$csv")"
[ "$(($(wc -l < "$csv") - 1))" -eq 21 ] || fail "softmax CSV should have 20 bars and 'everything else'"
grep -q '^0,Việt,6,' "$csv" || fail "softmax CSV: the first bar is not 'Việt' (id 0, logit 6): $(sed -n 2p "$csv")"
grep -q '^-1,everything else (2004),,' "$csv" || fail "softmax CSV: no 'everything else' row with an empty logit"
awk -F, 'NR > 1 { s += $4 } END { exit (s > 0.9999 && s < 1.0001) ? 0 : 1 }' "$csv" || fail "softmax CSV: p_exact does not sum to 1"
xrun --panel softmax --file-action "softmax/Export the bars and the entropy plot (PNG)" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "softmax PNG export run failed"; }
png=$(ls "$TMP"/out/softmax-bars-*.png 2>/dev/null | head -n1)
[ -n "$png" ] || { cat "$TMP/err" >&2; fail "no softmax-bars-*.png written"; }
"$LAB" image-stats "$png" --min-colours 8 --min-fraction 0.2 || fail "exported softmax PNG is blank"

xrun --panel generation --file-action "generation/Export the trace of both generators (CSV)" 2>"$TMP/err" &&
  fail "exporting a trace with nothing generated did not fail"
grep -q "nothing generated yet" "$TMP/err" || { cat "$TMP/err" >&2; fail "no message for an empty trace"; }

"$LAB" --config-dir "$TMP/cfg" --screenshot "$TMP/x.png" --file-action "no/such entry" 2>"$TMP/err" && fail "unknown entry accepted"
grep -q "tokens/Export the Zipf plot (PNG)" "$TMP/err" || fail "unknown entry: the entries are not listed"
echo "gui export: ok"
