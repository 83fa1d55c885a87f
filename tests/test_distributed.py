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

    out, jobs = Path(sys.argv[1]), json.loads(sys.argv[2])       # several runs in one launch: each a (run, mode, at, steps, stop_at)
    rank = int(os.environ['RANK'])

    def digest(m): return hashlib.sha256(b''.join(v.detach().cpu().numpy().tobytes() for _, v in sorted(m.state_dict().items()))).hexdigest()

    class Toy(nn.Module):
        "A small MLP that records the items it sees; on rank 1, at call `at`, it fails as `mode` says."
        def __init__(self, mode, at):
            super().__init__(); self.net, self.calls, self.seen, self.mode, self.at = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1)), 0, [], mode, at
        def forward(self, b):
            self.calls += 1; self.seen.append(b['i'].tolist())
            loss = F.mse_loss(self.net(b['x'])[:, 0], b['y'])
            bad = rank == 1 and self.calls == self.at
            if bad and self.mode == 'nan': loss = loss * float('nan')
            if bad and self.mode == 'raise': raise ValueError('clip 7 has no frames')
            return dict(loss=loss, **({'extra': loss.detach()} if rank == 1 and self.mode == 'keys' else {}))

    class Collate:
        def __init__(self, mode, at): self.calls, self.mode, self.at = 0, mode, at
        def __call__(self, items):
            self.calls += 1
            if rank == 1 and self.mode == 'loaderr' and self.calls == self.at: raise OSError('clips/train_00007.mp4: truncated file')
            return {k: torch.stack([it[k] for it in items]) for k in items[0]}

    g = torch.Generator().manual_seed(0)
    X = torch.randn(32, 4, generator=g); Y = torch.sin(X.sum(1))
    ds = [dict(i=torch.tensor(i), x=X[i], y=Y[i]) for i in range(32)]
    cfg = Cfg.tiny().update({'train.lr': 0.05, 'train.bs': 2, 'train.grad_accum': 2, 'train.ckpt_every': 3, 'train.log_every': 1, 'train.timeout_s': 60})
    results = {}
    for run, mode, at, steps, stop_at in jobs:
        torch.manual_seed(100 + rank)                    # different initial weights: DDP must start every rank from rank 0's
        m = Toy(mode, at); init = digest(m); err = ''
        try: fit(m, ds, cfg, out/run, steps=steps, collate_fn=Collate(mode, at), cpu=True, progress=False, stop_at=stop_at or None)
        except Exception as e: err = f'{type(e).__name__}: {e}'
        results[run] = gather_object([dict(rank=rank, init=init, final=digest(m), seen=m.seen, err=err)])
    if rank == 0: (out/'result.json').write_text(json.dumps(results))
    end_processes()                                      # without it a process can abort at exit (gloo threads still running)
''')

def launch(tmp_path, *jobs):
    "Run `jobs` — (run, mode, at, steps, stop_at) — one after another in one 2-process launch; their results by run, then by rank."
    (tmp_path/'ddp_toy.py').write_text(SCRIPT)
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', str(tmp_path/'ddp_toy.py'),
                        str(tmp_path), json.dumps(jobs)], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                       env={**os.environ, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'HF_HUB_OFFLINE': '1'})
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert time.monotonic() - t0 < 60 * len(jobs) + 60, 'a failure must stop both processes promptly, not at the collective timeout'
    return {run: {d['rank']: d for d in res} for run, res in json.loads((tmp_path/'result.json').read_text()).items()}

def test_two_processes_identical_weights_and_exact_resume(tmp_path):
    out = launch(tmp_path, ('run', 'ok', 0, 3, 0), ('resumed', 'ok', 0, 3, 1), ('resumed', 'ok', 0, 3, 0))   # straight; interrupted after step 1, then again
    run, res = tmp_path/'run', out['run']
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
    res2 = out['resumed']                                                   # (the second job of that run folder: the resume)
    assert res2[0]['final'] == res2[1]['final'] == res[0]['final']           # bit-exact: the same weights as the straight run
    assert res2[0]['seen'] == res[0]['seen'][2:]                            # it went on with the batches the straight run had next

def test_a_failure_on_one_process_stops_both(tmp_path):
    "A non-finite loss, an exception in the forward pass, a bad batch, losses with other parts: each on rank 1 only, each a run of its own."
    out = launch(tmp_path, ('nan', 'nan', 3, 3, 0), ('raise', 'raise', 3, 3, 0), ('loaderr', 'loaderr', 2, 3, 0), ('keys', 'keys', 0, 3, 0))
    res = out['nan']                                                        # rank 1, step 2, first micro-batch
    assert 'non-finite loss at step 2' in res[1]['err'] and 'loss=nan' in res[1]['err']
    assert 'non-finite loss on another process at step 2' in res[0]['err']   # rank 0 stopped too instead of waiting forever
    assert 'no checkpoint was written yet' in res[0]['err'] and not (tmp_path/'nan'/'checkpoints').exists()
    res = out['raise']
    assert res[1]['err'] == 'ValueError: clip 7 has no frames'              # its own error, as raised
    assert res[0]['err'].startswith('ProcessFailed: process 1 failed at step 2 in its forward pass: ValueError: clip 7 has no frames')
    res = out['loaderr']
    assert res[1]['err'] == 'OSError: clips/train_00007.mp4: truncated file'
    assert 'process 1 failed at step 1 in loading its batch: OSError: clips/train_00007.mp4' in res[0]['err']
    for r in (0, 1): assert "the processes' losses have different parts (loss vs extra,loss)" in out['keys'][r]['err'], out['keys'][r]['err']

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
