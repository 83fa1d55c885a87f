"""Speed of `narrate-data prepare --protocol clean` (issue 35, item 9): seconds of source video prepared per second of
processing, stage by stage, with the speech recogniser's own time reported apart. The source is made here: SynthTalk
clips (real face photos, espeak-ng speech) joined into one video of about `--seconds` s at `--size`².

    python bench/prepare_speed.py                       # 60 s at 256², 2 threads
    python bench/prepare_speed.py --seconds 30 --size 128
"""
import argparse, tempfile, time, warnings
from pathlib import Path
import numpy as np, torch

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seconds', type=float, default=60.); p.add_argument('--size', type=int, default=256)
    p.add_argument('--threads', type=int, default=2); p.add_argument('--out-size', type=int, default=256)
    a = p.parse_args()
    torch.set_num_threads(a.threads); warnings.simplefilter('ignore')
    from narrating_nb.data.synthtalk import make_synthtalk, read_manifest
    from narrating_nb.video_io import read_video, write_video
    from narrating_nb.data import prepare as P
    from narrating_nb.data.tracks import detect_shots, face_tracks
    from narrating_nb.data.segments import transcribe_words, speech_segments
    tmp = Path(tempfile.mkdtemp())
    n = int(np.ceil(a.seconds / 3))
    make_synthtalk(tmp/'st', n=max(n, 3), seconds=3.0, size=a.size, workers=1, progress=False)
    vs = [read_video(tmp/'st'/r['files']['video']) for r in read_manifest(tmp/'st', None)[:n]]
    src = tmp/'src'/'spk'; src.mkdir(parents=True)
    write_video(src/'long.mp4', np.concatenate([v.frames.numpy() for v in vs]), 25, torch.cat([v.audio for v in vs]), 16000)
    dur = sum(len(v.frames) for v in vs) / 25
    t = {}
    t0 = time.perf_counter(); v = read_video(src/'long.mp4', audio='require', sr=16000, fps=25); t['decode'] = time.perf_counter() - t0
    fr = v.frames.numpy()
    t0 = time.perf_counter(); shots = detect_shots(fr, 25); t['shots'] = time.perf_counter() - t0
    t0 = time.perf_counter(); tracks = face_tracks(fr, shots, 25); t['face tracks + identity'] = time.perf_counter() - t0
    t0 = time.perf_counter(); words = transcribe_words(v.audio, 16000, 'pocketsphinx'); t['speech recogniser (pocketsphinx)'] = time.perf_counter() - t0
    t0 = time.perf_counter(); segs = speech_segments(v.audio, 16000, 2., 20., words)[0]; t['speech segments'] = time.perf_counter() - t0
    t0 = time.perf_counter(); r = P.prepare(tmp/'src', tmp/'prep', size=a.out_size, protocol='clean', asr='pocketsphinx', progress=False); t_all = time.perf_counter() - t0
    t_asr = t['speech recogniser (pocketsphinx)']
    print(f"source: {dur:.1f} s at {a.size}², 25 fps; {len(shots)} shots, {len(tracks)} face tracks, {len(words)} words, {len(segs)} speech segments; "
          f"{a.threads} threads, torch {torch.__version__}")
    for k, x in t.items(): print(f"  {k:34s} {x:7.1f} s   {dur / x:7.1f}× real time")
    print(f"prepare --protocol clean (crops at {a.out_size}² written): {t_all:.1f} s = {dur / t_all:.1f}× real time, the recogniser included; "
          f"{t_all - t_asr:.1f} s = {dur / (t_all - t_asr):.1f}× real time without its {t_asr:.1f} s; {r['manifest']} clips, {r['clips_seconds']:.1f} s kept")

if __name__ == '__main__': main()
