#!/usr/bin/env bash
# The GPU figures of issues 6, 7 and 8 in one pass (by default the `paper` preset: 448² faces, F=16, 25 DDIM steps, CFG 3.5):
#   video sampling fps, frame-by-frame / all-at-once ratio, peak memory   (bench/video_sampling.py)
#   joint training samples/s and peak memory                              (bench/train_speed.py)
#   narration real-time factor and streaming latency                      (bench/narrate_speed.py)
# Each in fp32 and in bf16 autocast. --out (default experiments/timing/gpu_bench) gets summary.txt and logs.tgz (every run's full log).
#
# Two steps, because the GPU machine has PyTorch but no registry, cffi, MediaPipe, PyAV or espeak-ng, and takes at most 64 MiB of files:
#   bash bench/gpu_suite.sh prepare [--preset "paper"] [--python "3.12"]
#       here, with the full install (make install): writes .gpu/ (per preset a clip window and a prepared face + voice; import
#       shims) and .whl/py<version>/ (the wheels the suite needs and that machine lacks, for each Python version: 3.12 there)
#   bash bench/gpu_suite.sh [--device cuda] [--preset paper] [--out DIR] [--stages "video train narrate fast compile"]
#                           [--timeout 300] [--long-timeout 540] [--budget SECONDS]
#       there, with .gpu and .whl carried next to the working tree (`carry: [.gpu, .whl]`); PY names the python (default python3)
# Both folders are git-ignored. Each run is bounded by --timeout, those that compile or sample frame by frame in fp32 by
# --long-timeout; --budget caps the whole pass (a run gets at most what is left, none when under 30 s is left): a device
# command has 600 s, so `--budget 560 --stages compile` fits one. Before any run, a preflight imports what the runs import and
# stops with its error if that fails.
# Proven on the CPU (no GPU lent) in a virtual environment holding only what the GPU machine has: experiments/timing/gpu_suite_cpu_tiny/.
set -uo pipefail
cd "$(dirname "$0")/.."
PREPARE=0; DEVICE=cuda; PRESET=paper; PYVERS=3.12; OUT=${OUT:-experiments/timing/gpu_bench}
STAGES=${STAGES:-"video train narrate fast compile"}; T=${STEP_TIMEOUT:-300}; T_LONG=${LONG_TIMEOUT:-540}; BUDGET=${BUDGET:-0}
# What travels as wheels: what the package and the benchmarks need and the GPU machine lacks (bench/gpu_machine_packages.txt),
# with their own needs: soundfile (bundles libsndfile) needs cffi, which needs pycparser; diffusers importlib_metadata, which needs lazy-importer.
WHEELS="diffusers importlib_metadata lazy-importer fastcore soundfile cffi pycparser soxr"
[ "${1:-}" = wheels ] && { echo $WHEELS; exit 0; }
[ "${1:-}" = prepare ] && { PREPARE=1; shift; }
while [ $# -gt 0 ]; do case $1 in
  --device) DEVICE=$2; shift 2 ;;       --preset) PRESET=$2; shift 2 ;;      --out) OUT=$2; shift 2 ;;
  --stages) STAGES=$2; shift 2 ;;       --timeout) T=$2; shift 2 ;;          --long-timeout) T_LONG=$2; shift 2 ;;
  --budget) BUDGET=$2; shift 2 ;;       --python) PYVERS=$2; shift 2 ;;
  -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d'; exit 0 ;;
  *) echo "gpu_suite.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
esac; done

if [ $PREPARE = 1 ]; then
  set -e; V=${VENV:-.venv}/bin/python; export HF_HUB_OFFLINE=1; mkdir -p .gpu .whl
  for p in $PRESET; do
    ST=$(mktemp -d)/st; size=$($V -c "from narrating_nb.config import get_cfg; print(max(128, get_cfg('$p').data.img_size))")  # SynthTalk's faces fit the face finder from 128² up
    $V -c "from narrating_nb.data.synthtalk import make_synthtalk as m; m('$ST', n=4, seconds=2.0, size=$size, workers=1, progress=False)"
    $V bench/train_speed.py --preset "$p" --data "$ST" --save-batches ".gpu/items_$p.pt.gz" --n-items 1
    $V bench/narrate_speed.py --preset "$p" --save-prepared ".gpu/prepared_$p.pt.gz"
    rm -rf "$(dirname "$ST")"
  done
  $V bench/gpu_shims.py .gpu/shims
  pin() { grep -i "^$1==" requirements/constraints.txt; }
  for v in $PYVERS; do
    rm -rf ".whl/py$v"
    $V -m pip download -q --no-deps --only-binary=:all: --python-version "$v" --implementation cp \
       --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
       -d ".whl/py$v" $(for w in $WHEELS; do pin "$w"; done)
  done
  du -sh .gpu .whl; exit 0
fi

PY=${PY:-python3}
mkdir -p "$OUT"; LOGS=$(mktemp -d); SUMMARY="$OUT/summary.txt"; : > "$SUMMARY"
log() { echo "$*" | tee -a "$SUMMARY"; }
PYVER=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])') || { echo "gpu_suite.sh: no python at PY=$PY" >&2; exit 1; }
W=.whl/py$PYVER
if ls "$W"/*.whl >/dev/null 2>&1; then
  SITE=$(mktemp -d)/site
  "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$SITE" "$W"/*.whl \
    || { echo "gpu_suite.sh: could not install the wheels of $W" >&2; exit 1; }
  export PYTHONPATH=$SITE${PYTHONPATH:+:$PYTHONPATH}
elif [ -d .whl ]; then echo "gpu_suite.sh: no wheels for Python $PYVER in .whl/ (run: bash bench/gpu_suite.sh prepare --python $PYVER)" >&2; exit 1
fi
SHIMS=$(mktemp -d)                                  # bench/gpu_shims.py's stand-ins, only for the modules missing here
for m in mediapipe av; do
  [ -d ".gpu/shims/$m" ] && ! "$PY" -c "import $m" 2>/dev/null && cp -r ".gpu/shims/$m" "$SHIMS/"
done
export PYTHONPATH=${PYTHONPATH:+$PYTHONPATH:}$SHIMS
export PYTHONPATH=${PYTHONPATH:+$PYTHONPATH:}$PWD
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONUNBUFFERED=1 MPLBACKEND=Agg
ITEMS=.gpu/items_$PRESET.pt.gz; PREP=.gpu/prepared_$PRESET.pt.gz
for f in "$ITEMS" "$PREP"; do
  case " $STAGES " in *" train "*|*" narrate "*|*" fast "*) [ -f "$f" ] || { echo "gpu_suite.sh: $f is missing (run: bash bench/gpu_suite.sh prepare --preset $PRESET)" >&2; exit 1; } ;; esac
done

{ command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  echo "device $DEVICE, preset $PRESET, stages: $STAGES; limits: $T s per run, $T_LONG s for compiling or fp32 frame-by-frame runs, budget ${BUDGET:-0} s (0: none)"
  "$PY" -c "import sys, torch, diffusers, transformers; print('python', sys.version.split()[0], '| torch', torch.__version__, 'cuda', torch.version.cuda, '| diffusers', diffusers.__version__, '| transformers', transformers.__version__)"
} 2>&1 | tee -a "$SUMMARY"
# Preflight: what the three benchmarks import, in this interpreter with these paths; a failure here is a missing package.
if ! "$PY" -c "import soundfile, narrating_nb.system, narrating_nb.inference, narrating_nb.video_branch, narrating_nb.models.vocoder, skimage, cv2" > "$LOGS/preflight.log" 2>&1; then
  log "preflight import failed:"; tail -5 "$LOGS/preflight.log" | tee -a "$SUMMARY"; exit 1
fi

START=$SECONDS; FAILED=0
run() { local name=$1 limit=$2; shift 2
        if [ "$BUDGET" -gt 0 ]; then local left=$((BUDGET - (SECONDS - START))); [ "$left" -lt "$limit" ] && limit=$left
          [ "$limit" -lt 30 ] && { log "=== $name: skipped (budget of $BUDGET s spent)"; return; }; fi
        log "=== $name (limit $limit s): $*"
        local t0=$SECONDS; timeout "$limit" "$PY" "$@" > "$LOGS/$name.log" 2>&1; local rc=$?
        grep -v '^W0000\|^I0000' "$LOGS/$name.log" | tail -12 | tee -a "$SUMMARY"
        log "rc=$rc in $((SECONDS - t0)) s$([ $rc = 124 ] && echo ' (time limit)')"; [ $rc = 0 ] || FAILED=$((FAILED + 1))
        tar -czf "$OUT/logs.tgz" -C "$LOGS" .; }
D=(--preset "$PRESET" --device "$DEVICE")
NARR=(bench/narrate_speed.py "${D[@]}" --prepared "$PREP" --vocoder hifigan-v1 --seconds 4)
for s in $STAGES; do case $s in
  video)   run video_bf16 "$T_LONG" bench/video_sampling.py "${D[@]}" --amp bf16 --repeats 3
           run video_fp32 "$T_LONG" bench/video_sampling.py "${D[@]}" --repeats 2 ;;
  train)   run train_bf16 "$T" bench/train_speed.py "${D[@]}" --amp bf16 --batches "$ITEMS" --bs 1 8 --repeats 3
           run train_fp32 "$T" bench/train_speed.py "${D[@]}" --batches "$ITEMS" --bs 8 --repeats 2 ;;
  narrate) run narrate_bf16 "$T" "${NARR[@]}" --amp bf16 --reps 3
           run narrate_fp32 "$T" "${NARR[@]}" --reps 2 ;;
  fast)    run video_bf16_10steps "$T" bench/video_sampling.py "${D[@]}" --amp bf16 --steps 10 --repeats 3 --configs all_at_once all_at_once+vae_decode
           run narrate_bf16_10steps "$T" "${NARR[@]}" --amp bf16 --reps 3 --steps 10 ;;
  compile) run video_bf16_compile "$T_LONG" bench/video_sampling.py "${D[@]}" --amp bf16 --compile --repeats 3 --configs all_at_once ;;
  *) log "unknown stage $s (video train narrate fast compile)"; FAILED=$((FAILED + 1)) ;;
esac; done
log "total $((SECONDS - START)) s, $FAILED run(s) failed"
[ $FAILED = 0 ]
