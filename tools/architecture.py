#!/usr/bin/env python3
"""Draw the course's architecture diagram, with the shapes at each arrow, into nbs/images/architecture.png.

    python tools/architecture.py [--out nbs/images/architecture.png]

The sizes are the full profile's (ResNet50, 7 x 7 grid, embedding and LSTM 256, Flickr30k's 12,509 words).
"""
import argparse
from pathlib import Path

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

BOXES = {  # name: (x, y, width, height, label, colour)
    'image': (0.0, 4.6, 1.6, 1.0, 'image', '#f2f2f2'),
    'cnn': (3.4, 4.6, 2.2, 1.0, 'CNN encoder\nResNet50, frozen\n(lesson 04)', '#dbe9f6'),
    'feats': (7.4, 4.6, 2.2, 1.0, 'region features f\n7 x 7 grid, cached\n(lesson 04)', '#dbe9f6'),
    'init': (11.6, 4.6, 2.4, 1.0, 'h0, c0 from the\nmean feature\n(lesson 06)', '#fbe5d6'),
    'att': (7.4, 2.3, 2.2, 1.3, 'attention\nα_t = softmax(e_t)\nz_t = Σ α_ti f_i\n(lesson 05)', '#e2f0d9'),
    'lstm': (11.6, 2.3, 2.4, 1.3, 'LSTMCell\ninput [E w_t-1 ; z_t]\n(lesson 06)', '#fbe5d6'),
    'embed': (11.6, 0.2, 2.4, 1.0, 'embedding E\nprevious word w_t-1\n(lessons 01, 03)', '#fff2cc'),
    'out': (15.8, 2.3, 2.2, 1.3, 'linear + softmax\nnext word w_t\n(greedy or beam)', '#fff2cc'),
}


def _mid(name, side):
    x, y, w, h, *_ = BOXES[name]
    return {'l': (x, y + h / 2), 'r': (x + w, y + h / 2), 't': (x + w / 2, y + h), 'b': (x + w / 2, y)}[side]


def _arrow(ax, a, b, text, off=(0, 0.12), ls='-'):
    ax.annotate('', xy=b, xytext=a, arrowprops=dict(arrowstyle='->', lw=1.4, ls=ls, color='#333333'))
    ax.text((a[0] + b[0]) / 2 + off[0], (a[1] + b[1]) / 2 + off[1], text, ha='center', va='bottom', fontsize=8,
            family='monospace', color='#1f4e79')


def draw(out: Path):
    fig, ax = plt.subplots(figsize=(17, 6.0))
    for x, y, w, h, label, colour in BOXES.values():
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle='round,pad=0.05', fc=colour, ec='#555555'))
        ax.text(x + w / 2, y + h / 2, label, ha='center', va='center', fontsize=9)
    _arrow(ax, _mid('image', 'r'), _mid('cnn', 'l'), '(B, 3, 224, 224)')
    _arrow(ax, _mid('cnn', 'r'), _mid('feats', 'l'), '(B, 2048, 7, 7)')
    _arrow(ax, _mid('feats', 'r'), _mid('init', 'l'), 'mean: (B, 2048)')
    _arrow(ax, _mid('feats', 'b'), _mid('att', 't'), '(B, 49, 2048)', off=(0.8, -0.05))
    _arrow(ax, _mid('init', 'b'), _mid('lstm', 't'), '(B, 256) x 2', off=(0.7, -0.05))
    _arrow(ax, _mid('att', 'r'), _mid('lstm', 'l'), 'z_t: (B, 2048)')
    _arrow(ax, _mid('embed', 't'), _mid('lstm', 'b'), '(B, 256)', off=(0.55, -0.1))
    _arrow(ax, _mid('lstm', 'r'), _mid('out', 'l'), 'h_t: (B, 256)')
    # the state goes back to the attention for the next word; the word goes back to the embedding
    ax.annotate('', xy=(8.5, 2.2), xytext=(11.55, 2.6),
                arrowprops=dict(arrowstyle='->', lw=1.2, ls='--', color='#7f7f7f', connectionstyle='arc3,rad=-0.4'))
    ax.text(9.9, 1.05, 'h_t scores the regions\nfor the next word: (B, 256)', ha='center', fontsize=8, color='#555555')
    ax.annotate('', xy=(14.05, 0.7), xytext=(16.9, 2.25),
                arrowprops=dict(arrowstyle='->', lw=1.2, ls='--', color='#7f7f7f', connectionstyle='arc3,rad=-0.3'))
    ax.text(16.6, 0.9, 'w_t fed back\n(B,) word indices', ha='left', fontsize=8, color='#555555')
    _arrow(ax, _mid('out', 'r'), (19.6, 2.95), '(B, V)\nV = 12,509')
    ax.text(9.8, 6.15, 'B images, L = 49 regions of D = 2048; one word per step t, the attention recomputed at every step',
            ha='center', fontsize=10)
    ax.set_xlim(-0.1, 19.8); ax.set_ylim(0, 6.5); ax.axis('off')
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110, bbox_inches='tight')
    print(f'wrote {out}')


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=str(Path(__file__).resolve().parent.parent / 'nbs' / 'images' / 'architecture.png'))
    draw(Path(ap.parse_args().out))
