"`narrate` and `narrate-eval` as a user runs them: exit code 2 with one line for bad input, and no output file left behind."
import subprocess, os
import numpy as np
from PIL import Image

def run(bin_dir, prog, *args):
    return subprocess.run([str(bin_dir/prog), *map(str, args)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, 'HF_HUB_OFFLINE': '1', 'MPLBACKEND': 'Agg'})

def test_narrate_bad_inputs_exit_2(bin_dir, tmp_path):
    Image.fromarray(np.full((64, 64, 3), 128, np.uint8)).save(tmp_path/'face.png')
    (tmp_path/'voice.wav').write_bytes(b'not audio')
    out = tmp_path/'out.mp4'
    cases = [(['--text', ' ', '--image', tmp_path/'face.png', '--voice', tmp_path/'voice.wav'], 'text is empty'),
             (['--text', 'Hi.', '--image', tmp_path/'face.png', '--voice', tmp_path/'voice.wav'], 'ships no trained model'),
             (['--text', 'Hi.', '--image', tmp_path/'face.png', '--voice', tmp_path/'voice.wav', '--checkpoint', tmp_path/'nope'], 'does not exist'),
             (['--text-file', tmp_path/'missing.txt', '--image', tmp_path/'face.png', '--voice', tmp_path/'voice.wav'], 'does not exist')]
    for args, msg in cases:
        r = run(bin_dir, 'narrate', *args, '--out', out, '--no-progress')
        assert r.returncode == 2, (args, r.stderr[-1500:])
        assert msg in r.stderr and r.stderr.strip().count('\n') == 0, r.stderr
        assert not out.exists()

def test_narrate_eval_bad_data_exit_2(bin_dir, tmp_path):
    r = run(bin_dir, 'narrate-eval', '--data', tmp_path/'nodata', '--out', tmp_path/'eval', '--systems', 'still', '--no-progress')
    assert r.returncode == 2 and r.stderr.strip().count('\n') == 0, r.stderr[-1500:]
    assert not (tmp_path/'eval').exists()
