"""Kaggle as a student meets it, rehearsed on a CPU: each lesson alone, in an empty working folder, from a wheel.

    python .ci/kaggle_alone.py KAGGLE_ROOT [--lessons 00_data 07_train 08_eval ...]   # default: every lesson

Run it after installing a wheel of this checkout (not an editable install), as `pip install git+...` installs it on
Kaggle; it checks that `captionlab` is imported from site-packages, not from this checkout. KAGGLE_ROOT stands in for
`/kaggle` (the package reads `$CAPTIONLAB_KAGGLE`), so nothing is written to the real one:

KAGGLE_ROOT/input/flickr-image-dataset/flickr30k_images/...   a small Flickr30k in Kaggle's layout (.ci/kaggle_mini.py)
KAGGLE_ROOT/input/lesson-07-output/...                        lesson 07's output, attached to 08, 09 and 11 as Kaggle does
KAGGLE_ROOT/working/                                           emptied before each lesson

Each lesson runs in a process of its own, from KAGGLE_ROOT/working, with its own first cells only: the full profile
(`CAPTIONLAB_PROFILE=full`, since this machine has no GPU), 1 epoch, no dataset path given (the lesson finds it under
input/). Checked: every cell runs; nothing under input/ changes; with lesson 07's output attached, lessons 08, 09 and 11
extract no features and train nothing (no feature cache of their own, no run but the attached one; 11's self-critical
epochs excepted). One line per lesson, then `kaggle: N passed, M failed`. The lessons, their order, the ones run with
07's output attached and the cells a run skips are `captionlab.registry`'s.
"""
import argparse, json, os, shutil, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from captionlab.registry import ATTACHED, SHARED_RUN, lessons  # noqa: E402  (the standard library only: no torch)

LESSONS = [p.stem for p in lessons(ROOT / 'nbs')]  # every lesson, in the order a student runs them

RUN_ONE = r'''
import sys
from execnb.nbio import read_nb
from execnb.shell import CaptureShell
import captionlab
assert 'site-packages' in captionlab.__file__, f'captionlab imported from {captionlab.__file__}, not from the wheel'
from captionlab.registry import skip_cell  # the wheel's: markdown, `#| eval: false`, the closing nbdev_export() call
nb = read_nb(sys.argv[1])
shell = CaptureShell()
try:
    shell.run_all(nb, exc_stop=True, preproc=skip_cell)
finally:
    for c in nb.cells:  # what the student would see, for the checks below
        for o in c.get('outputs', []):
            print(''.join(o.get('text', '')), end='')
'''


def snapshot(folder: Path) -> dict:
    "Every file under `folder` with its size and modification time."
    return {str(p): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in folder.rglob('*')}


def own_work(working: Path, attached: Path) -> list[str]:
    """What a lesson made itself in `working`: feature caches that are not links, runs that were not attached (lesson
    11's self-critical runs excepted: they go on from the attached run, whose cross-entropy epochs they must copy)."""
    w = working / 'captionlab'
    made = [f'features/{d.name}' for d in sorted((w / 'features').glob('*')) if d.is_dir() and not d.is_symlink()]
    theirs = {p.name: json.loads((p / 'run.json').read_text())['history'] for p in attached.glob('captionlab/runs/*')
              if (p / 'run.json').is_file()}
    for d in sorted((w / 'runs').glob('*')):
        if not d.is_dir() or d.name in theirs:
            continue
        h = json.loads((d / 'run.json').read_text())['history'] if (d / 'run.json').exists() else []
        ce = [r for r in h if r.get('phase') != 'scst']
        if not (len(ce) < len(h) and ce in theirs.values()):  # an SCST run on the attached run's epochs, unchanged
            made.append(f'runs/{d.name}')
    return made


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('root', help='the folder that stands in for /kaggle')
    p.add_argument('--lessons', nargs='+', default=LESSONS, help='lessons to run, in order (07 before 08, 09 and 11)')
    p.add_argument('--n', type=int, default=60, help='images in the mini Flickr30k (default: %(default)s)')
    a = p.parse_args(argv)
    k = Path(a.root).resolve()
    inp, working, attached = k / 'input', k / 'working', k / 'input' / 'lesson-07-output'
    subprocess.run([sys.executable, str(ROOT / '.ci/kaggle_mini.py'), str(inp / 'flickr-image-dataset'), '--n', str(a.n)],
                   check=True, cwd=ROOT)
    env = {kk: v for kk, v in os.environ.items() if not kk.startswith('CAPTIONLAB_') and kk not in ('IN_TEST', 'PYTHONPATH')}
    env.update(CAPTIONLAB_KAGGLE=str(k), CAPTIONLAB_PROFILE='full', CAPTIONLAB_EPOCHS='1', TQDM_DISABLE='1',
               HOME=str(k / 'home'))  # nothing from this machine's ~/.cache/captionlab either
    (k / 'home').mkdir(exist_ok=True)
    torch_home = Path(os.environ.get('TORCH_HOME') or Path.home() / '.cache/torch')
    env['TORCH_HOME'] = str(torch_home)  # the ImageNet weights this machine has, as Kaggle's internet would give them
    passed, failed = 0, 0
    for name in a.lessons:
        if working.exists():
            shutil.rmtree(working)
        working.mkdir(parents=True)
        before, t0 = snapshot(inp), time.time()
        try:  # a lesson that hangs fails here, by name, instead of running CI out of time
            r = subprocess.run([sys.executable, '-c', RUN_ONE, str(ROOT / 'nbs' / f'{name}.ipynb')], cwd=working,
                               env=env, capture_output=True, text=True, timeout=900)
        except subprocess.TimeoutExpired as e:
            r = subprocess.CompletedProcess(e.cmd, 124, '', f'still running after {e.timeout:.0f} s')
        problems = [] if r.returncode == 0 else [r.stderr.strip().splitlines()[-1] if r.stderr.strip() else 'failed']
        if snapshot(inp) != before:
            problems.append('it wrote under input/, which Kaggle keeps read-only')
        if name in ATTACHED and r.returncode == 0:
            if not attached.exists():
                problems.append('lesson 07 did not run first: nothing to attach')
            elif made := own_work(working, attached):
                problems.append(f'with lesson 07 attached, it still extracted or trained: {", ".join(made)}')
        if name == SHARED_RUN and r.returncode == 0:  # its output, attached to the next notebooks, read-only
            if attached.exists():
                shutil.rmtree(attached)
            shutil.copytree(working, attached, symlinks=True)
        ok = not problems
        passed, failed = passed + ok, failed + (not ok)
        print(f"  {'ok  ' if ok else 'FAIL'} {name:<20} {time.time() - t0:6.1f}s"
              + ('' if ok else '   ' + '; '.join(problems)), flush=True)
        if not ok and r.returncode:
            print(r.stderr[-3000:], file=sys.stderr)
    print(f'kaggle: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
