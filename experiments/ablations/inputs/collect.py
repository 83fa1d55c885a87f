"""Copy the input-perturbation results of `narrate-ablate --base shipped --steps 0` (the shipped model scored as it is, unperturbed
and under each perturbation of plan 001's prompt and voice, on the same 12 held-out clips) into this folder, with their tables
and the paired differences.

    OMP_NUM_THREADS=1 narrate-ablate --data data/synthtalk --out runs/abl_inputs --base shipped --steps 0 --eval-n 12 --seeds 0 \
        --ablations ete voice_noise voice_distortion voice_pitch voice_accent prompt_short prompt_long prompt_tone
    python experiments/ablations/inputs/collect.py --out runs/abl_inputs

Writes `<arm>_seed<k>.json` (the cached evaluation: metrics, per-clip rows of `ours`, costs), `tables.md` (the runner's table and
costs) and `paired.md`: per clip, perturbed − unperturbed (same clip, same sampling seed), mean ± standard error over the clips, and
in how many clips the perturbed input scored worse; per seed, and with several seeds their clip-seed pairs pooled. A prompt perturbation says other words, so only the measures that do not
compare with the true clip frame by frame are given for it (WER against the prompt it was given). The lip-sync r is left out: the
speech has timing of its own, so the true clip's jaw track is not its reference (`41_evaluate`).
"""
import argparse, json, math, shutil
from pathlib import Path
import numpy as np
from narrating_nb.ablations import ablation_tables, ablation_costs, paired_diffs, ALIGNED
from narrating_nb.metrics.audio import wer

HERE = Path(__file__).parent
KEYS = [('spk_sim', 'speaker similarity', +1), ('wer', 'WER', -1), ('mcd', 'MCD', -1), ('psnr', 'PSNR', +1), ('id_dist', 'identity distance', -1)]

def clip_value(r, k):
    if k == 'wer': return wer([r['text']], [r['hyp']]) if 'hyp' in r else math.nan
    return float(r.get(k, math.nan))

def main():
    p = argparse.ArgumentParser(); p.add_argument('--out', default='runs/abl_inputs'); p.add_argument('--dest', default=str(HERE)); a = p.parse_args()
    # (with --asr-model: narrate-ablate --out runs/abl_prompts_asr ... --asr-model runs/asr_synthtalk; --dest experiments/ablations/inputs/ctc_asr)
    out, dest, res, rows = Path(a.out), Path(a.dest), {}, {}
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(out.glob('*/seed*/eval.json')):
        d = json.loads(f.read_text()); name, seed = d['name'], d['seed']
        res.setdefault(name, {})[seed] = {k: v for k, v in d['metrics'].items() if k != 'lip_r'}; rows.setdefault(name, {})[seed] = {r['id']: r for r in d.get('rows', [])}
        shutil.copy(f, dest/f'{name}_seed{seed}.json')
    md = ablation_tables({n: v for n, v in res.items() if n == 'ete'}, 'The shipped model, unperturbed') + '\n' + \
         ablation_tables({n: v for n, v in res.items() if n != 'ete'}, 'Plan 001: prompt and voice perturbations, the shipped model as it is') + '\n' + ablation_costs(out, res)
    (dest/'tables.md').write_text(md)
    lines = ['| perturbed − unperturbed (same clips, same sampling seed) | pairs | ' + ' | '.join(f'Δ {lab}' for _, lab, _ in KEYS) + ' |',
             '|---|---|' + '---|' * len(KEYS)]
    def row(name, seeds):
        "One line of paired differences: the clips of `seeds` pooled (each clip against itself unperturbed, same seed)."
        cells, n = [], 0
        for k, _, good in KEYS:
            if k in ALIGNED and name.startswith('prompt_'): cells.append('—'); continue
            d = np.concatenate(paired_diffs(rows[name], rows['ete'], seeds, lambda r, k=k: clip_value(r, k)))
            n = max(n, len(d))
            if not len(d): cells.append('—'); continue
            worse = int(((d * good) < 0).sum())
            cells.append(f'{d.mean():+.3f} ± {d.std(ddof=1) / math.sqrt(len(d)):.3f} (worse in {worse})' if len(d) > 1 else f'{d.mean():+.3f}')
        which = f'seed {seeds[0]}' if len(seeds) == 1 else f"seeds {', '.join(map(str, seeds))} pooled"
        return f'| `{name}` ({which}) | {n} | ' + ' | '.join(cells) + ' |'
    for name in [n for n in res if n != 'ete']:
        seeds = [s for s in sorted(res[name]) if s in rows.get('ete', {})]
        lines += [row(name, [s]) for s in seeds] + ([row(name, seeds)] if len(seeds) > 1 else [])
    (dest/'paired.md').write_text('\n'.join(lines) + '\n')
    print(md); print('\n'.join(lines))

if __name__ == '__main__': main()
