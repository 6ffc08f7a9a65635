"""Peak memory and speed of training on a MIP-sized set (138K frames) with the `small` preset.

    python bench/bench_memory.py [--source DIR] [--frames 138000] [--steps 10] [--preset small] [--threads 1]

MIP has 138K frames, 15.8 GB of float32 pressure: more than the memory budget (target: peak <= 4 GB), so
`presstrack train` memory-maps recordings from an uncompressed `.npy` cache (automatic above 1 GB of pressure).

The set is built cheaply, and says so: the recordings of --source (default: 4 synthetic 2-person files of 400 frames,
written here first) are repeated under distinct names (symlinks data_1..data_N) until they reach --frames, and the
cache of a repeated file is made of hard links to its original's cache (same bytes, no extra disk). Everything after
that is the real path, in a child process whose memory is measured: `presstrack.learner.train` opens the 138K-frame
cache, estimates the pressure scale, computes the mean parameters, builds the split and the windows, then trains for
--steps steps of its first epoch; the time of a whole epoch is extrapolated from the steps/s (validation excluded).

Baseline in the same run: the same child on the --source set alone. Memory that does not grow with the data is the
point: the peak for 138K frames should be about the baseline's.
Peak RSS (VmHWM) is all the process's resident memory, mapped libraries included (pressure is read from the cache
with file reads, `presstrack.data.read_frames`, so the cache's pages stay in the kernel's page cache and out of it);
"peak anon" is the process's own memory (heap, tensors), sampled every 0.1 s.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path


def child(a):
    "Train for a.steps steps in this process; print a JSON line of figures."
    import threading, resource
    peak = {'RssAnon': 0, 'RssFile': 0}
    def sample():
        while True:
            for l in open('/proc/self/status'):
                k = l.split(':')[0]
                if k in peak: peak[k] = max(peak[k], int(l.split()[1]))
            time.sleep(0.1)
    threading.Thread(target=sample, daemon=True).start()
    t0 = time.time()
    import torch
    torch.set_num_threads(a.threads)
    from fastai.callback.core import Callback, CancelFitException
    from presstrack.learner import train
    class Steps(Callback):
        "Times the training steps; ends the fit after `a.steps` of them."
        order = 100
        def before_fit(self): self.t_fit, self.times, self.cpu, self.n = time.time(), [], [], len(self.dls.train)
        def after_batch(self):
            if not self.training: return
            self.times.append(time.time()); self.cpu.append(time.process_time())
            if len(self.times) > a.steps: raise CancelFitException()
    cb = Steps()
    train(a.data, a.out, preset=a.preset, epochs=1, cache_dir=a.cache, progress=False, cbs=[cb])
    time.sleep(0.2)
    sps = (len(cb.times) - 1) / (cb.times[-1] - cb.times[0])
    cpu = (cb.cpu[-1] - cb.cpu[0]) / (len(cb.cpu) - 1)
    print(json.dumps(dict(setup=cb.t_fit - t0, steps_per_s=sps, cpu_per_step=cpu, batches=cb.n, bs=cb.learn.dls.train.bs,
                          vmhwm=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, anon=peak['RssAnon'] / 2**20,
                          file=peak['RssFile'] / 2**20)))


def build(a, work):
    "The source files, the MIP-sized folder of links to them, and a cache holding both."
    from presstrack.data import cache_recording, cache_folder
    src = Path(a.source) if a.source else work/'source'
    if not a.source:
        from presstrack.synth import synth_files
        t = time.time(); synth_files(src, files=4, frames=400, people=2, seed=0, progress=False)
        print(f'wrote 4 synthetic 2-person recordings of 400 frames in {time.time() - t:.0f} s')
    files = sorted(src.glob('data_*.npz'), key=lambda f: (len(f.name), f.name))
    if not files: sys.exit(f'{src}: no data_*.npz files')
    cache = work/'cache'
    t = time.time()
    for f in files: cache_recording(f, cache)
    import numpy as np
    n_src = {f: len(np.load(cache_folder(f, cache)/'pressure.npy', mmap_mode='r')) for f in files}
    big, total, i = work/'mip_sized', 0, 0
    big.mkdir()
    while total < a.frames:
        f = files[i % len(files)]; link = big/f'data_{i + 1}.npz'
        link.symlink_to(f.resolve())
        d = cache_folder(link, cache)
        if d != cache_folder(f, cache):                                  # the same name as its source: the same cache
            d.mkdir(parents=True)
            for p in cache_folder(f, cache).iterdir(): os.link(p, d/p.name)
        total += n_src[f]; i += 1
    print(f'cached {len(files)} source files ({sum(n_src.values())} frames) in {time.time() - t:.0f} s; '
          f'{i} links reach {total} frames')
    return src, big, cache, sum(n_src.values()), total, len(files), i


def run_child(a, data, cache, out):
    cmd = [sys.executable, __file__, '--child', '--data', str(data), '--cache', str(cache), '--out', str(out),
           '--steps', str(a.steps), '--preset', a.preset, '--threads', str(a.threads)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode: sys.exit(r.stderr[-3000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--source', help='folder of data_*.npz to repeat (default: 4 synthetic files written here)')
    ap.add_argument('--frames', type=int, default=138_000)
    ap.add_argument('--steps', type=int, default=10, help='training steps timed (after the first)')
    ap.add_argument('--preset', default='small'); ap.add_argument('--threads', type=int, default=1, help='torch threads (default 1: on a machine shared with other jobs, 2 threads on 2 cores wait on each other and are many times slower; use 2 on a free machine)')
    ap.add_argument('--child', action='store_true', help=argparse.SUPPRESS)
    ap.add_argument('--data'); ap.add_argument('--cache'); ap.add_argument('--out')
    a = ap.parse_args()
    if a.child: return child(a)
    work = Path(tempfile.mkdtemp(prefix='bench-memory-', dir=os.environ.get('BENCH_TMP')))
    try:
        src, big, cache, n_src, n_big, k_src, k_big = build(a, work)
        rows = [(f'baseline: the source set', n_src, k_src, run_child(a, src, cache, work/'run_src')),
                (f'MIP-sized: source repeated', n_big, k_big, run_child(a, big, cache, work/'run_big'))]
    finally: shutil.rmtree(work, ignore_errors=True)
    print(f'preset {a.preset}, {a.threads} threads, {a.steps} timed steps per set; memory-mapped cache; '
          f'CPU shared with other jobs: times are upper bounds')
    print(f"{'set':28s} {'frames':>7s} {'files':>5s} {'setup s':>8s} {'peak RSS GB':>12s} {'peak anon GB':>13s} "
          f"{'steps/s':>8s} {'CPU s/step':>11s} {'batches':>8s} {'epoch, measured rate':>21s} {'epoch, free core(s)':>20s}")
    for name, n, k, r in rows:
        ep, ep_free = r['batches'] / r['steps_per_s'], r['batches'] * r['cpu_per_step'] / a.threads
        print(f"{name:28s} {n:7d} {k:5d} {r['setup']:8.1f} {r['vmhwm']:12.2f} {r['anon']:13.2f} {r['steps_per_s']:8.2f} "
              f"{r['cpu_per_step']:11.2f} {r['batches']:8d} {ep / 60:17.1f} min {ep_free / 60:16.1f} min")
    print(f'epoch times are extrapolated from {a.steps} steps (validation not included); "free core(s)": CPU time per step / '
          f'{a.threads} thread(s), what the measured work would take on {a.threads} core(s) without other jobs')
    big_r = rows[1][3]
    print(f"MIP-sized peak RSS {big_r['vmhwm']:.2f} GB (anon {big_r['anon']:.2f} GB) vs baseline {rows[0][3]['vmhwm']:.2f} GB: "
          f"target <= 4 GB {'met' if big_r['vmhwm'] <= 4 else 'NOT met'}")


if __name__ == '__main__': main()
