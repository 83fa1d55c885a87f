"Static checks: no unused imports, undefined names or dead locals in the package (exported from nbs/) or its scripts."
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def test_pyflakes_is_clean():
    r = subprocess.run([sys.executable, '-m', 'pyflakes', 'narrating_nb', 'scripts', 'bench', 'tests', 'results'], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, 'pyflakes (fix the notebook in nbs/, then nbdev_export):\n' + r.stdout + r.stderr
