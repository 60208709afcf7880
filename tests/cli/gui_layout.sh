#!/usr/bin/env bash
# The first launch (no settings, no imgui.ini) under a virtual X display (Xvfb), at UI scale 1 and 1.5 on
# a 1280x800 screen, as a class sees it on a projector:
#  - the panels placed are exactly Forward process and Mask counts (no other panel piled over them);
#  - they lie inside the screen, under the menu bar, and do not overlap.
# Reads the places from the imgui.ini the run writes. Skipped (77) when xvfb-run is not installed.
source "$(dirname "$0")/gui_common.bash"

for scale in 1 1.5; do
  cfg="$TMP/cfg$scale"
  mkdir -p "$cfg"
  [ "$scale" = 1 ] || echo "{\"ui_scale\": $scale}" > "$cfg/settings.json"
  xvfb --config-dir "$cfg" --screenshot "$TMP/first$scale.png" --frames 5 2>"$TMP/err" ||
    { cat "$TMP/err" >&2; fail "scale $scale: first launch failed"; }
  # One line per window placed: NAME|x|y|w|h (ImGui's own debug window is never shown).
  awk -F'[],=[]' '/^\[Window\]/ { name = $4 } /^Pos=/ { x = $2; y = $3 }
    /^Size=/ { if (name != "Debug##Default") print name "|" x "|" y "|" $2 "|" $3 }' "$cfg/imgui.ini" > "$TMP/windows"
  names=$(cut -d'|' -f1 "$TMP/windows" | sort | tr '\n' ',')
  # Panels are saved under their stable id ("Title###id" keeps the place in every language).
  [ "$names" = "###forward,###masks," ] || fail "scale $scale: first launch placed '$names', not Forward process and Mask counts"
  awk -F'|' '{ x[NR] = $2; y[NR] = $3; w[NR] = $4; h[NR] = $5; n[NR] = $1 }
    END {
      for (i = 1; i <= NR; ++i) {
        if (x[i] < 0 || y[i] < 20 || x[i] + w[i] > 1280 || y[i] + h[i] > 800) { print n[i] " leaves the screen or covers the menu"; bad = 1 }
        for (j = i + 1; j <= NR; ++j)
          if (x[i] < x[j] + w[j] && x[j] < x[i] + w[i] && y[i] < y[j] + h[j] && y[j] < y[i] + h[i]) { print n[i] " overlaps " n[j]; bad = 1 }
      }
      exit bad
    }' "$TMP/windows" >&2 || fail "scale $scale: the first launch's panels are not tidy"
done
echo "gui layout: ok"
