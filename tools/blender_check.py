"""The skinned glTF and BVH of a result checked by real clients: the Khronos glTF validator and headless Blender.

    python tools/blender_check.py [RESULT.npz] [--out FOLDER] [--render] [--fbx] [--flipbook]

Prints the file sizes (skinned glb, BVH, and with --flipbook the full flipbook glb for comparison), the validator's
counts, and per track and file Blender's bone count, frame range and the distance between its bones and presstrack's
joints at the frames checked. `make blender-check` installs Blender and the validator when missing and runs this on
the demo's result. Exits 1 when the validator reports an error or a warning, or a bone is more than 1 cm off.
"""
import argparse, sys, time
from pathlib import Path
from presstrack.infer import load_result
from presstrack.body import BodyModel
from presstrack.skinned import export_skinned_glb, export_bvh, validate_gltf, blender_check
from presstrack.export import export_glb

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('result', type=Path, nargs='?', default=Path('out/demo/result.npz'))
    ap.add_argument('--out', type=Path, default=Path('out/blender-check'))
    ap.add_argument('--render', action='store_true', help='render the busiest frame with Cycles (CPU) to OUT/blender.png')
    ap.add_argument('--fbx', action='store_true', help="let Blender's exporter write OUT/skinned.fbx from the imported glb")
    ap.add_argument('--flipbook', action='store_true', help='also write the full flipbook glb, for its size')
    ap.add_argument('--samples', type=int, default=8)
    a = ap.parse_args(argv)
    res, body = load_result(a.result), BodyModel()
    print(f'{a.result}: {res} (body {body.name}{", the stand-in: not SMPL" if body.is_standin else ""})')
    glb = export_skinned_glb(res, a.out/'skinned.glb', body)
    bvhs = dict(zip(res.ids, export_bvh(res, a.out/'skinned.bvh', body)))
    print(f'skinned glb: {glb} {glb.stat().st_size / 1e6:.2f} MB; BVH: {sum(p.stat().st_size for p in bvhs.values()) / 1e6:.2f} MB '
          f'in {len(bvhs)} files')
    if a.flipbook:
        flip = export_glb(res, a.out/'flipbook.flipbook.glb', body)
        print(f'flipbook glb (full meshes, every frame): {flip.stat().st_size / 1e6:.1f} MB')
    report = validate_gltf(glb)
    print(report)
    for m in report.messages[:20]: print('  ', m)
    t = time.perf_counter()
    check = blender_check(res, glb, bvhs, a.out, png=a.render, fbx=a.fbx, samples=a.samples, body=body)
    print(f'Blender {check.blender} ({time.perf_counter() - t:.0f} s):')
    for g in check.agreements:
        print(f'  {g}')
        print(f'     frames {g.frames.tolist()}: max cm {g.max_cm.round(5).tolist()}, mean cm {g.mean_cm.round(5).tolist()}'
              + (f'; scale at untracked frames {g.hidden_scale}' if g.hidden_scale else ''))
    if check.png: print(f'render: {check.png}')
    if check.fbx: print(f'FBX written by Blender: {check.fbx} ({check.fbx.stat().st_size / 1e6:.1f} MB)')
    bad = report.errors or report.warnings or any(g.max_cm.max() > 1 or g.bones != 24 for g in check.agreements)
    print('FAILED' if bad else 'ok: no validator errors or warnings; every bone within 1 cm of presstrack\'s joints')
    return 1 if bad else 0

if __name__ == '__main__': sys.exit(main())
