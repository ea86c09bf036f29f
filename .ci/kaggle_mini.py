"""Write a small Flickr30k dataset in Kaggle's layout, for CI's rehearsal of the full profile.

    python .ci/kaggle_mini.py ROOT [--n 60]

ROOT/flickr30k_images/results.csv           Kaggle's `image_name| comment_number| comment` format, spacing included,
                                            with one malformed row (the second `|` missing), as in the real file
ROOT/flickr30k_images/flickr30k_images/*.jpg

The images are the real photos of ../shared/fixtures/coco_photos (their human captions, 5 each), then synthetic
scenes drawn at Flickr-like sizes (not square, no scenes.json: nothing tells them from photos), renamed to
Flickr-style numeric names. The notebooks never see how it was made: they get CAPTIONLAB_DATA=ROOT.
"""
import argparse, csv, random, shutil, sys
from pathlib import Path

from captionlab.scenes import draw_scene, scene_spec, scene_captions
from captionlab.data import fixtures_dir


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('root', help='output folder (replaced if it holds an earlier mini dataset)')
    p.add_argument('--n', type=int, default=60, help='images (default: %(default)s)')
    p.add_argument('--seed', type=int, default=7, help='random seed (default: %(default)s)')
    a = p.parse_args(argv)
    base = Path(a.root)/'flickr30k_images'
    if base.exists(): shutil.rmtree(base)
    imdir = base/'flickr30k_images'
    imdir.mkdir(parents=True)
    rng, items = random.Random(a.seed), []
    fx = fixtures_dir()
    if fx is not None and (fx/'coco_photos/captions.csv').exists():
        rows = list(csv.reader(open(fx/'coco_photos/captions.csv', encoding='utf-8')))[1:]
        by = {}
        for im, cap in rows: by.setdefault(im, []).append(cap)
        for im, caps in sorted(by.items())[:a.n]: items.append((fx/'coco_photos'/im, caps[:5]))
    while len(items) < a.n:
        spec = scene_spec(rng, size=320, seed=a.seed)
        caps = scene_captions(spec, rng)
        img = draw_scene(spec)
        w, h = rng.choice([(320, 240), (240, 320), (320, 213), (300, 300)])
        items.append((img.crop(((320 - w) // 2, (320 - h) // 2, (320 + w) // 2, (320 + h) // 2)), [c.capitalize() + ' .' for c in caps[:5]]))
    broken = 7                                           # this data row loses its second '|', as row 19999 of the real file
    k = 0
    with open(base/'results.csv', 'w', encoding='utf-8') as f:
        f.write('image_name| comment_number| comment\n')
        for i, (src, caps) in enumerate(items):
            name = f'{1000268201 + 7919 * i}.jpg'
            if isinstance(src, Path): shutil.copyfile(src, imdir/name)
            else: src.save(imdir/name, quality=90)
            for j, cap in enumerate(caps):
                f.write(f'{name}| {j}   {cap}\n' if k == broken else f'{name}| {j}| {cap}\n'); k += 1
    print(f'{base}: {len(items)} images ({sum(isinstance(s, Path) for s, _ in items)} real photos), {k} captions, '
          f'the second | missing at data row {broken}')


if __name__ == '__main__': sys.exit(main())
