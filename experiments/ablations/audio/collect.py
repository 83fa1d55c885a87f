"""Copy the audio-stage ablation results of `narrate-ablate --audio-stage` into this folder, with their tables and the paired
differences against `ete`.

    OMP_NUM_THREADS=1 narrate-ablate --data data/synthtalk --out runs/abl_audio --audio-stage --base shipped --steps 100 --warmup 10 \
        --set train.bs=16 --eval-n 24 --asr-model runs/asr_synthtalk --seeds 0 1 2 \
        --ablations ete no_te only_visual_tokens no_audio_seq_enc no_profile_enc no_visual_in_audio_te no_text_prompt no_landmarks
    python experiments/ablations/audio/collect.py --out runs/abl_audio

(two such processes side by side, one CPU thread each, splitting the arms and seeds between them). Every arm fine-tunes the
shipped model's audio branch for 100 steps at batch 16 with its seed (the same batches for every arm of a seed), and speaks the
same 24 held-out clips.

It also collects the joint fine-tunes scored by their speech (`narrate-ablate --score speech`, see `50_ablations`):

    python experiments/ablations/audio/collect.py --out runs/abl_joint --dest experiments/ablations/joint --title 'Tab. 4 and 6, joint fine-tuning (the speech)'

Writes `<arm>_seed<k>.json` (the cached evaluation: metrics, summary, per-clip rows, costs), `tables.md` (the runner's tables and
costs) and `paired.md`: per clip, arm − `ete` of the same seed, averaged over the clips, then mean ± std over the seeds, and in how
many clip-seed pairs the arm is worse. Beside them, the teacher-forced training losses of the last 20 steps (total, mel and pointer; for joint runs also the video loss), arm −
`ete` of the same seed: the same batches, so a low-noise view of what each arm fits.
"""
import argparse, json, math, shutil
from pathlib import Path
import numpy as np
from narrating_nb.ablations import ablation_tables, ablation_costs, paired_diffs, mean_sd
from narrating_nb.metrics.audio import wer, cer

HERE = Path(__file__).parent
KEYS = [('wer', 'WER', -1), ('cer', 'CER', -1), ('mcd', 'MCD', -1), ('stoi', 'STOI', +1), ('spk_sim', 'speaker similarity', +1),
        ('dur_ratio', 'duration ratio', 0)]

def clip_value(r, k):
    "One clip's figure: WER and CER of the recogniser's transcript (pocketsphinx's without one), else the row's own."
    hyp = r.get('hyp_ctc', r.get('hyp'))
    if k == 'wer': return wer([r['text']], [hyp])
    if k == 'cer': return cer([r['text']], [hyp])
    return float(r.get(k, math.nan))

LOSSES = [(('loss',), 'total'), (('mel_loss', 'mel'), 'mel'), (('ptr_loss', 'ptr'), 'pointer'), (('video',), 'video')]   # (log columns: audio stage, joint), label

def last_losses(run) -> dict:
    "The training losses (`LOSSES`) of a run's last logged window (its last 20 steps), by label; those its log lacks are left out."
    lines = (Path(run)/'log.csv').read_text().split()
    head, last = lines[0].split(','), lines[-1].split(',')
    return {lab: float(last[head.index(c)]) for cols, lab in LOSSES for c in cols if c in head}

def main():
    p = argparse.ArgumentParser(); p.add_argument('--out', default='runs/abl_audio'); p.add_argument('--dest', default=str(HERE))
    p.add_argument('--title', default='Tab. 4, 6, 7 and the plans, audio stage (the speech)'); a = p.parse_args()
    out, dest, res, rows = Path(a.out), Path(a.dest), {}, {}
    dest.mkdir(parents=True, exist_ok=True)
    loss = {}                                     # (arm, seed) -> (total, mel) training loss of the last 20 steps
    for f in sorted(out.glob('*/seed*/eval.json')):
        d = json.loads(f.read_text()); name, seed = d['name'], d['seed']
        loss[name, seed] = last_losses(d['run'])
        res.setdefault(name, {})[seed] = d['metrics']; rows.setdefault(name, {})[seed] = {r['id']: r for r in d['rows']}
        shutil.copy(f, dest/f'{name}_seed{seed}.json')
    order = [n for n in ('ete', 'ste', 'only_audio_tokens', 'no_te', 'only_visual_tokens', 'no_audio_seq_enc', 'no_profile_enc', 'no_visual_in_audio_te', 'no_text_prompt', 'no_landmarks') if n in res]
    res = {n: dict(sorted(res[n].items())) for n in order}
    md = ablation_tables(res, a.title) + '\n' + ablation_costs(out, res)
    labels = [lab for _, lab in LOSSES if all(lab in v for v in loss.values())]                     # the losses every run logged
    (dest/'tables.md').write_text(md)
    lines = ['| arm − `ete` (paired: same clips, same seed and batches) | seeds | ' + ' | '.join(f'Δ {lab}' for _, lab, _ in KEYS) + ' | clip-seed pairs where the arm has the higher WER | ' + ' | '.join(f'Δ training loss, {lab}' for lab in labels) + ' |',
             '|---|---|' + '---|' * (len(KEYS) + 1 + len(labels))]
    for name in order[1:]:
        seeds = [s for s in sorted(res[name]) if s in rows.get('ete', {})]
        if not seeds: continue
        diffs = {k: paired_diffs(rows[name], rows['ete'], seeds, lambda r, k=k: clip_value(r, k)) for k, _, _ in KEYS}
        cells = [mean_sd([d.mean() for d in diffs[k] if len(d)]) for k, _, _ in KEYS]
        dw = np.concatenate(diffs['wer'])
        dl = [mean_sd([loss[name, s][lab] - loss['ete', s][lab] for s in seeds]) for lab in labels]
        lines.append(f'| `{name}` | {len(seeds)} | ' + ' | '.join(cells) + f' | {int((dw > 0).sum())}/{len(dw)} (lower in {int((dw < 0).sum())}) | ' + ' | '.join(dl) + ' |')
    (dest/'paired.md').write_text('\n'.join(lines) + '\n')
    print(md); print('\n'.join(lines))

if __name__ == '__main__': main()
