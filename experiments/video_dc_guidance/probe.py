"""A guidance scale of the audio states' own (`dc_guidance`, Hallo-style): does amplifying DC's direction make the mouth follow
the speech more closely?

Samples the 12 held-out clips that `narrate-ablate --audio-run shipped` scores (seed 0, sampling seed 0, guidance 7 for EC) from a
video-stage run, at each `--dc-guidance`, and compares each clip with the same clip of the run's cached evaluation (the plain rule,
s_dc = s = 7). Prints lip-sync r, mouth motion, PSNR, SSIM and identity distance, and paired differences; writes probe.json.

    OMP_NUM_THREADS=1 python experiments/video_dc_guidance/probe.py --run runs/abl_shipped/ete/seed0 --dc-guidance 12 20
"""
import argparse, json, numpy as np, torch
from pathlib import Path
from narrating_nb.video_branch import load_video_branch, evaluate_video_branch, Sampling

p = argparse.ArgumentParser(); p.add_argument('--run', default='runs/abl_shipped/ete/seed0'); p.add_argument('--data', default='data/synthtalk')
p.add_argument('--dc-guidance', type=float, nargs='+', default=[12., 20.]); p.add_argument('--n', type=int, default=12)
p.add_argument('--out', default=str(Path(__file__).parent/'probe.json'))
a = p.parse_args()
run = Path(a.run)
base = next(d for f in [run/'eval.json', *sorted(run.glob('eval.*.json'))] if f.is_file() and not (d := json.loads(f.read_text())).get('colour'))
vb, cfg = load_video_branch(run, 'cpu')
torch.manual_seed(0)
res = {'7 (plain rule)': dict(summary=base['metrics'], rows=base['rows'])}
for g in a.dc_guidance:
    summ, rows = evaluate_video_branch(vb, cfg, a.data, 'test', a.n, guidance=7.0, seed=0, sample_seed=base['seed'], dc_off=False, sampling=Sampling(g))
    res[f'{g:g}'] = dict(summary=summ, rows=rows)
    print(g, {k: round(v, 3) for k, v in summ.items() if isinstance(v, float)}, flush=True)
keys = ('lip_r', 'mouth_motion', 'psnr', 'ssim', 'id_dist')
print(f"\n{a.n} held-out clips, {run}; EC guidance 7\n\n| DC guidance | " + ' | '.join(keys) + ' | Δ lip r vs plain (clips up) |\n|' + '---|' * (len(keys) + 2))
b_rows = {r['id']: r for r in base['rows']}
for name, d in res.items():
    m = {k: np.nanmean([r[k] for r in d['rows'] if k in r]) for k in keys}
    dl = np.array([r['lip_r'] - b_rows[r['id']]['lip_r'] for r in d['rows']])
    print(f'| {name} | ' + ' | '.join(f'{m[k]:.3f}' for k in keys) + f' | {np.nanmean(dl):+.3f} ({int((dl > 0).sum())}/{len(dl)}) |')
Path(a.out).write_text(json.dumps(dict(run=str(run), n=a.n, results=res), indent=1, default=float))
