"`fit` in 2 processes on the CPU (PyTorch DDP over gloo, launched by torchrun as `accelerate` expects): the weights stay identical."
import hashlib, json, os, subprocess, sys, textwrap

SCRIPT = textwrap.dedent('''
    import hashlib, json, os, sys, torch, torch.nn as nn, torch.nn.functional as F
    from pathlib import Path
    from accelerate.utils import gather_object
    from narrating_nb.config import Cfg
    from narrating_nb.train import fit, NonFiniteLoss, end_processes

    run, nan_at = Path(sys.argv[1]), int(sys.argv[2])
    rank = int(os.environ['RANK'])

    def digest(m): return hashlib.sha256(b''.join(v.detach().cpu().numpy().tobytes() for _, v in sorted(m.state_dict().items()))).hexdigest()

    class Toy(nn.Module):
        "A small MLP that records the items it sees; on rank 1 its loss turns NaN at call `nan_at` (0: never)."
        def __init__(self):
            super().__init__(); self.net, self.calls, self.seen = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1)), 0, []
        def forward(self, b):
            self.calls += 1; self.seen.append(b['i'].tolist())
            loss = F.mse_loss(self.net(b['x'])[:, 0], b['y'])
            if rank == 1 and self.calls == nan_at: loss = loss * float('nan')
            return dict(loss=loss)

    g = torch.Generator().manual_seed(0)
    X = torch.randn(32, 4, generator=g); Y = torch.sin(X.sum(1))
    ds = [dict(i=torch.tensor(i), x=X[i], y=Y[i]) for i in range(32)]
    collate = lambda items: {k: torch.stack([it[k] for it in items]) for k in items[0]}
    torch.manual_seed(100 + rank)                        # different initial weights: DDP must start every rank from rank 0's
    m = Toy(); init = digest(m)
    cfg = Cfg.tiny().update({'train.lr': 0.05, 'train.bs': 2, 'train.grad_accum': 2, 'train.ckpt_every': 3, 'train.log_every': 1})
    err = ''
    try: fit(m, ds, cfg, run, steps=3, collate_fn=collate, cpu=True, progress=False)
    except NonFiniteLoss as e: err = str(e)
    res = gather_object([dict(rank=rank, init=init, final=digest(m), seen=m.seen, err=err)])
    if rank == 0: (run/'result.json').write_text(json.dumps(res))
    end_processes()                                      # without it a process can abort at exit (gloo threads still running)
''')

def launch(tmp_path, nan_at=0):
    (tmp_path/'ddp_toy.py').write_text(SCRIPT)
    run = tmp_path/'run'
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', str(tmp_path/'ddp_toy.py'), str(run), str(nan_at)],
                       capture_output=True, text=True, timeout=240, cwd=tmp_path,
                       env={**os.environ, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'HF_HUB_OFFLINE': '1'})
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return run, {d['rank']: d for d in json.loads((run/'result.json').read_text())}

def test_two_processes_identical_weights(tmp_path):
    run, res = launch(tmp_path)
    assert sorted(res) == [0, 1] and res[0]['err'] == res[1]['err'] == ''
    assert res[0]['init'] != res[1]['init']                                  # they started apart...
    assert res[0]['final'] == res[1]['final'] != res[0]['init']              # ...trained, and ended identical
    assert len(res[0]['seen']) == len(res[1]['seen']) == 6                   # 3 steps × 2 micro-batches
    for a, b in zip(res[0]['seen'], res[1]['seen']): assert not set(a) & set(b)   # each process its own data
    from narrating_nb.core import load_weights
    from narrating_nb.core import latest_checkpoint
    sd, meta = load_weights(latest_checkpoint(run)/'model.safetensors')
    assert meta == {'step': 3}
    assert hashlib.sha256(b''.join(v.numpy().tobytes() for _, v in sorted(sd.items()))).hexdigest() == res[0]['final']   # the checkpoint = those weights
    log = (run/'log.csv').read_text().splitlines()
    assert log[0].startswith('step,epoch,lr,grad_norm') and [r.split(',')[0] for r in log[1:]] == ['1', '2', '3']

def test_nan_on_one_process_stops_both(tmp_path):
    run, res = launch(tmp_path, nan_at=3)                                   # rank 1, step 2, first micro-batch
    assert 'non-finite loss at step 2' in res[1]['err'] and 'loss=nan' in res[1]['err']
    assert 'non-finite loss on another process at step 2' in res[0]['err']   # rank 0 stopped too instead of waiting forever
    assert 'no checkpoint was written yet' in res[0]['err'] and not (run/'checkpoints').exists()
