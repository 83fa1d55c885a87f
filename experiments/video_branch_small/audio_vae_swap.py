"""The audio branch's teacher-forced losses on held-out clips with the VAE it was trained with (random, frozen:
no face VAE existed yet) and with the trained face VAE that the video branch and the shipped model use for both
the image tokens and the frames. Prints mel MSE (normalised mels) and stop BCE, mean over the clips.

    python experiments/video_branch_small/audio_vae_swap.py --audio-run runs/audio_band --vae runs/vae_small/vae --n 48
"""
import argparse, json, torch
from narrating_nb.audio_branch import load_audio_branch, audio_dataset, batch_to
from narrating_nb.data.loaders import collate
from narrating_nb.models.vae import load_vae

p = argparse.ArgumentParser(); p.add_argument('--audio-run', default='runs/audio_band'); p.add_argument('--vae', default='runs/vae_small/vae')
p.add_argument('--data', default='data/synthtalk'); p.add_argument('--n', type=int, default=48); p.add_argument('--bs', type=int, default=8)
a = p.parse_args()
torch.manual_seed(0)
br, cfg = load_audio_branch(a.audio_run, 'cpu')
ds = audio_dataset(cfg, a.data, 'test', train=False)
batches = [batch_to(collate([ds[i] for i in range(j, min(j + a.bs, a.n))]), 'cpu') for j in range(0, a.n, a.bs)]
@torch.no_grad()
def losses():
    r = [br(b) for b in batches]
    return {k: float(sum(x[k].item() for x in r) / len(r)) for k in ('mel_loss', 'stop_loss')}
res = {'trained_with (random VAE)': losses()}
br.enc.image.vae = load_vae(a.vae, 'cpu').eval()
res['trained face VAE'] = losses()
print(json.dumps(dict(n=a.n, split='test', **res), indent=1))
