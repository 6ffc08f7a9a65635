"Fail when `nbdev_export` or `nbdev_clean` would change a file: the library must match the notebooks, and the notebooks must be clean."
import hashlib, subprocess, sys
from pathlib import Path

def snapshot():
    files = sorted(p for d in ('nbs', 'presstrack') for p in Path(d).rglob('*') if p.suffix in ('.ipynb', '.py') and '.ipynb_checkpoints' not in p.parts)
    return {str(p): hashlib.md5(p.read_bytes()).hexdigest() for p in files}

bin_dir = Path(sys.executable).parent
before = snapshot()
for cmd in ('nbdev_export', 'nbdev_clean'):
    subprocess.run([str(bin_dir/cmd)], check=True)
after = snapshot()
changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
readme = subprocess.run([sys.executable, 'tools/readme.py', '--check'])
if readme.returncode: changed.append('README.md (run `make export`)')
if changed:
    print('Out of sync or unclean (nbdev_export / nbdev_clean changed these; review and commit them):')
    for c in changed: print('  ' + c)
    sys.exit(1)
print(f'sync-check: {len(after)} notebooks and modules clean and in sync')
