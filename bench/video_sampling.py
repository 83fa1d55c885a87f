"""Video decoder sampling speed and memory.

Prints, for a preset (randomly initialised weights: speed does not depend on training):
- frames per second of DDIM sampling of one clip's F frames together, with classifier-free guidance,
  with and without the VAE decode;
- the ratio of frame-by-frame sampling (F chunks of one frame each) to all-frames-at-once;
- the cost of a guidance scale of DC's own (`Sampling(dc_guidance=...)`: three denoiser passes per step instead of two);
- peak memory of each run (CUDA: max allocated; CPU: the peak RSS of a fresh process per run).

    python bench/video_sampling.py                       # small on CPU
    python bench/video_sampling.py --preset paper --device cuda
"""
import argparse, json, multiprocessing as mp, resource, statistics, time
import torch
from _common import AMP, child_result


def _run(preset, device, n_frames, steps, guidance, per_frame, decode, repeats, threads, q, amp='no', compile=False, dc_guidance=None):
    torch.set_num_threads(threads)
    from narrating_nb.config import get_cfg
    from narrating_nb.models.video_decoder import build_video_denoiser, VideoDiffusion
    from narrating_nb.models.vae import build_vae
    cfg = get_cfg(preset)
    dev = torch.device(device)
    torch.manual_seed(0)
    diff = VideoDiffusion(build_video_denoiser(cfg), cfg.vdec).to(dev).eval()
    if compile: diff.den = torch.compile(diff.den)
    vae = build_vae(cfg.enc.vae_channels, cfg.enc.latent_ch, cfg.data.img_size).to(dev).eval() if decode else None
    g, c, d = cfg.data.img_size // 2 ** (len(cfg.enc.vae_channels) - 1), cfg.enc.latent_ch, cfg.enc.d
    W = 2 * diff.den.dc_half + 1
    def cond(nf):
        return dict(ref=torch.randn(1, c, g, g, device=dev), masks=torch.rand(1, 2, g, g, device=dev),
                    f_av=torch.randn(1, g * g + 64, d, device=dev), av_mask=torch.ones(1, g * g + 64, dtype=torch.bool, device=dev),
                    dc=torch.randn(1, nf, W, cfg.adec.n_embd, device=dev), dc_mask=torch.ones(1, nf, W, dtype=torch.bool, device=dev))
    dt = AMP[amp]
    def once():
        with torch.autocast(dev.type, dtype=dt or torch.float32, enabled=dt is not None): _once()
    def _once():
        if per_frame:
            zs = [diff.sample(cond(1), 1, steps, guidance) for _ in range(n_frames)]
            z = torch.cat(zs, 1)
        else: z = diff.sample(cond(n_frames), n_frames, steps, guidance, dc_guidance=dc_guidance)
        if vae is not None:
            with torch.no_grad(): vae.decode(z[0] / vae.config.scaling_factor).sample
        if dev.type == 'cuda': torch.cuda.synchronize()
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats()
    once()                                                             # warm-up
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); once(); ts.append(time.perf_counter() - t)
    mem = torch.cuda.max_memory_allocated() / 2**20 if dev.type == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    q.put(dict(median_s=statistics.median(ts), mem_mib=mem))


def measure(**kw):
    "One configuration in a fresh process (clean peak memory)."
    ctx = mp.get_context('spawn'); q = ctx.Queue()
    p = ctx.Process(target=_run, kwargs=dict(kw, q=q)); p.start()
    return child_result(p, q)


def main(argv=None):
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument('--preset', default='small'); a.add_argument('--device', default='cpu')
    a.add_argument('--frames', type=int, default=None, help='F (default: the preset\'s data.n_frames)')
    a.add_argument('--steps', type=int, default=None, help='DDIM steps (default: the preset\'s vdec.sample_steps)')
    a.add_argument('--guidance', type=float, default=None); a.add_argument('--repeats', type=int, default=3)
    a.add_argument('--threads', type=int, default=torch.get_num_threads())
    a.add_argument('--amp', default='no', choices=list(AMP), help='autocast sampling and decoding in this dtype')
    a.add_argument('--compile', action='store_true', help='torch.compile the denoiser (compilation happens in the warm-up run)')
    a.add_argument('--dc-guidance', type=float, default=None, help="DC's own guidance scale for the all_at_once+dc_guidance run (default: twice the guidance)")
    a.add_argument('--configs', nargs='*', default=['all_at_once', 'frame_by_frame', 'all_at_once+vae_decode', 'all_at_once+dc_guidance'])
    o = a.parse_args(argv)
    from narrating_nb.config import get_cfg
    cfg = get_cfg(o.preset)
    F = o.frames or cfg.data.n_frames; steps = o.steps or cfg.vdec.sample_steps
    gd = cfg.vdec.guidance if o.guidance is None else o.guidance
    dcg = o.dc_guidance if o.dc_guidance is not None else 2 * gd
    base = dict(preset=o.preset, device=o.device, n_frames=F, steps=steps, guidance=gd, repeats=o.repeats, threads=o.threads, amp=o.amp, compile=o.compile)
    print(f"preset={o.preset} device={o.device} threads={o.threads} autocast={o.amp} compile={o.compile} F={F} DDIM steps={steps} guidance={gd} "
          f"({cfg.data.img_size}² faces, UNet channels {cfg.vdec.block_channels}); median of {o.repeats}")
    res = {}
    for name, kw in [('all_at_once', dict(per_frame=False, decode=False)), ('frame_by_frame', dict(per_frame=True, decode=False)),
                     ('all_at_once+vae_decode', dict(per_frame=False, decode=True)),
                     ('all_at_once+dc_guidance', dict(per_frame=False, decode=False, dc_guidance=dcg))]:
        if name not in o.configs: continue
        r = measure(**base, **kw); res[name] = r
        print(f"  {name:24s} {r['median_s']:7.2f} s for {F} frames = {F / r['median_s']:6.2f} frames/s   peak memory {r['mem_mib']:7.0f} MiB")
    if {'frame_by_frame', 'all_at_once'} <= set(res): print(f"  frame-by-frame / all-at-once time ratio: {res['frame_by_frame']['median_s'] / res['all_at_once']['median_s']:.2f}×")
    if {'all_at_once+dc_guidance', 'all_at_once'} <= set(res):
        print(f"  DC's own guidance scale ({dcg:g}) / the plain rule, time ratio: {res['all_at_once+dc_guidance']['median_s'] / res['all_at_once']['median_s']:.2f}×")
    print(json.dumps(res))


if __name__ == '__main__': main()
