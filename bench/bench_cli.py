"""Start-up time of the `presstrack` command: help texts and an error for a missing file.

    python bench/bench_cli.py [--repeats 3]

Each case runs `presstrack ARGS` in a fresh process (wall time, best and median of the repeats). The baseline in the same
run is what the command cost before the CLI imported lazily: a fresh process importing the stack that `track` needs
(`presstrack.infer`: torch, fastai, scipy, the detectors) before it could report anything.
"""
import argparse, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def wall(cmd, repeats):
    "Best and median wall seconds of running `cmd` `repeats` times."
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); subprocess.run(cmd, capture_output=True, env=env, cwd=tempfile.gettempdir()); ts.append(time.perf_counter() - t)
    return min(ts), statistics.median(ts)

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    cli = [sys.executable, '-c', 'import sys; from presstrack.cli import main; sys.exit(main())']
    cases = [('presstrack --help', cli + ['--help']), ('presstrack track --help', cli + ['track', '--help']),
             ('presstrack track missing.npz --out r.npz', cli + ['track', 'missing.npz', '--out', 'r.npz']),
             ('baseline: import presstrack.infer', [sys.executable, '-c', 'import presstrack.infer'])]
    print(f"{'case':44s} {'best s':>8s} {'median s':>9s}   ({a.repeats} runs each, fresh processes, {os.cpu_count()} CPUs)")
    for name, cmd in cases: print(f'{name:44s} {"%8.2f %9.2f" % wall(cmd, a.repeats)}')

if __name__ == '__main__': main()
