#!/usr/bin/env python3
"""Feature extraction throughput (images/s) of the encoders, through the real path: JPEG scenes on disk ->
decode + transform -> frozen CNN -> fp16 feature cache on disk.

    python bench/extract.py [--n 128] [--batch 32] [--configs resnet50:224 mobilenet_v2:224 mobilenet_v2:128]

Random weights (timing does not depend on them). The JPEG decode + transform alone is timed too, to show how
much of the time is the CNN's.
"""
import argparse, platform, shutil, tempfile, time
from pathlib import Path
import torch
from torch.utils.data import DataLoader
from captionlab.scenes import make_scenes
from captionlab.data import read_captions
from captionlab.dataset import eval_tfms
from captionlab.encoder import Encoder
from captionlab.cache import ImageList, extract_features

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n', type=int, default=128); ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--configs', nargs='+', default=['resnet50:224', 'resnet18:224', 'mobilenet_v2:224', 'mobilenet_v2:128'])
    a = ap.parse_args()
    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    tmp = Path(tempfile.mkdtemp(prefix='captionlab-bench-'))
    t = read_captions(make_scenes(tmp/'scenes', n=a.n, size=224, verbose=False), verbose=False)
    name = torch.cuda.get_device_name() if dev.type == 'cuda' else f'{platform.machine()} CPU, {torch.get_num_threads()} threads'
    print(f'# captionlab bench/extract.py: {name}, torch {torch.__version__}; {a.n} images, batch {a.batch}'
          + (', fp16 autocast' if dev.type == 'cuda' else ''))
    print(f'{"encoder":<20} | {"px":>4} | {"features":>12} | {"s total":>7} | {"images/s":>8} | {"decode+transform only":>21}')
    print(f'{"-" * 20}-|-{"-" * 4}-|-{"-" * 12}-|-{"-" * 7}-|-{"-" * 8}-|-{"-" * 21}')
    for cfg in a.configs:
        bb, px = cfg.split(':'); px = int(px)
        enc = Encoder(bb, weights=None)
        t0 = time.perf_counter()
        for _ in DataLoader(ImageList(t, t.images, eval_tfms(px)), a.batch): pass
        t_io = time.perf_counter() - t0
        extract_features(t, enc, tmp/'warm', size=px, batch_size=a.batch, names=t.images[:a.batch], device=dev, progress=False)
        t0 = time.perf_counter()
        c = extract_features(t, enc, tmp/'cache', size=px, batch_size=a.batch, device=dev, progress=False)
        dt = time.perf_counter() - t0
        print(f'{bb:<20} | {px:>4} | {"x".join(map(str, c.shape[1:])):>12} | {dt:7.2f} | {a.n / dt:8.1f} | {a.n / t_io:15.1f} img/s')
    shutil.rmtree(tmp, ignore_errors=True)

if __name__ == '__main__': main()
