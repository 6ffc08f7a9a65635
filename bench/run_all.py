"""Run every benchmark script in bench/ and collect their printed tables into one results file.

    python bench/run_all.py [--out out/bench/results.md] [--only REGEX] [--skip REGEX] [--timeout 900]

Each script prints its own figures with a baseline measured in the same run; this runs them one after the other
(default arguments, their short runs), with the machine's description, load and the time each took, and writes
everything to --out (atomically: a complete file or none) and to the terminal. A script that fails is reported with
the end of its error output, and the others still run; the exit status is 1 if any failed.
"""
import argparse, datetime, os, platform, re, subprocess, sys, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ['bench_cli.py', 'bench_synth.py', 'bench_body.py', 'bench_train.py', 'bench_memory.py', 'bench_infer.py', 'bench_track.py']
NOISE = re.compile(r'FutureWarning|warnings\.warn|^\s*$')


def scripts(only=None, skip=None):
    "The benchmark scripts of bench/, in a sensible order (the known ones first, then any others)."
    found = {p.name: p for p in HERE.glob('bench_*.py')}
    names = [n for n in ORDER if n in found] + sorted(set(found) - set(ORDER))
    return [found[n] for n in names if (not only or re.search(only, n)) and not (skip and re.search(skip, n))]


def machine() -> str:
    "A line about the machine and its load (the figures depend on both)."
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor()) \
          if Path('/proc/cpuinfo').exists() else platform.processor()
    load = ' '.join(f'{x:.1f}' for x in os.getloadavg()) if hasattr(os, 'getloadavg') else 'n/a'
    try: import torch; tv = torch.__version__
    except Exception: tv = 'n/a'
    return f'{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, torch {tv}, load average {load}'


def run(script, timeout):
    "Run one script; (exit status, seconds, its output without warning noise)."
    t = time.time()
    try: r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=timeout, cwd=HERE.parent)
    except subprocess.TimeoutExpired as e:
        return 'timeout', time.time() - t, (e.stdout or b'').decode() if isinstance(e.stdout, bytes) else (e.stdout or '')
    out = '\n'.join(l for l in r.stdout.splitlines() if not NOISE.search(l))
    if r.returncode: out += '\n--- stderr (end) ---\n' + '\n'.join(r.stderr.strip().splitlines()[-15:])
    return r.returncode, time.time() - t, out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', default='out/bench/results.md')
    ap.add_argument('--only', help='run only scripts whose name matches'); ap.add_argument('--skip', help='skip scripts whose name matches')
    ap.add_argument('--timeout', type=int, default=900, help='seconds allowed per script')
    a = ap.parse_args()
    todo = scripts(a.only, a.skip)
    if not todo: sys.exit('bench: no script matched')
    start = time.time()
    parts = [f'# presstrack benchmarks\n', f'{datetime.datetime.now():%Y-%m-%d %H:%M}, {machine()} (at the start).',
             'Each table has its baseline, measured in the same run. Figures from a machine shared with other jobs are upper bounds for time.\n']
    failed = []
    for s in todo:
        print(f'running {s.name} ...', flush=True)
        status, dt, out = run(s, a.timeout)
        if status != 0: failed.append(s.name)
        parts.append(f'## {s.name}\n\n{dt:.0f} s, ' + ('ok' if status == 0 else f'FAILED ({status})') + f'\n\n```text\n{out.strip()}\n```\n')
        print(parts[-1], flush=True)
    parts.append(f'All: {time.time() - start:.0f} s; load average at the end {" ".join(f"{x:.1f}" for x in os.getloadavg())}.'
                 + (f' Failed: {", ".join(failed)}.' if failed else ''))
    from presstrack.io import atomic_path
    dest = Path(a.out)
    with atomic_path(dest) as tmp: tmp.write_text('\n'.join(parts) + '\n')
    print(f'wrote {dest}')
    sys.exit(1 if failed else 0)


if __name__ == '__main__': main()
