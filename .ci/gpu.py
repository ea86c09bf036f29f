"""The GPU check: what the Kaggle student's path costs on a real GPU, in one run and one table.

    bash .ci/gpu            # on a GPU machine (the device tool's: bare, offline; see .ci/gpu-wheels)
    bash .ci/gpu --cpu      # here, on a CPU, at reduced sizes: the same code, to know that it works

1. the lesson notebooks on the full profile (CUDA, mixed precision) on a small Flickr30k in Kaggle's layout
   (.ci/kaggle_mini.py), CAPTIONLAB_EPOCHS=1, through tools/nbtest.py: pass/fail and seconds per notebook;
2. feature extraction with ResNet50 at 224 (random weights: speed does not depend on them) from JPEG files
   of Flickr's size, with DataLoader workers: images/s, and the time for Flickr30k's 31,783 images;
3. one training epoch of lesson 07's `train` on cached features at Flickr30k's scale (31,783 images x 5
   captions; 1,000 of the images held out for validation; random fp16 features, synthetic captions, vocabulary
   12,509; embedding and hidden 256, batch 32): seconds per epoch, and 25 epochs;
4. beam-3 decoding (lesson 08's `decode`) of 1,000 held-out images: images/s;
5. data parallelism: `captionlab train --gpus 1`, and `--gpus 2` where the machine has two GPUs (else it says so), on
   2,000 scenes (MobileNetV2 features, batch 64), 2 epochs: the second epoch's seconds from run.json. With --cpu:
   `--procs 1` and `--procs 2` on 200 scenes.
"""
import argparse, json, os, platform, random, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT/'bench')]

import numpy as np, pandas as pd, torch


def notebooks(tmp: Path, names: list, timeout: int) -> tuple[list, str]:
    "Run tools/nbtest.py on the full profile over a Kaggle-layout mini dataset; rows (notebook, ok, seconds) and the closing line."
    subprocess.run([sys.executable, str(ROOT/'.ci/kaggle_mini.py'), str(tmp/'input'), '--n', '60'], check=True)
    env = dict(os.environ, CAPTIONLAB_PROFILE='full', CAPTIONLAB_DATA=str(tmp/'input'), CAPTIONLAB_EPOCHS='1',
               CAPTIONLAB_WORK=str(tmp/'working'), PYTHONUNBUFFERED='1')
    cmd = [sys.executable, str(ROOT/'tools/nbtest.py'), '--label', 'full', *[str(ROOT/'nbs'/f'{n}.ipynb') for n in names]]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout).stdout
    print(out, flush=True)
    rows = [(m[2], m[1] == 'ok', float(m[3])) for m in re.finditer(r'^  (ok|FAIL)\s+(\S+\.ipynb)\s+([\d.]+)s', out, re.M)]
    closing = next((l for l in out.splitlines()[::-1] if re.match(r'full: \d+ passed, \d+ failed$', l)), 'full: no result')
    return rows, closing


def extraction(tmp: Path, n: int, dev) -> dict:
    "ResNet50 features of n JPEG files (500 x 375, as Flickr's), through lesson 04's extract_features."
    from captionlab.data import CaptionTable
    from captionlab.scenes import draw_scene, scene_spec
    from captionlab.encoder import Encoder
    from captionlab.cache import extract_features
    imdir = tmp/'jpegs'; imdir.mkdir(parents=True)
    rng, names = random.Random(0), []
    for i in range(min(n, 64)):                                  # 64 distinct pictures, copied to n files
        draw_scene(scene_spec(rng, size=500)).crop((0, 62, 500, 437)).save(imdir/f'{i}.jpg', quality=90)
    for i in range(n):
        name = f'{1000000 + i}.jpg'
        if i >= 64: shutil.copyfile(imdir/f'{1000000 + i % 64}.jpg', imdir/name)   # a copy of one renamed above
        else: (imdir/f'{i}.jpg').rename(imdir/name)
        names.append(name)
    t = CaptionTable(pd.DataFrame(dict(image=names, caption='a picture', caption_number=0, split='train')), imdir, imdir, 'synthetic')
    torch.manual_seed(0)
    enc = Encoder('resnet50', weights=None)
    workers = min(8, os.cpu_count() or 1)
    t0 = time.perf_counter()
    extract_features(t, enc, tmp/'cache', 224, batch_size=128, device=dev, num_workers=workers, progress=False)
    s = time.perf_counter() - t0
    return dict(images=n, seconds=s, per_s=n / s, workers=workers)


def epoch(tmp: Path, n_images: int, n_eval: int, dev, amp: bool) -> dict:
    "One epoch of lesson 07's `train` on a synthetic feature cache at Flickr30k's sizes; then lesson 08's beam-3 `decode`."
    from train_epoch import fake_cache                        # bench/train_epoch.py: random fp16 features, written in chunks
    from captionlab.data import CaptionTable
    from captionlab.vocab import Vocab
    from captionlab.cache import feature_loaders, FeatureDataset
    from captionlab.decoder import Decoder, Captioner
    from captionlab.config import TrainConfig
    from captionlab.train import Run, train
    from captionlab.decoder import decode
    tmp.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    cache = fake_cache(tmp/'features', n_images)
    t_write = time.perf_counter() - t0
    rng = np.random.default_rng(1)
    words = [f'w{i}' for i in range(12509 - 4)]
    per = 5
    lens, ids = rng.integers(8, 26, n_images * per), rng.integers(0, len(words), (n_images * per, 25))
    caps = [' '.join(words[j] for j in row[:k]) for row, k in zip(ids, lens)]
    split = np.where(np.arange(n_images) < n_eval, 'val', 'train')
    df = pd.DataFrame(dict(image=np.repeat(cache.names, per), caption=caps, caption_number=np.tile(np.arange(per), n_images),
                           split=np.repeat(split, per)))
    table, vocab = CaptionTable(df, tmp, tmp/'captions', 'synthetic'), Vocab(words)
    workers = min(4, os.cpu_count() or 1)                    # the full profile's DataLoader workers
    cfg = TrainConfig(data='synthetic', out=str(tmp/'run'), epochs=1, amp=amp, num_workers=workers, weights=None)
    torch.manual_seed(0)
    model = Captioner(None, Decoder(len(vocab), cfg.embed_dim, cfg.hidden_dim, 2048, cfg.attention, cfg.att_dim, cfg.dropout)).to(dev)
    loaders = feature_loaders(table, vocab, cache, cfg.batch_size, cfg.mode, cfg.max_len, workers)
    run = train(cfg, run=Run(cfg, table, vocab, model, loaders, cache, Path(cfg.out), dev), verbose=False)
    from captionlab.runs import RunDir
    rec = RunDir(cfg.out).history[0]
    ds = FeatureDataset(table, vocab, cache, 'val', 'all')
    if dev.type == 'cuda': torch.cuda.synchronize()
    t0 = time.perf_counter()
    decode(run.model, ds, beam=3, max_len=cfg.max_len)
    if dev.type == 'cuda': torch.cuda.synchronize()
    t_beam = time.perf_counter() - t0
    return dict(images=n_images, captions=n_images * per, train_captions=int((df.split == 'train').sum()), steps=len(loaders['train']),
                epoch_s=rec['seconds'], cache_gb=n_images * 49 * 2048 * 2 / 2**30, write_s=t_write, beam_images=len(ds.images),
                beam_s=t_beam, workers=workers)


def data_parallel(tmp: Path, cpu: bool) -> list:
    "Rows (processes, second epoch's seconds or why not) of `captionlab train` in 1 and 2 processes (GPUs, or CPUs)."
    n_gpu = 0 if cpu else torch.cuda.device_count()
    base = [sys.executable, '-m', 'captionlab.cli', 'train', '--data', 'scenes', '--n-scenes', '200' if cpu else '2000',
            '--cache', str(tmp/'cache'), '--backbone', 'mobilenet_v2', '--on-missing', 'random', '--epochs', '2',
            '--batch-size', '64']
    rows = []
    for n in (1, 2):
        if not cpu and n > n_gpu:
            rows.append((n, f'not timed: this machine has {n_gpu} GPU'))
            continue
        r = subprocess.run(base + ['--out', str(tmp/f'run{n}'), *(['--procs', str(n)] if cpu else ['--gpus', str(n)])],
                           capture_output=True, text=True, timeout=900)
        hist = json.loads((tmp/f'run{n}'/'run.json').read_text())['history'] if r.returncode == 0 else []
        rows.append((n, f"{hist[-1]['seconds']:.1f} s" if hist else f'FAILED: {r.stderr.strip().splitlines()[-1:]}'))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--cpu', action='store_true', help='run on the CPU at reduced sizes (to check the script itself)')
    ap.add_argument('--notebooks', nargs='*', default=None, help='notebook names (default: all on a GPU; 00_data 07_train with --cpu)')
    ap.add_argument('--images', type=int, default=None, help='images of the training epoch (default: 31783; 400 with --cpu)')
    ap.add_argument('--extract', type=int, default=None, help='images to extract (default: 2000; 32 with --cpu)')
    ap.add_argument('--tmp', default=None, help='scratch folder (needs about 7 GB at full size)')
    a = ap.parse_args(argv)
    if not a.cpu and not torch.cuda.is_available(): sys.exit('no CUDA device here: run with --cpu to check the script at reduced sizes')
    dev = torch.device('cpu' if a.cpu else 'cuda')
    if a.cpu: os.environ['CUDA_VISIBLE_DEVICES'] = ''          # the notebooks' processes too
    names = a.notebooks if a.notebooks is not None else (['00_data', '07_train'] if a.cpu else sorted(p.stem for p in (ROOT/'nbs').glob('[0-9]*.ipynb')))
    n_img, n_ext = a.images or (400 if a.cpu else 31783), a.extract or (32 if a.cpu else 2000)
    n_eval = min(1000, n_img // 4)
    tmp = Path(tempfile.mkdtemp(prefix='captionlab-gpu-', dir=a.tmp))
    t_all = time.perf_counter()
    try:
        rows, closing = notebooks(tmp/'nb', names, timeout=420) if names else ([], 'full: not run (--notebooks with no name)')
        ex = extraction(tmp/'ex', n_ext, dev)
        ep = epoch(tmp/'ep', n_img, n_eval, dev, amp=not a.cpu)
        dp = data_parallel(tmp/'dp', a.cpu)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    name = torch.cuda.get_device_name() if dev.type == 'cuda' else f'{platform.machine()} CPU, {torch.get_num_threads()} threads'
    scale = 25 * ep['epoch_s'] * (31783 / ep['images'])
    print(f"\n# captionlab .ci/gpu{' --cpu' if a.cpu else ''}: {name}, torch {torch.__version__}, "
          f"{'float16 autocast' if not a.cpu else 'float32'}; {time.perf_counter() - t_all:.0f}s in all")
    table = [(f'notebook {nb} (full profile, mini dataset, 1 epoch)', ('ok' if ok else 'FAILED') + f', {sec:.1f} s', '') for nb, ok, sec in sorted(rows)]
    table += [(f'notebooks: {closing}', '', ''),
              (f"feature extraction, ResNet50 224, {ex['workers']} loader workers", f"{ex['images']:,} images: {ex['per_s']:.0f} images/s",
               f"31,783 images: {31783 / ex['per_s'] / 60:.1f} min"),
              (f"training epoch, cached fp16 features, {ep['workers']} loader workers", f"{ep['train_captions']:,} captions: {ep['epoch_s']:.1f} s",
               f'25 epochs: {scale / 60:.1f} min'),
              ('beam-3 decoding (lesson 08 decode, batches of 64)', f"{ep['beam_images']:,} images: {ep['beam_images'] / ep['beam_s']:.0f} images/s",
               f"1,000 images: {1000 * ep['beam_s'] / ep['beam_images']:.1f} s")]
    table += [(f"train --{'procs' if a.cpu else 'gpus'} {n}: an epoch of {'200' if a.cpu else '2,000'} scenes, batch 64", t, '')
              for n, t in dp]
    w = [max(len(r[i]) for r in table + [('check', 'measured', 'at Flickr30k scale')]) for i in range(3)]
    for r in [('check', 'measured', 'at Flickr30k scale'), tuple('-' * k for k in w)] + table:
        print('| ' + ' | '.join(c.ljust(k) for c, k in zip(r, w)) + ' |')
    print(f"(feature cache of the epoch: {ep['cache_gb']:.2f} GB written in {ep['write_s']:.0f}s; the epoch includes validation on "
          f"{n_eval:,} images and a checkpoint; at Flickr30k scale: extrapolated linearly from {ep['images']:,} images)")
    return 0 if all(ok for _, ok, _ in rows) and (rows or not names) else 1


if __name__ == '__main__': sys.exit(main())
