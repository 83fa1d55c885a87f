"`narrate` and `narrate-eval` as a user runs them: exit code 2 with one line for bad input, and no output file left behind."
import subprocess, os
import numpy as np
from PIL import Image

_NOISE = ('INFO:', 'WARNING:', 'W0000', 'I0000', 'E0000')     # MediaPipe/TFLite's own C++ logging, not ours

def own_lines(stderr:str) -> list[str]:
    "What narrate itself wrote to stderr (the face landmarker's native log lines left out)."
    return [l for l in stderr.strip().splitlines() if l.strip() and not l.startswith(_NOISE)]

def run(bin_dir, prog, *args):
    return subprocess.run([str(bin_dir/prog), *map(str, args)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, 'HF_HUB_OFFLINE': '1', 'MPLBACKEND': 'Agg'})

def test_narrate_bad_inputs_exit_2(bin_dir, tmp_path):
    Image.fromarray(np.full((64, 64, 3), 128, np.uint8)).save(tmp_path/'face.png')
    (tmp_path/'voice.wav').write_bytes(b'not audio')
    out = tmp_path/'out.mp4'
    cases = [(['--text', ' ', '--image', tmp_path/'face.png', '--voice', tmp_path/'voice.wav'], 'text is empty'),
             (['--text', 'Hi.', '--image', tmp_path/'face.png', '--voice', tmp_path/'voice.wav'], 'face' if _shipped() else 'ships no trained model'),
             (['--text', 'Hi.', '--image', tmp_path/'face.png', '--voice', tmp_path/'voice.wav', '--checkpoint', tmp_path/'nope'], 'does not exist'),
             (['--text-file', tmp_path/'missing.txt', '--image', tmp_path/'face.png', '--voice', tmp_path/'voice.wav'], 'does not exist')]
    for args, msg in cases:
        r = run(bin_dir, 'narrate', *args, '--out', out, '--no-progress')
        assert r.returncode == 2, (args, r.stderr[-1500:])
        assert msg in r.stderr and len(own_lines(r.stderr)) == 1, r.stderr
        assert not out.exists()

def test_narrate_eval_bad_data_exit_2(bin_dir, tmp_path):
    r = run(bin_dir, 'narrate-eval', '--data', tmp_path/'nodata', '--out', tmp_path/'eval', '--systems', 'still', '--no-progress')
    assert r.returncode == 2 and r.stderr.strip().count('\n') == 0, r.stderr[-1500:]
    assert not (tmp_path/'eval').exists()

def _shipped():
    import narrating_nb.inference as inf
    return inf.SHIPPED is not None and (inf.SHIPPED/'model.safetensors').is_file()

def test_narrate_demo(bin_dir, tmp_path):
    "The README's main command: the shipped model on the built-in sample face, voice and text → an mp4 and a figure."
    out, fig = tmp_path/'demo.mp4', tmp_path/'demo.png'
    r = run(bin_dir, 'narrate', '--demo', '--out', out, '--figure', fig, '--no-progress')
    if not _shipped():
        assert r.returncode == 2 and 'ships no trained model' in r.stderr, r.stderr[-1500:]
        return
    assert r.returncode == 0, r.stderr[-3000:]
    from narrating_nb.video_io import probe_video
    info = probe_video(out)
    assert info['has_audio'] and info['n_frames'] > 25, info
    assert 'SYNTHETIC' in info['metadata'].get('comment', ''), info
    assert Image.open(fig).size[0] > 300
