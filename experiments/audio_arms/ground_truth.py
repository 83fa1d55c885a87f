"""The ground truth's scores on the 40 held-out clips that `experiments/audio_ga_sdpa/compare.py` scores: the SynthTalk recogniser's WER
and CER on the true speech and on its HiFi-GAN copy-synthesis, and the speaker similarity of the true speech to its own voice
against the other voices (the ceiling of that metric). The same clip selection, cuts, vocoder and speaker encoder as
`evaluate_audio_branch`.

    python experiments/audio_arms/ground_truth.py --run runs/ab_ptr_3000 --data data/synthtalk --asr-model runs/asr_synthtalk --out experiments/audio_arms/ground_truth.json
"""
import argparse, json, random
from pathlib import Path
import torch
from narrating_nb.audio import resample
from narrating_nb.audio_branch import load_audio_branch, audio_dataset, speech_mask, default_vocoder
from narrating_nb.metrics.audio import SpeakerEncoder, speaker_scores, wer, cer
from narrating_nb.models.asr import CTCRecogniser

ap = argparse.ArgumentParser()
ap.add_argument('--run', required=True, help='a run whose config picks the dataset items (tokenizer, mel)'); ap.add_argument('--data', required=True)
ap.add_argument('--n', type=int, default=40); ap.add_argument('--asr-model', required=True); ap.add_argument('--out', default=None)
a = ap.parse_args()
torch.set_num_threads(1)
_, cfg = load_audio_branch(a.run, 'cpu')
ds = audio_dataset(cfg, a.data, 'test', train=False)
idx = sorted(random.Random(0).sample(range(len(ds)), min(a.n, len(ds))))
voc, spk, rec, sr16 = default_vocoder(cfg.mel), SpeakerEncoder(), CTCRecogniser.from_pretrained(a.asr_model, 'cpu'), 16_000
refs, gts, copies, e_gt, e_prof, voices = [], [], [], [], [], []
with torch.no_grad():
    for j in idx:
        it = ds[j]
        Lt = int(speech_mask(it['mel'][None], torch.ones(1, it['mel'].shape[-1], dtype=torch.bool)).sum())
        gt = it['wav'][:round(Lt * cfg.mel.hop / cfg.mel.sr * sr16)]
        copies.append(resample(voc(it['mel'][:, :Lt]).float(), voc.sr, sr16)); gts.append(gt); refs.append(it['text_str'])
        e_gt.append(spk(gt, sr16)); e_prof.append(spk(it['profile'], sr16)); voices.append(ds.rows[j]['voice'])
h_gt, h_copy = rec.transcribe(gts, sr16), rec.transcribe(copies, sr16)
s = speaker_scores(e_gt, voices, e_prof)
res = dict(n=len(idx), wer_ctc_gt=wer(refs, h_gt), cer_ctc_gt=cer(refs, h_gt), wer_ctc_copy=wer(refs, h_copy), cer_ctc_copy=cer(refs, h_copy),
           sim_target_gt=s['sim_target'], sim_others_gt=s['sim_others'], speaker_id_acc_gt=s['speaker_id_acc'], n_voices=s['n_voices'])
print(json.dumps(res, indent=1))
if a.out: Path(a.out).write_text(json.dumps(res, indent=1))
