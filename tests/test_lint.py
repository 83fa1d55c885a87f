"Static checks: no unused imports, undefined names or dead locals in the package (exported from nbs/) or its scripts; unique notebook cell ids."
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def test_pyflakes_is_clean():
    r = subprocess.run([sys.executable, '-m', 'pyflakes', 'narrating_nb', 'scripts', 'bench', 'tests', 'experiments'], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, 'pyflakes (fix the notebook in nbs/, then nbdev_export):\n' + r.stdout + r.stderr

def test_notebook_cell_ids_are_unique():
    "nbdev names each exported cell by its id (`# %% ../nbs/x.ipynb #id`), and nbformat requires ids unique within a notebook."
    import collections, json
    dup = {}
    for f in sorted((ROOT/'nbs').glob('*.ipynb')):
        ids = collections.Counter(c.get('id') for c in json.loads(f.read_text())['cells'])
        if d := sorted(k for k, v in ids.items() if v > 1): dup[f.name] = d
    assert not dup, f'duplicate cell ids (give the copies new ones): {dup}'
