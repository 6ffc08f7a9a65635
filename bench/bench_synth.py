"""Generation speed of `presstrack.synth`, and the time a MIP-sized synthetic set would take.

    python bench/bench_synth.py [--frames 450] [--threads N]

Prints frames/s for recordings of 1, 2 and 3 people doing random activities and of a dancing couple (the whole
pipeline: motion, mesh, pressure, labels; the file write is not included) and extrapolates to MIP's size: 52 files (20 single, 28 two-, 2 three-person, 2 dancing couples),
138K frames in all.
"""
import argparse, time
import numpy as np
import torch
from presstrack.body import BodyModel
from presstrack.synth import sample_people, synth_recording, dance_scene, MIP_MIX

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--frames', type=int, default=450, help='frames per timed recording')
    ap.add_argument('--threads', type=int, default=None, help='torch threads (default: torch\'s choice)')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    body = BodyModel()
    people = sample_people(body, 3, np.random.default_rng(0))
    synth_recording(body, people[:1], 30, seed=0)                                  # warm-up
    print(f'body {body.name} (V={body.nverts}), torch threads {torch.get_num_threads()}, {a.frames} frames per recording')
    fps = {}
    for n in (1, 2, 3, 'pair'):
        who = people[:2 if n == 'pair' else n]
        kw = dance_scene(who, a.frames, np.random.default_rng(0)) if n == 'pair' else {}
        t = time.perf_counter(); _, info = synth_recording(body, who, a.frames, seed=len(who), **kw); dt = time.perf_counter() - t
        fps[n] = a.frames / dt
        skate = np.concatenate(info['skate']) * 1e3
        kinds = ', '.join(sorted(set(info['kind'].ravel())))
        print(f'{n if n == "pair" else f"{n} person(s)"}: {fps[n]:6.1f} frames/s ({fps[n] * len(who):6.1f} person-frames/s), scene attempts {info["attempts"]}, '
              f'foot skate {skate.mean():.2f} mm/frame (95%: {np.percentile(skate, 95):.1f}); {kinds}')
    per_file = 138_000 / len(MIP_MIX)
    total = sum(per_file / fps[n] for n in MIP_MIX)
    print(f'MIP-sized set (52 files, 138K frames, {per_file:.0f} frames/file): about {total / 60:.1f} min (target <= 20 min)')

if __name__ == '__main__': main()
