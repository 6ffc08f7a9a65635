"""Screenshots of local HTML pages by headless Chromium, and a check that they rendered.

    python tools/screenshot.py ensure                              # find Chromium, or install Debian's `chromium`
    python tools/screenshot.py html PAGE.html OUT.png [--expect viewer|page] [--colors '#ff4d4d,#ff9f1c']
    python tools/screenshot.py docs _docs/index.html out/screenshots/docs.png

`html` and `docs` install Chromium first when it is missing (`apt-get install -y chromium`, as root), take a
1400x800 screenshot and check it is not blank: in each region where something should be drawn, enough pixels differ
from the page's background and there are enough distinct colours (`--expect viewer`: the pressure view on the
left and the 3D scene on the right; `--colors`: each of these colours, e.g. the tracks' meshes, shows in the 3D
scene). Exit status: 0 rendered, 1 the check failed, 3 no Chromium and it could not be installed (the message says
why: the caller reports the check as skipped).
"""
import argparse, colorsys, os, shutil, subprocess, sys
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
    a = ap.parse_args(argv)
    if a.cmd == 'ensure':
        exe, why = ensure_chromium()
        print(exe or f'SKIPPED: {why}'); return 0 if exe else NO_CHROMIUM
    return shoot_and_check(a.page, a.png, a.expect, [c for c in a.colors.split(',') if c], install=not a.no_install)

if __name__ == '__main__': sys.exit(main())
