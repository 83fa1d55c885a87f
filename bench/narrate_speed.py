"""Real-time factor of `Narrator.narrate` (compute seconds per second of output clip) and streaming latency to the first audio and
the first video chunk.

The model has the preset's sizes and untrained weights: the compute is a trained model's, and the decoder is made to speak exactly
`--seconds` (stop threshold above 1, `adec.max_frames` set to that length). HiFi-GAN V1 when its weights are installed, else
Griffin-Lim. The face is scikit-image's astronaut photo, the voice an espeak-ng sentence. Prints medians over `--reps` runs.

    python bench/narrate_speed.py --preset small --seconds 2 --reps 2
    python bench/narrate_speed.py --preset paper --seconds 2 --device cuda     # on a GPU

On a machine without MediaPipe or espeak-ng (the lent GPU machine, bench/gpu_suite.sh), the prepared face and voice come from a file
written where they are installed (`--save-prepared`, at the preset's face size); that per-speaker step is then outside the figures:

    python bench/narrate_speed.py --preset paper --save-prepared .gpu/prepared_paper.pt.gz            # here
    python bench/narrate_speed.py --preset paper --device cuda --prepared .gpu/prepared_paper.pt.gz    # there
"""
import argparse, contextlib, gzip, io, statistics, time, warnings
from pathlib import Path
import torch
from _common import AMP

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--preset', default='small'); ap.add_argument('--seconds', type=float, default=2.0)
    ap.add_argument('--steps', type=int, default=None, help='sampling steps (default: the preset\'s vdec.sample_steps)')
    ap.add_argument('--reps', type=int, default=2); ap.add_argument('--device', default=None); ap.add_argument('--threads', type=int, default=None)
    ap.add_argument('--amp', default='no', choices=list(AMP), help='autocast the whole narration in this dtype')
    ap.add_argument('--vocoder', default='default', choices=['default', 'hifigan-v1', 'griffinlim'],
                    help="default: `default_vocoder` (HiFi-GAN V1 weights if installed, else Griffin-Lim); hifigan-v1: the V1 generator with random weights (the same compute)")
    ap.add_argument('--save-prepared', default=None, metavar='FILE'); ap.add_argument('--prepared', default=None, metavar='FILE')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    from skimage import data
    from narrating_nb.config import get_cfg
    from narrating_nb.core import default_device
    from narrating_nb.system import JointModel
    from narrating_nb.inference import Narrator
    from narrating_nb.audio_branch import default_vocoder
    from narrating_nb.models.vocoder import HiFiGAN, Vocoder
    dev = default_device(a.device)
    base = get_cfg(a.preset)
    r = base.adec.frames_per_step
    n_mel = max(r, round(a.seconds * base.mel.sr / base.mel.hop) // r * r)
    cfg = base.update({'adec.max_frames': n_mel})
    torch.manual_seed(0)
    m = JointModel.from_cfg(cfg).to(dev).eval()
    voc = {'default': lambda: default_vocoder(cfg.mel, dev), 'griffinlim': lambda: Vocoder(None, cfg.mel),
           'hifigan-v1': lambda: Vocoder(HiFiGAN(cfg.mel.n_mels, 'v1').remove_weight_norm().to(dev).eval(), cfg.mel)}[a.vocoder]()
    nar = Narrator(m.audio, m, cfg, vocoder=voc, source=f'untrained {a.preset}')
    nar.stop_threshold = 2.0
    text = 'The quick brown fox jumps over the lazy dog near the quiet river bank.'
    if a.prepared:
        sp = torch.load(io.BytesIO(gzip.decompress(Path(a.prepared).read_bytes())))
        nar.prepare = lambda *_, **__: sp                                 # the face and voice prepared on another machine
        face = voice = None
        print(f"face and voice prepared elsewhere ({a.prepared}): the per-speaker preparation is not in these figures")
    else:
        from narrating_nb.data.speech import synth_speech, make_voices
        face = data.astronaut()
        voice = synth_speech('This is the voice of the speaker, talking for a few seconds about the weather.', make_voices(1)[0]).wav
    if a.save_prepared:
        buf = io.BytesIO(); torch.save(nar.prepare(face, voice, 16_000), buf)
        Path(a.save_prepared).write_bytes(gzip.compress(buf.getvalue(), 6)); print(f"prepared face and voice written to {a.save_prepared}"); return
    sync = (lambda: torch.cuda.synchronize()) if dev.type == 'cuda' else (lambda: None)
    dt = AMP[a.amp]
    amp = (lambda: torch.autocast(dev.type, dtype=dt)) if dt else contextlib.nullcontext
    with warnings.catch_warnings(), amp():
        warnings.simplefilter('ignore')
        nar.narrate('Warm up.', face, voice, steps=1, voice_sr=16_000, mark=False)          # first-call costs (lazy inits) out of the figures
        rows = []
        for i in range(a.reps):
            if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats()
            sync(); t = time.perf_counter()
            clip = nar.narrate(text, face, voice, steps=a.steps, voice_sr=16_000, seed=i)
            sync(); total = time.perf_counter() - t
            t = time.perf_counter(); first = {}
            for p in nar.stream(text, face, voice, steps=a.steps, voice_sr=16_000, seed=i):
                first.setdefault(p['kind'], time.perf_counter() - t)
                if len(first) == 2: break
            rows.append(dict(total=total, dur=clip.duration, rtf=total / clip.duration, audio=clip.meta['timing']['audio_s'],
                             video=clip.meta['timing']['video_s'], first_audio=first['audio'], first_video=first['video'],
                             peak_gb=torch.cuda.max_memory_allocated() / 2**30 if dev.type == 'cuda' else float('nan')))
    med = {k: statistics.median(r_[k] for r_ in rows) for k in rows[0]}
    H = clip.frames.shape[1]
    print(f"preset {a.preset} on {dev} ({torch.get_num_threads()} threads), {len(clip.frames)} frames of {H}×{H} + {clip.duration:.2f} s of speech, "
          f"{clip.meta['steps']} sampling steps, vocoder {nar.voc.kind}, autocast {a.amp}; medians of {a.reps} runs")
    print("| measure | value |\n|---|---|")
    print(f"| wall time for the clip | {med['total']:.1f} s |")
    print(f"| real-time factor (compute s per output s) | {med['rtf']:.1f}× |")
    print(f"| speech (decoder + vocoder) | {med['audio']:.2f} s |")
    print(f"| video (denoiser + VAE decode) | {med['video']:.1f} s ({med['video'] / len(clip.frames):.2f} s per frame) |")
    print(f"| streaming: first audio chunk | {med['first_audio']:.2f} s |")
    print(f"| streaming: first video chunk ({cfg.data.n_frames} frames) | {med['first_video']:.1f} s |")
    if dev.type == 'cuda': print(f"| peak GPU memory | {med['peak_gb']:.2f} GiB |")

if __name__ == '__main__': main()
