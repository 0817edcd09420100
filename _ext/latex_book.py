"""The PDF (``make pdf``) numbers exercises per chapter, like the site.

For a book with parts, sphinx-jupyterbook-latex raises ``numfig_secnum_depth``
to 2 for the LaTeX builder, so that LaTeX, whose top level is then the part,
still numbers figures and equations per chapter (Fig. 3.2). Sphinx's own
numbers, which sphinx-exercise prints in each exercise's title, then carry the
section too: "Exercise 1.7.1" in the PDF where the site says "Exercise 1.1".
After Sphinx has numbered everything, the LaTeX build renumbers the exercises
(and their solutions' references, which read the same numbers) chapter by
chapter, in the order Sphinx found them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sphinx.application import Sphinx


def exercises_per_chapter(app: Sphinx, env) -> list[str]:
    """Replace (chapter, section, n) exercise numbers by (chapter, k), k counting from 1 per chapter."""
    if app.builder.name != "latex":
        return []
    for numbers in env.toc_fignumbers.values():
        exercises = numbers.get("exercise", {})
        by_chapter = defaultdict(list)
        for node_id, number in exercises.items():
            if len(number) > 2:
                by_chapter[number[0]].append((number, node_id))
        for chapter, found in by_chapter.items():
            for k, (_, node_id) in enumerate(sorted(found), start=1):
                exercises[node_id] = (chapter, k)
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the renumbering (after Sphinx's TocTreeCollector, priority 500, has numbered all)."""
    app.connect("env-get-updated", exercises_per_chapter, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
