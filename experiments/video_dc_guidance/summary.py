"""The DC-guidance probes of every seed in one table: per seed (a video-stage run `runs/abl_shipped/ete/seed<k>`, sampled with
sampling seed k), the plain rule (EC and DC both at guidance 7) against DC at each scale of its own (probe_seed*.json: 14; probe10_seed*.json: 10); then the paired differences per clip,
pooled over the seeds (mean ± standard error, and in how many clip-seed pairs DC guidance raised lip r).

    python experiments/video_dc_guidance/summary.py > experiments/video_dc_guidance/summary.txt
"""
import json, math, numpy as np
from pathlib import Path

HERE = Path(__file__).parent
KEYS = ('lip_r', 'mouth_motion', 'psnr', 'ssim', 'id_dist')
runs = {}                                                           # seed -> {DC guidance: results}, from every probe of that seed
for f in sorted(HERE.glob('probe*_seed*.json')): runs.setdefault(int(f.stem.split('seed')[1]), {}).update(json.loads(f.read_text())['results'])
order = lambda name: float(name.split()[0])
runs = {s: dict(sorted(r.items(), key=lambda kv: order(kv[0]))) for s, r in sorted(runs.items())}
print('| seed | DC guidance | ' + ' | '.join(KEYS) + ' |\n|' + '---|' * (len(KEYS) + 2))
diffs = {}
for s, d in runs.items():
    base = {r['id']: r for r in d['7 (plain rule)']['rows']}
    for name, r in d.items():
        m = {k: np.nanmean([x[k] for x in r['rows'] if k in x]) for k in KEYS}
        print(f'| {s} | {name} | ' + ' | '.join(f'{m[k]:.3f}' for k in KEYS) + ' |')
        if name.startswith('7'): continue
        for x in r['rows']:
            for k in KEYS: diffs.setdefault(name, {}).setdefault(k, []).append(x.get(k, math.nan) - base[x['id']].get(k, math.nan))
print(f"\nDC guidance − plain rule, per clip, pooled over seeds {sorted(runs)}:\n")
print('| DC guidance | pairs | ' + ' | '.join(f'Δ {k}' for k in KEYS) + ' | pairs with higher lip r |\n|' + '---|' * (len(KEYS) + 3))
for name, dk in sorted(diffs.items(), key=lambda kv: order(kv[0])):
    cells = []
    for k in KEYS:
        v = np.array(dk[k], float); v = v[np.isfinite(v)]
        cells.append(f'{v.mean():+.3f} ± {v.std(ddof=1) / math.sqrt(len(v)):.3f}')
    lr = np.array(dk['lip_r'], float)
    print(f'| {name} | {len(lr)} | ' + ' | '.join(cells) + f' | {int((lr > 0).sum())}/{len(lr)} |')
