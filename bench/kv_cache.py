"""KV-cache speed-up of `AudioDecoder.generate` (target: cached ≥ 5× faster than full recomputation).

    .venv/bin/python bench/kv_cache.py                 # small preset, then the paper sizes
    .venv/bin/python bench/kv_cache.py --frames 200 --reps 1

Generates `--frames` mel frames (stop_threshold > 1, so it never stops early; frames/r steps: small r = 4, paper r = 2)
for one 20-token text, batch 1, untrained weights, 2 threads, with and without the cache; each
config `--reps` times; prints the medians and the ratio. The paper sizes are skipped when the small
preset's uncached runs suggest they would take longer than `--budget` seconds.
"""
import argparse, statistics, time, warnings

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--frames', type=int, default=400); ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--threads', type=int, default=2); ap.add_argument('--budget', type=float, default=180.)
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    import torch
    from narrating_nb.config import Cfg
    from narrating_nb.models.audio_decoder import AudioDecoder
    from narrating_nb.config import AudioDecCfg
    torch.set_num_threads(a.threads)
    c = Cfg.small()
    small = dict(n_embd=c.adec.n_embd, n_layer=c.adec.n_layer, n_head=c.adec.n_head, frames_per_step=c.adec.frames_per_step, n_cond=c.adec.n_cond, d_cond=c.enc.d, prenet_dim=c.adec.prenet_dim)
    paper = dict(n_embd=512, n_layer=12, n_head=8, frames_per_step=2, n_cond=32, d_cond=512, prenet_dim=256)
    t_start = time.perf_counter()
    for name, kw in (('small', small), ('paper', paper)):
        torch.manual_seed(0)
        dec = AudioDecoder(AudioDecCfg(**{k: v for k, v in kw.items() if k != 'd_cond'}, max_frames=max(a.frames, 1000), w_guided_attn=0.), kw['d_cond'], vocab_size=1024).eval()
        f_as, text = torch.randn(1, 50, kw['d_cond']), torch.randint(3, 1000, (1, 20))
        if name == 'paper':
            spent = time.perf_counter() - t_start
            if spent * 12 > a.budget:                                  # paper sizes cost ~10× the small ones
                print(f"paper sizes skipped: the small preset took {spent:.0f} s"); break
        times = {}
        for cache in (True, False):
            ts = []
            for _ in range(a.reps):
                t = time.perf_counter()
                g = dec.generate(f_as, None, text, None, max_frames=a.frames, stop_threshold=2., use_cache=cache)
                ts.append(time.perf_counter() - t)
            assert int(g['lengths'][0]) == a.frames and not g['stopped'][0]
            times[cache] = statistics.median(ts)
        print(f"{name:6s} n_embd={kw['n_embd']} n_layer={kw['n_layer']} n_head={kw['n_head']} r={kw['r']} K={kw['n_cond']}: "
              f"{a.frames} frames ({a.frames // kw['r']} steps), batch 1, median of {a.reps}: "
              f"cached {times[True]:.2f} s, uncached {times[False]:.2f} s, speed-up {times[False] / times[True]:.1f}×", flush=True)

if __name__ == '__main__': main()
