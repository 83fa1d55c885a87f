"""The shipped export against the run it came from: teacher-forced held-out audio losses (mel MSE, stop BCE) of the
run's fp32 weights and of the shipped fp16 + int8 file, on the same 48 test clips.

    python experiments/video_dc_path/shipped_check.py --run runs/video_ptr_C
"""
import argparse, json, torch
from narrating_nb.system import load_system
from narrating_nb.system import SHIPPED
from narrating_nb.audio_branch import audio_dataset, batch_to
from narrating_nb.data.loaders import collate
p = argparse.ArgumentParser(); p.add_argument('--run', default='runs/video_ptr_C'); p.add_argument('--data', default='data/synthtalk'); p.add_argument('--n', type=int, default=48)
a = p.parse_args()
torch.manual_seed(0)
res = {}
for name, path in (('run (fp32)', a.run), ('shipped (fp16 + int8)', SHIPPED)):
    s = load_system(path, 'cpu'); br = s.audio.eval()
    ds = audio_dataset(s.cfg, a.data, 'test', train=False)
    with torch.no_grad():
        r = [br(batch_to(collate([ds[i] for i in range(j, min(j + 8, a.n))]), 'cpu')) for j in range(0, a.n, 8)]
    res[name] = {k: float(sum(x[k].item() for x in r) / len(r)) for k in ('mel_loss', 'stop_loss')}
print(json.dumps(dict(n=a.n, **res), indent=1))
