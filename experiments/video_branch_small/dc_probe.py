"""Do the DC inputs carry the mouth? (And how much has DC grown: the mean norm of its output projections next to the temporal attention's; and how many latent cells `vdec.lip_weight` weights.)

Do the DC inputs carry the mouth? A linear probe from what diffusion cross-attention reads to the jaw opening.

For every frame of a clip, DC attends to the audio decoder's states within ±`vdec.dc_window_s` of the frame's time
(`audio_windows`). This probe averages that window (teacher-forced states, as in training) and fits a ridge
regression to the clip's true jaw-opening track (SynthTalk's viseme track, 25 fps) on training clips, then reports,
on held-out clips, the Pearson r of the prediction with the track (per clip, averaged, as the lip-sync score is).
The ridge strength is chosen on training clips left out of the fit. The same probe on the log-mel frames of the same window is the reference: the information is in the speech.
If the states predict the jaw about as well as the mel, DC has what it needs and the denoiser has not learnt to use it.

    python experiments/video_branch_small/dc_probe.py --run runs/video_plain --out experiments/video_branch_small/dc_probe.json
"""
import argparse, json, numpy as np, torch, torch.nn.functional as F
from pathlib import Path
from narrating_nb.video_branch import load_video_branch, video_dataset
from narrating_nb.metrics.sync import nan_corr
from narrating_nb.audio_branch import batch_to, speech_mask
from narrating_nb.data.loaders import collate
from narrating_nb.models.video_decoder import audio_windows

p = argparse.ArgumentParser(); p.add_argument('--run', default='runs/video_plain'); p.add_argument('--data', default='data/synthtalk')
p.add_argument('--n-train', type=int, default=150); p.add_argument('--n-test', type=int, default=50); p.add_argument('--out', required=True)
a = p.parse_args()
torch.manual_seed(0)
vb, cfg = load_video_branch(a.run, 'cpu'); vb.eval()
half, fps = vb.diff.den.dc_half, cfg.data.fps

def feats(split, n):
    ds = video_dataset(cfg, a.data, split, train=False)
    out = []
    for i in range(min(n, len(ds))):
        r = ds.rows[i]; b = batch_to(collate([ds[i]]), 'cpu')
        jaw = np.asarray(json.loads((Path(a.data)/r['files']['video'].replace('.mp4', '.json')).read_text())['visemes'])[:, 0]
        with torch.no_grad():
            e = vb.audio.encode(b)
            h = vb.audio.dec(e['f_as'], e['as_mask'], b['text'], b['text_mask'], b['mel'], speech_mask(b['mel'], b['mel_mask']))
        ft = torch.arange(len(jaw)) / fps
        w, m = audio_windows(h['h_a'], h['h_mask'], ft, vb.state_t0, vb.state_dt, half)             # (1, T, W, d)
        xs = (w.sum(2) / m.sum(2, keepdim=True).clamp_min(1))[0].numpy()
        mel = b['mel'][0].T                                                                       # (n_mel_frames, n_mels) at hop/sr
        mt = torch.arange(mel.shape[0]) * cfg.mel.hop / cfg.mel.sr
        xm = np.stack([mel[(mt - t).abs() <= cfg.vdec.dc_window_s].mean(0).numpy() if ((mt - t).abs() <= cfg.vdec.dc_window_s).any() else np.zeros(mel.shape[1]) for t in ft.tolist()])
        masks = F.adaptive_avg_pool2d(torch.cat([b['lip_mask'], b['face_mask']], 1), vb.latents(b['face_img']).shape[-2:])
        out.append((xs, xm, jaw, float(lip_cells(masks)), masks[0, 0].numel()))
    return out

def lip_cells(masks):
    "Latent cells that `vdec.lip_weight` weights (the dilated lip mask), through the loss's own `spatial_weight`."
    w0, vb.diff.lip_weight = vb.diff.lip_weight, 2.0
    try: return (vb.diff.spatial_weight(masks) > 1).sum()
    finally: vb.diff.lip_weight = w0

tr, te = feats('train', a.n_train), feats('test', a.n_test)
res = dict(run=a.run, n_train=len(tr), n_test=len(te), window_s=cfg.vdec.dc_window_s)
sd = vb.diff.den.state_dict()                                           # how far DC has grown from its zero-initialised output
res['dc_out_norm'] = float(np.mean([v.norm().item() for k, v in sd.items() if k.endswith('dc.out.weight')]))
res['temporal_out_norm'] = float(np.mean([v.norm().item() for k, v in sd.items() if k.endswith('temporal.out.weight')]))
res['lip_cells'], res['latent_cells'] = float(np.mean([c[3] for c in te])), te[0][4]
res['lip_share_at_w5'] = float(np.mean([5 * c[3] / (5 * c[3] + c[4] - c[3]) for c in te]))
print(f"mouth on the latent grid: {res['lip_cells']:.1f} of {res['latent_cells']} cells once dilated; with vdec.lip_weight=5 they carry {res['lip_share_at_w5']:.0%} of the loss")
print(f"mean norm of the output projections: DC {res['dc_out_norm']:.3f}, temporal attention {res['temporal_out_norm']:.3f}")
for k, name in ((0, 'audio states (DC input)'), (1, 'log-mel, same window')):
    fit, val = tr[:-30], tr[-30:]                                       # the ridge strength is chosen on 30 training clips left out of the fit
    X = np.concatenate([c[k] for c in fit]); y = np.concatenate([c[2] for c in fit])
    mu, sd = X.mean(0), X.std(0) + 1e-6; Xn = (X - mu) / sd
    score = lambda W, cs: float(np.nanmean([nan_corr(((c[k] - mu) / sd) @ W, c[2]) for c in cs]))
    sols = {lam: np.linalg.solve(Xn.T @ Xn + lam * np.eye(Xn.shape[1]), Xn.T @ (y - y.mean())) for lam in (1e-1, 1, 10, 100, 1000)}
    lam = max(sols, key=lambda l: score(sols[l], val))
    res[name] = dict(ridge=lam, r_val=score(sols[lam], val), r_test=score(sols[lam], te))
    print(f"{name:28s} held-out r with the jaw track {res[name]['r_test']:.3f} (ridge {lam:g})", flush=True)
Path(a.out).write_text(json.dumps(res, indent=1))
