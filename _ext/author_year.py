"""One citation style from the text to the bibliography: author-year.

The text cites with sphinxcontrib-bibtex's ``author_year`` reference style
("[Andrean and Pedersen, 2025]", "Montbrió *et al.* [2015]"), but the
bibliography's entries were labelled by pybtex's default ``alpha`` label style
("[AP25]", "[MontbrioPazoR15]"), so a reader could not match a citation to its
entry by eye. The formatting style ``author_year_labels`` registered here labels
each entry with the same text as its parenthetical citation, built from the same
templates as that citation (the author names in sphinxcontrib-bibtex's person
style, a comma, the year), and sorts the entries by author, year and title.
Entries that would share a label get "a", "b", ... after the year.

It also writes the edition as an ordinal: pybtex's ``unsrt`` prints the field
as it stands, so ``edition = {3}`` came out as "3 edition".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pybtex.plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field, optional, words
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.plugin import find_plugin
from sphinxcontrib.bibtex.style.template import join, year

NAME = "author_year_labels"


def ordinal(number: int) -> str:
    """``3`` -> ``"3rd"``, ``11`` -> ``"11th"``, ``22`` -> ``"22nd"``."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def edition_text(edition: Text) -> Text:
    """A numeric edition field as an ordinal; any other (``"Second"``) in lower case, as ``unsrt`` does."""
    plain = edition.render_as("text").strip()
    return Text(ordinal(int(plain))) if plain.isdigit() else edition.lower()


class AuthorYearLabels(BaseLabelStyle):
    """Labels that repeat the parenthetical author-year citation of each entry."""

    def format_labels(self, sorted_entries):
        """Yield one label per entry, in order, with a letter after the year where two would agree."""
        citation = find_plugin("sphinxcontrib.bibtex.style.referencing", "author_year")()
        template = join(sep=", ")[citation.person.author_or_editor_or_title(full=False), year]
        labels = [
            template.format_data({"entry": entry, "style": citation}).render_as("text")
            for entry in sorted_entries
        ]
        repeated = {label for label, count in Counter(labels).items() if count > 1}
        seen: Counter[str] = Counter()
        for label in labels:
            if label in repeated:
                seen[label] += 1
                label = f"{label}{chr(ord('a') + seen[label] - 1)}"
            yield label


class AuthorYearLabelStyle(UnsrtStyle):
    """``unsrt`` entries with author-year labels, sorted by author, year and title."""

    default_label_style = AuthorYearLabels
    default_sorting_style = "author_year_title"

    def format_edition(self, e):
        """'3rd edition' rather than '3 edition'."""
        return optional[words[field("edition", apply_func=edition_text), "edition"]]


pybtex.plugin.register_plugin("pybtex.style.formatting", NAME, AuthorYearLabelStyle)


def setup(app: Sphinx) -> dict[str, Any]:
    """The style is registered on import; select it with ``bibtex_default_style``."""
    return {"parallel_read_safe": True, "parallel_write_safe": True}
