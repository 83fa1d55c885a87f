#!/usr/bin/env bash
# Idempotent install of narrating_nb into ./.venv (see README "Install").
#  1. Debian packages the project calls (espeak-ng + its library, ffmpeg, sox), only when missing.
#  2. A virtual environment with torch==2.13.0 installed FIRST: on a CPU machine that pin is the
#     CPU wheel; any other torch request would pull several GB of CUDA wheels.
#  3. Everything else with requirements/constraints.txt, which pins torch, so nothing upgrades it.
#  4. The torchaudio CPU fix: torchaudio 2.11 ships CUDA-only binaries; on a CPU torch `import
#     torchaudio` (and so `import transformers`/`diffusers`) raises OSError. Its pure-PyTorch
#     functions work when the compiled extension is absent, so on a CPU-only torch we move
#     torchaudio/lib/*.so aside (to *.so.cuda-only). On a CUDA torch nothing is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}
APT_PKGS="espeak-ng libespeak-ng1 ffmpeg sox"
say() { printf '[install] %s\n' "$*"; }

missing=""
for p in $APT_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" = none ]; then
    say "WARNING: missing Debian packages:$missing (not root, no sudo): SynthTalk speech needs espeak-ng."
  else
    say "apt-get install$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

[ -x "$VENV/bin/python" ] || { say "creating $VENV"; "$PY" -m venv "$VENV"; }
PIP="$VENV/bin/python -m pip"
$PIP install -q --upgrade "pip>=24" wheel "setuptools>=70,<81"   # <81: webrtcvad (resemblyzer) imports pkg_resources
$PIP install -q "torch==2.13.0"
if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1 \
   && [ "$("$VENV/bin/python" -c 'import torch; print(torch.version.cuda)')" = None ]; then
  # A GPU is here but pip took a local CPU wheel (PEP 440 ranks 2.13.0+cpu above 2.13.0): take the
  # registry's CUDA build, ignoring the local wheel folders of the pip configuration.
  say "GPU found but torch is the CPU build: installing the CUDA build of torch==2.13.0"
  $PIP install -q --isolated --force-reinstall "torch==2.13.0" \
    || say "WARNING: could not install a CUDA torch; training will run on the CPU"
fi
$PIP install -q -c requirements/constraints.txt -e ".[dev]"

"$VENV/bin/python" - <<'PY'
import importlib.util, pathlib, torch
spec = importlib.util.find_spec('torchaudio')
lib = pathlib.Path(spec.origin).parent/'lib'
if torch.version.cuda is None:
    moved = [p.rename(p.with_name(p.name + '.cuda-only')) for p in lib.glob('*.so')]
    if moved: print(f'[install] CPU torch: moved {len(moved)} CUDA-only torchaudio binaries aside (pure-PyTorch fallback)')
else:
    back = [p.rename(p.with_name(p.name.removesuffix('.cuda-only'))) for p in lib.glob('*.so.cuda-only')]
    if back: print(f'[install] CUDA torch {torch.version.cuda}: restored {len(back)} torchaudio binaries')
PY
HF_HUB_OFFLINE=1 "$VENV/bin/python" -c "import torchaudio, transformers, diffusers, mediapipe, narrating_nb; print('[install] ok: torch', __import__('torch').__version__, '| cuda:', __import__('torch').cuda.is_available())"
