#!/usr/bin/env bash
# tools/gpu-check.sh LOGDIR — the GPU check anyone with an NVIDIA card can run.
#
# On a machine with an NVIDIA GPU, its driver and the CUDA toolkit (nvcc), and the lab's Debian
# packages (`./lab setup`): configures a build with the CUDA backend for this GPU's architecture only
# (so nvcc compiles one architecture, not five) in build-gpu-check/, builds only the GPU parity tests
# and the program (for its benchmark), runs the parity program (every op on CUDA against the CPU
# reference, then whole-model training parity) and `llada-lab bench train --device cuda`, and writes
# every log to LOGDIR. Meant to finish within 8 minutes; exits non-zero when a step fails, and says
# which log to read.
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
say() { printf 'gpu-check: %s\n' "$*" | tee -a "$LOGDIR/summary.txt" >&2; }
: > "$LOGDIR/summary.txt"

if ! command -v nvidia-smi >/dev/null; then
  say "nvidia-smi not found: this machine has no NVIDIA driver. HINT: run this on a machine with an NVIDIA GPU."
  exit 1
fi
NVCC="$(command -v nvcc || true)"
[ -z "$NVCC" ] && [ -x /usr/local/cuda/bin/nvcc ] && NVCC=/usr/local/cuda/bin/nvcc
if [ -z "$NVCC" ]; then
  say "nvcc not found. HINT: install the CUDA toolkit, or put its bin/ folder on PATH."
  exit 1
fi
nvidia-smi > "$LOGDIR/nvidia-smi.txt" 2>&1
"$NVCC" --version > "$LOGDIR/nvcc.txt" 2>&1
CAP="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n1 | tr -d ' .')"
if ! [[ "$CAP" =~ ^[0-9]+$ ]]; then
  say "could not read the GPU's compute capability from nvidia-smi ('$CAP'); building for 75;80;86;89;90"
  CAP="75;80;86;89;90"
fi
say "GPU: $(nvidia-smi --query-gpu=name,memory.total --format=csv,noheader | head -n1), architecture sm_$CAP"

start=$(date +%s)
say "configuring $BUILD (Release, LLADA_CUDA=ON, CMAKE_CUDA_ARCHITECTURES=$CAP)"
if ! cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLLADA_CUDA=ON \
     -DCMAKE_CUDA_COMPILER="$NVCC" -DCMAKE_CUDA_ARCHITECTURES="$CAP" > "$LOGDIR/configure.log" 2>&1; then
  say "configure failed: see $LOGDIR/configure.log. HINT: ./lab setup installs the Debian packages the build needs."
  exit 1
fi
say "building llada_gpu_tests and llada-lab with $JOBS jobs"
if ! cmake --build "$BUILD" -j"$JOBS" --target llada_gpu_tests llada-lab > "$LOGDIR/build.log" 2>&1; then
  say "build failed: see $LOGDIR/build.log"
  exit 1
fi
say "built in $(( $(date +%s) - start )) s"

status=0
say "parity: every op on CUDA against the CPU reference, then 50 training steps of both models"
timeout 300 "$BUILD/tests/llada_gpu_tests" > "$LOGDIR/parity.log" 2>&1
rc=$?
case $rc in
  0) say "parity: passed ($(grep -E 'test cases:' "$LOGDIR/parity.log" | tail -n1 | tr -s ' '))" ;;
  77) say "parity: skipped, no usable GPU ($(head -n1 "$LOGDIR/parity.log"))"; status=1 ;;
  124) say "parity: timed out after 300 s: see $LOGDIR/parity.log"; status=1 ;;
  *) say "parity: FAILED (exit $rc): see $LOGDIR/parity.log"; status=1 ;;
esac

say "benchmark: llada-lab bench train --device cuda"
timeout 180 "$BUILD/app/llada-lab" bench train --device cuda --steps 30 > "$LOGDIR/bench.log" 2>&1
rc=$?
if [ $rc -eq 0 ]; then say "benchmark: done, figures in $LOGDIR/bench.log"; else say "benchmark: FAILED (exit $rc): see $LOGDIR/bench.log"; status=1; fi
cat "$LOGDIR/bench.log" >&2
say "total $(( $(date +%s) - start )) s; logs in $LOGDIR"
exit $status
