"""Shared settings of the test suite."""

import pytest
from hypothesis import settings

from nmmtools.figures.export import make

# Bounded, derandomised property tests: the suite stays fast and reproducible.
settings.register_profile("nmm", max_examples=40, deadline=None, derandomize=True, print_blob=True)
# A longer, random search for maintainers: pytest --hypothesis-profile=thorough
settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile("nmm")


@pytest.fixture(scope="session")
def made_figures():
    """Every registered figure, made once per test session: ``{id: (FigureResult, seconds)}``."""
    return make()
