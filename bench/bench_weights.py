"""Mesh-model weights on fresh synthetic recordings, ground-truth boxes: procedural scenes and held-out motion capture.

Run from the repository root (about 10 min per weights file on 2 CPU cores, most of it the model over every window):

    .venv/bin/python bench/bench_weights.py                                   # the shipped weights, and the mean body
    .venv/bin/python bench/bench_weights.py --old out/hmr_small_before.pt      # and weights to compare with

The test recordings are written once under --data (procedural: `synth_files(files=3, frames=300, people=n,
seed=9100 + n, sensor='mip')` for n = 1, 2, 3; motion capture: `mocap_test_files(seed=1, frames=300, sensor='mip')`,
the clips of `MOCAP_HELD_OUT` only, which no `make weights` file uses), all read by the sensor fitted to the real MIP
frames. Every frame of every file is scored (windows with 95 % overlap over whole recordings, not a split's part),
with the reference's metrics averaged over each frame's people, then over frames. The baseline of the same run is
the mean body placed at the true root. All figures: SYNTHETIC recordings, stand-in body.
"""
import argparse, sys
from functools import partial
from pathlib import Path

KEYS = ('MPJPE', 'PA_MPJPE', 'MPJPE_wo_align', 'PVE', 'W_MPJPE100', 'WA_MPJPE100', 'AccelErr', 'Jitter', 'frames')


def test_sets(root:Path, frames:int=300) -> dict:
    "The two test sets under `root` (written when missing): name -> folder."
    from presstrack.synth import synth_files
    from presstrack.mocap import mocap_test_files
    proc, mocap = root / 'procedural', root / 'mocap'
    if not any(proc.rglob('data_*.npz')):
        for n in (1, 2, 3):
            synth_files(proc / f'{n}p', files=3, frames=frames, people=n, seed=9100 + n, sensor='mip', progress=False)
    if not any(mocap.glob('data_*.npz')): mocap_test_files(mocap, seed=1, frames=frames, sensor='mip', progress=False)
    return {'procedural, seeds 9101-9103, 1-3 people': proc, 'motion capture, held-out clips': mocap}


def windows(folder:Path, meta:dict):
    "A loader of every window (95 % overlap) of every recording under `folder`."
    from fastai.data.core import DataLoader
    from presstrack.data import read_recording, WindowDataset, collate_windows, stride_from_overlap
    recs = [read_recording(f) for f in sorted(folder.rglob('data_*.npz'))]
    seqlen = meta['config']['seqlen']
    ds = WindowDataset([(r, r.segments) for r in recs], stride=stride_from_overlap(seqlen, 0.95), max_val=meta['max_val'],
                       seqlen=seqlen, canvas=128, stabilize=True)
    return DataLoader(ds, bs=64, shuffle=False, drop_last=False, num_workers=0, create_batch=partial(collate_windows, min_people=3))


def rows(weights:dict, sets:dict) -> list:
    "One row per (weights, set), and the mean-body baseline per set: (label, set, metrics)."
    from presstrack.learner import load_model, predict_windows, evaluate, baseline_predict, MeanParams
    from presstrack.geometry import MatGeometry
    out = []
    for label, path in weights.items():
        model, meta = load_model(path)
        for name, folder in sets.items():
            dl = windows(folder, meta)
            out.append((label, name, evaluate(predict_windows(model, dl))))
            if label == 'shipped':
                reg = model.hmr.regressor
                mp = MeanParams(reg.init_pose.view(24, 6).cpu(), reg.init_shape.cpu(), reg.init_trans.cpu())
                base = baseline_predict(mp, model.body, MatGeometry(), 'root')
                out.append(('mean body at true root', name, evaluate(predict_windows(model, dl, base))))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--old', default=None, help='weights to compare with the shipped ones')
    ap.add_argument('--data', default='out/weights_test', help='where the test recordings are written once')
    ap.add_argument('--frames', type=int, default=300)
    a = ap.parse_args()
    from presstrack.infer import DEFAULT_CHECKPOINT
    weights = {'shipped': DEFAULT_CHECKPOINT} | ({f'--old {a.old}': a.old} if a.old else {})
    table = rows(weights, test_sets(Path(a.data), a.frames))
    print('| weights | recordings | ' + ' | '.join(KEYS) + ' |\n' + '|---' * (len(KEYS) + 2) + '|')
    for label, name, m in table: print(f'| {label} | {name} | ' + ' | '.join(f'{float(m[k]):.1f}' for k in KEYS) + ' |')
    print('SYNTHETIC recordings read by the fitted mat, stand-in body; mm (AccelErr m/s^2); GT boxes; every frame.')


if __name__ == '__main__':
    sys.exit(main())
