#!/usr/bin/env python3
"""Lesson 10's variants at the demo's size (scenes, MobileNetV2, 5 epochs), trained one after the other, measured on
their 200 test scenes and on scenes of a seed no test uses, in one table.

    python bench/grounding.py [--n 2000] [--epochs 5] [--cache DIR] [--variants 'last layer;stage 14;...'] [--json FILE] [--seed 0]

Each row (lesson 10's `measure`): shape words' attention peak in the named object's box and mass in it, uniform
attention beside, the peak on the unseen scenes, captions naming every object and named objects in the scene (beam 3),
and training seconds. Pass --cache to reuse the scenes and features of an earlier run (the demo's: captionlab_demo/cache).
"""
import argparse, json, platform, tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import torch
from captionlab.config import TrainConfig
from captionlab.scenes import make_scenes
from captionlab.train import train
from captionlab.lessons import open_run
from captionlab.compare import VARIANTS, measure


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n', type=int, default=2000)
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--cache', help='scenes and features folder to reuse (default: a temporary one)')
    ap.add_argument('--unseen', type=int, default=500, help='scenes of seed 7 to measure on as well (0: none)')
    ap.add_argument('--variants', default=';'.join(VARIANTS), help="names of lesson 10's VARIANTS, separated by ';'")
    ap.add_argument('--json', help='also write the table here')
    ap.add_argument('--seed', type=int, default=0, help="the runs' seed: initial weights, shuffling, and which scenes are held out (the scenes stay seed 0's)")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix='captionlab-grounding-'))
    cache = Path(a.cache) if a.cache else work / 'cache'
    unseen = make_scenes(cache / f'unseen-seed7-{a.unseen}', n=a.unseen, seed=7, verbose=False) if a.unseen else None
    base = TrainConfig(data='scenes', cache=str(cache), n_scenes=a.n, backbone='mobilenet_v2', weights='imagenet',
                       epochs=a.epochs, batch_size=64, lr=3e-3, step_size=max(a.epochs - 1, 1), dropout=0.3, seed=a.seed,
                       min_freq=1)  # the demo's settings (lesson 98)
    rows = {}
    for i, name in enumerate(a.variants.split(';')):
        cfg = replace(base, out=str(work / f'v{i}'), **VARIANTS[name])
        train(cfg, verbose=False)
        rows[name] = measure(open_run(cfg.out), unseen, beam=3, cache=cache / 'features')
        print(json.dumps({'variant': name, **{k: round(float(v), 3) for k, v in rows[name].items()}}), flush=True)
    t = pd.DataFrame(rows).T.rename_axis('variant')
    if a.json:
        Path(a.json).write_text(t.to_json(orient='index', indent=1))
    print(f'\n# captionlab bench/grounding.py: {platform.machine()}, {torch.get_num_threads()} threads, '
          f'torch {torch.__version__}, {a.n} scenes ({a.n // 10} test), {a.epochs} epochs, MobileNetV2; shape words; '
          'captions beam 3')
    print('| variant | peak in box | mass in box | uniform | peak, seed 7 | all named | in scene | training |')
    print('|---|---|---|---|---|---|---|---|')
    for name, r in t.iterrows():
        print(f"| {name} | {r['peak in box']:.3f} | {r['mass in box']:.3f} | {r['uniform']:.3f} | "
              f"{r.get('peak, unseen', float('nan')):.3f} | {r['all named']:.1%} | {r['in scene']:.1%} | "
              f"{r['training (s)']:.0f} s |")


if __name__ == '__main__':
    main()
