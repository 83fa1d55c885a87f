#!/usr/bin/env bash
# Idempotent install of narrating_nb into ./.venv (see README "Install").
#  1. Debian packages the project calls (espeak-ng + its library, ffmpeg, sox), only when missing.
#  2. A virtual environment with torch==2.13.0 installed FIRST: on a CPU machine that pin is the
#     CPU wheel; any other torch request would pull several GB of CUDA wheels.
#  3. On a machine where nvidia-smi sees a GPU, torch must be able to use it: a CPU build is replaced
#     by the registry's CUDA build, and a torch that still cannot use the GPU (a driver too old for
#     the wheel's CUDA, a CPU-only index) stops the install with one line saying why (the driver
#     found, the driver needed). INSTALL_CPU_OK=1 turns that into a warning.
#  4. Everything else with requirements/constraints.txt, which pins torch, so nothing upgrades it;
#     setuptools stays <81 (webrtcvad, under resemblyzer, imports pkg_resources), torch's own
#     reinstall included.
#  5. torchaudio's binaries are tried: those that do not load next to this torch (torchaudio 2.11
#     ships CUDA-only ones, so on a CPU torch `import torchaudio` and with it `import transformers`
#     raises OSError) are moved aside to *.so.cuda-only, and its pure-PyTorch functions are used;
#     any set aside earlier that loads now is put back.
#  6. Every module settings.ini promises, and the package, must import; a failure names them.
# The checks are scripts/install_check.py (NVIDIA_SMI names another nvidia-smi).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}
APT_PKGS=${APT_PKGS-espeak-ng libespeak-ng1 ffmpeg sox}
SETUPTOOLS="setuptools>=70,<81"   # <81: webrtcvad (resemblyzer) imports pkg_resources
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
VPY="$VENV/bin/python"
CHECK="scripts/install_check.py"
PIP="$VPY -m pip"
$PIP install -q --upgrade "pip>=24" wheel "$SETUPTOOLS"
$PIP install -q "torch==2.13.0" "$SETUPTOOLS"
GPU=$("$VPY" "$CHECK" gpu)
if [ -n "$GPU" ] && [ "$("$VPY" -c 'import torch; print(torch.version.cuda)')" = None ]; then
  # A GPU is here but pip took a local CPU wheel (PEP 440 ranks 2.13.0+cpu above 2.13.0): take the
  # registry's CUDA build, ignoring the local wheel folders of the pip configuration. The reinstall
  # brings torch's dependencies anew, setuptools among them: pinned in the same command.
  say "GPU found ($GPU) but torch is the CPU build: installing the CUDA build of torch==2.13.0"
  $PIP install -q --isolated --force-reinstall "torch==2.13.0" "$SETUPTOOLS" \
    || say "WARNING: pip could not install the CUDA build of torch==2.13.0"
fi
"$VPY" "$CHECK" cuda
$PIP install -q -c requirements/constraints.txt -e ".[dev]" "$SETUPTOOLS"
"$VPY" "$CHECK" torchaudio
HF_HUB_OFFLINE=1 "$VPY" "$CHECK" imports
