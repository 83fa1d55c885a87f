"""Fail when `nbdev_export` or `nbdev_clean` would change a tracked file.

The package in narrating_nb/ is generated from nbs/, and notebooks are committed clean; a tracked file
that either command changes means the two disagree. Run `make export` and commit the result.
"""
import hashlib, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

def snapshot():
    files = subprocess.run(['git', 'ls-files', '-z', 'nbs', 'narrating_nb'], cwd=ROOT, capture_output=True, check=True).stdout.decode().split('\0')
    extra = [str(p.relative_to(ROOT)) for p in (ROOT/'narrating_nb').rglob('*.py')]    # new generated modules count too
    return {f: hashlib.sha256((ROOT/f).read_bytes()).hexdigest() if (ROOT/f).exists() else None for f in sorted(set(filter(None, files + extra)))}

def main():
    before = snapshot()
    for cmd in ('nbdev_export', 'nbdev_clean'):
        r = subprocess.run([str(BIN/cmd)], cwd=ROOT, capture_output=True, text=True)
        if r.returncode: sys.exit(f'{cmd} failed:\n{r.stdout}{r.stderr}')
    after = snapshot()
    changed = sorted(f for f in set(before) | set(after) if before.get(f) != after.get(f))
    untracked = subprocess.run(['git', 'ls-files', '--others', '--exclude-standard', 'narrating_nb'], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if changed or untracked:
        print('package and notebooks are out of sync; `nbdev_export`/`nbdev_clean` changed:', *sorted(set(changed) | set(untracked)), sep='\n  ')
        print('run `make export` and commit the notebooks and narrating_nb/ together')
        sys.exit(1)
    print(f'sync ok: {len(after)} notebook/package files unchanged by nbdev_export and nbdev_clean')

if __name__ == '__main__': main()
