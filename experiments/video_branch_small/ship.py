"""Export the trained small system (video-branch run + its audio branch and VAE) as the package's shipped model,
with a model card whose figures are read from the runs' logs and evaluations.

    python experiments/video_branch_small/ship.py --run runs/video_small --out narrating_nb/assets/synthtalk_small
"""
import argparse, csv, json, platform
from pathlib import Path
import numpy as np
from narrating_nb.system import export_model

p = argparse.ArgumentParser(); p.add_argument('--run', default='runs/video_small'); p.add_argument('--out', default='narrating_nb/assets/synthtalk_small')
p.add_argument('--audio-res', default='experiments/audio_branch_small/band'); p.add_argument('--video-res', default='experiments/video_branch_small')
p.add_argument('--vae-run', default='runs/vae_small')
a = p.parse_args()
run, ares, vres = Path(a.run), Path(a.audio_res), Path(a.video_res)

def log_stats(path, every=None):
    rows = list(csv.DictReader(open(path)))
    steps = int(rows[-1]['step'])
    prev, total = 0, 0.0
    for r in rows:                                   # each row averages the steps since the previous row
        s = int(r['step']); total += (s - prev) * float(r['sec_per_step']); prev = s
    return steps, total / 3600, float(np.median([float(r['sec_per_step']) for r in rows]))

vs, vh, vsps = log_stats(run/'log.csv')
es, eh, _ = log_stats(Path(a.vae_run)/'log.csv')
aud = json.loads((ares/'eval_test.json').read_text()) if (ares/'eval_test.json').exists() else {}
vid = json.loads((vres/'eval_test.json').read_text())
a_steps, a_hours, _ = log_stats(ares/'log.csv')
cpu = platform.processor() or platform.machine()

card = f"""# narrating_nb `small` on SynthTalk (shipped model)

**What it is.** The whole narrating-face system of `narrating_nb` at the `small` preset: text, voice-profile and
face encoders, the multi-entangled latent space (ETE), the GPT-2 spectrogram synthesiser (4 layers, 256 wide,
4 mel frames a step, espeak-ng phoneme input), the face VAE (AutoencoderKL, 128² → 16×16×4) and the latent
diffusion denoiser with EC and DC cross-attention (UNet 32-64-96 with temporal attention). Parameters are stored
in fp16, each tensor once; `Narrator.from_pretrained()` loads them into fp32. Speech is made audible with
Griffin-Lim unless the universal HiFi-GAN V1 weights are installed (see `23_models.vocoder`).

**It is a research artefact trained for a few CPU hours, not a usable voice cloner.** Its speech is not yet
intelligible (see the metrics): the decoder reads the text in order and stops on time, but what it says cannot be
understood. Its denoiser had 600 steps: frames are a rough, blotchy likeness of the source face (dlib judges
them the same person in {vid.get('id_same_rate', float('nan')):.0%} of the test clips) and the mouth does not follow the speech yet (lip-sync r
about 0, against {vid['lip_r_gt']:.2f} for the real frames). Every output it makes is labelled as synthetic (container
metadata, and a visible mark unless turned off).

## Data
SynthTalk (`narrate-data synth`, this package): 2000 clips of 3 s at 128², 25 fps, 16 kHz; espeak-ng speakers (306
train / 72 val / 72 test voice settings) saying template sentences, animated public-domain portraits (Grace Hopper,
Eileen Collins; colour variants, with the test split's variants unseen). Train 1600 / val 100 / test 300 clips.

## Training (staged, on CPU)
Hardware: this project's CPU machine ({cpu}, 2 cores, no GPU), one or two threads.

| stage | command | steps | wall time |
|---|---|---|---|
| audio branch: CE alignment prior to step 1000, then the band prior (resumed) | `narrate-train audio --data data/synthtalk --run runs/audio_band --preset small --steps 1000 --set text.tokenizer=espeak adec.guided_attn_form=ce train.lr=5e-4 train.bs=16 train.step_size=4000`, then the same with `--steps 2000` and the default `adec.guided_attn_form=band` | {a_steps} (batch 16) | {a_hours:.1f} h |
| face VAE | `narrate-train vae --data data/synthtalk --run runs/vae_small --preset small --steps 900 --bs 4 --k 2 --lr 1e-3 --set train.mixed_precision=bf16` | {es} | {eh:.2f} h |
| video branch | `narrate-train video --data data/synthtalk --run runs/video_small --audio-run runs/audio_band --preset small --steps {vs} --warmup 100 --set text.tokenizer=espeak train.lr=5e-4 train.bs=8 enc.vae_path=runs/vae_small/vae train.mixed_precision=bf16` | {vs} (batch 8 clips × 8 frames) | {vh:.2f} h (median {vsps:.1f} s/step) |
| export | `python experiments/video_branch_small/ship.py` | | |

## Held-out metrics (SynthTalk test split: unseen voices, unseen face variants, texts not in training)

Audio branch ({aud.get('n', '?')} clips, free-running generation, vocoder {aud.get('vocoder', '?')}, `experiments/audio_branch_small/band/eval_test.json`):

| | generated | ground truth |
|---|---|---|
| MCD (dB) | {aud.get('mcd', float('nan')):.2f} | 0 (copy-synthesis {aud.get('mcd_copy', float('nan')):.2f}) |
| STOI | {aud.get('stoi', float('nan')):.3f} | 1 (copy-synthesis {aud.get('stoi_copy', float('nan')):.3f}) |
| WER / CER, SynthTalk CTC recogniser | {aud.get('wer_ctc', float('nan')):.3f} / {aud.get('cer_ctc', float('nan')):.3f} | {aud.get('wer_ctc_gt', float('nan')):.3f} / {aud.get('cer_ctc_gt', float('nan')):.3f} |
| speaker similarity, target / other voices | {aud.get('sim_target', float('nan')):.3f} / {aud.get('sim_others', float('nan')):.3f} | |
| runs to the maximum length | {aud.get('hit_max_len', float('nan')):.3f} | |

Video branch ({vid['n']} clips, teacher-forced audio states, {vid['steps']} DDIM steps, guidance {vid['guidance']},
`experiments/video_branch_small/eval_test.json`):

| PSNR (dB) | SSIM | lip-sync r, DC on | DC off | real frames | identity distance (dlib), generated / real / other people |
|---|---|---|---|---|---|
| {vid['psnr']:.2f} | {vid['ssim']:.3f} | {vid['lip_r']:.3f} | {vid['lip_r_no_dc']:.3f} | {vid['lip_r_gt']:.3f} | {vid.get('id_dist', float('nan')):.3f} / {vid.get('id_dist_gt', float('nan')):.3f} / {vid.get('id_dist_other_faces', float('nan')):.3f} |

## Intended use and limits
For reading, testing and extending the method: the demo, the notebooks' figures, a starting point for training
on real data. Not for making anyone say anything: it was trained on synthetic voices and two public-domain
portraits, it does not generalise to other faces or voices, and its speech is not intelligible.
"""
out = export_model(run, a.out, 'fp16', card)
size = (out/'model.safetensors').stat().st_size
print(f"{out}: model.safetensors {size / 1e6:.2f} MB ({size / 2**20:.2f} MiB)")
