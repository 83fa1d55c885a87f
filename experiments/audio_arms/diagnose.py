"""Where free-running speech goes wrong: spectrograms and the guided layer's alignment, teacher-forced and free-running.

For each run, on the first `--n` of the 40 held-out clips that `compare.py` scores:
- the guided layer's attention mass inside the diagonal band over the text, teacher-forced on the true mel, and
  free-running: the generated frames fed back through a teacher-forced pass (for a decoder without a postnet these are
  exactly the frames it read while generating, so the maps are the ones it had);
- the teacher-forced mel MSE (normalised), and the same with every fed-back step replaced by the mean frame ("blind"):
  how much of the prediction comes from the text and the profile alone;
- both again with each clip given another clip's text ("other text"): how much the prediction depends on the text;
- for clip `--item`, the text token each mel step attends to most (mean over heads), both ways;
and a figure of clip `--item`: the true mel, and each run's teacher-forced and free-running mel.

    python experiments/audio_arms/diagnose.py --runs runs/ga_old runs/ab_postnet --labels "dropout 0.1" "dropout 0 + postnet" \
        --data data/synthtalk --out experiments/audio_arms/diagnose.json --figure experiments/audio_arms/spectrograms.png
"""
import argparse, json, random, sys, warnings
from pathlib import Path
import numpy as np, torch, matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
sys.path.insert(0, str(Path(__file__).resolve().parents[1]/'audio_ga_sdpa'))
from compare import band_mass


class Blind(torch.nn.Module):
    "A prenet that is fed the mean frame (0 in normalised units) in place of every fed-back mel step."
    def __init__(self, prenet): super().__init__(); self.p = prenet
    def forward(self, y): return self.p(torch.zeros_like(y))


def peaks(o, b:int, K:int, layer:int) -> list[int]:
    "Item b: the text token each mel step attends to most, mean over heads."
    att, off, L, n = o['attentions'][layer][b].mean(0), int(o['offsets'][b]), int(o['text_len'][b]), int(o['h_mask'][b].sum())
    return att[off:off + n, K:K + L].argmax(-1).tolist()


@torch.no_grad()
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', nargs='+', required=True); ap.add_argument('--labels', nargs='*', default=None)
    ap.add_argument('--data', required=True); ap.add_argument('--n', type=int, default=16)
    ap.add_argument('--item', type=int, default=0, help='the clip (of the n) to draw'); ap.add_argument('--out', default=None)
    ap.add_argument('--figure', default=None)
    ap.add_argument('--pointer-figure', default=None, help="for runs with adec.pointer: clip --item's text pointer, timed (teacher) and free-running")
    a = ap.parse_args(argv)
    warnings.simplefilter('ignore')
    from narrating_nb.audio_branch import load_audio_branch, audio_dataset, speech_mask
    from narrating_nb.data.loaders import collate
    from narrating_nb.viz import plot_spec, small_figs
    labels, res = a.labels or a.runs, {}
    small_figs()
    fig, axs = plt.subplots(1 + 2 * len(a.runs), 1, figsize=(6, 1.05 * (1 + 2 * len(a.runs))), sharex=True)
    paths = {}
    for k, run in enumerate(a.runs):
        br, cfg = load_audio_branch(run, 'cpu'); br.eval()
        ds = audio_dataset(cfg, a.data, 'test', train=False)
        idx = sorted(random.Random(0).sample(range(len(ds)), min(40, len(ds))))[:a.n]
        b = collate([ds[j] for j in idx]); b['mel_mask'] = speech_mask(b['mel'], b['mel_mask'])
        K, layer = br.dec.n_cond, br.dec.ga_layer
        tf = br(b, output_attentions=True)
        prenet = br.dec.prenet; br.dec.prenet = Blind(prenet)
        blind = br(b)
        other = dict(b, text=b['text'].roll(1, 0), text_mask=b['text_mask'].roll(1, 0)); other.pop('spoken_pos', None)
        blind_other = br(other); br.dec.prenet = prenet
        tf_other = br(other)
        g = br.speak(b, stop_threshold=cfg.adec.stop_threshold)
        fr = br(dict(b, mel=g['mel'], spoken_pos=None, mel_mask=torch.arange(g['mel'].shape[-1])[None] < g['lengths'][:, None]), output_attentions=True)
        i = a.item
        res[run] = dict(label=labels[k], n=len(idx), postnet=br.dec.postnet is not None,
                        tf_mel_mse=float(tf['mel_loss']), blind_mel_mse=float(blind['mel_loss']),
                        tf_mel_mse_other_text=float(tf_other['mel_loss']), blind_mel_mse_other_text=float(blind_other['mel_loss']),
                        **({'tf_phone_acc': float(tf['phone_acc'])} if 'phone_acc' in tf else {}),
                        **({'tf_ptr_acc': float(tf['ptr_acc']),                            # teacher-forced: the right move from the timed path
                            'free_ptr_end': float(((g['pointer'].amax(1) + 1) / tf['text_len']).mean()),   # free-running: how far through the text the pointer got
                            'free_ptr_reached_end': float((g['pointer'].amax(1) == tf['text_len'] - 1).float().mean())} if 'pointer' in g else {}),
                        band_mass_tf=float(np.mean([m[0] for m in band_mass(tf, K, layer, br.dec.ga_sigma)])),
                        band_mass_free=float(np.mean([m[0] for m in band_mass(fr, K, layer, br.dec.ga_sigma)])),
                        item=dict(text=ds[idx[i]]['text_str'], text_tokens=int(tf['text_len'][i]), true_steps=int(tf['h_mask'][i].sum()),
                                  generated_steps=int(g['h_mask'][i].sum()), stopped=bool(g['stopped'][i]),
                                  peak_token_tf=peaks(tf, i, K, layer), peak_token_free=peaks(fr, i, K, layer)))
        print(run, {x: v for x, v in res[run].items() if x != 'item'}, flush=True)
        if 'pointer' in g:
            ns = int(g['h_mask'][i].sum())
            paths[labels[k]] = (tf['ptr'][i, :int(tf['h_mask'][i].sum())].tolist(), g['pointer'][i, :ns].tolist(), int(tf['text_len'][i]), ds[idx[i]]['text_str'])
        n = int(b['mel_mask'][i].sum())
        if k == 0: plot_spec(b['mel'][i, :, :n], axs[0], title=f"truth: “{ds[idx[i]]['text_str']}”")
        plot_spec(tf['mel_pred'][i, :, :n], axs[1 + 2 * k], title=f'{labels[k]}: teacher-forced')
        plot_spec(g['mel'][i, :, :int(g['lengths'][i])], axs[2 + 2 * k], title=f'{labels[k]}: free-running')
    for ax in axs: ax.set_ylabel('')
    fig.tight_layout()
    if a.figure: fig.savefig(a.figure, dpi=60); print('wrote', a.figure)
    if a.pointer_figure and paths:
        pf, pax = plt.subplots(1, len(paths), figsize=(3.2 * len(paths), 2.4), squeeze=False)
        for ax, (lab, (tp, fp, L, txt)) in zip(pax[0], paths.items()):
            ax.step(range(len(tp)), tp, where='post', lw=1.2, label='timed (teacher)'); ax.step(range(len(fp)), fp, where='post', lw=1.2, label='free-running')
            ax.axhline(L - 1, c='0.6', lw=0.6, ls=':'); ax.set_xlabel('step'); ax.set_ylabel('text token'); ax.set_title(f'{lab}: “{txt[:28]}”', fontsize=7)
            ax.legend(fontsize=6, loc='lower right')
        pf.tight_layout(); pf.savefig(a.pointer_figure, dpi=70); print('wrote', a.pointer_figure)
    if a.out: Path(a.out).write_text(json.dumps(dict(data=a.data, **res), indent=1))


if __name__ == '__main__': main()
