"""Every figure is compared with its committed baseline: pixels and key numbers.

Refresh the baselines on purpose with ``make baselines`` after a deliberate change.
"""

import json
import math
from pathlib import Path

import pytest
from matplotlib.testing.compare import compare_images

from nmmtools.figures import FIGURES, phase_portrait, potential_well
from nmmtools.figures.export import export
from nmmtools.figures.gallery import gallery_markdown

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "tests" / "baseline"
DPI = 60
IMAGE_TOLERANCE = 3.0
"""RMS difference allowed, on the 0-255 grey scale. With matplotlib pinned and its
bundled DejaVu fonts, the same figure differs between machines only by anti-aliasing
of a few edge pixels (RMS well below 1); moving a parameter by a few percent moves
curves by many pixels (RMS > 5, see the perturbation tests)."""
RELATIVE, ABSOLUTE = 1e-6, 1e-9
"""Key numbers must agree to 1e-6 relative: they come from integrations at rtol <= 1e-9,
so platform rounding stays far below that; the absolute floor covers numbers that are
themselves at the level of rounding error (energy drifts of 1e-13)."""


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    return folder, export(outdir=folder, formats=("png",), dpi=DPI)


def baseline_manifest():
    return json.loads((BASELINE / "manifest.json").read_text())


def mismatches(expected, actual, where=""):
    """Paths at which two JSON-like values differ beyond the tolerances."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        if expected.keys() != actual.keys():
            return [f"{where}: keys {sorted(expected)} != {sorted(actual)}"]
        return [m for key in expected for m in mismatches(expected[key], actual[key], f"{where}.{key}")]
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: length {len(expected)} != {len(actual)}"]
        return [
            m
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for m in mismatches(e, a, f"{where}[{i}]")
        ]
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        close = math.isclose(expected, actual, rel_tol=RELATIVE, abs_tol=ABSOLUTE)
        return [] if close else [f"{where}: {expected} != {actual}"]
    return [] if expected == actual else [f"{where}: {expected!r} != {actual!r}"]


def test_every_figure_has_a_baseline_and_no_baseline_is_stale():
    baselines = {path.stem for path in BASELINE.glob("*.png")}
    assert baselines == set(FIGURES), "run `make baselines` after adding or removing a figure"
    assert set(baseline_manifest()["figures"]) == set(FIGURES)


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_figure_matches_its_baseline_image(fresh, figure_id):
    folder, _ = fresh
    difference = compare_images(
        str(BASELINE / f"{figure_id}.png"), str(folder / f"{figure_id}.png"), IMAGE_TOLERANCE
    )
    assert difference is None, difference


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_figure_numbers_and_parameters_match_the_baseline(fresh, figure_id):
    _, manifest = fresh
    expected = baseline_manifest()["figures"][figure_id]
    actual = manifest["figures"][figure_id]
    for key in ("title", "chapter", "parameters", "numbers"):
        assert not mismatches(expected[key], actual[key], key), mismatches(expected[key], actual[key], key)


def test_a_perturbed_figure_fails_the_image_comparison(tmp_path):
    """The guard must be able to fail: eta moved by 4% changes the picture beyond tolerance."""
    perturbed = tmp_path / "perturbed.png"
    phase_portrait(eta=-4.8).figure.savefig(perturbed, dpi=DPI)
    difference = compare_images(
        str(BASELINE / "hamiltonian-phase-portrait.png"), str(perturbed), IMAGE_TOLERANCE
    )
    assert difference is not None and "did not match" in difference


def test_perturbed_numbers_fail_the_number_comparison():
    expected = baseline_manifest()["figures"]["hamiltonian-potential"]["numbers"]
    assert mismatches(expected, potential_well(eta=-4.8).numbers)
    assert not mismatches(expected, potential_well().numbers)


def test_the_gallery_page_is_up_to_date():
    assert (ROOT / "book" / "gallery.md").read_text() == gallery_markdown(), "run `make baselines`"
