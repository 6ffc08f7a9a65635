"""Build the docs site into _docs/ from the notebooks.

With Quarto installed this is `nbdev_docs` (the real nbdev site). Quarto cannot be installed offline, so otherwise
the same notebooks are processed by nbdev (show_doc rendered, directives applied) and turned into one HTML page each
by nbconvert, with an index page linking them.
"""
import json, shutil, subprocess, sys
import yaml
from pathlib import Path

bin_dir = Path(sys.executable).parent

def _add_nav(html, nav):
    "Insert `nav` right after the opening <body> tag of `html`."
    i = html.find('<body'); j = html.find('>', i) + 1
    return html[:j] + nav + html[j:]
if shutil.which('quarto'):
    sys.exit(subprocess.run([str(bin_dir/'nbdev_docs')]).returncode)

from nbdev.config import get_config
cfg = get_config()
proc, out = Path('_proc'), Path(cfg.doc_path)
proc_run = subprocess.run([str(bin_dir/'nbdev_proc_nbs')], capture_output=True, text=True)
if proc_run.returncode:   # nbdev executes cells that import something: an import mixed into a test cell breaks this step
    sys.exit('nbdev_proc_nbs failed:\n' + '\n'.join((proc_run.stderr or proc_run.stdout).splitlines()[-25:]))
shutil.rmtree(out, ignore_errors=True); out.mkdir(parents=True)
pages = []
for nb in sorted(proc.glob('*.ipynb')):
    d = json.loads(nb.read_text())
    title = nb.stem
    for i, c in enumerate(d['cells']):   # nbdev turns the title and summary into a Quarto front matter cell: show them as a heading instead
        src = ''.join(c['source'])
        if c['cell_type'] == 'raw' and src.startswith('---'):
            meta = yaml.safe_load(src.strip().strip('-')) or {}
            title = meta.get('title', title)
            d['cells'][i] = dict(cell_type='markdown', metadata={}, source=f"# {title}\n\n" + (f"> {meta['description']}" if meta.get('description') else ''))
    for i, c in enumerate(d['cells']):
        c.setdefault('id', f'cell{i}')                      # nbformat 4.5 wants an id on every cell
        c.get('metadata', {}).pop('execution', None); c.pop('has_sd', None)
        c.get('metadata', {}).pop('has_sd', None)
    nb.write_text(json.dumps(d))
    subprocess.run([str(bin_dir/'jupyter'), 'nbconvert', '--to', 'html', '--log-level', 'ERROR', str(nb), '--output-dir', str(out)], check=True)
    pages.append((nb.stem + '.html', title))
if Path(cfg.nbs_path, 'images').is_dir(): shutil.copytree(Path(cfg.nbs_path, 'images'), out/'images')   # pictures the pages show
nav = ' | '.join(f'<a href="{h}">{t}</a>' for h, t in pages)
nav = f'<nav style="padding:8px 16px;background:#f3f4f6;font-family:sans-serif;font-size:14px"><b>{cfg.lib_name}</b> &nbsp; {nav}</nav>'
for h, _ in pages:   # a navigation bar on every page; index.html (from nbs/index.ipynb) is the landing page
    page = out/h
    page.write_text(_add_nav(page.read_text(), nav))
print(f'docs: {len(pages)} pages in {out}/ (open {out}/index.html); Quarto not found, so this is the plain HTML build')
