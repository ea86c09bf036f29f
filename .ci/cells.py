#!/usr/bin/env python3
"""What a student reads: exported cells small enough to hold in one's head, and outputs that teach.

    python .ci/cells.py            # check; exit 1 on any problem
    python .ci/cells.py --table    # also print, per notebook: exported cells, the largest, markdown words

Checks, on every notebook in nbs/:
- no exported cell over 40 non-blank lines in a lesson (00 to 89: `captionlab.registry`), nor over 80 in the other
  notebooks;
- no committed output that holds a temporary path (`/tmp/`), nor a single output over 8,000 characters
  (progress-bar frames, a dump that no one reads).
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from captionlab.registry import max_cell_lines  # noqa: E402  (the standard library only: no torch)

MAX_OUTPUT = 8000


def lines(src: str) -> int:
    return sum(1 for ln in src.splitlines() if ln.strip())


def output_text(o: dict) -> str:
    "The text of one output (stream, result, error); figures are not text."
    if 'text' in o:
        return ''.join(o['text'])
    if o.get('output_type') == 'error':
        return '\n'.join(o.get('traceback', []))
    d = o.get('data', {})
    return ''.join(d.get('text/plain', '')) + ''.join(d.get('text/html', '')) + ''.join(d.get('text/markdown', ''))


def check(path: Path) -> tuple[list[str], dict]:
    nb = json.loads(path.read_text(encoding='utf-8'))
    limit = max_cell_lines(path)
    problems, sizes, words = [], [], 0
    for i, c in enumerate(nb['cells']):
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            words += len(src.split())
            continue
        if c['cell_type'] == 'code' and re.match(r'#\|\s*export', src):
            sizes.append(n := lines(src))
            if n > limit:
                problems.append(f'{path.name} cell {i}: an exported cell of {n} non-blank lines (at most {limit} here)')
        for o in c.get('outputs', []):
            t = output_text(o)
            if '/tmp/' in t:
                problems.append(f"{path.name} cell {i}: an output holds a temporary path: ...{t[max(0, t.index('/tmp/') - 40):t.index('/tmp/') + 40]!r}...")
            if len(t) > MAX_OUTPUT:
                problems.append(f'{path.name} cell {i}: an output of {len(t):,} characters (at most {MAX_OUTPUT:,})')
    return problems, dict(cells=len(sizes), largest=max(sizes, default=0), words=words)


def main() -> int:
    problems, table = [], {}
    for p in sorted((ROOT / 'nbs').glob('*.ipynb')):
        pr, stats = check(p)
        problems += pr
        table[p.stem] = stats
    if '--table' in sys.argv:
        print(f"{'notebook':<22} | {'exported cells':>14} | {'largest':>7} | {'markdown words':>14}")
        print(f"{'-' * 22}-|-{'-' * 14}-|-{'-' * 7}-|-{'-' * 14}")
        for k, s in table.items():
            print(f"{k:<22} | {s['cells']:>14} | {s['largest']:>7} | {s['words']:>14,}")
    for p in problems:
        print('FAIL:', p)
    print(f'cells and outputs: {len(table)} notebooks checked, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
