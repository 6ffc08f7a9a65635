"""End-to-end inference speed: frames per second for 1, 3 and 6 people, today's path beside the old one, streaming vs recomputing every window.

    python bench/bench_infer.py [--frames 300] [--people 1,3,6] [--checkpoint F] [--detector auto|classical|FILE] [--tracker foot|mat|...] [--threads 1]
    python bench/bench_infer.py --long 54000      # one hour of 3 people: peak memory along the run (flat = streaming works)

Synthetic recordings (stand-in body) of 1, 3 and 6 people go through the whole pipeline: detection, tracking,
the mesh model and the body joints. "old" is the path before issue #18's speed work, run in the same process on the
same frames: the classical detector's plain reference (`detect_classical(reference=True)`: every cell, frame by
frame) and the model's own frame encoder over whole blocks (`Pipeline(fast=False)`); "new" is today's default (one
labelling pass per block and edge-cell distances; batch norms folded, channels-last, cache-sized batches). Both give
the same boxes and the same bodies (checked: "same"). "streaming" computes each frame's encoder feature once per
track and reuses it in every window; "recompute" is the reference's way, every 16-frame window through the frame
encoder again (same outputs); its speed-up is given end to end and for the model stage alone. Speeds are frames per
wall second and per CPU second of this process (what one free core gives: the machine may be shared); the stage
split is CPU seconds. The mat records at 15 fps; issue #18's target is 300 frames/s for 3 people on one thread.
"""
import argparse, os, time, sys, resource
import numpy as np, torch
from presstrack.body import BodyModel
from presstrack.data import check_recording
from presstrack.synth import synth_recording, sample_people
from presstrack.infer import Pipeline, load_pipeline, DEFAULT_CHECKPOINT, DEFAULT_TRACKER, make_detector
from presstrack.learner import MultiPersonHMR
from presstrack.detect import detect_classical
from presstrack.regressor import build_hmr


def model_and_scale(checkpoint):
    "The checkpoint's model (default: the shipped one), else an untrained `small` model (same speed)."
    if checkpoint or DEFAULT_CHECKPOINT.exists():
        p = load_pipeline(checkpoint, 'classical')
        return p.model, p.stream.max_val, str(checkpoint or DEFAULT_CHECKPOINT.name)
    body = BodyModel()
    return MultiPersonHMR(build_hmr('small', body), body).eval(), 1e5, 'untrained small (no shipped weights yet)'


def old_detector(pressure):
    "The classical detector as it was before the speed work (every cell, frame by frame): the baseline."
    return detect_classical(pressure, reference=True)


def run(model, max_val, pressure, detector, cache, tracker=DEFAULT_TRACKER, fast=True):
    pipe = Pipeline(model, max_val, detector=detector, tracker=tracker, cache=cache, fast=fast)
    t0, c0 = time.perf_counter(), time.process_time()
    for s in range(0, len(pressure), 64): pipe.push_many(np.asarray(pressure[s:s + 64]))
    res = pipe.finish()
    pipe.timing['cpu_fps'] = len(pressure) / max(time.process_time() - c0, 1e-9)     # frames per CPU second: what one free core gives
    pipe.timing['cpu'] = pipe.cpu
    return len(pressure) / (time.perf_counter() - t0), pipe.timing, res


class Tiled:
    "A long recording made of one synthetic recording repeated (lazy: frames are produced block by block, never all held)."
    def __init__(self, pressure, n): self.p, self.n = np.asarray(pressure), n
    def __len__(self): return self.n
    def __getitem__(self, s):
        idx = np.arange(*s.indices(self.n)) % len(self.p)
        return self.p[idx]


def rss_mb():
    with open('/proc/self/status') as f:
        return next(int(l.split()[1]) / 1024 for l in f if l.startswith('VmRSS'))


def long_run(model, max_val, det, body, frames, tracker=DEFAULT_TRACKER):
    "Stream `frames` frames of 3 people (a 600-frame synthetic scene, tiled) and print memory along the way."
    rec = check_recording(synth_recording(body, sample_people(body, 3, np.random.default_rng(11)), 600, seed=11)[0])
    p = Tiled(rec.pressure, frames)
    pipe = Pipeline(model, max_val, detector=det, tracker=tracker)
    print(f'# long run: {frames} frames ({frames / 15 / 60:.0f} min at 15 fps), 3 people (600-frame synthetic scene tiled), body {body.name}')
    print(f"{'frames':>8} {'RSS MB':>8} {'buffered features':>18} {'result rows':>12} {'fps':>6}")
    t0, marks = time.perf_counter(), {int(frames * f) for f in (0.01, 0.1, 0.25, 0.5, 0.75, 1.0)}
    for s in range(0, frames, 256):
        pipe.push_many(p[s:s + 256])
        n = min(s + 256, frames)
        if any(s < m <= n for m in marks):
            rows = sum(len(d['track']) for d in pipe.done) + len(pipe.pending)
            print(f'{n:>8} {rss_mb():>8.0f} {pipe.stream.buffered:>18} {rows:>12} {n / (time.perf_counter() - t0):>6.0f}', flush=True)
    res = pipe.finish()
    print(f'finished: {res}; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; '
          f'the result itself is {sum(getattr(res, k).nbytes for k in ("track", "frame", "poses", "betas", "trans", "joints", "boxes")) / 1e6:.0f} MB')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--frames', type=int, default=300); ap.add_argument('--people', default='1,3,6'); ap.add_argument('--checkpoint'); ap.add_argument('--detector', default='auto'); ap.add_argument('--tracker', default=DEFAULT_TRACKER)
    ap.add_argument('--threads', type=int, default=1, help='torch threads (1: no OpenMP spin-waiting when the cores are shared)')
    ap.add_argument('--long', type=int, default=0, help='also stream this many frames (3 people) and print memory along the run')
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    model, max_val, name = model_and_scale(a.checkpoint)
    det = make_detector(a.detector)
    body = model.body
    if a.long: return long_run(model, max_val, det, body, a.long, a.tracker)
    print(f'# end-to-end inference, {torch.get_num_threads()} threads, model {name}, detector {a.detector}, tracker {a.tracker}, body {body.name} (synthetic recordings, {a.frames} frames)')
    print(f'# load average {" ".join(f"{x:.2f}" for x in os.getloadavg())} on {os.cpu_count()} cores (frames per CPU second: what one free core would give)')
    new_det = det
    old_det = old_detector if det is detect_classical else det
    print(f"{'people':>6} {'path':>15} {'fps':>7} {'per CPU s':>9} {'CPU ms/frame':>12}  CPU s detect/track/model/body  same as old")
    for n in [int(x) for x in a.people.split(',')]:
        rec = check_recording(synth_recording(body, sample_people(body, n, np.random.default_rng(100 + n)), a.frames, seed=100 + n)[0])
        run(model, max_val, rec.pressure[:32], new_det, True, a.tracker)                      # warm-up
        rows = {'old streaming': run(model, max_val, rec.pressure, old_det, True, a.tracker, fast=False),
                'new streaming': run(model, max_val, rec.pressure, new_det, True, a.tracker),
                'new recompute': run(model, max_val, rec.pressure, new_det, False, a.tracker)}
        old = rows['old streaming'][2]
        for path, (fps, tim, res) in rows.items():
            same = (np.array_equal(res.track, old.track) and np.array_equal(res.frame, old.frame) and np.array_equal(res.boxes, old.boxes)
                    and np.allclose(res.poses, old.poses, atol=1e-3) and np.allclose(res.joints, old.joints, atol=1e-4))
            split = '/'.join(f"{tim['cpu'][k]:.2f}" for k in ('detect', 'track', 'model', 'body'))
            print(f"{n:>6} {path:>15} {fps:>7.1f} {tim['cpu_fps']:>9.1f} {1e3 / tim['cpu_fps']:>12.2f}  {split:>28}  {same}")
        (_, o, _), (_, s_, _), (_, r, _) = rows.values()
        print(f"{n:>6} {'':>15} new/old per CPU s {s_['cpu_fps'] / o['cpu_fps']:.2f}x; streaming/recompute per CPU s {s_['cpu_fps'] / r['cpu_fps']:.1f}x "
              f"end to end, {r['cpu']['model'] / max(s_['cpu']['model'], 1e-9):.1f}x model stage; new x15fps {s_['cpu_fps'] / 15:.1f}x", flush=True)
    print(f'# load average {" ".join(f"{x:.2f}" for x in os.getloadavg())} at the end')


if __name__ == '__main__': main()
