"""Run every notebook's tests (as `nbdev_test` does) and end with an honest count.

Each notebook that passes is kept, executed, in .cache/executed/ (tools/nbexec.py): the docs build shows those outputs
instead of running the notebook again.

    python tools/test_notebooks.py [--flags slow] [--n_workers 2] [--file_re REGEX]
"""
import argparse, os, re, sys, time
from pathlib import Path
from fastcore.parallel import parallel
from nbdev.config import get_config
sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbexec import execute, library_hash

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--flags', default='', help='space-separated test flags to run as well (e.g. "slow")')
    ap.add_argument('--n_workers', type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument('--file_re', default=None, help='only notebooks whose name matches')
    a = ap.parse_args()
    cfg = get_config()
    files = sorted(p for p in Path(cfg.nbs_path).glob('*.ipynb') if not p.name.startswith(('_', '.')))
    if a.file_re: files = [p for p in files if re.search(a.file_re, p.name)]
    if not files: sys.exit('notebooks: none matched, nothing was tested')
    skip = [f for f in cfg.tst_flags.split() if f not in a.flags.split()]
    os.environ.setdefault('PRESSTRACK_CACHE', str(Path('.cache').resolve()))
    # notebooks run side by side: one compute thread each, since two OpenMP teams on two cores spin-wait on each other (10x slower)
    if a.n_workers > 1: os.environ.setdefault('OMP_NUM_THREADS', '1')
    start = time.time()
    res = parallel(execute, files, skip_flags=skip, force_flags=a.flags.split(), lib_hash=library_hash(),
                   n_workers=a.n_workers, progress=False)
    for f, (ok, t) in zip(files, res): print(f"{'ok  ' if ok else 'FAIL'} {t:7.1f}s  {f.name}")
    failed = [f.name for f, (ok, _) in zip(files, res) if not ok]
    print(f'{time.time()-start:.0f}s wall, skipped flags: {skip or "none"}')
    print(f'notebooks: {len(files)-len(failed)} passed, {len(failed)} failed')
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
