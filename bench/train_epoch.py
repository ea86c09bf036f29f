#!/usr/bin/env python3
"""One training epoch at Flickr30k's scale: the seed's loop (the frozen ResNet50 runs on every batch of 224x224
images) against captionlab's (cached fp16 features, memory-mapped from disk), same decoder and device, one run.

    python bench/train_epoch.py [--images 31783] [--naive-batches 4] [--cached-steps 300 | --full-epoch] [--amp]

Everything is synthetic, at the real sizes: 31,783 images x 5 captions (158,915; lengths like Flickr30k's, 8 to 25
words), a feature cache of 31,783 x 49 x 2048 fp16 on disk (6.4 GB, written first; --images makes it smaller),
vocabulary 12,509, the seed's decoder (embedding 256, hidden 256, concat attention). Encoder weights are random:
timing does not depend on them. The seed's loop is far too slow for a whole epoch on a CPU, so it is timed over
--naive-batches batches and extrapolated; captionlab's over --cached-steps steps (or the whole epoch with
--full-epoch). Both are extrapolated the same way, and the table says which figures are measured.
"""
import argparse, json, platform, shutil, tempfile, time
from pathlib import Path

import numpy as np, pandas as pd, torch
from torch.utils.data import DataLoader
from captionlab.data import CaptionTable
from captionlab.vocab import Vocab
from captionlab.dataset import collate
from captionlab.encoder import Encoder
from captionlab.cache import FeatureCache, FeatureDataset
from captionlab.decoder import Decoder, caption_loss

def fake_cache(path: Path, n: int, L=49, D=2048, seed=0) -> FeatureCache:
    "A feature cache of random fp16 features, written in chunks."
    path.mkdir(parents=True)
    arr = np.lib.format.open_memmap(path/'features.npy', mode='w+', dtype=np.float16, shape=(n, L, D))
    rng = np.random.default_rng(seed)
    for i in range(0, n, 512): arr[i:i + 512] = np.abs(rng.standard_normal((min(512, n - i), L, D), dtype=np.float32))
    arr.flush(); del arr
    names = [f'{1000000 + i}.jpg' for i in range(n)]
    (path/'meta.json').write_text(json.dumps(dict(images=names, shape=[n, L, D], encoder='synthetic')))
    return FeatureCache(path)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--images', type=int, default=31783); ap.add_argument('--per-image', type=int, default=5)
    ap.add_argument('--batch', type=int, default=32); ap.add_argument('--vocab', type=int, default=12509)
    ap.add_argument('--naive-batches', type=int, default=4); ap.add_argument('--cached-steps', type=int, default=300)
    ap.add_argument('--full-epoch', action='store_true'); ap.add_argument('--amp', action='store_true', help='mixed precision (CUDA)')
    ap.add_argument('--workers', type=int, default=0); ap.add_argument('--tmp', default=None, help='folder for the 6.4 GB cache')
    a = ap.parse_args()
    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    amp = a.amp and dev.type == 'cuda'
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)
    tmp = Path(tempfile.mkdtemp(prefix='captionlab-bench-', dir=a.tmp))
    try:
        t0 = time.perf_counter()
        cache = fake_cache(tmp/'cache', a.images)
        t_write = time.perf_counter() - t0
        rng = np.random.default_rng(1)
        words = [f'w{i}' for i in range(a.vocab - 4)]
        vocab = Vocab(words)
        n_caps = a.images * a.per_image
        lens = rng.integers(8, 26, n_caps)
        ids = rng.integers(0, len(words), (n_caps, 25))
        caps = [' '.join(words[j] for j in row[:k]) for row, k in zip(ids, lens)]
        df = pd.DataFrame(dict(image=np.repeat(cache.names, a.per_image), caption=caps, caption_number=np.tile(np.arange(a.per_image), a.images), split='train'))
        table = CaptionTable(df, tmp, tmp/'captions', 'synthetic')
        ds = FeatureDataset(table, vocab, cache, 'train', mode='all')
        torch.manual_seed(0)
        enc = Encoder('resnet50', weights=None).to(dev)
        dec = Decoder(len(vocab), 256, 256, 2048, attention='concat').to(dev).train()
        opt = torch.optim.Adam(dec.parameters(), 1e-3)
        scaler = torch.amp.GradScaler(enabled=amp)

        def step(feats, c):
            with torch.autocast(dev.type, dtype=torch.float16, enabled=amp):
                logits, _ = dec(feats, c, skip_pad=True)
                loss = caption_loss(logits.float(), c)
            opt.zero_grad(); scaler.scale(loss).backward(); scaler.step(opt); scaler.update()

        def naive(c):                                                          # the seed: the CNN on every batch
            x = torch.randn(len(c), 3, 224, 224, device=dev)
            with torch.no_grad(), torch.autocast(dev.type, dtype=torch.float16, enabled=amp): feats = enc(x).float()
            step(feats, c)

        dl = DataLoader(ds, a.batch, shuffle=True, collate_fn=collate, num_workers=a.workers, drop_last=True)
        it = iter(dl)
        f, c = next(it); naive(c.to(dev)); step(f.to(dev), c.to(dev))           # warm-up
        sync(); t0 = time.perf_counter()
        for _ in range(a.naive_batches): naive(next(it)[1].to(dev))
        sync(); t_naive = (time.perf_counter() - t0) / a.naive_batches
        steps_epoch = len(dl)
        n_cached = steps_epoch - 1 if a.full_epoch else min(a.cached_steps, steps_epoch - 1)
        it = iter(dl)
        sync(); t0 = time.perf_counter()
        for _ in range(n_cached):
            f, c = next(it); step(f.to(dev, non_blocking=True), c.to(dev, non_blocking=True))
        sync(); t_cached = (time.perf_counter() - t0) / n_cached

        name = torch.cuda.get_device_name() if dev.type == 'cuda' else f'{platform.machine()} CPU, {torch.get_num_threads()} threads'
        print(f'# captionlab bench/train_epoch.py: {name}, torch {torch.__version__}, mixed precision {"on" if amp else "off"}')
        print(f'# {a.images:,} images x {a.per_image} captions = {n_caps:,} pairs; batch {a.batch}; features {cache.shape} fp16 '
              f'({cache.shape[0] * 49 * 2048 * 2 / 2**30:.1f} GB on disk, written in {t_write:.0f}s); vocabulary {len(vocab):,}; decoder E=256 H=256 concat attention')
        one = -(-a.images // a.batch)
        print(f'{"loop":<40} | {"s/step":>7} | {"measured over":>14} | {"epoch, all captions":>19} | {"epoch, 1 caption/image":>22}')
        print(f'{"-" * 40}-|-{"-" * 7}-|-{"-" * 14}-|-{"-" * 19}-|-{"-" * 22}')
        for label, s, n in (('seed: ResNet50 every batch + decoder', t_naive, a.naive_batches), ('captionlab: cached features + decoder', t_cached, n_cached)):
            print(f'{label:<40} | {s:7.3f} | {n:>8,} steps | {steps_epoch * s / 60:15.1f} min | {one * s / 60:18.1f} min')
        print(f'ratio at equal work (same pairs, same decoder): {t_naive / t_cached:.1f}x'
              + ('' if a.full_epoch and n_cached >= steps_epoch - 1 else f'  (epoch times extrapolated from the steps measured; a full epoch is {steps_epoch:,} steps)'))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == '__main__': main()
