"""How well does a linear map of the audio states that DC reads predict the jaw? Ridge regression from each
frame's window of teacher-forced audio-decoder states (±0.2 s) to SynthTalk's jaw-opening track, fitted on 120
training clips (ridge chosen on 30 more), scored as the per-clip Pearson r on 50 test clips. Three read-outs of the
window: its mean (what an attention that has not learnt where to look gives), the state at the frame's own time,
and the whole window concatenated (each state kept in its place: what DC's direct mouth path reads).

    python experiments/video_dc_path/state_probe.py runs/ab_ptr_3000     # the pointer audio branch
    # the audio branch of the model shipped before this one (step 2000, no pointer), from the repository's history:
    git archive 8b45529 narrating_nb/assets/synthtalk_small | tar -x -C /tmp/old
    python experiments/video_dc_path/state_probe.py /tmp/old/narrating_nb/assets/synthtalk_small
"""
import json, sys, numpy as np, torch
from pathlib import Path
from narrating_nb.audio_branch import batch_to, speech_mask
from narrating_nb.system import load_system
from narrating_nb.data.loaders import collate
from narrating_nb.video_branch import video_dataset
from narrating_nb.metrics.sync import nan_corr
from narrating_nb.models.video_decoder import audio_windows, dc_half_window
from narrating_nb.models.audio_decoder import frame_times
torch.set_num_threads(2)
src = sys.argv[1]
s = load_system(src, 'cpu'); audio, cfg = s.audio, s.cfg            # an audio-branch run, a video-branch run or an exported model
audio.eval()
dt = audio.dec.frames_per_step * cfg.mel.hop / cfg.mel.sr; t0 = float(frame_times(1, audio.dec.frames_per_step, cfg.mel.hop, cfg.mel.sr)[0]); half = dc_half_window(0.2, dt)
def feats(split, n):
    ds = video_dataset(cfg, 'data/synthtalk', split, train=False)
    out = []
    for i in range(min(n, len(ds))):
        r = ds.rows[i]; b = batch_to(collate([ds[i]]), 'cpu')
        jaw = np.asarray(json.loads((Path('data/synthtalk')/r['files']['video'].replace('.mp4', '.json')).read_text())['visemes'])[:, 0]
        with torch.no_grad():
            e = audio.encode(b)
            h = audio.dec(e['f_as'], e['as_mask'], b['text'], b['text_mask'], b['mel'], speech_mask(b['mel'], b['mel_mask']))
        ft = torch.arange(len(jaw)) / 25
        w, m = audio_windows(h['h_a'], h['h_mask'], ft, t0, dt, half)
        out.append((w[0].mean(1).numpy(), w[0, :, half].numpy(), w[0].reshape(len(jaw), -1).numpy(), jaw))
    return out
tr, te = feats('train', 150), feats('test', 50)
for k, name in ((0, 'window mean'), (1, 'centre state'), (2, 'window concat')):
    fit, val = tr[:-30], tr[-30:]
    X = np.concatenate([c[k] for c in fit]); y = np.concatenate([c[3] for c in fit])
    mu, sd = X.mean(0), X.std(0) + 1e-6; Xn = (X - mu) / sd
    score = lambda W, cs: float(np.nanmean([nan_corr(((c[k] - mu) / sd) @ W, c[3]) for c in cs]))
    sols = {lam: np.linalg.solve(Xn.T @ Xn + lam * np.eye(Xn.shape[1]), Xn.T @ (y - y.mean())) for lam in (1, 10, 100, 1000, 10000)}
    lam = max(sols, key=lambda l: score(sols[l], val))
    print(f"{src} {name:14s} held-out r {score(sols[lam], te):.3f} (ridge {lam:g})", flush=True)
