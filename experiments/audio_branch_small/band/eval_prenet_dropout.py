"Evaluate runs/audio_band with the prenet dropout kept on at inference (run from the repository root: python experiments/audio_branch_small/band/eval_prenet_dropout.py)."
import json
from narrating_nb.audio_branch import load_audio_branch, evaluate_audio_branch
from narrating_nb.models.asr import CTCRecogniser
from narrating_nb.core import seed_everything
br, cfg = load_audio_branch('runs/audio_band')
br.dec.infer_prenet_dropout = True
seed_everything(0)
summ, rows = evaluate_audio_branch(br, cfg, 'data/synthtalk', 'test', 40, recogniser=CTCRecogniser.from_pretrained('runs/asr_synthtalk'))
summ.update(step=2000, infer_prenet_dropout=True)
json.dump(summ, open('experiments/audio_branch_small/band/eval_test_prenet_dropout.json', 'w'), indent=1)
import csv
with open('experiments/audio_branch_small/band/eval_test_prenet_dropout.csv', 'w') as f:
    w = csv.DictWriter(f, list(rows[0]), lineterminator='\n'); w.writeheader(); w.writerows(rows)
print(json.dumps(summ, indent=1))
