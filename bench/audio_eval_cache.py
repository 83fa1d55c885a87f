"""What `evaluate_audio_branch(gt_cache=)` saves when several audio branches are scored on the same clips, as the ablation
runner does (`narrate-ablate --audio-stage`).

Each run in `--runs` is scored on the same `--n` held-out clips twice: without a cache, and with one dict shared by all the runs
(the first run fills it, the next ones read each clip's ground-truth side from it). Prints the seconds of every evaluation, the
median ratio of cached to uncached for the runs after the first, the vocoder's share of each evaluation, and whether the cached evaluation's rows equal the uncached
ones (HiFi-GAN is deterministic, so they must; with Griffin-Lim, whose phase starts at random, only the model's side would).

    OMP_NUM_THREADS=1 python bench/audio_eval_cache.py --runs runs/abl_audio/ete/seed0 runs/abl_audio/no_te/seed0 runs/abl_audio/no_landmarks/seed0 \\
        --data data/synthtalk --n 8 --asr-model runs/asr_synthtalk
"""
import argparse, json, math, statistics, time
import torch
from narrating_nb.audio_branch import load_audio_branch, evaluate_audio_branch
from torch.nn.modules.module import register_module_forward_pre_hook, register_module_forward_hook
from narrating_nb.models.vocoder import HiFiGAN
from narrating_nb.models.asr import CTCRecogniser

def same(a:list, b:list) -> bool:
    "Rows equal field by field (NaN equal to NaN)."
    eq = lambda x, y: x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
    return len(a) == len(b) and all(r.keys() == s.keys() and all(eq(r[k], s[k]) for k in r) for r, s in zip(a, b))

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--runs', nargs='+', required=True, help='audio runs (at least two) with the same data and mel settings')
    p.add_argument('--data', default='data/synthtalk'); p.add_argument('--split', default='test'); p.add_argument('--n', type=int, default=8)
    p.add_argument('--asr-model', default=None, help='a CTC recogniser (narrate-train asr); default: pocketsphinx')
    p.add_argument('--threads', type=int, default=torch.get_num_threads())
    a = p.parse_args()
    if len(a.runs) < 2: raise SystemExit('give at least two runs: the first fills the cache, the others read it')
    torch.set_num_threads(a.threads)
    kw = dict(recogniser=CTCRecogniser.from_pretrained(a.asr_model), asr=None) if a.asr_model else {}
    branches = [load_audio_branch(r) for r in a.runs]
    t, rows, cache, voc_s = {}, {}, {}, [0.]
    started = {}                                                          # the vocoder's share of each evaluation: HiFi-GAN's forward passes, timed
    def pre(mod, args):                                                   # by torch's global module hooks (every module passes through them)
        if isinstance(mod, HiFiGAN): started[id(mod)] = time.perf_counter()
    def post(mod, args, out):
        if isinstance(mod, HiFiGAN): voc_s[0] += time.perf_counter() - started.pop(id(mod))
    hooks = [register_module_forward_pre_hook(pre), register_module_forward_hook(post)]
    share = {}
    for mode in ('uncached', 'cached'):
        for run, (br, cfg) in zip(a.runs, branches):
            s, voc_s[0] = time.perf_counter(), 0.
            _, rows[mode, run] = evaluate_audio_branch(br, cfg, a.data, a.split, a.n, progress=False, gt_cache=cache if mode == 'cached' else None, **kw)
            t[mode, run] = time.perf_counter() - s; share[mode, run] = voc_s[0] / t[mode, run]
            print(f'{mode:>9}  {run}: {t[mode, run]:6.1f} s for {len(rows[mode, run])} clips (the vocoder: {100 * share[mode, run]:.0f} %)', flush=True)
    for h in hooks: h.remove()
    later = a.runs[1:]
    ratio = statistics.median(t['cached', r] / t['uncached', r] for r in later)
    agree = all(same(rows['cached', r], rows['uncached', r]) for r in a.runs)
    print(f'threads={a.threads} n={a.n}; the runs after the first, cached / uncached: median ratio {ratio:.2f} '
          f'({statistics.median(t["uncached", r] for r in later):.1f} s → {statistics.median(t["cached", r] for r in later):.1f} s per evaluation)')
    print(f'cached rows equal the uncached ones: {agree}; the vocoder\'s share of an uncached evaluation: median {100 * statistics.median(share["uncached", r] for r in a.runs):.0f} %')
    print(json.dumps(dict(n=a.n, threads=a.threads, seconds={f'{m}:{r}': v for (m, r), v in t.items()}, ratio=ratio, rows_equal=agree,
                     vocoder_share={f'{m}:{r}': v for (m, r), v in share.items()})))

if __name__ == '__main__': main()
