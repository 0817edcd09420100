"""Layout fixes for the book's site: navigation, narrow screens, footer, unique ids.

- **Both sidebar toggles work.** pydata-sphinx-theme 0.17 opens the chapter list
  (primary sidebar) and the page contents (secondary sidebar) from a click handler
  that it binds to ``document.querySelector(".primary-toggle")`` and
  ``".secondary-toggle"``, that is to the *first* such button of the page.
  sphinx-book-theme 1.3 binds its own wide-screen handler the same way. The first
  buttons sit in pydata's top navigation bar, which sphinx-book-theme hides with
  CSS; the visible buttons are the second ones, in the article header, and have no
  handler. That bar is rendered because pydata 0.17 fills ``navbar_persistent``
  with a search field when the option is not set (sphinx-book-theme's
  ``theme.conf`` empties it, but pydata only looks at options the user set), so
  the bar held nothing but a second search box, 64 px high on wide screens.
  Setting ``navbar_persistent`` to an empty list removes the bar and its hidden
  buttons: the visible toggles become the first ones and both themes' handlers
  bind to them. Search stays in the sidebar and in the article header.
- **Narrow screens and legibility** (``static/site.css``): display math and code
  scroll sideways with a visible cue, output lines wrap, API signatures wrap, the
  general index is one column on phones, captions are set at normal weight in the
  body colour. ``static/site.js`` strips raw LaTeX from search snippets.
- **The package version in the footer**, read from the installed ``nmmtools``
  at build time, so a course can cite the edition it used.
- **Unnumbered figures.** Sphinx numbers every figure that has a caption (its
  ``AutoNumbering`` transform gives the unnamed ones an id, and every figure
  with an id is numbered), so the gallery's thumbnails took the numbers after
  the last chapter's. The number of a figure with the class ``unnumbered``
  (``:figclass:``) is dropped before its page is written.
- **Unique ids.** sphinx-exercise gives the body of every exercise the id
  ``exercise-content`` and of every solution ``solution-content``, so a chapter
  with three exercises repeats each id. The body takes its exercise's or
  solution's own (unique) id with ``-content`` appended instead.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

STATIC = Path(__file__).with_name("static")
SHARED_IDS = ("exercise-content", "solution-content")


def configure_theme(app: Sphinx, config: Config) -> None:
    """Remove the header bar (see the module docstring), add the static files and the version."""
    options = config.html_theme_options
    options.setdefault("navbar_persistent", [])
    footer = f'<p class="book-version">Built with nmmtools {version("nmmtools")}.</p>'
    options["extra_footer"] = options.get("extra_footer", "") + footer
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    # Sphinx copies static files only when it writes a page: a digest of ours among the
    # configuration values that decide whether the HTML is current makes an edit of the CSS or
    # JavaScript rewrite the pages (their links carry the files' checksums) and copy the files.
    digest = hashlib.sha256()
    for path in sorted(STATIC.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    config.site_assets_digest = digest.hexdigest()


def drop_figure_numbers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Forget the numbers of figures with the class ``unnumbered`` (the writer then prints none).

    Runs after the numbers are assigned and before the page is written, which
    reads them from the same dictionary of the environment.
    """
    numbers = app.env.toc_fignumbers.get(docname, {}).get("figure", {})
    for figure in doctree.findall(nodes.figure):
        if "unnumbered" in figure["classes"]:
            for node_id in figure["ids"]:
                numbers.pop(node_id, None)


def unique_content_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give each exercise and solution body an id derived from its parent's id."""
    taken = set(doctree.ids)
    for section in doctree.findall(nodes.section):
        shared = [i for i in section["ids"] if i in SHARED_IDS]
        if not shared:
            continue
        parent_ids = section.parent.get("ids", []) if section.parent is not None else []
        base = f"{parent_ids[0]}-content" if parent_ids else shared[0]
        new, number = base, 1
        while new in taken:
            number += 1
            new = f"{base}-{number}"
        taken.add(new)
        section["ids"] = [new if i in SHARED_IDS else i for i in section["ids"]]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the layout fixes."""
    app.add_config_value("site_assets_digest", "", "html", types=[str])
    app.connect("config-inited", configure_theme)
    app.connect("doctree-resolved", drop_figure_numbers)
    app.connect("doctree-resolved", unique_content_ids)
    app.add_css_file("site.css", priority=900)  # after the themes' styles
    app.add_js_file("site.js", priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
