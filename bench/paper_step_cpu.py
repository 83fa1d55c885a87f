"""One training step of the `paper` preset, executed on the CPU (issue 34): the real sizes (448² faces through the SD-size
VAE, the 3-level UNet, Wav2Vec2 base, the 12-layer GPT-2), batch 1, a few frames, gradient checkpointing on. It prints
the loss parts, whether every trainable parameter received a finite gradient, the step's wall time and the process's
peak RSS. Random inputs of the shapes `video_dataset` gives (this checks that the step executes, not what it learns).

    python bench/paper_step_cpu.py                       # F=2 frames, pixel loss on 1 frame, every checkpointing switch on
    python bench/paper_step_cpu.py --frames 4 --no-ckpt  # other settings
    python bench/paper_step_cpu.py --steps 2             # an AdamW update, then a second forward + backward

At initialisation the DC and temporal-attention blocks of the denoiser sit behind zero-initialised outputs (a new
model is the plain UNet), so their tensors get an exactly-zero gradient on the first step; after one update they do not
(`--steps 2`). The null EC token gets a gradient only on steps whose condition dropout drops EC.
"""
import argparse, math, resource, time, warnings
import torch
from narrating_nb.config import get_cfg
from narrating_nb.core import seed_everything
from narrating_nb.system import JointModel

def rand_batch(cfg, B=1, n_text=40, n_mel=300, seed=0) -> dict:
    "A batch of the shapes `video_dataset` gives at `cfg`, of random values."
    g = torch.Generator().manual_seed(seed); S, Fn, sr = cfg.data.img_size, cfg.data.n_frames, cfg.data.sr
    text = torch.randint(4, 200, (B, n_text), generator=g); text[:, 0], text[:, -1] = 1, 2
    mask = lambda *s: torch.ones(*s, dtype=torch.bool)
    n_prof = int(cfg.data.profile_s * sr); n_pmel = n_prof * cfg.mel.sr // sr // cfg.mel.hop + 1
    mel = torch.randn(B, cfg.mel.n_mels, n_mel, generator=g) - 5; mel[..., -20:] = -11.5      # speech, then silence
    return dict(text=text, text_mask=mask(B, n_text), mel=mel, mel_mask=mask(B, n_mel),
                profile=torch.randn(B, n_prof, generator=g) * 0.1, profile_mask=mask(B, n_prof),
                profile_mel=torch.randn(B, cfg.mel.n_mels, n_pmel, generator=g) - 5, profile_mel_mask=mask(B, n_pmel),
                face_img=torch.rand(B, 3, S, S, generator=g) * 2 - 1, face_mask=torch.ones(B, 1, S, S), lip_mask=torch.zeros(B, 1, S, S),
                frames=torch.rand(B, Fn, 3, S, S, generator=g) * 2 - 1, frame_mask=mask(B, Fn), t0=torch.full((B,), 0.4),
                audio=torch.randn(B, Fn * sr // cfg.data.fps, generator=g) * 0.1)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--frames', type=int, default=2); p.add_argument('--pix-frames', type=int, default=1)
    p.add_argument('--no-ckpt', action='store_true'); p.add_argument('--threads', type=int, default=2); p.add_argument('--steps', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads); warnings.simplefilter('ignore')
    on = not a.no_ckpt
    cfg = get_cfg('paper', [f'data.n_frames={a.frames}', f'loss.pix_frames={a.pix_frames}',
                            *[f'train.grad_ckpt_{k}={on}' for k in ('unet', 'vae', 'w2v', 'gpt2')]])
    seed_everything(0)
    t0 = time.perf_counter(); m = JointModel.from_cfg(cfg).train(); t_build = time.perf_counter() - t0
    n_train = sum(p.numel() for p in m.parameters() if p.requires_grad)
    b = rand_batch(cfg)
    opt = torch.optim.AdamW([p for p in m.parameters() if p.requires_grad], lr=1e-4) if a.steps > 1 else None
    for step in range(a.steps):
        if opt is not None and step: opt.step(); opt.zero_grad()
        t0 = time.perf_counter(); out = m(b); out['loss'].backward(); t_step = time.perf_counter() - t0
    missing = [k for k, p in m.named_parameters() if p.requires_grad and (p.grad is None or not torch.isfinite(p.grad).all())]
    zero = [k for k, p in m.named_parameters() if p.requires_grad and p.grad is not None and p.grad.abs().sum() == 0]
    kinds = sorted({'dc' if '.dc.' in k or k.endswith('.dc') else 'temporal' if '.temporal.' in k else k for k in zero})
    print(f"paper preset, batch 1, {a.frames} frames at {cfg.data.img_size}², pixel loss on {a.pix_frames}, gradient checkpointing {'on' if on else 'off'}, "
          f"{a.threads} threads, torch {torch.__version__}")
    print(f"trainable parameters: {n_train / 1e6:.1f} M; built in {t_build:.0f} s")
    print('losses: ' + ', '.join(f'{k}={v.item():.4g}' for k, v in out.items() if torch.is_tensor(v) and v.ndim == 0))
    print(f"finite loss: {math.isfinite(out['loss'].item())}; trainable tensors without a finite gradient: {len(missing)} {missing[:5]}; "
          f"with an all-zero gradient (step {a.steps}): {len(zero)}, in {kinds[:8]}")
    print(f"forward + backward (the last): {t_step:.0f} s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.1f} GiB")

if __name__ == '__main__': main()
