"""A/B of the guided-attention change (eager attention, post-dropout maps → fast attention, maps recomputed before dropout).

Two audio-branch runs from scratch, same config, data and seed, trained side by side: `runs/ga_old` with eager attention
(the package's code, e.g. commit 773e993), `runs/ga_new` with commit 108af9b (GPT-2 on SDPA, the guided layer's maps
recomputed before dropout; reverted after this A/B, see nbs/24_audio_branch.ipynb). Each arm was trained from a worktree of
its commit (`git worktree add /tmp/tree <commit>`), one thread each:

    narrate-train audio --data data/synthtalk --run runs/ga_<arm> --preset small --steps 1000 --ckpt-every 100 --workers 0 \
        --no-eval --set text.tokenizer=espeak train.lr=5e-4 train.bs=16 train.step_size=4000

(both arms ran to step 700 with --ckpt-every 350, then resumed to 1000). This script scores each, on `--n` held-out test clips:
- teacher-forced mel MSE (normalised mels) and stop BCE, in eval mode;
- the guided layer's attention mass inside the diagonal band over the text (mean over heads, and the best head);
- free-running generation: fraction that runs to the maximum length, duration generated / true, MCD and STOI against the
  ground truth (HiFi-GAN V1 when installed, else Griffin-Lim);
and the last 100 training steps' mean losses from each log. With `--asr-model` (a recogniser from `narrate-train asr`) also the
recogniser's WER/CER on the free-running, teacher-forced, vocoded-true and true speech.

    python experiments/audio_ga_sdpa/compare.py --runs runs/ga_old runs/ga_new --data data/synthtalk --n 40 --out experiments/audio_ga_sdpa/compare.json
"""
import argparse, csv, json, random, warnings
from pathlib import Path
import numpy as np, torch


def band_mass(o, K:int, layer:int, sigma:float=0.2):
    "Per item: attention mass of the mel steps inside the diagonal band over the text, (mean over heads, best head)."
    att, off, L, hm = o['attentions'][layer], o['offsets'], o['text_len'], o['h_mask']
    out = []
    for k in range(att.shape[0]):
        n, l, s = int(hm[k].sum()), int(L[k]), int(off[k])
        rows = att[k, :, s:s + n, K:K + l]                                          # (H, n, l)
        j, t = torch.arange(n)[:, None] / n, torch.arange(l)[None] / l
        W = torch.exp(-(j - t) ** 2 / (2 * sigma ** 2))
        m = (rows * W).sum(-1).mean(-1)                                             # (H,)
        out.append((float(m.mean()), float(m.max())))
    return out


@torch.no_grad()
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', nargs='+', required=True); ap.add_argument('--data', required=True)
    ap.add_argument('--n', type=int, default=24); ap.add_argument('--out', default=None)
    ap.add_argument('--asr-model', default=None, help='a CTCRecogniser file (narrate-train asr): adds WER/CER of free-running, teacher-forced and true speech')
    a = ap.parse_args(argv)
    warnings.simplefilter('ignore')
    from narrating_nb.audio_branch import load_audio_branch, audio_dataset, evaluate_audio_branch, speech_mask
    from narrating_nb.data.loaders import collate
    rec = None
    if a.asr_model:
        from narrating_nb.models.asr import CTCRecogniser
        rec = CTCRecogniser.from_pretrained(a.asr_model)
    res = {}
    for run in a.runs:
        br, cfg = load_audio_branch(run, 'cpu')
        ds = audio_dataset(cfg, a.data, 'test', train=False)
        idx = sorted(random.Random(0).sample(range(len(ds)), min(a.n, len(ds))))
        br.eval(); tf, mass = [], []
        for i in range(0, len(idx), 8):
            b = collate([ds[j] for j in idx[i:i + 8]]); b['mel_mask'] = speech_mask(b['mel'], b['mel_mask'])
            o = br(b, output_attentions=True)
            tf.append((float(o['mel_loss']), float(o['stop_loss']), len(b['id'])))
            mass += band_mass(o, br.dec.n_cond, br.dec.ga_layer, br.dec.ga_sigma)
        w = np.array([x[2] for x in tf], float)
        summ, _ = evaluate_audio_branch(br, cfg, a.data, 'test', n=a.n, asr=lambda wav, sr: '', recogniser=rec, progress=False)
        log = list(csv.DictReader(open(Path(run)/'log.csv')))
        top = max(int(r['step']) for r in log)
        last = {k: [float(r[k]) for r in log if int(r['step']) > top - 100] for k in ('mel_loss', 'stop_loss', 'ga_loss', 'sec_per_step')}
        res[run] = dict(step=top, tf_mel_mse=float(np.average([x[0] for x in tf], weights=w)),
                        tf_stop_bce=float(np.average([x[1] for x in tf], weights=w)),
                        band_mass_mean_head=float(np.mean([m[0] for m in mass])), band_mass_best_head=float(np.mean([m[1] for m in mass])),
                        hit_max_len=summ['hit_max_len'], dur_ratio=summ['dur_ratio'], mcd=summ['mcd'], stoi=summ['stoi'],
                        sim_target=summ['sim_target'], sim_others=summ['sim_others'], vocoder=summ['vocoder'],
                        **{k: summ[k] for k in ('wer_ctc', 'cer_ctc', 'cer_ctc_tf', 'cer_ctc_gt', 'cer_ctc_copy') if k in summ},
                        train_last100=dict(mel_loss=float(np.mean(last['mel_loss'])), stop_loss=float(np.mean(last['stop_loss'])),
                                           ga_loss=float(np.mean(last['ga_loss'])), sec_per_step=float(np.median(last['sec_per_step']))))
        print(run, json.dumps(res[run]), flush=True)
    if a.out: Path(a.out).write_text(json.dumps(dict(n=a.n, data=a.data, **res), indent=1))


if __name__ == '__main__': main()
