"""Training throughput: windows per second of a full training step, `small` and `paper` presets.

    python bench/bench_train.py [--bs 16] [--steps 3] [--threads 1] [--presets small,paper] [--paper_steps 1]

Wall time per step is the best of the timed steps (the least disturbed by other jobs on a shared machine).

One step = the model on a batch of 16-frame windows (every present person through the frame encoder, temporal
encoder, regressor and the body model's joints), the loss, backward and an AdamW step: what `presstrack train` does
per batch. Batches are synthetic (random crops, 1 to 3 people per window, 1.7 on average, about MIP's mix) and the
body is the one in use (the stand-in unless $PRESSTRACK_SMPL is set).

Baselines in the same run:
- `paper` is the reference's configuration; `small` is measured against it.
- "no matching": the same step with a plain joint loss in slot order instead of the Hungarian-matched loss, which
  shows what the matching costs (for the first preset only, to keep the run short).
- "loader": how fast `WindowDataset` + collate make such batches from an in-memory recording (no model), so the
  training step can be compared with the data it needs.
"""
import argparse, resource, statistics, time
import numpy as np
import torch
from presstrack.body import BodyModel
from presstrack.regressor import build_hmr
from presstrack.learner import MultiPersonHMR
from presstrack.losses import MultiPersonLoss
from presstrack.data import WindowDataset, collate_windows, check_recording


def fake_batch(body, bs, K=3, T=16, seed=0):
    "A batch in the loaders' format: random crops, 1 to 3 people per window, their labels."
    g = torch.Generator().manual_seed(seed)
    n = torch.multinomial(torch.tensor([0.45, 0.45, 0.10]), bs, replacement=True, generator=g) + 1   # people per window
    mask = torch.arange(K)[None] < n[:, None]
    xb = dict(crops=torch.rand(bs, T, K, 128, 128, generator=g) * mask[:, None, :, None, None], side_info=torch.randn(bs, T, K, 10, generator=g), mask=mask)
    pose = 0.2 * torch.randn(bs, K, 72, generator=g); betas = torch.randn(bs, K, 10, generator=g) * mask[..., None]
    trans = torch.randn(bs, K, 3, generator=g)
    with torch.no_grad(): kp = body(pose.view(-1, 72), betas.view(-1, 10), trans.view(-1, 3)).joints25.view(bs, K, 25, 3)
    return xb, dict(pose=pose, betas=betas, trans=trans, kp3d=kp, valid=mask)


def slot_loss(pred, gt):
    "Baseline loss without matching: joints and parameters compared slot by slot."
    m = gt['valid']
    return 300 * (pred['kp3d'][m] - gt['kp3d'][m]).square().mean() + 60 * (pred['trans'][m] - gt['trans'][m]).abs().mean() + \
           (pred['betas'][m] - gt['betas'][m]).abs().mean()


def time_steps(cases, batch, steps):
    "Best wall and median CPU seconds of a training step (forward, loss, backward, optimiser step) of each (model, loss) case, after one warm-up step; the cases take turns, so a change in the machine's load hits them alike."
    opts = [torch.optim.AdamW(m.parameters(), 1e-5, weight_decay=0.02) for m, _ in cases]
    ts, cs = [[] for _ in cases], [[] for _ in cases]
    for i in range(steps + 1):
        for j, ((model, loss_fn), opt) in enumerate(zip(cases, opts)):
            model.train(); t, c = time.perf_counter(), time.process_time()
            loss = loss_fn(model(batch[0]), batch[1]); opt.zero_grad(); loss.backward(); opt.step()
            if i: ts[j].append(time.perf_counter() - t); cs[j].append(time.process_time() - c)
    return [(min(t), statistics.median(c)) for t, c in zip(ts, cs)]


def loader_rate(bs, n_batches=10):
    "Windows per wall and per CPU second of `WindowDataset` + `collate_windows` on an in-memory 2-person recording."
    T, g = 400, np.random.default_rng(0)
    box = np.zeros((T, 3, 4), np.float32); box[:, 0] = [10, 20, 40, 70]; box[:, 1] = [60, 100, 90, 180]
    p = g.random((T, 238, 120), dtype=np.float32) * 1e4
    f32 = lambda *s: g.standard_normal(s).astype(np.float32)
    rec = check_recording(dict(pressure=p, box=box, pose=f32(T, 3, 72), betas=f32(T, 3, 10), trans=f32(T, 3, 3),
                               keypoints_3d=f32(T, 3, 25, 3), segments=np.array([[0, T]])))
    ds = WindowDataset([rec], max_val=1e4)
    idx = np.random.default_rng(1).permutation(len(ds))[:bs * n_batches]
    t, c = time.perf_counter(), time.process_time()
    for b in range(n_batches): collate_windows([ds[int(i)] for i in idx[b * bs:(b + 1) * bs]])
    return bs * n_batches / (time.perf_counter() - t), bs * n_batches / (time.process_time() - c)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--bs', type=int, default=16, help='windows per batch (the reference: 16)')
    ap.add_argument('--steps', type=int, default=3, help='timed steps per case (after one warm-up step)')
    ap.add_argument('--paper_steps', type=int, default=1, help='timed steps for the paper preset (slow on a CPU)')
    ap.add_argument('--threads', type=int, default=1, help='torch threads (default 1: on a machine shared with other jobs, 2 threads on 2 cores wait on each other and are many times slower; use 2 on a free machine)')
    ap.add_argument('--presets', default='small,paper')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    body = BodyModel()
    batch = fake_batch(body, a.bs)
    persons = int(batch[0]['mask'].sum())
    print(f'body {body.name}, batch {a.bs} windows of 16 frames ({persons} people), {a.threads} threads, torch {torch.__version__}; '
          f'median of {a.steps} steps ({a.paper_steps} for paper) after one warm-up step')
    rows, presets = [], a.presets.split(',')
    for preset in presets:
        cases = [('matched loss (presstrack train)', MultiPersonLoss())] + ([('no matching (baseline)', slot_loss)] if preset == presets[0] else [])
        models = []
        for _ in cases: torch.manual_seed(0); models.append(MultiPersonHMR(build_hmr(preset, body), body))
        times = time_steps([(m, loss) for m, (_, loss) in zip(models, cases)], batch, a.paper_steps if preset == 'paper' else a.steps)
        rows += [(preset, case, dt, cpu) for (case, _), (dt, cpu) in zip(cases, times)]
    lr, lc = loader_rate(a.bs)
    print(f"{'preset':8s} {'case':34s} {'s/step':>8s} {'CPU s/step':>11s} {'windows/s':>10s} {'people/s':>9s} {'windows/CPU-s':>14s}   (s/step: the best step)")
    for preset, case, dt, cpu in rows:
        print(f'{preset:8s} {case:34s} {dt:8.2f} {cpu:11.2f} {a.bs / dt:10.1f} {persons / dt:9.1f} {a.bs / cpu:14.2f}')
    print(f"{'-':8s} {'loader only (crop + collate)':34s} {a.bs / lr:8.2f} {a.bs / lc:11.2f} {lr:10.1f} {'':>9s} {lc:14.2f}")
    print(f'CPU s/step: summed over the {a.threads} threads (on an oversubscribed machine it includes threads spinning while they wait)')
    step = {(p, c.split(' ')[0]): dt for p, c, dt, _ in rows}
    if ('small', 'matched') in step and ('paper', 'matched') in step:
        print(f"small vs paper (the reference's configuration): {step[('paper', 'matched')] / step[('small', 'matched')]:.1f}x the windows/s")
    p = presets[0]
    print(f"{p}: Hungarian-matched loss vs slot-order loss: {100 * (step[(p, 'matched')] / step[(p, 'no')] - 1):+.0f}% time per step (best steps)")
    print(f'peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GB')


if __name__ == '__main__': main()
