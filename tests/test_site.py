"""The built site's numbering, citations, ids, footer and downloads, read from its HTML.

The tests of the built site run after ``make book`` (``make test`` builds it first)
and are skipped when ``_build/html`` is missing; the MyST conversion and the
bibliography style are tested without a build. What a browser has to show (menus,
widths, search) is in ``test_browser.py``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from html import unescape
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "_ext"))

import author_year  # noqa: E402
import downloads  # noqa: E402

built = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="the book is not built: run `make book`"
)


def chapters() -> list[str]:
    """The numbered chapters, in the order of ``_toc.yml``."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    numbered = [part for part in toc["parts"] if part.get("numbered")]
    return [chapter["file"] for part in numbered for chapter in part["chapters"]]


def html(page: str) -> str:
    return (SITE / f"{page}.html").read_text(encoding="utf-8")


def text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", fragment)).split())


# --- numbering --------------------------------------------------------------------------------------


@built
@pytest.mark.parametrize("number, page", list(enumerate(chapters(), start=1)))
def test_figures_equations_and_exercises_are_numbered_per_chapter(number, page):
    """Chapter 3 numbers its figures 3.1, 3.2, ... (and so on for exercises and equations), from 1."""
    source = html(page)
    for kind, pattern in [
        ("figure", r'<span class="caption-number">Fig\. ([\d.]+) </span>'),
        ("exercise", r'<span class="caption-number">Exercise ([\d.]+) </span>'),
        ("equation", r'<span class="eqno">\(([\d.]+)\)'),
    ]:
        found = re.findall(pattern, source)
        if kind != "equation":
            assert found, f"{page} has no numbered {kind}s (the test would be vacuous)"
        expected = [f"{number}.{k}" for k in range(1, len(found) + 1)]
        assert found == expected, f"{page}: {kind} numbers {found}, expected {expected}"


@built
def test_the_chapter_titles_carry_their_numbers():
    for number, page in enumerate(chapters(), start=1):
        heading = re.search(r'<h1><span class="section-number">([\d.]+) </span>', html(page))
        assert heading and heading.group(1) == f"{number}.", page


@built
def test_the_gallery_figures_are_unnumbered():
    """The gallery repeats the chapters' figures: it must not number them again."""
    source = html("book/gallery")
    assert source.count("<figure") >= 20
    assert "caption-number" not in source


# --- citations --------------------------------------------------------------------------------------


@built
def test_bibliography_labels_read_like_the_citations_that_link_to_them():
    """Every author-year citation in the text links to an entry labelled with the same text."""
    references = html("book/references")
    labels = {
        anchor: text(label)
        for anchor, label in re.findall(
            r'<div class="citation" id="([^"]+)"[^>]*>\s*<span class="label">(.*?)</span></span>',
            references,
            re.S,
        )
    }
    assert len(labels) >= 10
    assert all(re.fullmatch(r"\[.+, \d{4}[a-z]?\]", label) for label in labels.values()), labels
    checked = 0
    for page in [*chapters(), "book/intro"]:
        for anchor, cited in re.findall(
            r'<a class="reference internal" href="references\.html#([^"]+)"[^>]*>(.*?)</a>', html(page)
        ):
            cited = text(cited)
            if anchor not in labels or not re.search(r"\d{4}", cited):
                continue
            label = labels[anchor].strip("[]")
            # parenthetical: "Ott and Antonsen, 2008" is the label;
            # textual: "Montbrió et al. [2015]" links the year only
            assert cited == label or label.endswith(f", {cited}"), (page, cited, label)
            checked += 1
    assert checked >= 10


@built
def test_editions_are_ordinals():
    references = text(html("book/references"))
    assert "3 edition" not in references and "2 edition" not in references
    assert "3rd edition" in references


def test_ordinals():
    assert [author_year.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th",
    ]  # fmt: skip


def test_author_year_labels_get_letters_when_they_would_agree():
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    bibliography = parse_string(
        """
        @article{a, author = {Smith, Jane and Doe, John}, title = {One}, journal = {J}, year = {2001}}
        @article{b, author = {Smith, Jane and Doe, John}, title = {Two}, journal = {J}, year = {2001}}
        @article{c, author = {Smith, Jane and Doe, John and Roe, Richard}, title = {Three}, journal = {J},
                    year = {2003}}
        @book{d, author = {Smith, Jane}, title = {Four}, publisher = {P}, year = {1999}, edition = {2}}
        """,
        "bibtex",
    )
    style = find_plugin("pybtex.style.formatting", author_year.NAME)()
    entries = list(style.format_entries(bibliography.entries.values()))
    assert [e.label for e in entries] == [
        "Smith, 1999",
        "Smith and Doe, 2001a",
        "Smith and Doe, 2001b",
        "Smith et al., 2003",
    ]
    assert "2nd edition" in entries[0].text.render_as("text")


# --- ids, footer ------------------------------------------------------------------------------------


def site_pages() -> list[str]:
    if not SITE.exists():
        return []
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if not p.relative_to(SITE).parts[0].startswith("_")
    )


@built
@pytest.mark.parametrize("page", site_pages())
def test_ids_are_unique(page):
    ids = re.findall(r'\sid="([^"]*)"', (SITE / page).read_text(encoding="utf-8"))
    repeated = [i for i, count in Counter(ids).items() if count > 1]
    assert not repeated, f"{page} repeats the ids {repeated}"


@built
def test_the_footer_shows_the_installed_package_version():
    assert f"Built with nmmtools {version('nmmtools')}." in text(html("book/hamiltonian"))


# --- downloads --------------------------------------------------------------------------------------

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_myst_markdown_holds_every_cell_of_the_notebook(notebook):
    """MyST-NB's own reader finds in the .md the notebook's cells: type, source, metadata, kernel."""
    from myst_nb.core.read import read_myst_markdown_notebook

    original = json.loads(notebook.read_text(encoding="utf-8"))
    markdown = downloads.myst_markdown(original)
    back = read_myst_markdown_notebook(markdown)
    assert back.metadata["kernelspec"] == original["metadata"]["kernelspec"]
    assert back.metadata["jupytext"]["text_representation"]["format_name"] == "myst"
    assert [c.cell_type for c in back.cells] == [c["cell_type"] for c in original["cells"]]
    for cell, source in zip(back.cells, original["cells"], strict=True):
        assert cell.source == "".join(source["source"]).strip("\n")
        assert dict(cell.metadata) == source.get("metadata", {})
    assert "outputs" not in markdown


def test_myst_markdown_fences_code_that_contains_backticks():
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = {
        "metadata": {},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Title"},
            {"cell_type": "markdown", "metadata": {"tags": ["x"]}, "source": "Second cell"},
            {"cell_type": "code", "metadata": {}, "source": 'print("```")\n', "outputs": []},
            {"cell_type": "raw", "metadata": {}, "source": "raw text"},
        ],
    }
    back = read_myst_markdown_notebook(downloads.myst_markdown(notebook))
    assert [(c.cell_type, c.source, dict(c.metadata)) for c in back.cells] == [
        ("markdown", "# Title", {}),
        ("markdown", "Second cell", {"tags": ["x"]}),
        ("code", 'print("```")', {}),
        ("raw", "raw text", {}),
    ]


@built
@pytest.mark.parametrize("page", chapters())
def test_each_chapter_offers_its_notebook_and_its_markdown(page):
    """The download menu links the .ipynb and the .md of the chapter, and both files are in the site."""
    source = html(page)
    for suffix, button in ((".ipynb", "download-source-button"), (".md", "download-myst-button")):
        link = re.search(rf'<a href="([^"]+)"[^>]*class="[^"]*btn-{button}\b', source)
        assert link, f"{page}: no {suffix} download"
        assert link.group(1).endswith(f"/_sources/{page}{suffix}"), link.group(1)
        target = (SITE / Path(page).parent / link.group(1)).resolve()
        assert target.is_file() and target.stat().st_size > 1000, target


@built
def test_the_pdf_entry_downloads_the_book_when_it_was_built():
    """With ``make pdf`` run, the .pdf entry links the book's PDF in the site; without, it prints the page."""
    source = html("book/hamiltonian")
    entry = re.search(r"<(a|button)[^>]*btn-download-pdf-button[^>]*>", source, re.S).group(0)
    if (SITE / downloads.PDF).exists():
        assert f'href="../{downloads.PDF}"' in entry
    else:
        assert "window.print()" in entry
