"""Is the memory planner right? At `tiny` and `small`, the planner's CPU-side peak of one joint training step (fake tensors,
MemTracker; without the GPU-only additions) against the peak of the same step run for real on the CPU, measured apart from
MemTracker: the CPU allocator's own allocation events, recorded by `torch.profiler` (profile_memory=True), summed in order,
on top of the bytes already held when the step starts (weights, optimiser state, batch).

    python bench/plan_check.py                         # tiny and small, batch 1 and 2, fp32 and bf16
"""
import argparse
import torch
from narrating_nb.config import get_cfg
from narrating_nb.plan import trace_step, example_batch, warm_optimiser, train_step
from narrating_nb.system import JointModel

def held(model, opt, b) -> int:
    "Bytes of the distinct storages of the weights, buffers, optimiser state and batch."
    ts = [*model.parameters(), *model.buffers(), *[v for v in b.values() if isinstance(v, torch.Tensor)],
          *[v for st in opt.state.values() for v in st.values() if isinstance(v, torch.Tensor)]]
    return sum({t.untyped_storage().data_ptr(): t.untyped_storage().nbytes() for t in ts}.values())

def measured_peak(cfg, bs:int) -> int:
    "Peak bytes of one real training step on the CPU, from the profiler's allocator events."
    model, b = JointModel.from_cfg(cfg), example_batch(cfg, bs, seed=cfg.train.seed)
    opt = warm_optimiser(model, cfg)
    base = held(model, opt, b)
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], profile_memory=True) as prof:
        train_step(model, opt, b, cfg)
    evs = sorted((e.start_ns(), e.nbytes()) for e in prof.profiler.kineto_results.events() if e.name() == '[memory]')   # every allocation and free
    run, top = 0, 0
    for _, n in evs: run += n; top = max(top, run)
    return base + top

def main():
    a = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    a.add_argument('--presets', nargs='+', default=['tiny', 'small']); a.add_argument('--bs', type=int, nargs='+', default=[1, 2])
    a.add_argument('--precisions', nargs='+', default=['no', 'bf16'])
    o = a.parse_args()
    torch.set_num_threads(2)
    print(f"{'preset':>6} {'prec':>4} {'bs':>3} {'predicted MiB':>14} {'measured MiB':>13} {'diff':>7} {'trace s':>8}")
    for preset in o.presets:
        for mp in o.precisions:
            cfg = get_cfg(preset, [f'train.mixed_precision={mp}'])
            for bs in o.bs:
                p = trace_step(cfg, bs)
                m = measured_peak(cfg, bs)
                print(f"{preset:>6} {mp:>4} {bs:3d} {p['peak'] / 2**20:14.1f} {m / 2**20:13.1f} {(p['peak'] - m) / m:+7.1%} {p['trace_s']:8.1f}", flush=True)

if __name__ == '__main__': main()
