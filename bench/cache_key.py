#!/usr/bin/env python3
"""What keying the feature cache on image content costs at Flickr30k's scale (31,783 files, about 4.2 GB).

    python bench/cache_key.py [--n 31783] [--kb 133]

Writes `n` files of random bytes (sizes spread around `kb` KB, Flickr30k's average JPEG) into a temporary folder,
then times each way of fingerprinting them, with the files' pages dropped from the page cache before each cold
run (posix_fadvise DONTNEED), as on a first run over a mounted dataset, and again warm:
- name + size (`stat`), what the cache used before: blind to a picture changed at the same size;
- name + size + modification time: changes whenever a dataset is copied or re-downloaded;
- `file_digest`: size and three 4 KB blocks (start, middle, end) of each file, what the cache uses;
- SHA-256 of every byte, the exact answer.
"""
import argparse, hashlib, os, platform, shutil, tempfile, time
from pathlib import Path
import numpy as np
from captionlab.cache import file_digest

def drop(files):
    "Ask the kernel to forget the files' cached pages (a cold read next time)."
    for p in files:
        fd = os.open(p, os.O_RDONLY)
        try: os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally: os.close(fd)

def full_sha(p):
    h = hashlib.sha256()
    with open(p, 'rb') as fh:
        for b in iter(lambda: fh.read(1 << 20), b''): h.update(b)
    return h.hexdigest()

WAYS = {
    'name + size (stat)': lambda p: (p.name, p.stat().st_size),
    'name + size + mtime (stat)': lambda p: (p.name, p.stat().st_size, p.stat().st_mtime_ns),
    'file_digest (3 x 4 KB reads)': file_digest,
    'SHA-256 of every byte': full_sha,
}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n', type=int, default=31783, help='files (default: Flickr30k, %(default)s)')
    ap.add_argument('--kb', type=int, default=133, help='average file size in KB (default: %(default)s)')
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix='captionlab-bench-key-'))
    try:
        rng = np.random.default_rng(0)
        sizes = rng.integers(a.kb * 512, a.kb * 1536, a.n)
        block = rng.bytes(int(sizes.max()))
        files = []
        t0 = time.perf_counter()
        for i, s in enumerate(sizes):
            p = tmp / f'{i:06d}.jpg'
            p.write_bytes(block[i % 997:i % 997 + int(s)] if i % 997 + s <= len(block) else block[:int(s)])
            files.append(p)
        gb = sizes.sum() / 2**30
        print(f'# captionlab bench/cache_key.py: {platform.machine()}, {os.cpu_count()} CPUs; {a.n:,} files, '
              f'{gb:.2f} GB, written in {time.perf_counter() - t0:.0f} s')
        print(f'{"key":<30} | {"cold s":>7} | {"warm s":>7} | {"x stat, cold":>12} | sees a same-size edit')
        print(f'{"-" * 30}-|-{"-" * 7}-|-{"-" * 7}-|-{"-" * 12}-|-{"-" * 21}')
        base = None
        for name, f in WAYS.items():
            drop(files)
            t0 = time.perf_counter(); [f(p) for p in files]; cold = time.perf_counter() - t0
            t0 = time.perf_counter(); [f(p) for p in files]; warm = time.perf_counter() - t0
            base = base or cold
            sees = {'name + size (stat)': 'no', 'name + size + mtime (stat)': 'if mtime moved',
                    'file_digest (3 x 4 KB reads)': 'if in a sampled block', 'SHA-256 of every byte': 'yes'}[name]
            print(f'{name:<30} | {cold:>7.2f} | {warm:>7.2f} | {cold / base:>12.1f} | {sees}')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == '__main__':
    main()
