"""How precisely does the guided layer read the text? Teacher-forced attention against SynthTalk's exact phoneme timings.

SynthTalk clips carry espeak-ng's phoneme events (symbol, start, end in seconds). The espeak tokenizer writes the same
phonemes as IPA characters (with stress marks and word spaces between them), so each text token can be tied to the
phoneme it spells. For every mel step of the first `--n` of the 40 held-out clips that `compare.py` scores, this script
takes the text token the guided layer attends to most (mean over heads, teacher-forced on the true mel), and asks:
- `acc`: is it a token of the phoneme being spoken at the step's centre time?
- `acc_pm1`: of that phoneme or one of its neighbours?
- `err`: how many phonemes off is it (mean absolute)? `bias`: the mean signed offset (< 0: behind the speech)?
The same questions for the plain diagonal (token = step / steps × tokens, the centre of the guided-attention band) give
the floor: an attention no better than the diagonal reads nothing the band did not already say. `target_acc` asks the
same of the timed guided-attention target (`adec.guided_attn_timed`: `spoken_pos` averaged over each step's frames).

    python experiments/audio_arms/align_precision.py --runs runs/ab_postnet runs/ab_bl30 --data data/synthtalk --out experiments/audio_arms/align.json
"""
import argparse, ast, json, random, warnings
from pathlib import Path
import numpy as np, torch


def token_phonemes(tokens:list[str], events:list) -> np.ndarray|None:
    "Phoneme index of each text token, from the package's `token_times` (the spelling walk the timed target uses): a timed token gets its phoneme; the rest (stress, spaces, bos/eos) the next phoneme's (or the last). None if the spelling cannot be followed."
    from narrating_nb.data.loaders import token_times
    tt = token_times(tokens, events)
    if not np.isfinite(tt).any(): return None
    starts = np.array([e[1] for e in events])
    own = np.where(np.isfinite(tt), np.searchsorted(starts, np.nan_to_num(tt), side='right') - 1, -1)
    out, nxt = own.copy(), own.max()
    for t in range(len(tokens) - 1, -1, -1):
        if own[t] >= 0: nxt = own[t]
        else: out[t] = nxt
    return out


def score(peak:np.ndarray, tok2ph:np.ndarray, true_ph:np.ndarray) -> tuple:
    ph = tok2ph[peak]
    return (ph == true_ph).mean(), (np.abs(ph - true_ph) <= 1).mean(), np.abs(ph - true_ph).mean(), (ph - true_ph).mean()


@torch.no_grad()
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', nargs='+', required=True); ap.add_argument('--data', required=True)
    ap.add_argument('--n', type=int, default=40); ap.add_argument('--out', default=None)
    a = ap.parse_args(argv)
    warnings.simplefilter('ignore')
    from narrating_nb.audio_branch import load_audio_branch, audio_dataset, speech_mask
    from narrating_nb.data.loaders import collate
    from narrating_nb.models.text import load_tokenizer
    from narrating_nb.models.audio_decoder import frame_times
    from narrating_nb.data.loaders import token_times, text_positions
    from narrating_nb.audio import mel_frame_times
    res = {}
    for run in a.runs:
        br, cfg = load_audio_branch(run, 'cpu'); br.eval()
        tok = load_tokenizer(cfg.text.tokenizer or None)
        ds = audio_dataset(cfg, a.data, 'test', train=False)
        idx = sorted(random.Random(0).sample(range(len(ds)), min(40, len(ds))))[:a.n]
        K, layer, r = br.dec.n_cond, br.dec.ga_layer, br.dec.frames_per_step
        att_s, diag_s, tgt_s, used = [], [], [], 0
        for i in range(0, len(idx), 8):
            b = collate([ds[j] for j in idx[i:i + 8]]); b['mel_mask'] = speech_mask(b['mel'], b['mel_mask'])
            o = br(b, output_attentions=True)
            att = o['attentions'][layer].mean(1)                                  # (B, N, N), mean over heads
            for k, cid in enumerate(b['id']):
                meta = json.loads((Path(a.data)/'clips'/f'{cid}.json').read_text())
                ev = ast.literal_eval(meta['phonemes']) if isinstance(meta['phonemes'], str) else meta['phonemes']
                L, n, off = int(o['text_len'][k]), int(o['h_mask'][k].sum()), int(o['offsets'][k])
                ids = b['text'][k][b['text_mask'][k].bool()].tolist()[:L]
                tok2ph = token_phonemes([tok.decode([t]) for t in ids], ev)
                if tok2ph is None: continue
                t = frame_times(n, r, cfg.mel.hop, cfg.mel.sr).numpy()
                starts, ends = np.array([e[1] for e in ev]), np.array([e[2] for e in ev])
                true_ph = np.searchsorted(starts, t, side='right') - 1
                inside = (true_ph >= 0) & (t < ends[np.clip(true_ph, 0, None)])   # steps inside a phoneme (not pauses or after the speech)
                if inside.sum() == 0: continue
                peak = att[k, off:off + n, K:K + L].argmax(-1).numpy()
                diag = np.minimum((np.arange(n) + 0.5) / n * L, L - 1).astype(int)
                tt = token_times([tok.decode([t]) for t in ids], ev)                  # the timed guided-attention target, as `spoken_pos` gives it
                sp = text_positions(tt, mel_frame_times(n * r, cfg.mel.hop, cfg.mel.sr).numpy()).reshape(n, r).mean(1)
                tgt_s.append((*score(np.clip(np.round(sp), 0, L - 1).astype(int)[inside], tok2ph, true_ph[inside]), inside.sum()))
                att_s.append((*score(peak[inside], tok2ph, true_ph[inside]), inside.sum()))
                diag_s.append((*score(diag[inside], tok2ph, true_ph[inside]), inside.sum()))
                used += 1
        w = np.array([s[4] for s in att_s], float)
        avg = lambda S, c: float(np.average([s[c] for s in S], weights=w))
        res[run] = dict(clips=used, steps=int(w.sum()), acc=avg(att_s, 0), acc_pm1=avg(att_s, 1), err=avg(att_s, 2), bias=avg(att_s, 3),
                        diag_acc=avg(diag_s, 0), diag_acc_pm1=avg(diag_s, 1), diag_err=avg(diag_s, 2), diag_bias=avg(diag_s, 3),
                        target_acc=avg(tgt_s, 0), target_bias=avg(tgt_s, 3))
        print(run, json.dumps(res[run]), flush=True)
    if a.out: Path(a.out).write_text(json.dumps(dict(n=a.n, data=a.data, **res), indent=1))


if __name__ == '__main__': main()
