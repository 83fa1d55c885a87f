"""Figures and seam figures of a trained video branch on held-out clips.

1. strip.png: ground truth (top) and generated frames (bottom) of one test clip, frames 0-15, with the chunk
   boundaries (chunks of data.n_frames overlapping by vdec.motion_frames) marked; mouth.png: the generated and the
   real mouth opening against the viseme track of the clip.
2. long.png + long.json: a 21 s clip (seven test clips of one face, their teacher-forced audio states joined)
   generated in overlapping chunks; the strip shows the frames around one chunk boundary, and the json gives the
   mean absolute frame-to-frame change at chunk boundaries against inside chunks (a seam would show as a jump).

    python experiments/video_branch_small/figures.py --run runs/video_small --out experiments/video_branch_small
"""
import argparse, json, numpy as np, torch
from pathlib import Path
import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
from narrating_nb.video_branch import load_video_branch, video_dataset
from narrating_nb.metrics.sync import face_points, mouth_track, nan_corr
from narrating_nb.audio_branch import batch_to, speech_mask
from narrating_nb.data.loaders import collate
from narrating_nb.core import as_uint8_frames



p = argparse.ArgumentParser(); p.add_argument('--run', default='runs/video_small'); p.add_argument('--data', default='data/synthtalk')
p.add_argument('--out', default='experiments/video_branch_small'); p.add_argument('--clip', type=int, default=1); p.add_argument('--long-s', type=float, default=21.0)
p.add_argument('--steps', type=int, default=None); p.add_argument('--no-long', action='store_true', help='only strip.png and mouth.png')
p.add_argument('--init', choices=('noise', 'ref'), default=None, help="sampling start (default: the run's vdec.sample_init)")
p.add_argument('--guidance', type=float, default=None, help="classifier-free guidance (default: the run's vdec.guidance)")
a = p.parse_args()
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
torch.manual_seed(0)
vb, cfg = load_video_branch(a.run, 'cpu')
ds = video_dataset(cfg, a.data, 'test', train=False)
C, M, steps = cfg.data.n_frames, cfg.vdec.motion_frames, a.steps or cfg.vdec.sample_steps
kw = dict(chunk=C, motion_frames=M, steps=steps, guidance=cfg.vdec.guidance if a.guidance is None else a.guidance, scheduler=cfg.vdec.scheduler, init=a.init)
bounds = list(range(C, 10_000, C - M))                       # first frame of each new chunk's fresh frames

# 1. one clip
r = ds.rows[a.clip]; it = ds[a.clip]
gt = torch.from_numpy(ds.clip_frames(r)).float() / 127.5 - 1
b = batch_to(collate([it]), 'cpu')
gen = vb.generate(b, len(gt), **kw)[0]
g8, u8 = as_uint8_frames(gt), as_uint8_frames(gen)
n = 16
fig, ax = plt.subplots(2, 1, figsize=(n * 0.9, 2.2))
for k, (x, name) in enumerate(((g8, 'ground truth'), (u8, 'generated'))):
    ax[k].imshow(np.concatenate(list(x[:n]), 1)); ax[k].set_yticks([]); ax[k].set_ylabel(name, fontsize=7)
    ax[k].set_xticks([(i + 0.5) * x.shape[2] for i in range(n)], [str(i) for i in range(n)], fontsize=6)
    for bd in [b_ for b_ in bounds if b_ < n]: ax[k].axvline(bd * x.shape[2] - 0.5, color='r', lw=1)
ax[0].set_title(f"{r['id']} ({r['face']}, voice {r['voice']}): '{r['text']}' — red: chunk boundaries", fontsize=7)
fig.tight_layout(); fig.savefig(out/'strip.png', dpi=90); plt.close(fig)
meta = json.loads((Path(a.data)/r['files']['video'].replace('.mp4', '.json')).read_text())
jaw = np.asarray(meta['visemes'])[:, 0]
mg, mr = mouth_track(face_points(u8)), mouth_track(face_points(g8))
fig, ax = plt.subplots(figsize=(6, 2))
t = np.arange(len(jaw)) / cfg.data.fps
ax.plot(t, (jaw - jaw.mean()) / (jaw.std() + 1e-8), label='viseme track (jaw)', lw=1)
for tr, name in ((mr, 'real frames'), (mg, 'generated')):
    ax.plot(t[:len(tr)], (tr - np.nanmean(tr)) / (np.nanstd(tr) + 1e-8), label=f'{name}: r = {nan_corr(tr, jaw[:len(tr)]):.2f}', lw=1)
ax.set_xlabel('s'); ax.set_ylabel('mouth opening (z)'); ax.legend(fontsize=6); fig.tight_layout(); fig.savefig(out/'mouth.png', dpi=90); plt.close(fig)

# 2. a long clip: seven clips of the same face, their audio states joined
if a.no_long: raise SystemExit(0)
same = [i for i, q in enumerate(ds.rows) if q['face'] == r['face']][:max(1, round(a.long_s / r['duration']))]
hs, ms = [], []
with torch.no_grad():
    for i in same:
        bi = batch_to(collate([ds[i]]), 'cpu')
        e = vb.audio.encode(bi)
        h = vb.audio.dec(e['f_as'], e['as_mask'], bi['text'], bi['text_mask'], bi['mel'], speech_mask(bi['mel'], bi['mel_mask']))
        n_real = int(h['h_mask'][0].sum()); hs.append(h['h_a'][:, :n_real]); ms.append(h['h_mask'][:, :n_real])
h_a, h_m = torch.cat(hs, 1), torch.cat(ms, 1)
T = int(h_m.sum() * vb.state_dt * cfg.data.fps)
lg = as_uint8_frames(vb.generate(b, T, h_a=h_a, h_mask=h_m, **kw)[0])
d = np.abs(np.diff(lg.astype(np.float32), axis=0)).mean((1, 2, 3))            # change from frame f to f+1, at index f
at = [bd - 1 for bd in bounds if bd < T]
inside = np.setdiff1d(np.arange(len(d)), at)
res = dict(frames=int(T), seconds=T / cfg.data.fps, chunks=len(at) + 1, mean_change_at_boundaries=float(d[at].mean()),
           mean_change_inside_chunks=float(d[inside].mean()), ratio=float(d[at].mean() / d[inside].mean()), steps=steps)
(out/'long.json').write_text(json.dumps(res, indent=1))
mid = [bd for bd in bounds if bd > T // 2][0]
sel = list(range(mid - 6, mid + 6))
fig, ax = plt.subplots(figsize=(12 * 0.9, 1.3))
ax.imshow(np.concatenate([lg[i] for i in sel], 1)); ax.set_yticks([])
ax.set_xticks([(k + 0.5) * lg.shape[2] for k in range(len(sel))], [f'{i / cfg.data.fps:.2f}s' for i in sel], fontsize=6)
ax.axvline(6 * lg.shape[2] - 0.5, color='r', lw=1)
ax.set_title(f"{res['seconds']:.0f} s clip in {res['chunks']} chunks: frames around the boundary at {mid / cfg.data.fps:.2f} s (red); "
             f"frame change at boundaries / inside chunks = {res['ratio']:.2f}", fontsize=7)
fig.tight_layout(); fig.savefig(out/'long.png', dpi=90); plt.close(fig)
print(json.dumps(res, indent=1))
