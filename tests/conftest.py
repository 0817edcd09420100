"""Shared settings of the test suite."""

import pytest
from hypothesis import settings

from nmmtools.figures.export import make, write

# Bounded, derandomised property tests: the suite stays fast and reproducible.
settings.register_profile("nmm", max_examples=40, deadline=None, derandomize=True, print_blob=True)
# A longer, random search for maintainers: pytest --hypothesis-profile=thorough
settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile("nmm")


BASELINE_DPI = 60
"""Resolution of the baseline images in ``tests/baseline`` (``make baselines``)."""


@pytest.fixture(scope="session")
def figure_session(tmp_path_factory):
    """Every registered figure, made once per test session, and written at once as the baselines are.

    Returns ``(made, folder, manifest)``: ``made`` is ``{id: (FigureResult, seconds)}``, ``folder``
    holds the PNG files at :data:`BASELINE_DPI` and ``manifest`` their manifest. The files are
    written before any test draws a figure: constrained layout starts from the panels' current
    positions, so a figure drawn once at another resolution can be laid out a pixel or two
    differently the next time, and ``make baselines`` draws each figure once.
    """
    made = make()
    folder = tmp_path_factory.mktemp("figures")
    return made, folder, write(made, folder, formats=("png",), dpi=BASELINE_DPI)


@pytest.fixture(scope="session")
def made_figures(figure_session):
    """Every registered figure, made once per test session: ``{id: (FigureResult, seconds)}``."""
    return figure_session[0]
