"""One training loop (DESIGN.md §0): every trainer is a model, a dataset and a loss handed to `train.fit`, so every one
resumes exactly: 4 steps straight and 2 steps, an interruption, then the same command again give identical weights.
oneDNN's CPU convolutions pick kernels by memory alignment and so differ at the 1e-5 level from one allocation to the
next (the video branch's UNet shows it); the test turns oneDNN off, so that what it compares is the loop's own state.
The video branch still moves at the 1e-5 level: its losses agree to six digits on every step up to and after the
resume, and differ in the sixth on a later one — float reductions whose order follows memory alignment (MKL's own
`MKL_CBWR` removes part of it), not a state the loop forgets. Adam turns such noise in a near-zero gradient into up
to a step's worth of update, so the video branch is compared within two learning-rate steps (2e-4) per value."""
import warnings
import pytest, torch

@pytest.fixture(scope='module')
def data(tmp_path_factory):
    from narrating_nb.data.synthtalk import make_synthtalk
    root = tmp_path_factory.mktemp('synth')/'st'
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); make_synthtalk(root, n=8, seconds=1.0, size=128, workers=1, progress=False)
    return root

def trainers(tmp=None, root=None):
    from narrating_nb.config import Cfg
    from narrating_nb import train as T
    tiny = Cfg.tiny().update({'train.bs': 2, 'adec.max_frames': 256, 'train.log_every': 1})
    vcfg = tiny.update({'enc.vae_path': str(tmp/'vae')}) if tmp else tiny
    def video(root, run, prepare=False, **kw):                                # on a face VAE and a one-step audio run of its own
        from narrating_nb.models.vae import build_vae
        if prepare:
            torch.manual_seed(0); build_vae(tiny.enc.vae_channels, tiny.enc.latent_ch, tiny.data.img_size).save_pretrained(tmp/'vae')
            return T.train_audio_branch(vcfg, root, tmp/'arun', steps=1, workers=0, progress=False)
        return T.train_video_branch(vcfg, root, run, tmp/'arun', warmup=2, log_every=1, workers=0, progress=False, **kw)
    return {'video': video,
            'joint': lambda root, run, **kw: T.train_joint(tiny, root, run, workers=0, progress=False, **kw),
            'audio': lambda root, run, **kw: T.train_audio_branch(tiny, root, run, warmup=2, log_every=1, workers=0, progress=False, **kw),
            'vae': lambda root, run, **kw: T.train_vae(tiny, root, run, bs=2, log_every=1, k=2, warmup=2, workers=0, progress=False, **kw),
            'asr': lambda root, run, **kw: T.train_ctc_recogniser(root, run, bs=2, log_every=1, hidden=16, n_layers=1, val_every=0, progress=False, **kw),
            'aligner': lambda root, run, **kw: T.train_aligner(root, run, bs=2, log_every=1, d=16, d_att=8, val_every=0, progress=False, **kw),
            'syncnet': lambda root, run, **kw: T.train_syncnet(root, run, bs=2, log_every=1, seg=12, dim=16, ch=4, progress=False, **kw)}

def final_weights(run) -> dict:
    from narrating_nb.core import latest_checkpoint, load_weights
    ck = latest_checkpoint(run)
    assert ck is not None and ck.name == 'step_00000004', ck
    return load_weights(ck/'model.safetensors')[0]

@pytest.fixture
def no_onednn():
    was = torch.backends.mkldnn.enabled
    torch.backends.mkldnn.enabled = False
    yield
    torch.backends.mkldnn.enabled = was

@pytest.mark.parametrize('name', list(trainers()))
def test_resume_is_exact(name, data, tmp_path, no_onednn):
    train = trainers(tmp_path)[name]
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        if name == 'video': train(data, None, prepare=True)
        train(data, tmp_path/'straight', steps=4)
        train(data, tmp_path/'resumed', steps=4, stop_at=2)                # interrupted after step 2 (a checkpoint is written)
        assert [p.name for p in (tmp_path/'resumed'/'checkpoints').iterdir()] == ['step_00000002']
        train(data, tmp_path/'resumed', steps=4)                           # the same command again resumes
    a, b = final_weights(tmp_path/'straight'), final_weights(tmp_path/'resumed')
    assert a.keys() == b.keys()
    tol = 2e-4 if name == 'video' else 0.
    changed = [k for k in a if not torch.equal(a[k], b[k]) and (a[k].float() - b[k].float()).abs().max() > tol]
    assert not changed, f'{name}: {len(changed)} tensors differ after a resume, e.g. {changed[:3]}'
    import csv
    logs = [list(csv.DictReader(open(tmp_path/r/'log.csv'))) for r in ('straight', 'resumed')]
    assert [r['step'] for r in logs[1]] == [r['step'] for r in logs[0]] == ['1', '2', '3', '4']     # the log holds each step once
    for x, y in zip(*logs): assert abs(float(x['loss']) - float(y['loss'])) <= 1e-5 * abs(float(x['loss'])), (x, y)   # the same losses step by step
