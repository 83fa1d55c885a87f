"""Real-length clips (issue 34): prepared clips run to 20 s while the audio decoder takes `adec.max_frames` mel frames
and `text.max_len` ids. A 20 s clip trains as windows of whole tokens — its mel, text and frames cut together — and no
length raises mid-run."""
import math, warnings
import pytest, torch

@pytest.fixture(scope='module')
def long_clips(tmp_path_factory):
    from narrating_nb.data.synthtalk import make_synthtalk, read_manifest
    root = tmp_path_factory.mktemp('long')/'st'
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); make_synthtalk(root, n=3, seconds=20.0, size=128, workers=1, progress=False)
    assert all(r['duration'] == 20.0 for r in read_manifest(root, None))
    return root

@pytest.mark.parametrize('tokenizer', ['', 'espeak'])                     # BPE without timings (an even rate assumed), phonemes with SynthTalk's timings
def test_windows_fit_the_decoder(long_clips, tokenizer):
    from narrating_nb.config import Cfg
    from narrating_nb.video_branch import video_dataset
    cfg = Cfg.tiny().update({'data.n_frames': 8, 'text.tokenizer': tokenizer, 'adec.guided_attn_timed': bool(tokenizer)})
    ds = video_dataset(cfg, long_clips, None, train=True, seed=0)
    hop_s = cfg.mel.hop / cfg.mel.sr
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for i in range(len(ds)):
            for _ in range(3):                                              # several random windows of each clip
                it = ds[i]
                assert 1 <= it['mel'].shape[-1] <= cfg.adec.max_frames and 3 <= len(it['text']) <= cfg.text.max_len
                assert it['text'][0] == ds[i]['text'][0] and it['text'][-1] == ds[i]['text'][-1]          # bos ... eos
                n_real = int(it['frame_mask'].sum())
                assert n_real >= 1 and it['t0'] >= -1e-6                   # the frames lie inside the speech window
                assert it['t0'] + (n_real - 1) / 25 <= it['mel'].shape[-1] * hop_s + 1e-6
                assert abs(len(it['wav']) / cfg.data.sr - it['mel'].shape[-1] * hop_s) < 0.01
                if tokenizer:
                    p = it['spoken_pos'][torch.isfinite(it['spoken_pos'])]
                    assert p.min() >= 0.5 and p.max() <= len(it['text']) - 1.5      # the window's own tokens, renumbered

def test_joint_and_audio_branch_train_on_20s_clips(long_clips, tmp_path):
    from narrating_nb.config import Cfg
    from narrating_nb import train as T
    cfg = Cfg.tiny().update({'train.bs': 1, 'train.log_every': 1})
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        T.train_joint(cfg, long_clips, tmp_path/'joint', steps=3, workers=0, progress=False)
        T.train_audio_branch(cfg, long_clips, tmp_path/'audio', steps=2, warmup=0, log_every=1, workers=0, progress=False)
    for run, n in (('joint', 3), ('audio', 2)):
        lg = T.read_log(tmp_path/run)
        assert lg['step'].tolist() == list(range(1, n + 1)) and all(math.isfinite(x) for x in lg['loss'])
