"""Where the pale, grey cast of the generated faces comes from: the VAE, or the sampler (steps × guidance).

For `--clips` held-out clips (the ones `evaluate_video_branch` scores, seed 0), first `--frames` frames, it compares with the
real frames: the VAE's round trip of the real frames, and the frames the video branch samples at each (steps, guidance).
Per setting it prints PSNR, the mean colour (RGB 0-255), the mean HSV saturation and the colour shift (the distance of the
mean colour from the real frames'), and the same after `match_colour` (each channel's mean and std matched to the *source
photo*'s, an input, not the truth) and after `narrate`'s colour fix ('calibrated': `fit_colour_map` on the VAE's round trip of
the source photo, `apply_colour_map`). Writes probe.json and a strip (real, VAE, each setting) per clip.

    OMP_NUM_THREADS=1 python experiments/video_colour/probe.py --run runs/abl_shipped/ete/seed0 --clips 3 --frames 16
"""
import argparse, json, itertools, random, numpy as np, torch
from pathlib import Path
import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
from skimage.metrics import peak_signal_noise_ratio as psnr
from skimage.color import rgb2hsv
from narrating_nb.video_branch import load_video_branch, video_dataset, fit_colour_map, apply_colour_map
from narrating_nb.audio_branch import batch_to
from narrating_nb.data.loaders import collate
from narrating_nb.core import as_uint8_frames



def stats(fr, gt):
    "fr, gt: (T, H, W, 3) uint8 → PSNR, mean RGB, saturation, colour shift."
    m, mg = fr.reshape(-1, 3).mean(0), gt.reshape(-1, 3).mean(0)
    return dict(psnr=float(np.mean([psnr(a, b, data_range=255) for a, b in zip(gt, fr)])), rgb=[round(float(v), 1) for v in m],
                sat=float(rgb2hsv(fr).reshape(-1, 3)[:, 1].mean()), shift=float(np.linalg.norm(m - mg)))

def match_colour(fr, src):
    "Each RGB channel of the frames `fr` (T, H, W, 3) uint8 moved to the mean and std of the source photo `src` (H, W, 3)."
    f, s = fr.astype(np.float32), src.reshape(-1, 3).astype(np.float32)
    mu, sd = f.reshape(-1, 3).mean(0), f.reshape(-1, 3).std(0) + 1e-6
    return np.clip((f - mu) / sd * s.std(0) + s.mean(0), 0, 255).astype(np.uint8)

p = argparse.ArgumentParser(); p.add_argument('--run', default='runs/abl_shipped/ete/seed0'); p.add_argument('--data', default='data/synthtalk')
p.add_argument('--out', default='experiments/video_colour'); p.add_argument('--clips', type=int, default=3); p.add_argument('--frames', type=int, default=16)
p.add_argument('--steps', type=int, nargs='+', default=[10, 30]); p.add_argument('--guidance', type=float, nargs='+', default=[1.0, 3.0, 7.0])
a = p.parse_args()
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
torch.manual_seed(0)
vb, cfg = load_video_branch(a.run, 'cpu')
ds = video_dataset(cfg, a.data, 'test', train=False)
idx = sorted(random.Random(0).sample(range(len(ds)), 12))[:a.clips]            # evaluate_video_branch's first clips
rows, strips = [], {}
with torch.no_grad():
    for i in idx:
        r, it = ds.rows[i], ds[i]
        gtf = torch.from_numpy(ds.clip_frames(r)[:a.frames]).float() / 127.5 - 1
        gt, src = as_uint8_frames(gtf), as_uint8_frames(it['face_img'][None])[0]
        vae_t = vb.decode(vb.latents(gtf.permute(0, 3, 1, 2) if gtf.shape[-1] == 3 else gtf))            # (T, 3, H, W)
        vae = as_uint8_frames(vae_t)
        rows.append(dict(clip=r['id'], face=r['face'], what='source photo', **stats(src[None], gt)))
        rows.append(dict(clip=r['id'], face=r['face'], what='vae', **stats(vae, gt)))
        M = fit_colour_map(vb.decode(vb.latents(it['face_img'][None])).float(), it['face_img'][None].float())   # narrate's colour fix
        rows.append(dict(clip=r['id'], face=r['face'], what='vae calibrated', **stats(as_uint8_frames(apply_colour_map(vae_t[None], M)[0]), gt)))
        strips[r['id']] = [gt, vae]
        b = batch_to(collate([it]), 'cpu')
        for steps, g in itertools.product(a.steps, a.guidance):
            gen_t = vb.generate(b, a.frames, cfg.data.n_frames, cfg.vdec.motion_frames, steps, g, cfg.vdec.scheduler, seed=0)
            gen, gen_cal = as_uint8_frames(gen_t[0]), as_uint8_frames(apply_colour_map(gen_t, M)[0])   # the same draws as generate(sampling=Sampling(colour=True))
            rows.append(dict(clip=r['id'], face=r['face'], what=f's{steps} g{g:g}', **stats(gen, gt)))
            rows.append(dict(clip=r['id'], face=r['face'], what=f's{steps} g{g:g} matched', **stats(match_colour(gen, src), gt)))
            rows.append(dict(clip=r['id'], face=r['face'], what=f's{steps} g{g:g} calibrated', **stats(gen_cal, gt)))
            strips[r['id']].append(gen); strips[r['id']].append(gen_cal)
            print(*map(json.dumps, rows[-3:]), sep='\n', flush=True)
whats = list(dict.fromkeys(r['what'] for r in rows))
print(f"\n{len(idx)} clips × {a.frames} frames of {a.run}; mean over clips")
print(f"| {'':26} | PSNR | mean RGB | saturation | colour shift |\n|---|---|---|---|---|")
gts = [stats(s[0], s[0]) for s in strips.values()]
print(f"| {'real frames':26} | — | {np.round(np.mean([g['rgb'] for g in gts], 0), 1).tolist()} | {np.mean([g['sat'] for g in gts]):.3f} | 0 |")
for w in whats:
    rs = [r for r in rows if r['what'] == w]
    print(f"| {w:26} | {np.mean([r['psnr'] for r in rs]):.2f} | {np.round(np.mean([r['rgb'] for r in rs], 0), 1).tolist()} | {np.mean([r['sat'] for r in rs]):.3f} | {np.mean([r['shift'] for r in rs]):.1f} |")
(out/'probe.json').write_text(json.dumps(dict(run=a.run, clips=idx, frames=a.frames, rows=rows), indent=1))
for cid, ss in strips.items():
    plt.imsave(out/f'strip_{cid}.jpg', np.concatenate([np.concatenate(list(s[::4]), 1) for s in ss], 0))
