"Pieces the benchmark scripts share."
import queue
import torch

AMP = {'no': None, 'bf16': torch.bfloat16, 'fp16': torch.float16}     # --amp choices → autocast dtype


def child_result(p, q):
    "The result measuring process `p` puts on queue `q`, or an exit naming its code when it died without one (its traceback is on stderr)."
    while True:
        try: r = q.get(timeout=2); p.join(); return r
        except queue.Empty:
            if not p.is_alive(): raise SystemExit(f"the measuring process exited with code {p.exitcode} before giving a result (see its error above)")
