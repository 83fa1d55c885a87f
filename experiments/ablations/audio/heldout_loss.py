"""The teacher-forced losses of every audio-stage run on the held-out clips its evaluation spoke (the same 24 for every arm), one
clip at a time, written per run to `heldout_loss.json` beside this script and summarised against `ete` (paired by clip and seed).
Free-running speech is noisy at 24 clips; the teacher-forced losses measure, on unseen faces and voices, what each arm predicts.

    OMP_NUM_THREADS=1 python experiments/ablations/audio/heldout_loss.py --out runs/abl_audio
    OMP_NUM_THREADS=1 python experiments/ablations/audio/heldout_loss.py --out runs/abl_joint --dest experiments/ablations/joint   # the joint runs' audio branches
"""
import argparse, json, math, statistics
from pathlib import Path
import numpy as np, torch
from narrating_nb.audio_branch import audio_dataset, batch_to, speech_mask
from narrating_nb.system import load_system
from narrating_nb.core import eval_indices
from narrating_nb.ablations import paired_diffs, mean_sd
from narrating_nb.data.loaders import collate

HERE = Path(__file__).parent
KEYS = [('loss', 'total'), ('mel_loss', 'mel'), ('ptr_loss', 'pointer'), ('stop_loss', 'stop')]

@torch.no_grad()
def clip_losses(run, root, split='test', n=24, seed=0) -> dict:
    "{clip id: {loss: value}} for `run` on the `n` clips of `split` that `evaluate_audio_branch(seed=seed)` draws."
    s = load_system(run, 'cpu'); br, cfg = s.audio.eval(), s.cfg                 # an audio run, or a joint run's audio branch
    ds = audio_dataset(cfg, root, split, train=False)
    out = {}
    for i in eval_indices(len(ds), n, seed):
        it = ds[i]; b = batch_to(collate([it]), 'cpu'); b['mel_mask'] = speech_mask(b['mel'], b['mel_mask'])
        o = br(b)
        out[it['id']] = {k: float(o[k]) for k, _ in KEYS if k in o}
    return out

def main():
    p = argparse.ArgumentParser(); p.add_argument('--out', default='runs/abl_audio'); p.add_argument('--data', default='data/synthtalk')
    p.add_argument('--dest', default=str(HERE)); a = p.parse_args()
    torch.set_num_threads(1)
    dest = Path(a.dest); cache = dest/'heldout_loss.json'
    got = json.loads(cache.read_text()) if cache.is_file() else {}
    for f in sorted(Path(a.out).glob('*/seed*/eval.json')):
        d = json.loads(f.read_text()); k = f"{d['name']}/{d['seed']}"
        if k in got and got[k]['key'] == d['key']: continue
        got[k] = dict(key=d['key'], clips=clip_losses(d['run'], a.data, d['summary']['split'], d['summary']['n']))
        cache.write_text(json.dumps(got, indent=1)); print('scored', k)
    arms = sorted({k.split('/')[0] for k in got}, key=lambda n: (n != 'ete', n))
    lines = ['| arm − `ete`, held-out teacher-forced loss (same clips, same seed) | seeds | ' + ' | '.join(f'Δ {lab}' for _, lab in KEYS) + ' | clip-seed pairs where the arm\'s pointer loss is higher |',
             '|---|---|' + '---|' * (len(KEYS) + 1)]
    base = {k: v for k, v in got.items() if k.startswith('ete/')}
    lines.insert(0, '| `ete`, held-out teacher-forced loss | seeds | ' + ' | '.join(lab for _, lab in KEYS) + ' |\n|---|---|' + '---|' * len(KEYS) + '\n| `ete` | '
                 + f'{len(base)} | ' + ' | '.join(f"{statistics.mean(np.mean([c[key] for c in v['clips'].values()]) for v in base.values()):.4f}" for key, _ in KEYS) + ' |\n')
    for arm in arms[1:]:
        seeds = [k.split('/')[1] for k in got if k.startswith(f'{arm}/') and f'ete/{k.split("/")[1]}' in got]
        if not seeds: continue
        clips = {a: {s: got[f'{a}/{s}']['clips'] for s in seeds} for a in (arm, 'ete')}
        diffs = {key: paired_diffs(clips[arm], clips['ete'], seeds, lambda r, key=key: r.get(key, math.nan)) for key, _ in KEYS}
        cells = [mean_sd([d.mean() for d in diffs[key] if len(d)], 4) for key, _ in KEYS]
        dp = np.concatenate(diffs['ptr_loss']); up, tot = int((dp > 0).sum()), len(dp)
        lines.append(f'| `{arm}` | {len(seeds)} | ' + ' | '.join(cells) + f' | {up}/{tot} |')
    (dest/'heldout_loss.md').write_text('\n'.join(lines) + '\n'); print('\n'.join(lines))

if __name__ == '__main__': main()
