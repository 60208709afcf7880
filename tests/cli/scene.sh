#!/usr/bin/env bash
# llada-lab scene check: a scene is read as the window opens it. A whole one opens whole (exit 0); a
# damaged file is refused with a HINT (exit 1); unknown keys, unknown or out-of-range parameters, values
# of the wrong type, a newer version and a missing checkpoint are each named while the rest still opens
# (exit 1, the usable parameters counted).
set -euo pipefail
LAB="$1"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$tmp/good.json" <<'JSON'
{"llada_lab_scene": 1, "params": {"forward.t": "0.6", "forward.pattern": "0110", "forward.sentence": "AI rất mạnh mẽ"},
 "panels": {"forward": true, "masks": false}, "ui_scale": 1.5}
JSON
out=$("$LAB" scene check "$tmp/good.json") || fail "a whole scene should pass: $out"
grep -q "3 parameters, 1 panels shown" <<<"$out" || fail "good scene summary: $out"
grep -q "opens whole" <<<"$out" || fail "good scene: $out"

head -c 60 "$tmp/good.json" > "$tmp/damaged.json"
set +e
err=$("$LAB" scene check "$tmp/damaged.json" 2>&1); rc=$?
set -e
[ $rc -eq 1 ] || fail "a damaged scene should exit 1 (got $rc)"
grep -q "damaged" <<<"$err" && grep -q "HINT" <<<"$err" || fail "damaged scene message: $err"

cat > "$tmp/odd.json" <<'JSON'
{"llada_lab_scene": 7, "colour": "blue",
 "params": {"forward.t": 0.25, "forward.tt": "1", "nopanel.x": "1", "forward.pattern": "01x", "masks.L": "100000",
            "per_token_loss.example_p": "0.7,0.9"},
 "panels": {"forward": "yes", "training": true},
 "models": {"gpt": {"options": {"model": "zero-layer", "tokenizer": "byte", "B": "five", "wings": 2},
                    "checkpoint": "gone.gpt.ckpt"},
            "bert": {}}}
JSON
set +e
out=$("$LAB" scene check "$tmp/odd.json"); rc=$?
set -e
[ $rc -eq 1 ] || fail "a scene with unusable parts should exit 1 (got $rc): $out"
grep -q "2 parameters" <<<"$out" || fail "forward.t (a number) and example_p should still be read: $out"
for want in "newer LLaDA Lab" "'colour' is not part of a scene" "no parameter 'tt'" "nopanel" "not a mask pattern" \
            "masks.L" "panel 'forward' is not true or false" "options.B is not a whole number" "options.wings" \
            "gone.gpt.ckpt' is missing" "slot 'bert'" "checkpoint MISSING"; do
  grep -qF "$want" <<<"$out" || fail "odd scene should name '$want': $out"
done

"$LAB" scene check >/dev/null 2>&1 && fail "no file should be a usage error" || true
"$LAB" scene --help | grep -q "scene check FILE" || fail "help"
echo "scene: ok"
