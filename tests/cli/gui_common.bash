# Shared start of the window tests tests/cli/gui_*.sh, sourced after their header comment (this file is
# not a test: ctest runs tests/cli/*.sh only). Skips (exit 77) when xvfb-run is not installed; sets LAB
# (the program, the script's first argument) and TMP (a folder removed at exit); defines
#   fail MESSAGE          prints FAIL: MESSAGE and exits 1
#   xvfb ARGS...          runs "$LAB" ARGS... in a 1280x800 virtual display
# Under ASan (./lab test's second pass) the window process runs without leak detection: after a short
# run LeakSanitizer reports 2 × 56 bytes whose stacks it cannot attribute to any library (frame #1 points
# into our binary's read-only data, i.e. a garbage frame; the GL driver, unloaded by glfwTerminate, is
# the likely owner), so tests/lsan.supp, which names system libraries, cannot match them. ASan's other
# checks and UBSan still apply to the window; runs without a window keep leak detection.
set -u
LAB="$1"
command -v xvfb-run >/dev/null || { echo "xvfb-run not installed: skipped"; exit 77; }
TMP="$(mktemp -d)"
XAUTH_DIR="$(mktemp -d)"  # X authority files of xvfb below, apart from what the tests write
trap 'rm -rf "$TMP" "$XAUTH_DIR"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# The X authority file lives in XAUTH_DIR (-f): xvfb-run's own temporary folder sometimes fails to be removed
# on a loaded machine, and xvfb-run then exits 5 in place of the program's status.
xvfb() {
  local auth
  auth="$(mktemp "$XAUTH_DIR/xauth.XXXXXX")"
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" xvfb-run -a -f "$auth" -s "-screen 0 1280x800x24" "$LAB" "$@"
}
