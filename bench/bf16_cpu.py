"""bf16 autocast against fp32 on this CPU: the face VAE's encode and decode (the largest part of a video-branch training step
on a CPU), with randomly initialised `small` weights (speed does not depend on training).

Prints the median seconds of each, their ratio, and whether `bf16_is_fast()` (native AVX512-BF16 or AMX) says bf16 pays here;
the trainers use bf16 only where it does.

    OMP_NUM_THREADS=1 python bench/bf16_cpu.py --frames 8 --repeats 3
"""
import argparse, statistics, time
import torch
from narrating_nb.config import get_cfg
from narrating_nb.core import bf16_is_fast
from narrating_nb.models.vae import build_vae
from narrating_nb.models.encoders import vae_latents, vae_decode

p = argparse.ArgumentParser(); p.add_argument('--preset', default='small'); p.add_argument('--frames', type=int, default=8)
p.add_argument('--repeats', type=int, default=3); p.add_argument('--threads', type=int, default=None)
a = p.parse_args()
if a.threads: torch.set_num_threads(a.threads)
cfg = get_cfg(a.preset)
torch.manual_seed(0)
vae = build_vae(cfg.enc.vae_channels, cfg.enc.latent_ch, cfg.data.img_size).eval()
x = torch.rand(a.frames, 3, cfg.data.img_size, cfg.data.img_size) * 2 - 1

def median_s(fn):
    fn()                                                              # warm-up
    ts = []
    for _ in range(a.repeats):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

print(f"CPU capability {torch.backends.cpu.get_cpu_capability()}, threads {torch.get_num_threads()}, bf16_is_fast: {bf16_is_fast('cpu')}")
print(f"{a.preset} face VAE, {a.frames} frames of {cfg.data.img_size}², median of {a.repeats} after one warm-up")
with torch.no_grad():
    z = vae_latents(vae, x, False)
    for what, fn in (('encode', lambda bf: vae_latents(vae, x, bf)), ('decode', lambda bf: vae_decode(vae, z, bf))):
        f32, b16 = median_s(lambda: fn(False)), median_s(lambda: fn(True))
        print(f"  {what}: fp32 {f32:7.3f} s   bf16 {b16:7.3f} s   bf16/fp32 = {b16 / f32:6.2f}×")
