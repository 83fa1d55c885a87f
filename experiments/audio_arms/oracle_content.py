"""How much of the spectrogram can the text give, once the alignment is known? A frame-wise probe with oracle timings.

The all-blind arm of `24_audio_branch` (fed no sound history) explains about 3 % of the normalised spectrogram's
variance, so the decoder's text path carries almost nothing. This script asks what it *could* carry. A small MLP predicts
each mel frame from inputs that an aligned decoder could read, with the alignment taken from SynthTalk's exact phoneme
timings (`spoken_pos`, the timed guided-attention target):
- `text`: the embeddings of the token spoken at the frame and of its two neighbours on each side (a silence token in pauses
  and after the speech), and how far into that token the frame is;
- `voice`: the mean of the normalised voice-profile mel (who is speaking);
- `text+voice`: both.
It trains on `--n-train` training clips and reports the held-out MSE on the 40 test clips that `compare.py` scores,
in the units of the decoder's `mel_loss` (each bin normalised with the decoder's statistics, so predicting the mean scores
about 1). The frames are the same ones the decoder's loss counts (`speech_mask`).

    python experiments/audio_arms/oracle_content.py --run runs/ab_timed --data data/synthtalk --out experiments/audio_arms/oracle_content.json
"""
import argparse, json, random, time, warnings
from pathlib import Path
import torch, torch.nn as nn


def normalise(dec, mel):
    "The mel as the decoder sees it: normalised by its `set_mel_stats` buffers."
    return (mel - dec.mel_mean[:, None]) / dec.mel_std[:, None]


def frames(ds, idx, dec, speech_mask, collate, L_ctx:int=2):
    "Per-frame (token ids (F, 2·L_ctx+1), offset into the token (F,), voice feature (F, 80), normalised mel (F, 80))."
    toks, offs, voices, ys = [], [], [], []
    sil = dec.vocab_size                                                  # an extra id: no token is being spoken
    for i in range(0, len(idx), 16):
        b = collate([ds[j] for j in idx[i:i + 16]]); m = speech_mask(b['mel'], b['mel_mask'])
        y = normalise(dec, b['mel']).transpose(1, 2)                            # (B, T, 80)
        pm = b['profile_mel_mask'][..., None].float()
        v = (normalise(dec, b['profile_mel']).transpose(1, 2) * pm).sum(1) / pm.sum(1)   # (B, 80)
        for k in range(len(b['id'])):
            sp, n = b['spoken_pos'][k], int(m[k].sum())
            sp, L = sp[:n], int(b['text_mask'][k].sum())
            known = torch.isfinite(sp)
            c = sp.nan_to_num(0.).round().long().clamp(0, L - 1)
            ids = torch.stack([b['text'][k][(c + d).clamp(0, L - 1)] for d in range(-L_ctx, L_ctx + 1)], 1)
            ids = torch.where(known[:, None], ids, torch.full_like(ids, sil))
            toks.append(ids); offs.append(torch.where(known, sp - c, torch.zeros_like(sp)))
            voices.append(v[k].expand(n, -1)); ys.append(y[k, :n])
    return torch.cat(toks), torch.cat(offs), torch.cat(voices), torch.cat(ys)


class Probe(nn.Module):
    def __init__(self, vocab:int, use_text:bool, use_voice:bool, n_ctx:int=5, d:int=64, h:int=256):
        super().__init__()
        self.use_text, self.use_voice = use_text, use_voice
        self.emb = nn.Embedding(vocab + 1, d)
        d_in = (n_ctx * d + 1 if use_text else 0) + (80 if use_voice else 0) or 1
        self.net = nn.Sequential(nn.Linear(d_in, h), nn.GELU(), nn.Linear(h, h), nn.GELU(), nn.Linear(h, 80))

    def forward(self, tok, off, voice):
        x = []
        if self.use_text: x += [self.emb(tok).flatten(1), off[:, None]]
        if self.use_voice: x += [voice]
        return self.net(torch.cat(x, 1) if x else torch.zeros(len(tok), 1))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--run', required=True, help='a run trained with adec.guided_attn_timed (its config reads the timings; its decoder gives the mel statistics)')
    ap.add_argument('--data', required=True); ap.add_argument('--n-train', type=int, default=600)
    ap.add_argument('--steps', type=int, default=1500); ap.add_argument('--out', default=None)
    a = ap.parse_args(argv)
    warnings.simplefilter('ignore'); torch.manual_seed(0)
    from narrating_nb.audio_branch import load_audio_branch, audio_dataset, speech_mask
    from narrating_nb.data.loaders import collate
    br, cfg = load_audio_branch(a.run, 'cpu'); dec = br.dec
    if not cfg.adec.guided_attn_timed: raise SystemExit(f"{a.run} was not trained with adec.guided_attn_timed: its items carry no timings")
    tr, te = audio_dataset(cfg, a.data, 'train', train=False), audio_dataset(cfg, a.data, 'test', train=False)
    t0 = time.time()
    with torch.no_grad():
        Xtr = frames(tr, sorted(random.Random(1).sample(range(len(tr)), min(a.n_train, len(tr)))), dec, speech_mask, collate)
        Xte = frames(te, sorted(random.Random(0).sample(range(len(te)), min(40, len(te)))), dec, speech_mask, collate)
    print(f"{len(Xtr[0])} training frames, {len(Xte[0])} held-out frames ({time.time() - t0:.0f} s to load)", flush=True)
    res = dict(run=a.run, data=a.data, n_train=a.n_train, steps=a.steps, frames_train=len(Xtr[0]), frames_test=len(Xte[0]),
               mean_predictor=float((Xte[3] ** 2).mean()))
    for name, ut, uv in (('nothing', False, False), ('voice', False, True), ('text', True, False), ('text+voice', True, True)):
        torch.manual_seed(0); p = Probe(dec.vocab_size, ut, uv); opt = torch.optim.Adam(p.parameters(), lr=1e-3)
        g = torch.Generator().manual_seed(0)
        for s in range(a.steps):
            j = torch.randint(len(Xtr[0]), (4096,), generator=g)
            loss = ((p(Xtr[0][j], Xtr[1][j], Xtr[2][j]) - Xtr[3][j]) ** 2).mean()
            opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad(): mse = float(((p(*Xte[:3]) - Xte[3]) ** 2).mean())
        res[name] = dict(train_mse=float(loss), test_mse=mse)
        print(f"{name:11s} held-out MSE {mse:.3f} (last training batch {float(loss):.3f})", flush=True)
    if a.out: Path(a.out).write_text(json.dumps(res, indent=1))


if __name__ == '__main__': main()
