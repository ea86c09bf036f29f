#!/usr/bin/env python3
"""Write README.md from nbs/index.ipynb, the package's home page.

nbdev_readme needs Quarto, which cannot be installed everywhere; this does the same job for our index:
markdown cells as they are, visible code cells (not `#| hide`) as Python blocks with their text output,
links relative to nbs/ rewritten relative to the repository root.

    python .ci/readme.py          # write README.md
    python .ci/readme.py --check  # exit 1 if README.md is not what index.ipynb says
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTE = '<!-- Generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, then run `python .ci/readme.py`. -->'

def render() -> str:
    nb = json.loads((ROOT/'nbs/index.ipynb').read_text(encoding='utf-8'))
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source']).strip()
        if c['cell_type'] == 'markdown': parts.append(src)
        elif c['cell_type'] == 'code' and src and not re.search(r'^#\|\s*hide\b', src, re.M):
            parts.append(f'```python\n{src}\n```')
            out = ''.join(''.join(o.get('text', '')) for o in c.get('outputs', []) if o.get('output_type') == 'stream').strip()
            if out: parts.append(f'```text\n{out}\n```')
    text = '\n\n'.join(parts)
    text = re.sub(r'\]\((?![a-z]+:|/|#)([^)]+)\)', r'](nbs/\1)', text)   # relative links: nbs/X
    head, _, rest = text.partition('\n')
    return f'{head}\n\n{NOTE}\n{rest}\n'

def main(argv):
    want, readme = render(), ROOT/'README.md'
    if '--check' in argv:
        if not readme.exists() or readme.read_text(encoding='utf-8') != want:
            print('README.md does not match nbs/index.ipynb: run `python .ci/readme.py` and commit README.md', file=sys.stderr)
            return 1
        print('README.md matches nbs/index.ipynb')
        return 0
    readme.write_text(want, encoding='utf-8')
    print(f'wrote {readme.relative_to(ROOT)}')
    return 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
