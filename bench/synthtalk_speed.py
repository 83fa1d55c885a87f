"""SynthTalk generation speed (issue target: 500 clips of 3 s at 128² in ≤ 10 min on 2 cores).

    .venv/bin/python bench/synthtalk_speed.py                 # 500 clips, 3 s, 128², 2 workers
    .venv/bin/python bench/synthtalk_speed.py --n 50          # a quicker look

Also times the stages of one clip in this process (speech, viseme track, animation, encoding),
as medians over a few clips, so a slow stage is visible.
"""
import argparse, os, shutil, statistics, tempfile, time, warnings
from pathlib import Path

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=500); ap.add_argument('--seconds', type=float, default=3.0)
    ap.add_argument('--size', type=int, default=128); ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--keep', default=None, help='keep the dataset in this folder')
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    import numpy as np, torch, random
    from narrating_nb.data import speech as S, faces as FA
    from narrating_nb.data.synthtalk import make_synthtalk, read_manifest, prepare_faces
    from narrating_nb.video_io import write_video
    torch.set_num_threads(1)
    # stage timings, one process
    face = next(iter(prepare_faces(FA.builtin_faces()[:1], a.size).values()))
    rng, vs, st = random.Random(0), S.make_voices(), {'speech': [], 'visemes': [], 'animate': [], 'encode': []}
    tmp = Path(tempfile.mkdtemp())
    for i in range(5):
        t = time.perf_counter(); sp = S.synth_speech(S.make_sentence(rng), rng.choice(vs)); st['speech'].append(time.perf_counter() - t)
        n = int(np.ceil(len(sp.wav) / 16000 * 25))
        t = time.perf_counter(); tr = S.viseme_track(sp.phonemes, 25, n); st['visemes'].append(time.perf_counter() - t)
        t = time.perf_counter(); fr = FA.animate(face['crop'], face['lms'], tr.numpy(), seed=i); st['animate'].append((time.perf_counter() - t) / n * 75)
        t = time.perf_counter(); write_video(tmp/'x.mp4', fr, 25, sp.wav, 16000); st['encode'].append((time.perf_counter() - t) / n * 75)
    print('stage medians per 3 s clip (75 frames), one process:', ', '.join(f'{k} {statistics.median(v) * 1000:.0f} ms' for k, v in st.items()))
    out = Path(a.keep) if a.keep else tmp/'st'
    if out.exists() and not a.keep: shutil.rmtree(out)
    t = time.perf_counter()
    make_synthtalk(out, n=a.n, seconds=a.seconds, size=a.size, workers=a.workers, progress=False)
    dt = time.perf_counter() - t
    rows = read_manifest(out)
    dur = sum(r['duration'] for r in rows)
    print(f'{len(rows)} clips ({dur / len(rows):.2f} s mean, {dur / 60:.1f} min of video) at {a.size}² with {a.workers} workers '
          f'on {os.cpu_count()} cores: {dt:.1f} s wall = {dt / 60:.2f} min, {len(rows) / dt * 60:.0f} clips/min '
          f'({"meets" if dt <= 600 * a.n / 500 else "misses"} the 500-in-10-min rate)')
    if not a.keep: shutil.rmtree(tmp)

if __name__ == '__main__': main()
