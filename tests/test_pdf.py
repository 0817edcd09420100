"""The book as a PDF through LaTeX (``make pdf``): every chapter, its figures, the bibliography.

Runs when xelatex and latexmk are installed (Debian: texlive-xetex, texlive-latex-extra,
latexmk) and is skipped otherwise, so ``make test`` needs no TeX. When the PDF is
missing or older than any source of the book, the test builds it first, as ``make pdf``
does (about two minutes once the notebooks are in the execution cache). The PDF's text
is read with ``pdftotext`` and its images are listed with ``pdfimages`` (poppler-utils).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
LATEX = ROOT / "_build" / "latex"
sys.path.insert(0, str(ROOT / "_ext"))

import author_year  # noqa: E402
import downloads  # noqa: E402

PDF = LATEX / downloads.PDF
TOOLS = ("xelatex", "latexmk", "pdftotext", "pdfimages")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not all(map(shutil.which, TOOLS)), reason=f"needs {', '.join(TOOLS)} (TeX and poppler-utils)"
    ),
]


def toc() -> tuple[list[str], list[str]]:
    """All pages of the book in order, and the numbered chapters among them (as book/<name>)."""
    spec = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [spec["root"]] + [c["file"] for part in spec["parts"] for c in part["chapters"]]
    numbered = [c["file"] for part in spec["parts"] if part.get("numbered") for c in part["chapters"]]
    return pages, numbered


def source(page: str) -> Path:
    return next(ROOT.glob(f"{page}.*"))


def title(page: str) -> str:
    """The first-level heading of a page (a notebook's first markdown cell, or a .md file)."""
    path = source(page)
    if path.suffix == ".ipynb":
        text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
    else:
        text = path.read_text()
    return re.search(r"^# (.+)$", text, re.M).group(1).strip()


def figure_count(page: str) -> int:
    """Figures with a caption in a notebook: cells with ``mystnb: figure`` metadata, and figure directives."""
    cells = json.loads(source(page).read_text())["cells"]
    from_cells = sum("figure" in c.get("metadata", {}).get("mystnb", {}) for c in cells)
    directives = sum("".join(c["source"]).count("```{figure}") for c in cells if c["cell_type"] == "markdown")
    return from_cells + directives


def cited_keys() -> set[str]:
    keys = set()
    for path in (ROOT / "book").glob("*.*"):
        for group in re.findall(r"\{cite:[a-z]+\}`([^`]+)`", path.read_text(encoding="utf-8")):
            keys.update(k.strip() for k in group.split(","))
    return keys


def newest_source() -> float:
    paths = [*ROOT.glob("book/*"), *ROOT.glob("_ext/**/*"), *ROOT.glob("nmmtools/**/*.py")]
    paths += [ROOT / name for name in ("_config.yml", "_toc.yml", "references.bib")]
    return max(p.stat().st_mtime for p in paths if p.is_file() and "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def pdf_text() -> str:
    """The PDF's text, after building the PDF if it is missing or out of date."""
    if not PDF.exists() or PDF.stat().st_mtime < newest_source():
        shutil.rmtree(LATEX, ignore_errors=True)
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        subprocess.run(
            [str(jupyter_book), "build", str(ROOT), "--builder", "pdflatex", "-W", "-n", "--keep-going"],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
    text = subprocess.run(["pdftotext", str(PDF), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split())


def test_every_page_of_the_book_is_in_the_pdf_in_order(pdf_text):
    """The table of contents lists every page's title in the order of ``_toc.yml``; chapters are numbered."""
    pages, numbered = toc()
    contents = pdf_text[: pdf_text.index("Python Module Index")]
    positions = [contents.find(title(page)) for page in pages]
    assert all(p >= 0 for p in positions), [
        title(page) for page, p in zip(pages, positions, strict=True) if p < 0
    ]
    assert positions == sorted(positions)
    for number, page in enumerate(numbered, start=1):
        assert f"{number} {title(page)}" in contents, title(page)
        assert pdf_text.count(title(page)) >= 2, f"{title(page)}: in the contents but not as a chapter"


@pytest.mark.parametrize("page", toc()[1])
def test_each_chapter_has_its_figures_numbered_like_the_site(pdf_text, page):
    """Chapter c has the captions "Fig. c.1:" ... "Fig. c.n:" for its n figures, and no more."""
    number = toc()[1].index(page) + 1
    count = figure_count(page)
    assert count >= 3
    for k in range(1, count + 1):
        assert f"Fig. {number}.{k}:" in pdf_text, f"{page}: no Fig. {number}.{k}"
    assert f"Fig. {number}.{count + 1}:" not in pdf_text


def test_the_pdf_holds_the_images_of_all_figures(pdf_text):
    """Every figure of the chapters and every gallery thumbnail is an image in the PDF."""
    pages, _ = toc()
    figures = sum(figure_count(page) for page in pages if source(page).suffix == ".ipynb")
    gallery = (ROOT / "book" / "gallery.md").read_text().count("```{figure}")
    listing = subprocess.run(["pdfimages", "-list", str(PDF)], check=True, capture_output=True, text=True)
    images = len(listing.stdout.splitlines()) - 2  # two header lines
    assert figures >= 25 and gallery >= 20
    assert images >= figures + gallery, f"{images} images for {figures} figures and {gallery} thumbnails"


def test_the_pdf_has_the_bibliography_with_author_year_labels(pdf_text):
    """Every cited work has an entry labelled as in the text: "[Montbrió et al., 2015] Ernest ..."."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    keys = cited_keys()
    assert len(keys) >= 10
    bibliography = parse_file(ROOT / "references.bib")
    style = find_plugin("pybtex.style.formatting", author_year.NAME)()
    cited = [bibliography.entries[key] for key in sorted(keys)]
    for entry in style.format_entries(cited):
        first_author = bibliography.entries[entry.key].persons["author"][0]
        surname = " ".join(name.render_as("text") for name in first_author.rich_last_names)
        assert f"[{entry.label}] " in pdf_text, entry.label
        # the entry is the label's last occurrence (the citations in the text come before it)
        assert surname in pdf_text.rsplit(f"[{entry.label}] ", 1)[1][:80], (entry.label, surname)
    assert "3rd edition" in pdf_text and "3 edition" not in pdf_text
