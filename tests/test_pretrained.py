"""One save/load format (DESIGN.md §0): every trainable class saves with `save_pretrained(folder)` and loads with
`cls.from_pretrained(folder)` — config.json + model.safetensors + README.md — and gives identical outputs on a fixed
input after the round trip (as diffusers' `ModelTesterMixin.test_save_load`)."""
import json, warnings
import pytest, torch

def tiny_batch(cfg):
    "A one-clip batch as `Narrator` builds it: text ids, a random face with masks, one second of a random voice."
    from narrating_nb.audio import MelSpec, resample
    from narrating_nb.data.loaders import collate
    from narrating_nb.models.text import load_tokenizer
    g = torch.Generator().manual_seed(0)
    s, prof = cfg.data.img_size, torch.randn(16_000, generator=g) * 0.1
    it = dict(id='x', text_str='hello there', text=torch.tensor(load_tokenizer(cfg.text.tokenizer or None).encode('hello there')),
              wav=torch.zeros(1), mel=torch.zeros(cfg.mel.n_mels, 1), face_img=torch.rand(3, s, s, generator=g) * 2 - 1,
              face_mask=torch.ones(1, s, s), lip_mask=(torch.rand(1, s, s, generator=g) > 0.8).float(),
              profile=prof, profile_mel=MelSpec.from_cfg(cfg.mel)(resample(prof, 16_000, cfg.mel.sr)))
    return collate([it])

def systems():
    from narrating_nb.config import Cfg
    from narrating_nb.audio_branch import AudioBranch
    from narrating_nb.video_branch import VideoBranch
    from narrating_nb.system import JointModel
    cfg = Cfg.tiny()
    def video():
        a = AudioBranch.from_cfg(cfg)
        return VideoBranch.from_parts(cfg, a, a.enc.image.vae)
    enc = lambda m: (m.audio if hasattr(m, 'audio') else m).encode(tiny_batch(cfg))
    return {'AudioBranch': (lambda: AudioBranch.from_cfg(cfg), enc), 'VideoBranch': (video, enc), 'JointModel': (lambda: JointModel.from_cfg(cfg), enc)}

def small_nets():
    from narrating_nb.models.vae import build_vae
    from narrating_nb.models.asr import CTCRecogniser
    from narrating_nb.models.aligner import Aligner
    from narrating_nb.metrics.sync import SyncExpert
    g = torch.Generator().manual_seed(1)
    mel, lens = torch.randn(2, 80, 40, generator=g), torch.tensor([40, 31])
    text = torch.randint(4, 50, (2, 9), generator=g)
    img, mouths, smel = torch.rand(1, 3, 32, 32, generator=g) * 2 - 1, torch.rand(2, 5, 3, 48, 48, generator=g), torch.randn(2, 80, 20, generator=g)
    return {'FaceVAE': (lambda: build_vae((8, 16), 4, 32), lambda m: m.encode(img).latent_dist.mean),
            'CTCRecogniser': (lambda: CTCRecogniser(ch=4, hidden=16, n_layers=1), lambda m: m(mel, lens)),
            'Aligner': (lambda: Aligner(60, d=16, d_att=8), lambda m: m(text, torch.ones(2, 9, dtype=torch.bool), mel, torch.arange(40)[None] < lens[:, None])),
            'SyncExpert': (lambda: SyncExpert(dim=16, ch=4), lambda m: m(mouths, smel))}

CASES = {**small_nets(), **systems()}

def flat(x):
    if isinstance(x, torch.Tensor): return [x]
    if isinstance(x, dict): return [t for k in sorted(x) for t in flat(x[k])]
    if isinstance(x, (list, tuple)): return [t for v in x for t in flat(v)]
    return []

@pytest.mark.parametrize('name', list(CASES))
def test_round_trip(name, tmp_path):
    build, run = CASES[name]
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); m = build().eval()
    m.save_pretrained(tmp_path/'m')
    assert sorted(p.name for p in (tmp_path/'m').iterdir()) == ['README.md', 'config.json', 'model.safetensors']
    json.loads((tmp_path/'m'/'config.json').read_text())
    back = type(m).from_pretrained(tmp_path/'m', 'cpu')
    assert type(back) is type(m) and not back.training
    sd, sb = m.state_dict(), back.state_dict()
    assert sd.keys() == sb.keys() and all(torch.equal(sd[k], sb[k]) for k in sd)
    torch.manual_seed(0)
    with torch.no_grad(): a = flat(run(m))
    torch.manual_seed(0)
    with torch.no_grad(): b = flat(run(back))
    assert a and len(a) == len(b) and all(torch.equal(x, y) for x, y in zip(a, b))

def test_a_folder_names_its_class(tmp_path):
    from narrating_nb.models.asr import CTCRecogniser
    from narrating_nb.metrics.sync import SyncExpert
    from narrating_nb.core import InputError
    CTCRecogniser(ch=4, hidden=16, n_layers=1).save_pretrained(tmp_path/'asr')
    with pytest.raises(InputError, match='holds a CTCRecogniser, not a SyncExpert'): SyncExpert.from_pretrained(tmp_path/'asr')

def test_shipped_model_is_a_joint_model_folder():
    from narrating_nb.system import SHIPPED, JointModel, load_system
    assert sorted(p.name for p in SHIPPED.iterdir() if not p.name.startswith('.')) == ['README.md', 'config.json', 'model.safetensors']
    s = load_system(SHIPPED, 'cpu')
    assert isinstance(s.video, JointModel)
