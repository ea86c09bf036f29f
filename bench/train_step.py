#!/usr/bin/env python3
"""Training-step throughput: the seed's loop (decode the JPEGs, run the frozen CNN, then the decoder, every batch)
against captionlab's (read cached features, then the decoder), same images, captions and decoder, in one run.

    python bench/train_step.py [--backbone resnet50] [--size 224] [--batch 32] [--naive-steps 3] [--cached-steps 20] [--amp]

The images are synthetic scenes (JPEG, decoded every batch as in the seed); the decoder has the seed's sizes
(vocabulary 12,509, embedding 256, hidden 256). Encoder weights are random: the timing does not depend on them.
"""
import argparse, os, platform, tempfile, time
from pathlib import Path

import torch
from captionlab.scenes import make_scenes
from captionlab.data import read_captions, split_by_image
from captionlab.vocab import Vocab
from captionlab.dataset import CaptionDataset, train_tfms, collate
from captionlab.encoder import Encoder
from captionlab.cache import extract_features, FeatureDataset
from captionlab.decoder import Decoder, caption_loss
from torch.utils.data import DataLoader

def timed_steps(batches, step, n, warmup=1):
    "Seconds per step over `n` steps after `warmup` steps."
    it = iter(batches)
    for _ in range(warmup): step(*next(it))
    sync(); t0 = time.perf_counter()
    for _ in range(n): step(*next(it))
    sync(); return (time.perf_counter() - t0) / n

def sync():
    if torch.cuda.is_available(): torch.cuda.synchronize()

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--backbone', default='resnet50'); ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--batch', type=int, default=32); ap.add_argument('--naive-steps', type=int, default=3)
    ap.add_argument('--cached-steps', type=int, default=20); ap.add_argument('--attention', default='concat')
    ap.add_argument('--amp', action='store_true', help='mixed precision (CUDA only)')
    ap.add_argument('--workers', type=int, default=0)
    a = ap.parse_args()
    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    amp = a.amp and dev.type == 'cuda'
    n_img = a.batch * (max(a.naive_steps, a.cached_steps) + 2)
    tmp = Path(tempfile.mkdtemp(prefix='captionlab-bench-'))
    t = split_by_image(read_captions(make_scenes(tmp/'scenes', n=n_img, size=a.size, verbose=False), verbose=False), val_frac=0, test_frac=0, verbose=False)
    vocab = Vocab.build(t.df.caption, min_freq=1)
    torch.manual_seed(0)
    enc = Encoder(a.backbone, weights=None).to(dev)
    dec = Decoder(12509, 256, 256, enc.dim, attention=a.attention).to(dev).train()
    opt = torch.optim.Adam(dec.parameters(), 1e-3)
    scaler = torch.amp.GradScaler(enabled=amp)

    def train(feats, caps):
        with torch.autocast(dev.type, dtype=torch.float16, enabled=amp):
            logits, alphas = dec(feats, caps)
            loss = caption_loss(logits, caps)
        opt.zero_grad(); scaler.scale(loss).backward(); scaler.step(opt); scaler.update()

    def naive(images, caps):                       # the seed: CNN forward on every batch
        with torch.no_grad(), torch.autocast(dev.type, dtype=torch.float16, enabled=amp):
            feats = enc(images.to(dev, non_blocking=True)).float()
        train(feats, caps.to(dev))

    def cached(feats, caps): train(feats.to(dev, non_blocking=True), caps.to(dev))

    img_dl = DataLoader(CaptionDataset(t, vocab, 'train', train_tfms(a.size)), a.batch, shuffle=True, collate_fn=collate, num_workers=a.workers)
    t_naive = timed_steps(img_dl, naive, a.naive_steps)
    t0 = time.perf_counter()
    cache = extract_features(t, enc, tmp/'cache', size=a.size, batch_size=a.batch, device=dev, progress=False)
    t_extract = (time.perf_counter() - t0) / len(cache)
    feat_dl = DataLoader(FeatureDataset(t, vocab, cache, 'train'), a.batch, shuffle=True, collate_fn=collate, num_workers=a.workers)
    t_cached = timed_steps(feat_dl, cached, a.cached_steps)

    name = torch.cuda.get_device_name() if dev.type == 'cuda' else f'{platform.machine()} CPU, {torch.get_num_threads()} threads'
    print(f'# captionlab bench/train_step.py: {name}, torch {torch.__version__}, {a.backbone} {a.size}px, batch {a.batch}, '
          f'decoder V=12,509 E=256 H=256 ({a.attention} attention), mixed precision {"on" if amp else "off"}')
    print(f'{"loop":<42} | {"s/step":>8} | {"captions/s":>10} | {"vs seed":>7}')
    print(f'{"-" * 42}-|-{"-" * 8}-|-{"-" * 10}-|-{"-" * 7}')
    for label, s in (('seed: decode + frozen CNN + decoder', t_naive), ('captionlab: cached features + decoder', t_cached)):
        print(f'{label:<42} | {s:8.3f} | {a.batch / s:10.1f} | {t_naive / s:6.1f}x')
    print(f'one-off feature extraction: {t_extract * 1000:.1f} ms/image ({1 / t_extract:.1f} images/s), paid once, not once per epoch')
    for n, label in ((31783, 'Flickr30k, all 31,783 images'), (15891, 'Flickr30k, half the images (the seed)')):
        steps = -(-n // a.batch)
        print(f'epoch estimate, {label}, one caption per image: seed {steps * t_naive / 60:.1f} min; '
              f'captionlab {steps * t_cached / 60:.1f} min (+ {n * t_extract / 60:.1f} min extraction, once)')
    import shutil; shutil.rmtree(tmp, ignore_errors=True)

if __name__ == '__main__': main()
