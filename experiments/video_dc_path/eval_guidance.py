"""The held-out video evaluation of a run at another classifier-free guidance scale (same clips, seed and sampler
as `narrate-train video`'s evaluation).

    python experiments/video_dc_path/eval_guidance.py --run runs/video_ptr_C --guidance 7 --n 12 --out experiments/video_dc_path/eval_test_C_g7.json
"""
import argparse, csv, json
from pathlib import Path
from narrating_nb.video_branch import load_video_branch, evaluate_video_branch
p = argparse.ArgumentParser(); p.add_argument('--run', required=True); p.add_argument('--data', default='data/synthtalk')
p.add_argument('--guidance', type=float, required=True); p.add_argument('--n', type=int, default=12); p.add_argument('--out', required=True)
a = p.parse_args()
vb, cfg = load_video_branch(a.run, 'cpu')
summ, rows = evaluate_video_branch(vb, cfg, a.data, 'test', a.n, guidance=a.guidance)
Path(a.out).write_text(json.dumps(summ, indent=1))
with open(Path(a.out).with_suffix('.csv'), 'w') as f:
    w = csv.DictWriter(f, list(rows[0]), lineterminator='\n'); w.writeheader(); w.writerows(rows)
print(json.dumps(summ, indent=1))
