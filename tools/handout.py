"""The lab guide as a printable handout: one HTML file per guide, made from the guide notebooks themselves.

    python tools/handout.py                     # nbs/lab_guide.ipynb and nbs/lab_guide_fr.ipynb -> handout/
    python tools/handout.py --out DIR           # elsewhere
    python tools/handout.py nbs/lab_guide.ipynb # one guide

Open the HTML in a browser and print it (or "Save as PDF"): the page has print styles (A4, no navigation, tables
that do not split across pages). nbconvert's HTML exporter does the conversion (it comes with jupyterlab and nbgrader,
both in the dev and teach extras); the guide's links to lessons are kept as text.
"""
import argparse, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRINT_CSS = """<style>
@page { size: A4; margin: 16mm 14mm; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11pt; max-width: 48em; margin: auto; }
table { border-collapse: collapse; page-break-inside: avoid; } td, th { border: 1px solid #999; padding: 2px 6px; }
h1, h2 { page-break-after: avoid; } .jp-InputPrompt, .jp-OutputPrompt { display: none; }
</style>"""


def handout(guide: Path, out: Path) -> Path:
    "Write `guide` (a notebook of markdown) as a standalone printable HTML page in folder `out`; return its path."
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(guide, as_version=4)
    exp = HTMLExporter(template_name='classic', exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exp.from_notebook_node(nb)
    body = body.replace('</head>', PRINT_CSS + '\n</head>', 1)
    out.mkdir(parents=True, exist_ok=True)
    dest = out / (guide.stem + '.html')
    tmp = dest.with_name(f'.{dest.name}.tmp')
    tmp.write_text(body, encoding='utf-8')
    tmp.replace(dest)  # never a half-written page
    return dest


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description='Write the lab guide(s) as printable HTML handouts.')
    p.add_argument('guides', nargs='*', help='guide notebooks (default: nbs/lab_guide.ipynb and nbs/lab_guide_fr.ipynb)')
    p.add_argument('--out', default=str(ROOT / 'handout'), help='folder for the HTML files (default: handout/)')
    a = p.parse_args(argv)
    guides = [Path(g) for g in a.guides] or [ROOT / 'nbs' / 'lab_guide.ipynb', ROOT / 'nbs' / 'lab_guide_fr.ipynb']
    for g in guides:
        dest = handout(g, Path(a.out))
        print(f'{g.name} -> {dest} ({dest.stat().st_size:,} bytes): open it in a browser and print')
    return 0


if __name__ == '__main__':
    sys.exit(main())
