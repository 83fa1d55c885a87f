# narrating_nb: `make demo` runs the main job, `make test` runs every test. Both install first when needed.
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE = 1
export TRANSFORMERS_OFFLINE = 1
export MPLBACKEND = Agg

.PHONY: install demo test test-nbs test-py test-slow sync-check export docs clean-docs

$(STAMP): scripts/install.sh requirements/constraints.txt settings.ini setup.py
	VENV=$(VENV) bash scripts/install.sh
	touch $@

install: $(STAMP)

## The demo: the shipped model says the built-in sample text with the sample face and voice → outputs/demo.mp4 + outputs/demo.png.
demo: $(STAMP)
	$(BIN)/narrate --demo --out outputs/demo.mp4 --figure outputs/demo.png

## Every test: package/notebook sync, nbdev_test over all notebooks (slow/cuda cells skipped), pytest over tests/.
test: $(STAMP)
	$(BIN)/python scripts/sync_check.py
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/nbdev_test --n_workers 2 --timing   # one thread per worker: 2 workers on 2 cores
	$(BIN)/python -m pytest tests -q -p no:cacheprovider

test-slow: $(STAMP)
	$(BIN)/nbdev_test --n_workers 2 --flags "slow"

## Regenerate the package and clean notebooks after editing nbs/ (commit both).
export: $(STAMP)
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean && $(BIN)/python scripts/build_docs.py --readme

docs: $(STAMP)
	$(BIN)/python scripts/build_docs.py

clean-docs:
	rm -rf _proc _docs site
