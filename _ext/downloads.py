"""Downloads from each page's menu: the chapter as ``.ipynb`` and as ``.md``, the book as PDF.

- **Chapters as MyST Markdown.** sphinx-book-theme offers a notebook page's
  source (``.ipynb``, with its outputs). Next to it this adds the same notebook
  as a MyST Markdown text notebook (``.md``: code cells, their tags and
  metadata, no outputs), which Jupyter opens as a notebook with jupytext and
  jupyter-book builds as it stands. jupytext is not installed with jupyter-book
  1, so :func:`myst_markdown` writes the format itself; the tests read its
  output back with MyST-NB's own reader and compare every cell.
- **The book as PDF.** The theme's ".pdf" entry prints the page. When ``make
  pdf`` has built the book through LaTeX, the HTML build copies that PDF to
  the site root and the entry downloads it instead. Whether the PDF exists is a
  configuration value, so every page is written again when it appears or goes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.config import Config

MYST_HEADER = {"jupytext": {"text_representation": {"extension": ".md", "format_name": "myst"}}}


class _BlockStrings(yaml.SafeDumper):
    """Writes strings that span lines (figure captions) as literal blocks."""


_BlockStrings.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text.strip() else None
    ),
)


def _yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_BlockStrings, sort_keys=False, allow_unicode=True, width=1000)


def _fence(source: str) -> str:
    """Backticks enough to enclose ``source``: one more than its longest run, at least three."""
    longest = run = 0
    for char in source:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def myst_markdown(notebook: dict) -> str:
    """A notebook (as read from its ``.ipynb`` JSON) as a MyST Markdown text notebook.

    The front matter carries the kernel and tells jupytext the format; markdown
    cells are written as they are, separated by ``+++`` (with their metadata as
    JSON, if any); code and raw cells become ``{code-cell}`` / ``{raw-cell}``
    fences with their metadata as a YAML block. Outputs are left out.
    """
    metadata = notebook.get("metadata", {})
    header = dict(MYST_HEADER)
    if "kernelspec" in metadata:
        header["kernelspec"] = metadata["kernelspec"]
    language = metadata.get("language_info", {}).get("pygments_lexer") or "ipython3"
    parts = [f"---\n{_yaml(header)}---"]
    previous = None
    for cell in notebook["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        meta = cell.get("metadata", {})
        if cell["cell_type"] == "markdown":
            if previous == "markdown" or meta:
                parts.append("+++" + (f" {json.dumps(meta)}" if meta else ""))
            parts.append(source.strip("\n"))
        else:
            directive = "{code-cell} " + language if cell["cell_type"] == "code" else "{raw-cell}"
            fence = _fence(source)
            options = f"---\n{_yaml(meta)}---\n" if meta else ""
            parts.append(f"{fence}{directive}\n{options}{source.strip(chr(10))}\n{fence}")
        previous = cell["cell_type"]
    return "\n\n".join(parts) + "\n"


PDF = "nmm-energy.pdf"
"""The book's PDF: ``latex: latex_documents: targetname`` in ``_config.yml`` is ``nmm-energy.tex``."""


def _pdf_source(app: Sphinx) -> Path:
    """The PDF that ``make pdf`` builds, in ``_build/latex`` beside the HTML output."""
    return Path(app.outdir).parent / "latex" / PDF


def note_pdf(app: Sphinx, config: Config) -> None:
    """Record whether the book's PDF exists (a change rewrites every page)."""
    config.book_pdf = PDF if _pdf_source(app).exists() else ""


def add_download_entries(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add the ``.md`` entry to a notebook page's download menu; point ``.pdf`` at the book's PDF."""
    if app.builder.format != "html":
        return
    groups = [b for b in context.get("header_buttons", []) if b.get("label") == "download-buttons"]
    if not groups:
        return
    buttons = groups[0]["buttons"]
    sources = f"{context['pathto']('_sources', 1)}"
    if context.get("page_source_suffix") == ".ipynb":
        notebook = json.loads(Path(app.env.doc2path(pagename)).read_text(encoding="utf-8"))
        markdown = Path(app.outdir, "_sources", f"{pagename}.md")
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(myst_markdown(notebook), encoding="utf-8")
        position = next(
            (i + 1 for i, b in enumerate(buttons) if b.get("label") == "download-source-button"),
            len(buttons),
        )
        buttons.insert(
            position,
            {
                "type": "link",
                "url": f"{sources}/{pagename}.md",
                "text": ".md",
                "tooltip": "Download as MyST Markdown",
                "icon": "fas fa-file-lines",
                "label": "download-myst-button",
            },
        )
    if app.config.book_pdf:
        for i, button in enumerate(buttons):
            if button.get("label") == "download-pdf-button":
                buttons[i] = {
                    "type": "link",
                    "url": context["pathto"](app.config.book_pdf, 1),
                    "text": ".pdf",
                    "tooltip": "Download the whole book as PDF",
                    "icon": "fas fa-file-pdf",
                    "label": "download-pdf-button",
                }


def copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    """Put the book's PDF at the root of the site, where the ``.pdf`` entries point."""
    if exception is None and app.builder.format == "html" and app.config.book_pdf:
        shutil.copy2(_pdf_source(app), Path(app.outdir) / app.config.book_pdf)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the download entries."""
    app.add_config_value("book_pdf", "", "html", types=[str])
    app.connect("config-inited", note_pdf)
    # after sphinx-book-theme (priority 501) has made the download menu
    app.connect("html-page-context", add_download_entries, priority=600)
    app.connect("build-finished", copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
