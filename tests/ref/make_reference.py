"Reference of the tiny system before the redesign: a seeded tiny joint model exported like the shipped model (fp16), and its clip."
import sys, numpy as np, torch
from pathlib import Path
from narrating_nb.core import seed_everything, save_weights
from narrating_nb.config import Cfg
from narrating_nb.system import JointModel
from narrating_nb.inference import Narrator, SAMPLES
from narrating_nb.system import export_model
out = Path(sys.argv[1])   # e.g. a scratch folder; then copy tiny_system/ and tiny_clip.npz into tests/ref/; out.mkdir(parents=True, exist_ok=True)
torch.set_num_threads(1)
seed_everything(0)
cfg = Cfg.tiny().update({'adec.stop_threshold': 1.1})      # never stops: adec.max_frames mel frames of speech
m = JointModel.from_cfg(cfg).eval()
ck = out/'ck'; ck.mkdir(exist_ok=True)
save_weights(m.state_dict(), ck/'model.safetensors'); cfg.save(ck/'config.json')
export_model(ck, out/'tiny_system', 'fp16', int8_min=1024, card='# tiny reference system\n\nA seeded random `tiny` joint model: the reference of tests/test_reference.py.\n')
nar = Narrator.from_pretrained(out/'tiny_system', 'cpu')
clip = nar.narrate('Hello there, how are you?', SAMPLES/'face.png', SAMPLES/'voice.wav', seed=0, mark=False)
print('tiny', clip.frames.shape, clip.wav.shape)
np.savez_compressed(out/'tiny_clip.npz', frames=clip.frames, wav=clip.wav)
