"""Copy the video-stage ablation results of `narrate-ablate --audio-run` into this folder and write the paired comparisons.

    python experiments/ablations/video/collect.py --out runs/abl_video
    python experiments/ablations/video/collect.py --out runs/abl_shipped --dest experiments/ablations/video/shipped_base

The runs were made by (two such processes side by side, one CPU thread each, splitting the arms between them):

    OMP_NUM_THREADS=1 narrate-ablate --data data/synthtalk --out runs/abl_video --audio-run runs/ab_ptr_3000 --base runs/video_ptr_C \
        --preset runs/video_ptr_C/config.json --steps 100 --warmup 10 --eval-n 12 --guidance 7 --ablations ete no_dc no_ec no_dc_ec --seeds 0 1 2
    (the same with --ablations img_lowres img_jpeg img_expression img_pose --seeds 0)

Writes `<arm>_seed<k>.json` (the cached evaluation: metrics, per-clip rows, costs), `tables.md` (the runner's tables and costs) and
`paired.md`: each arm's per-clip figures minus `ete`'s on the same clip with the same sampling seed, averaged over the 12 clips, then
mean ± std over the seeds; and `ete`'s own DC on − DC off at sampling. An arm whose warm start left a tensor fresh (its `init.json`
counts it `new`: the input conv of the no-DC arms, before `warm_start` learnt to shrink it) goes to its own table and to
`conv_in_reinit/`, apart from the comparable ones.
"""
import argparse, json, shutil
from pathlib import Path
import numpy as np
from narrating_nb.ablations import ablation_tables, ablation_costs, is_perturbation, video_metrics, paired_diffs, mean_sd
from narrating_nb.video_branch import Sampling

HERE = Path(__file__).parent

def sampling_tag(d):
    "The file tag and the label of an evaluation's sampling options ('' for plain sampling)."
    tag = Sampling(d.get('dc_guidance'), bool(d.get('colour'))).tag()
    label = ' + '.join((['the colour fix'] if d.get('colour') else []) + ([f"DC guidance {d['dc_guidance']:g}"] if d.get('dc_guidance') is not None else []))
    return tag, label

def main():
    p = argparse.ArgumentParser(); p.add_argument('--out', default='runs/abl_video'); p.add_argument('--dest', default=str(HERE)); a = p.parse_args()
    out, res, rows, dest = Path(a.out), {}, {}, Path(a.dest)
    dest.mkdir(parents=True, exist_ok=True)
    reinit = {}                                   # arms whose warm start left a tensor fresh (the input conv, before warm_start could shrink it)
    fixed = {}                                    # (arm, tag, seed) -> evaluations sampled with --colour-fix / --dc-guidance, beside the plain ones
    for f in sorted(out.glob('*/seed*/eval*.json'), key=lambda f: (f.parent, f.name != 'eval.json', f.name)):   # a run's plain evaluation first
        d = json.loads(f.read_text()); name, seed = d['name'], d['seed']
        tag, _ = sampling_tag(d)
        if tag:
            fixed[name, tag, seed] = d; rows.setdefault(f'{name}+{tag}', {})[seed] = {r['id']: r for r in d['rows']}
            shutil.copy(f, dest/f'{name}{tag}_seed{seed}.json'); continue
        if seed in rows.get(name, {}): continue                                         # one plain evaluation per arm and seed
        ini = Path(d['run'])/'init.json'
        if ini.is_file() and json.loads(ini.read_text()).get('new', 0) > 0:
            reinit.setdefault(name, {})[seed] = d['metrics']; (dest/'conv_in_reinit').mkdir(exist_ok=True)
            shutil.copy(f, dest/'conv_in_reinit'/f'{name}_seed{seed}.json'); continue
        res.setdefault(name, {})[seed] = video_metrics(name, d['metrics']); rows.setdefault(name, {})[seed] = {r['id']: r for r in d['rows']}
        shutil.copy(f, dest/f'{name}_seed{seed}.json')
    arch = {n: v for n, v in res.items() if not is_perturbation(n)}; pert = {n: v for n, v in res.items() if is_perturbation(n)}
    md = ablation_tables(arch, 'Tab. 5, video stage') + '\n' + (ablation_tables(pert, 'Plan 001: the source photo, video stage') + '\n' if pert else '')
    if reinit: md += ablation_tables(reinit, 'Not comparable: the input conv started afresh (fixed since)') + '\n'
    for name, tag in dict.fromkeys((n, t) for n, t, _ in fixed):
        ds = [d for (n, t, _), d in sorted(fixed.items()) if (n, t) == (name, tag)]
        ms_ = [video_metrics(name, d['metrics']) for d in ds]
        md += (f"### With {sampling_tag(ds[0])[1]} (`--colour-fix`: the VAE's colour shift undone, fitted on the photo; `--dc-guidance`: DC's own scale)\n\n| arm | seeds | "
               + ' | '.join(k.upper().replace('_', '-') for k in ms_[0]) + ' |\n|' + '---|' * (len(ms_[0]) + 2) + f'\n| `{name}` | {len(ms_)} | '
               + ' | '.join(mean_sd([m[k] for m in ms_]).lstrip('+') for k in ms_[0]) + ' |\n\n')
    md += ablation_costs(out, {**res, **reinit})
    for name, tag in dict.fromkeys((n, t) for n, t, _ in fixed):
        ds = [d for (n, t, _), d in fixed.items() if (n, t) == (name, tag)]
        md += f"(and `{name}` sampled again with {sampling_tag(ds[0])[1]}: {len(ds)} seeds, {sum(d['eval_s'] for d in ds) / 60:.1f} min of evaluation)\n"
    (dest/'tables.md').write_text(md)
    seeds = sorted(rows.get('ete', {}))
    keys = ('lip_r', 'psnr', 'ssim', 'id_dist')
    lines = ['| Δ = first − second (paired: same clip, same sampling seed) | seeds | Δ lip-sync r | Δ PSNR | Δ SSIM | Δ identity distance (lower is closer) | clips where the first has the higher r (all seeds) |',
             '|---|---|---|---|---|---|---|']
    def diff(a, b, ss, key):
        "Per seed, the per-clip differences of `key` between `a` and `b`: (arm, {key: the row's field holding it, if another})."
        return paired_diffs(rows[a[0]], rows[b[0]], ss, lambda r: r[a[1].get(key, key)], lambda r: r[b[1].get(key, key)])
    def line(label, a, b, ss, only=keys):
        cells = [mean_sd([d.mean() for d in diff(a, b, ss, k) if len(d)]) if k in only else '—' for k in keys]
        r = np.concatenate(diff(a, b, ss, 'lip_r'))
        lines.append(f'| {label} | {len(ss)} | ' + ' | '.join(cells) + f' | {int((r > 0).sum())}/{len(r)} |')
    line('`ete`, DC on − DC dropped at sampling', ('ete', {}), ('ete', {'lip_r': 'lip_r_no_dc'}), seeds, only=('lip_r',))
    for name in [n for n in res if n != 'ete']:
        line(f'`ete` − `{name}`' + (' (clean photo − perturbed)' if is_perturbation(name) else ''), ('ete', {}), (name, {}), [s for s in seeds if s in rows.get(name, {})])
    for name, tag in dict.fromkeys((n, t) for n, t, _ in fixed):
        label = sampling_tag(next(d for (n, t, _), d in fixed.items() if (n, t) == (name, tag)))[1]
        line(f'`{name}` with {label} − without', (f'{name}+{tag}', {}), (name, {}), [s for s in seeds if s in rows.get(f'{name}+{tag}', {})])
    (dest/'paired.md').write_text('\n'.join(lines) + '\n')
    print(md); print('\n'.join(lines))

if __name__ == '__main__': main()
