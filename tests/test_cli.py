"The five commands (DESIGN.md §0): each installed, each `--help` (and each subcommand's) fits a screen, bad input exits 2 in one line."
import configparser, os, subprocess
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {'narrate': [], 'narrate-data': ['synth', 'prepare'], 'narrate-train': ['joint', 'audio', 'video', 'vae', 'asr', 'aligner', 'syncnet'],
            'narrate-eval': [], 'narrate-ablate': []}
ENV = {**os.environ, 'HF_HUB_OFFLINE': '1', 'MPLBACKEND': 'Agg', 'COLUMNS': '120'}

def run(bin_dir, *args):
    return subprocess.run([str(bin_dir/args[0]), *args[1:]], capture_output=True, text=True, timeout=300, env=ENV)

def test_exactly_five_console_scripts():
    c = configparser.ConfigParser(delimiters=['=']); c.read(ROOT/'settings.ini')
    names = sorted(s.split('=')[0] for s in c['DEFAULT']['console_scripts'].split())
    assert names == sorted(COMMANDS), names

@pytest.mark.parametrize('cmd', [[c, *([s] if s else [])] for c, subs in COMMANDS.items() for s in [None, *subs]], ids=lambda c: ' '.join(c))
def test_help_fits_a_screen(bin_dir, cmd):
    r = run(bin_dir, *cmd, '--help')
    assert r.returncode == 0, r.stderr[-2000:]
    n = len(r.stdout.splitlines())
    assert n <= 60, f"{' '.join(cmd)} --help is {n} lines"

def test_train_without_a_command_is_joint_and_bad_device_is_one_line(bin_dir, tmp_path):
    r = run(bin_dir, 'narrate-train', '--help')
    assert 'joint' in r.stdout and 'syncnet' in r.stdout
    r = run(bin_dir, 'narrate-train', 'vae', '--data', str(tmp_path), '--run', str(tmp_path/'r'), '--device', 'tpu9')
    assert r.returncode == 2 and r.stderr.strip().splitlines()[-1].startswith('error: ') and 'Traceback' not in r.stderr
    r = run(bin_dir, 'narrate-train', 'asr', '--data', str(tmp_path))
    assert r.returncode == 2 and 'needs --run' in r.stderr
