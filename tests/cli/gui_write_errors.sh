#!/usr/bin/env bash
# The window checks every file it writes: on a full disk (`ulimit -f 0` with SIGXFSZ ignored: every write
# to an ordinary file fails, as on a full disk) the screenshot, settings.json, imgui.ini and lessons.json
# are each named on stderr, the run exits 1, and the files written before keep their content (imgui.ini
# was written by ImGui unchecked and left empty, the lesson progress renamed an empty file over the old
# one). A panel's PNG export that cannot be written fails a scripted run too, and so does a checkpoint
# save (written on the trainer's thread) that cannot be written: the message area and stderr say so.
source "$(dirname "$0")/gui_common.bash"
CFG="$TMP/cfg"

# A first run writes the three files.
xvfb --config-dir "$CFG" --lesson 01_forward_process --screenshot "$TMP/a.png" --frames 5 >/dev/null 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "the first run failed"; }
for f in settings.json imgui.ini lessons.json; do
  [ -s "$CFG/$f" ] || fail "the first run wrote no $f"
  cp "$CFG/$f" "$TMP/$f.before"
done

# The same run on a full disk. stderr goes through a pipe (the limit would stop a file's writes).
# The X authority file of its own (-f), as xvfb() in gui_common.bash: xvfb-run's temporary folder once
# failed to be removed and xvfb-run exited 5 in place of the program's 1.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" xvfb-run -a -f "$(mktemp "$XAUTH_DIR/xauth.XXXXXX")" \
  -s "-screen 0 1280x800x24" bash -c 'trap "" XFSZ; ulimit -f 0; exec "$@"' _ "$LAB" --config-dir "$CFG" --lesson 01_forward_process \
  --screenshot "$TMP/b.png" --frames 5 2>&1 >/dev/null | cat > "$TMP/err"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 1 ] || { cat "$TMP/err" >&2; fail "the window on a full disk exited $rc, expected 1"; }
grep -q "terminate called\|Segmentation\|Aborted\|runtime error" "$TMP/err" && { cat "$TMP/err" >&2; fail "crashed"; }
for f in b.png settings.json imgui.ini lessons.json; do
  grep -q "cannot write .*$f" "$TMP/err" || { cat "$TMP/err" >&2; fail "the lost $f is not reported"; }
done
[ -s "$TMP/b.png" ] && fail "a screenshot was written on a full disk"
for f in settings.json imgui.ini lessons.json; do
  cmp -s "$CFG/$f" "$TMP/$f.before" || fail "$f changed on a full disk (it must keep its old content)"
done
ls "$CFG" | grep -q "tmp" && fail "a temporary file was left behind: $(ls "$CFG")"

# A PNG export through the File menu that cannot be written (its folder is a file) fails the scripted run,
# although the screenshot itself is written.
CFG2="$TMP/cfg2"
mkdir -p "$CFG2"
touch "$TMP/not-a-folder"
printf '{"values": {"export_dir": "%s"}}\n' "$TMP/not-a-folder" > "$CFG2/settings.json"
xvfb --config-dir "$CFG2" --panel tokens --screenshot "$TMP/c.png" --frames 3 \
  --file-action "tokens/Export the Zipf plot (PNG)" >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] || { cat "$TMP/err" >&2; fail "a lost PNG export exited $rc, expected 1"; }
grep -q "cannot write PNG .*zipf" "$TMP/err" || { cat "$TMP/err" >&2; fail "the lost PNG export is not reported"; }
[ -s "$TMP/c.png" ] || fail "the screenshot was not written"
# A scene saved with its checkpoint on a disk with room for the scene (a few KiB) but not for the
# checkpoint (~400 KiB): the run waits for the save's outcome, names it and exits 1; no temporary file left.
CFG3="$TMP/cfg3"
mkdir -p "$CFG3" "$TMP/out3"
printf '{"values": {"export_dir": "%s"}}\n' "$TMP/out3" > "$CFG3/settings.json"
printf '#!/usr/bin/env bash\ntrap "" XFSZ; ulimit -f 100; exec "$@"\n' > "$TMP/limited"
chmod +x "$TMP/limited"
REAL_LAB="$LAB" LAB="$TMP/limited"
xvfb "$REAL_LAB" --config-dir "$CFG3" --size 480x320 --train zero-layer --train-steps 5 --screenshot "$TMP/d.png" --frames 5 \
  --file-action "Save scene and checkpoints in the export folder" >/dev/null 2>"$TMP/err"
rc=$?
LAB="$REAL_LAB"
[ "$rc" -eq 1 ] || { cat "$TMP/err" >&2; fail "a lost checkpoint save exited $rc, expected 1"; }
grep -q "GPT checkpoint not saved: cannot write checkpoint .*scene-.*gpt.ckpt" "$TMP/err" ||
  { cat "$TMP/err" >&2; fail "the lost checkpoint is not reported"; }
ls "$TMP"/out3/scene-*.json >/dev/null 2>&1 || { cat "$TMP/err" >&2; fail "the scene itself was not written"; }
[ -s "$TMP/d.png" ] || fail "the screenshot was not written (the disk limit is too small for it)"
ls "$TMP/out3" | grep -q "ckpt" && fail "a checkpoint or its temporary file was left: $(ls "$TMP/out3")"
echo "ok"
