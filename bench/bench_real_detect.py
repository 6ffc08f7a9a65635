"""Real-frame detection benchmark: every detector on the real MIP frames of ../shared/real, in three units.

Run from the repository root (a minute or two on 2 CPU cores):

    .venv/bin/python bench/bench_real_detect.py                          # classical and the shipped YOLO detector
    .venv/bin/python bench/bench_real_detect.py --yolo out/det/new/detector.pt --old presstrack/assets/detector.pt

The 80 real frames (MIP's data set, recovered from the reference's published YOLO mosaics; see
../shared/real/README.md; development set of this benchmark, never trained on) are scored per frame: precision and
recall at IoU 0.5 of the detections scoring >= --pr_score against the true boxes, the frames whose boxes are not
exact (`boxes_exact` False) left out, single-person frames apart from 2-3-person frames. Each detector sees the
frames in three units: as stored (MIP's normalised unit v = min(raw, 1.5e7) / 1.5e7), MIP's raw unit (v x 1.5e7)
and our synthetic unit (v x the fitted sensor's full scale, pascal). Every frame is given to the detector alone (its
own scale: no recording context). A YOLO file with the first detectors' 'fixed' scaling is run as it is and with
per-frame scaling ('frame'). Without ../shared/real it prints "skipped".
"""
import argparse, sys
from pathlib import Path
import numpy as np

REAL = Path(__file__).resolve().parents[1] / '..' / 'shared' / 'real' / 'mip_frames_dev.npz'


def units():
    from presstrack.sensor import MIP_MAT
    return {'normalised': 1.0, 'raw x1.5e7': 1.5e7, f'synthetic (Pa)': MIP_MAT.full_scale}


def detectors(yolo_files, conf):
    from presstrack.detect import detect_classical
    from presstrack.yolo import YoloDetector
    out = {'classical': lambda x: detect_classical(x)}
    for f in yolo_files:
        det = YoloDetector(f, conf=conf)
        out[f'{Path(f).parent.name}/{Path(f).name} ({det.scaling})'] = det.detect
        if det.scaling == 'fixed': out[f'{Path(f).parent.name}/{Path(f).name} (frame)'] = YoloDetector(f, conf=conf, scaling='frame').detect
    return out


def score(detect, frames, boxes, pr_score):
    from presstrack.detect import detection_scores
    dets = [detect(f[None])[0] for f in frames]
    return detection_scores(dets, boxes, min_score=pr_score)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--yolo', nargs='*', default=None, help='YOLO detector files (default: the shipped one)')
    ap.add_argument('--real', default=str(REAL), help='the real frames (npz)')
    ap.add_argument('--conf', type=float, default=0.25, help='YOLO confidence threshold')
    ap.add_argument('--pr_score', type=float, default=0.5, help='score from which detections count')
    a = ap.parse_args()
    if not Path(a.real).exists(): return print(f'skipped: no {a.real}')
    from presstrack.infer import DEFAULT_DETECTOR
    files = a.yolo if a.yolo is not None else ([DEFAULT_DETECTOR] if DEFAULT_DETECTOR.exists() else [])
    real = np.load(a.real, allow_pickle=False)
    keep = real['boxes_exact']
    frames, boxes, single = real['frames'][keep], real['boxes'][keep], real['single_person'][keep]
    print(f"real MIP frames: {single.sum()} single-person, {(~single).sum()} 2-3-person ({(~keep).sum()} left out: inexact boxes); "
          f"P / R at IoU 0.5, detections scoring >= {a.pr_score}")
    print(f"{'detector':44s} {'unit':16s} {'1 person P / R':>16s} {'2-3 people P / R':>18s}")
    for name, det in detectors(files, a.conf).items():
        for unit, k in units().items():
            x = frames.astype(np.float32) * np.float32(k)
            s1, s2 = score(det, x[single], boxes[single], a.pr_score), score(det, x[~single], boxes[~single], a.pr_score)
            print(f"{name:44s} {unit:16s} {s1['precision']:7.2f} / {s1['recall']:.2f} {s2['precision']:9.2f} / {s2['recall']:.2f}", flush=True)


if __name__ == '__main__':
    sys.exit(main())
