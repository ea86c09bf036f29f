"""Lay out the notebooks' exported code as `.style.yapf` says, in the notebooks themselves (the source of captionlab/).

    python tools/fmt.py            # rewrite every export cell of nbs/*.ipynb that is not laid out yet
    python tools/fmt.py --check    # exit 1, naming the cells, if any would change (CI runs this)

Three steps per `#| export` cell:
- a docstring written as parenthesised string pieces (`("First part " "second part.")`, a way to please a line-length
  linter) becomes one triple-quoted docstring, wrapped at 120 columns;
- the comma after a list's or dict's last item goes (yapf would leave it as `x,]`);
- yapf (the style in `.style.yapf`: a statement on one line when it fits in 120 columns, arguments packed) lays out
  the rest.
Run `nbdev_export` afterwards, so that captionlab/ follows.
"""
import argparse, ast, json, re, sys, textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPORT = re.compile(r'^#\|\s*export\b')


def docstrings(src: str) -> str:
    "`src` with each docstring written as parenthesised string pieces turned into one triple-quoted docstring."
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return src
    lines, edits = src.split('\n'), []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or not node.body:
            continue
        d = node.body[0]
        if not (isinstance(d, ast.Expr) and isinstance(d.value, ast.Constant) and isinstance(d.value.value, str)):
            continue
        first = lines[d.lineno - 1]
        if not first[d.col_offset:].startswith('('):
            continue
        indent, text = ' ' * d.col_offset, d.value.value
        if '"""' in text or '\\' in text:
            continue
        body = textwrap.wrap(text, 120 - len(indent), initial_indent='"""', break_long_words=False,
                             break_on_hyphens=False)
        body[-1] += '"""'
        if len(indent + body[-1]) > 120:  # the closing quotes do not fit: they go on a line of their own
            body[-1] = body[-1][:-3]
            body.append('"""')
        edits.append((d.lineno - 1, d.end_lineno, [indent + b for b in body]))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = new
    return '\n'.join(lines)


def trailing_commas(src: str) -> str:
    "`src` without the comma before a closing `]` or `}` (a list's or dict's last item): yapf would keep it as `x,]`."
    import io, tokenize

    try:
        toks = list(tokenize.generate_tokens(io.StringIO(src).readline))
    except (tokenize.TokenError, SyntaxError):
        return src
    drop, skip = [], (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    for i, t in enumerate(toks):
        if t.type == tokenize.OP and t.string == ',':
            nxt = next((u for u in toks[i + 1:] if u.type not in skip), None)
            if nxt is not None and nxt.type == tokenize.OP and nxt.string in (']', '}'):
                drop.append(t.start)
    lines = src.split('\n')
    for row, col in sorted(drop, reverse=True):
        lines[row - 1] = lines[row - 1][:col] + lines[row - 1][col + 1:]
    return '\n'.join(lines)


def layout(src: str, style: str) -> str:
    "One export cell, laid out: docstrings joined, trailing commas dropped, then yapf."
    from yapf.yapflib.yapf_api import FormatCode

    out, _ = FormatCode(trailing_commas(docstrings(src)), style_config=style)
    return out.rstrip('\n')


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--check', action='store_true', help='change nothing; exit 1 if a cell would change')
    p.add_argument('notebooks', nargs='*', help='notebooks (default: nbs/*.ipynb)')
    a = p.parse_args(argv)
    style = str(ROOT / '.style.yapf')
    files = [Path(f) for f in a.notebooks] or sorted((ROOT / 'nbs').glob('*.ipynb'))
    todo = 0
    for f in files:
        nb = json.loads(f.read_text(encoding='utf-8'))
        changed = False
        for i, c in enumerate(nb['cells']):
            src = ''.join(c['source'])
            if c['cell_type'] != 'code' or not EXPORT.match(src):
                continue
            new = layout(src, style)
            if new != src.rstrip('\n'):
                todo += 1
                if a.check:
                    print(f'{f.name} cell {i}: not laid out (python tools/fmt.py)')
                else:
                    ls = new.split('\n')
                    c['source'] = [ln + '\n' for ln in ls[:-1]] + [ls[-1]]
                    changed = True
        if changed:
            f.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    print(f"{'would change' if a.check else 'changed'} {todo} export cells" if todo else 'export cells laid out')
    return 1 if a.check and todo else 0


if __name__ == '__main__':
    sys.exit(main())
