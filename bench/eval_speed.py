"""Seconds per metric group for evaluating one system's clips against the ground truth (`narrate-eval`'s own timer).

The system is `still` (the source photo repeated, with the true speech for sync), which costs nothing to make, so the figures are the
metrics' cost alone. Feature networks whose published weights are installed are used as they are; the others are built with their
published architecture and random weights, which costs the same compute; their scores mean nothing and are not printed.

    python bench/eval_speed.py --data data/synthtalk --n 200 --asr-model runs/asr_synthtalk --sync-expert runs/syncnet_synthtalk
"""
import argparse, json, os, time
import torch
from narrating_nb.evaluate import evaluate, load_metric_nets
from narrating_nb.metrics import video as mv, audio as ma, sync as ms

def stand_ins(missing):
    build = dict(inception=mv.InceptionFID, i3d=mv.InceptionI3d, lpips=lambda: mv.LPIPS('alex'), vggish=ma.VGGish, syncnet=ms.SyncNetV2)
    return {k: build[k]().eval().requires_grad_(False) for k in missing}

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--data', default='data/synthtalk'); p.add_argument('--split', default='test'); p.add_argument('--n', type=int, default=20)
    p.add_argument('--asr-model', default=None); p.add_argument('--sync-expert', default=None)
    p.add_argument('--no-stand-ins', action='store_true', help='leave out the networks whose weights are missing')
    p.add_argument('--out', default=None, help='also write the timing as JSON here')
    p.add_argument('--gt-cache', action='store_true', help="read the ground truth's scores from an earlier run (default: score it and keep the scores, the cost of a first evaluation)")
    a = p.parse_args()
    torch.manual_seed(0)
    nets, missing = load_metric_nets()
    stood_in = [] if a.no_stand_ins else sorted(missing)
    nets.update(stand_ins(stood_in))
    rec = None
    if a.asr_model:
        from narrating_nb.models.asr import CTCRecogniser
        rec = CTCRecogniser.from_pretrained(a.asr_model)
    expert = ms.load_sync_expert(a.sync_expert) if a.sync_expert else None
    t = time.perf_counter()
    rep = evaluate(None, a.data, a.split, a.n, systems=('gt', 'still', 'copy_hifigan'), nets=nets, missing={}, recogniser=rec, expert=expert,
                   gt_cache=True if a.gt_cache else 'refresh')
    wall = time.perf_counter() - t
    n = rep.meta['n']
    print(f"\n{n} clips of {a.data} ({a.split}); torch threads {torch.get_num_threads()}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
    print(f"feature networks with published weights: {sorted(set(nets) - set(stood_in)) or 'none'}; random-weight stand-ins (same compute): {stood_in or 'none'}")
    print(f"WER by {'the CTC recogniser' if rec else 'pocketsphinx'}; sync expert: {'yes' if expert else 'no'}\n")
    print(f"| group | seconds for {n} clips | seconds per clip |\n|---|---|---|")
    for k, v in rep.timing.items(): print(f"| {k} | {v:.1f} | {v / n:.3f} |")
    print(f"| **total (wall)** | {wall:.1f} | {wall / n:.3f} |")
    if a.out:
        with open(a.out, 'w') as f: json.dump(dict(n=n, wall=wall, timing=rep.timing, stand_ins=stood_in, threads=torch.get_num_threads()), f, indent=1)

if __name__ == '__main__': main()
