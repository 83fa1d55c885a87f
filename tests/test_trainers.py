"""One training loop (DESIGN.md §0): every trainer is a model, a dataset and a loss handed to `train.fit`, so every one
resumes exactly: 4 steps straight and 2 steps, an interruption, then the same command again give identical weights."""
import warnings
import pytest, torch

@pytest.fixture(scope='module')
def data(tmp_path_factory):
    from narrating_nb.data.synthtalk import make_synthtalk
    root = tmp_path_factory.mktemp('synth')/'st'
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); make_synthtalk(root, n=8, seconds=1.0, size=128, workers=1, progress=False)
    return root

def trainers():
    from narrating_nb.config import Cfg
    from narrating_nb import train as T
    tiny = Cfg.tiny().update({'train.bs': 2, 'adec.max_frames': 256})
    return {'joint': lambda root, run, **kw: T.train_joint(tiny, root, run, workers=0, progress=False, **kw),
            'audio': lambda root, run, **kw: T.train_audio_branch(tiny, root, run, warmup=2, workers=0, progress=False, **kw),
            'vae': lambda root, run, **kw: T.train_vae(tiny, root, run, bs=2, k=2, warmup=2, workers=0, progress=False, **kw),
            'asr': lambda root, run, **kw: T.train_ctc_recogniser(root, run, bs=2, hidden=16, n_layers=1, val_every=0, progress=False, **kw),
            'aligner': lambda root, run, **kw: T.train_aligner(root, run, bs=2, d=16, d_att=8, val_every=0, progress=False, **kw),
            'syncnet': lambda root, run, **kw: T.train_syncnet(root, run, bs=2, seg=12, dim=16, ch=4, progress=False, **kw)}

def final_weights(run) -> dict:
    from narrating_nb.core import latest_checkpoint, load_weights
    ck = latest_checkpoint(run)
    assert ck is not None and ck.name == 'step_00000004', ck
    return load_weights(ck/'model.safetensors')[0]

@pytest.mark.parametrize('name', list(trainers()))
def test_resume_is_exact(name, data, tmp_path):
    train = trainers()[name]
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        train(data, tmp_path/'straight', steps=4)
        train(data, tmp_path/'resumed', steps=4, stop_at=2)                # interrupted after step 2 (a checkpoint is written)
        assert [p.name for p in (tmp_path/'resumed'/'checkpoints').iterdir()] == ['step_00000002']
        train(data, tmp_path/'resumed', steps=4)                           # the same command again resumes
    a, b = final_weights(tmp_path/'straight'), final_weights(tmp_path/'resumed')
    assert a.keys() == b.keys()
    changed = [k for k in a if not torch.equal(a[k], b[k])]
    assert not changed, f'{name}: {len(changed)} tensors differ after a resume, e.g. {changed[:3]}'
    logs = [(tmp_path/r/'log.csv').read_text().splitlines() for r in ('straight', 'resumed')]
    assert [l.split(',')[0] for l in logs[1][1:]] == [l.split(',')[0] for l in logs[0][1:]]     # the log holds each step once
