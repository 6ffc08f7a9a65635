"""MOT metrics three ways: presstrack.mot, py-motmetrics and TrackEval on the same tracker outputs, side by side.

Run from the repository root:

    .venv/bin/python bench/bench_mot_tools.py              # hand-made cases + 40 seeded random tracker outputs
    .venv/bin/python bench/bench_mot_tools.py --data out/heldout_track_quick --trackers presstrack,mat,foot

motmetrics and TrackEval are dev-only dependencies (settings.ini dev_requirements: motmetrics==1.4.0,
trackeval==1.3.0); without one, its columns say "skipped". The tracker outputs are (1) the hand-made cases of
07a_mot, (2) ground-truth tracks of random people corrupted at random (boxes jittered, dropped, ids swapped, ghost
boxes, whole frames where the tracker reports nothing), and (3) with --data, our trackers on the true boxes of
those MIP-format recordings. Metrics: MOTA, MOTP (mean IoU; motmetrics' distance 1 - IoU is turned into IoU),
IDF1, IDSW, FP, FN at IoU 0.5. motmetrics' own iou_matrix uses np.asfarray, which numpy 2 removed, so the
distance matrix given to it is computed here (1 - IoU, NaN where IoU < 0.5: exactly what iou_matrix returns).

presstrack follows TrackEval; where motmetrics differs (it re-establishes a person's last match however long ago,
and maximises the number of matches before the IoU), its row is marked "*"; rows where presstrack and TrackEval
differ are marked "!" (there should be none). The script exits 1 if any presstrack figure differs from TrackEval's.
"""
import argparse, sys
from pathlib import Path
import numpy as np

KEYS = ('MOTA', 'MOTP', 'IDF1', 'IDSW', 'FP', 'FN')


def iou_matrix(a, b):
    from presstrack.detect import box_iou
    a, b = np.asarray(a, float).reshape(-1, 4), np.asarray(b, float).reshape(-1, 4)
    return box_iou(a, b) if len(a) and len(b) else np.zeros((len(a), len(b)))


def score_motmetrics(gt, hyp, iou=0.5):
    "py-motmetrics on the same frames: MOTAccumulator fed 1 - IoU, NaN below the threshold."
    import motmetrics as mm
    acc = mm.MOTAccumulator(auto_id=True)
    for (g_ids, g_boxes), (h_ids, h_boxes) in zip(gt, hyp):
        d = 1 - iou_matrix(g_boxes, h_boxes)
        d[d > 1 - iou] = np.nan
        acc.update(list(np.asarray(g_ids).reshape(-1)), list(np.asarray(h_ids).reshape(-1)), d)
    s = mm.metrics.create().compute(acc, metrics=['mota', 'motp', 'idf1', 'num_switches', 'num_false_positives',
                                                  'num_misses'], name='x')
    r = s.loc['x']
    return dict(MOTA=r['mota'], MOTP=1 - r['motp'], IDF1=r['idf1'], IDSW=int(r['num_switches']),
                FP=int(r['num_false_positives']), FN=int(r['num_misses']))


def _relabel(frames):
    "Ids of all frames as 0..n-1 (TrackEval's input form), and how many there are."
    ids = sorted({int(i) for f_ids, _ in frames for i in np.asarray(f_ids).reshape(-1)})
    index = {i: k for k, i in enumerate(ids)}
    return [np.array([index[int(i)] for i in np.asarray(f_ids).reshape(-1)], int) for f_ids, _ in frames], len(ids)


def score_trackeval(gt, hyp, iou=0.5):
    "TrackEval's CLEAR and Identity metrics on the same frames (its eval_sequence input built directly)."
    from trackeval.metrics import CLEAR, Identity
    g_ids, n_g = _relabel(gt)
    h_ids, n_h = _relabel(hyp)
    data = dict(num_timesteps=len(gt), num_gt_ids=n_g, num_tracker_ids=n_h, gt_ids=g_ids, tracker_ids=h_ids,
                num_gt_dets=sum(len(i) for i in g_ids), num_tracker_dets=sum(len(i) for i in h_ids),
                similarity_scores=[iou_matrix(g[1], h[1]) for g, h in zip(gt, hyp)])
    cfg = dict(THRESHOLD=iou, PRINT_CONFIG=False)
    c, i = CLEAR(cfg).eval_sequence(data), Identity(cfg).eval_sequence(data)
    return dict(MOTA=c['MOTA'], MOTP=c['MOTP'], IDF1=i['IDF1'], IDSW=int(c['IDSW']), FP=int(c['CLR_FP']),
                FN=int(c['CLR_FN']))


def hand_made():
    "The hand-made cases of 07a_mot (name, gt, hyp, iou)."
    person, near, nearer = [10, 10, 40, 50], [12, 10, 42, 50], [11, 10, 41, 50]
    none = ([], np.zeros((0, 4)))
    gap = [([1], [person])] * 3
    A, B, h1, h2 = [0, 0, 100, 10], [60, 0, 160, 10], [5, 0, 105, 10], [-60, 0, 40, 10]
    return [('blink: id 1, nothing, ids 1+2', gap, [([1], [person]), none, ([1, 2], [near, nearer])], 0.5),
            ('other box in between', gap, [([1], [person]), ([5], [[100, 100, 120, 130]]), ([1, 2], [near, nearer])], 0.5),
            ('max IoU vs max matches', [([1, 2], [A, B])], [([1, 2], [h1, h2])], 0.2)]


def corrupted(seed, T=60, n=3):
    "Ground truth of `n` random walkers and a corrupted copy of it as the tracker's output."
    rng = np.random.default_rng(seed)
    start = rng.uniform(0, 150, (n, 2))
    vel = rng.normal(0, 1.5, (n, 2))
    size = rng.uniform(20, 45, (n, 2))
    gt, hyp, ids = [], [], np.arange(n) + 10
    blank = rng.random(T) < 0.05
    for t in range(T):
        here = np.nonzero(rng.random(n) > 0.05)[0]
        c = start[here] + vel[here] * t
        boxes = np.concatenate([c, c + size[here]], 1)
        gt.append((here, boxes))
        if rng.random() < 0.04: ids = rng.permutation(ids)                       # the tracker swaps ids
        if rng.random() < 0.03: ids = ids.copy(); ids[rng.integers(n)] = 100 + t  # ... or starts a new one
        keep = rng.random(len(here)) > 0.1
        hb = boxes[keep] + rng.normal(0, 4, (keep.sum(), 4))
        hi = ids[here[keep]]
        if rng.random() < 0.1:
            hb, hi = np.concatenate([hb, np.tile(rng.uniform(0, 200, (1, 2)), 2) + [[0, 0, 30, 30]]]), np.append(hi, 999)
        hyp.append(([], np.zeros((0, 4))) if blank[t] else (hi, hb))
    return gt, hyp


def tracked(data, trackers):
    "Our trackers on the true boxes of the MIP-format recordings in `data`."
    from presstrack.data import read_recording
    from presstrack.mot import tracks_from_mip
    from presstrack.track import gt_dets, track_recording
    for f in sorted(Path(data).glob('data_*.npz')):
        rec = read_recording(f)
        gt = tracks_from_mip(rec.box)
        for name in trackers:
            yield f'{f.stem} {name}', gt, track_recording(gt_dets(rec.box), name, np.asarray(rec.pressure)), 0.5


def fmt(r):
    if r is None: return 'skipped'.center(44)
    return f"{r['MOTA']:6.3f} {r['MOTP']:5.3f} {r['IDF1']:5.3f} {r['IDSW']:4d} {r['FP']:4d} {r['FN']:4d}"


def differ(a, b):
    return b is not None and any(abs(float(a[k]) - float(b[k])) > 1e-9 for k in KEYS)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--random', type=int, default=40, help='seeded random tracker outputs')
    ap.add_argument('--data', default=None, help='a folder of MIP-format recordings to run our trackers on')
    ap.add_argument('--trackers', default='presstrack,mat,foot')
    a = ap.parse_args()
    from presstrack.mot import mot_metrics
    tools = {}
    for name, fn, mod in (('motmetrics', score_motmetrics, 'motmetrics'), ('TrackEval', score_trackeval, 'trackeval')):
        try:
            __import__(mod); tools[name] = fn
        except ImportError:
            print(f'{name}: not installed, skipped (pip install the pin in settings.ini dev_requirements)')
    cases = hand_made() + [(f'random {s}', *corrupted(s), 0.5) for s in range(a.random)]
    if a.data: cases += list(tracked(a.data, a.trackers.split(',')))
    cols = 'MOTA  MOTP  IDF1 IDSW   FP   FN'
    print(f"{'case':34s}   {'presstrack':^37s} | {'motmetrics':^37s} | {'TrackEval':^37s}")
    print(f"{'':34s}   {cols:37s} | {cols:37s} | {cols:37s}")
    bad = mm_diff = 0
    for name, gt, hyp, iou in cases:
        ours = mot_metrics(gt, hyp, iou)
        others = {k: (fn(gt, hyp, iou) if k in tools else None) for k, fn in (('motmetrics', score_motmetrics),
                                                                               ('TrackEval', score_trackeval))}
        te, mm = differ(ours, others['TrackEval']), differ(ours, others['motmetrics'])
        bad += te; mm_diff += mm
        mark = ('!' if te else ' ') + ('*' if mm else ' ')
        print(f"{name[:34]:34s} {mark} {fmt(ours)} | {fmt(others['motmetrics'])} | {fmt(others['TrackEval'])}")
    print(f'\n{len(cases)} cases: presstrack differs from TrackEval in {bad}, from motmetrics in {mm_diff} '
          f"({'TrackEval skipped' if 'TrackEval' not in tools else 'TrackEval run'}; "
          f"{'motmetrics skipped' if 'motmetrics' not in tools else 'motmetrics run'})")
    sys.exit(1 if bad else 0)


if __name__ == '__main__': main()
