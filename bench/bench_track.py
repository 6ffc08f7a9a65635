"""Tracking benchmark: every tracker on every detector's boxes, on held-out synthetic multi-person recordings.

Run from the repository root (2 CPU cores: about 15 min with one YOLO detector, most of it detection):

    .venv/bin/python bench/bench_track.py                      # true boxes, classical, and the shipped YOLO detector if any
    .venv/bin/python bench/bench_track.py --yolo out/det/a/detector.pt out/det/b/detector.pt   # YOLO detectors to compare
    .venv/bin/python bench/bench_track.py --quick              # 3 recordings of 10 s: a smoke test (about 2 min)
    .venv/bin/python bench/bench_track.py --data out/dev2_track --seed 7000 --scenes 4,3,3 --frames 300   # the second set of 10_track
    .venv/bin/python bench/bench_track.py --kinds 2,3,4,5,6,dance,close,return,salsa --seeds 61000 --frames 240 \
        --role held-out --yolo                                 # sets of every scene kind, no YOLO: mean and worst per kind
    .venv/bin/python bench/bench_track.py --kinds 2,3,dance --seeds 61000 --frames 240 --sensor mip --yolo
                                                               # (the same scenes read by the fitted MIP mat)
    .venv/bin/python bench/bench_track.py --kinds salsa,salsa --seeds 131000,132000 --trackers contact,foot --yolo --no_boxes
                                                               # what the boxes add: the same trackers given no detections

The held-out set is written once, under out/heldout_track/ (out/heldout_track_quick/ with --quick), by
`presstrack.track.tracking_scenes` with seeds from 9000 (training data uses seeds from 0): 6 two-person and
4 three-person recordings with more walking, jumping and stepping off the mat and back than the default mix, and
2 couples dancing; 450 frames (30 s at 15 fps) each. Detectors: the true boxes (the perfect detector), the
classical detector, and each YOLO detector file given (our safe format, see presstrack.yolo). Trackers: the
PressTrack tracker, ultralytics' ByteTrack and BoT-SORT, our MatTracker, ContactTracker and FootTracker, each fresh per recording.

With --seeds, one set per seed is drawn (one recording of each of --kinds: 2-6 people, couples dancing, people
standing close together, people returning after everyone left, CMU salsa couples; see
presstrack.compare.tracking_scenes) under
out/track_sets/, and after the summed table a table per kind of scene: each tracker's mean and worst IDF1 and ID
switches over the recordings of that kind in all the sets. --role says whether the sets are development sets
(looked at while changing a tracker) or held out (measured once): it is printed with the figures. --sensor reads the
same scenes through another sensor model (presstrack.sensor.SENSOR_KINDS; 'mip': the fit to the real MIP mat, with
its crosstalk streaks, background speckle, blur and saturation), under out/track_sets/..._SENSOR/.

Prints ONE table: a row per tracker x detector with MOTA, MOTP (mean IoU of matches), IDF1, ID switches, FP, FN
(summed over the recordings; IoU 0.5), tracking speed (frames/s, tracking alone), and the detector's precision and
recall (IoU 0.5, detections scoring >= 0.5; the classical detector scores all its boxes 1) and speed (frames/s,
detection alone, batches of 64 frames for YOLO). Speeds are measured in the same run, so the PressTrack
tracker's and the classical detector's rows are the baselines. All figures are on SYNTHETIC recordings of the
stand-in body.
"""
import argparse, time, sys
from pathlib import Path
import numpy as np
import torch


def write_set(folder, draw):
    "Write the recordings of `draw()` to `folder` as data_1.npz... unless it holds some already."
    from presstrack.synth import write_recording
    if sorted(folder.glob('data_*.npz')): return
    print(f'writing {folder} ...', flush=True)
    for i, (name, rec) in enumerate(draw()): write_recording(folder/f'data_{i + 1}.npz', rec)


def markdown_tables(per:list, summed:list) -> str:
    "Per detector, a markdown table: a row per tracker, per kind IDF1 mean (worst) / ID switches mean (worst), and the sums."
    from presstrack.compare import scene_summary
    rows, out = scene_summary(per), []
    kinds = list(dict.fromkeys(r['kind'] for r in rows))
    for det in dict.fromkeys(r['detector'] for r in rows):
        out += [f'{det}, IDF1 mean (worst) / ID switches mean (worst):', '',
                '| tracker | ' + ' | '.join(kinds) + ' | all: IDF1 / IDSW, MOTA |', '|---' * (len(kinds) + 2) + '|']
        for t in dict.fromkeys(r['tracker'] for r in rows):
            cell = {r['kind']: r for r in rows if (r['tracker'], r['detector']) == (t, det)}
            s = next(r for r in summed if (r['tracker'], r['detector']) == (t, det))
            out.append(f'| {t} | ' + ' | '.join(
                f"{c['IDF1']:.2f} ({c['IDF1_worst']:.2f}) / {c['IDSW']:.1f} ({c['IDSW_worst']})" for c in map(cell.get, kinds))
                + f" | {s['IDF1']:.3f} / {s['IDSW']}, {s['MOTA']:.3f} |")
        out.append('')
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default=None, help='folder of the held-out set (written there if missing)')
    ap.add_argument('--yolo', nargs='*', default=None, help='YOLO detector files (default: presstrack/assets/detector.pt if present; --yolo alone: none)')
    ap.add_argument('--conf', type=float, default=0.25, help='YOLO confidence threshold (detections below it are dropped)')
    ap.add_argument('--pr_score', type=float, default=0.5, help='score from which detections count in precision and recall')
    ap.add_argument('--trackers', default='presstrack,bytetrack,botsort,mat,contact,foot')
    ap.add_argument('--quick', action='store_true', help='3 recordings of 150 frames')
    ap.add_argument('--seed', type=int, default=9000, help='first seed of a set written anew (the held-out set: 9000)')
    ap.add_argument('--scenes', default='6,4,2', help='two-person, three-person and dance recordings of a set written anew')
    ap.add_argument('--frames', type=int, default=450, help='frames per recording of a set written anew')
    ap.add_argument('--kinds', default=None, help='scene kinds of sets drawn with --seeds, e.g. 2,3,4,5,6,dance,close,return')
    ap.add_argument('--seeds', default=None, help='one set per seed (with --kinds), e.g. 41000,42000,43000')
    ap.add_argument('--role', default='held-out', help="what the sets are: 'held-out' or 'development' (printed)")
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--markdown', action='store_true', help='with --seeds: also print the per-kind tables as markdown')
    ap.add_argument('--no_boxes', action='store_true',
                    help="also track with no detections at all ('no boxes'): what each tracker gets from the pressure alone")
    ap.add_argument('--sensor', default='ideal',
                    help="with --seeds: the sensor that reads the sets ('ideal', 'mip', 'random')")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    from presstrack.body import BodyModel
    from presstrack.data import read_recording
    from presstrack.synth import write_recording
    from presstrack.detect import detect_classical, detection_scores
    from presstrack.track import gt_dets
    from presstrack.compare import (tracking_scenes, score_recordings, summed_rows, format_tracking_table,
                                    scene_summary, format_scene_table)
    from presstrack.offline import ASSETS

    body = BodyModel()
    if a.seeds:
        kinds = (a.kinds or '2,3,dance').split(',')
        tail = '' if a.sensor == 'ideal' else f'_{a.sensor}'
        sets = [Path(f"out/track_sets/{seed}_{'-'.join(kinds)}_{a.frames}{tail}")
                for seed in map(int, a.seeds.split(','))]
        for seed, folder in zip(map(int, a.seeds.split(',')), sets):
            write_set(folder, lambda: tracking_scenes(body, kinds=kinds, frames=a.frames, seed=seed, progress=True,
                                                      sensor=a.sensor))
    else:
        folder = Path(a.data or ('out/heldout_track_quick' if a.quick else 'out/heldout_track'))
        counts = (1, 1, 1, 150) if a.quick else (*map(int, a.scenes.split(',')), a.frames)
        write_set(folder, lambda: tracking_scenes(body, *counts[:3], frames=counts[3], seed=a.seed, progress=True))
        sets = [folder]
    files = [f for d in sets for f in sorted(d.glob('data_*.npz'), key=lambda p: int(p.stem.split('_')[1]))]
    recs = [read_recording(f) for f in files]
    pressure = [np.asarray(r.pressure) for r in recs]
    n_frames = sum(len(p) for p in pressure)
    print(f'{len(recs)} recordings in {len(sets)} set(s) ({a.role}), {n_frames} frames, '
          f'{sum(int((np.abs(r.box).sum(-1) > 0).sum()) for r in recs)} true boxes ({", ".join(r.name for r in recs)})', flush=True)

    yolo = a.yolo if a.yolo is not None else [p for p in [ASSETS/'detector.pt'] if p.exists()]
    detectors = {'classical': detect_classical}
    if a.no_boxes: detectors['no boxes'] = lambda p: [np.zeros((0, 5), np.float32)] * len(p)
    for f in yolo:
        from presstrack.yolo import YoloDetector
        det = YoloDetector(f, conf=a.conf)
        name = f'YOLO {det.input}'
        if name in detectors: name = f'{name} ({Path(f).parent.name})'
        detectors[name] = det.detect

    all_boxes = [b for r in recs for b in np.asarray(r.box)]       # per frame (K, 4): K may differ between recordings
    dets = {'true boxes': [gt_dets(r.box) for r in recs]}
    info = {'true boxes': dict(precision=1., recall=1., fps=float('nan'))}
    for name, fn in detectors.items():
        t0 = time.perf_counter(); dets[name] = [fn(p) for p in pressure]; secs = time.perf_counter() - t0
        s = detection_scores([d for ds in dets[name] for d in ds], all_boxes, min_score=a.pr_score)
        info[name] = dict(precision=s['precision'], recall=s['recall'], fps=n_frames / secs)
        print(f"detector {name:22s} P {s['precision']:.3f} R {s['recall']:.3f}  {info[name]['fps']:.0f} frames/s", flush=True)

    if a.no_boxes: info['no boxes']['fps'] = float('nan')                 # nothing is detected: no speed to report
    per = score_recordings(recs, dets, trackers=a.trackers.split(','))
    read = f', read by the {a.sensor} sensor' if a.seeds else ''
    print(f'\nTracking on {a.role} SYNTHETIC recordings (stand-in body{read}), summed over {len(recs)} recordings:')
    print(format_tracking_table(summed_rows(per), info))
    if a.seeds:
        kind_of = [k for _ in sets for k in kinds]                  # each set: one recording of each kind, in order
        for r in per: r['kind'] = kind_of[r['recording']]
        print(f'\nPer kind of scene, over the {len(sets)} {a.role} sets (IDF1 mean/worst, ID switches mean/worst):')
        print(format_scene_table(scene_summary(per)))
        if a.markdown: print('\n' + markdown_tables(per, summed_rows(per)))


if __name__ == '__main__': main()
