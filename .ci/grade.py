"""nbgrader on the lessons as they are, in a temporary course folder, the way a teacher runs it.

    python .ci/grade.py                  # every lesson with exercises (about 10 minutes on 2 cores)
    python .ci/grade.py 05_attention     # some of them
    python .ci/grade.py --list           # print the lessons it grades (every lesson with exercises), and stop

1. `nbgrader generate_assignment lab`: the lessons (source/lab/) become the student release (release/lab/).
2. Three students hand in: `solved` (the lessons themselves, solutions in place), `blank` (the release untouched) and
   `wrong` (the release of lesson 05 with a wrong answer to exercise 05.1, the rest blank).
3. `nbgrader autograde lab`, then the gradebook is read. It must say: `solved` has full marks, `blank` 0, `wrong` 0 on
   05.1 with the check's message in its autograded notebook; and nbgrader itself ran without a traceback, and in the
   autograded notebooks the only cells in error are the exercise and check cells (the lesson runs around them).
Prints a table of scores per student and lesson, then `grade: N passed, M failed`, counting the solved lessons (each
one run as a whole, answers in place, on the quick profile): passed when it has full marks and no cell in error;
exit code 1 on any failure. The lessons are `captionlab.registry`'s; their kernels use the threads torch gives them
(`OMP_NUM_THREADS` where it is set: CI sets 1 when this runs beside another job).
"""
import json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRONG_05_1 = 'scores = torch.stack([att.v(torch.tanh(att.W_f(f[0, i]) + att.W_h(h[0]))) for i in range(4)])\nweights = scores.softmax(0)'


def nbgrader(course: Path, *args) -> None:
    t0 = time.time()
    r = subprocess.run(['nbgrader', *args], cwd=course, capture_output=True, text=True)
    log = r.stdout + r.stderr
    print(f"  nbgrader {' '.join(args)}: rc {r.returncode}, {time.time() - t0:.0f} s", flush=True)
    if r.returncode or 'Traceback' in log:
        print(log[-6000:])
        raise SystemExit(f'FAIL: nbgrader {args[0]} did not run cleanly')


def main(argv) -> int:
    sys.path.insert(0, str(ROOT))
    from captionlab.lab import exercises
    from captionlab.registry import lessons
    listing = '--list' in argv
    argv = [a for a in argv if a != '--list']
    names = argv or [p.stem for p in lessons(ROOT / 'nbs') if exercises(json.loads(p.read_text()))]
    if listing:
        print(' '.join(names))
        return 0
    course = Path(tempfile.mkdtemp(prefix='captionlab-course-'))
    os.environ.setdefault('CAPTIONLAB_WORK', str(course / 'work'))     # 07's run trained once, loaded by 08 and 09
    (course / 'nbgrader_config.py').write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'captionlab'\n"
        "c.Execute.timeout = 1800  # seconds per cell: lessons 07 and 10 train on the CPU\n")
    src = course / 'source' / 'lab'
    src.mkdir(parents=True)
    for n in names:
        shutil.copy(ROOT / 'nbs' / f'{n}.ipynb', src)
    print(f'course folder {course}: {len(names)} lessons', flush=True)
    nbgrader(course, 'generate_assignment', 'lab', '--force')
    rel = course / 'release' / 'lab'
    for student, folder in (('solved', src), ('blank', rel)):
        shutil.copytree(folder, course / 'submitted' / student / 'lab')
    if '05_attention' in names:
        w = course / 'submitted' / 'wrong' / 'lab'
        w.mkdir(parents=True)
        nb = json.loads((rel / '05_attention.ipynb').read_text())
        e = next(x for x in exercises(nb) if x['number'] == '05.1')
        cell = nb['cells'][e['cell']]
        cell['source'] = ''.join(cell['source']).replace('# YOUR CODE HERE\nraise NotImplementedError()', WRONG_05_1)
        (w / '05_attention.ipynb').write_text(json.dumps(nb, indent=1))
    nbgrader(course, 'autograde', 'lab', '--force')

    from nbgrader.api import Gradebook
    fails, solved_bad = [], set()  # the solved lessons that lost marks or raised: failed runs
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        print(f"\n{'student':8} {'lesson':20} {'score':>6} {'max':>5}")
        for student in sorted(p.name for p in (course / 'submitted').iterdir()):
            sub = gb.find_submission('lab', student)
            for nb in sorted(sub.notebooks, key=lambda n: n.name):
                print(f'{student:8} {nb.name:20} {nb.score:6.0f} {nb.max_score:5.0f}')
                if student == 'solved' and nb.score != nb.max_score:
                    fails.append(f'solved {nb.name}: {nb.score} of {nb.max_score}')
                    solved_bad.add(nb.name)
                if student == 'blank' and nb.score != 0:
                    fails.append(f'blank {nb.name}: {nb.score}, not 0')
            print(f'{student:8} {"all":20} {sub.score:6.0f} {sub.max_score:5.0f}')
        if '05_attention' in names:
            g = gb.find_grade('check05_1', '05_attention', 'lab', 'wrong')
            if g.score != 0:
                fails.append(f'wrong 05.1: {g.score} points, not 0')
    for student in ('solved', 'blank', 'wrong'):
        for p in sorted((course / 'autograded' / student / 'lab').glob('*.ipynb')):
            nb = json.loads(p.read_text())
            graded = {i for e in exercises(nb) for i in (e['cell'], e['check'])}
            bad = [i for i, c in enumerate(nb['cells']) if i not in graded
                   for o in c.get('outputs', []) if o.get('output_type') == 'error']
            if bad:
                fails.append(f'{student} {p.name}: cells {bad} (not exercises) raised: the lesson must run around a blank')
                if student == 'solved':
                    solved_bad.add(p.stem)
            if student == 'wrong':
                e = next(x for x in exercises(nb) if x['number'] == '05.1')
                said = ' '.join(o.get('evalue', '') for o in nb['cells'][e['check']].get('outputs', []))
                print(f'\nwrong 05.1, what the autograded check says: {said}')
                if 'a score per region' not in said:
                    fails.append("wrong 05.1: the check's message is not in the autograded notebook")
    print('\n' + ('\n'.join(f'FAIL: {f}' for f in fails) if fails else
                  'nbgrader: the solved lessons get full marks, the release 0, the wrong answer its message'))
    ran = {p.stem for p in (course / 'autograded' / 'solved' / 'lab').glob('*.ipynb')}
    solved_bad |= set(names) - ran  # not autograded at all
    print(f'grade: {len(set(names) - solved_bad)} passed, {len(solved_bad & set(names))} failed')
    shutil.rmtree(course, ignore_errors=True)
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
