"""Run the lesson notebooks as tests, the way `nbdev_test` does, but say what happens as it happens.

    python tools/nbtest.py                      # every notebook in nbs/, on the profile the lessons choose (quick under test)
    python tools/nbtest.py nbs/07_train.ipynb   # some of them
    python tools/nbtest.py --label full         # name the run in the closing line ("full: 12 passed, 0 failed")
    python tools/nbtest.py --exclude 01_vocab 02_dataset   # every notebook but these (CI: those nbgrader runs)

Each notebook runs in a worker process with nbdev's own `test_nb` (the function `nbdev_test` calls: `IN_TEST=1`, the
notebook's folder as working directory, cells flagged `#| slow` or `#| eval: false` skipped). As each notebook finishes,
one line gives its result and its time; at the end, a table of times, the wall time, and `N passed, M failed`.
The exit code is 1 when a notebook fails (its traceback is printed as it fails), or is still running after `--timeout`
seconds (default 1500, or `$CAPTIONLAB_TEST_TIMEOUT`): then its processes and their children are killed and the table
names it, so that a hang fails in minutes, by name, instead of running CI out of time.

Two things differ from `nbdev_test`, both for speed on a small machine:
- the workers are told how many they are (`CAPTIONLAB_TEST_WORKERS`), so each lesson gives torch its share of the cores
  (lesson 00's profile) instead of every worker fighting for all of them; a `CAPTIONLAB_TEST_WORKERS` set higher
  beforehand is kept (CI sets 2 when this runs with `--workers 1` beside another job: one torch thread each);
- the long notebooks start first, so that the short ones fill the gaps at the end instead of leaving a core idle
  (`captionlab.registry.longest_first`).
"""
import argparse, multiprocessing as mp, os, sys, time
from concurrent.futures import ProcessPoolExecutor, TimeoutError as FuturesTimeout, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from captionlab.registry import longest_first  # noqa: E402  (the standard library only: no torch)


def kill_children():
    "SIGKILL every process this one started, and theirs (a hung notebook's kernel, the torchrun it launched, ...)."
    import psutil
    kids = psutil.Process().children(recursive=True)
    for k in kids:
        try: k.kill()
        except psutil.NoSuchProcess: pass
    psutil.wait_procs(kids, timeout=10)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description='Run the lesson notebooks as tests, printing each one as it finishes.')
    p.add_argument('notebooks', nargs='*', help='notebooks to run (default: every notebook in nbs/)')
    p.add_argument('--exclude', nargs='+', default=[], metavar='NAME', help='notebooks not to run (names: 01_vocab ...)')
    p.add_argument('--workers', type=int, default=None, help="parallel workers (default: nbdev_test's, min(cores, 8))")
    p.add_argument('--flags', default='', help="space-separated test flags to run anyway (e.g. 'slow')")
    p.add_argument('--label', default='', help='a word to put before the closing count, e.g. quick or full')
    p.add_argument('--timeout', type=float, default=float(os.environ.get('CAPTIONLAB_TEST_TIMEOUT', 1500)),
                   help='seconds for all the notebooks: those still running then fail, and their processes are killed')
    a = p.parse_args(argv)
    os.chdir(ROOT)
    from nbdev.config import get_config
    from nbdev.test import nbglob, _keep_file, test_nb
    files = [Path(f).resolve() for f in a.notebooks] or [f.resolve() for f in nbglob(as_path=True) if _keep_file(f, '.notest')]
    out = {Path(n).name.removesuffix('.ipynb') for n in a.exclude}
    files = longest_first([f for f in files if f.stem not in out])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else (os.cpu_count() or 1)
    workers = max(1, min(a.workers or min(cores, 8), len(files)))
    os.environ['CAPTIONLAB_TEST_WORKERS'] = str(max(workers, int(os.environ.get('CAPTIONLAB_TEST_WORKERS') or 0)))
    skip = get_config().tst_flags.split()
    label = f'{a.label}: ' if a.label else ''
    print(f'{label}testing {len(files)} notebooks with {workers} workers on {cores} cores', flush=True)
    t0, results = time.time(), []
    ctx = mp.get_context('fork') if sys.platform.startswith('linux') else None      # workers inherit this module as it is
    pool = ProcessPoolExecutor(workers, mp_context=ctx)
    # nbdev's own test_nb, named by module (a notebook run in a worker replaces that worker's __main__)
    futs = {pool.submit(test_nb, f, skip_flags=skip, force_flags=a.flags.split(), basepath=str(ROOT)): f for f in files}
    try:
        for fut in as_completed(futs, timeout=a.timeout):
            try: ok, dt = fut.result()
            except Exception as e: print(f'{futs[fut].name}: {type(e).__name__}: {e}', file=sys.stderr); ok, dt = False, time.time() - t0
            results.append((futs[fut].name, ok, dt))
            print(f"  {'ok  ' if ok else 'FAIL'} {futs[fut].name:<26} {dt:6.1f}s   ({time.time() - t0:5.0f}s in)", flush=True)
    except FuturesTimeout:
        late = [(f, fut.running()) for fut, f in futs.items() if not fut.done()]
        for f, running in late:
            results.append((f.name, False, time.time() - t0))
            print(f"  FAIL {f.name:<26} {'still running' if running else 'never started'} after {a.timeout:.0f}s", flush=True)
        kill_children()
    pool.shutdown(wait=False, cancel_futures=True)
    wall = time.time() - t0
    print(f'\n{label}seconds per notebook, slowest first (wall time {wall:.0f}s):')
    for name, ok, dt in sorted(results, key=lambda r: -r[2]): print(f'  {name:<26} {dt:6.1f}{"" if ok else "  FAILED"}')
    failed = [n for n, ok, _ in results if not ok]
    print(f'{label}{len(results) - len(failed)} passed, {len(failed)} failed', flush=True)
    return 1 if failed else 0


if __name__ == '__main__': sys.exit(main())
