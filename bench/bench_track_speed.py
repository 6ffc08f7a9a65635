"""Golden-output and speed check of the mat trackers (`FootTracker`, `ContactTracker`; nbs/10b_foot.ipynb).

Run from the repository root, one process, on one thread:

    PYTHONPATH=$PWD OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/bench_track_speed.py --save   # reference
    PYTHONPATH=$PWD OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/bench_track_speed.py          # check + speed
    ... bench_track_speed.py --profile foot        # cProfile of the current FootTracker on the recordings
    ... bench_track_speed.py --fresh 8100          # FRESH seeds: 3 new recordings, the current code against the old

The recordings are SYNTHETIC (stand-in body): 2, 3 and 6 people walking (`TRACKING_MOTIONS`) and two couples
dancing (`dance_scene`), 150-240 frames each, fixed seeds, read through the MIP mat's sensor (`MIP_MAT`: noise,
crosstalk, a background) and, for two of them, through the ideal sensor too. They are cached under out/track_speed/.
Each tracker runs with the true boxes and with the classical detector's boxes (`detect_classical`).
With `--fresh SEED`, three recordings drawn from fresh seeds (3 and 6 people walking, a couple dancing, 150 frames,
under out/track_speed/fresh_SEED/) are the set instead, and the reference is the old code's outputs in the same run.

`--save` writes every frame's ids and boxes of the current code to out/track_speed/reference.npz (run it on the
unmodified code). Without it, the current code's outputs are compared with that reference: IDENTICAL means the
same ids and the same boxes (exactly, float equality) in every frame of every recording.
Speed: frames per CPU second (`time.process_time`) of the tracker alone (detections computed beforehand), the
reference code (the module `presstrack/foot.py` at git revision `--ref_rev`, default HEAD, imported from a
temporary folder) and the current code timed in the SAME run, alternating, best of `--repeat` passes each. "DIFFERENT"
lines name the code ("old" or "new") whose outputs differ from the reference.
"""
import argparse, cProfile, importlib.util, io, pstats, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

OUT = Path('out/track_speed')
# (name, kind, people, frames, seed, sensor): kind 'walk' draws `TRACKING_MOTIONS`, 'dance' a couple's box step
SCENES = [('walk2', 'walk', 2, 240, 7101, 'mip'), ('walk3', 'walk', 3, 240, 7102, 'mip'),
          ('walk6', 'walk', 6, 180, 7103, 'mip'), ('dance_a', 'dance', 2, 200, 7104, 'mip'),
          ('dance_b', 'dance', 2, 150, 7105, 'mip'), ('walk3_ideal', 'walk', 3, 200, 7106, 'ideal'),
          ('dance_ideal', 'dance', 2, 150, 7107, 'ideal')]


def make_recording(body, kind, people, frames, seed, sensor):
    "One synthetic recording (MIP-format dict) of the current simulator."
    from presstrack.synth import synth_recording, sample_people, dance_scene, Sensor
    from presstrack.sensor import MIP_MAT
    from presstrack.compare import TRACKING_MOTIONS
    rng = np.random.default_rng(seed)
    who = sample_people(body, people, rng)
    kw = dance_scene(who, frames, rng) if kind == 'dance' else dict(motions=TRACKING_MOTIONS)
    rec, _ = synth_recording(body, who, frames, seed=seed, sensor=MIP_MAT if sensor == 'mip' else Sensor(), **kw)
    return rec


def fresh_scenes(seed):
    "Three scenes drawn from seeds from `seed`: 3 and 6 people walking, a couple dancing, 150 frames, the MIP sensor."
    return [('walk3', 'walk', 3, 150, seed, 'mip'), ('walk6', 'walk', 6, 150, seed + 1, 'mip'),
            ('dance', 'dance', 2, 150, seed + 2, 'mip')]


def recordings(folder=OUT, scenes=SCENES):
    "name -> (pressure (T, H, W), true boxes (T, K, 4)) of `scenes`, written to `folder` once."
    from presstrack.synth import write_recording
    folder.mkdir(parents=True, exist_ok=True)
    body, recs = None, {}
    for name, *args in scenes:
        f = folder / f'{name}.npz'
        if not f.exists():
            if body is None:
                from presstrack.body import BodyModel
                body = BodyModel()
            print(f'writing {f} ...', flush=True)
            write_recording(f, make_recording(body, *args))
        with np.load(f, allow_pickle=False) as z: recs[name] = (np.asarray(z['pressure'], float), np.asarray(z['box']))
    return recs


def detections(recs):
    "(recording, detector) -> per-frame detections, for the true boxes and the classical detector."
    from presstrack.track import gt_dets
    from presstrack.detect import detect_classical
    out = {}
    for name, (p, box) in recs.items():
        out[name, 'true'], out[name, 'classical'] = gt_dets(box), detect_classical(p)
    return out


def reference_module(rev):
    "`presstrack/foot.py` at git revision `rev`, imported from a temporary folder (relative imports made absolute)."
    src = subprocess.run(['git', 'show', f'{rev}:presstrack/foot.py'], capture_output=True, text=True,
                         check=True).stdout
    for m in ('detect', 'track'): src = src.replace(f'from .{m} import', f'from presstrack.{m} import')
    folder = Path(tempfile.mkdtemp(prefix='foot_ref_'))
    (folder / 'foot_ref.py').write_text(src)
    spec = importlib.util.spec_from_file_location('foot_ref', folder / 'foot_ref.py')
    mod = importlib.util.module_from_spec(spec)
    sys.modules["foot_ref"] = mod                  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def run(cls, dets, pressure):
    "A fresh `cls()` over one recording: per frame (ids, boxes), and the CPU seconds it took."
    t, res = cls(), []
    t0 = time.process_time()
    for d, f in zip(dets, pressure): res.append(t.step(d, f))
    return res, time.process_time() - t0


def flatten(res):
    "Per-frame (ids, boxes) as arrays: frame index per row, ids, boxes (rows, 4)."
    fr = np.concatenate([np.full(len(i), k) for k, (i, _) in enumerate(res)] + [np.zeros(0, int)])
    ids = np.concatenate([np.asarray(i, int) for i, _ in res] + [np.zeros(0, int)])
    boxes = np.concatenate([np.asarray(b, float).reshape(-1, 4) for _, b in res] + [np.zeros((0, 4))])
    return fr, ids, boxes


def compare(ref, key, res):
    "Whether `res` equals the reference arrays under `key`; a line saying where they first differ otherwise."
    fr, ids, boxes = flatten(res)
    rf, ri, rb = ref[f'{key}/frame'], ref[f'{key}/ids'], ref[f'{key}/boxes']
    if len(fr) == len(rf) and (fr == rf).all() and (ids == ri).all() and (boxes == rb).all(): return True, ''
    n = min(len(fr), len(rf))
    bad = np.nonzero((fr[:n] != rf[:n]) | (ids[:n] != ri[:n]) | (boxes[:n] != rb[:n]).any(1))[0]
    first = int(fr[bad[0]]) if len(bad) else int(fr[n - 1]) if n else 0
    return False, f'first difference at frame {first} ({len(fr)} rows vs {len(rf)} in the reference)'


def reference_outputs(mod, names, recs, dets) -> dict:
    "'tracker/recording/detector/frame|ids|boxes' -> the outputs of the trackers `names` of module `mod`."
    ref = {}
    for t in names:
        for (rec, det), d in dets.items():
            fr, ids, boxes = flatten(run(trackers(mod)[t], d, recs[rec][0])[0])
            ref |= {f'{t}/{rec}/{det}/frame': fr, f'{t}/{rec}/{det}/ids': ids, f'{t}/{rec}/{det}/boxes': boxes}
    return ref


def trackers(mod):
    "Tracker name -> class in module `mod`."
    return {'foot': mod.FootTracker, 'contact': mod.ContactTracker}


def profile(recs, dets, name):
    "cProfile of the current tracker `name` over every recording and detector; prints the top functions."
    import presstrack.foot as cur
    cls, pr = trackers(cur)[name], cProfile.Profile()
    pr.enable()
    for (rec, det), d in dets.items(): run(cls, d, recs[rec][0])
    pr.disable()
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats('tottime').print_stats(30); print(s.getvalue())
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats('cumulative').print_stats(40); print(s.getvalue())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--save', action='store_true', help='save the current outputs as the reference')
    ap.add_argument('--ref_rev', default='HEAD', help='git revision of the unmodified presstrack/foot.py (default: the '
                    'last commit, for changes not yet committed)')
    ap.add_argument('--trackers', default='foot,contact')
    ap.add_argument('--repeat', type=int, default=1, help='timed passes of each code per recording (best kept)')
    ap.add_argument('--profile', default=None, help='profile this tracker of the current code instead')
    ap.add_argument('--fresh', type=int, default=None, help='seed of a fresh set (reference: the old code)')
    a = ap.parse_args()
    recs = recordings(OUT / f'fresh_{a.fresh}', fresh_scenes(a.fresh)) if a.fresh is not None else recordings()
    dets = detections(recs)
    role = 'FRESH seeds' if a.fresh is not None else 'development set'
    people = np.mean([len(d) for (r, k), ds in dets.items() if k == 'true' for d in ds])
    print(f"{len(recs)} SYNTHETIC recordings (stand-in body, {role}), {sum(len(p) for p, _ in recs.values())} frames; "
          f"people per frame (true boxes) {people:.2f}")
    if a.profile: return profile(recs, dets, a.profile)
    import presstrack.foot as cur
    names = a.trackers.split(',')
    if a.save:
        np.savez_compressed(OUT / 'reference.npz', **reference_outputs(cur, names, recs, dets))
        print(f'saved the reference outputs to {OUT / "reference.npz"}')
        return
    old = reference_module(a.ref_rev)
    ref = reference_outputs(old, names, recs, dets) if a.fresh is not None else np.load(OUT / 'reference.npz')
    all_same = True
    for t in names:
        secs = {('old', 'true'): 0., ('old', 'classical'): 0., ('new', 'true'): 0., ('new', 'classical'): 0.}
        frames = {'true': 0, 'classical': 0}
        for (rec, det), d in dets.items():
            p = recs[rec][0]
            best = {'old': np.inf, 'new': np.inf}
            for _ in range(a.repeat):
                for code, mod in (('old', old), ('new', cur)):
                    res, s = run(trackers(mod)[t], d, p)
                    best[code] = min(best[code], s)
                    same, why = compare(ref, f'{t}/{rec}/{det}', res)
                    if not same:
                        all_same = False
                        print(f'  DIFFERENT: {t} {code} on {rec} with {det} boxes: {why}')
            for code in best: secs[code, det] += best[code]
            frames[det] += len(p)
            fps = {code: len(p) / best[code] for code in best}
            print(f'  {t:7s} {rec:12s} {det:9s} old {fps["old"]:7.1f}  new {fps["new"]:7.1f} frames/CPU-s'
                  f'  x{best["old"] / best["new"]:.2f}', flush=True)
        for det in frames:
            o, n = frames[det] / secs['old', det], frames[det] / secs['new', det]
            print(f'{t} tracker, {det} boxes: old {o:.1f}, new {n:.1f} frames per CPU second (x{n / o:.2f}), '
                  f'{frames[det]} frames')
    print('outputs of the current code vs the reference:', 'IDENTICAL' if all_same else 'DIFFERENT')
    return 0 if all_same else 1


if __name__ == '__main__': sys.exit(main())
