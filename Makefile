# The two commands of the README: `make book` and `make test`.
# Both create .venv and install the locked versions (constraints.txt) on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: book test check test-portable format notebooks api figures baselines bench lock clean

$(STAMP): pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[book,test]"
	touch $(STAMP)

## Build the book into _build/html, executing every notebook (warnings are errors): the notebooks
## run in parallel into the build's cache first, then Jupyter Book reads them from it.
book: $(STAMP)
	$(BIN)/python scripts/execute_parallel.py book/*.ipynb
	$(BIN)/jupyter-book build . -W -n --keep-going

## Build the book, lint and type-check, then run the unit/property tests, the doctests,
## nbval on every notebook and the browser test on the built site (when Chromium is installed).
test: book
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

## The quick tier for development: lint, type check, the unit, property, bad-input tests and
## doctests, without building the book, nbval, the figure comparison or the browser test.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -o addopts="--doctest-modules -p no:cacheprovider" -m "not slow" tests nmmtools

## The whole of `make test` on another floating-point path: numpy without its
## dispatched SIMD kernels (AVX2/FMA3, AVX-512: whichever this CPU has), OpenBLAS with
## its Sandy Bridge kernels on one thread, and a clean rebuild so every notebook runs
## on that path. It passes where `make test` passes: no test compares round-off.
test-portable: $(STAMP)
	$(MAKE) clean
	NPY_DISABLE_CPU_FEATURES="$$($(BIN)/python scripts/simd_features.py)" \
	OPENBLAS_CORETYPE=Sandybridge OPENBLAS_NUM_THREADS=1 $(MAKE) test

## Reformat the code and apply safe lint fixes.
format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Give every chapter its install cell, then re-execute the notebooks in place:
## refreshes the outputs nbval compares against.
notebooks: $(STAMP)
	$(BIN)/python scripts/install_cell.py book/*.ipynb
	$(BIN)/python scripts/execute_notebooks.py book/*.ipynb

## Regenerate every figure (PNG and PDF) and figures/manifest.json.
figures: $(STAMP)
	$(BIN)/python -m nmmtools.figures --outdir figures

## Regenerate the API page from nmmtools.__all__.
api: $(STAMP)
	$(BIN)/python scripts/api_page.py book/api.md

## Refresh the figure baselines and the gallery on purpose, after a deliberate change.
baselines: $(STAMP)
	$(BIN)/python -m nmmtools.figures --outdir tests/baseline --formats png --dpi 60
	$(BIN)/python -m nmmtools.figures --gallery book/gallery.md

.PHONY: pdf

## Build the whole book as a PDF through LaTeX, _build/latex/nmm-energy.pdf (needs xelatex
## and latexmk: on Debian texlive-xetex, texlive-latex-extra and latexmk), then the site,
## whose download menus then offer that PDF. About 2.5 minutes once `make book` has run.
pdf: $(STAMP)
	rm -rf _build/latex
	$(BIN)/jupyter-book build . --builder pdflatex -W -n --keep-going
	$(MAKE) book

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[book,test,bench]"
	touch $(BENCH_STAMP)

## Run the benchmarks (installs the optional peer packages, The Virtual Brain and PyRates) and write benchmarks/results/.
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks

## Re-resolve the newest versions that pyproject.toml allows in a scratch environment
## and write them to constraints.txt (then rerun `make notebooks baselines test`).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e ".[book,test]"
	sed -n '/^#/p' constraints.txt > constraints.new
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v -i '^nmmtools' >> constraints.new
	mv constraints.new constraints.txt && rm -rf .lock-venv

clean:
	rm -rf _build .jupyter_cache
