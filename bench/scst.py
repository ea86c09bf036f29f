#!/usr/bin/env python3
"""Self-critical training (lesson 11) on the demo's model: an SCST epoch's time against a cross-entropy epoch's on the
same data, then an SCST fine-tune scored after each epoch on scenes of a seed no test uses.

    captionlab demo --out captionlab_demo          # once: the demo's run (2000 scenes, MobileNetV2, 5 epochs)
    python bench/scst.py [--run captionlab_demo/run] [--epochs 6] [--lr 1e-4] [--baseline mean] [--unseen-seed 2027]

1. Timing: one cross-entropy epoch (lesson 07's `train_epoch`) and one SCST epoch (`scst_epoch`, K samples per image),
   both over the demo's 1600 training scenes at batch 32, from the same weights, one after the other in this process.
2. Content: `--epochs` SCST epochs from the demo's best checkpoint (a fresh Adam at `--lr`); after each, the captions
   (greedy and beam 3) of `--n` scenes of seed `--unseen-seed`, made here and encoded with the run's encoder:
   captions naming every object, named pairs that are in the scene, the mistakes by kind (`content_errors`,
   lesson 10), BLEU-4, CIDEr, words used.
Nothing is written to the run folder; the unseen scenes and their features go to a temporary folder.

Measured 2026-11-29 on 2 cores (torch 2.14.1), a demo run (`captionlab demo`, seed 0), nothing else running:
- timing: cross-entropy epoch 17.2 s (9,600 captions, batch 64 as the demo trains); SCST epoch 21.6 s (8,000 sampled
  captions, K=5, mean, batch 32): 1.25x.
- content, `--epochs 8 --lr 3e-4` (mean), 200 scenes of seed 2027, beam 3: all named 84.0% -> 86.0% (best, epoch 8),
  in scene 91.8% -> 93.8%; wrong colours 30 of 36 mistakes -> 21 of 30; BLEU-4 0.892 -> 0.857; CIDEr 4.118 -> 4.475;
  words used 41 -> 28; distinct captions 97.5% -> 95.0%; 16 to 22 s an epoch.
- content, `--epochs 6 --lr 1e-4 --baseline greedy` (the defaults of `captionlab train`'s SCST but the baseline):
  best all named 86.0% / in scene 93.6% (epoch 4), then 84.0% / 91.5% at epoch 6; words used 41 -> 35; 22 to 25 s.
"""
import argparse, shutil, tempfile, time
from dataclasses import replace
from pathlib import Path

import pandas as pd, torch
from captionlab.lessons import open_run
from captionlab.data import read_captions
from captionlab.scenes import make_scenes, scene_content
from captionlab.cache import extract_features, FeatureDataset
from captionlab.decoder import decode
from captionlab.eval import score
from captionlab.compare import content_errors
from captionlab.train import train_epoch, optimiser
from captionlab.runs import load_state, read_checkpoint
from captionlab.scst import CiderD, refs_of, scst_epoch


def unseen_set(run, n: int, seed: int, tmp: Path):
    "n scenes of `seed`, their table (all 'test') and features from the run's encoder."
    t = read_captions(make_scenes(tmp / 'scenes', n=n, size=run.cfg.image_size, seed=seed, verbose=False), verbose=False)
    t = replace(t, df=t.df.assign(split='test'))
    fc = extract_features(t, run.model.encoder, tmp / 'features', run.cfg.image_size, progress=False)
    return t, FeatureDataset(t, run.vocab, fc, 'test', 'all', run.cfg.max_len)


def measure(run, t, ds, tag: str) -> list:
    rows = []
    refs = {im: t.df.caption[t.df.image == im].tolist() for im in ds.images}
    for beam in (1, 3):
        hyps = decode(run.model, ds, beam=beam)
        c = scene_content(hyps, t.scenes)
        s = score(refs, hyps, java=False)['scores']
        errs = content_errors(hyps, t.scenes).kind.value_counts()
        rows.append({'model': tag, 'decoding': 'greedy' if beam == 1 else f'beam {beam}', 'all named': c['all_named'],
                     'in scene': c['named_correct'], 'BLEU-4': s['BLEU-4'], 'CIDEr': s['CIDEr'],
                     'words used': len({w for h in hyps.values() for w in h.split()}),
                     'distinct': len(set(hyps.values())) / len(hyps),
                     **{k: int(errs.get(k, 0)) for k in ('wrong colour', 'wrong shape', 'left out', 'not in the scene')}})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--run', default='captionlab_demo/run'); ap.add_argument('--epochs', type=int, default=6)
    ap.add_argument('--lr', type=float, default=1e-4); ap.add_argument('--baseline', default='mean')
    ap.add_argument('--k', type=int, default=5); ap.add_argument('--n', type=int, default=200)
    ap.add_argument('--unseen-seed', type=int, default=2027); ap.add_argument('--skip-timing', action='store_true')
    a = ap.parse_args()
    torch.manual_seed(0)
    run = open_run(a.run)
    dec, ds = run.model.decoder, run.loaders['train'].dataset
    cider = CiderD(refs_of(run.table, 'train'))
    print(f'{a.run}: {len(ds.images)} training scenes, {run.cfg.batch_size=}, {torch.get_num_threads()} threads', flush=True)
    if not a.skip_timing:
        opt, _, scaler = optimiser(run.model, run.cfg)
        t0 = time.perf_counter(); train_epoch(run, opt, scaler, verbose=False); ce = time.perf_counter() - t0
        load_state(run.model, read_checkpoint(Path(a.run)))
        opt = torch.optim.Adam(dec.parameters(), lr=a.lr)
        t0 = time.perf_counter()
        scst_epoch(dec, run.vocab, cider, opt, ds, batch=32, k=a.k, baseline=a.baseline, max_len=run.cfg.max_len)
        sc = time.perf_counter() - t0
        n_caps = (run.table.df.split == 'train').sum()
        print(pd.DataFrame({'cross-entropy epoch': dict(seconds=ce, captions=n_caps, per_s=n_caps / ce),
                            f'SCST epoch (K={a.k}, {a.baseline})': dict(seconds=sc, captions=len(ds.images) * a.k,
                                                                       per_s=len(ds.images) * a.k / sc)}).T.round(1).to_string())
        print(f'SCST epoch / cross-entropy epoch: {sc / ce:.2f}x', flush=True)
        load_state(run.model, read_checkpoint(Path(a.run)))
    tmp = Path(tempfile.mkdtemp(prefix='captionlab-scst-'))
    try:
        t, uds = unseen_set(run, a.n, a.unseen_seed, tmp)
        rows = measure(run, t, uds, 'cross-entropy')
        print(pd.DataFrame(rows).round(3).to_string(index=False), flush=True)
        opt = torch.optim.Adam(dec.parameters(), lr=a.lr)
        for e in range(1, a.epochs + 1):
            t0 = time.perf_counter()
            s = scst_epoch(dec, run.vocab, cider, opt, ds, batch=32, k=a.k, baseline=a.baseline, max_len=run.cfg.max_len)
            dec.eval()
            new = measure(run, t, uds, f'SCST {e} ({time.perf_counter() - t0:.0f} s, reward {s["reward"]:.2f})')
            rows += new
            print(pd.DataFrame(new).round(3).to_string(index=False, header=False), flush=True)
        print(f'\n{a.n} scenes of seed {a.unseen_seed}; SCST {a.baseline}, K={a.k}, lr {a.lr}:')
        print(pd.DataFrame(rows).round(3).to_string(index=False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
