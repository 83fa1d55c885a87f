"""Execute notebooks in place so their outputs (figures, tables) are saved for the docs.

    python scripts/run_nbs.py                 # every notebook in nbs/
    python scripts/run_nbs.py nbs/03_audio.ipynb

Cells run in-process with execnb (as nbdev_test does); `slow`/`cuda` cells are skipped unless
their flag is passed with --flags. Stops at the first failing cell. Then run `nbdev_clean`.
"""
import argparse, os, time
from pathlib import Path
from execnb.shell import CaptureShell
from execnb.nbio import read_nb, write_nb

def skip_flagged(flags):
    def pre(cell):
        src = cell.source.splitlines()
        opts = {l.split('|', 1)[1].strip() for l in src if l.startswith('#|')}
        if opts & ({'slow', 'cuda'} - set(flags)) or 'eval: false' in opts: cell.skip = True
    return pre

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('nbs', nargs='*'); ap.add_argument('--flags', default='')
    a = ap.parse_args()
    root = Path(__file__).resolve().parent.parent/'nbs'
    paths = [Path(p).resolve() for p in a.nbs] or sorted(p for p in root.rglob('*.ipynb') if not p.name.startswith(('_', '.')) and '.ipynb_checkpoints' not in str(p))
    os.environ.setdefault('MPLBACKEND', 'module://matplotlib_inline.backend_inline')
    for p in paths:
        t = time.time(); os.chdir(p.parent)
        nb = read_nb(p)
        sh = CaptureShell()
        pre = skip_flagged(a.flags.split())
        for c in nb.cells: pre(c)
        sh.run_all(nb, exc_stop=True, preproc=lambda c: getattr(c, 'skip', False))
        write_nb(nb, p)
        print(f'{p.name}: {time.time() - t:.1f}s')

if __name__ == '__main__': main()
