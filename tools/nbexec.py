"""Execute a notebook once, for the tests and for the docs: the executed copy is kept in a cache keyed by content.

The key of a notebook is the hash of its own file, of the library it runs against (every file under `presstrack/`,
since a notebook's outputs depend on what the other notebooks export), of the skipped test flags and of this file.
`tools/test_notebooks.py` always executes and stores what it ran; `tools/build_docs.py` takes the stored copy and
executes only notebooks whose key has no copy yet.

The notebook is run as `nbdev_test` runs it (execnb's CaptureShell, cells with a skipped flag not run), with the
`show_doc` cells that nbdev adds for the docs inserted after each exported cell (nbdev's `add_show_docs`), so their
API entries are rendered in the same run; `ApiEntry` renders them as Sphinx API entries (MyST markdown).
"""
import hashlib, importlib, inspect, os, sys, time
from pathlib import Path
from fastcore.docments import DocmentTbl, ShowDocRenderer, _show_param
from execnb.nbio import write_nb
from execnb.shell import CaptureShell
from nbdev.process import NBProcessor
from nbdev.frontmatter import FrontmatterProc
from nbdev.processors import add_show_docs, _default_exp
import nbdev.showdoc
from nbdev.config import get_config

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT/'.cache'/'executed'
LIB = ROOT/'presstrack'

def _hash_files(paths):
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()

def library_hash():
    "Hash of every file of the library (sources and assets), caches excluded."
    return _hash_files(p for p in LIB.rglob('*') if p.is_file() and '__pycache__' not in p.parts)

def cache_key(nb_path, skip_flags, lib_hash=None):
    "The key of notebook `nb_path` run with `skip_flags` skipped: its content, the library's, the flags and this runner."
    h = hashlib.sha256()
    for part in (Path(nb_path).read_bytes(), (lib_hash or library_hash()).encode(), ' '.join(sorted(skip_flags)).encode(),
                 Path(__file__).read_bytes()):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:20]

def cached_path(nb_path, skip_flags, lib_hash=None):
    "Where the executed copy of `nb_path` is (or will be) kept."
    return CACHE/f'{Path(nb_path).stem}.{cache_key(nb_path, skip_flags, lib_hash)}.ipynb'

def _library_object(sym, module):
    "The object of the library `module` that `sym`, defined in a notebook (module `__main__`), was exported as."
    if not module or getattr(sym, '__module__', None) != '__main__': return sym
    try: obj = importlib.import_module(module)
    except ImportError: return sym
    for part in getattr(sym, '__qualname__', '').split('.'):
        obj = getattr(obj, part, None)
    return obj if obj is not None else sym

def _filled(v):
    "Whether docments value `v` says something (arrays as defaults are compared by identity, never with ==)."
    return v is not None and v is not inspect.Parameter.empty and not (isinstance(v, str) and not v.strip())

def _cell_text(kind, v):
    "A docments value as the text of a markdown table cell."
    if not _filled(v): return ''
    text = inspect.formatannotation(v) if kind == 'anno' and not isinstance(v, str) else v if kind != 'default' else repr(v)
    text = ' '.join(str(text).split())
    if kind != 'docment' and len(text) > 80: text = text[:77] + '...'
    return text.replace('|', '\\|')

class ApiEntry(ShowDocRenderer):
    "A `show_doc` entry as a Sphinx API entry in MyST markdown: name, signature, docstring, docments table, source."
    module = None                                            # the notebook's `default_exp` module, set by `execute`
    def __init__(self, sym, *args, **kwargs):
        super().__init__(_library_object(sym, self.module), *args, **kwargs)

    def __repr__(self): return f'API entry of {self.nm}'

    def _kind(self):
        if inspect.isclass(self.sym): return 'class'
        if callable(self.sym): return 'method' if '.' in self.nm else 'function'
        return 'data'

    def _signature(self):
        if self.sig is None: return ''
        params = ', '.join(_show_param(p) for p in self.sig.parameters.values())
        ret = self.sig.return_annotation
        ret = '' if ret is inspect.Signature.empty or ret is None or ret == 'None' else f' -> {inspect.formatannotation(ret)}'
        return f'({params}){ret}'.replace('\n', ' ')

    def _table(self):
        "The docments table: each parameter (and the result) with its type, default and comment; '' without comments."
        try: tbl = DocmentTbl(self.sym)
        except Exception: return ''
        names = [n for n in tbl.params if n != 'self' and n in tbl.dm]
        if tbl.returns and any(_filled(v) for v in tbl.dm.get('return', {}).values()): names.append('return')
        rows = [(n, tbl.dm[n]) for n in names]
        cols = [k for k in ('anno', 'default', 'docment') if any(_filled(d.get(k)) for _, d in rows)]
        if 'docment' not in cols: return ''
        head = {'anno': '**Type**', 'default': '**Default**', 'docment': '**Details**'}
        lines = ['|    | ' + ' | '.join(head[k] for k in cols) + ' |', '| -- |' + ' -- |' * len(cols)]
        for n, d in rows:
            cells = [_cell_text(k, d.get(k)) for k in cols]
            lines.append(f"| {'**returns**' if n == 'return' else n} | " + ' | '.join(cells) + ' |')
        return '\n'.join(lines)

    def _source_url(self):
        "The object's lines in the repository (`git_url` of settings.ini), or None."
        try:
            path = Path(inspect.getsourcefile(self.sym)).resolve().relative_to(ROOT)
            line = inspect.getsourcelines(self.sym)[1]
        except (TypeError, OSError, ValueError): return None
        cfg = get_config()
        return f"{cfg.git_url}/blob/{cfg.get('branch', 'main')}/{path}#L{line}"

    def _repr_markdown_(self):
        kind = self._kind()
        mod = getattr(self.sym, '__module__', None)
        head = f'````{{py:{kind}}} {self.nm}{self._signature() if kind != "data" else ""}'
        lines = [head] + ([f':module: {mod}'] if mod else []) + ['']
        if self.docs: lines += [self.docs, '']
        table = self._table()
        if table: lines += [table, '']
        src = self._source_url()
        if src: lines += [f'[source on GitHub]({src})', '']
        return '\n'.join(lines + ['````'])

def notebook_for_run(nb_path):
    "Notebook `nb_path` read by nbdev, front matter parsed and nbdev's `show_doc` cells inserted."
    return NBProcessor(Path(nb_path), procs=[FrontmatterProc, add_show_docs], rm_directives=False, process=True).nb

def execute(nb_path, skip_flags=(), force_flags=(), save=True, lib_hash=None):
    "(passed, seconds) of running notebook `nb_path` as `nbdev_test` does; when it passed the executed copy is cached."
    nb_path = Path(nb_path).resolve()
    os.environ.setdefault('IN_TEST', '1')
    if str(ROOT) not in sys.path: sys.path.insert(0, str(ROOT))
    flags = set(skip_flags) - set(force_flags)
    key_path = cached_path(nb_path, sorted(flags), lib_hash)
    nb = notebook_for_run(nb_path)
    if str(getattr(nb, 'frontmatter_', {}).get('skip_exec', '')).lower() in ('true', '1', 'yes'): return True, 0.
    nbdev.showdoc.BasicMarkdownRenderer = ApiEntry            # show_doc's default renderer, in this process only
    exp = _default_exp(nb)
    ApiEntry.module = f'{get_config().lib_name}.{exp}' if exp else None

    def _no_eval(cell):
        if cell.cell_type != 'code': return True
        if 'nbdev_export' + '(' in cell.source: return True
        direc = getattr(cell, 'directives_', {}) or {}
        if direc.get('eval:', [''])[0].lower() == 'false': return True
        return flags & direc.keys()

    start = time.time()
    shell = CaptureShell(nb_path)
    shell.run_cell('from nbdev.showdoc import show_doc')
    shell.run_cell("import plotly.io\nplotly.io.renderers.default = 'plotly_mimetype'")   # figures as data: the docs add plotly.js once
    cwd = os.getcwd()
    try:
        os.chdir(nb_path.parent)
        shell.run_all(nb, exc_stop=True, preproc=_no_eval)
    except BaseException:
        sys.stderr.write(shell.prettytb(fname=nb_path) + '\n')
        return False, time.time() - start
    finally:
        os.chdir(cwd)
    if save: save_executed(nb, key_path)
    return True, time.time() - start

def save_executed(nb, path):
    "Write executed notebook `nb` to `path` atomically, removing older copies of the same notebook."
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + '.tmp')
    write_nb(nb, tmp)
    os.replace(tmp, path)
    stem = path.name.split('.')[0]
    for old in path.parent.glob(f'{stem}.*.ipynb'):
        if old != path: old.unlink(missing_ok=True)
