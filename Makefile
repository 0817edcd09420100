# The two commands of the README: `make book` and `make test`.
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: book test format notebooks figures baselines bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[book,test]"
	touch $(STAMP)

## Build the book into _build/html, executing every notebook (warnings are errors).
book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going

## Build the book, lint, then run the unit/property tests, nbval on every notebook
## and the browser test on the built site (when Chromium is installed).
test: book
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

## Reformat the code and apply safe lint fixes.
format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Re-execute the notebooks in place: refreshes the outputs nbval compares against.
notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py book/*.ipynb

## Regenerate every figure (PNG and PDF) and figures/manifest.json.
figures: $(STAMP)
	$(BIN)/python -m nmmtools.figures --outdir figures

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
	$(BIN)/python -m pip install --quiet -e ".[book,test,bench]"
	touch $(BENCH_STAMP)

## Run the benchmarks (installs the optional peer package) and write benchmarks/results/.
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf _build .jupyter_cache
