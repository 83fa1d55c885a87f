"`narrate-train` as a user runs it, at `tiny` on a few SynthTalk clips: one process and two (torchrun, gloo)."
import os, subprocess, sys, warnings
import pytest

ENV = {**os.environ, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'HF_HUB_OFFLINE': '1', 'MPLBACKEND': 'Agg'}
TINY = ['--preset', 'tiny', '--set', 'adec.max_frames=256', 'train.bs=1', 'train.ckpt_every=2', 'train.log_every=1', '--workers', '0', '--no-progress', '--cpu']

@pytest.fixture(scope='module')
def data(tmp_path_factory):
    from narrating_nb.data.synthtalk import make_synthtalk
    root = tmp_path_factory.mktemp('synth')/'st'
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); make_synthtalk(root, n=4, seconds=1.0, size=128, workers=1, progress=False)   # 2 train clips
    return root

def test_train_resume_and_samples(bin_dir, data, tmp_path):
    run = tmp_path/'run'
    cmd = [str(bin_dir/'narrate-train'), '--data', str(data), '--run', str(run), *TINY, '--sample-every', '2']
    r = subprocess.run(cmd + ['--steps', '2'], capture_output=True, text=True, timeout=300, env=ENV)
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'trained to step 2' in r.stdout
    r = subprocess.run(cmd + ['--steps', '3'], capture_output=True, text=True, timeout=300, env=ENV)     # the same command resumes
    assert r.returncode == 0, r.stderr[-3000:]
    assert sorted(p.name for p in (run/'checkpoints').iterdir()) == ['step_00000002', 'step_00000003']
    assert sorted(p.name for p in (run/'samples').iterdir()) == ['step_00000002.png', 'step_00000003.png']
    assert [l.split(',')[0] for l in (run/'log.csv').read_text().splitlines()[1:]] == ['1', '2', '3']
    from narrating_nb.config import Cfg
    assert Cfg.load(run/'checkpoints'/'step_00000003'/'config.json').preset == 'tiny'

def test_two_processes_cli(data, tmp_path):
    run = tmp_path/'run2'
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', '-m', 'narrating_nb.train', '--',   # (`--`: torchrun would read --run as its own --run-path)
                        '--data', str(data), '--run', str(run), *TINY, '--steps', '2'], capture_output=True, text=True, timeout=300, env=ENV)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert r.stdout.count('trained to step 2') == 1                          # the main process reports
    assert (run/'checkpoints'/'step_00000002'/'model.safetensors').is_file()

def test_bad_batch_exit_2(bin_dir, data, tmp_path):
    r = subprocess.run([str(bin_dir/'narrate-train'), '--data', str(data), '--run', str(tmp_path/'r'), *TINY, '--set', 'train.bs=8'],
                       capture_output=True, text=True, timeout=300, env=ENV)
    last = r.stderr.strip().splitlines()[-1]                                # (MediaPipe may log above it)
    assert r.returncode == 2 and last.startswith('error: ') and 'lower train.bs' in last and 'Traceback' not in r.stderr

def test_plan_json(bin_dir):
    "`narrate-train --plan --json` needs no data and prints the planner's JSON: peak GB per batch size, the largest batch per card."
    import json
    r = subprocess.run([str(bin_dir/'narrate-train'), '--preset', 'tiny', '--set', 'adec.max_frames=64', '--plan', '--json', '--batch-sizes', '1', '2'],
                       capture_output=True, text=True, timeout=600, env=ENV)
    assert r.returncode == 0, r.stderr[-3000:]
    p = json.loads(r.stdout.strip().splitlines()[-1])
    assert set(p) == {'gpus'} and set(p['gpus']) == {'24', '40', '80', '141'}
    for size, g in p['gpus'].items():
        assert set(g) == {'max_bs', 'peak_gb'} and set(g['peak_gb']) == {'1', '2'}      # the batch sizes traced (default 1, 2, 4, 8; two here, for time)
        peaks = [g['peak_gb'][b] for b in ('1', '2')]
        assert peaks == sorted(peaks) and peaks[0] < peaks[-1]
        assert g['max_bs'] == max([int(b) for b, x in g['peak_gb'].items() if x <= int(size)], default=0)
