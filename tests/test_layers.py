"""The layers of DESIGN.md §0, bottom to top: a module imports only from its own layer or below, never upward,
imports inside functions included; and there are no import cycles."""
import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent/'narrating_nb'
LAYERS = [('core', 'config'), ('audio', 'video_io', 'viz'), ('data',), ('models', 'losses'), ('metrics',),
          ('audio_branch', 'video_branch'), ('system',), ('train', 'plan'), ('evaluate',), ('ablations',), ('inference',)]

def modules() -> dict:
    out = {}
    for p in PKG.rglob('*.py'):
        if p.name == '_modidx.py': continue
        parts = p.relative_to(PKG.parent).with_suffix('').parts
        out['.'.join(parts[:-1] if parts[-1] == '__init__' else parts)] = p
    return out

def layer(mod:str) -> int:
    top = mod.split('.')[1] if '.' in mod else ''
    hit = [i for i, names in enumerate(LAYERS) if top in names]
    assert hit, f'{mod} is in no layer: add it to LAYERS here and to DESIGN.md §0'
    return hit[0]

def imports(mod:str, path:Path) -> set:
    "Every package module `mod` imports, at the top or inside a function."
    mods, out = modules(), set()
    for n in ast.walk(ast.parse(path.read_text())):
        if isinstance(n, ast.ImportFrom):
            base = n.module or ''
            if n.level:
                pkg = mod.split('.') if path.name == '__init__.py' else mod.split('.')[:-1]
                base = '.'.join(pkg[:len(pkg) - n.level + 1] + ([base] if base else []))
            for a in n.names:
                out.add(next((c for c in (f'{base}.{a.name}', base) if c in mods), None))
        elif isinstance(n, ast.Import):
            out.update(a.name for a in n.names if a.name in mods)
    return out - {None, mod, 'narrating_nb'}

def test_every_module_has_a_layer():
    for m in modules():
        if m != 'narrating_nb': layer(m)

def test_nothing_imports_upward():
    bad = [f'{m} (layer {layer(m)}) imports {t} (layer {layer(t)})' for m, p in modules().items() if m != 'narrating_nb'
           for t in sorted(imports(m, p)) if layer(t) > layer(m)]
    assert not bad, 'upward imports (move the function to the layer it belongs to):\n' + '\n'.join(bad)

def test_no_import_cycles():
    g = {m: imports(m, p) for m, p in modules().items()}
    seen, stack, cycles = set(), [], []
    def visit(m):
        if m in stack: cycles.append(stack[stack.index(m):] + [m]); return
        if m in seen: return
        seen.add(m); stack.append(m)
        for t in g.get(m, ()): visit(t)
        stack.pop()
    for m in g: visit(m)
    assert not cycles, 'import cycles: ' + '; '.join(' -> '.join(c) for c in cycles)
