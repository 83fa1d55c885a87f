"""Where is the voice lost? Speaker information in each representation of the voice profile.

For held-out clips whose voice occurs at least 3 times, each representation of the clip's 2 s voice profile is
mean-pooled over its tokens, centred over the clips and compared by cosine. A representation that keeps the speaker
finds a clip of the same voice as each clip's nearest neighbour (1-NN voice accuracy; `chance`: the fraction of the other clips that have the same voice) and gives
same-voice pairs a higher cosine than other pairs. Representations, in the order the data flows:

- the profile's log-mel statistics (per-bin mean and std) and Resemblyzer's GE2E d-vector: references from outside the model;
- f_a (the trained audio-sequence encoder), f_s (the frozen Wav2Vec2), f_as (the audio TE's output);
- the decoder's conditioning tokens (the perceiver's K latents over f_as): all the decoder knows of the voice.

    python experiments/audio_voice/probe/probe.py --run runs/audio_ss --out experiments/audio_voice/probe/audio_ss.json
"""
import argparse, collections, json, numpy as np, torch
from pathlib import Path
from narrating_nb.audio_branch import load_audio_branch, audio_dataset, batch_to
from narrating_nb.metrics.audio import SpeakerEncoder
from narrating_nb.data.loaders import collate

p = argparse.ArgumentParser(); p.add_argument('--run', default='runs/audio_ss'); p.add_argument('--data', default='data/synthtalk')
p.add_argument('--n', type=int, default=150); p.add_argument('--out', required=True)
a = p.parse_args()
torch.manual_seed(0)
br, cfg = load_audio_branch(a.run, 'cpu'); br.eval()
ds = audio_dataset(cfg, a.data, 'test', train=False)
cnt = collections.Counter(r['voice'] for r in ds.rows)
idx = [i for i, r in enumerate(ds.rows) if cnt[r['voice']] >= 3][:a.n]
spk, reps, voices = SpeakerEncoder(), collections.defaultdict(list), []
with torch.no_grad():
    for i in idx:
        b = batch_to(collate([ds[i]]), 'cpu'); voices.append(ds.rows[i]['voice'])
        e = br.encode(b)
        pm = b['profile_mel'][0][:, b['profile_mel_mask'][0].bool()]
        reps['profile log-mel mean+std'].append(torch.cat([pm.mean(1), pm.std(1)]).numpy())
        reps['GE2E d-vector of the profile'].append(spk(b['profile'][0][b['profile_mask'][0].bool()].numpy(), cfg.data.sr))
        if e['f_a'] is not None: reps['f_a (audio-sequence encoder)'].append(e['f_a'][0].mean(0).numpy())
        if e['f_s'] is not None: reps['f_s (frozen Wav2Vec2)'].append(e['f_s'][0].mean(0).numpy())
        reps['f_as (audio TE output)'].append(e['f_as'][0][e['as_mask'][0]].mean(0).numpy())
        reps['decoder conditioning tokens'].append(br.dec.cond(e['f_as'], e['as_mask'])[0].mean(0).numpy())
voices = np.array(voices)
same = (voices[:, None] == voices[None]) & ~np.eye(len(voices), dtype=bool)
other = voices[:, None] != voices[None]
rows = []
for k, X in reps.items():
    X = np.stack(X); X = X - X.mean(0); X = X / (np.linalg.norm(X, axis=1, keepdims=True) + 1e-8)
    S = X @ X.T; np.fill_diagonal(S, -np.inf)
    rows.append(dict(representation=k, nn_voice_acc=float(np.mean(voices[S.argmax(1)] == voices)),
                     cos_same=float(S[same].mean()), cos_other=float(S[other].mean())))
    print(f"{k:32s} 1-NN voice accuracy {rows[-1]['nn_voice_acc']:.2f}   cos same voice {rows[-1]['cos_same']:.3f}   other {rows[-1]['cos_other']:.3f}", flush=True)
res = dict(run=a.run, clips=len(idx), voices=len(set(voices)), chance=float(same.sum(1).mean() / (len(voices) - 1)), rows=rows)
Path(a.out).parent.mkdir(parents=True, exist_ok=True); Path(a.out).write_text(json.dumps(res, indent=1))
