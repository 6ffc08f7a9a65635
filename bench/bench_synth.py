"""Generation speed of `presstrack.synth`, and the time a MIP-sized synthetic set would take.

    python bench/bench_synth.py [--frames 450] [--threads N]
    python bench/bench_synth.py --presence 20 [--max-people 6]     # who is on the mat, instead of the speed
    python bench/bench_synth.py --footprints 4 [--seed 900]       # footprint statistics, real vs synthetic

Presence: for n = 1..max people and s = 0..N-1, the scene `synth_recording(body, sample_people(body, n,
default_rng([123, n, s])), 150, seed=1000 * n + s)` with the default motions; prints per people count the smallest,
5th-percentile and median contact coverage of a person (share of frames with pressure on the mat, `info['coverage']`)
and how many people fall below 0.8 (target: none).

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

def presence(body, seeds, max_people, frames=150):
    "Per people count: every person's contact coverage over `seeds` default-motion scenes (the issue's reproduction)."
    print(f'presence: {seeds} seeds x 1-{max_people} people, {frames} frames, default motions (synthetic scenes)')
    print(f"{'people':>6s} {'scenes':>6s} {'min':>6s} {'p5':>6s} {'median':>7s} {'< 0.8':>6s} {'never on':>9s}")
    worst = 1.0
    for n in range(1, max_people + 1):
        cov = []
        for s in range(seeds):
            who = sample_people(body, n, np.random.default_rng([123, n, s]))
            _, info = synth_recording(body, who, frames, seed=1000 * n + s)
            cov.extend(info['coverage'])
        cov = np.array(cov); worst = min(worst, cov.min())
        print(f'{n:6d} {seeds:6d} {cov.min():6.2f} {np.percentile(cov, 5):6.2f} {np.median(cov):7.2f} '
              f'{int((cov < 0.8).sum()):6d} {int((cov == 0).sum()):9d}', flush=True)
    print(f'smallest coverage of any person: {worst:.2f} (target >= 0.80)')

def footprints(body, seeds, seed0):
    "Footprint statistics (presstrack.synth_contact) of synthetic frames, 1 and 2-3 people, beside the real dev frames if present."
    from presstrack.synth_contact import frame_footprints, summarise_footprints, real_frames
    rows = {}
    for label, counts in (('synthetic, 1 person', (1,)), ('synthetic, 2-3 people', (2, 3))):
        st = []
        for n in counts:
            for s in range(seed0, seed0 + seeds):
                rec, _ = synth_recording(body, sample_people(body, n, np.random.default_rng([77, n, s])), 60, seed=s)
                st += frame_footprints(rec['pressure'][::6], rec['box'][::6, :n])
        rows[label] = summarise_footprints(st)
    real = real_frames()
    if real is None: print('real frames: skipped (no ../shared/real)')
    else:
        for single, label in ((True, 'real, 1 person'), (False, 'real, 2-3 people')):
            sel = real['single_person'] == single
            rows[label] = summarise_footprints(frame_footprints(real['frames'][sel], real['boxes'][sel], real['boxes_exact'][sel]))
    print(f'footprints: synthetic seeds {seed0}-{seed0 + seeds - 1} (60 frames, every 6th), each frame / its 99.9th percentile')
    print('| set | boxes | contact cells median [IQR] | box w x h | share in contact | blobs 1/2/3/4/>=5 | intensity |')
    for k, r in rows.items(): print(f'| {k} | {r.boxes} | {r.row()} |')

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--frames', type=int, default=450, help='frames per timed recording')
    ap.add_argument('--threads', type=int, default=1, help='torch threads (default 1: on a machine shared with other jobs, 2 threads on 2 cores wait on each other and are many times slower; use 2 on a free machine)')
    ap.add_argument('--presence', type=int, default=0, help='instead of the speed: contact coverage over this many seeds per people count')
    ap.add_argument('--max-people', type=int, default=6, help='largest people count of the presence sweep')
    ap.add_argument('--footprints', type=int, default=0, help='instead of the speed: footprint statistics over this many seeds')
    ap.add_argument('--seed', type=int, default=900, help='first seed of the footprint statistics')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    body = BodyModel()
    if a.presence: return presence(body, a.presence, a.max_people)
    if a.footprints: return footprints(body, a.footprints, a.seed)
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
