"""The aligner's path on held-out SynthTalk clips, next to the phoneme-event truth and the diagonal: a spectrogram and the token index per frame.

    python experiments/aligner/figure.py --run runs/aligner_synthtalk --data data/synthtalk --out experiments/aligner/alignment.png
"""
import argparse, time
import torch, matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
from narrating_nb.config import MelCfg
from narrating_nb.models.aligner import Aligner, load_pairs, pad_batch, diagonal_positions, alignment_agreement

p = argparse.ArgumentParser()
p.add_argument('--run', default='runs/aligner_synthtalk'); p.add_argument('--data', default='data/synthtalk')
p.add_argument('--out', default='experiments/aligner/alignment.png'); p.add_argument('--clips', type=int, default=2)
a = p.parse_args()
torch.set_num_threads(1)
al = Aligner.from_pretrained(a.run, 'cpu')
items = load_pairs(a.data, 'test', al.hp['tokenizer'], MelCfg(**al.hp['mel_cfg']), n=a.clips, truth=True)
from narrating_nb.models.text import load_tokenizer
tok = load_tokenizer(al.hp['tokenizer'] or None)
t0 = time.perf_counter()
for _ in range(3): [al.align(*pad_batch([it])) for it in items]
print(f"align: {(time.perf_counter() - t0) / (3 * len(items)) * 1000:.1f} ms per 3 s clip (1 thread, batch 1)")
fig, axs = plt.subplots(2, len(items), figsize=(4.2 * len(items), 4.2), gridspec_kw=dict(height_ratios=[1, 1.4]), squeeze=False)
for j, it in enumerate(items):
    text, tm, mel, mm = pad_batch([it])
    pos = al.align(text, tm, mel, mm)[0]
    diag = diagonal_positions(tm.sum(1), mm.sum(1), mel.shape[-1])[0]
    s = alignment_agreement(pos, it['spoken_pos'])
    axs[0, j].imshow(mel[0].numpy(), origin='lower', aspect='auto', cmap='magma'); axs[0, j].set_title(f"{it['id']}", fontsize=8)
    axs[0, j].set_xticks([]); axs[0, j].set_ylabel('mel bin', fontsize=7)
    ax = axs[1, j]
    ax.plot(it['spoken_pos'].numpy(), 'k-', lw=2.2, alpha=.35, label='phoneme events (truth)')
    ax.plot(pos.numpy(), 'C0-', lw=1.1, label=f"aligner (|err| {s['mae_tokens']:.2f} tok)")
    ax.plot(diag.numpy(), 'C3--', lw=.9, label=f"diagonal (|err| {alignment_agreement(diag, it['spoken_pos'])['mae_tokens']:.2f} tok)")
    syms = [tok.decode([i]) or ('<s>' if i == 1 else '</s>' if i == 2 else '?') for i in it['text'].tolist()]
    ax.set_yticks(range(len(syms))); ax.set_yticklabels(syms, fontsize=5)
    ax.set_xlabel('mel frame (11.6 ms)', fontsize=7); ax.set_ylabel('text token', fontsize=7); ax.legend(fontsize=6, loc='lower right')
    ax.tick_params(labelsize=6)
plt.tight_layout(); plt.savefig(a.out, dpi=110)
print('wrote', a.out)
