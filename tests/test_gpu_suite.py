"bench/gpu_suite.sh without a GPU: what it carries, and the arguments, limits and budget its runs get (the runs themselves faked)."
import os, re, shutil, subprocess, sys
from importlib.metadata import requires
from packaging.requirements import Requirement

FAKE_PY = '#!/usr/bin/env bash\ncase "$1" in bench/*) echo "ran $*";; *) exec "{real}" "$@";; esac\n'
def norm(name): return re.sub(r'[-_.]+', '-', name).lower()


def _repo(root, tmp_path, preset='tiny'):
    "A copy of bench/ with a prepared .gpu/ (empty files), and a python that runs everything but the benchmarks themselves."
    repo = tmp_path/'repo'
    shutil.copytree(root/'bench', repo/'bench', ignore=shutil.ignore_patterns('__pycache__'))
    (repo/'.gpu').mkdir()
    for f in (f'items_{preset}.pt.gz', f'prepared_{preset}.pt.gz'): (repo/'.gpu'/f).write_bytes(b'')
    py = tmp_path/'python'
    py.write_text(FAKE_PY.format(real=sys.executable)); py.chmod(0o755)
    return repo, py


def _suite(repo, py, *args):
    env = {**os.environ, 'PY': str(py)}
    for k in ('OUT', 'STAGES', 'STEP_TIMEOUT', 'LONG_TIMEOUT', 'BUDGET'): env.pop(k, None)
    return subprocess.run(['bash', str(repo/'bench'/'gpu_suite.sh'), *args], capture_output=True, text=True, env=env, timeout=300)


def test_carried_wheels_cover_what_the_gpu_machine_lacks(root):
    "Every need of every carried wheel (for Python 3.12) is carried too or already on the GPU machine: soundfile's cffi above all."
    r = subprocess.run(['bash', str(root/'bench'/'gpu_suite.sh'), 'wheels'], capture_output=True, text=True, timeout=30)
    carried = {norm(n) for n in r.stdout.split()}
    assert r.returncode == 0 and {'soundfile', 'cffi', 'pycparser', 'diffusers', 'lazy-importer'} <= carried, r.stdout + r.stderr
    there = {norm(l) for l in (root/'bench'/'gpu_machine_packages.txt').read_text().split('\n') if l and not l.startswith('#')}
    assert {'torch', 'numpy', 'transformers'} <= there and 'cffi' not in there
    for n in carried:
        for q in map(Requirement, requires(n) or []):
            if q.marker is None or q.marker.evaluate({'python_version': '3.12', 'implementation_name': 'cpython', 'extra': ''}):
                assert norm(q.name) in carried | there, f'{n} needs {q.name}, which neither travels nor is there'


def test_runs_get_device_preset_and_limits_that_fit_compilation(root, tmp_path):
    repo, py = _repo(root, tmp_path)
    r = _suite(repo, py, '--device', 'cpu', '--preset', 'tiny', '--out', str(tmp_path/'out'))
    summary = (tmp_path/'out'/'summary.txt').read_text()
    assert r.returncode == 0, summary + r.stderr
    runs = re.findall(r'^=== (\S+) \(limit (\d+) s\): (.*)$', summary, re.M)
    assert [n for n, _, _ in runs] == ['video_bf16', 'video_fp32', 'train_bf16', 'train_fp32', 'narrate_bf16', 'narrate_fp32',
                                      'video_bf16_10steps', 'narrate_bf16_10steps', 'video_bf16_compile'], summary
    for name, limit, cmd in runs:
        assert '--preset tiny --device cpu' in cmd and 'paper' not in cmd, cmd
        assert int(limit) >= (540 if name in ('video_bf16', 'video_fp32', 'video_bf16_compile') else 300), (name, limit)
    assert summary.count('rc=0 in') == 9 and 'ran bench/train_speed.py' in summary and '.gpu/items_tiny.pt.gz' in summary


def test_budget_bounds_the_pass(root, tmp_path):
    "Under 30 s of budget left, a run is skipped rather than started; limits shrink to the budget."
    repo, py = _repo(root, tmp_path)
    r = _suite(repo, py, '--device', 'cpu', '--preset', 'tiny', '--stages', 'train compile', '--budget', '100', '--out', str(tmp_path/'o1'))
    s = (tmp_path/'o1'/'summary.txt').read_text()
    assert r.returncode == 0 and re.search(r'=== train_bf16 \(limit (9\d|100) s\)', s), s
    r = _suite(repo, py, '--device', 'cpu', '--preset', 'tiny', '--stages', 'compile', '--budget', '20', '--out', str(tmp_path/'o2'))
    s = (tmp_path/'o2'/'summary.txt').read_text()
    assert r.returncode == 0 and '=== video_bf16_compile: skipped' in s and 'ran ' not in s, s


def test_wrong_python_and_missing_inputs_stop_before_any_run(root, tmp_path):
    repo, py = _repo(root, tmp_path, preset='paper')
    (repo/'.whl'/'py3.99').mkdir(parents=True)
    (repo/'.whl'/'py3.99'/'x-1-py3-none-any.whl').write_bytes(b'')
    r = _suite(repo, py, '--out', str(tmp_path/'o'))
    v = '%d.%d' % sys.version_info[:2]
    assert r.returncode == 1 and f'no wheels for Python {v}' in r.stderr and 'ran ' not in r.stdout, r.stderr
    shutil.rmtree(repo/'.whl')
    r = _suite(repo, py, '--preset', 'tiny', '--out', str(tmp_path/'o'))
    assert r.returncode == 1 and '.gpu/items_tiny.pt.gz is missing' in r.stderr, r.stderr
    r = _suite(repo, py, '--bogus')
    assert r.returncode == 2 and 'unknown argument --bogus' in r.stderr
