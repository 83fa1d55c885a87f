"The five commands (DESIGN.md §0): each installed, each `--help` (and each subcommand's) fits a screen, bad input exits 2 in one line."
import configparser, contextlib, importlib, io, os, subprocess
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {'narrate': [], 'narrate-data': ['synth', 'prepare'], 'narrate-train': ['joint', 'audio', 'video', 'vae', 'asr', 'aligner', 'syncnet'],
            'narrate-eval': [], 'narrate-ablate': []}
ENV = {**os.environ, 'HF_HUB_OFFLINE': '1', 'MPLBACKEND': 'Agg'}

def entry_points() -> dict:
    c = configparser.ConfigParser(delimiters=['=']); c.read(ROOT/'settings.ini')
    return dict(s.split('=') for s in c['DEFAULT']['console_scripts'].split())

def test_exactly_five_console_scripts(bin_dir):
    assert sorted(entry_points()) == sorted(COMMANDS)
    assert all((bin_dir/c).is_file() for c in COMMANDS), 'reinstall: pip install -e .'

@pytest.mark.parametrize('cmd', [[c, *([s] if s else [])] for c, subs in COMMANDS.items() for s in [None, *subs]], ids=lambda c: ' '.join(c))
def test_help_fits_a_screen(cmd, monkeypatch):
    monkeypatch.setenv('COLUMNS', '120')
    mod, fn = entry_points()[cmd[0]].split(':')
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as e: getattr(importlib.import_module(mod), fn)([*cmd[1:], '--help'])
    assert e.value.code in (0, None)
    n = len(out.getvalue().splitlines())
    assert 5 < n <= 60, f"{' '.join(cmd)} --help is {n} lines"

def run(bin_dir, *args):
    return subprocess.run([str(bin_dir/args[0]), *args[1:]], capture_output=True, text=True, timeout=300, env=ENV)

def test_train_as_installed(bin_dir, tmp_path):
    r = run(bin_dir, 'narrate-train', '--help')
    assert r.returncode == 0 and 'joint' in r.stdout and 'syncnet' in r.stdout
    r = run(bin_dir, 'narrate-train', 'asr', '--data', str(tmp_path))
    assert r.returncode == 2 and r.stderr.strip().splitlines()[-1] == 'error: narrate-train asr needs --run: the folder to train into (an existing run resumes)'
    r = run(bin_dir, 'narrate-train', 'vae', '--data', str(tmp_path), '--run', str(tmp_path/'r'), '--device', 'tpu9')
    assert r.returncode == 2 and r.stderr.strip().splitlines()[-1].startswith('error: ') and 'Traceback' not in r.stderr
