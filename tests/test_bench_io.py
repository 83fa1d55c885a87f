"The files the GPU benchmark suite carries to a machine without the data tools: clip windows, and the import shims."
import importlib.util, json, subprocess, sys
import torch


def _load(root, name):
    if str(root/'bench') not in sys.path: sys.path.insert(0, str(root/'bench'))      # the scripts share bench/_common.py
    spec = importlib.util.spec_from_file_location(name, root/'bench'/f'{name}.py')
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); return m


def test_clip_windows_round_trip(root, tmp_path):
    "Image tensors come back within half an 8-bit step of their range; everything else exactly."
    ts = _load(root, 'train_speed')
    g = torch.Generator().manual_seed(0)
    item = dict(id='x', text_str='hello', frames=torch.rand(4, 3, 16, 16, generator=g) * 2 - 1, face_mask=(torch.rand(1, 16, 16, generator=g) > 0.5).float(),
                mel=torch.randn(80, 30, generator=g), text=torch.arange(7), frame_mask=torch.tensor([True, True, False, False]))
    ts.save_items([item], tmp_path/'items.pt.gz')
    back, = ts.load_items(tmp_path/'items.pt.gz')
    assert set(back) == set(item)
    for k in ('id', 'text_str'): assert back[k] == item[k]
    for k in ('mel', 'text', 'frame_mask', 'face_mask'): assert torch.equal(back[k], item[k]), k
    step = float(item['frames'].max() - item['frames'].min()) / 255
    assert back['frames'].dtype == torch.float32 and (back['frames'] - item['frames']).abs().max() <= step / 2 + 1e-6


def test_shims_give_the_real_index_sets(root, tmp_path):
    "In a fresh interpreter with the shims first on the path, mediapipe's face-mesh index sets are the real ones and av refuses use."
    subprocess.run([sys.executable, str(root/'bench'/'gpu_shims.py'), str(tmp_path)], check=True, capture_output=True)
    code = ("import json, mediapipe, av; fm = mediapipe.solutions.face_mesh;"
            "print(json.dumps({k: sorted(map(list, getattr(fm, k))) for k in ('FACEMESH_LIPS', 'FACEMESH_TESSELATION')}));"
            "exec('try: av.open\\nexcept RuntimeError: print(\"refused\")')")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env={'PYTHONPATH': str(tmp_path), 'PATH': ''})
    assert r.returncode == 0, r.stderr[-1500:]
    shim = json.loads(r.stdout.splitlines()[0])
    assert r.stdout.splitlines()[1] == 'refused'
    import mediapipe as mp
    real = mp.solutions.face_mesh
    assert shim == {k: sorted(map(list, getattr(real, k))) for k in ('FACEMESH_LIPS', 'FACEMESH_TESSELATION')}
