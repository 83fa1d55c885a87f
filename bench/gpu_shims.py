"""Stand-ins for the two compiled packages the GPU benchmark machine lacks and cannot install, so the benchmarks there import.

The lent GPU machine (bench/gpu_suite.sh) has torch, transformers and numpy 2 but no registry: mediapipe 0.10.21 (face mesh,
needs numpy<2) and PyAV (36 MB, over the transfer limit) cannot travel. The benchmarks never call either: faces, voices and
training batches are prepared here, on the CPU machine, with the real packages (`--save-prepared`, `--save-batches`). But
`narrating_nb.data.faces` reads MediaPipe's landmark index sets at import, and `narrating_nb.video_io` imports `av`. This
script writes, under `out`:
- `mediapipe/`: the face-mesh index sets copied from the installed mediapipe (so every mask function is the real one); any
  attempt to run the face mesh raises;
- `av/`: a module whose every use raises.
Put `out` on PYTHONPATH there only. Nothing here is used by the package or its tests.

    python bench/gpu_shims.py .gpu/shims
"""
import json, sys
from pathlib import Path

MP_INIT = '''"Shim written by bench/gpu_shims.py: MediaPipe's face-mesh index sets, no model."
import json, types
from pathlib import Path
_sets = json.loads((Path(__file__).parent/'face_mesh_sets.json').read_text())
class FaceMesh:
    def __init__(self, *a, **kw): raise RuntimeError("mediapipe shim: the face mesh does not run on this machine; prepare faces on the CPU machine")
face_mesh = types.SimpleNamespace(FaceMesh=FaceMesh, **{k: frozenset(map(tuple, v)) for k, v in _sets.items()})
solutions = types.SimpleNamespace(face_mesh=face_mesh)
'''
AV_INIT = '''"Shim written by bench/gpu_shims.py: PyAV is not on this machine."
def __getattr__(name): raise RuntimeError(f"av shim: PyAV is not installed on this machine (av.{name})")
'''

def main(out):
    import mediapipe as mp
    fm = mp.solutions.face_mesh
    sets = {k: sorted(map(list, v)) for k in dir(fm) if k.startswith('FACEMESH_') and isinstance(v := getattr(fm, k), frozenset)}
    out = Path(out)
    (out/'mediapipe').mkdir(parents=True, exist_ok=True); (out/'av').mkdir(exist_ok=True)
    (out/'mediapipe'/'face_mesh_sets.json').write_text(json.dumps(sets))
    (out/'mediapipe'/'__init__.py').write_text(MP_INIT)
    (out/'av'/'__init__.py').write_text(AV_INIT)
    print(f"shims for mediapipe ({len(sets)} index sets) and av written to {out}")

if __name__ == '__main__': main(sys.argv[1] if len(sys.argv) > 1 else '.gpu/shims')
