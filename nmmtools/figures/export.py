"""Write the book's figures to files, with a JSON manifest of what each one shows."""

from __future__ import annotations

import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from nmmtools.figures.registry import FIGURES, FigureResult, FigureSpec, in_book_order

FORMATS = ("png", "pdf")
"""File formats :func:`export` can write."""

PACKAGES = ("nmmtools", "numpy", "scipy", "matplotlib", "sympy")
"""Packages whose versions the manifest records."""

MANIFEST = "manifest.json"
"""File name of the manifest written beside the figures."""


class FigureExportError(ValueError):
    """A figure id is unknown or the output folder cannot be written."""


def select(ids: Sequence[str] | None = None) -> list[FigureSpec]:
    """The registered figures with the given ids (all of them if ``ids`` is None), in book order.

    Raises
    ------
    FigureExportError
        If an id is not registered; the message lists the known ids.
    """
    if ids is None:
        return in_book_order(list(FIGURES.values()))
    unknown = [figure_id for figure_id in ids if figure_id not in FIGURES]
    if unknown:
        raise FigureExportError(
            f"unknown figure id(s): {', '.join(unknown)}; known ids: {', '.join(FIGURES)} (see --list)"
        )
    return [FIGURES[figure_id] for figure_id in dict.fromkeys(ids)]


def writable_folder(outdir: str | Path) -> Path:
    """Create ``outdir`` if needed and check that files can be written into it.

    Raises
    ------
    FigureExportError
        If the folder cannot be created or written.
    """
    folder = Path(outdir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as error:
        raise FigureExportError(f"cannot write figures to {folder}: {error.strerror or error}") from None
    return folder


def versions() -> dict[str, str]:
    """Versions of Python and of the packages that make the figures."""
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def jsonable(value: Any) -> Any:
    """``value`` with tuples, NumPy scalars and arrays turned into JSON types."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


def check_formats(formats: Sequence[str]) -> None:
    """Raise :class:`FigureExportError` unless ``formats`` is a non-empty subset of ``FORMATS``."""
    if not formats or any(fmt not in FORMATS for fmt in formats):
        raise FigureExportError(
            f"formats must be among {', '.join(FORMATS)}, got {', '.join(formats) or 'none'}"
        )


def make(
    ids: Sequence[str] | None = None,
    *,
    progress: Callable[[int, int, FigureSpec, float], None] | None = None,
) -> dict[str, tuple[FigureResult, float]]:
    """Make the figures: for each id, its :class:`FigureResult` and the seconds it took.

    Raises
    ------
    FigureExportError
        For an unknown id.
    """
    specs = select(ids)
    made = {}
    for done, spec in enumerate(specs, start=1):
        tic = time.perf_counter()
        result = spec.make()
        seconds = time.perf_counter() - tic
        made[spec.id] = (result, seconds)
        if progress is not None:
            progress(done, len(specs), spec, seconds)
    return made


def write(
    made: dict[str, tuple[FigureResult, float]],
    outdir: str | Path = "figures",
    *,
    formats: Sequence[str] = FORMATS,
    dpi: float = 150.0,
) -> dict[str, Any]:
    """Write made figures, with ``manifest.json``, into ``outdir``; return the manifest.

    Raises
    ------
    FigureExportError
        For an unknown format or an unwritable folder.
    """
    check_formats(formats)
    folder = writable_folder(outdir)
    entries = {}
    for figure_id, (result, seconds) in made.items():
        spec = FIGURES[figure_id]
        files = []
        for fmt in formats:
            path = folder / f"{figure_id}.{fmt}"
            result.figure.savefig(path, dpi=dpi, metadata={"CreationDate": None} if fmt == "pdf" else None)
            files.append(path.name)
        entries[figure_id] = {
            "title": spec.title,
            "chapter": spec.chapter,
            "parameters": jsonable(result.parameters),
            "numbers": jsonable(result.numbers),
            "bounds": jsonable(result.bounds),
            "files": files,
            "seconds": round(seconds, 3),
        }
    manifest = {
        "figures": entries,
        "versions": versions(),
        "dpi": dpi,
        "total_seconds": round(sum(seconds for _, seconds in made.values()), 3),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def export(
    ids: Sequence[str] | None = None,
    outdir: str | Path = "figures",
    *,
    formats: Sequence[str] = FORMATS,
    dpi: float = 150.0,
    progress: Callable[[int, int, FigureSpec, float], None] | None = None,
) -> dict[str, Any]:
    """Make the figures and write them, with ``manifest.json``, into ``outdir``.

    Parameters
    ----------
    ids : sequence of str, optional
        Figure ids to make; all registered figures by default.
    outdir : str or Path
        Output folder, created if missing.
    formats : sequence of str
        File formats, a subset of ``("png", "pdf")``.
    dpi : float
        Resolution of raster formats.
    progress : callable, optional
        Called as ``progress(done, total, spec, seconds)`` after each figure.

    Returns
    -------
    dict
        The manifest: for each figure its title, chapter, parameters, key
        numbers, bounds, files and the seconds it took; package versions; total time.

    Raises
    ------
    FigureExportError
        For an unknown id, an unknown format or an unwritable folder.
    """
    writable_folder(outdir)  # fail before the slow part
    if not formats or any(fmt not in FORMATS for fmt in formats):
        raise FigureExportError(
            f"formats must be among {', '.join(FORMATS)}, got {', '.join(formats) or 'none'}"
        )
    return write(make(ids, progress=progress), outdir, formats=formats, dpi=dpi)
