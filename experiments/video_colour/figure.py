"""The colour figure of 26_video_branch from probe.py's strips: for two clips, the real frames, the VAE's round trip of them,
the sampled frames (10 DDIM steps, guidance 7) and the same with the colour fix (`fit_colour_map`, fitted on the source photo).

    python experiments/video_colour/figure.py --clips test_00111 test_00020
"""
import argparse, numpy as np
from pathlib import Path
from PIL import Image
import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt

HERE = Path(__file__).parent
p = argparse.ArgumentParser(); p.add_argument('--clips', nargs='+', default=['test_00111', 'test_00020']); p.add_argument('--out', default=str(HERE/'colour.jpg'))
a = p.parse_args()
ROWS = {0: 'real frames', 1: 'VAE round trip', 4: 'sampled', 5: 'sampled + colour fix'}     # probe.py's rows: real, VAE, s10 g1 (+fix), s10 g7 (+fix)
fig, axes = plt.subplots(len(ROWS), len(a.clips), figsize=(3.6 * len(a.clips), 3.3), dpi=100, squeeze=False)
for j, cid in enumerate(a.clips):
    s = np.asarray(Image.open(HERE/f'strip_{cid}.jpg')); h = s.shape[1] // 4           # 4 frames (every 4th) per row
    for i, (r, label) in enumerate(ROWS.items()):
        ax = axes[i, j]; ax.imshow(s[r * h:(r + 1) * h]); ax.set_xticks([]); ax.set_yticks([])
        if j == 0: ax.set_ylabel(label, rotation=0, ha='right', va='center', fontsize=8)
    axes[0, j].set_title(cid, fontsize=8)
fig.subplots_adjust(left=0.2, right=0.99, top=0.93, bottom=0.01, wspace=0.03, hspace=0.04); fig.savefig(a.out, pil_kwargs=dict(quality=85) if a.out.endswith('.jpg') else None); print(a.out)
