"""Make a notebook's saved figures lighter in place: PNG outputs wider than `--max-width` px are scaled down, and each is
re-encoded as a 256-colour palette PNG when that is smaller. Only saved outputs change (code and prose are untouched).

    python scripts/slim_outputs.py nbs/60_inference.ipynb [--max-width 900] [--min-kb 40]
"""
import argparse, base64, io, json
from pathlib import Path
from PIL import Image

def slim_png(b:bytes, max_width:int) -> bytes:
    im = Image.open(io.BytesIO(b))
    if im.width > max_width: im = im.resize((max_width, round(im.height * max_width / im.width)), Image.LANCZOS)
    rgb = im.convert('RGB')                                    # (figures are opaque: matplotlib's white background)
    out = io.BytesIO(); rgb.quantize(256, method=Image.MEDIANCUT, dither=Image.NONE).save(out, 'PNG', optimize=True)
    return out.getvalue() if len(out.getvalue()) < len(b) else b

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('notebooks', nargs='+'); p.add_argument('--max-width', type=int, default=900); p.add_argument('--min-kb', type=float, default=40)
    a = p.parse_args()
    for f in a.notebooks:
        nb, before, n = json.loads(Path(f).read_text()), Path(f).stat().st_size, 0
        for c in nb['cells']:
            for o in c.get('outputs', []):
                v = o.get('data', {}).get('image/png')
                if v is None: continue
                b = base64.b64decode(''.join(v) if isinstance(v, list) else v)
                if len(b) < a.min_kb * 1024: continue
                s = slim_png(b, a.max_width)
                if s is not b:
                    o['data']['image/png'] = base64.b64encode(s).decode(); n += 1
        Path(f).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
        print(f"{f}: {n} figures slimmed, {before / 1024:.0f} KB → {Path(f).stat().st_size / 1024:.0f} KB")

if __name__ == '__main__': main()
