"""Small Sphinx fixes for the book's HTML, found by the browser test.

- Each page must include each script once. sphinx-thebe adds its inline
  configuration (``const THEBE_JS_URL = ...``) every time ``env-before-read-docs``
  fires, which happens more than once in a Jupyter Book build; the second copy
  throws "Identifier 'THEBE_JS_URL' has already been declared" in the console.
  (The copies differ only in ``filename``: ``None`` for one, ``""`` for the other.)
- The bibliography page is re-read whenever any page changes. Otherwise an
  incremental build leaves out the entries of newly cited works and their
  citation links point to missing anchors.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def include_scripts_once(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    """Drop repeated script entries (same file, same attributes and body) from a page."""
    seen = set()
    unique = []
    for script in context.get("script_files", []):
        attributes = tuple(sorted((str(k), str(v)) for k, v in getattr(script, "attributes", {}).items()))
        key = (getattr(script, "filename", script) or "", attributes)  # None and "" both mean inline
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique  # in place: handlers after this one still add to the same list


BIBLIOGRAPHY = "book/references"


def reread_bibliography(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Mark the bibliography page outdated whenever another page is added, changed or removed."""
    return [BIBLIOGRAPHY] if (added or changed or removed) and BIBLIOGRAPHY in env.found_docs else []


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the fixes."""
    # early: emit_firstresult stops at the first handler that returns a template name
    app.connect("html-page-context", include_scripts_once, priority=100)
    app.connect("env-get-outdated", reread_bibliography)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
