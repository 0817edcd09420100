"""A registry of the book's figures.

Every figure of the book is made by one function in :mod:`nmmtools.figures`,
registered here with an id, a title and the chapter it belongs to. The book's
notebooks call these functions, and so does ``python -m nmmtools.figures``:
the two can never disagree.

A figure function takes keyword arguments only (their defaults are the book's
parameters) and returns a :class:`FigureResult`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from matplotlib.figure import Figure


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
    """

    figure: Figure
    numbers: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: its id, title, chapter and the function that makes it."""

    id: str
    title: str
    chapter: str
    make: Callable[..., FigureResult]


FIGURES: dict[str, FigureSpec] = {}
"""All registered figures by id, in the order they were registered."""

CHAPTERS = (
    "intro",
    "hamiltonian",
    "heterogeneity",
    "ellipses",
    "geometry",
    "bursting",
    "landscapes",
    "network",
)
"""Chapter stems in reading order: figures are listed and made in this order."""


def in_book_order(specs: list[FigureSpec]) -> list[FigureSpec]:
    """``specs`` sorted by chapter in reading order, registration order within a chapter."""
    return sorted(
        specs, key=lambda spec: CHAPTERS.index(spec.chapter) if spec.chapter in CHAPTERS else len(CHAPTERS)
    )


def register(
    figure_id: str, *, title: str, chapter: str
) -> Callable[[Callable[..., FigureResult]], Callable[..., FigureResult]]:
    """Register a figure function under ``figure_id``.

    Raises
    ------
    ValueError
        If the id is already taken.
    """

    def decorate(make: Callable[..., FigureResult]) -> Callable[..., FigureResult]:
        if figure_id in FIGURES:
            raise ValueError(f"figure id {figure_id!r} is already registered")
        FIGURES[figure_id] = FigureSpec(id=figure_id, title=title, chapter=chapter, make=make)
        return make

    return decorate


def new_figure(width: float = 6.4, height: float = 4.0, **subplot_kw: Any) -> Figure:
    """A figure with constrained layout, independent of pyplot's state."""
    return Figure(figsize=(width, height), layout="constrained", **subplot_kw)
