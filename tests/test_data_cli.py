"narrate-data synth and narrate-data prepare as a user runs them."
import json, os, subprocess

def run(bin_dir, prog, *args):
    return subprocess.run([str(bin_dir/prog), *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, 'HF_HUB_OFFLINE': '1', 'MPLBACKEND': 'Agg', 'PYTHONWARNINGS': 'ignore'})

def test_synth_then_prepare(bin_dir, tmp_path):
    r = run(bin_dir, 'narrate-data', 'synth', '--out', str(tmp_path/'st'), '--n', '3', '--seconds', '2.5', '--size', '128', '--workers', '2')
    assert r.returncode == 0, r.stderr[-2000:]
    rows = [json.loads(l) for l in (tmp_path/'st/manifest.jsonl').read_text().splitlines()]
    assert len(rows) == 3 and all((tmp_path/'st'/r['files']['video']).exists() for r in rows)
    src = tmp_path/'src'; src.mkdir()
    for r in rows: (src/f"{r['id']}.mp4").write_bytes((tmp_path/'st'/r['files']['video']).read_bytes()); (src/f"{r['id']}.txt").write_text(r['text'])
    r = run(bin_dir, 'narrate-data', 'prepare', '--src', str(src), '--out', str(tmp_path/'prep'), '--size', '64', '--asr', 'none', '--protocol', 'paper')
    assert r.returncode == 0, r.stderr[-2000:]
    assert '3 prepared' in r.stdout, r.stdout
    r = run(bin_dir, 'narrate-data', 'prepare', '--src', str(src), '--out', str(tmp_path/'prep'), '--size', '64', '--asr', 'none', '--protocol', 'paper')
    assert '0 prepared, 3 already done' in r.stdout, r.stdout

def test_bad_input_exit_2(bin_dir, tmp_path):
    r = run(bin_dir, 'narrate-data', 'synth', '--out', str(tmp_path/'st'), '--n', '3', '--size', '20')
    assert r.returncode == 2 and r.stderr.strip().splitlines() == ['error: size must be in [64, 512], got 20']
    r = run(bin_dir, 'narrate-data', 'prepare', '--src', str(tmp_path/'none'), '--out', str(tmp_path/'p'))
    assert r.returncode == 2 and 'source folder not found' in r.stderr
    (tmp_path/'empty').mkdir()
    r = run(bin_dir, 'narrate-data', 'prepare', '--src', str(tmp_path/'empty'), '--out', str(tmp_path/'p'))
    assert r.returncode == 2 and 'no videos' in r.stderr
