"""Sampler settings against frame quality: DDIM steps × guidance on the first frames of a few held-out clips.

Prints, per setting, the PSNR/SSIM against the real frames and the fraction of generated frames in which MediaPipe
finds a face (blotchy, under-denoised frames lose it, and the lip-sync score with them); writes sweep.json and a
strip per setting.

    python experiments/video_branch_small/sampling_sweep.py --run runs/video_ctl --out experiments/video_mouth_levers/sweep --clips 3 --frames 16
"""
import argparse, json, itertools, numpy as np, torch
from pathlib import Path
import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
from skimage.metrics import peak_signal_noise_ratio as psnr, structural_similarity as ssim
from narrating_nb.video_branch import load_video_branch, video_dataset
from narrating_nb.metrics.sync import face_points
from narrating_nb.audio_branch import batch_to
from narrating_nb.data.loaders import collate
from narrating_nb.core import as_uint8_frames



p = argparse.ArgumentParser(); p.add_argument('--run', default='runs/video_ctl'); p.add_argument('--data', default='data/synthtalk')
p.add_argument('--out', default='experiments/video_mouth_levers/sweep'); p.add_argument('--clips', type=int, default=3); p.add_argument('--frames', type=int, default=16)
p.add_argument('--steps', type=int, nargs='+', default=[10, 25]); p.add_argument('--guidance', type=float, nargs='+', default=[1.0, 2.0, 3.5])
a = p.parse_args()
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
vb, cfg = load_video_branch(a.run, 'cpu')
ds = video_dataset(cfg, a.data, 'test', train=False)
clips = [(ds.rows[i], ds[i]) for i in range(a.clips)]
res = []
for steps, g in itertools.product(a.steps, a.guidance):
    ps, ss, found, strips = [], [], [], []
    for r, it in clips:
        gt = as_uint8_frames(torch.from_numpy(ds.clip_frames(r)[:a.frames]).float() / 127.5 - 1)
        gen = as_uint8_frames(vb.generate(batch_to(collate([it]), 'cpu'), a.frames, cfg.data.n_frames, cfg.vdec.motion_frames, steps, g, cfg.vdec.scheduler)[0])
        ps += [psnr(x, y, data_range=255) for x, y in zip(gt, gen)]; ss += [ssim(x, y, channel_axis=-1, data_range=255) for x, y in zip(gt, gen)]
        found += list(~np.isnan(face_points(gen)[:, 0, 0])); strips.append(np.concatenate(list(gen), 1))
    row = dict(steps=steps, guidance=g, psnr=float(np.mean(ps)), ssim=float(np.mean(ss)), face_found=float(np.mean(found)))
    res.append(row); print(json.dumps(row), flush=True)
    plt.imsave(out/f'strip_s{steps}_g{g:g}.jpg', np.concatenate(strips, 0)[::2, ::2])
(out/'sweep.json').write_text(json.dumps(dict(run=a.run, clips=a.clips, frames=a.frames, rows=res), indent=1))
