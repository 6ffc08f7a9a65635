"""Live: frame-in to body-out latency, frames dropped and CPU use for 1, 3 and 6 people at the mat's 15 fps.

    python bench/bench_live.py [--frames 300] [--people 1,3,6] [--fps 15] [--checkpoint F] [--detector auto]
                               [--tracker foot] [--no-offline]

Each synthetic recording (stand-in body) is written to a file and replayed into `presstrack.live.live` at `--fps`
as a user's `presstrack live --source FILE` would, with the shipped weights, the default detector and tracker, one
torch thread, the live page served and one page (a websocket client in this process) taking every update.
Latency is per body: from the arrival of the frame that completed its window to the body being out (what the
pipeline adds), and, separately, from the arrival of the frame it describes (which adds the model's look-ahead of
8 frames = 533 ms). CPU is this process's CPU time over the wall time (1.0 = one core busy); CPU ms/frame is its
CPU time per frame, which says whether one free core would keep up (below 66.7 ms at 15 fps) even when a loaded
machine gives the process less than a core; offline speeds are given per wall second and per CPU second for the
same reason. In the same run, the offline pipeline over the 3-person file (streaming, and recomputing every window
as the reference does) gives the baseline frames per second, and detecting only every 2nd frame (the live policy's
held frames) is measured for speed and accuracy. The load average is printed before and after.
"""
import argparse, os, sys, tempfile, threading, time
from pathlib import Path
import numpy as np, torch
from presstrack.synth import synth_recording, sample_people, write_recording
from presstrack.infer import load_pipeline, track_frames, DEFAULT_TRACKER
from presstrack.live import live, watch

def load() -> str:
    return ' '.join(f'{x:.2f}' for x in os.getloadavg())

def recording(body, n, frames, seed):
    "A synthetic recording of `n` people (stand-in body), as the MIP-format dict the writer takes."
    return synth_recording(body, sample_people(body, n, np.random.default_rng(seed)), frames, seed=seed)[0]

def live_run(src, fps, a):
    "`live` on the file `src` replayed at `fps`, with one page watching; returns (result, stats, page updates seen)."
    box, ready = {}, threading.Event()
    def page():
        ready.wait(60)
        box['msgs'] = len(watch(box['url'], timeout=60))
    viewer = threading.Thread(target=page); viewer.start()
    res, st = live(src, fps=fps, port=0, checkpoint=a.checkpoint, detector=a.detector, tracker=a.tracker, quiet=True,
                   on_ready=lambda u: (box.update(url=u), ready.set()))
    viewer.join(60)
    return res, st, box.get('msgs', 0)

def offline(path, a, cache=True, old=False):
    """Frames per second of the offline pipeline over the recording file `path` (blocks of 64, as `bench_infer`);
    `old`: the path before issue #18's speed work (the classical detector's plain reference, the model's own encoder)."""
    from presstrack.data import read_recording
    from presstrack.detect import detect_classical
    p = np.asarray(read_recording(path).pressure)
    det = (lambda x: detect_classical(x, reference=True)) if old and a.detector in ('auto', 'classical') else a.detector
    pipe = load_pipeline(a.checkpoint, det, a.tracker, cache=cache, fast=not old)
    track_frames(pipe, p[:32])                                     # warm-up
    pipe = load_pipeline(a.checkpoint, det, a.tracker, cache=cache, fast=not old)
    t, c = time.perf_counter(), time.process_time()
    res = track_frames(pipe, p, block=64)
    return len(p) / (time.perf_counter() - t), len(p) / (time.process_time() - c), res

def held_accuracy(path, a, every):
    """Frames/s and accuracy when only every `every`-th frame is detected and tracked, the others holding the boxes
    (the live policy's `held` frames, used offline as a speed trick): IDF1 of the boxes the model used, MPJPE and
    coverage of the bodies, against the recording's ground truth."""
    from presstrack.data import read_recording
    from presstrack.infer import match_result, evaluate_pairs
    from presstrack.mot import mot_metrics, tracks_from_mip
    from presstrack.live import push_detected
    rec = read_recording(path)
    p = np.asarray(rec.pressure)
    pipe = load_pipeline(a.checkpoint, a.detector, a.tracker)
    t, c = time.perf_counter(), time.process_time()
    for s in range(0, len(p), 64):
        push_detected(pipe, p[s:s + 64], (np.arange(s, min(s + 64, len(p))) % every) == 0)
    res = pipe.finish()
    fps, cps = len(p) / (time.perf_counter() - t), len(p) / (time.process_time() - c)
    hyp = [(res.track[r], res.boxes[r]) for r in (res.at(f) for f in range(rec.T))]
    mot = mot_metrics(tracks_from_mip(rec.box), hyp)
    ev = evaluate_pairs([match_result(res, rec, pipe.model.body)])
    return fps, cps, mot['IDF1'], ev.get('MPJPE', float('nan')), ev.get('coverage', 0.)

LIVE_COLS = ('people', 'latency p50/p95 ms', '+look-ahead p50/p95 ms', 'dropped', 'held', 'CPU', 'CPU ms/frame',
             'bodies', 'page updates')

def live_row(n, s, msgs) -> str:
    "One row of the live table from `LiveStats.summary()` `s`."
    lat = f"{s['latency_ms_p50']:.0f}/{s['latency_ms_p95']:.0f}"
    total = f"{s['total_latency_ms_p50']:.0f}/{s['total_latency_ms_p95']:.0f}"
    row = (n, lat, total, s['dropped'], s['held'], f"{s['cpu']:.2f}", s['cpu_ms_per_frame'], s['bodies'], msgs)
    return ' | '.join(str(v) for v in row)

def offline_rows(path, n, a):
    "The offline baseline (streaming vs recomputing) and detecting every k-th frame, on the recording file `path`."
    fo, co, r0 = offline(path, a, old=True)
    fs, cs, r1 = offline(path, a)
    fr, cr, r2 = offline(path, a, cache=False)
    same = len(r1) == len(r2) == len(r0) and np.allclose(r1.poses, r2.poses, atol=1e-3) and np.allclose(r1.poses, r0.poses, atol=1e-3)
    print(f'# offline, same run, {n} people: old path {fo:.1f} frames/s ({co:.1f} per CPU second); streaming {fs:.1f} '
          f'frames/s ({cs:.1f} per CPU second, {cs / co:.2f}x the old per CPU second), recomputing every window {fr:.1f} '
          f'frames/s ({cr:.1f} per CPU second); streaming {cs / cr:.1f}x faster per CPU second; outputs equal: {same}')
    print(f'# detecting every k-th frame only (the others hold the boxes), offline, {n} people, '
          'against the ground truth:')
    print('k | frames/s | per CPU s | IDF1 | MPJPE mm | coverage')
    for k in (1, 2):
        f, c, idf1, mpjpe, cov = held_accuracy(path, a, k)
        print(f'{k} | {f:.1f} | {c:.1f} | {idf1:.3f} | {mpjpe:.1f} | {cov:.3f}', flush=True)

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--frames', type=int, default=300); ap.add_argument('--people', default='1,3,6')
    ap.add_argument('--fps', type=float, default=15.); ap.add_argument('--checkpoint')
    ap.add_argument('--detector', default='auto')
    ap.add_argument('--tracker', default=DEFAULT_TRACKER)
    ap.add_argument('--no-offline', action='store_true', help='skip the offline baseline')
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    from presstrack.body import BodyModel
    body = BodyModel()
    print(f'# live pipeline, 1 torch thread, detector {a.detector}, tracker {a.tracker}, body {body.name} (synthetic '
          f'recordings, {a.frames} frames replayed at {a.fps:g} fps); load average before: {load()} '
          f'on {os.cpu_count()} cores')
    print(' | '.join(LIVE_COLS))
    with tempfile.TemporaryDirectory() as d:
        files = {}
        for n in [int(x) for x in a.people.split(',')]:
            files[n] = write_recording(Path(d)/f'people{n}.npz', recording(body, n, a.frames, 200 + n))
            res, st, msgs = live_run(files[n], a.fps, a)
            print(live_row(n, st.summary(), msgs), flush=True)
        if not a.no_offline:
            n = 3 if 3 in files else max(files)
            offline_rows(files[n], n, a)
    print(f'# load average after: {load()}')

if __name__ == '__main__': main()
