"""Behaviour does not change under refactoring: the same command with the same seed gives the same clip.

`tests/ref/tiny_system` is a seeded random `tiny` joint model stored in the shipped model's format and
`tests/ref/tiny_clip.npz` the clip it narrated before the redesign of issue 33 (made by
`tests/ref/make_reference.py` at commit 716dcb0). The test narrates the same text again and requires the
same frames (every pixel within one grey level, i.e. the same values up to uint8 rounding) and the same
waveform within 1e-4."""
from pathlib import Path
import numpy as np, torch

REF = Path(__file__).resolve().parent/'ref'

def test_tiny_system_narrates_the_reference_clip():
    from narrating_nb.inference import Narrator, SAMPLES
    torch.set_num_threads(1)
    want = np.load(REF/'tiny_clip.npz')
    nar = Narrator.from_pretrained(REF/'tiny_system', 'cpu')
    clip = nar.narrate('Hello there, how are you?', SAMPLES/'face.png', SAMPLES/'voice.wav', seed=0, mark=False)
    assert clip.wav.shape == want['wav'].shape and clip.frames.shape == want['frames'].shape
    assert np.abs(clip.wav - want['wav']).max() <= 1e-4
    d = np.abs(clip.frames.astype(int) - want['frames'].astype(int))
    assert d.max() <= 1 and (d > 0).mean() < 1e-3, f'frames differ: max {d.max()} levels, {(d > 0).mean():.2%} of values'
