#!/usr/bin/env python3
"""Check the notebooks' committed outputs: what a reader sees on GitHub and on the docs site without running anything.

    python .ci/outputs.py

For every notebook in nbs/ with code to run: some output is committed (it was executed: `python tools/execute.py`),
every cell that draws a figure has an image among its outputs, and no output is an error or a traceback.
Exits 1 and names the notebook and cell of each problem.
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from captionlab.registry import skip_cell  # noqa: E402  (the standard library only: no torch)

FIGURE = re.compile(r'\bplt\.|\bplot_\w+\(|\.plot\(|\bshow_scenes\(|\bplot_attention\(|\bplot_lengths\(|\bplot_history\(')


def runs(src: str) -> bool:
    "A code cell nbdev_test runs (not skipped by `captionlab.registry.skip_cell`) and not an export."
    return not (skip_cell(dict(cell_type='code', source=src)) or re.search(r'^#\|\s*export', src, re.M))


def problems(path: Path) -> list[str]:
    nb, out = json.loads(path.read_text(encoding='utf-8')), []
    cells = [(i, c, ''.join(c['source'])) for i, c in enumerate(nb['cells']) if c['cell_type'] == 'code']
    live = [(i, c, s) for i, c, s in cells if runs(s) and s.strip() and not re.search(r'^#\|\s*hide', s, re.M)]
    if live and not any(c.get('outputs') for _, c, _ in live):
        return [f'{path.name}: no outputs committed (run python tools/execute.py {path.relative_to(ROOT)})']
    for i, c, s in cells:
        for o in c.get('outputs', []):
            text = ''.join(o.get('text', '')) if o.get('output_type') == 'stream' else ''
            if o.get('output_type') == 'error' or 'Traceback (most recent call last)' in text:
                out.append(f"{path.name}, cell {i}: an error in its committed output ({o.get('ename', 'traceback')})")
        code = '\n'.join(l for l in s.splitlines() if not l.lstrip().startswith('#'))
        if runs(s) and FIGURE.search(code) and not re.search(r'^#\|\s*hide', s, re.M):
            if not any({'image/png', 'image/jpeg'} & set(o.get('data', {})) for o in c.get('outputs', [])):
                out.append(f'{path.name}, cell {i}: draws a figure, but no image is committed')
    return out


def main() -> int:
    found = [p for f in sorted((ROOT / 'nbs').glob('*.ipynb')) for p in problems(f)]
    for p in found:
        print(p)
    n = len(list((ROOT / 'nbs').glob('*.ipynb')))
    print(f"committed outputs: {n} notebooks checked, {len(found)} problem{'s' if len(found) != 1 else ''}")
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
