"""Generation speed of the audio decoder with guided attention on (as trained), eager vs SDPA attention, on CPU.

400 mel frames (never stopping), one 60-token text, batch 1, untrained weights, 2 threads; each implementation timed twice
(alternating), median of 3 runs each time; prints the best eager / best SDPA time ratio, for the `small` sizes and the paper's.

    python experiments/audio_ga_sdpa/generate_speed.py
"""
import statistics, time, warnings
import torch

warnings.simplefilter('ignore'); torch.set_num_threads(2)
from narrating_nb.models.audio_decoder import AudioDecoder
from narrating_nb.config import AudioDecCfg
SIZES = {'small': dict(n_embd=256, n_layer=4, n_head=4, frames_per_step=4, n_cond=16, d_cond=128, prenet_dim=256),
         'paper': dict(n_embd=512, n_layer=12, n_head=8, frames_per_step=2, n_cond=32, d_cond=512, prenet_dim=256)}
for name, kw in SIZES.items():
    torch.manual_seed(0)
    dec = AudioDecoder(AudioDecCfg(**{k: v for k, v in kw.items() if k != 'd_cond'}, max_frames=1000, w_guided_attn=1.), kw['d_cond'], vocab_size=1024).eval()
    f_as, text = torch.randn(1, 50, kw['d_cond']), torch.randint(3, 1000, (1, 60))
    res = {}
    for impl in ('eager', 'sdpa', 'eager', 'sdpa'):
        dec.gpt.set_attn_implementation(impl)
        ts = []
        for _ in range(3):
            t = time.perf_counter(); dec.generate(f_as, None, text, None, max_frames=400, stop_threshold=2.); ts.append(time.perf_counter() - t)
        res.setdefault(impl, []).append(statistics.median(ts))
    print(name, {k: [round(x, 3) for x in v] for k, v in res.items()}, 'eager/sdpa', round(min(res['eager']) / min(res['sdpa']), 2))
