"""Where an audio-branch training step's time goes, on real SynthTalk batches.

Prints the median seconds of each phase of `train_audio_branch`'s step (batch load, frozen features, encoding phase,
decoder forward, backward, optimiser) over `--steps` steps after `--warmup`, and the top operators of one profiled step.

    python bench/audio_step_profile.py --data data/synthtalk --set text.tokenizer=espeak train.bs=16
"""
import argparse, statistics, time, warnings
import torch


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', required=True); ap.add_argument('--preset', default='small')
    ap.add_argument('--set', nargs='*', default=[], metavar='KEY=VALUE')
    ap.add_argument('--steps', type=int, default=6); ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--threads', type=int, default=torch.get_num_threads()); ap.add_argument('--top', type=int, default=15)
    a = ap.parse_args(argv)
    warnings.simplefilter('ignore'); torch.set_num_threads(a.threads)
    from narrating_nb.config import get_cfg
    from narrating_nb.audio_branch import AudioBranch, FeatureCache, FROZEN, audio_dataset, batch_to, speech_mask, init_mel_stats
    from narrating_nb.data.loaders import collate
    cfg = get_cfg(a.preset, a.set)
    torch.manual_seed(0)
    br = AudioBranch.from_cfg(cfg, FROZEN)
    params = [p for p in br.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.train.lr, weight_decay=cfg.train.wd)
    ds = audio_dataset(cfg, a.data, 'train', seed=0)
    bs, n = cfg.train.bs, a.warmup + a.steps
    cache = FeatureCache(br)
    ph = {k: [] for k in ('load', 'frozen', 'encode', 'decoder', 'backward', 'optim')}
    batches = []
    for i in range(n):
        t = time.perf_counter(); b = collate([ds[(i * bs + j) % len(ds)] for j in range(bs)]); ph['load'].append(time.perf_counter() - t)
        batches.append(b)
    init_mel_stats(br.dec, [batches[0]], 1)
    br.train()
    def step(b, rec=True):
        b = batch_to(b, 'cpu'); b['mel_mask'] = speech_mask(b['mel'], b['mel_mask'])
        t = [time.perf_counter()]
        f = cache(b); t.append(time.perf_counter())
        e = br.encode(b, f); t.append(time.perf_counter())
        out = br.dec(e['f_as'], e['as_mask'], b['text'], b['text_mask'], b['mel'], b['mel_mask']); t.append(time.perf_counter())
        opt.zero_grad(set_to_none=True); out['loss'].backward(); t.append(time.perf_counter())
        torch.nn.utils.clip_grad_norm_(params, cfg.train.clip); opt.step(); t.append(time.perf_counter())
        if rec:
            for k, x, y in zip(('frozen', 'encode', 'decoder', 'backward', 'optim'), t, t[1:]): ph[k].append(y - x)
    for b in batches[:a.warmup]: step(b, rec=False)                  # first sight of each clip fills the feature cache
    for b in batches[a.warmup:]: cache(b)                             # the timed steps read cached features, as training does after epoch 1
    for b in batches[a.warmup:]: step(b)
    med = {k: statistics.median(v) for k, v in ph.items()}
    tot = sum(v for k, v in med.items() if k != 'load')
    print(f"preset {a.preset} {' '.join(a.set)}, batch {bs}, {a.threads} threads; medians of {a.steps} steps (batch load: 1 process, not overlapped)")
    for k, v in med.items(): print(f"  {k:9s} {v:7.3f} s  {'' if k == 'load' else f'{100 * v / tot:5.1f} %'}")
    print(f"  step      {tot:7.3f} s (without the batch load)")
    from torch.profiler import profile, ProfilerActivity
    with profile(activities=[ProfilerActivity.CPU]) as prof: step(batches[-1], rec=False)
    print(prof.key_averages().table(sort_by='self_cpu_time_total', row_limit=a.top))


if __name__ == '__main__': main()
