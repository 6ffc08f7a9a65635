"""SMPL forward throughput of presstrack's BodyModel (the body in use: $PRESSTRACK_SMPL or the stand-in).

    python bench/bench_body.py [--batch 256] [--threads 1] [--repeats 10]

Prints min/median time of a batched forward (no grad, and forward+backward) and, as the baseline in the same run,
the same through a plain `smplx.SMPL` built from the same arrays without presstrack's wrapper.
"""
import argparse, io, contextlib, statistics, time
import torch, smplx
from smplx.utils import Struct
from presstrack.body import BodyModel, read_smpl

def timeit(fn, repeats):
    "Min and median wall ms, median CPU ms (summed over threads: hardly affected by other jobs on the machine)."
    fn(); ts, cs = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time(); fn(); ts.append(time.perf_counter() - t); cs.append(time.process_time() - c)
    return min(ts) * 1e3, statistics.median(ts) * 1e3, statistics.median(cs) * 1e3

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--batch', type=int, default=256)
    ap.add_argument('--threads', type=int, default=1, help='torch threads (default 1: on a machine shared with other jobs, 2 threads on 2 cores wait on each other and are many times slower; use 2 on a free machine)'); ap.add_argument('--repeats', type=int, default=10)
    a = ap.parse_args(); torch.set_num_threads(a.threads)
    body = BodyModel()
    B = a.batch
    g = torch.Generator().manual_seed(0)
    pose, betas, transl = 0.3 * torch.randn(B, 72, generator=g), torch.randn(B, 10, generator=g), torch.randn(B, 3, generator=g)
    data, fn = read_smpl(body.file)
    with contextlib.redirect_stdout(io.StringIO()): plain = smplx.SMPL(str(fn), data_struct=Struct(**data))
    rows = []
    with torch.no_grad():
        rows.append(('presstrack BodyModel, no grad', *timeit(lambda: body(pose, betas, transl), a.repeats)))
        rows.append(('plain smplx.SMPL, no grad (baseline)', *timeit(lambda: plain(betas=betas, global_orient=pose[:, :3], body_pose=pose[:, 3:], transl=transl), a.repeats)))
    p = pose.clone().requires_grad_()
    rows.append(('presstrack BodyModel, fwd+bwd', *timeit(lambda: body(p, betas, transl).vertices.sum().backward(), a.repeats)))
    print(f'body: {body.name}, V={body.nverts}, batch {B}, {a.threads} threads, torch {torch.__version__}')
    print(f"{'case':40s} {'min ms':>8s} {'median ms':>10s} {'ms/body':>8s} {'CPU ms':>8s}")
    for name, mn, md, cpu in rows: print(f'{name:40s} {mn:8.1f} {md:10.1f} {md / B:8.2f} {cpu:8.1f}')
    print(f'wrapper overhead vs plain smplx: {rows[0][2] / rows[1][2]:.2f}x (median wall), {rows[0][3] / rows[1][3]:.2f}x (CPU)')

if __name__ == '__main__': main()
