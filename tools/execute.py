"""Execute the lesson notebooks in place on the quick profile, so that GitHub and the docs site show their outputs.

    python tools/execute.py                      # every notebook in nbs/
    python tools/execute.py nbs/05_attention.ipynb
    python tools/execute.py --workers 1          # one at a time, in lesson order: each lesson's time as a student sees it

Each notebook runs as `nbdev_test` runs it, on the quick profile (`CAPTIONLAB_PROFILE=quick`: the built-in scenes; the
notebook's folder as working directory; cells flagged `#| eval: false` skipped; no progress bars), in parallel workers, and its outputs (text, tables,
figures) are written back into the notebook. A notebook that fails is left as it was, and the exit code is 1.
Run `nbdev_clean` afterwards, then commit; `.ci/outputs.py` checks what CI requires of the committed outputs.

The notebooks write under `~/.cache/captionlab/execute/` (their work folder, and `TMPDIR` for the scratch folders
their checks make), emptied when a run starts unless `--keep` (to execute lesson 08 after 07 and load 07's run, say).
Paths in the outputs are written with `~` for the home folder, as a shell user types them, so that no output holds a
machine's temporary or home path.
"""
import argparse, json, os, re, shutil, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from captionlab.registry import lesson_key, longest_first, skip_cell  # noqa: E402  (the standard library only: no torch)

HOME = str(Path.home())
SCRATCH = Path(HOME) / '.cache' / 'captionlab' / 'execute'  # the notebooks' work folder and TMPDIR


def _shrink(o: dict, limit: int = 150_000, width: int = 1200) -> dict:
    "A figure output of over `limit` bytes as a JPEG at most `width` pixels wide: photos as PNG weigh megabytes."
    png = o.get('data', {}).get('image/png')
    if not png or len(png) <= limit:
        return o
    import base64, io
    from PIL import Image

    im = Image.open(io.BytesIO(base64.b64decode(png))).convert('RGB')
    if im.width > width:
        im = im.resize((width, round(im.height * width / im.width)), Image.LANCZOS)
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=80, optimize=True)
    data = {k: v for k, v in o['data'].items() if k != 'image/png'}
    return {**o, 'data': {'image/jpeg': base64.b64encode(buf.getvalue()).decode(), **data}, 'metadata': {}}


def _tilde(o: dict) -> dict:
    "An output with the home folder's path written `~`."
    def t(v):
        return [x.replace(HOME + '/', '~/') for x in v] if isinstance(v, list) else v.replace(HOME + '/', '~/')
    o = dict(o)
    for k in ('text', 'traceback'):
        if k in o:
            o[k] = t(o[k])
    if 'data' in o:
        o['data'] = {k: t(v) if k.startswith('text/') else v for k, v in o['data'].items()}
    return o


def execute(path: Path) -> tuple[bool, float, str]:
    "Run notebook `path` and write its outputs into it: (ok, seconds, error text)."
    from execnb.nbio import read_nb
    from execnb.shell import CaptureShell

    os.environ.setdefault('CAPTIONLAB_PROFILE', 'quick')  # the quick profile, as a student on a CPU gets it
    os.environ.setdefault('TQDM_DISABLE', '1')  # no progress bars in the committed outputs
    sys.path.insert(0, str(ROOT))
    t0, nb = time.time(), read_nb(path)
    shell, cwd = CaptureShell(path), os.getcwd()
    os.chdir(path.parent)
    try:
        shell.run_all(nb, exc_stop=True, preproc=skip_cell)
    except Exception:
        return False, time.time() - t0, shell.prettytb(fname=path)
    finally:
        os.chdir(cwd)
    raw = json.loads(path.read_text(encoding='utf-8'))
    for mine, ran in zip(raw['cells'], nb.cells):
        if mine['cell_type'] == 'code':
            mine['outputs'] = [_tilde(_shrink(dict(o))) for o in ran.get('outputs', [])] if not skip_cell(ran) else []
            mine['execution_count'] = None
            for o in mine['outputs']:
                o.pop('execution_count', None) if o.get('output_type') != 'execute_result' else o.update(execution_count=None)
    tmp = path.with_name(f'.{path.name}.tmp')
    tmp.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    tmp.replace(path)
    return True, time.time() - t0, ''


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('notebooks', nargs='*', help='notebooks to execute (default: every notebook in nbs/)')
    p.add_argument('--workers', type=int, default=2, help='parallel workers; 1 runs the lessons in order, one at a time')
    p.add_argument('--keep', action='store_true', help='keep the work folder of the last run (default: start empty)')
    p.add_argument('--one', help=argparse.SUPPRESS)  # internal: execute this one notebook here
    a = p.parse_args(argv)
    if a.one:
        ok, dt, err = execute(Path(a.one))
        print(err, file=sys.stderr)
        print(f'seconds: {dt:.1f}')  # the notebook's own time, without the process's start-up
        return 0 if ok else 1
    files = [Path(f).resolve() for f in a.notebooks] or sorted((ROOT / 'nbs').glob('*.ipynb'))
    # several workers: the longest first; one: in lesson order, as a student runs them
    files = longest_first(files) if a.workers > 1 else sorted(files, key=lesson_key)
    os.environ['CAPTIONLAB_TEST_WORKERS'] = str(a.workers)
    if not a.keep:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    (SCRATCH / 'scratch').mkdir(parents=True, exist_ok=True)
    os.environ.update(CAPTIONLAB_WORK=str(SCRATCH / 'work'), TMPDIR=str(SCRATCH / 'scratch'))
    t0, failed, times = time.time(), [], {}

    def one(f):  # each notebook in a process of its own (a notebook run replaces its process's __main__)
        t = time.time()
        r = subprocess.run([sys.executable, __file__, '--one', str(f)], capture_output=True, text=True)
        m = re.search(r'^seconds: ([0-9.]+)$', r.stdout, re.M)
        return r.returncode == 0, float(m.group(1)) if m else time.time() - t, r.stdout + r.stderr

    with ThreadPoolExecutor(a.workers) as pool:
        futs = {pool.submit(one, f): f for f in files}
        for fut in as_completed(futs):
            ok, dt, err = fut.result()
            times[futs[fut].name] = dt
            print(f"  {'ok  ' if ok else 'FAIL'} {futs[fut].name:<26} {dt:6.1f}s", flush=True)
            if not ok:
                failed.append(futs[fut].name)
                print(err, file=sys.stderr)
    print('seconds per notebook, in lesson order: ' + ', '.join(f'{n[:-6]} {t:.0f}' for n, t in sorted(times.items())))
    print(f'{len(files) - len(failed)} executed, {len(failed)} failed, in {time.time() - t0:.0f}s; now run nbdev_clean')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
