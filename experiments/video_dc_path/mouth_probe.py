"""A quick monitor during training: does DC move the predicted mouth with the speech? For 6 test clips, the
denoiser's x0 estimate at t=500 from the true noised latents, with DC on and off, is read out by a ridge map
jaw <- latent fitted on 12 training clips' real latents; printed: the per-clip r with the jaw track of the real
latents, of x0 with DC on, with DC off, and of their difference (what DC adds).

    python experiments/video_dc_path/mouth_probe.py runs/video_ptr_C 500
"""
import json, sys, numpy as np, torch
from pathlib import Path
from narrating_nb.video_branch import load_video_branch, video_dataset
from narrating_nb.metrics.sync import nan_corr
from narrating_nb.audio_branch import batch_to
from narrating_nb.data.loaders import collate


torch.set_num_threads(1); torch.manual_seed(0)
run, T = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 500
vb, cfg = load_video_branch(run, 'cpu')
root = Path('data/synthtalk')
def clip(ds, i):
    r = ds.rows[i]; it = ds[i]
    gt = torch.from_numpy(ds.clip_frames(r)).float() / 127.5 - 1
    jaw = np.asarray(json.loads((root/r['files']['video'].replace('.mp4', '.json')).read_text())['visemes'])[:, 0]
    return it, gt, jaw
# ridge jaw <- latent on training clips
tr = video_dataset(cfg, root, 'train', train=False)
X, Y = [], []
for i in range(0, 400, 34):
    it, gt, jaw = clip(tr, i); z = vb.latents(gt).flatten(1).numpy(); n = min(len(z), len(jaw))
    X.append(z[:n] - z[:n].mean(0)); Y.append(jaw[:n] - jaw[:n].mean())
X, Y = np.concatenate(X), np.concatenate(Y)
W = np.linalg.solve(X.T @ X + 10 * np.eye(X.shape[1]), X.T @ Y)
te = video_dataset(cfg, root, 'test', train=False)
ab = vb.diff.ddpm.alphas_cumprod[T]
rs = {k: [] for k in ('real', 'dc_on', 'dc_off', 'delta')}
for i in range(0, 36, 6):
    it, gt, jaw = clip(te, i); b = batch_to(collate([it]), 'cpu')
    with torch.no_grad():
        cc = vb.clip_condition(b); z0 = vb.latents(gt)[None]; F = z0.shape[1] // 8 * 8; z0 = z0[:, :F]
        x0 = {}
        g = torch.Generator().manual_seed(i)
        eps = torch.randn(z0.shape, generator=g)
        zt = ab.sqrt() * z0 + (1 - ab).sqrt() * eps
        for dc in (True, False):
            outs = []
            for f0 in range(0, F, 8):
                c = vb.frame_condition(cc, (torch.arange(f0, f0 + 8) / 25)[None])
                if not dc: c['dc_mask'] = torch.zeros_like(c['dc_mask'])
                e = vb.diff.den(zt[:, f0:f0 + 8], torch.tensor([T]), **c)
                outs.append((zt[:, f0:f0 + 8] - (1 - ab).sqrt() * e) / ab.sqrt())
            x0[dc] = torch.cat(outs, 1)[0].flatten(1).numpy()
    s = lambda z: z @ W
    rs['real'].append(nan_corr(s(z0[0].flatten(1).numpy()), jaw)); rs['dc_on'].append(nan_corr(s(x0[True]), jaw))
    rs['dc_off'].append(nan_corr(s(x0[False]), jaw)); rs['delta'].append(nan_corr(s(x0[True] - x0[False]), jaw))
print(run, f"t={T}", {k: round(float(np.nanmean(v)), 3) for k, v in rs.items()}, flush=True)
