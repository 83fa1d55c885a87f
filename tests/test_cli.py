"The command line as a user runs it: exit codes, messages, outputs."
import subprocess, os

def run(bin_dir, *args, cwd=None):
    return subprocess.run([str(bin_dir/'narrate-smoke'), *args], capture_output=True, text=True, cwd=cwd, timeout=600,
                          env={**os.environ, 'HF_HUB_OFFLINE': '1', 'MPLBACKEND': 'Agg'})

def test_smoke_run_writes_mp4_and_figure(bin_dir, tmp_path):
    r = run(bin_dir, '--preset', 'tiny', '--steps', '2', '--out', str(tmp_path/'out/smoke.mp4'))
    assert r.returncode == 0, r.stderr[-2000:]
    assert 'step 2/2' in r.stdout
    from narrating_nb.video_io import probe_video
    info = probe_video(tmp_path/'out/smoke.mp4')
    assert info['has_audio'] and info['n_frames'] == 4 and info['width'] == 64
    assert (tmp_path/'out/smoke.png').stat().st_size > 5000

def test_bad_output_path_exit_2_one_line(bin_dir, tmp_path):
    (tmp_path/'afile').write_text('x')
    r = run(bin_dir, '--out', str(tmp_path/'afile/smoke.mp4'))
    assert r.returncode == 2
    assert r.stderr.strip().count('\n') == 0 and 'is a file, not a folder' in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ['afile']

def test_bad_preset_and_device(bin_dir):
    r = run(bin_dir, '--preset', 'huge')
    assert r.returncode == 2 and 'invalid choice' in r.stderr
    r = run(bin_dir, '--device', 'tpu9', '--steps', '1')
    assert r.returncode == 2 and "unknown device 'tpu9'" in r.stderr
