"""The video-stage ablations on one held-out clip: each arm's mouth opening against the clip's jaw track, and its mouth crops.

    python experiments/ablations/video/figure.py --out-runs runs/abl_video --seed 0 --clip 1
    python experiments/ablations/video/figure.py --out-runs runs/abl_shipped --dest experiments/ablations/video/shipped_base

Writes `mouth.png` (mouth opening, z-scored, of the real frames and of each arm's frames against the viseme jaw track, with each
track's r) and `mouths.jpg` (mouth crops of frames 0-23: ground truth, then each arm). Every arm samples with the same seed and guidance.
"""
import argparse, json, numpy as np, torch
from pathlib import Path
import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
from narrating_nb.video_branch import load_video_branch, video_dataset, mouth_region
from narrating_nb.metrics.sync import face_points, mouth_track, nan_corr
from narrating_nb.audio_branch import batch_to
from narrating_nb.data.loaders import collate
from narrating_nb.core import as_uint8_frames



p = argparse.ArgumentParser(); p.add_argument('--out-runs', default='runs/abl_video'); p.add_argument('--data', default='data/synthtalk')
p.add_argument('--arms', nargs='*', default=['ete', 'no_dc', 'no_ec', 'no_dc_ec']); p.add_argument('--seed', type=int, default=0)
p.add_argument('--dest', default=str(Path(__file__).parent), help='where the figures go')
p.add_argument('--clip', type=int, default=1); p.add_argument('--guidance', type=float, default=7.0); p.add_argument('--frames', type=int, default=24)
a = p.parse_args()
here = Path(a.dest); here.mkdir(parents=True, exist_ok=True)
arms = [n for n in a.arms if (Path(a.out_runs)/n/f'seed{a.seed}'/'video.safetensors').is_file()]
tracks, crops = {}, {}
for k, name in enumerate(arms):
    vb, cfg = load_video_branch(Path(a.out_runs)/name/f'seed{a.seed}', 'cpu')
    if k == 0:
        ds = video_dataset(cfg, a.data, 'test', train=False)
        r = ds.rows[a.clip]; it = ds[a.clip]
        gt = torch.from_numpy(ds.clip_frames(r)).float() / 127.5 - 1
        jaw = np.asarray(json.loads((Path(a.data)/r['files']['video'].replace('.mp4', '.json')).read_text())['visemes'])[:, 0]
        tracks['real frames'], crops['ground truth'] = mouth_track(face_points(as_uint8_frames(gt))), mouth_region(gt[:a.frames])
    b = batch_to(collate([it]), 'cpu')
    gen = vb.generate(b, len(gt), cfg.data.n_frames, cfg.vdec.motion_frames, cfg.vdec.sample_steps, a.guidance, cfg.vdec.scheduler, seed=a.seed)[0]
    tracks[name], crops[name] = mouth_track(face_points(as_uint8_frames(gen))), mouth_region(gen[:a.frames])
    print(name, f'r = {nan_corr(tracks[name], jaw):.3f}')
t = np.arange(len(jaw)) / cfg.data.fps
z = lambda x: (x - np.nanmean(x)) / (np.nanstd(x) + 1e-8)
fig, ax = plt.subplots(figsize=(6.5, 2.4))
ax.plot(t, z(jaw), 'k', lw=1.6, label='jaw (viseme track)')
for name, tr in tracks.items(): ax.plot(t[:len(tr)], z(tr), lw=1, label=f'{name}: r = {nan_corr(tr, jaw):.2f}')
ax.set_xlabel('s'); ax.set_ylabel('mouth opening (z)'); ax.legend(fontsize=6, ncol=3, loc='upper right')
ax.set_title(f"{r['id']}, seed {a.seed}, guidance {a.guidance:g}: '{r['text']}'", fontsize=7)
fig.tight_layout(); fig.savefig(here/'mouth.png', dpi=90); plt.close(fig)
rows = [np.concatenate(list((c.permute(0, 2, 3, 1).numpy() * 255).round().astype(np.uint8)), 1) for c in crops.values()]
grid = np.concatenate(rows, 0); h = rows[0].shape[0]
fig, ax = plt.subplots(figsize=(a.frames * 0.45, len(rows) * 0.45 + 0.1))
ax.imshow(grid); ax.set_xticks([]); ax.set_yticks([(i + 0.5) * h for i in range(len(rows))], list(crops), fontsize=6)
fig.subplots_adjust(left=0.07, right=0.995, top=0.99, bottom=0.01); fig.savefig(here/'mouths.jpg', dpi=80, pil_kwargs=dict(quality=80)); plt.close(fig)
