"""End-to-end inference speed: frames per second for 1, 2 and 3 people, streaming vs recomputing every window.

    python bench/bench_infer.py [--frames 300] [--checkpoint F] [--detector auto|classical|FILE] [--tracker foot|mat|...] [--threads 1]
    python bench/bench_infer.py --long 54000      # one hour of 3 people: peak memory along the run (flat = streaming works)

Synthetic recordings (stand-in body) of 1, 2 and 3 people go through the whole pipeline: detection, tracking,
the mesh model and the body joints. "streaming" computes each frame's encoder feature once per track and reuses it
in every window; "recompute" is the reference's way, every 16-frame window through the frame encoder again (same
outputs). The speed-up is measured in the same run, on the same frames. The mat records at 15 fps; the target is
at least 4x that (60 fps) for 3 people with the `small` preset.
"""
import argparse, os, time, sys, resource
import numpy as np, torch
from presstrack.body import BodyModel
from presstrack.data import check_recording
from presstrack.synth import synth_recording, sample_people
from presstrack.infer import Pipeline, load_pipeline, DEFAULT_CHECKPOINT, DEFAULT_TRACKER, make_detector
from presstrack.learner import MultiPersonHMR
from presstrack.regressor import build_hmr


def model_and_scale(checkpoint):
    "The checkpoint's model (default: the shipped one), else an untrained `small` model (same speed)."
    if checkpoint or DEFAULT_CHECKPOINT.exists():
        p = load_pipeline(checkpoint, 'classical')
        return p.model, p.stream.max_val, str(checkpoint or DEFAULT_CHECKPOINT.name)
    body = BodyModel()
    return MultiPersonHMR(build_hmr('small', body), body).eval(), 1e5, 'untrained small (no shipped weights yet)'


def run(model, max_val, pressure, detector, cache, tracker=DEFAULT_TRACKER):
    pipe = Pipeline(model, max_val, detector=detector, tracker=tracker, cache=cache)
    t0, c0 = time.perf_counter(), time.process_time()
    for s in range(0, len(pressure), 64): pipe.push_many(np.asarray(pressure[s:s + 64]))
    res = pipe.finish()
    pipe.timing['cpu_fps'] = len(pressure) / max(time.process_time() - c0, 1e-9)     # frames per CPU second: what one free core gives
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
    ap.add_argument('--frames', type=int, default=300); ap.add_argument('--checkpoint'); ap.add_argument('--detector', default='auto'); ap.add_argument('--tracker', default=DEFAULT_TRACKER)
    ap.add_argument('--threads', type=int, default=1, help='torch threads (1: no OpenMP spin-waiting when the cores are shared)')
    ap.add_argument('--long', type=int, default=0, help='also stream this many frames (3 people) and print memory along the run')
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    model, max_val, name = model_and_scale(a.checkpoint)
    det = make_detector(a.detector)
    body = model.body
    if a.long: return long_run(model, max_val, det, body, a.long, a.tracker)
    print(f'# end-to-end inference, {torch.get_num_threads()} threads, model {name}, detector {a.detector}, tracker {a.tracker}, body {body.name} (synthetic recordings)')
    print(f'# load average {" ".join(f"{x:.2f}" for x in os.getloadavg())} on {os.cpu_count()} cores (frames per CPU second: what one free core would give)')
    print(f"{'people':>6} {'frames':>6} {'streaming fps':>14} {'per CPU s':>10} {'recompute fps':>14} {'per CPU s':>10} {'speed-up':>9} {'x15fps':>7}  time split (streaming: detect/track/model/body, s)")
    for n in (1, 2, 3):
        rec = check_recording(synth_recording(body, sample_people(body, n, np.random.default_rng(100 + n)), a.frames, seed=100 + n)[0])
        run(model, max_val, rec.pressure[:32], det, True, a.tracker)                      # warm-up
        fs, tim, res = run(model, max_val, rec.pressure, det, True, a.tracker)
        fr, tim2, res2 = run(model, max_val, rec.pressure, det, False, a.tracker)
        same = np.allclose(res.poses, res2.poses, atol=1e-3)
        split = '/'.join(f'{tim[k]:.2f}' for k in ('detect', 'track', 'model', 'body'))
        print(f"{n:>6} {a.frames:>6} {fs:>14.1f} {tim['cpu_fps']:>10.1f} {fr:>14.1f} {tim2['cpu_fps']:>10.1f} {fs / fr:>8.1f}x {fs / 15:>6.1f}x  {split}  (outputs equal: {same})")


if __name__ == '__main__': main()
