"""Real vs synthetic frames: the statistics of ../shared/real/README.md, side by side, and a picture of both.

Run from the repository root (a few minutes on 2 CPU cores, most of it simulating):

    .venv/bin/python bench/bench_real_stats.py                             # real vs synthetic now (fitted sensor MIP_MAT)
    .venv/bin/python bench/bench_real_stats.py --before out/stats_before   # and a column for synthetic files made before

Columns: the real MIP frames (single-person and 2-3-person apart; ../shared/real, a development set: the sensor was
fitted on it), SYNTHETIC frames made now (stand-in body, `synth_recording` read by the fitted sensor `MIP_MAT`,
scenes of 1, 2 and 3 people, every 3rd frame; seeds from 500, not used in the fit), and optionally synthetic MIP
files made before (a folder of data_*.npz, e.g. written by `presstrack synth --out out/stats_before --files 6
--people 2 --frames 60 --seed 500` on the main branch). Each set is divided by its own `robust_scale`. The picture
(--png) shows 6 real frames above 6 synthetic ones on one colour scale. Without ../shared/real it prints "skipped".
"""
import argparse, sys
from pathlib import Path
import numpy as np

REAL = Path(__file__).resolve().parents[1] / '..' / 'shared' / 'real' / 'mip_frames_dev.npz'


def synthetic_now(scenes=(1, 1, 2, 2, 3, 3), frames=60, every=3, seed=500):
    "Frames (N, H, W) and boxes (N, K, 4) of synthetic scenes read by the fitted sensor."
    from presstrack.body import BodyModel
    from presstrack.synth import synth_recording, sample_people
    from presstrack.sensor import MIP_MAT
    body, P, B = BodyModel(), [], []
    for i, n in enumerate(scenes):
        rec, _ = synth_recording(body, sample_people(body, n, np.random.default_rng([seed, i])), frames, seed=seed + i, sensor=MIP_MAT)
        P.append(rec['pressure'][::every]); B.append(rec['box'][::every, :3])
    return np.concatenate(P), np.concatenate(B)


def folder_frames(folder, every=3):
    "Frames and boxes of every MIP file in `folder` (every `every`-th frame)."
    P, B = [], []
    for f in sorted(Path(folder).glob('data_*.npz')):
        d = np.load(f, allow_pickle=False)
        P.append(d['pressure'][::every]); B.append(d['box'][::every, :3])
    return np.concatenate(P), np.concatenate(B)


def picture(sets, path, n=6):
    "PNG of `n` frames of each set, a row a set, each set divided by its own scale, one colour scale [0, 1]."
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from presstrack.detect import robust_scale
    fig, axes = plt.subplots(len(sets), n, figsize=(1.3 * n, 2.6 * len(sets)))
    for r, (name, (frames, boxes)) in enumerate(sets.items()):
        s, idx = robust_scale(frames), np.linspace(0, len(frames) - 1, n).round().astype(int)
        for c, t in enumerate(idx):
            ax = axes[r, c]; ax.imshow(np.clip(frames[t] / s, 0, 1), cmap='viridis', vmin=0, vmax=1); ax.set_xticks([]); ax.set_yticks([])
            for x1, y1, x2, y2 in boxes[t][np.abs(boxes[t]).sum(-1) > 0]:
                ax.add_patch(plt.Rectangle((x1 - .5, y1 - .5), x2 - x1, y2 - y1, fill=False, color='red', lw=0.6))
        axes[r, 0].set_ylabel(name, fontsize=7)
    fig.tight_layout(); fig.savefig(path, dpi=110); plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--real', default=str(REAL))
    ap.add_argument('--before', default=None, help='folder of synthetic MIP files made before (a column)')
    ap.add_argument('--png', default='out/real_vs_synth.png', help='picture of real and synthetic frames ("" for none)')
    a = ap.parse_args()
    if not Path(a.real).exists(): return print(f'skipped: no {a.real}')
    from presstrack.sensor import mat_statistics, stats_table
    real = np.load(a.real, allow_pickle=False)
    one = real['single_person']
    sets = {'real, 1 person': (real['frames'][one], real['boxes'][one]), 'real, 2-3 people': (real['frames'][~one], real['boxes'][~one])}
    if a.before: sets['synthetic before'] = folder_frames(a.before)
    sets['synthetic now (MIP_MAT)'] = synthetic_now()
    print(stats_table({k: mat_statistics(*v) for k, v in sets.items()}))
    if a.png:
        Path(a.png).parent.mkdir(parents=True, exist_ok=True); picture(sets, a.png); print('picture:', a.png)


if __name__ == '__main__':
    sys.exit(main())
