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
