"""The lab session's timetable, as a dry run: reading time, run time and exercise time of each part of the session.

    python tools/timetable.py                        # the plan of nbs/lab_guide.ipynb, with the run times below
    python tools/timetable.py --runs 07_train=70     # with run times measured on another machine (seconds)

Reading time is the words of a notebook's prose (markdown cells) at 200 words a minute. Run time is what the lesson
takes on the quick profile, run alone and in lesson order as a student runs it (`python tools/execute.py --workers 1`,
which prints each notebook's time); RUNS holds the times measured on a 2-core x86_64 machine. Exercise time is an
estimate per kind (MINUTES), not a measurement of students: change it after a real session.
"""
import argparse, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WPM = 200
MINUTES = {'compute': 4, 'predict': 3, 'interpret': 3, 'find the bug': 5, 'compare': 4}  # per exercise, estimated
# seconds, quick profile, each lesson alone in lesson order (tools/execute.py --workers 1, 2 cores, torch 2.14.1)
RUNS = {'01_vocab': 5, '02_dataset': 8, '03_embedding': 3, '04_encoder': 18, '05_attention': 2, '06_decoder': 8,
        '07_train': 60, '08_eval': 49, '09_attention_viz': 15, '10_compare': 130}
# the session (lab_guide.ipynb): (part, notebook or None, exercises done in the session, fixed minutes)
PLAN = [('home page and the demo\'s output', 'index', [], 0),
        ('01 vocabulary', '01_vocab', ['01.1', '01.3'], 0),
        ('02 dataset', '02_dataset', ['02.1'], 0),
        ('05 attention', '05_attention', ['05.1', '05.2', '05.3'], 0),
        ('06 decoder', '06_decoder', ['06.2', '06.3', '06.4'], 0),
        ('break', None, [], 10),
        ('07 training', '07_train', ['07.1', '07.3', '07.4', '07.5'], 0),
        ('08 evaluation', '08_eval', ['08.3', '08.4'], 0),
        ('09 where the model looks', '09_attention_viz', ['09.1', '09.2'], 0),
        ('hand in', None, [], 5)]


def words(nb: dict) -> int:
    return sum(len(re.findall(r"[A-Za-z0-9']+", ''.join(c['source']))) for c in nb['cells'] if c['cell_type'] == 'markdown')


def main(argv=None) -> int:
    from captionlab.lab import exercises
    p = argparse.ArgumentParser(description='The lab session as a dry run: reading, running and exercise time.')
    p.add_argument('--runs', nargs='*', default=[], help='NAME=SECONDS run times measured elsewhere')
    a = p.parse_args(argv)
    runs = {**RUNS, **{k: float(v) for k, v in (r.split('=') for r in a.runs)}}
    rows, t = [], 0.0
    print(f"{'time':13} {'part':28} {'read':>5} {'run':>5} {'exercises':>9}  points  which")
    for part, name, done, fixed in PLAN:
        read = run = ex = 0.0
        pts = 0
        if name:
            nb = json.loads((ROOT / 'nbs' / f'{name}.ipynb').read_text())
            read, run = words(nb) / WPM, runs.get(name, 0) / 60
            found = {e['number']: e for e in exercises(nb)} if name[0].isdigit() else {}
            ex = sum(MINUTES[found[n]['kind']] for n in done)
            pts = sum(found[n]['points'] for n in done)
        span = fixed + read + run + ex
        start, t = t, t + span
        print(f'{int(start) // 60}:{int(start) % 60:02d} - {int(t) // 60}:{int(t) % 60:02d}  {part:28} {read:5.1f} {run:5.1f} '
              f"{ex:9.0f}  {pts:6}  {', '.join(done)}")
        rows.append(span)
    print(f'total {t:.0f} minutes of 180: {180 - t:.0f} to spare (questions, slow machines)')
    return 0 if t <= 180 else 1


if __name__ == '__main__':
    sys.exit(main())
