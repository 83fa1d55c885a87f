"""Export the pointer system (the step-3000 pointer audio branch, the face VAE and the video branch with DC's direct
mouth path) as the package's shipped model, with a model card whose figures are read from the runs' logs and the
committed evaluations.

    python experiments/video_dc_path/ship.py --run runs/video_ptr_C --out narrating_nb/assets/synthtalk_small
"""
import argparse, csv, json, platform
from pathlib import Path
from narrating_nb.system import export_model

p = argparse.ArgumentParser(); p.add_argument('--run', default='runs/video_ptr_C'); p.add_argument('--out', default='narrating_nb/assets/synthtalk_small')
p.add_argument('--audio-log', default='experiments/audio_arms/log_ab_ptr_long.csv', help="the audio branch's training log (steps 1-3000)")
p.add_argument('--audio-eval', default='experiments/audio_arms/compare_ptr_3000.json'); p.add_argument('--gt-eval', default='experiments/audio_arms/ground_truth.json')
p.add_argument('--video-eval', default='experiments/video_dc_path/eval_test_C_g7.json')
p.add_argument('--guidance', type=float, default=7.0, help="the shipped config's vdec.guidance (the video evaluation's scale)")
a = p.parse_args()
run = Path(a.run)

def log_hours(path):
    "Steps and wall hours of a training log whose rows average `sec_per_step` over the steps since the previous row."
    rows, prev, total = list(csv.DictReader(open(path))), 0, 0.0
    for r in rows: s = int(r['step']); total += (s - prev) * float(r['sec_per_step']); prev = s
    return prev, total / 3600

a_steps, a_h = log_hours(a.audio_log)
v_steps, v_h = log_hours(run/'log.csv')
aud = json.loads(Path(a.audio_eval).read_text()); aud = next(v for k, v in aud.items() if isinstance(v, dict) and 'mcd' in v)
gt = json.loads(Path(a.gt_eval).read_text())
vid = json.loads(Path(a.video_eval).read_text())
cpu = platform.processor() or platform.machine()
aud_n = json.loads(Path(a.audio_eval).read_text())['n']

card = f"""# narrating_nb `small` on SynthTalk (shipped model)

**What it is.** The whole narrating-face system of `narrating_nb` at the `small` preset: text, voice-profile and
face encoders, the multi-entangled latent space (ETE), the GPT-2 spectrogram synthesiser (4 layers, 256 wide,
4 mel frames a step, espeak-ng phoneme input, monotonic text pointer, postnet), the face VAE (AutoencoderKL,
128² → 16×16×4) and the latent diffusion denoiser with EC and DC cross-attention plus DC's direct mouth path
(`vdec.mouth_path_channels=8`; UNet 32-64-96 with temporal attention). Parameters are stored in fp16, each tensor once, and the
six largest kernels (the voice encoder's Wav2Vec2 conv feature encoder, 4.2 M values) in int8 with per-channel scales;
`Narrator.from_pretrained()` loads them into fp32. Speech is made audible with Griffin-Lim unless the universal
HiFi-GAN V1 weights are installed (see `23_models.vocoder`); the metrics below used them.

**It is a research artefact trained for a few CPU hours, not a usable voice cloner.** Its speech mostly says the
text (CER {aud['cer_ctc']:.2f} on held-out clips, the ground truth {gt['cer_ctc_gt']:.2f}) but is far from the target voice, and
its frames are a rough likeness of the source face. Every output it makes is labelled as synthetic (container
metadata, and a visible mark unless turned off).

## Data
SynthTalk (`narrate-data synth --n 2000 --seconds 3 --size 128`, this package): 2000 clips of 3 s at 128², 25 fps,
16 kHz; espeak-ng speakers saying template sentences, animated public-domain portraits with colour variants,
the test split's voices and variants unseen in training.

## Training (staged, on CPU)
Hardware: this project's CPU machine ({cpu}, 2 cores, no GPU), one thread per run.

| stage | command | steps | wall time |
|---|---|---|---|
| audio branch | `narrate-train audio --data data/synthtalk --run runs/ab_ptr_long --preset small --steps 3000 --ckpt-every 250 --workers 0 --no-eval --set text.tokenizer=espeak train.lr=5e-4 train.bs=16 train.step_size=4000 adec.dropout=0 adec.guided_attn_timed=true adec.pointer=true` (resumed twice) | {a_steps} (batch 16) | {a_h:.1f} h |
| face VAE | `narrate-train vae --data data/synthtalk --run runs/vae_small --preset small --steps 900 --bs 4 --k 2 --lr 1e-3 --set train.mixed_precision=bf16` (the previous shipped model's VAE, reused) | 900 | 0.5 h |
| video branch, first part | the previous shipped model's: 600 steps on the earlier audio branch (`nbs/26_video_branch.ipynb`) | 600 | 0.85 h |
| video branch, warm-started from it | `narrate-train video --data data/synthtalk --run {run} --audio-run runs/ab_ptr_3000 --preset small --steps {v_steps} --warmup 50 --workers 0 --no-eval --init shipped --set text.tokenizer=espeak adec.dropout=0 adec.guided_attn_timed=true adec.pointer=true train.lr=5e-4 train.bs=8 train.step_size=4000 enc.vae_path=runs/vae_small/vae train.mixed_precision=bf16 vdec.lip_weight=5 vdec.sample_init=ref vdec.mouth_path_channels=8` | {v_steps} (batch 8 clips × 8 frames) | {v_h:.2f} h |
| export | `python experiments/video_dc_path/ship.py --run {run}` | | |

## Held-out metrics (SynthTalk test split: unseen voices, unseen face variants)

Audio branch ({aud_n} clips, free-running generation, HiFi-GAN V1, `{a.audio_eval}`):

| | generated | ground truth |
|---|---|---|
| WER / CER, SynthTalk CTC recogniser | {aud['wer_ctc']:.3f} / {aud['cer_ctc']:.3f} | {gt['wer_ctc_gt']:.3f} / {gt['cer_ctc_gt']:.3f} |
| MCD (dB) | {aud['mcd']:.2f} | 0 |
| speaker similarity, target / other voices | {aud['sim_target']:.3f} / {aud['sim_others']:.3f} | {gt['sim_target_gt']:.3f} / {gt['sim_others_gt']:.3f} |
| runs to the maximum length | {aud['hit_max_len']:.3f} | |
| duration / true duration | {aud['dur_ratio']:.2f} | 1 |

Video branch ({vid['n']} clips, teacher-forced audio states, {vid['steps']} DDIM steps, guidance {vid['guidance']} (the shipped
config's), start from the noised reference, `{a.video_eval}`):

| PSNR (dB) | SSIM | lip-sync r, DC on | DC off | real frames | mouth motion / real | identity distance (dlib), generated / real / other people |
|---|---|---|---|---|---|---|
| {vid['psnr']:.2f} | {vid['ssim']:.3f} | {vid['lip_r']:.3f} | {vid['lip_r_no_dc']:.3f} | {vid['lip_r_gt']:.3f} | {vid['mouth_motion']:.2f} | {vid.get('id_dist', float('nan')):.3f} / {vid.get('id_dist_gt', float('nan')):.3f} / {vid.get('id_dist_other_faces', float('nan')):.3f} |

## Intended use and limits
For reading, testing and extending the method: the demo, the notebooks' figures, a starting point for training
on real data. Not for making anyone say anything: it was trained on synthetic voices and two public-domain
portraits, and it does not generalise to other faces or voices.
"""
if abs(vid['guidance'] - a.guidance) > 1e-9: raise SystemExit(f"the video evaluation used guidance {vid['guidance']}, not {a.guidance}")
out = export_model(run, a.out, 'fp16', card, int8_min=500_000)
from narrating_nb.config import Cfg
Cfg.load(out/'config.json').update({'vdec.guidance': a.guidance}).save(out/'config.json')
size = (out/'model.safetensors').stat().st_size
print(f"{out}: model.safetensors {size / 1e6:.2f} MB ({size / 2**20:.2f} MiB)")
