"""Held-out reconstructions of the trained face VAE: one frame of every 50th test clip (top) and its reconstruction from
the posterior mean (bottom); prints L1 on [-1, 1] pixels and PSNR over those frames.

    python experiments/video_branch_small/vae_recon.py --vae runs/vae_small/vae --out experiments/video_branch_small/vae_test_recon.png
"""
import argparse, torch, numpy as np
from PIL import Image
from narrating_nb.models.vae import load_vae, FrameDataset
p = argparse.ArgumentParser(); p.add_argument('--vae', default='runs/vae_small/vae'); p.add_argument('--data', default='data/synthtalk')
p.add_argument('--out', default='experiments/video_branch_small/vae_test_recon.png'); a = p.parse_args()
vae = load_vae(a.vae).eval()
ds = FrameDataset(a.data, 'test', 128, 1, 0)
x = torch.cat([ds[i] for i in range(0, len(ds), 50)])
with torch.no_grad(): r = vae.decode(vae.encode(x).latent_dist.mean).sample.clamp(-1, 1)
print(f"{len(x)} test frames: L1 {(r - x).abs().mean().item():.4f}, PSNR {(10 * torch.log10(4 / ((r - x) ** 2).mean())).item():.2f} dB")
u = lambda t: ((t.permute(0, 2, 3, 1).numpy() + 1) * 127.5).round().clip(0, 255).astype(np.uint8)
Image.fromarray(np.concatenate([np.concatenate(list(u(x)), 1), np.concatenate(list(u(r)), 1)], 0)).resize((576, 192)).save(a.out, optimize=True)
