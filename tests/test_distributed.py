"""`fit` in 2 processes on the CPU (PyTorch DDP over gloo, launched by torchrun as `accelerate` expects): the weights stay
identical across processes, the checkpoint is written once, a resume is bit-exact, and a failure on one process (an
exception in its forward pass, a bad batch, a non-finite loss, losses with other parts) stops both within a bounded
time, each with a message that names it."""
import hashlib, json, os, subprocess, sys, textwrap, time

SCRIPT = textwrap.dedent('''
    import hashlib, json, os, sys, torch, torch.nn as nn, torch.nn.functional as F
    from pathlib import Path
    from accelerate.utils import gather_object
    from narrating_nb.config import Cfg
    from narrating_nb.train import fit, end_processes

    run, mode, at, steps, stop_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) or None
    rank = int(os.environ['RANK'])

    def digest(m): return hashlib.sha256(b''.join(v.detach().cpu().numpy().tobytes() for _, v in sorted(m.state_dict().items()))).hexdigest()

    class Toy(nn.Module):
        "A small MLP that records the items it sees; on rank 1, at call `at`, it fails as `mode` says."
        def __init__(self):
            super().__init__(); self.net, self.calls, self.seen = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1)), 0, []
        def forward(self, b):
            self.calls += 1; self.seen.append(b['i'].tolist())
            loss = F.mse_loss(self.net(b['x'])[:, 0], b['y'])
            bad = rank == 1 and self.calls == at
            if bad and mode == 'nan': loss = loss * float('nan')
            if bad and mode == 'raise': raise ValueError('clip 7 has no frames')
            return dict(loss=loss, **({'extra': loss.detach()} if rank == 1 and mode == 'keys' else {}))

    calls = [0]
    def collate(items):
        calls[0] += 1
        if rank == 1 and mode == 'loaderr' and calls[0] == at: raise OSError('clips/train_00007.mp4: truncated file')
        return {k: torch.stack([it[k] for it in items]) for k in items[0]}

    g = torch.Generator().manual_seed(0)
    X = torch.randn(32, 4, generator=g); Y = torch.sin(X.sum(1))
    ds = [dict(i=torch.tensor(i), x=X[i], y=Y[i]) for i in range(32)]
    torch.manual_seed(100 + rank)                        # different initial weights: DDP must start every rank from rank 0's
    m = Toy(); init = digest(m)
    cfg = Cfg.tiny().update({'train.lr': 0.05, 'train.bs': 2, 'train.grad_accum': 2, 'train.ckpt_every': 3, 'train.log_every': 1, 'train.timeout_s': 60})
    err = ''
    try: fit(m, ds, cfg, run, steps=steps, collate_fn=collate, cpu=True, progress=False, stop_at=stop_at)
    except Exception as e: err = f'{type(e).__name__}: {e}'
    res = gather_object([dict(rank=rank, init=init, final=digest(m), seen=m.seen, err=err)])
    if rank == 0: (run/'result.json').write_text(json.dumps(res))
    end_processes()                                      # without it a process can abort at exit (gloo threads still running)
''')

def launch(tmp_path, mode='ok', at=0, steps=3, stop_at=0, run='run'):
    (tmp_path/'ddp_toy.py').write_text(SCRIPT)
    run, t0 = tmp_path/run, time.monotonic()
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', str(tmp_path/'ddp_toy.py'),
                        str(run), mode, str(at), str(steps), str(stop_at)],
                       capture_output=True, text=True, timeout=240, cwd=tmp_path,
                       env={**os.environ, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'HF_HUB_OFFLINE': '1'})
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert time.monotonic() - t0 < 150, 'a failure must stop both processes promptly, not at the collective timeout'
    return run, {d['rank']: d for d in json.loads((run/'result.json').read_text())}

def test_two_processes_identical_weights_and_exact_resume(tmp_path):
    run, res = launch(tmp_path)
    assert sorted(res) == [0, 1] and res[0]['err'] == res[1]['err'] == ''
    assert res[0]['init'] != res[1]['init']                                  # they started apart...
    assert res[0]['final'] == res[1]['final'] != res[0]['init']              # ...trained, and ended identical
    assert len(res[0]['seen']) == len(res[1]['seen']) == 6                   # 3 steps × 2 micro-batches
    for a, b in zip(res[0]['seen'], res[1]['seen']): assert not set(a) & set(b)   # each process its own data
    from narrating_nb.core import load_weights, latest_checkpoint
    sd, meta = load_weights(latest_checkpoint(run)/'model.safetensors')
    assert meta == {'step': 3} and [p.name for p in (run/'checkpoints').iterdir()] == ['step_00000003']   # written once, by one process
    assert hashlib.sha256(b''.join(v.numpy().tobytes() for _, v in sorted(sd.items()))).hexdigest() == res[0]['final']   # the checkpoint = those weights
    log = (run/'log.csv').read_text().splitlines()
    assert log[0].startswith('step,epoch,lr,grad_norm') and [r.split(',')[0] for r in log[1:]] == ['1', '2', '3']
    launch(tmp_path, stop_at=1, run='resumed')                              # interrupted after step 1 (its checkpoint written)...
    _, res2 = launch(tmp_path, run='resumed')                               # ...and the same command again
    assert res2[0]['final'] == res2[1]['final'] == res[0]['final']           # bit-exact: the same weights as the straight run
    assert [s for s in res2[0]['seen']] == res[0]['seen'][2:]               # it went on with the batches the straight run had next

def test_nan_on_one_process_stops_both(tmp_path):
    run, res = launch(tmp_path, 'nan', at=3)                                # rank 1, step 2, first micro-batch
    assert 'non-finite loss at step 2' in res[1]['err'] and 'loss=nan' in res[1]['err']
    assert 'non-finite loss on another process at step 2' in res[0]['err']   # rank 0 stopped too instead of waiting forever
    assert 'no checkpoint was written yet' in res[0]['err'] and not (run/'checkpoints').exists()

def test_exception_on_one_process_stops_both(tmp_path):
    _, res = launch(tmp_path, 'raise', at=3)
    assert res[1]['err'] == 'ValueError: clip 7 has no frames'              # its own error, as raised
    assert res[0]['err'].startswith('ProcessFailed: process 1 failed at step 2 in its forward pass: ValueError: clip 7 has no frames')

def test_bad_batch_on_one_process_stops_both(tmp_path):
    _, res = launch(tmp_path, 'loaderr', at=2)
    assert res[1]['err'] == 'OSError: clips/train_00007.mp4: truncated file'
    assert 'process 1 failed at step 1 in loading its batch: OSError: clips/train_00007.mp4' in res[0]['err']

def test_losses_with_other_parts_are_refused(tmp_path):
    _, res = launch(tmp_path, 'keys')
    for r in (0, 1): assert "the processes' losses have different parts (loss vs extra,loss)" in res[r]['err'], res[r]['err']

JOINT = textwrap.dedent('''
    import hashlib, json, os, sys, warnings, torch
    from pathlib import Path
    from accelerate.utils import gather_object
    from narrating_nb.config import Cfg
    from narrating_nb.system import JointModel
    from narrating_nb.video_branch import video_dataset
    from narrating_nb.train import fit, end_processes
    warnings.simplefilter('ignore'); torch.backends.mkldnn.enabled = False
    root, run, rank = Path(sys.argv[1]), Path(sys.argv[2]), int(os.environ['RANK'])
    cfg = Cfg.tiny().update({'train.bs': 1, 'train.log_every': 1, 'adec.max_frames': 256})
    torch.manual_seed(rank); m = JointModel.from_cfg(cfg)            # apart at first: DDP starts every rank from rank 0's weights
    fit(m, video_dataset(cfg, root, 'train', seed=0), cfg, run, steps=2, cpu=True, progress=False)
    d = hashlib.sha256(b''.join(v.detach().numpy().tobytes() for _, v in sorted(m.state_dict().items()))).hexdigest()
    res = gather_object([dict(rank=rank, final=d)])
    if rank == 0: (run/'result.json').write_text(json.dumps(res))
    end_processes()
''')

def test_tiny_joint_model_in_two_processes(tmp_path):
    "The real joint model at `tiny` (every loss part, DDP with unused parameters) trained in 2 gloo processes: identical weights, one checkpoint, the same loss parts logged."
    import warnings
    from narrating_nb.data.synthtalk import make_synthtalk
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); make_synthtalk(tmp_path/'st', n=8, seconds=1.0, size=128, workers=1, progress=False)
    (tmp_path/'joint.py').write_text(JOINT)
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', str(tmp_path/'joint.py'),
                        str(tmp_path/'st'), str(tmp_path/'run')], capture_output=True, text=True, timeout=400, cwd=tmp_path,
                       env={**os.environ, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'HF_HUB_OFFLINE': '1'})
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    res = {d['rank']: d for d in json.loads((tmp_path/'run'/'result.json').read_text())}
    assert res[0]['final'] == res[1]['final']
    assert [p.name for p in (tmp_path/'run'/'checkpoints').iterdir()] == ['step_00000002']
    head = (tmp_path/'run'/'log.csv').read_text().splitlines()[0].split(',')
    assert {'loss', 'video', 'audio', 'denoise', 'mel', 'stop', 'pix'} <= set(head)
