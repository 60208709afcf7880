#!/usr/bin/env bash
# tools/gpu-check.sh LOGDIR — the GPU check anyone with an NVIDIA card can run.
#
# On a machine with an NVIDIA GPU, its driver and the CUDA toolkit (nvcc), and the lab's Debian
# packages (`./lab setup`): configures a build with the CUDA backend (LLADA_CUDA=ON) for this GPU's
# architecture only (so nvcc compiles one architecture, not five) in build-gpu-check/, builds only the
# GPU parity tests and the program (for its benchmark), runs the parity program (every op on CUDA
# against the CPU reference, then whole-model training parity) and `llada-lab bench train --device
# cuda`, and writes every log to LOGDIR (summary.txt says what happened, in order).
#
# Time: the whole check keeps within 8 minutes. Each stage runs under a timeout cut from what is left
# of the budget (LLADA_GPU_CHECK_SECONDS, default 470 s, a little under 8 minutes), so a slow build
# leaves the parity program and the benchmark their share instead of overrunning.
#
# Exit status: 0 when everything passed; 77 when this machine has no usable NVIDIA GPU (nothing is
# built; the same "skipped" code as the test suite's GPU tests); 1 when a stage failed (its log is named);
# 2 for a usage error.
set -uo pipefail
if [ $# -ne 1 ]; then
  echo "usage: tools/gpu-check.sh LOGDIR" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$1" || { echo "gpu-check: cannot create the log folder '$1'" >&2; exit 2; }
LOGDIR="$(cd "$1" && pwd)"
BUILD="$ROOT/build-gpu-check"
JOBS="$(nproc 2>/dev/null || echo 4)"
BUDGET="${LLADA_GPU_CHECK_SECONDS:-470}"
START=$(date +%s)
say() { printf 'gpu-check: %s\n' "$*" | tee -a "$LOGDIR/summary.txt" >&2; }
left() { echo $(( BUDGET - ($(date +%s) - START) )); }  # seconds left of the budget
: > "$LOGDIR/summary.txt"

# ---------------------------------------------------------------- is there a GPU at all?
if ! command -v nvidia-smi >/dev/null; then
  say "no GPU: nvidia-smi is not installed, so this machine has no NVIDIA driver; nothing was built or run (exit 77, skipped)."
  say "HINT: run this on a machine with an NVIDIA GPU and its driver; CI compiles the CUDA code without one (LLADA_CUDA=ON)."
  exit 77
fi
if ! nvidia-smi -L > "$LOGDIR/nvidia-smi.txt" 2>&1 || ! grep -q '^GPU ' "$LOGDIR/nvidia-smi.txt"; then
  say "no GPU: nvidia-smi lists no usable NVIDIA GPU ($(head -n1 "$LOGDIR/nvidia-smi.txt")); nothing was built or run (exit 77, skipped)."
  say "HINT: check the driver with nvidia-smi; on a machine without a GPU there is nothing to check."
  exit 77
fi
nvidia-smi >> "$LOGDIR/nvidia-smi.txt" 2>&1
NVCC="$(command -v nvcc || true)"
[ -z "$NVCC" ] && [ -x /usr/local/cuda/bin/nvcc ] && NVCC=/usr/local/cuda/bin/nvcc
if [ -z "$NVCC" ]; then
  say "nvcc not found. HINT: install the CUDA toolkit, or put its bin/ folder on PATH."
  exit 1
fi
"$NVCC" --version > "$LOGDIR/nvcc.txt" 2>&1
CAP="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n1 | tr -d ' .')"
if ! [[ "$CAP" =~ ^[0-9]+$ ]]; then
  say "could not read the GPU's compute capability from nvidia-smi ('$CAP'); building for 75;80;86;89;90"
  CAP="75;80;86;89;90"
fi
say "GPU: $(nvidia-smi --query-gpu=name,memory.total --format=csv,noheader | head -n1), architecture sm_$CAP; budget ${BUDGET} s"

# ---------------------------------------------------------------- configure and build
APP=ON
configure() {  # configure LLADA_BUILD_APP
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLLADA_CUDA=ON -DLLADA_BUILD_APP="$1" \
    -DCMAKE_CUDA_COMPILER="$NVCC" -DCMAKE_CUDA_ARCHITECTURES="$CAP" >> "$LOGDIR/configure.log" 2>&1
}
say "configuring $BUILD (Release, LLADA_CUDA=ON, CMAKE_CUDA_ARCHITECTURES=$CAP)"
: > "$LOGDIR/configure.log"
if ! configure ON; then
  # The program needs the window's packages (GLFW, ImGui, OpenGL); the parity tests do not.
  APP=OFF
  say "configure with the program failed (see $LOGDIR/configure.log); trying the parity tests alone (no benchmark)"
  rm -f "$BUILD/CMakeCache.txt"
  if ! configure OFF; then
    say "configure failed: see $LOGDIR/configure.log. HINT: ./lab setup installs the Debian packages the build needs."
    exit 1
  fi
fi
targets=(llada_gpu_tests)
[ "$APP" = ON ] && targets+=(llada-lab)
build_limit=$(( $(left) - 150 ))  # the parity program and the benchmark keep 150 s
say "building ${targets[*]} with $JOBS jobs (at most $build_limit s)"
timeout "$build_limit" cmake --build "$BUILD" -j"$JOBS" --target "${targets[@]}" > "$LOGDIR/build.log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
  if [ $rc -eq 124 ]; then say "build: out of time after $build_limit s: see $LOGDIR/build.log"
  else say "build failed: see $LOGDIR/build.log"; fi
  exit 1
fi
say "built in $(( $(date +%s) - START )) s"

# ---------------------------------------------------------------- parity
status=0
skipped=0
parity_limit=$(( $(left) - 60 ))  # the benchmark keeps 60 s
[ "$parity_limit" -gt 300 ] && parity_limit=300
say "parity: every op on CUDA against the CPU reference, then 50 training steps of both models (at most $parity_limit s)"
timeout "$parity_limit" "$BUILD/tests/llada_gpu_tests" > "$LOGDIR/parity.log" 2>&1
rc=$?
case $rc in
  0) say "parity: passed ($(grep -E 'test cases:' "$LOGDIR/parity.log" | tail -n1 | tr -s ' '))" ;;
  77) say "parity: skipped, no usable GPU ($(head -n1 "$LOGDIR/parity.log"))"; skipped=1 ;;
  124) say "parity: timed out after $parity_limit s: see $LOGDIR/parity.log"; status=1 ;;
  *) say "parity: FAILED (exit $rc): see $LOGDIR/parity.log"; status=1 ;;
esac

# ---------------------------------------------------------------- benchmark
if [ "$APP" = OFF ]; then
  say "benchmark: skipped (the program was not built). HINT: ./lab setup, then run this again."
  status=1
elif [ "$skipped" -eq 1 ]; then
  say "benchmark: skipped (no usable GPU)"
else
  bench_limit=$(( $(left) - 5 ))
  say "benchmark: llada-lab bench train --device cuda (at most $bench_limit s)"
  timeout "$bench_limit" "$BUILD/app/llada-lab" bench train --device cuda --steps 30 > "$LOGDIR/bench.log" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then say "benchmark: done, figures in $LOGDIR/bench.log"
  elif [ $rc -eq 124 ]; then say "benchmark: timed out after $bench_limit s: see $LOGDIR/bench.log"; status=1
  else say "benchmark: FAILED (exit $rc): see $LOGDIR/bench.log"; status=1; fi
  cat "$LOGDIR/bench.log" >&2
fi
say "total $(( $(date +%s) - START )) s; logs in $LOGDIR"
if [ "$status" -eq 0 ] && [ "$skipped" -eq 1 ]; then exit 77; fi
exit $status
