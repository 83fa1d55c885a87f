"""Build the documentation site (or the README) from the notebooks.

    python scripts/build_docs.py            # site into _docs/
    python scripts/build_docs.py --readme   # README.md from nbs/index.ipynb

With Quarto on PATH this is `nbdev_docs`. Without it (Quarto cannot be installed from the package
registries this project uses) the same nbdev processing runs — `show_doc` rendered, hidden cells
dropped, directives applied — and its processed notebooks become Markdown pages (nbconvert, figures
extracted as PNG files) built into a static site by MkDocs with the Material theme. The studies' READMEs
(`experiments/<study>/README.md`, with their folders' files) become its "Experiments" section.

We call nbdev's processing functions directly instead of the `nbdev_proc_nbs` command: that command
first tries to download Quarto and then runs a bare `pip install -e .[dev]`, which installs into
whichever Python `pip` resolves to (on a machine where that is the system Python, a CUDA torch).
"""
import argparse, json, os, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIRECTIVE = re.compile(r'^\s*#\|.*$\n?', re.M)

def nb_title(nb):
    "Title and description from nbdev's front matter (a raw `---` cell) or the first `# ` heading."
    for c in nb.cells:
        if c.cell_type == 'raw' and c.source.startswith('---'):
            import yaml
            meta = yaml.safe_load(c.source.strip().strip('-')) or {}
            return str(meta.get('title', '')), str(meta.get('description', ''))
        if c.cell_type == 'markdown' and c.source.startswith('# '):
            lines = c.source.splitlines()
            desc = next((l[1:].strip() for l in lines[1:] if l.startswith('>')), '')
            return lines[0][2:].strip(), desc
    return '', ''

def nb_to_md(src:Path, dest_dir:Path, stem:str, for_readme:bool=False) -> str:
    "One processed notebook → a Markdown page (figures written next to it)."
    import nbformat
    from nbconvert import MarkdownExporter
    nb = nbformat.read(src, as_version=4)
    title, desc = nb_title(nb)
    cells = []
    for c in nb.cells:
        if c.cell_type == 'raw': continue
        if c.cell_type == 'code':
            opts = {l.split('|', 1)[1].strip() for l in c.source.splitlines() if l.lstrip().startswith('#|')}
            if opts & {'hide', 'include: false'} or any(o.startswith('default_exp') for o in opts) and len(c.source.splitlines()) == 1: continue
            if for_readme and not c.source.strip(): continue
            c.source = DIRECTIVE.sub('', c.source).strip()
            if 'echo: false' in opts or not c.source: c.source = ''; c.metadata['transient'] = {'remove_source': True}
            if for_readme: c.outputs = [o for o in c.get('outputs', []) if o.get('output_type') == 'stream' or 'text/markdown' in o.get('data', {})]
        if c.cell_type == 'markdown' and c.source.startswith('# ') and title and c.source.splitlines()[0][2:].strip() == title:
            c.source = '\n'.join(l for l in c.source.splitlines()[1:] if not l.startswith('>')).strip()
        cells.append(c)
    nb.cells = [c for c in cells if c.source or c.get('outputs')]
    body, res = MarkdownExporter().from_notebook_node(nb, resources={'output_files_dir': f'{stem}_files'})
    for name, data in res.get('outputs', {}).items():
        (dest_dir/name).parent.mkdir(parents=True, exist_ok=True); (dest_dir/name).write_bytes(data)
    head = f'# {title}\n\n' + (f'> {desc}\n\n' if desc else '')
    return head + body

MATHJAX_CFG = """window.MathJax = {tex: {inlineMath: [['\\\\(', '\\\\)']], displayMath: [['\\\\[', '\\\\]']], processEscapes: true},
  options: {ignoreHtmlClass: '.*', processHtmlClass: 'arithmatex'}};
"""

def vendor_mathjax(md:Path, cache:Path) -> bool:
    "Copy MathJax's self-contained SVG build (npm package mathjax@3) next to the pages; False if npm is absent."
    js = cache/'node_modules/mathjax/es5/tex-svg.js'
    if not js.exists():
        if not shutil.which('npm'): return False
        r = subprocess.run(['npm', 'install', '--silent', '--no-audit', '--no-fund', '--prefix', str(cache), 'mathjax@3.2.2'], capture_output=True, text=True)
        if r.returncode or not js.exists(): print('MathJax not installed (equations stay as TeX):', r.stderr[-300:]); return False
    (md/'js').mkdir(exist_ok=True)
    shutil.copy(js, md/'js/tex-svg.js'); (md/'js/mathjax-config.js').write_text(MATHJAX_CFG)
    return True

def add_experiments(md:Path) -> list:
    "Each `experiments/**/README.md` (a study) → the page `experiments/<study>/index.md`, with its folder's files beside it; their nav entries."
    src = ROOT/'experiments'
    if not (src/'README.md').exists(): return []
    nav = []
    for readme in sorted(src.rglob('README.md'), key=lambda p: (p.parent != src, p.parent.relative_to(src).parts)):
        rel = readme.parent.relative_to(src)
        dest = md/'experiments'/rel; dest.mkdir(parents=True, exist_ok=True)
        for f in readme.parent.rglob('*'):                        # figures, tables, scripts: what its links point at
            if not f.is_file() or f.name == 'README.md' or '__pycache__' in f.parts: continue
            if next(q for q in f.parents if (q/'README.md').exists()) != readme.parent: continue   # a nested study's: copied with it
            (dest/f.relative_to(readme.parent)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, dest/f.relative_to(readme.parent))
        text = readme.read_text()
        (dest/'index.md').write_text(re.sub(r'\]\(((?:\.\./|[\w.-]+/)*)README\.md\)', r'](\1index.md)', text))
        title = text.split('\n', 1)[0].lstrip('# ').strip() if text.startswith('# ') else str(rel)
        nav.append({('Overview' if rel == Path('.') else title): (Path('experiments')/rel/'index.md').as_posix()})
    return nav

def build_site(out:Path, proc:Path, math:bool=True):
    import nbdev.quarto, nbdev.doclinks, nbdev.serve
    from nbdev.config import get_config
    cfg = get_config()
    nbdev.quarto.refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    if proc.exists(): shutil.rmtree(proc)
    nbdev.serve.proc_nbs(cfg.nbs_path, n_workers=0, force=True)           # writes cfg.nbs_path/../_proc
    made = cfg.config_path/'_proc'
    if made.resolve() != proc.resolve(): shutil.move(str(made), proc)
    md = proc.parent/'_docs_md'
    if md.exists(): shutil.rmtree(md)
    md.mkdir(parents=True)
    nav = []
    for nbp in sorted(proc.rglob('*.ipynb'), key=lambda p: (p.name != 'index.ipynb', str(p))):
        rel = nbp.relative_to(proc)
        if any(part.startswith(('_', '.')) for part in rel.parts): continue
        stem = rel.with_suffix('').as_posix()
        page = md/f'{stem}.md'; page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(nb_to_md(nbp, page.parent, Path(stem).name))
        import nbformat
        title = nb_title(nbformat.read(nbp, as_version=4))[0] or stem
        nav.append({title: f'{stem}.md'})
    if studies := add_experiments(md): nav.append({'Experiments': studies})
    has_math = math and vendor_mathjax(md, proc.parent/'npm')
    yml = {'site_name': cfg.title, 'site_description': cfg.description, 'docs_dir': str(md.resolve()), 'site_dir': str(out.resolve()),
           'theme': {'name': 'material', 'features': ['navigation.sections', 'content.code.copy'], 'palette': {'primary': 'indigo'}},
           'markdown_extensions': ['tables', 'admonition', 'attr_list', 'md_in_html', 'pymdownx.superfences', {'toc': {'permalink': True}}],
           'nav': nav, 'use_directory_urls': False}
    if has_math:
        yml['markdown_extensions'].append({'pymdownx.arithmatex': {'generic': True}})
        yml['extra_javascript'] = ['js/mathjax-config.js', 'js/tex-svg.js']
    (proc.parent/'mkdocs.yml').write_text(json.dumps(yml, indent=1))             # JSON is valid YAML
    subprocess.run([str(Path(sys.executable).parent/'mkdocs'), 'build', '-q', '-f', str(proc.parent/'mkdocs.yml')], check=True)
    print(f'site: {out}/index.html ({len(nav) - bool(studies)} notebook pages, {len(studies)} experiment pages)')

def build_readme(dest:Path):
    "README.md from nbs/index.ipynb (what nbdev_readme does with Quarto), without figures."
    text = nb_to_md(ROOT/'nbs'/'index.ipynb', Path(os.devnull).parent, 'index', for_readme=True)
    note = '<!-- generated from nbs/index.ipynb by `make export`: edit the notebook, not this file -->\n'
    dest.write_text(note + re.sub(r'\n{3,}', '\n\n', text).strip() + '\n')
    print(f'wrote {dest}')

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--readme', action='store_true', help='write README.md from nbs/index.ipynb and stop')
    ap.add_argument('--out', default=str(ROOT/'_docs'))
    ap.add_argument('--build-dir', default=str(ROOT/'_build_docs'), help='where processed notebooks and pages go')
    ap.add_argument('--no-quarto', action='store_true', help='use the MkDocs path even where Quarto is installed')
    ap.add_argument('--no-math', action='store_true', help='do not vendor MathJax (equations shown as TeX)')
    a = ap.parse_args()
    os.chdir(ROOT)
    if a.readme: return build_readme(ROOT/'README.md')
    if shutil.which('quarto') and not a.no_quarto:
        subprocess.run([str(Path(sys.executable).parent/'nbdev_docs')], check=True); return
    build_site(Path(a.out), Path(a.build_dir)/'_proc', math=not a.no_math)

if __name__ == '__main__': main()
