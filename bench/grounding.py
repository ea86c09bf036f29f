#!/usr/bin/env python3
"""Where the model looks, and what it names: the demo's run (scenes, MobileNetV2, 5 epochs) trained once per
variant, measured on its 200 test scenes and on scenes of a seed no test uses, in one table.

    python bench/grounding.py [--n 2000] [--epochs 5] [--cache DIR] [--variants last,stage14,stage14+alpha_c,stage14+att_sup]

Each row: shape words' attention peak in the named object's box and mass in it (lesson 09; uniform attention
beside), captions naming every object and named objects in the scene (lesson 00a), beam 3, and training seconds.
Pass --cache to reuse the scenes and features of an earlier run (the demo's: captionlab_demo/cache).
"""
import argparse, json, platform, tempfile, time
from dataclasses import replace
from pathlib import Path

import torch
from captionlab.config import TrainConfig
from captionlab.scenes import make_scenes, scene_content
from captionlab.train import train, open_run
from captionlab.eval import decode
from captionlab.viz import grounding, ground_checkpoint

VARIANTS = {
    'last': dict(stage=None),
    'stage14': dict(stage=14),
    'stage14+alpha_c': dict(stage=14, alpha_c=1.0),
    'stage14+att_sup': dict(stage=14, att_sup=1.0),
}


def _shape(table):
    "The shape-word row of a grounding table (NaN where the captions named no object)."
    nan = float('nan')
    return table.loc['shape'] if 'shape' in table.index else {'peak in box': nan, 'mass in box': nan, 'uniform': nan}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n', type=int, default=2000)
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--cache', help='scenes and features folder to reuse (default: a temporary one)')
    ap.add_argument('--unseen', type=int, default=500, help='scenes of seed 7 to measure on as well (0: none)')
    ap.add_argument('--variants', default=','.join(VARIANTS))
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix='captionlab-grounding-'))
    cache = Path(a.cache) if a.cache else work / 'cache'
    unseen = make_scenes(cache / f'unseen-seed7-{a.unseen}', n=a.unseen, seed=7, verbose=False) if a.unseen else None
    base = TrainConfig(data='scenes', cache=str(cache), n_scenes=a.n, backbone='mobilenet_v2', weights='imagenet',
                       epochs=a.epochs, batch_size=64, lr=3e-3, step_size=max(a.epochs - 1, 1), dropout=0.3, seed=0,
                       min_freq=1)  # the demo's settings (lesson 98)
    rows = []
    for name in a.variants.split(','):
        cfg = replace(base, out=str(work / name), **VARIANTS[name])
        t0 = time.time()
        train(cfg, verbose=False)
        hist = json.loads((work / name / 'run.json').read_text())['history']
        run = open_run(work / name)
        test = run.loaders['test'].dataset
        g = _shape(grounding(run.model, run.vocab, run.table, test))
        c = scene_content(decode(run.model, test, beam=3), run.table.scenes)
        row = dict(variant=name, peak=g['peak in box'], mass=g['mass in box'], uniform=g['uniform'], all_named=c['all_named'],
                   in_scene=c['named_correct'], train_s=sum(h['seconds'] for h in hist), total_s=time.time() - t0)
        if unseen is not None:
            u = ground_checkpoint(work / name, unseen, cache=cache / 'features', verbose=False)
            gen = u.xs('generated') if 'generated' in u.index.get_level_values(0) else u.iloc[:0]
            row['peak_unseen'] = _shape(gen)['peak in box']
        rows.append(row)
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}), flush=True)
    print(f'\n# captionlab bench/grounding.py: {platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}, '
          f'{a.n} scenes ({a.n // 10} test), {a.epochs} epochs, MobileNetV2; shape words, beam 3 for the captions')
    print('variant          | peak in box | mass in box | uniform | peak, seed 7 | all named | in scene | training')
    print('-----------------|-------------|-------------|---------|--------------|-----------|----------|---------')
    for r in rows:
        print(f"{r['variant']:<16} | {r['peak']:>11.3f} | {r['mass']:>11.3f} | {r['uniform']:>7.3f} | "
              f"{r.get('peak_unseen', float('nan')):>12.3f} | {r['all_named']:>9.1%} | {r['in_scene']:>8.1%} | {r['train_s']:>6.0f} s")


if __name__ == '__main__':
    main()
