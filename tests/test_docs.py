"The documentation site: every notebook and every study in experiments/ has a page, with its figures and its API entries."
import json, re, subprocess, sys
from pathlib import Path
import pytest

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    root = Path(__file__).resolve().parent.parent
    out, build = tmp_path_factory.mktemp('site'), tmp_path_factory.mktemp('build')
    r = subprocess.run([sys.executable, str(root/'scripts/build_docs.py'), '--no-quarto', '--out', str(out), '--build-dir', str(build)],
                       capture_output=True, text=True, cwd=root, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    return root, out

def notebooks(root): return sorted(p for p in (root/'nbs').rglob('*.ipynb') if not any(s.startswith(('_', '.')) for s in p.relative_to(root/'nbs').parts))

def test_every_notebook_has_a_page_with_its_figures(site):
    root, out = site
    for nb in notebooks(root):
        page = out/nb.relative_to(root/'nbs').with_suffix('.html')
        assert page.exists(), f'no page for {nb.name}'
        html = page.read_text()
        n_figs = sum(any(k in o.get('data', {}) for k in ('image/png', 'image/jpeg')) for c in json.loads(nb.read_text())['cells'] for o in c.get('outputs', []))
        imgs = [s for s in re.findall(r'<img[^>]+src="([^"]+)"', html) if not s.startswith(('http', 'data:'))]
        assert len(imgs) >= n_figs, f'{page.name}: {len(imgs)} images for {n_figs} figures'
        for s in imgs: assert (page.parent/s).exists(), f'{page.name}: missing {s}'

def test_every_experiment_has_a_page_with_its_figures(site):
    "Each `experiments/**/README.md` is the page `experiments/<study>/index.html` under \"Experiments\", and every image it shows is in the site."
    root, out = site
    readmes = sorted((root/'experiments').rglob('README.md'))
    assert len(readmes) > 1, 'no studies in experiments/'
    for readme in readmes:
        rel = readme.parent.relative_to(root)
        page = out/rel/'index.html'
        assert page.exists(), f'no page for {rel}/README.md'
        html = page.read_text()
        shown = [s for s in re.findall(r'!\[[^\]]*\]\(([^)\s]+)\)', readme.read_text()) if not s.startswith('http')]
        for s in shown: assert (readme.parent/s).exists(), f'{rel}/README.md: shows {s}, which is not in the folder'
        imgs = [s for s in re.findall(r'<img[^>]+src="([^"]+)"', html) if not s.startswith(('http', 'data:'))]
        assert len(imgs) >= len(shown), f'{rel}: {len(imgs)} images on the page for {len(shown)} in the README'
        for s in imgs: assert (page.parent/s).exists(), f'{rel}: missing {s}'
    assert 'Experiments' in (out/'index.html').read_text(), 'no "Experiments" section in the nav'

def test_api_entries_are_rendered(site):
    root, out = site
    html = (out/'03_audio.html').read_text()
    assert 'load_audio' in html and 'Read an audio file' in html          # show_doc: name and docstring
    assert '#|' not in (out/'01_config.html').read_text()                    # directives are not shown
    assert 'Text-driven joint audio-visual' in (out/'index.html').read_text()

def test_readme_agrees_with_index(tmp_path):
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root/'scripts'))
    import build_docs
    build_docs.build_readme(tmp_path/'README.md')
    assert (tmp_path/'README.md').read_text() == (root/'README.md').read_text(), 'README.md is stale: run `make export`'
