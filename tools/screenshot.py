"""Screenshots of local HTML pages by headless Chromium, and a check that they rendered.

    python tools/screenshot.py ensure                              # find Chromium, or install Debian's `chromium`
    python tools/screenshot.py html PAGE.html OUT.png [--expect viewer|page] [--colors '#ff4d4d,#ff9f1c']
    python tools/screenshot.py docs _docs/index.html out/screenshots/docs.png
    python tools/screenshot.py site _docs out/screenshots [--search NAME]  # the whole docs site, page by page

`site` renders every page of the docs site in headless Chromium (after its scripts ran) and checks, per page: the
figures the notebook draws (plotly figures and images in the outputs of the cells it shows) are all on the page and
plotly.js drew each; no raw directive text (`#|`, `Out[`, `source{target=`) is left; nothing is loaded from another
host. Then it searches for a function by name with the site's search page and checks the function's page is found,
and keeps screenshots of three pages (home, the first figure of the first page that draws one, the search results),
each checked not blank.

`html` and `docs` install Chromium first when it is missing (`apt-get install -y chromium`, as root), take a
1400x800 screenshot and check it is not blank: in each region where something should be drawn, enough pixels differ
from the page's background and there are enough distinct colours (`--expect viewer`: the pressure view on the
left and the 3D scene on the right; `--colors`: each of these colours, e.g. the tracks' meshes, shows in the 3D
scene). Exit status: 0 rendered, 1 the check failed, 3 no Chromium and it could not be installed (the message says
why: the caller reports the check as skipped).
"""
import argparse, colorsys, os, re, shutil, subprocess, sys
from pathlib import Path
import numpy as np
from presstrack.viz import find_chromium, screenshot      # the same Chromium and flags as the library's PNG export

NO_CHROMIUM = 3

# regions (left, top, right, bottom) as fractions of the picture, and what each must show
EXPECT = {
    'viewer': dict(pressure=dict(box=(0.07, 0.20, 0.25, 0.85), colours=6, ink=0.50),      # the heat map with boxes
                   scene=dict(box=(0.40, 0.15, 0.85, 0.85), colours=200, ink=0.10)),       # the 3D scene: mat plane and meshes
    'page': dict(page=dict(box=(0.0, 0.0, 1.0, 1.0), colours=20, ink=0.01)),               # any page with text on it
}

def ensure_chromium(install=True):
    "(path, '') of Chromium, installing Debian's `chromium` when missing and allowed; (None, why) when there is none."
    exe = find_chromium()
    if exe or not install: return exe, '' if exe else 'no Chromium on PATH'
    if not shutil.which('apt-get'): return None, 'no Chromium on PATH and no apt-get to install it (install Chromium, or set PRESSTRACK_CHROMIUM)'
    if hasattr(os, 'geteuid') and os.geteuid() != 0:
        return None, 'no Chromium on PATH, and installing it needs root: run `apt-get install -y chromium` as root (or `make chromium`)'
    print('installing chromium (apt-get install -y chromium) ...', flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    r = subprocess.run(['apt-get', 'install', '-y', '-q', 'chromium'], capture_output=True, text=True, env=env)
    if r.returncode:
        subprocess.run(['apt-get', 'update', '-q'], capture_output=True, text=True, env=env)
        r = subprocess.run(['apt-get', 'install', '-y', '-q', 'chromium'], capture_output=True, text=True, env=env)
    exe = find_chromium()
    return (exe, '') if exe else (None, 'installing chromium failed: ' + ' '.join((r.stderr or r.stdout).splitlines()[-3:]))

def _hue(hex_colour):
    r, g, b = (int(hex_colour.lstrip('#')[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hsv(r, g, b)

def _packed(px):
    "RGB pixels (..., 3) as one integer each, for fast counting."
    px = px.reshape(-1, 3).astype(np.int64)
    return px[:, 0] << 16 | px[:, 1] << 8 | px[:, 2]

def background(im):
    "The page's background: the most common colour of picture `im` (H, W, 3)."
    cols, counts = np.unique(_packed(im), return_counts=True)
    c = int(cols[counts.argmax()])
    return np.array([c >> 16, c >> 8 & 255, c & 255])

def region_stats(im, box, bg):
    "Distinct colours and the fraction of pixels that differ from the background `bg`, in `box` of picture `im` (H, W, 3)."
    H, W, _ = im.shape
    l, t, r, b = box
    reg = im[int(t * H):int(b * H), int(l * W):int(r * W)].reshape(-1, 3).astype(int)
    return dict(colours=len(np.unique(_packed(reg))), ink=float((np.abs(reg - bg).sum(1) > 30).mean()), pixels=reg)

def hues(p):
    "Hue (turns), saturation and value of RGB pixels `p` (n, 3) in [0, 1]."
    mx, mn = p.max(1), p.min(1)
    c = np.maximum(mx - mn, 1e-9)
    r, g, b = p.T
    h = np.where(mx == r, ((g - b) / c) % 6, np.where(mx == g, (b - r) / c + 2, (r - g) / c + 4)) / 6
    return h, np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-9), 0), mx

def colour_share(pixels, hex_colour, tol=0.035):
    "Fraction of `pixels` (n, 3) with the hue of `hex_colour` (within `tol` of a turn), saturated and bright enough."
    h0 = _hue(hex_colour)[0]
    h, s, v = hues(pixels / 255.)
    d = np.minimum(np.abs(h - h0), 1 - np.abs(h - h0))
    return float(((d < tol) & (s > 0.35) & (v > 0.35)).mean())

def check_png(png, expect='page', colours=(), min_share=0.002):
    "Failures (list of str, empty when it rendered) and a summary line of the screenshot `png`."
    from PIL import Image
    im = np.asarray(Image.open(png).convert('RGB'))
    fails, summary = [], []
    stats, bg = {}, background(im)
    for name, want in EXPECT[expect].items():
        st = stats[name] = region_stats(im, want['box'], bg)
        summary.append(f"{name}: {st['colours']} colours, {st['ink']:.0%} drawn")
        if st['colours'] < want['colours']: fails.append(f"{name}: only {st['colours']} distinct colours (want >= {want['colours']}): blank or not rendered")
        if st['ink'] < want['ink']: fails.append(f"{name}: only {st['ink']:.1%} of the region drawn (want >= {want['ink']:.0%}): blank or not rendered")
    for c in colours:
        if _hue(c)[1] < 0.35: continue                       # white or grey: no hue to look for
        share = colour_share(stats['scene' if 'scene' in stats else next(iter(stats))]['pixels'], c)
        summary.append(f'{c}: {share:.2%}')
        if share < min_share: fails.append(f'{c}: only {share:.2%} of the scene has this colour (want >= {min_share:.1%}): its mesh is not drawn')
    return fails, f'{png}: {im.shape[1]}x{im.shape[0]}; ' + '; '.join(summary)

def shoot_and_check(page, png, expect='page', colours=(), install=True):
    "Exit status of: ensure Chromium, screenshot `page` into `png`, check it (messages printed)."
    exe, why = ensure_chromium(install)
    if not exe:
        print(f'SKIPPED: {why}', file=sys.stderr); return NO_CHROMIUM
    if not Path(str(page).split('#')[0]).is_file():
        print(f'{page}: no such page', file=sys.stderr); return 1
    screenshot(page, png, 1400, 800, chromium=exe)             # fresh profile, network features off
    fails, summary = check_png(png, expect, colours)
    print(summary)
    for f in fails: print('FAIL ' + f)
    print('rendered' if not fails else 'NOT rendered', f'(screenshot kept: {png})')
    return 1 if fails else 0

RAW_TEXT = {'#|': r'(^|\n)\s*#\s*\|\s*[\w-]+', 'Out[': r'Out\s*\[\s*\d*\s*\]\s*:', 'source{target=': r'source\s*\{\s*target\s*='}
# (a directive starts its line: a progress bar's '100%|####|' in an output is no directive)

def dump_dom(page, chromium, budget_ms=5000, timeout=300.):
    "The DOM of local page `page` (a query may follow) after its scripts ran, as headless Chromium serialises it."
    from presstrack.viz import CHROMIUM_FLAGS
    import tempfile
    path, _, query = str(page).partition('?')
    url = Path(path).resolve().as_uri() + (f'?{query}' if query else '')
    with tempfile.TemporaryDirectory(prefix='presstrack-chromium-') as prof:
        cmd = [chromium, *CHROMIUM_FLAGS, f'--user-data-dir={prof}', '--window-size=1400,1000', f'--virtual-time-budget={budget_ms}',
               '--dump-dom', url]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if r.returncode or '<html' not in r.stdout: raise RuntimeError(f'{chromium} could not render {page}: ' + r.stderr[-400:])
    return r.stdout

def expected_figures(executed):
    "Figures executed notebook `executed` draws in the cells its page shows: plotly figures and images."
    import json
    n = 0
    for c in json.loads(Path(executed).read_text())['cells']:
        src = ''.join(c.get('source', ''))
        heads = [l.split('|', 1)[1].strip() for l in src.splitlines() if l.startswith('#|')]
        if any(h == 'hide' or h.replace(' ', '') in ('include:false', 'output:false') for h in heads): continue
        for o in c.get('outputs', []):
            data = o.get('data', {})
            n += 'application/vnd.plotly.v1+json' in data or any(k.startswith('image/') for k in data)
    return n

def page_report(html, page=None):
    "(figures drawn, figures not drawn, raw directive texts found, outside addresses loaded, broken links) of a page."
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(html, 'html.parser')
    article = soup.find('article') or soup
    drawn = len(article.select('div.plotly-graph-div.js-plotly-plot')) + len(article.select('div.cell_output img'))
    undrawn = len(article.select('div.plotly-graph-div:not(.js-plotly-plot)'))
    for code in article.select('p code.literal, li code.literal, td code.literal'):
        code.decompose()                                     # prose that talks about a directive, such as `#| slow`
    text = article.get_text(' ')
    raw = [name for name, pattern in RAW_TEXT.items() if re.search(pattern, text)]
    outside = [t.get('src') or t.get('href') for t in soup.select('script[src], link[rel=stylesheet][href]')
               if re.match(r'(https?:)?//', t.get('src') or t.get('href') or '')]
    broken = []
    for a in soup.select('a[href]') if page else []:            # links to the site's own pages and files
        href = a['href'].split('#')[0].split('?')[0]
        if href and not re.match(r'[a-z]+:', href) and not (Path(page).parent/href).exists(): broken.append(href)
    return drawn, undrawn, raw, outside, sorted(set(broken))

def search_finds(site, name, chromium):
    "The pages the site's search lists for `name` (their file names)."
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(dump_dom(Path(site)/f'search.html?q={name}', chromium, budget_ms=15000), 'html.parser')
    return [a['href'].split('#')[0].split('?')[0] for a in soup.select('#search-results a[href]')]

def check_site(site, shots, search=None, install=True):
    "Exit status of the browser check of every page of the docs site in `site` (messages printed)."
    import json
    from concurrent.futures import ThreadPoolExecutor
    exe, why = ensure_chromium(install)
    if not exe:
        print(f'SKIPPED: {why}', file=sys.stderr); return NO_CHROMIUM
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from nbexec import cached_path, library_hash
    from nbdev.config import get_config
    cfg, lib = get_config(), library_hash()
    pages = json.loads(Path('.cache/docs/pages.json').read_text())
    nbs = Path(cfg.config_path, cfg.nbs_path)
    rows = [(nb, e['page'], expected_figures(cached_path(nbs/nb, sorted(cfg.tst_flags.split()), lib))) for nb, e in pages.items()]
    def report(row):
        page = Path(site)/f'{row[1]}.html'
        try: return page_report(dump_dom(page, exe), page)
        except (RuntimeError, subprocess.TimeoutExpired) as e:           # not rendered: the row fails, the rest go on
            return 0, 0, [f'not rendered: {str(e)[:80]}'], [], []
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(report, rows))
    fails = []
    print(f"{'page':<22} {'notebook':<22} figures: notebook page  raw-text  outside  broken-links")
    for (nb, page, want), (drawn, undrawn, raw, outside, broken) in zip(rows, reports):
        ok = drawn == want and not undrawn and not raw and not outside and not broken
        print(f"{'ok  ' if ok else 'FAIL'} {page + '.html':<17} {nb:<22} {want:>8} {drawn:>5}"
              f"{' (' + str(undrawn) + ' not drawn)' if undrawn else ''}  {','.join(raw) or '-':<8}  {','.join(outside) or '-':<7}"
              f"  {','.join(broken) or '-'}")
        if not ok: fails.append(page)
    name = search or _first_api_name(Path(site), [p for _, p, _ in rows if p != 'index'])
    found = search_finds(site, name[0] if isinstance(name, tuple) else name, exe)
    want_page = name[1] if isinstance(name, tuple) else None
    search_ok = bool(found) and (want_page is None or f'{want_page}.html' in found)
    print(f"{'ok  ' if search_ok else 'FAIL'} search for {name[0] if isinstance(name, tuple) else name!r}: "
          f"{len(found)} results, first {found[:3]}" + (f' (its page {want_page}.html listed)' if want_page and search_ok else ''))
    Path(shots).mkdir(parents=True, exist_ok=True)
    q = name[0] if isinstance(name, tuple) else name
    first_fig = next((p for _, p, n in rows if n and p != 'index'), None)   # the first page in order that draws a figure
    views = [(f'{site}/index.html', 'docs-home.png'), (f'{site}/search.html?q={q}', 'docs-search.png')]
    if first_fig: views.insert(1, (f'{site}/{first_fig}.html?at={first_fig}-fig1', f'docs-{first_fig}-figure.png'))
    shots_ok = True
    for page, png in views:
        shot(page, Path(shots)/png, exe)
        f, summary = check_png(Path(shots)/png)
        print(('ok   ' if not f else 'FAIL ') + summary)
        shots_ok &= not f
    print(f'docs site: {len(rows) - len(fails)} pages passed, {len(fails)} failed' + (f' ({", ".join(fails)})' if fails else ''))
    return 0 if not fails and search_ok and shots_ok else 1

def shot(page, png, exe, height=1000):
    "Screenshot of `page` (a query may follow the file name; `?at=ID` frames element ID) by the library's helper."
    from presstrack.viz import screenshot
    import tempfile
    path, _, query = str(page).partition('?')
    if not query: return screenshot(path, png, 1400, height, chromium=exe)
    top = 0
    if query.startswith('at='):                             # where the element is: shoot down to it, keep its part
        m = re.search(r'data-at-top="(\d+)"', dump_dom(page, exe))
        top = max(0, int(m.group(1)) - 60) if m else 0
    with tempfile.NamedTemporaryFile('w', suffix='.html', dir=Path(path).parent, delete=False) as t:
        t.write(f'<meta http-equiv="refresh" content="0; url={Path(path).name}?{query}">')   # a query string: redirect
    try: screenshot(t.name, png, 1400, top + height, chromium=exe)
    finally: Path(t.name).unlink()
    if top:
        from PIL import Image
        Image.open(png).crop((0, top, 1400, top + height)).save(png)
    return png

def _first_api_name(site, pages):
    "(name, page) of the first function's API entry on the first of `pages` that has one."
    from bs4 import BeautifulSoup
    for page in pages:
        soup = BeautifulSoup((site/f'{page}.html').read_text(), 'html.parser')
        dt = soup.select_one('dl.py.function > dt[id]')
        if dt: return dt['id'].rsplit('.', 1)[-1], page
    return 'show_doc', None

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest='cmd', required=True)
    sub.add_parser('ensure', help='find Chromium or install it')
    for name in ('html', 'docs'):
        p = sub.add_parser(name, help='screenshot a local page and check it rendered' if name == 'html' else 'the same for a docs page')
        p.add_argument('page'); p.add_argument('png')
        p.add_argument('--expect', default='page' if name == 'docs' else 'viewer', choices=sorted(EXPECT))
        p.add_argument('--colors', default='', help='comma-separated colours that must show in the 3D scene')
        p.add_argument('--no-install', action='store_true', help='do not install Chromium when it is missing')
    p = sub.add_parser('site', help='check every page of the docs site in Chromium, its search, and keep three screenshots')
    p.add_argument('site', nargs='?', default='_docs'); p.add_argument('shots', nargs='?', default='out/screenshots')
    p.add_argument('--search', default=None, help='a function to look for with the search (default: the first API entry)')
    p.add_argument('--no-install', action='store_true', help='do not install Chromium when it is missing')
    a = ap.parse_args(argv)
    if a.cmd == 'site': return check_site(a.site, a.shots, a.search, install=not a.no_install)
    if a.cmd == 'ensure':
        exe, why = ensure_chromium()
        print(exe or f'SKIPPED: {why}'); return 0 if exe else NO_CHROMIUM
    return shoot_and_check(a.page, a.png, a.expect, [c for c in a.colors.split(',') if c], install=not a.no_install)

if __name__ == '__main__': sys.exit(main())
