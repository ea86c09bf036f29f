#!/usr/bin/env python3
"""Evaluation speed: 1,000 images with beam 3, through `evaluate`'s path (batched beam search, then the
coco-caption metrics); prints images/s and the share of the time spent decoding vs computing metrics, with
one-image-at-a-time decoding (the naive approach) measured in the same run.

    python bench/eval.py [--images 1000] [--beam 3] [--vocab 12509]

Synthetic: random features (49 x 2048), a decoder with the seed's sizes and random weights (it rarely says <eos>,
so every caption runs to --max-len words: the worst case), five random references per image.
"""
import argparse, platform, time
import numpy as np, torch
from captionlab.decoder import Decoder
from captionlab.eval import score, java_available

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--images', type=int, default=1000); ap.add_argument('--beam', type=int, default=3)
    ap.add_argument('--vocab', type=int, default=12509); ap.add_argument('--max-len', type=int, default=20)
    ap.add_argument('--naive-images', type=int, default=64, help='images decoded one at a time (extrapolated)')
    a = ap.parse_args()
    torch.manual_seed(0); rng = np.random.default_rng(0)
    words = [f'w{i}' for i in range(a.vocab - 4)]
    itos = ['<pad>', '<sos>', '<eos>', '<unk>'] + words
    dec = Decoder(a.vocab, 256, 256, 2048).eval()
    feats = torch.randn(a.images, 49, 2048)
    refs = {i: [' '.join(rng.choice(words[:2000], rng.integers(8, 16))) for _ in range(5)] for i in range(a.images)}
    t0 = time.perf_counter()
    hyps = {}
    for s in range(0, a.images, 64):
        tok, _, _ = dec.beam_search(feats[s:s + 64], a.beam, a.max_len)
        hyps.update({s + j: ' '.join(itos[k] for k in t.tolist() if k > 3) for j, t in enumerate(tok)})
    t_dec = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(a.naive_images): dec.beam_search(feats[i:i + 1], a.beam, a.max_len)
    t_naive = (time.perf_counter() - t0) / a.naive_images * a.images
    java = java_available()
    t0 = time.perf_counter(); r = score(refs, hyps, java); t_score = time.perf_counter() - t0
    print(f'# captionlab bench/eval.py: {platform.machine()} CPU, {torch.get_num_threads()} threads, torch {torch.__version__}; '
          f'{a.images:,} images, beam {a.beam}, max_len {a.max_len}, V={a.vocab:,}; metrics with {r["tokenizer"]}')
    total = t_dec + t_score
    print(f'{"step":<44} | {"seconds":>8} | {"images/s":>8} | {"share":>6}')
    print(f'{"-" * 44}-|-{"-" * 8}-|-{"-" * 8}-|-{"-" * 6}')
    print(f'{"decoding, batched beam (64 images a batch)":<44} | {t_dec:8.2f} | {a.images / t_dec:8.1f} | {t_dec / total:6.1%}')
    print(f'{"metrics (BLEU, METEOR, ROUGE-L, CIDEr)":<44} | {t_score:8.2f} | {a.images / t_score:8.1f} | {t_score / total:6.1%}')
    print(f'{"evaluation in all":<44} | {total:8.2f} | {a.images / total:8.1f} |')
    print(f'{"naive: decoding one image at a time":<44} | {t_naive:8.2f} | {a.images / t_naive:8.1f} |   (extrapolated from {a.naive_images} images; {t_naive / t_dec:.1f}x the batched time)')

if __name__ == '__main__': main()
