"""Generation speed of `presstrack.synth`, and the time a MIP-sized synthetic set would take.

    python bench/bench_synth.py [--frames 450] [--threads N]

Prints frames/s for recordings of 1, 2 and 3 people doing random activities and of a dancing couple (the whole
pipeline: motion, mesh, pressure, labels; the file write is not included) and extrapolates to MIP's size: 52 files (20 single, 28 two-, 2 three-person, 2 dancing couples),
138K frames in all.

Baseline in the same run: the body model alone posing the same number of person-frames (SMPL forward, no grad, in
batches of 256), the part of the work no generator can avoid; "x mesh-only" says how many times that the whole
generation takes, in CPU time (on 1 thread, the default, hardly affected by other jobs on the machine).
"""
import argparse, time
import numpy as np
import torch
from presstrack.body import BodyModel
from presstrack.synth import sample_people, synth_recording, dance_scene, MIP_MIX

def mesh_only(body, n, chunk=256):
    "Wall and CPU seconds to pose `n` random bodies (SMPL forward, no grad)."
    pose = 0.2 * torch.randn(chunk, 72, generator=torch.Generator().manual_seed(0))
    t, c = time.perf_counter(), time.process_time()
    with torch.no_grad():
        for s in range(0, n, chunk): body(pose[:min(chunk, n - s)])
    return time.perf_counter() - t, time.process_time() - c

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--frames', type=int, default=450, help='frames per timed recording')
    ap.add_argument('--threads', type=int, default=1, help='torch threads (default 1: on a machine shared with other jobs, 2 threads on 2 cores wait on each other and are many times slower; use 2 on a free machine)')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    body = BodyModel()
    people = sample_people(body, 3, np.random.default_rng(0))
    synth_recording(body, people[:1], 30, seed=0); mesh_only(body, 256)            # warm-up
    print(f'body {body.name} (V={body.nverts}), torch threads {torch.get_num_threads()}, {a.frames} frames per recording')
    print(f"{'scene':12s} {'frames/s':>9s} {'person-frames/s':>16s} {'mesh-only p-f/s':>16s} {'x mesh-only':>12s}  notes")
    fps = {}
    for n in (1, 2, 3, 'pair'):
        who = people[:2 if n == 'pair' else n]
        kw = dance_scene(who, a.frames, np.random.default_rng(0)) if n == 'pair' else {}
        t, c = time.perf_counter(), time.process_time()
        _, info = synth_recording(body, who, a.frames, seed=len(who), **kw)
        dt, cpu = time.perf_counter() - t, time.process_time() - c
        base, base_cpu = mesh_only(body, a.frames * len(who))
        fps[n] = a.frames / dt
        skate = np.concatenate(info['skate']) * 1e3
        kinds = ', '.join(sorted(set(info['kind'].ravel())))
        name = 'couple dance' if n == 'pair' else f'{n} person(s)'
        print(f'{name:12s} {fps[n]:9.1f} {fps[n] * len(who):16.1f} {a.frames * len(who) / base:16.1f} {cpu / base_cpu:12.1f}  '
              f'scene attempts {info["attempts"]}, foot skate {skate.mean():.2f} mm/frame (95%: {np.percentile(skate, 95):.1f}); {kinds}')
    per_file = 138_000 / len(MIP_MIX)
    total = sum(per_file / fps[n] for n in MIP_MIX)
    print(f'MIP-sized set (52 files, 138K frames, {per_file:.0f} frames/file): about {total / 60:.1f} min (target <= 20 min)')

if __name__ == '__main__': main()
