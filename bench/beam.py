#!/usr/bin/env python3
"""Beam search: captionlab's batched search (all images x beams in one tensor per step) against decoding one
image at a time (sgrvinod's tutorial and most implementations), same decoder, features, width and max length,
in one run; checks that both give the same captions.

    python bench/beam.py [--batch 64] [--beam 3] [--max-len 20] [--vocab 12509]

The decoder has the seed's sizes and random weights (an untrained decoder rarely says <eos>, so every search
runs to --max-len: the worst case for both).
"""
import argparse, platform, time
import torch
from captionlab.vocab import PAD
from captionlab.decoder import Decoder

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--batch', type=int, default=64); ap.add_argument('--beam', type=int, default=3)
    ap.add_argument('--max-len', type=int, default=20); ap.add_argument('--vocab', type=int, default=12509)
    ap.add_argument('--attention', default='additive'); ap.add_argument('--repeat', type=int, default=2)
    a = ap.parse_args()
    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    torch.manual_seed(0)
    dec = Decoder(a.vocab, 256, 256, 2048, attention=a.attention).to(dev).eval()
    feats = torch.randn(a.batch, 49, 2048, device=dev)
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)

    def best(f):
        ts = []
        for _ in range(a.repeat):
            sync(); t0 = time.perf_counter(); r = f(); sync(); ts.append(time.perf_counter() - t0)
        return min(ts), r

    t_one, one = best(lambda: [dec.beam_search(feats[i:i + 1], a.beam, a.max_len)[0][0] for i in range(a.batch)])
    t_batch, (tok, _, _) = best(lambda: dec.beam_search(feats, a.beam, a.max_len))
    t_greedy, _ = best(lambda: dec.greedy(feats, a.max_len))
    same = sum(torch.equal(o[o != PAD], t[t != PAD]) for o, t in zip(one, tok))
    name = torch.cuda.get_device_name() if dev.type == 'cuda' else f'{platform.machine()} CPU, {torch.get_num_threads()} threads'
    print(f'# captionlab bench/beam.py: {name}, torch {torch.__version__}; {a.batch} images, beam {a.beam}, max_len {a.max_len}, '
          f'V={a.vocab:,}, {a.attention} attention; best of {a.repeat}')
    print(f'{"decoding":<34} | {"seconds":>8} | {"images/s":>9} | {"vs one at a time":>16}')
    print(f'{"-" * 34}-|-{"-" * 8}-|-{"-" * 9}-|-{"-" * 16}')
    for label, s in ((f'beam {a.beam}, one image at a time', t_one), (f'beam {a.beam}, batched (captionlab)', t_batch), ('greedy, batched (reference)', t_greedy)):
        print(f'{label:<34} | {s:8.3f} | {a.batch / s:9.1f} | {t_one / s:15.1f}x')
    print(f'same caption from both beam searches: {same} of {a.batch} images')

if __name__ == '__main__': main()
