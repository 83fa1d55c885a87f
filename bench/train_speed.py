"""Joint training throughput and peak memory.

Prints, for a preset, the median seconds per optimiser step of the joint model (L = L_video + λ·L_audio,
every part trained, AdamW, gradient clipping), samples (clip windows of `data.n_frames` frames) per
second, video frames per second, and peak memory (CUDA: max allocated; CPU: peak RSS of a fresh process).
Batches are real clip windows of a dataset (`--data`, default: a small SynthTalk made in a temporary
folder); weights are randomly initialised (speed does not depend on training).

    python bench/train_speed.py --data data/synthtalk                 # small on CPU
    python bench/train_speed.py --preset paper --device cuda --data data/synthtalk --set data.img_size=448
    python bench/train_speed.py --data data/synthtalk --bs 4 --threads 1 --frozen vae w2v --pix-frames 1   # the joint ablations' CPU setting

A machine without the data tools (PyAV, MediaPipe, espeak-ng; see bench/gpu_suite.sh) reads clip windows saved on one that has them:

    python bench/train_speed.py --preset paper --data .gpu/st448 --save-batches .gpu/paper_items.pt.gz   # here
    python bench/train_speed.py --preset paper --device cuda --batches .gpu/paper_items.pt.gz            # there
"""
import argparse, gzip, io, json, multiprocessing as mp, resource, statistics, tempfile, time
from pathlib import Path
import cv2, numpy as np, torch
from _common import AMP, child_result
from narrating_nb.audio_branch import FROZEN


def _png(img) -> bytes: return cv2.imencode('.png', img)[1].tobytes()
def _unpng(b) -> np.ndarray: return cv2.imdecode(np.frombuffer(b, np.uint8), cv2.IMREAD_UNCHANGED)

def save_items(items:list, path):
    "Write dataset items (dicts of tensors and strings); image tensors (..., C, H, W) as 8-bit PNGs with their range, all gzipped."
    def q(v):
        if torch.is_tensor(v) and v.is_floating_point() and v.dim() >= 3:
            lo, hi = float(v.min()), float(v.max())
            u8 = ((v - lo) / max(hi - lo, 1e-8) * 255).round().to(torch.uint8).numpy()
            flat = u8.reshape(-1, *u8.shape[-3:]).transpose(0, 2, 3, 1)           # (N, H, W, C)
            return dict(_png=[_png(x) for x in flat], shape=u8.shape, lo=lo, hi=hi, dtype=str(v.dtype))
        return v
    buf = io.BytesIO(); torch.save([{k: q(v) for k, v in it.items()} for it in items], buf)
    Path(path).parent.mkdir(parents=True, exist_ok=True); Path(path).write_bytes(gzip.compress(buf.getvalue(), 6))

def load_items(path) -> list:
    "Read what `save_items` wrote."
    def dq(v):
        if not (isinstance(v, dict) and '_png' in v): return v
        x = np.stack([_unpng(b).reshape(*v['shape'][-2:], -1) for b in v['_png']]).transpose(0, 3, 1, 2).reshape(v['shape'])
        return (torch.from_numpy(x).float() / 255 * (v['hi'] - v['lo']) + v['lo']).to(getattr(torch, v['dtype'].split('.')[-1]))
    return [{k: dq(v) for k, v in it.items()} for it in torch.load(io.BytesIO(gzip.decompress(Path(path).read_bytes())))]


def _run(preset, overrides, device, root, bs, repeats, threads, amp, q, items_file=None, frozen=(), pix_frames=None):
    torch.set_num_threads(threads)
    from narrating_nb.config import get_cfg
    from narrating_nb.system import JointModel
    from narrating_nb.video_branch import video_dataset
    from narrating_nb.data.loaders import collate
    from narrating_nb.audio_branch import batch_to
    cfg = get_cfg(preset, overrides + [f'train.bs={bs}'])                # a preset's name or a config.json
    dev = torch.device(device)
    ds = load_items(items_file) if items_file else video_dataset(cfg, root, 'train', seed=0)
    batches = [batch_to(collate([ds[(i * bs + j) % len(ds)] for j in range(bs)]), dev) for i in range(repeats + 1)]
    r = cfg.adec.frames_per_step
    n_mel = -(-max(b['mel'].shape[-1] for b in batches) // r) * r
    if n_mel > cfg.adec.max_frames:                                    # tiny's 64 frames hold no SynthTalk sentence: fit the clips, as the tests do
        print(f"adec.max_frames {cfg.adec.max_frames} → {n_mel}, the longest clip's mel frames"); cfg = cfg.update({'adec.max_frames': n_mel})
    torch.manual_seed(0)
    m = JointModel.from_cfg(cfg, frozen, pix_frames).to(dev).train()
    opt = torch.optim.AdamW([p for p in m.parameters() if p.requires_grad], lr=cfg.train.lr, weight_decay=cfg.train.wd)
    dt = AMP[amp]
    def step(b):
        with torch.autocast(dev.type, dtype=dt or torch.float32, enabled=dt is not None): out = m(b)
        opt.zero_grad(set_to_none=True); out['loss'].backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), cfg.train.clip); opt.step()
        if dev.type == 'cuda': torch.cuda.synchronize()
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats()
    step(batches[0])                                                        # warm-up
    ts = []
    for b in batches[1:]:
        t = time.perf_counter(); step(b); ts.append(time.perf_counter() - t)
    mem = torch.cuda.max_memory_allocated() / 2**20 if dev.type == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = sum(p.numel() for p in m.parameters()) / 1e6
    q.put(dict(median_s=statistics.median(ts), steps=ts, mem_mib=mem, params_m=n, n_frames=cfg.data.n_frames, img=cfg.data.img_size))


def main(argv=None):
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument('--preset', default='small', help="a preset's name or a config.json (e.g. narrating_nb/assets/synthtalk_small/config.json, the shipped model's)"); a.add_argument('--device', default='cpu')
    a.add_argument('--set', nargs='*', default=[], metavar='KEY=VALUE'); a.add_argument('--data', default=None)
    a.add_argument('--bs', type=int, nargs='*', default=[1, 8], help='batch sizes to measure (the paper trains at 8)')
    a.add_argument('--repeats', type=int, default=3); a.add_argument('--threads', type=int, default=torch.get_num_threads())
    a.add_argument('--amp', default='no', choices=list(AMP))
    a.add_argument('--save-batches', default=None, metavar='FILE', help='write --n-items clip windows of --data to FILE and exit')
    a.add_argument('--batches', default=None, metavar='FILE', help='read the clip windows from FILE (written by --save-batches) instead of --data')
    a.add_argument('--n-items', type=int, default=2)
    a.add_argument('--frozen', nargs='*', default=[], choices=FROZEN, help='encoders kept fixed (default: none, as the paper)')
    a.add_argument('--pix-frames', type=int, default=None, help='frames per clip the pixel loss decodes (default: all)')
    o = a.parse_args(argv)
    tmp = None
    if o.save_batches:
        from narrating_nb.config import get_cfg
        from narrating_nb.video_branch import video_dataset
        ds = video_dataset(get_cfg(o.preset, o.set), o.data, 'train', seed=0)
        save_items([ds[i % len(ds)] for i in range(o.n_items)], o.save_batches)
        print(f"{o.n_items} clip windows of {o.data} written to {o.save_batches} ({Path(o.save_batches).stat().st_size / 2**20:.1f} MiB)"); return
    if o.data is None and o.batches is None:
        from narrating_nb.data.synthtalk import make_synthtalk
        tmp = tempfile.TemporaryDirectory(); o.data = str(Path(tmp.name)/'st')
        make_synthtalk(o.data, n=16, seconds=2.0, size=128, workers=1, progress=False)
    print(f"preset={o.preset} {' '.join(o.set)} device={o.device} threads={o.threads} amp={o.amp} frozen={','.join(o.frozen) or 'none'} pix_frames={o.pix_frames or 'all'} data={o.batches or o.data}; median of {o.repeats} steps after one warm-up")
    ctx = mp.get_context('spawn')
    res = {}
    for bs in o.bs:
        q = ctx.Queue()
        p = ctx.Process(target=_run, args=(o.preset, o.set, o.device, o.data, bs, o.repeats, o.threads, o.amp, q, o.batches, tuple(o.frozen), o.pix_frames)); p.start(); r = child_result(p, q)
        res[bs] = r
        print(f"  batch {bs:3d}: {r['median_s']:7.2f} s/step = {bs / r['median_s']:6.2f} samples/s = {bs * r['n_frames'] / r['median_s']:7.1f} frames/s "
              f"({r['params_m']:.1f} M params, {r['img']}² × {r['n_frames']} frames)   peak memory {r['mem_mib']:7.0f} MiB")
    print(json.dumps(res))


if __name__ == '__main__': main()
