"""A registry of the book's figures.

Every figure of the book is made by one function in :mod:`nmmtools.figures`,
registered here with an id, a title and the chapter it belongs to. The book's
notebooks call these functions, and so does ``python -m nmmtools.figures``:
the two can never disagree.

A figure function takes keyword arguments only (their defaults are the book's
parameters) and returns a :class:`FigureResult`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter


@dataclass(frozen=True)
class FigureResult:
    """A figure with the numbers it shows.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure (made without pyplot, so nothing is shown twice in notebooks).
    numbers : dict
        Key numbers the figure shows (e.g. a measured drift), for the book's
        prose and the figure manifest.
    parameters : dict
        The parameters the figure was made with.
    bounds : dict
        For numbers that sit at the level of an integrator's error or of rounding
        (a drift of ``1e-10``), whose digits differ between machines: the bound the
        method guarantees, e.g. ``{"max_relative_drift": 1e-8}``. Such a number is
        checked against its bound, never compared digit by digit. Keys are names of
        ``numbers``; a value is a bound, or a dict of bounds for a dict of numbers.
    """

    figure: Figure
    numbers: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    bounds: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.bounds) - set(self.numbers)
        if unknown:
            raise ValueError(f"bounds must name numbers of the figure, got unknown {sorted(unknown)}")


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: its id, title, chapter and the function that makes it.

    ``timed`` figures draw CPU times of the machine that makes them: their pixels and
    numbers are not compared with a baseline (only their bounds are checked).
    """

    id: str
    title: str
    chapter: str
    make: Callable[..., FigureResult]
    timed: bool = False


FIGURES: dict[str, FigureSpec] = {}
"""All registered figures by id, in the order they were registered."""

TABLE_OF_CONTENTS = Path(__file__).resolve().parents[2] / "_toc.yml"
"""The book's table of contents, where the package is used from the book's repository."""


def chapter_order(toc: Path = TABLE_OF_CONTENTS) -> list[str]:
    """Chapter stems in reading order, read from the book's ``_toc.yml`` (empty where there is none).

    The table of contents is the only place the order is written; an installed
    package without the book lists figures in registration order.
    """
    if not toc.is_file():
        return []
    return re.findall(r"^\s*(?:root|- file):\s*book/([\w-]+)\s*$", toc.read_text(), flags=re.MULTILINE)


def in_book_order(specs: list[FigureSpec]) -> list[FigureSpec]:
    """``specs`` sorted by chapter in reading order, registration order within a chapter."""
    order = chapter_order()
    return sorted(specs, key=lambda spec: order.index(spec.chapter) if spec.chapter in order else len(order))


PHONE_WIDTH = 340
"""CSS pixels a figure is shown at on a phone (a 390 px screen less the page's margins)."""
SMALLEST_TEXT = 8.0
"""No text of a figure may be smaller than this many CSS pixels on a phone."""
WIDTH = 5.6
"""Width of the book's figures, in inches: text of 9.5 pt and more stays legible on a phone."""

STYLE: dict[str, Any] = {
    "font.size": 10.0,
    "axes.titlesize": 10.0,
    "axes.labelsize": 10.0,
    "xtick.labelsize": 10.0,
    "ytick.labelsize": 10.0,
    "legend.fontsize": 9.5,
    "legend.title_fontsize": 9.5,
    "figure.titlesize": 11.0,
    "legend.framealpha": 0.9,
    "lines.linewidth": 1.5,
    "savefig.dpi": 150,
}
"""The one style of the book's figures (matplotlib rc parameters), applied by :func:`register`."""


def smallest_font(width: float) -> float:
    """The smallest font size, in points, legible on a phone in a figure ``width`` inches wide."""
    return SMALLEST_TEXT * 72.0 * width / PHONE_WIDTH


def apply_style(figure: Figure) -> Figure:
    """Make a finished figure follow the book's style where rc parameters cannot reach.

    Tick labels keep the style's size when they are created later (at drawing time,
    perhaps outside the style's context); logarithmic axes label their decades only
    (minor labels such as ``3x10^1`` next to ``10^2`` overlap on a phone).
    """
    for axes in [*figure.axes, *(child for panel in figure.axes for child in panel.child_axes)]:
        axes.tick_params(labelsize=STYLE["xtick.labelsize"])
        for axis, limits in ((axes.xaxis, axes.get_xlim()), (axes.yaxis, axes.get_ylim())):
            if axis.get_scale() != "log":
                continue
            axis.set_minor_formatter(NullFormatter())
            low, high = sorted(limits)
            decades = np.floor(np.log10(high)) - np.ceil(np.log10(low)) + 1 if low > 0 else np.inf
            if decades <= 1:
                # at most one power of ten in view: label 1, 2 and 5 of each decade instead
                axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
                axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    return figure


def register(
    figure_id: str, *, title: str, chapter: str, timed: bool = False
) -> Callable[[Callable[..., FigureResult]], Callable[..., FigureResult]]:
    """Register a figure function under ``figure_id``; it is drawn in the book's ``STYLE``.

    Raises
    ------
    ValueError
        If the id is already taken.
    """

    def decorate(make: Callable[..., FigureResult]) -> Callable[..., FigureResult]:
        if figure_id in FIGURES:
            raise ValueError(f"figure id {figure_id!r} is already registered")

        @functools.wraps(make)
        def styled(**kwargs: Any) -> FigureResult:
            with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]  # keys are rc names
                result = make(**kwargs)
            apply_style(result.figure)
            return result

        FIGURES[figure_id] = FigureSpec(id=figure_id, title=title, chapter=chapter, make=styled, timed=timed)
        return styled

    return decorate


def legend_below(figure: Figure, axes: Any = None, *, ncols: int = 2) -> None:
    """A legend of the labelled artists of ``axes`` (all panels by default), below the panels: off the data.

    Entries with the same label appear once.
    """
    panels = figure.axes if axes is None else list(np.atleast_1d(axes))
    entries: dict[str, Any] = {}
    for panel in panels:
        for handle, label in zip(*panel.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    if entries:
        figure.legend(list(entries.values()), list(entries), loc="outside lower center", ncols=ncols)


def new_figure(width: float = WIDTH, height: float = 4.0, **subplot_kw: Any) -> Figure:
    """A figure of the book: constrained layout, independent of pyplot's state, ``WIDTH`` wide by default."""
    return Figure(figsize=(width, height), layout="constrained", **subplot_kw)
