"""Does the face VAE keep the mouth? For 8 test clips: the lip-sync r of the real frames and of their VAE
reconstructions with the jaw track, and the within-clip correlation of every latent cell with the jaw.

    python experiments/video_dc_path/vae_mouth.py
"""
import json, numpy as np, torch, random
from pathlib import Path
from narrating_nb.system import load_system
from narrating_nb.video_branch import video_dataset
from narrating_nb.metrics.sync import lip_sync_r
from narrating_nb.core import as_uint8_frames
torch.set_num_threads(2)
from narrating_nb.system import SHIPPED


s = load_system(SHIPPED, 'cpu'); vb, cfg = s.video, s.cfg
root = Path('data/synthtalk')
ds = video_dataset(cfg, root, 'test', train=False)
idx = sorted(random.Random(0).sample(range(len(ds)), 8))
Z, J, rs_gt, rs_rec = [], [], [], []
for i in idx:
    r = ds.rows[i]
    gt = torch.from_numpy(ds.clip_frames(r)).float() / 127.5 - 1
    jaw = np.asarray(json.loads((root/r['files']['video'].replace('.mp4', '.json')).read_text())['visemes'])[:, 0]
    with torch.no_grad():
        z = vb.latents(gt); rec = vb.decode(z)
    g8, r8 = as_uint8_frames(gt), as_uint8_frames(rec)
    rs_gt.append(lip_sync_r(g8, jaw)); rs_rec.append(lip_sync_r(r8, jaw))
    n = min(len(z), len(jaw)); zz = z[:n].numpy().reshape(n, -1); jj = jaw[:n]
    Z.append(zz - zz.mean(0)); J.append(jj - jj.mean())
    print(r['id'], f"gt r {rs_gt[-1]:.2f}  vae-recon r {rs_rec[-1]:.2f}  jaw std {jaw.std():.3f}", flush=True)
Z, J = np.concatenate(Z), np.concatenate(J)
# per-cell correlation of the latent with the jaw, within clips (both centred per clip)
c = (Z * J[:, None]).sum(0) / np.sqrt((Z**2).sum(0) * (J**2).sum() + 1e-12)
c = c.reshape(4, 16, 16)
print('max |r| per latent cell:', np.abs(c).max(0).round(2))
print('mean gt r', np.nanmean(rs_gt), 'mean recon r', np.nanmean(rs_rec))
