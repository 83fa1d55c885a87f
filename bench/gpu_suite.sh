#!/usr/bin/env bash
# The GPU figures of issues 6, 7 and 8 in one pass (the `paper` preset: 448² faces, F=16, 25 DDIM steps, CFG 3.5):
#   video sampling fps, frame-by-frame / all-at-once ratio, peak memory   (bench/video_sampling.py)
#   joint training samples/s and peak memory                              (bench/train_speed.py)
#   narration real-time factor and streaming latency                      (bench/narrate_speed.py)
# Each in fp32 and in bf16 autocast. $OUT (default experiments/timing/gpu_bench) gets summary.txt and logs.tgz (every stage's full log).
#
# Two steps, because the GPU machine has no registry, MediaPipe, PyAV or espeak-ng and takes at most 64 MiB of files:
#   bash bench/gpu_suite.sh prepare     # here, with the full install (make install): writes .gpu/ (clip window, prepared
#                                       # face + voice, import shims; ~8 MiB) and .whl/ (Python 3.12 wheels; ~8 MiB)
#   bash bench/gpu_suite.sh             # there, with .gpu and .whl carried next to the working tree
# Both folders are git-ignored. STAGES="video train" runs a subset; STEP_TIMEOUT (s) bounds each stage.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = prepare ]; then
  set -e; V=${VENV:-.venv}/bin/python; export HF_HUB_OFFLINE=1; ST=$(mktemp -d)/st448; mkdir -p .gpu .whl
  $V -c "from narrating_nb.data.synthtalk import make_synthtalk as m; m('$ST', n=4, seconds=2.0, size=448, workers=1, progress=False)"
  $V bench/train_speed.py --preset paper --data "$ST" --save-batches .gpu/paper_items.pt.gz --n-items 1
  $V bench/narrate_speed.py --preset paper --save-prepared .gpu/prepared_paper.pt.gz
  $V bench/gpu_shims.py .gpu/shims
  pin() { grep -i "^$1==" requirements/constraints.txt; }
  $V -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
     --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
     -d .whl "$(pin diffusers)" "$(pin fastcore)" "$(pin soundfile)" "$(pin soxr)"
  du -sh .gpu .whl; exit 0
fi
OUT=${OUT:-experiments/timing/gpu_bench}; mkdir -p "$OUT"; LOGS=$(mktemp -d)
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site:$PWD/.gpu/shims:$PWD
fi
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONUNBUFFERED=1 MPLBACKEND=Agg
PY=${PY:-python3}
T=${STEP_TIMEOUT:-170}
run() { local name=$1; shift; echo "=== $name: $*" | tee -a "$OUT/summary.txt"
        timeout "$T" "$PY" "$@" > "$LOGS/$name.log" 2>&1; local rc=$?
        grep -v '^W0000\|^I0000' "$LOGS/$name.log" | tail -12 | tee -a "$OUT/summary.txt"; echo "rc=$rc" | tee -a "$OUT/summary.txt"
        tar -czf "$OUT/logs.tgz" -C "$LOGS" .; }
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  "$PY" -c "import torch, diffusers, transformers; print('torch', torch.__version__, 'cuda', torch.version.cuda, '| diffusers', diffusers.__version__, '| transformers', transformers.__version__)"
} 2>&1 | tee "$OUT/summary.txt"
STAGES=${STAGES:-"video train narrate fast compile"}
for s in $STAGES; do case $s in
  video)   run video_bf16 bench/video_sampling.py --preset paper --device cuda --amp bf16 --repeats 3
           run video_fp32 bench/video_sampling.py --preset paper --device cuda --repeats 2 ;;
  train)   run train_bf16 bench/train_speed.py --preset paper --device cuda --amp bf16 --batches .gpu/paper_items.pt.gz --bs 1 8 --repeats 3
           run train_fp32 bench/train_speed.py --preset paper --device cuda --batches .gpu/paper_items.pt.gz --bs 8 --repeats 2 ;;
  narrate) run narrate_bf16 bench/narrate_speed.py --preset paper --device cuda --amp bf16 --prepared .gpu/prepared_paper.pt.gz --vocoder hifigan-v1 --seconds 4 --reps 3
           run narrate_fp32 bench/narrate_speed.py --preset paper --device cuda --prepared .gpu/prepared_paper.pt.gz --vocoder hifigan-v1 --seconds 4 --reps 2 ;;
  fast)    run video_bf16_10steps bench/video_sampling.py --preset paper --device cuda --amp bf16 --steps 10 --repeats 3 --configs all_at_once all_at_once+vae_decode
           run narrate_bf16_10steps bench/narrate_speed.py --preset paper --device cuda --amp bf16 --prepared .gpu/prepared_paper.pt.gz --vocoder hifigan-v1 --seconds 4 --reps 3 --steps 10 ;;
  compile) run video_bf16_compile bench/video_sampling.py --preset paper --device cuda --amp bf16 --compile --repeats 3 --configs all_at_once ;;
esac; done
