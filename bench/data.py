#!/usr/bin/env python3
"""Time the data steps at Flickr30k's size (158,915 captions of 31,783 images) and the scenes generator.

    python bench/data.py [--scenes 2000] [--repeat 3]

The caption file is generated (`fake_results_csv`: Kaggle's layout, the broken row at data row 19,999), so no
download is needed. The naive approach, `pandas.read_csv(sep='|')`, is timed in the same run: it is the baseline
for speed, and it shows what the careful reader buys (the broken row comes out with an empty caption).
"""
import argparse, os, platform, sys, tempfile, time
from pathlib import Path

import pandas as pd
import torch
from captionlab.readers import fake_results_csv
from captionlab.data import read_captions, caption_stats
from captionlab.scenes import make_scenes
from captionlab.vocab import Vocab

def best(f, repeat):
    "Best wall time of `repeat` calls, and the last result."
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter(); r = f(); ts.append(time.perf_counter() - t0)
    return min(ts), r

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--scenes', type=int, default=2000, help='scenes to generate (default: %(default)s)')
    ap.add_argument('--repeat', type=int, default=3, help='repeats; the best time is kept (default: %(default)s)')
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix='captionlab-bench-'))
    csv = fake_results_csv(tmp/'results.csv')
    print(f'# captionlab bench/data.py: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, '
          f'Python {platform.python_version()}, pandas {pd.__version__}, torch {torch.__version__}')
    rows = []
    t_naive, df = best(lambda: pd.read_csv(csv, sep='|'), a.repeat)
    lost = int(df.iloc[:, 2].isna().sum())
    rows.append(('pandas.read_csv(sep="|") (naive)', t_naive, len(df), f'{lost} caption(s) lost (broken row read as empty)'))
    t_read, t = best(lambda: read_captions(csv, verbose=False), a.repeat)
    rows.append(('read_captions (results.csv)', t_read, len(t), f'{len(t.issues)} row repaired: {t.issues[0].where}; {t_read / t_naive:.2f}x naive time'))
    t_stats, s = best(lambda: caption_stats(t), 1)
    rows.append(('caption_stats (tokenize all)', t_stats, s['captions'], f"{s['distinct_words']} distinct words"))
    train = t.df.caption
    t_vocab, v = best(lambda: Vocab.build(train, min_freq=2), 1)
    rows.append(('Vocab.build(min_freq=2)', t_vocab, len(train), f'{len(v):,} tokens'))
    t_enc, e = best(lambda: v.encode_many(train, 30), 1)
    rows.append(('Vocab.encode_many(max_len=30)', t_enc, len(train), f'array {e.shape}'))
    t_sc, _ = best(lambda: make_scenes(tmp/'scenes', n=a.scenes, size=224, seed=0, overwrite=True, verbose=False), 1)
    rows.append((f'make_scenes(n={a.scenes}, 224px)', t_sc, a.scenes, f'{sum(f.stat().st_size for f in (tmp/"scenes/Images").iterdir()) / 2**20:.1f} MB of JPEG'))
    w = max(len(r[0]) for r in rows)
    print(f'{"step":<{w}} | {"seconds":>8} | {"items":>8} | {"items/s":>10} | note')
    print(f'{"-" * w}-|-{"-" * 8}-|-{"-" * 8}-|-{"-" * 10}-|-----')
    for name, sec, n, note in rows: print(f'{name:<{w}} | {sec:8.3f} | {n:8,} | {n / sec:10,.0f} | {note}')
    import shutil; shutil.rmtree(tmp, ignore_errors=True)

if __name__ == '__main__': main()
