"""Copy the joint fine-tunes' face scores (`narrate-ablate --score face`: each arm's video branch driven by the true speech, scored as
the video stage scores it) into this folder, with their tables and the paired differences against `ete`.

    C="--data data/synthtalk --out runs/abl_joint --base shipped --steps 100 --warmup 10 --frozen vae w2v --pix-frames 1 --set train.bs=4"
    OMP_NUM_THREADS=1 narrate-ablate $C --score face --eval-n 12 --seeds 0 1 2 --ablations ete ste only_audio_tokens
    python experiments/ablations/joint/collect_face.py --out runs/abl_joint

(several such processes side by side, one CPU thread each, splitting the arms and seeds between them). The runs are the ones the
speech was scored on (`--score speech`, `experiments/ablations/audio/collect.py --out runs/abl_joint`): scoring the face trains nothing more.

Writes `<arm>_seed<k>_face.json` (the cached evaluation: metrics, summary, per-clip rows, costs), `tables_face.md` (the runner's table
and costs) and `paired_face.md`: per clip, arm − `ete` of the same seed (the same 12 clips, the same sampling seed), averaged over the
clips, then mean ± std over the seeds, and in how many clip-seed pairs the arm's lip-sync r is the lower.
"""
import argparse, json, math, shutil
from pathlib import Path
import numpy as np
from narrating_nb.ablations import ablation_tables, ablation_costs, paired_diffs, mean_sd

HERE = Path(__file__).parent
KEYS = [('lip_r', 'lip-sync r'), ('psnr', 'PSNR'), ('ssim', 'SSIM'), ('mouth_motion', 'mouth motion'), ('id_dist', 'identity distance')]

def main():
    p = argparse.ArgumentParser(); p.add_argument('--out', default='runs/abl_joint'); p.add_argument('--dest', default=str(HERE)); a = p.parse_args()
    out, dest, res, rows = Path(a.out), Path(a.dest), {}, {}
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(out.glob('*/seed*/eval_face.json')):
        d = json.loads(f.read_text()); name, seed = d['name'], d['seed']
        res.setdefault(name, {})[seed] = d['metrics']; rows.setdefault(name, {})[seed] = {r['id']: r for r in d['rows']}
        shutil.copy(f, dest/f'{name}_seed{seed}_face.json')
    order = [n for n in ('ete', 'ste', 'only_audio_tokens') if n in res] + sorted(n for n in res if n not in ('ete', 'ste', 'only_audio_tokens'))
    res = {n: dict(sorted(res[n].items())) for n in order}
    md = (ablation_tables(res, 'Tab. 4 and 6, joint fine-tuning (the face, on the true speech)') + '\n' + ablation_costs(out, res, 'eval_face.json')
          + '(training: the runs the speech was scored on, counted once; scoring the face trains nothing)\n')
    (dest/'tables_face.md').write_text(md)
    keys = [(k, lab) for k, lab in KEYS if any(k in r for v in rows.values() for rs in v.values() for r in rs.values())]
    lines = ['| arm − `ete` (paired: same clips, same sampling seed) | seeds | ' + ' | '.join(f'Δ {lab}' for _, lab in keys) + ' | clip-seed pairs where the arm has the lower r |',
             '|---|---|' + '---|' * (len(keys) + 1)]
    for name in order:
        if name == 'ete': continue
        seeds = [s for s in sorted(res[name]) if s in rows.get('ete', {})]
        if not seeds: continue
        diffs = {k: paired_diffs(rows[name], rows['ete'], seeds, lambda r, k=k: float(r.get(k, math.nan))) for k, _ in keys}
        dr = np.concatenate(diffs['lip_r'])
        lines.append(f'| `{name}` | {len(seeds)} | ' + ' | '.join(mean_sd([d.mean() for d in diffs[k] if len(d)]) for k, _ in keys)
                     + f' | {int((dr < 0).sum())}/{len(dr)} |')
    (dest/'paired_face.md').write_text('\n'.join(lines) + '\n')
    print(md); print('\n'.join(lines))

if __name__ == '__main__': main()
