#!/usr/bin/env python3
"""The library's import graph: no cycle among captionlab's modules (imports inside functions included), and no private
name (`_x`) imported from another module.

    python .ci/imports.py           # check; exit 1 on a cycle or a private import
    python .ci/imports.py --graph   # also print each module's imports
"""
import ast, sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / 'captionlab'


def imports(path: Path) -> tuple[set, list]:
    "The captionlab modules `path` imports, anywhere in it, and the private names it takes from them."
    mods, private = set(), []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            name = ('captionlab.' + (node.module or '')) if node.level else (node.module or '')
            if not name.startswith('captionlab'):
                continue
            parts = name.rstrip('.').split('.')
            if len(parts) == 1:  # from captionlab import x / from . import x: x is a module
                mods |= {a.name for a in node.names}
            else:
                mods.add(parts[1])
                private += [f'{parts[1]}.{a.name}' for a in node.names if a.name.startswith('_')]
        elif isinstance(node, ast.Import):
            mods |= {a.name.split('.')[1] for a in node.names if a.name.startswith('captionlab.')}
    return mods - {path.stem}, private


def cycles(graph: dict) -> list[list[str]]:
    "Every elementary cycle's members, found as strongly connected components of more than one module (Tarjan)."
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    graph, problems = {}, []
    for p in sorted(PKG.glob('*.py')):
        if p.stem in ('_modidx', '__init__'):
            continue
        graph[p.stem], private = imports(p)
        problems += [f'captionlab/{p.name} imports the private name {x}' for x in private]
    problems += [f"an import cycle among {', '.join(c)}" for c in cycles(graph)]
    if '--graph' in sys.argv:
        for m, deps in graph.items():
            print(f"{m:10} <- {', '.join(sorted(deps))}")
    for pr in problems:
        print('FAIL:', pr)
    print(f'imports: {len(graph)} modules, {sum(map(len, graph.values()))} imports between them, '
          f'{len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
