"""Motion capture on every clip of ../shared/mocap/cmu: conversion, bone-direction agreement, floor contact and skate.

    python bench/bench_mocap.py [--cmu ../shared/mocap/cmu] [--out out/bench/mocap] [--seed 0]

1. `import_motion` converts every BVH file (15 fps, float16) into --out/clips (the shipped set is made the same way);
2. bone-direction agreement: the angle between each mapped SMPL bone of the converted clip (read back from its file)
   and the BVH bone it follows, at the BVH frame nearest in time: median and max per clip, over all mapped bones;
3. `synth_motion` plays every clip alone (`synth --motion`, people 1) and every salsa couple together (people 2)
   into --out/rec, and the floor check of each person: stance gap (lowest vertex off the floor in stance), flight
   frames and the lowest point in flight, foot skate (cm/s of vertices on the floor in consecutive frames).
Baselines in the same run: the same agreement for the clip retargeted at its own 120 fps in float64, every 8th frame
(the retarget alone); the skate of procedural recordings (`synth_recording`, random activities, one person,
4 seeds) measured alike.
Skipped (exit 0) without the CMU folder. Stand-in body, synthetic pressure.
"""
import argparse, time
from dataclasses import replace
from pathlib import Path
import numpy as np
from presstrack.body import BodyModel
from presstrack.geometry import MatGeometry
from presstrack.synth import sample_people, synth_recording

def agreement_table(files, made, body):
    "Bone-direction agreement of each converted clip `made[name]` with its BVH file; prints the table."
    from presstrack.mocap import read_bvh, retarget, read_amass, bone_agreement, couples, cut_lead_in
    print('\n| clip | variant | unit | lead-in dropped | frames (15 fps) | agreement median (deg) | max (deg) '
          '| baseline max, 120 fps float64 (deg) |')
    print('|---|---|---|---|---|---|---|---|')
    every, bvh = [], {f.stem: read_bvh(f) for f in files}
    for pair in couples(sorted(bvh)):                  # as import_motion does: partners lose the same lead-in
        n = max(bvh[k].dropped for k in pair)
        for k in pair: bvh[k] = cut_lead_in(bvh[k], n)
    for f in files:
        c, mo = bvh[f.stem], read_amass(made[f.stem], body)
        ag = np.concatenate(list(bone_agreement(c, mo, body).values()))
        full = retarget(c, body)                      # 120 fps, float64; compared on every 8th frame
        full = replace(full, rotmats=full.rotmats[::8], root=full.root[::8], fps=full.fps / 8)
        base = np.concatenate(list(bone_agreement(c, full, body).values()))
        every.append(ag)
        print(f'| {c.name} | {c.variant} | {c.unit} | {c.dropped} | {len(mo)} | {np.median(ag):.2f} | {ag.max():.2f} '
              f'| {base.max():.4f} |')
    allag = np.concatenate(every)
    print(f'all clips, all mapped bones: median {np.median(allag):.2f} deg, '
          f'99th percentile {np.percentile(allag, 99):.2f}, max {allag.max():.2f}')

def floor_table(made, body, g, seed):
    "Every clip alone and every salsa couple together through `mocap_recording`; prints the floor and skate table."
    from presstrack.mocap import mocap_recording, couples, load_motions, floor_check, skate_table
    clips = load_motions(sorted(made.values()), body, g.fps)
    pool = sample_people(body, 20, np.random.default_rng([seed, 7]))
    checks, rng = [], np.random.default_rng(seed)
    scenes = [([n], False) for n in sorted(clips)] + [(list(p), True) for p in couples(sorted(clips))]
    for i, (names, together) in enumerate(scenes):
        who = [pool[j] for j in rng.choice(len(pool), len(names), replace=False)]
        rec, info = mocap_recording(body, who, [clips[n] for n in names], seed * 1000 + i, g, together=together)
        for k in range(len(names)):
            ck = floor_check(body, rec, info, k, g)
            if together: ck.clip = f'{ck.clip} (with {names[1 - k]})'
            checks.append(ck)
    print(f'\nfloor and skate ({len(scenes)} recordings: {len(clips)} clips alone, {len(scenes) - len(clips)} couples; '
          f'stand-in body):\n')
    print(skate_table(checks))
    sk = np.array([c.skate_p50 for c in checks])
    print(f'\nstance gap max {max(c.stance_gap for c in checks) * 1000:.2f} mm; skate p50: median over clips '
          f'{np.median(sk):.1f} cm/s; clips with flight: {sum(c.flight > 0 for c in checks)}')
    return pool

def procedural_skate(body, g, pool):
    "The baseline: the same skate measure on procedural recordings (one person, random activities, 4 seeds)."
    proc = []
    for sd in range(4):
        _, inf = synth_recording(body, pool[sd:sd + 1], 300, seed=1000 + sd)
        proc.append(np.asarray(inf['skate'][0]) * g.fps * 100)
    proc = np.concatenate(proc)
    print(f'baseline, procedural motion (4 recordings of 300 frames): skate p50 {np.percentile(proc, 50):.1f} cm/s, '
          f'p95 {np.percentile(proc, 95):.1f} cm/s')

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cmu', type=Path, default=Path(__file__).resolve().parents[1].parent / 'shared' / 'mocap' / 'cmu')
    ap.add_argument('--out', type=Path, default=Path('out/bench/mocap'))
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args(argv)
    if not any(a.cmu.glob('*.bvh')):
        print(f'skipped: no BVH files in {a.cmu}')
        return
    from presstrack.mocap import import_motion
    body, g, t0 = BodyModel(), MatGeometry(), time.perf_counter()
    files = sorted(a.cmu.glob('*.bvh'))
    made = {p.stem: p for p in import_motion(files, a.out / 'clips', progress=False)}
    print(f'import-motion: {len(made)} clips in {time.perf_counter() - t0:.0f} s, '
          f'{sum(p.stat().st_size for p in made.values()) / 1e6:.2f} MB')
    agreement_table(files, made, body)
    pool = floor_table(made, body, g, a.seed)
    procedural_skate(body, g, pool)
    print(f'total {time.perf_counter() - t0:.0f} s')

if __name__ == '__main__': main()
