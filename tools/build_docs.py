"""Build the docs site into _docs/ from the executed notebooks: Sphinx with myst-nb and the book theme.

    python tools/build_docs.py [--n_workers 2]

With Quarto installed this is `nbdev_docs` (nbdev's own site). Otherwise, for each notebook of nbs/:
1. its executed copy is taken from .cache/executed/ (tools/nbexec.py: keyed by the notebook's content, the library's
   and the test flags; `make test` leaves them there), and the notebooks without one are executed now;
2. nbdev's own processors turn it into a docs page (hidden cells removed, exported cells replaced by their `show_doc`
   API entries, links to the API added), then the Quarto directives left are honoured for myst-nb (`echo: false`
   hides the input, `output: asis` turns the output into markdown, `include: false` drops the cell), plotly
   figures become HTML that draws with one local plotly.js per page, and each `slow` cell says it was not run;
3. Sphinx renders the pages (sidebar in notebook order, API index, full-text search) into _docs/.
Pages whose executed copy did not change are not written again, so Sphinx rebuilds only what changed.
"""
import argparse, hashlib, json, os, re, shutil, subprocess, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent
if shutil.which('quarto'):
    sys.exit(subprocess.run([str(Path(sys.executable).parent/'nbdev_docs')]).returncode)

import nbformat
import plotly
import plotly.io as pio
from execnb.nbio import read_nb
from fastcore.parallel import parallel
from nbdev.config import get_config
from nbdev.process import NBProcessor
from nbdev.processors import FilterDefaults
from nbexec import cached_path, execute, library_hash

DOCS = ROOT/'.cache'/'docs'
SRC = DOCS/'src'
PLOTLY_MIME = 'application/vnd.plotly.v1+json'
HIDDEN_DIRECTIVES = ('hide', 'include:')           # cells whose input and output the page does not show

def notebooks(cfg):
    "The notebooks of the site, in the sidebar's order (nbs/index.ipynb is the home page)."
    return sorted(p for p in Path(cfg.config_path, cfg.nbs_path).glob('*.ipynb') if not p.name.startswith(('_', '.')))

def skip_flags(cfg): return sorted(cfg.tst_flags.split())

def run_missing(files, cfg, lib_hash, n_workers):
    "Execute the notebooks of `files` that have no executed copy for this content yet; exit when one fails."
    todo = [f for f in files if not cached_path(f, skip_flags(cfg), lib_hash).exists()]
    print(f'docs: {len(files) - len(todo)} notebooks executed before (cached), {len(todo)} to run', flush=True)
    if not todo: return
    os.environ.setdefault('PRESSTRACK_CACHE', str(ROOT/'.cache'))
    if n_workers > 1: os.environ.setdefault('OMP_NUM_THREADS', '1')
    res = parallel(execute, todo, skip_flags=skip_flags(cfg), lib_hash=lib_hash, n_workers=n_workers, progress=False)
    for f, (ok, t) in zip(todo, res): print(f"  {'ran ' if ok else 'FAIL'} {t:6.1f}s  {f.name}", flush=True)
    failed = [f.name for f, (ok, _) in zip(todo, res) if not ok]
    if failed: sys.exit(f'docs: these notebooks failed, so their pages cannot be built: {", ".join(failed)}')

def _directives(src):
    "(Quarto directives as {key: value}, source without them) of a code cell's source."
    dirs, lines = {}, src.splitlines()
    while lines and re.match(r'\s*#\|', lines[0]):
        key, _, val = lines.pop(0).split('|', 1)[1].partition(':')
        dirs[key.strip()] = val.strip().strip('"\'')
    return dirs, '\n'.join(lines).strip('\n')

def _text(v): return ''.join(v) if isinstance(v, list) else v

class Links:
    "nbdev's links to API entries (`[`name`](doc_host/page.html#anchor)`) as Sphinx cross-references."
    def __init__(self, cfg):
        from importlib import import_module
        idx = import_module(f'{cfg.lib_name}._modidx').d['syms']
        self.by_url = {url: name for mod in idx.values() for name, (url, _) in mod.items()}
        host = (cfg.doc_host.rstrip('/') + '/' + cfg.doc_baseurl.strip('/')).rstrip('/') + '/'
        self.re_api = re.compile(r'\[`([^`\]]+)`\]\(' + re.escape(host) + r'([^)\s]+)\)')
        self.re_page = re.compile(re.escape(host) + r'([\w-]+)\.html')

    def __call__(self, md):
        def api(m):
            name = self.by_url.get(m.group(2))
            return f'{{py:obj}}`{m.group(1)} <{name}>`' if name else f'[`{m.group(1)}`]({m.group(2)})'
        return self.re_page.sub(r'\1.html', self.re_api.sub(api, md))

def _fig_html(fig_json, div_id):
    "A plotly figure as HTML drawn by the page's plotly.js (nothing loaded from elsewhere)."
    return pio.to_html(fig_json, include_plotlyjs=False, include_mathjax=False, full_html=False, validate=False,
                       div_id=div_id, auto_play=False, config=dict(displaylogo=False, responsive=True))   # play: a button

def _outputs(outputs, page, counter):
    "The outputs myst-nb renders: plotly figures as HTML, empty results dropped, nbformat fields filled."
    res = []
    for o in outputs:
        o = dict(o)
        if o['output_type'] in ('display_data', 'execute_result'):
            data = dict(o.get('data', {}))
            if PLOTLY_MIME in data:
                counter[0] += 1
                data = {'text/html': _fig_html(data[PLOTLY_MIME], f'{page}-fig{counter[0]}')}
            if not data: continue
            o = dict(output_type='display_data', data=data, metadata=o.get('metadata', {}))
        elif o['output_type'] == 'stream':
            o = dict(output_type='stream', name=o.get('name', 'stdout'), text=_text(o.get('text', '')))
        elif o['output_type'] == 'error':
            o = dict(output_type='error', ename=o.get('ename', ''), evalue=o.get('evalue', ''), traceback=o.get('traceback', []))
        res.append(o)
    return res

def _asis(outputs):
    "What an `output: asis` cell shows, as markdown."
    parts = []
    for o in outputs:
        data = o.get('data', {})
        if 'text/markdown' in data: parts.append(_text(data['text/markdown']))
        elif o.get('output_type') == 'stream': parts.append(_text(o.get('text', '')))
    return '\n\n'.join(parts)

def _slow_note(flags, src, nb_name):
    "What a cell skipped for its test flag would show, and how to run it."
    shows = []
    if 'print(' in src: shows.append('prints the figures this code measures')
    if re.search(r'\b(test_eq|test_close|test_fail|assert)\b', src): shows.append('checks them with the tests in the code')
    if re.search(r'(fig|figure)\s*$', src.strip().splitlines()[-1]): shows.append('draws a figure')
    what = ', and '.join(shows) if shows else 'shows nothing when it passes'
    flag = ' '.join(sorted(flags))
    return (f':::{{note}}\nNot run for this page: this cell is marked `{flag}` (it takes minutes on a CPU). When run, it '
            f'{what}. Run it with `python tools/test_notebooks.py --flags {flag} --file_re {nb_name}`.\n:::')

def _code_cell(cell, page, counter, flags, nb_name, links):
    "The cells (as nbformat cells) that stand for processed code cell `cell` on the page."
    dirs, src = _directives(cell.source)
    outputs = cell.get('outputs', [])
    if dirs.get('include') == 'false': return []
    if dirs.get('output') == 'asis':
        md = _asis(outputs)
        cells = [nbformat.v4.new_markdown_cell(links(md))] if md.strip() else []
        return ([nbformat.v4.new_code_cell(src)] if dirs.get('echo') != 'false' else []) + cells
    tags = []
    if dirs.get('echo') == 'false': tags.append('remove-input')
    if dirs.get('output') == 'false': tags.append('remove-output')
    if 'code-fold' in dirs and dirs.get('echo') != 'false': tags.append('hide-input')
    new = nbformat.v4.new_code_cell(src, outputs=[nbformat.from_dict(o) for o in _outputs(outputs, page, counter)])
    if tags: new.metadata['tags'] = tags
    skipped = set(getattr(cell, 'directives_', {}) or {}) & set(flags)
    return [new] + ([nbformat.v4.new_markdown_cell(_slow_note(skipped, src, nb_name))] if skipped else [])

def _front(cell):
    "Title and summary from nbdev's front matter cell."
    import yaml
    fm = yaml.safe_load(cell.source.strip().strip('-')) or {}
    return fm.get('title', ''), fm.get('description', ''), fm.get('output-file', '')

def page_of(nb_file, executed, cfg, links):
    "(page name, title, summary, nbformat notebook) of a docs page from the executed copy of notebook `nb_file`."
    nb = read_nb(executed)
    nb['path_'] = str(nb_file)
    procs = [p for p in FilterDefaults().procs() if p.__name__ != 'exec_show_docs']   # its cells ran in the execution
    nb = NBProcessor(nb=nb, procs=procs, process=True).nb
    title, summary, page = nb_file.stem, '', nb_file.stem
    cells, counter = [], [0]
    for cell in nb.cells:
        if cell.cell_type == 'raw' and cell.source.startswith('---'):
            title, summary, out = _front(cell)
            page = Path(out).stem if out else page
            head = f'# {title}\n' + (f'\n{{.summary}}\n{summary}\n' if summary else '')
            cells.append(nbformat.v4.new_markdown_cell(head))
        elif cell.cell_type == 'markdown':
            cells.append(nbformat.v4.new_markdown_cell(links(cell.source)))
        elif cell.cell_type == 'code':
            cells += _code_cell(cell, page, counter, skip_flags(cfg), nb_file.stem, links)
    out = nbformat.v4.new_notebook(cells=cells, metadata=dict(
        kernelspec=dict(name='python3', display_name='Python 3', language='python'),
        language_info=dict(name='python'), presstrack=dict(notebook=nb_file.name, figures=counter[0])))
    return page, title, summary, out

def _index_cells(pages):
    "The home page's list of pages (title and summary) and the sidebar (a hidden toctree in notebook order)."
    rows = '\n'.join(f'| [{t}]({p}.ipynb) | {s.replace("|", "/")} |' for p, t, s in pages)
    toc = '\n'.join(p for p, _, _ in pages)
    return [nbformat.v4.new_markdown_cell(f'## The pages\n\n| Page | What it is about |\n| --- | --- |\n{rows}'),
            nbformat.v4.new_markdown_cell(f'```{{toctree}}\n:hidden:\n:maxdepth: 1\n\n{toc}\n```')]

def _write_nb_if_changed(path, nb):
    "Write notebook `nb` (cell ids numbered, so equal pages give equal files) when it differs from `path`."
    for i, c in enumerate(nb.cells): c['id'] = f'c{i}'
    return _write_if_changed(path, nbformat.writes(nb))

def _write_if_changed(path, text):
    if path.exists() and path.read_text() == text: return False
    tmp = path.with_name(path.name + '.tmp')
    tmp.write_text(text)
    os.replace(tmp, path)
    return True

def _stamp(*parts):
    h = hashlib.sha256()
    for p in parts: h.update(p if isinstance(p, bytes) else str(p).encode())
    return h.hexdigest()

def write_pages(files, cfg, lib_hash):
    "Write the docs pages into .cache/docs/src (only those whose executed copy or this builder changed)."
    SRC.mkdir(parents=True, exist_ok=True)
    links = Links(cfg)
    stamps_file = DOCS/'pages.json'
    stamps = json.loads(stamps_file.read_text()) if stamps_file.exists() else {}
    builder = Path(__file__).read_bytes()
    pages, index, changed = [], None, 0
    for f in files:
        executed = cached_path(f, skip_flags(cfg), lib_hash)
        stamp = _stamp(executed.name, builder)
        old = stamps.get(f.name)
        if f.name != 'index.ipynb' and old and old['stamp'] == stamp and (SRC/f"{old['page']}.ipynb").exists():
            entry = old
        else:                                                  # the home page is made each time: it lists the others
            page, title, summary, nb = page_of(f, executed, cfg, links)
            entry = dict(stamp=stamp, page=page, title=title, summary=summary)
            if page == 'index': index = nb
            else: changed += _write_nb_if_changed(SRC/f'{page}.ipynb', nb)
        stamps[f.name] = entry
        pages.append((entry['page'], entry['title'], entry['summary']))
    if index is not None:
        index.cells += _index_cells([p for p in pages if p[0] != 'index'])
        changed += _write_nb_if_changed(SRC/'index.ipynb', index)
    for old in SRC.glob('*.ipynb'):                            # pages of notebooks that were removed
        if old.stem not in {p for p, _, _ in pages}: old.unlink(); changed += 1
    stamps_file.write_text(json.dumps({k: v for k, v in stamps.items() if k in {f.name for f in files}}, indent=1))
    return changed

def copy_static(cfg):
    "Pictures the notebooks show, and plotly.js (the copy shipped with the plotly package)."
    images = Path(cfg.config_path, cfg.nbs_path, 'images')
    if images.is_dir(): shutil.copytree(images, SRC/'images', dirs_exist_ok=True)
    static = DOCS/'static'
    static.mkdir(parents=True, exist_ok=True)
    js = Path(plotly.__file__).parent/'package_data'/'plotly.min.js'
    if not (static/'plotly.min.js').exists() or (static/'plotly.min.js').stat().st_size != js.stat().st_size:
        shutil.copy2(js, static/'plotly.min.js')

def sphinx(cfg, n_workers):
    "Render the pages with Sphinx into the docs folder; exit with its log tail when it fails."
    out = Path(cfg.config_path, cfg.doc_path)
    log = DOCS/'sphinx-warnings.txt'
    cmd = [sys.executable, '-m', 'sphinx', '-b', 'html', '-q', '-j', str(n_workers), '-c', str(ROOT/'tools'/'docs'),
           '-d', str(DOCS/'doctrees'), '-w', str(log), str(SRC), str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode: sys.exit('docs: sphinx failed:\n' + '\n'.join((r.stderr or r.stdout).splitlines()[-25:]))
    n_warn = sum(1 for l in log.read_text().splitlines() if 'WARNING' in l) if log.exists() else 0
    return out, n_warn, log

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--n_workers', type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument('--file_re', default=None, help='only the notebooks whose name matches (for working on a few pages)')
    a = ap.parse_args()
    start = time.time()
    cfg = get_config()
    files = [f for f in notebooks(cfg) if not a.file_re or re.search(a.file_re, f.name) or f.name == 'index.ipynb']
    lib_hash = library_hash()
    run_missing(files, cfg, lib_hash, a.n_workers)
    changed = write_pages(files, cfg, lib_hash)
    copy_static(cfg)
    out, n_warn, log = sphinx(cfg, a.n_workers)
    print(f'docs: {len(files)} pages ({changed} written anew) in {out}/ in {time.time() - start:.0f}s; '
          f'open {out}/index.html. Sphinx warnings: {n_warn} (in {log.relative_to(ROOT)})')

if __name__ == '__main__': main()
